//! `retrospect init`: a new site that checks and builds as it is, CI files
//! whose commands are real, and no file ever overwritten.

use crate::support::{TempDir, bin, front_matter_json, run, schema_errors, validator, yaml_json};
use clap::Parser;
use retrospect::cli::Cli;
use serde_json::Value;
use std::path::Path;

const FILES: [&str; 8] = [
    "retrospect.yaml",
    ".gitignore",
    ".github/workflows/retrospect.yml",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
    "schemas/config.schema.json",
    "schemas/report.schema.json",
    "reports",
];

fn sample_report(site: &Path) -> std::path::PathBuf {
    let mut reports: Vec<_> = std::fs::read_dir(site.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    reports.pop().unwrap()
}

#[test]
fn init_then_check_then_build_then_new() {
    let tmp = TempDir::new("init-e2e");
    let site = tmp.0.join("incidents");
    let out = run(bin().arg("init").arg(&site));
    assert_eq!(out.code, 0, "{}", out.stderr);
    for file in FILES {
        assert!(site.join(file).exists(), "{file} missing:\n{}", out.stdout);
    }
    assert!(
        out.stdout.contains("created a Retrospect site in"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("cd "), "{}", out.stdout);
    let sample = sample_report(&site);
    assert!(
        sample
            .file_name()
            .unwrap()
            .to_string_lossy()
            .ends_with("-sample-checkout-errors.md"),
        "{}",
        sample.display()
    );

    let check = run(bin().arg("check").arg(&site));
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(
        check
            .stdout
            .ends_with("checked 1 report: 0 errors, 0 warnings\n"),
        "{}",
        check.stdout
    );
    let build = run(bin().arg("build").arg(&site));
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(site.join("public/index.html").is_file());
    let actions_json = std::fs::read_to_string(site.join("public/actions.json")).unwrap();
    assert!(actions_json.contains("Alert when the payments connection pool"));

    // The site's own commands work in it too.
    let new = run(bin()
        .args(["new", "First real report", "--site"])
        .arg(&site));
    assert_eq!(new.code, 0, "{}", new.stderr);
    let check = run(bin().arg("check").arg(&site));
    assert_eq!(check.code, 0, "{}", check.stdout);
    let actions = run(bin().arg("actions").arg(&site));
    assert_eq!(actions.code, 0, "{}", actions.stderr);
    assert!(
        actions
            .stdout
            .contains("Alert when the payments connection pool")
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_never_overwrites() {
    let tmp = TempDir::new("init-existing");
    let site = &tmp.0;
    // TempDir made reports/; add a config and a .gitignore of one's own.
    tmp.write("retrospect.yaml", "title: Ours\n");
    tmp.write(".gitignore", "target/\n");

    let out = run(bin().arg("init").arg(site));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("is not empty"), "{}", out.stderr);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert!(!site.join(".gitlab-ci.yml").exists(), "nothing written");

    let out = run(bin().arg("init").arg(site).arg("--force"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(site.join("retrospect.yaml")).unwrap(),
        "title: Ours\n"
    );
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore")).unwrap(),
        "target/\n"
    );
    assert!(
        out.stdout
            .contains("kept, as they were already there:\n  retrospect.yaml\n  .gitignore\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Add `/public/` to .gitignore"),
        "{}",
        out.stdout
    );
    assert!(site.join(".gitlab-ci.yml").is_file());

    // Again: everything is there, nothing changes.
    let before: Vec<(String, Vec<u8>)> = FILES[..7]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(site.join(f)).unwrap()))
        .collect();
    let out = run(bin().arg("init").arg(site).arg("--force"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("nothing was changed"), "{}", out.stdout);
    for (file, bytes) in before {
        assert_eq!(std::fs::read(site.join(&file)).unwrap(), bytes, "{file}");
    }

    // A fresh clone (only .git) counts as empty; a file is not a folder.
    let clone = tmp.0.join("clone");
    std::fs::create_dir_all(clone.join(".git")).unwrap();
    assert_eq!(run(bin().arg("init").arg(&clone)).code, 0);
    let out = run(bin().arg("init").arg(site.join("retrospect.yaml")));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("not a folder"), "{}", out.stderr);
}

/// Splits a shell command line on spaces, keeping double-quoted parts
/// whole: enough for the lines the CI files hold.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Every `retrospect …` command in a CI file, as clap parses it.
fn commands(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches("- ")
                .trim_start_matches("run: ")
        })
        .filter(|l| l.starts_with("retrospect "))
        .map(|l| {
            // The command alone, before a pipe or a redirection.
            words(l)
                .into_iter()
                .take_while(|w| !["|", ">", ">>", "||", "&&"].contains(&w.as_str()))
                .collect()
        })
        .collect()
}

