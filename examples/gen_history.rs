//! Gives a generated corpus (examples/gen_corpus.rs) a git history, for the
//! benchmark of the action history (docs/history.md, BENCHMARKS.md).
//!
//! ```text
//! cargo run --release --example gen_history -- <SITE_DIR> <COMMITS> [--seed N]
//! ```
//!
//! SITE_DIR must hold a site (`retrospect.yaml`, `reports/`) and no `.git`.
//! It becomes a repository whose branch `main` has COMMITS commits, made
//! with one `git fast-import`: the first commits add the reports one by one
//! in date order (a report a commit), and the rest edit them as a team
//! would: a due date moved later (a slip, 40%), an action's status moved on
//! (open → in-progress → done, 25%), a line added to the body (30%), a file
//! renamed (5%). Dates run from the first report's date onwards, a few
//! hours apart, by a handful of authors. The work tree is then checked out
//! at the last commit. Deterministic: the same site, COMMITS and seed give
//! the same commits (ids included, as the dates and authors are fixed).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// SplitMix64, as gen_corpus.rs.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const AUTHORS: [&str; 6] = [
    "Priya Natarajan",
    "Tom Hargreaves",
    "Amara Okafor",
    "Lukas Becker",
    "Mei Chen",
    "Arjun Rao",
];

fn fail(message: &str) -> ! {
    eprintln!("gen_history: {message}");
    eprintln!("usage: gen_history <SITE_DIR> <COMMITS> [--seed N]");
    std::process::exit(2);
}

/// Every `.md` file under `dir`, sorted, relative to `root`.
fn reports(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", dir.display())))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            reports(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let rel = path.strip_prefix(root).expect("below the root");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// `YYYY-MM-DD` plus `days`, by the civil calendar.
fn add_days(date: &str, days: i64) -> Option<String> {
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(
        (day + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string(),
    )
}

/// One edit of a report's text, or `None` when it has nothing to edit of
/// that kind.
fn edit(text: &str, kind: u64, rng: &mut Rng) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // Actions' keys are indented by four spaces in the generated reports.
    let pick = |prefix: &str, rng: &mut Rng| -> Option<usize> {
        let found: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].starts_with(prefix))
            .collect();
        (!found.is_empty()).then(|| found[rng.below(found.len() as u64) as usize])
    };
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match kind {
        // A slip: the due date moves 1 to 8 weeks later.
        0..40 => {
            let i = pick("    due: ", rng)?;
            let date = lines[i].trim_start().trim_start_matches("due: ").trim();
            let later = add_days(date, 7 * (1 + rng.below(8) as i64))?;
            out[i] = format!("    due: {later}\n");
        }
        // The status moves on.
        40..65 => {
            let i =
                pick("    status: open", rng).or_else(|| pick("    status: in-progress", rng))?;
            out[i] = if lines[i].contains("open") {
                "    status: in-progress\n".to_string()
            } else {
                "    status: done\n".to_string()
            };
        }
        // A line more in the body.
        _ => out.push(format!(
            "\nAdded after the review ({}).\n",
            rng.below(1_000_000)
        )),
    }
    Some(out.concat())
}

