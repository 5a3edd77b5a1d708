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
        .map(words)
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