#[test]
fn the_ci_files_run_real_commands() {
    let tmp = TempDir::new("init-ci");
    let site = tmp.0.join("site");
    assert_eq!(run(bin().arg("init").arg(&site)).code, 0);
    let read = |f: &str| std::fs::read_to_string(site.join(f)).unwrap();

    let github = read(".github/workflows/retrospect.yml");
    let gitlab = read(".gitlab-ci.yml");
    for (name, text) in [("github", &github), ("gitlab", &gitlab)] {
        let doc = yaml_json(text);
        assert!(doc.is_object(), "{name} is a YAML mapping");
        let found = commands(text);
        let subcommands: Vec<&str> = found.iter().map(|w| w[1].as_str()).collect();
        assert!(subcommands.contains(&"check"), "{name}: {found:?}");
        assert!(subcommands.contains(&"build"), "{name}: {found:?}");
        for words in &found {
            if let Err(e) = Cli::try_parse_from(words) {
                panic!("{name}: `{}` does not parse: {e}", words.join(" "));
            }
        }
        assert!(!text.contains("__RETROSPECT_VERSION__"), "{name}");
        assert!(text.contains(env!("CARGO_PKG_VERSION")), "{name}");
    }
    assert!(github.contains("retrospect check --format github"));
    assert!(github.contains("--audience public"));
    assert!(github.contains("fetch-depth: 0"));
    let on = &yaml_json(&github)["on"];
    assert!(on.get("pull_request").is_some(), "{on}");
    assert_eq!(on["push"]["branches"], serde_json::json!(["main"]));
    assert!(gitlab.contains("GIT_DEPTH: 0"));
    assert_eq!(
        yaml_json(&gitlab)["pages"]["artifacts"]["paths"],
        serde_json::json!(["public"])
    );

    // Every night: the site rebuilt (overdue marks a day old at most) and
    // the overdue digest printed, with the history that says what slipped.
    assert_eq!(
        on["schedule"][0]["cron"]
            .as_str()
            .map(|c| c.split(' ').count()),
        Some(5),
        "{on}"
    );
    let github_doc = yaml_json(&github);
    let publish_if = github_doc["jobs"]["publish"]["if"].as_str().unwrap();
    assert!(
        !publish_if.contains("schedule"),
        "the schedule publishes too: {publish_if}"
    );
    assert_eq!(
        github_doc["jobs"]["digest"]["if"],
        "github.event_name == 'schedule'"
    );
    let gitlab_doc = yaml_json(&gitlab);
    assert_eq!(
        gitlab_doc["digest"]["rules"][0]["if"],
        "$CI_PIPELINE_SOURCE == \"schedule\""
    );
    assert_eq!(gitlab_doc["digest"]["variables"]["GIT_DEPTH"], 0);
    for (name, text) in [("github", &github), ("gitlab", &gitlab)] {
        let digest: Vec<Vec<String>> = commands(text)
            .into_iter()
            .filter(|w| w[1] == "actions")
            .collect();
        assert_eq!(digest.len(), 1, "{name}");
        assert!(digest[0].contains(&"--overdue".to_string()), "{name}");
        assert!(digest[0].contains(&"markdown".to_string()), "{name}");
    }
    // GitLab's code-quality report, from the check job.
    assert!(gitlab.contains("retrospect check --format gitlab > gl-code-quality.json"));
    assert_eq!(
        gitlab_doc["check"]["artifacts"]["reports"]["codequality"],
        "gl-code-quality.json"
    );
    assert_eq!(gitlab_doc["check"]["artifacts"]["when"], "always");

    // The pre-commit entry names the hook this repository ships, whose
    // command is a real one.
    let config = yaml_json(&read(".pre-commit-config.yaml"));
    let hook = &config["repos"][0]["hooks"][0]["id"];
    let hooks = yaml_json(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
        )
        .unwrap(),
    );
    let shipped = hooks
        .as_array()
        .unwrap()
        .iter()
        .find(|h| &h["id"] == hook)
        .unwrap_or_else(|| panic!("no hook {hook} in .pre-commit-hooks.yaml"));
    let entry = words(shipped["entry"].as_str().unwrap());
    Cli::try_parse_from(&entry).unwrap_or_else(|e| panic!("{entry:?}: {e}"));
    assert_eq!(shipped["pass_filenames"], Value::Bool(false));
    assert_eq!(shipped["language"], "rust");
}