fn main() {
    let (mut args, mut seed) = (Vec::new(), 1u64);
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        if a == "--seed" {
            seed = it
                .next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| fail("--seed needs an unsigned integer"));
        } else {
            args.push(a);
        }
    }
    let [site, commits] = &args[..] else {
        fail("expected SITE_DIR and COMMITS");
    };
    let site = Path::new(site);
    let commits: usize = commits
        .parse()
        .unwrap_or_else(|_| fail("COMMITS must be a number"));
    if site.join(".git").exists() {
        fail(&format!("{} already has a .git", site.display()));
    }
    let mut paths = Vec::new();
    reports(site, &site.join("reports"), &mut paths);
    if paths.is_empty() || commits < paths.len() + 1 {
        fail("COMMITS must be more than the number of reports");
    }
    let mut texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(site.join(p)).expect("a report"))
        .collect();
    // Each report's date is in its file name: reports/YYYY/YYYY-MM-DD-…
    let mut order: Vec<usize> = (0..paths.len()).collect();
    order.sort_by_key(|&i| {
        let name = paths[i].rsplit('/').next().unwrap_or("");
        (name.get(..10).unwrap_or("").to_string(), i)
    });

    let git = |args: &[&str]| {
        let status = Command::new("git")
            .current_dir(site)
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "--quiet", "--initial-branch=main"]);
    let mut child = Command::new("git")
        .current_dir(site)
        .args(["fast-import", "--quiet", "--done"])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import runs");
    let mut stream = std::io::BufWriter::with_capacity(1 << 20, child.stdin.take().unwrap());
    let mut rng = Rng(seed);
    // 2019-01-01T00:00:00Z, then a few hours a commit.
    let mut time: u64 = 1_546_300_800;
    let mut mark = 0usize;
    let mut renames = 0usize;
    let mut commit = |stream: &mut dyn Write,
                      rng: &mut Rng,
                      message: &str,
                      changes: &[(String, Option<&str>, Option<String>)]| {
        time += 600 + rng.below(6 * 3600);
        let author = AUTHORS[rng.below(AUTHORS.len() as u64) as usize];
        let email = author.to_lowercase().replace(' ', ".") + "@example.com";
        mark += 1;
        let _ = writeln!(stream, "commit refs/heads/main\nmark :{mark}");
        let _ = writeln!(stream, "author {author} <{email}> {time} +0000");
        let _ = writeln!(stream, "committer {author} <{email}> {time} +0000");
        let _ = writeln!(stream, "data {}\n{message}", message.len());
        if mark > 1 {
            let _ = writeln!(stream, "from :{}", mark - 1);
        }
        for (path, text, renamed_from) in changes {
            if let Some(from) = renamed_from {
                let _ = writeln!(stream, "R \"{from}\" \"{path}\"");
            }
            if let Some(text) = text {
                let _ = writeln!(stream, "M 100644 inline {path}\ndata {}", text.len());
                let _ = stream.write_all(text.as_bytes());
                let _ = writeln!(stream);
            }
        }
        let _ = writeln!(stream);
    };
    let config = std::fs::read_to_string(site.join("retrospect.yaml")).unwrap_or_default();
    commit(
        &mut stream,
        &mut rng,
        "Site settings",
        &[("retrospect.yaml".into(), Some(&config), None)],
    );
    for &i in &order {
        commit(
            &mut stream,
            &mut rng,
            &format!("Add {}", paths[i]),
            &[(paths[i].clone(), Some(&texts[i]), None)],
        );
    }
    let mut made = paths.len() + 1;
    while made < commits {
        let i = rng.below(paths.len() as u64) as usize;
        let kind = rng.below(100);
        if kind >= 95 {
            renames += 1;
            let old = paths[i].clone();
            let new = old.replace(".md", &format!("-r{renames}.md"));
            commit(
                &mut stream,
                &mut rng,
                &format!("Rename {old}"),
                &[(new.clone(), None, Some(old))],
            );
            paths[i] = new;
        } else {
            let Some(text) = edit(&texts[i], kind, &mut rng) else {
                continue;
            };
            commit(
                &mut stream,
                &mut rng,
                &format!("Update {}", paths[i]),
                &[(paths[i].clone(), Some(&text), None)],
            );
            texts[i] = text;
        }
        made += 1;
    }
    let _ = writeln!(stream, "done");
    drop(stream);
    assert!(child.wait().expect("fast-import ends").success());
    // The work tree as the last commit has it (renamed files included).
    std::fs::remove_dir_all(site.join("reports")).expect("reports/ removed");
    git(&["checkout", "--quiet", "--force", "main"]);
    println!(
        "{}: {commits} commits, {} reports, {renames} renames",
        site.display(),
        paths.len()
    );
}
