//! Running the binary and reading its output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retrospect"));
    cmd.env("NO_COLOR", "1");
    cmd
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

pub fn example_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-reports")
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("the binary runs");
    let run = Run {
        code: status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "the binary panicked:\n{}",
        run.stderr
    );
    run
}

/// `check --format json` on a path, returning the exit code and the parsed
/// document.
pub fn check_json(path: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let out = run(bin()
        .arg("check")
        .arg(path)
        .args(["--format", "json", "--today", "2026-01-15"])
        .args(extra));
    let json = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", out.stdout, out.stderr));
    (out.code, json)
}

/// A fresh temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("retrospect-test-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("reports")).unwrap();
        TempDir(dir)
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A complete, valid published major report, to be broken by tests.
pub const VALID_REPORT: &str = "---
title: Checkout latency after a cache eviction storm
id: INC-2025-010
date: 2025-03-14
timezone: Europe/London
severity: major
status: published
visibility: public
summary: Checkout was slow for 40 minutes while the cache refilled.
services: [checkout]
tags: [cache]
authors: [jo]
lead: sam
started: \"09:00\"
detected: \"09:05\"
mitigated: \"09:30\"
resolved: \"09:40\"
impact:
  summary: One in five checkouts took longer than ten seconds.
  users: about 3,000
  data_loss: false
timeline:
  - at: \"09:00\"
    event: Cache nodes restarted by the platform upgrade.
  - at: \"09:05\"
    event: Latency alert fired.
  - at: \"09:30\"
    event: Traffic shifted to the warm region.
recommendations:
  - Warm caches before moving traffic.
actions:
  - title: Stagger cache restarts in upgrades
    owner: sam
    due: 2026-06-30
review:
  date: 2025-03-20
  attendees: [jo, sam]
---
## What happened

The cache restarted and every request went to the database.

## Contributing factors

The upgrade restarted all nodes at once.

## Lessons learned

Restarts need a budget.
";

/// A report's front matter as JSON, read with Retrospect's own YAML reader
/// (YAML 1.2: dates and times stay strings).
pub fn front_matter_json(text: &str) -> serde_json::Value {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parts = retrospect::parse::split::split(text).expect("front matter");
    let tree = retrospect::yaml::parse(&text[parts.front_matter]).expect("YAML");
    retrospect::parse::fields::to_json(&tree)
}

/// A YAML document (a config, a CI file) as JSON.
pub fn yaml_json(text: &str) -> serde_json::Value {
    let tree = retrospect::yaml::parse(text).expect("YAML");
    retrospect::parse::fields::to_json(&tree)
}

/// A draft-07 validator for a schema, checking formats (`date`) too.
pub fn validator(schema: &serde_json::Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(schema)
        .expect("a valid draft-07 schema")
}

/// The schema's complaints about an instance, one line each.
pub fn schema_errors(
    validator: &jsonschema::Validator,
    instance: &serde_json::Value,
) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Whether golden files and help snapshots are to be rewritten: only with
/// `UPDATE_GOLDEN=1`. Any other value (`0`, `true`, empty) compares, so a
/// variable left set by mistake never turns the comparison into a rewrite.
pub fn update_golden() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1")
}

/// Compares output with a golden file; `UPDATE_GOLDEN=1` rewrites it. A
/// missing golden file is a failure, never an empty expectation.
pub fn assert_golden(path: &Path, actual: &str) {
    if update_golden() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "cannot read the golden file {} ({e}); run with UPDATE_GOLDEN=1 to write it, then review it",
            path.display()
        )
    });
    assert_eq!(
        actual,
        expected,
        "output differs from {} (UPDATE_GOLDEN=1 rewrites it after a deliberate change)",
        path.display()
    );
}

/// Runs git in `dir` with a fixed identity and no user or system
/// configuration, so that the test's repository is the same everywhere;
/// `date` (RFC 3339) is the author and committer date.
pub fn git(dir: &Path, args: &[&str], date: &str) {
    let out = run(Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Retrospect Test")
        .env("GIT_AUTHOR_EMAIL", "test@retrospect.invalid")
        .env("GIT_COMMITTER_NAME", "Retrospect Test")
        .env("GIT_COMMITTER_EMAIL", "test@retrospect.invalid")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date));
    assert_eq!(
        out.code,
        0,
        "git {args:?} in {}: {}",
        dir.display(),
        out.stderr
    );
}

/// Makes `dir` a git repository of its own (whatever folder holds it),
/// with nothing committed yet.
pub fn git_init(dir: &Path) {
    git(
        dir,
        &["init", "--quiet", "--initial-branch=main"],
        "2000-01-01T00:00:00Z",
    );
}

/// Commits `paths` (relative to `dir`) at `date`.
pub fn git_commit(dir: &Path, paths: &[&str], date: &str, message: &str) {
    let mut add = vec!["add", "--"];
    add.extend_from_slice(paths);
    git(dir, &add, date);
    git(
        dir,
        &[
            "commit",
            "--quiet",
            "--no-verify",
            "--no-gpg-sign",
            "-m",
            message,
        ],
        date,
    );
}

/// Copies the folder `from` to `to`, with everything in it.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The golden fixture (`tests/fixtures/golden`) copied to the same path in
/// a repository of its own (a folder with a `.git`), with that path. File
/// names relative to the repository's root (GitHub annotations, SARIF) are
/// then the same whether the suite runs in a git checkout or from a source
/// tarball, which has no `.git`.
pub fn golden_site() -> (TempDir, PathBuf) {
    let repo = TempDir::new("golden-repo");
    std::fs::create_dir_all(repo.0.join(".git")).unwrap();
    let site = repo.0.join("tests/fixtures/golden");
    copy_tree(&fixtures().join("golden"), &site);
    (repo, site)
}

/// The example site's reports (`example-reports/reports/**/*.md`), sorted.
/// As many as the README says the example site has: the count is a claim.
pub fn example_reports() -> Vec<PathBuf> {
    let mut reports: Vec<PathBuf> = walkdir::WalkDir::new(example_site().join("reports"))
        .into_iter()
        .map(|e| e.expect("the example site can be listed"))
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            e.file_type().is_file() && name.ends_with(".md") && !name.starts_with(['_', '.'])
        })
        .map(|e| e.into_path())
        .collect();
    reports.sort();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let claimed: usize = readme
        .split("a realistic set of ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the README says how many reports the example site has");
    assert_eq!(
        reports.len(),
        claimed,
        "the README says the example site has {claimed} reports"
    );
    reports
}

/// The rows of the data table of the metrics page's chart `id` (its
/// `<section>`), each as its cells joined by spaces.
pub fn chart_table(page: &str, id: &str) -> Vec<String> {
    let start = page
        .find(&format!("<section class=\"chart\" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let section = &page[start..start + page[start..].find("</section>").unwrap()];
    section
        .split("<tr>")
        .skip(2)
        .map(|row| {
            row.replace("<th scope=\"row\">", "")
                .replace("</th><td>", " ")
                .replace("</td><td>", " ")
                .split("</td>")
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// The entry of month `name` (`YYYY-MM`) in the `months` of `metrics.json`
/// or `stats --format json`.
pub fn month<'a>(metrics: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    metrics["months"]
        .as_array()
        .expect("months")
        .iter()
        .find(|x| x["month"] == name)
        .unwrap_or_else(|| panic!("no month {name}"))
}