#[test]
fn the_schemas_init_writes_are_wired_up_and_validate_the_new_site() {
    let tmp = TempDir::new("init-schemas");
    let site = tmp.0.join("site");
    assert_eq!(run(bin().arg("init").arg(&site)).code, 0);
    let config_text = std::fs::read_to_string(site.join("retrospect.yaml")).unwrap();
    let modeline = config_text.lines().next().unwrap();
    let target = modeline
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("no modeline: {modeline}"));
    let schema_path = site.join(target);
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    let config_validator = validator(&schema);
    assert_eq!(
        schema_errors(&config_validator, &yaml_json(&config_text)),
        Vec::<String>::new()
    );

    // The files hold what `retrospect schema` prints.
    let printed = run(bin().args(["schema", "config"]));
    assert_eq!(
        printed.stdout,
        std::fs::read_to_string(&schema_path).unwrap()
    );
    let printed = run(bin().args(["schema", "report", "--site"]).arg(&site));
    let report_schema_text =
        std::fs::read_to_string(site.join("schemas/report.schema.json")).unwrap();
    assert_eq!(printed.stdout, report_schema_text);

    let report_schema: Value = serde_json::from_str(&report_schema_text).unwrap();
    let report_validator = validator(&report_schema);
    let sample = std::fs::read_to_string(sample_report(&site)).unwrap();
    assert_eq!(
        schema_errors(&report_validator, &front_matter_json(&sample)),
        Vec::<String>::new()
    );
    // A new draft, empty keys and all, is valid too: editors stay quiet.
    let new = run(bin().args(["new", "Fresh draft", "--site"]).arg(&site));
    let draft = std::fs::read_to_string(new.stdout.trim_end()).unwrap();
    assert_eq!(
        schema_errors(&report_validator, &front_matter_json(&draft)),
        Vec::<String>::new()
    );
}

/// A validator for one of the published schemas in tests/schemas (the
/// draft its `$schema` names).
fn published_schema(file: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(file);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    jsonschema::options()
        .build(&schema)
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn assert_valid(validator: &jsonschema::Validator, what: &str, text: &str) {
    let errors = schema_errors(validator, &yaml_json(text));
    assert!(errors.is_empty(), "{what}:\n{}\n{text}", errors.join("\n"));
}

#[test]
fn the_ci_files_and_the_action_validate_against_their_published_schemas() {
    let github = published_schema("github-workflow.json");
    let gitlab = published_schema("gitlab-ci.json");
    let pre_commit = published_schema("pre-commit-config.json");
    let tmp = TempDir::new("init-schemas-ci");
    // At a site's root, and for a site in a subfolder of a repository,
    // with a space in its name.
    let plain = tmp.0.join("site");
    let repo = tmp.0.join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let nested = repo.join("ops/post mortems");
    for (site, root) in [(&plain, &plain), (&nested, &repo)] {
        let out = run(bin().arg("init").arg(site));
        assert_eq!(out.code, 0, "{}", out.stderr);
        let read = |f: &str| std::fs::read_to_string(root.join(f)).unwrap();
        assert_valid(
            &github,
            "workflow",
            &read(".github/workflows/retrospect.yml"),
        );
        assert_valid(&gitlab, ".gitlab-ci.yml", &read(".gitlab-ci.yml"));
        assert_valid(&pre_commit, "pre-commit", &read(".pre-commit-config.yaml"));
    }
    // The schemas do reject what is wrong.
    let broken = "jobs:\n  check:\n    steps: []\n";
    assert!(!schema_errors(&github, &yaml_json(broken)).is_empty());
    assert!(!schema_errors(&pre_commit, &yaml_json("fail_fast: true\n")).is_empty());

    // This repository's own GitHub files.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let action = published_schema("github-action.json");
    assert_valid(
        &action,
        "action.yml",
        &std::fs::read_to_string(root.join("action.yml")).unwrap(),
    );
    for entry in std::fs::read_dir(root.join(".github/workflows")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_valid(&github, &path.display().to_string(), &text);
    }
}

#[test]
fn init_in_a_subfolder_of_a_repository_puts_the_ci_files_at_its_root() {
    let tmp = TempDir::new("init-subfolder");
    let repo = tmp.0.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    let git = run(std::process::Command::new("git")
        .arg("init")
        .arg("-q")
        .arg(&repo));
    assert_eq!(git.code, 0, "{}", git.stderr);
    let out = run(bin().current_dir(&repo).args(["init", "ops/incidents"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("at the root of its git repository (.), where CI looks for them"),
        "{}",
        out.stdout
    );
    let site = repo.join("ops/incidents");
    for file in [".github", ".gitlab-ci.yml", ".pre-commit-config.yaml"] {
        assert!(repo.join(file).exists(), "{file} at the root");
        assert!(!site.join(file).exists(), "{file} not in the site");
    }
    assert!(site.join("retrospect.yaml").is_file());
    let read = |f: &str| std::fs::read_to_string(repo.join(f)).unwrap();
    let github = read(".github/workflows/retrospect.yml");
    assert!(
        github.contains("run: retrospect check --format github ops/incidents\n"),
        "{github}"
    );
    assert_eq!(
        yaml_json(&github)["jobs"]["publish"]["steps"][4]["with"]["path"],
        "ops/incidents/public"
    );
    let pre_commit = yaml_json(&read(".pre-commit-config.yaml"));
    assert_eq!(
        pre_commit["repos"][0]["hooks"][0]["args"],
        serde_json::json!(["ops/incidents"])
    );
    // The commands work as written, from the repository's root.
    let gitlab = read(".gitlab-ci.yml");
    for words in commands(&gitlab) {
        let words: Vec<String> = words
            .into_iter()
            .map(|w| w.replace("$CI_PAGES_URL/", "https://example.com/"))
            .collect();
        let out = run(bin().current_dir(&repo).args(&words[1..]));
        assert_eq!(out.code, 0, "{words:?}: {}{}", out.stdout, out.stderr);
    }
    assert!(repo.join("public/index.html").is_file());

    // From inside the site folder, the root is `..` steps away.
    let other = repo.join("second");
    std::fs::create_dir_all(&other).unwrap();
    let out = run(bin().current_dir(&other).arg("init"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("kept, as they were already there:\n  ../.github/workflows/retrospect.yml"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("add to .pre-commit-config.yaml"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("args: [\"second\"]"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("add a step `retrospect check --format github second`"),
        "{}",
        out.stdout
    );
}

/// A fake release folder: for every target, an archive holding a
/// `retrospect` that prints `retrospect VERSION`, and its checksum file,
/// named as the release workflow names them.
fn fake_release(dir: &Path, version: &str) {
    std::fs::create_dir_all(dir).unwrap();
    for target in retrospect::release::TARGETS {
        let stage = dir.join(format!("stage-{target}"));
        std::fs::create_dir_all(&stage).unwrap();
        let exe = if target.contains("windows") {
            ".exe"
        } else {
            ""
        };
        let bin = stage.join(format!("retrospect{exe}"));
        std::fs::write(&bin, format!("#!/bin/sh\necho \"retrospect {version}\"\n")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
        let archive = retrospect::release::archive_name(target);
        let tar = run(std::process::Command::new("tar")
            .arg("-czf")
            .arg(dir.join(&archive))
            .arg("-C")
            .arg(&stage)
            .arg(format!("retrospect{exe}")));
        assert_eq!(tar.code, 0, "{}", tar.stderr);
        let sum = run(std::process::Command::new("sha256sum")
            .arg(&archive)
            .current_dir(dir));
        assert_eq!(sum.code, 0, "{}", sum.stderr);
        std::fs::write(
            dir.join(retrospect::release::checksum_name(target)),
            sum.stdout,
        )
        .unwrap();
    }
}

/// A `cargo` that records its arguments and "builds" a retrospect into
/// `--root`/bin, standing in for the fallback's real build.
fn fake_cargo(dir: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let cargo = dir.join("cargo");
    std::fs::write(
        &cargo,
        "#!/bin/sh\necho \"$*\" >> \"$CARGO_LOG\"\nwhile [ $# -gt 0 ]; do\n  \
         if [ \"$1\" = --root ]; then root=$2; fi\n  shift\ndone\nmkdir -p \"$root/bin\"\n\
         printf '#!/bin/sh\\necho built from source\\n' > \"$root/bin/retrospect\"\n\
         chmod +x \"$root/bin/retrospect\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir.to_path_buf()
}

/// Runs a CI file's install step with `sh` (dash here: POSIX only), as the
/// CI would with the file's variables, against a local release folder.
fn install(step: &str, env: &Value, release: &Path, tmp: &Path, path: &str) -> crate::support::Run {
    let root = tmp.join("root");
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_file(tmp.join("cargo.log"));
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(step)
        .env_clear()
        .env("PATH", path)
        .env("HOME", tmp)
        .env("CARGO_LOG", tmp.join("cargo.log"))
        .env("GITHUB_PATH", tmp.join("github_path"))
        .env("RETROSPECT_ROOT", &root)
        .env(
            "RETROSPECT_DOWNLOAD_URL",
            format!("file://{}", release.display()),
        );
    for key in ["RETROSPECT_VERSION", "RETROSPECT_REPOSITORY"] {
        cmd.env(
            key,
            env[key]
                .as_str()
                .unwrap_or_else(|| panic!("{key} in {env}")),
        );
    }
    run(&mut cmd)
}

#[test]
fn the_install_step_checks_the_checksum_and_falls_back_to_building() {
    let tmp = TempDir::new("init-install");
    let site = tmp.0.join("site");
    assert_eq!(run(bin().arg("init").arg(&site)).code, 0);
    let read = |f: &str| yaml_json(&std::fs::read_to_string(site.join(f)).unwrap());
    let github = read(".github/workflows/retrospect.yml");
    let gitlab = read(".gitlab-ci.yml");
    let steps = github["jobs"]["check"]["steps"].as_array().unwrap();
    let github_step = steps
        .iter()
        .find(|s| s["name"] == "Install Retrospect")
        .expect("an install step")["run"]
        .as_str()
        .unwrap()
        .to_string();
    let gitlab_step = gitlab["default"]["before_script"][0]
        .as_str()
        .unwrap()
        .to_string();
    // Both carry scripts/install.sh as it is.
    let script =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install.sh"))
            .unwrap();
    let body: String = script.split_once('\n').unwrap().1.to_string();
    for step in [&github_step, &gitlab_step] {
        assert_eq!(step.trim_end(), format!("(\n{body})"));
    }
    let version = retrospect::release::VERSION;
    assert_eq!(github["env"]["RETROSPECT_VERSION"], version);
    assert_eq!(gitlab["variables"]["RETROSPECT_VERSION"], version);
    assert_eq!(
        github["env"]["RETROSPECT_REPOSITORY"],
        retrospect::release::REPOSITORY
    );

    let release = tmp.0.join("release");
    fake_release(&release, version);
    let fake_bin = fake_cargo(&tmp.0.join("fake-bin"));
    assert!(
        !Path::new("/usr/bin/cargo").exists() && !Path::new("/bin/cargo").exists(),
        "the system folders must not have a cargo of their own"
    );
    let with_cargo = format!("{}:/usr/bin:/bin", fake_bin.display());
    let installed = tmp.0.join("root/bin/retrospect");
    let cargo_log = tmp.0.join("cargo.log");

    // The release binary, checksum checked, no build.
    for (name, step, env) in [
        ("github", &github_step, &github["env"]),
        ("gitlab", &gitlab_step, &gitlab["variables"]),
    ] {
        let out = install(step, env, &release, &tmp.0, &with_cargo);
        assert_eq!(out.code, 0, "{name}: {}{}", out.stdout, out.stderr);
        assert_eq!(
            out.stdout,
            format!("retrospect {version}\n"),
            "{name}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains("installed the"),
            "{name}: {}",
            out.stderr
        );
        assert!(!cargo_log.exists(), "{name}: nothing built");
        assert!(installed.is_file());
    }
    let github_path = std::fs::read_to_string(tmp.0.join("github_path")).unwrap();
    assert!(github_path.ends_with("root/bin\n"), "{github_path}");

    // A checksum that does not match: the archive is not installed, and
    // Retrospect is built from the tag instead.
    let host = retrospect::release::TARGETS
        .iter()
        .find(|t| t.starts_with(std::env::consts::ARCH) && t.contains("linux"))
        .expect("a Linux host");
    let sums = release.join(retrospect::release::checksum_name(host));
    let good = std::fs::read_to_string(&sums).unwrap();
    std::fs::write(&sums, format!("{}{}", "0".repeat(64), &good[64..])).unwrap();
    let out = install(&github_step, &github["env"], &release, &tmp.0, &with_cargo);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("does not match its checksum"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "built from source\n");
    let log = std::fs::read_to_string(&cargo_log).unwrap();
    assert_eq!(
        log.trim_end(),
        format!(
            "install --locked --root {} --git {} --tag v{version} retrospect",
            tmp.0.join("root").display(),
            retrospect::release::REPOSITORY
        )
    );

    // No release at all: built from source too.
    std::fs::write(&sums, good).unwrap();
    std::fs::remove_file(release.join(retrospect::release::archive_name(host))).unwrap();
    let out = install(
        &gitlab_step,
        &gitlab["variables"],
        &release,
        &tmp.0,
        &with_cargo,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("cannot download"), "{}", out.stderr);
    assert_eq!(out.stdout, "built from source\n");

    // Neither a release nor cargo: the step fails, and says why.
    let out = install(
        &github_step,
        &github["env"],
        &release,
        &tmp.0,
        "/usr/bin:/bin",
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("cargo is not installed"),
        "{}",
        out.stderr
    );
    assert!(!installed.exists());
}

#[test]
fn the_release_workflow_binstall_and_action_agree_with_the_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |f: &str| std::fs::read_to_string(root.join(f)).unwrap();
    let release = yaml_json(&read(".github/workflows/release.yml"));
    let targets: Vec<&str> = release["jobs"]["upload-binaries"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets, retrospect::release::TARGETS);
    let upload = &release["jobs"]["upload-binaries"]["steps"][1]["with"];
    assert_eq!(upload["archive"], "$bin-$target");
    assert_eq!(upload["checksum"], "sha256");
    assert_eq!(
        retrospect::release::archive_name("T"),
        "retrospect-T.tar.gz",
        "the archive the action makes of `$bin-$target` with tar"
    );
    // binstall downloads the same archive of the same tag.
    let cargo = read("Cargo.toml");
    assert!(
        cargo.contains(
            "pkg-url = \"{ repo }/releases/download/v{ version }/{ name }-{ target }.tar.gz\""
        ),
        "{cargo}"
    );
    // The action reads the version where the code does: the first
    // `version = "…"` line of Cargo.toml.
    let first = cargo
        .lines()
        .find_map(|l| l.strip_prefix("version = \"")?.strip_suffix('"'))
        .unwrap();
    assert_eq!(first, retrospect::release::VERSION);
    assert!(read("action.yml").contains("sh \"$GITHUB_ACTION_PATH/scripts/install.sh\""));
    assert!(read("Dockerfile").contains("COPY scripts/install.sh"));
    // The hook the CI files pin is one this repository ships.
    assert!(read(".pre-commit-hooks.yaml").contains("- id: retrospect-check"));
}
