//! `retrospect check` end to end: exit codes, formats, bad input.

use crate::support::{TempDir, VALID_REPORT, bin, check_json, example_site, fixtures, run};
use serde_json::Value;

fn codes(json: &Value) -> Vec<(String, u64, u64)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn the_example_site_has_no_errors() {
    let (code, json) = check_json(&example_site(), &[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0, "{json:#}");
    assert!(json["summary"]["reports"].as_u64().unwrap() >= 10);
    // Its overdue actions are warned about...
    assert!(codes(&json).iter().any(|(c, _, _)| c == "R102"));
    // ...and fail the run with --deny-warnings.
    let out = run(bin().arg("check").arg(example_site()).args([
        "--deny-warnings",
        "--today",
        "2026-01-15",
    ]));
    assert_eq!(out.code, 1);
}

#[test]
fn a_valid_report_is_clean_and_the_summary_says_so() {
    let site = TempDir::new("valid");
    site.write("reports/2025-03-14-cache.md", VALID_REPORT);
    let out = run(bin()
        .arg("check")
        .arg(&site.0)
        .args(["--today", "2026-01-15"]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        out.stdout.trim_end().lines().last().unwrap(),
        "checked 1 report: 0 errors, 0 warnings"
    );
}

#[test]
fn human_output_points_at_the_value_with_a_caret_and_help() {
    let site = TempDir::new("human");
    site.write(
        "reports/2025-03-14-cache.md",
        VALID_REPORT.replace("severity: major", "severity: majr"),
    );
    let out = run(bin()
        .arg("check")
        .arg(&site.0)
        .args(["--today", "2026-01-15"]));
    assert_eq!(out.code, 1);
    let expected_path = format!(
        "{}:6:11",
        site.0.join("reports").join("2025-03-14-cache.md").display()
    );
    for needle in [
        "error[R012]",
        "`severity` is `majr`, expected one of `critical`, `major`, `minor`, `trivial`",
        &expected_path,
        "6 | severity: majr",
        "^^^^",
        "help: did you mean `major`?",
    ] {
        assert!(
            out.stdout.contains(needle),
            "missing {needle:?} in:\n{}",
            out.stdout
        );
    }
    assert!(
        !out.stdout.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
    assert!(
        out.stdout
            .ends_with("checked 1 report: 1 error, 0 warnings\n")
    );
}

#[test]
fn golden_outputs_for_json_github_and_sarif() {
    let (_repo, site) = crate::support::golden_site();
    for (format, file) in [
        ("json", "expected.json"),
        ("github", "expected.github"),
        ("sarif", "expected.sarif"),
    ] {
        let out = run(bin().current_dir(&site).args([
            "check",
            ".",
            "--format",
            format,
            "--today",
            "2026-01-15",
        ]));
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        assert_eq!(
            out.stderr, "checked 3 reports: 6 errors, 4 warnings\n",
            "{format}"
        );
        crate::support::assert_golden(&fixtures().join("golden").join(file), &out.stdout);
        if format != "github" {
            serde_json::from_str::<Value>(&out.stdout).expect("valid JSON");
        }
    }
}

#[test]
fn sarif_has_what_github_code_scanning_requires() {
    let (_repo, site) = crate::support::golden_site();
    let out = run(bin().current_dir(&site).args([
        "check",
        ".",
        "--format",
        "sarif",
        "--today",
        "2026-01-15",
    ]));
    assert_eq!(out.code, 1, "the golden site has errors: {}", out.stderr);
    let sarif: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "retrospect");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run0["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning"].contains(&result["level"].as_str().unwrap()));
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("tests/fixtures/golden/reports/"), "{uri}");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
    }
}

/// GitLab Code Quality: one issue per diagnostic, each with the fields
/// GitLab requires, paths from the repository's root, and fingerprints
/// unique in the report and the same however the lines move.
#[test]
fn gitlab_code_quality_has_stable_unique_fingerprints() {
    let (repo, site) = crate::support::golden_site();
    let gitlab = |site: &std::path::Path| -> Vec<Value> {
        let out = run(bin().current_dir(site).args([
            "check",
            ".",
            "--format",
            "gitlab",
            "--today",
            "2026-01-15",
        ]));
        assert_eq!(out.code, 1, "the golden site has errors: {}", out.stderr);
        serde_json::from_str::<Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let issues = gitlab(&site);
    let (json_code, json) = crate::support::check_json(&site, &[]);
    assert_eq!(json_code, 1);
    assert_eq!(issues.len(), json["diagnostics"].as_array().unwrap().len());
    let mut fingerprints = std::collections::HashSet::new();
    for (issue, d) in issues.iter().zip(json["diagnostics"].as_array().unwrap()) {
        assert_eq!(issue["check_name"], d["code"]);
        let description = issue["description"].as_str().unwrap();
        assert!(
            description.contains(d["message"].as_str().unwrap()),
            "{description}"
        );
        let severity = if d["level"] == "error" {
            "major"
        } else {
            "minor"
        };
        assert_eq!(issue["severity"], severity);
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(path.starts_with("tests/fixtures/golden/reports/"), "{path}");
        assert_eq!(issue["location"]["lines"]["begin"], d["line"]);
        let fingerprint = issue["fingerprint"].as_str().unwrap();
        assert_eq!(fingerprint.len(), 40);
        assert!(
            fingerprints.insert(fingerprint.to_string()),
            "{fingerprint} twice"
        );
    }
    // The same run gives the same bytes; lines added above every problem
    // move the lines, not the fingerprints.
    assert_eq!(gitlab(&site), issues);
    for entry in std::fs::read_dir(site.join("reports")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("---\n", "---\n# moved\n# down\n", 1)).unwrap();
    }
    let moved = gitlab(&site);
    let prints = |issues: &[Value]| -> Vec<Value> {
        issues.iter().map(|i| i["fingerprint"].clone()).collect()
    };
    assert_eq!(prints(&moved), prints(&issues));
    assert_eq!(
        moved[0]["location"]["lines"]["begin"].as_u64().unwrap(),
        issues[0]["location"]["lines"]["begin"].as_u64().unwrap() + 2
    );
    drop(repo);
}

#[test]
fn github_annotations_are_relative_to_the_repository_root() {
    let (_repo, site) = crate::support::golden_site();
    let out = run(bin().current_dir(&site).args([
        "check",
        ".",
        "--format",
        "github",
        "--today",
        "2026-01-15",
    ]));
    assert_eq!(out.code, 1, "the golden site has errors: {}", out.stderr);
    let first = out.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=tests/fixtures/golden/reports/"),
        "{first}"
    );
    assert!(
        first.contains(",line=") && first.contains(",col=") && first.contains(",title=R"),
        "{first}"
    );
}

#[test]
fn checking_one_file_still_resolves_the_whole_site() {
    let site = TempDir::new("one-file");
    site.write("reports/2025-03-14-cache.md", VALID_REPORT);
    let other = VALID_REPORT
        .replace("id: INC-2025-010", "id: INC-2025-011")
        .replace(
            "tags: [cache]",
            "tags: [cache]\nrelated: [INC-2025-010, cache, INC-2025-999]",
        );
    let target = site.write("reports/2025-04-01-db.md", other);
    let (code, json) = check_json(&target, &[]);
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["reports"], 1);
    // The existing id and slug resolve; only the missing one is reported.
    let found = codes(&json);
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0].0, "R043");
    // A duplicate id with a report that is not being checked is still found.
    site.write(
        "reports/2025-05-01-dup.md",
        VALID_REPORT.replace("INC-2025-010", "INC-2025-011"),
    );
    let (_, json) = check_json(&target, &[]);
    assert!(codes(&json).iter().any(|(c, _, _)| c == "R042"), "{json:#}");
}

#[test]
fn could_not_run_is_exit_code_2() {
    let out = run(bin().args(["check", "/definitely/not/here"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("error:"), "{}", out.stderr);

    let empty = TempDir::new("no-reports");
    std::fs::remove_dir(empty.0.join("reports")).unwrap();
    let out = run(bin().arg("check").arg(&empty.0));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no `reports/` folder"),
        "{}",
        out.stderr
    );

    let site = TempDir::new("bad-config");
    site.write("retrospect.yaml", "title: Ops\ntimezone: Mars/Base\n");
    let out = run(bin().arg("check").arg(&site.0));
    assert_eq!(out.code, 2);
    assert!(
        out.stdout.contains("retrospect.yaml:2:11"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("error[R090]"), "{}", out.stdout);
    assert!(
        out.stderr
            .starts_with("error: `retrospect.yaml` has errors"),
        "{}",
        out.stderr
    );
    // In the machine formats too, so CI annotations point at the config.
    let (code, json) = check_json(&site.0, &[]);
    assert_eq!(code, 2);
    assert_eq!(codes(&json), [("R090".to_string(), 2, 11)]);

    let site = TempDir::new("unknown-config-key");
    site.write("retrospect.yaml", "title: Ops\ndefault_visiblity: public\n");
    let out = run(bin().arg("check").arg(&site.0));
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("retrospect.yaml:2:1"), "{}", out.stdout);
}

#[test]
fn lints_can_be_turned_off_or_made_errors() {
    let site = TempDir::new("lints");
    site.write(
        "reports/2025-03-14-cache.md",
        VALID_REPORT.replace("Restarts need a budget.", "It was human error."),
    );
    let (code, json) = check_json(&site.0, &[]);
    assert_eq!((code, codes(&json)[0].0.as_str()), (0, "R103"));
    site.write("retrospect.yaml", "lints:\n  blame-language: error\n");
    let (code, json) = check_json(&site.0, &[]);
    assert_eq!(
        (code, json["diagnostics"][0]["level"].as_str()),
        (1, Some("error"))
    );
    site.write("retrospect.yaml", "lints:\n  blame-language: off\n");
    let (code, json) = check_json(&site.0, &[]);
    assert_eq!((code, codes(&json).len()), (0, 0));
}

/// Each bad input gets the right code at the right place and exit code 1.
#[test]
fn bad_input_gets_a_clear_error_at_the_right_place() {
    let big = format!("{}\n{}", VALID_REPORT, "x".repeat(50 * 1024 * 1024));
    let bomb = {
        let mut s = String::from(
            "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            s.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 9].join(",")
            ));
        }
        s + "---\n"
    };
    let deep = format!(
        "---\ntitle: {}{}\n---\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let cases: Vec<(&str, Vec<u8>, &str, u64)> = vec![
        (
            "malformed-yaml",
            b"---\ntitle: [unclosed\ndate: 2025-01-01\n---\n".to_vec(),
            "R004",
            3,
        ),
        (
            "no-closing",
            b"---\ntitle: x\ndate: 2025-01-01\n".to_vec(),
            "R003",
            1,
        ),
        ("empty", Vec::new(), "R002", 0),
        (
            "not-utf8",
            b"---\ntitle: caf\xe9\n---\n".to_vec(),
            "R001",
            0,
        ),
        (
            "binary",
            b"---\ntitle: x\n---\n\x00\x01\x02".to_vec(),
            "R001",
            0,
        ),
        ("fifty-megabytes", big.into_bytes(), "R001", 0),
        ("deep", deep.into_bytes(), "R005", 2),
        ("alias-bomb", bomb.into_bytes(), "R005", 0),
        (
            "duplicate-key",
            VALID_REPORT
                .replace("lead: sam", "lead: sam\ntitle: again")
                .into_bytes(),
            "R006",
            14,
        ),
        (
            "wrong-type",
            VALID_REPORT
                .replace("tags: [cache]", "tags: {a: b}")
                .into_bytes(),
            "R011",
            11,
        ),
        (
            "impossible-date",
            VALID_REPORT
                .replace("date: 2025-03-14", "date: 2024-02-30")
                .into_bytes(),
            "R013",
            4,
        ),
        (
            "slug-traversal",
            VALID_REPORT
                .replace("lead: sam", "lead: sam\nslug: ../../etc")
                .into_bytes(),
            "R040",
            14,
        ),
    ];
    #[cfg(unix)]
    {
        // A report that is a broken symlink is unreadable, not silently skipped.
        let site = TempDir::new("broken-link");
        std::os::unix::fs::symlink(
            "/nowhere/at/all.md",
            site.0.join("reports/2025-03-14-gone.md"),
        )
        .unwrap();
        let (exit, json) = check_json(&site.0, &[]);
        assert_eq!(exit, 1, "{json:#}");
        assert_eq!(codes(&json)[0].0, "R001");
    }
    for (name, contents, code, line) in cases {
        let site = TempDir::new(name);
        site.write("reports/2025-03-14-case.md", &contents);
        let started = std::time::Instant::now();
        let (exit, json) = check_json(&site.0, &[]);
        assert!(
            started.elapsed().as_secs() < 30,
            "{name}: took {:?}",
            started.elapsed()
        );
        assert_eq!(exit, 1, "{name}: {json:#}");
        let found = codes(&json);
        assert!(
            found
                .iter()
                .any(|(c, l, _)| c == code && (line == 0 || *l == line)),
            "{name}: expected {code} at line {line}, found {found:?}"
        );
        let message = json["diagnostics"][0]["message"].as_str().unwrap();
        assert!(!message.is_empty());
        assert!(
            json["diagnostics"][0]["file"]
                .as_str()
                .unwrap()
                .ends_with("2025-03-14-case.md")
        );
    }
}

/// Mangles the example reports at random (truncation, byte flips, line
/// shuffles, duplicated lines) and checks them in-process, many times: any
/// panic fails the test. A deterministic generator keeps failures
/// reproducible.
#[test]
fn mangled_reports_never_panic() {
    let originals: Vec<Vec<u8>> = crate::support::example_reports()
        .iter()
        .map(|path| std::fs::read(path).unwrap())
        .collect();
    let mut rng = SplitMix(0x5eed);
    let site = TempDir::new("mangled");
    let config = retrospect::config::Config::default();
    let options = retrospect::pipeline::Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
        only: None,
        keep_reports: true,
    };
    let mut checked = 0;
    for round in 0..8 {
        let _ = std::fs::remove_dir_all(site.0.join("reports"));
        for i in 0..150 {
            let mut bytes = originals[rng.below(originals.len())].clone();
            for _ in 0..=rng.below(3) {
                mangle(&mut bytes, &mut rng);
            }
            site.write(&format!("reports/r{round}-{i}.md"), &bytes);
        }
        let outcome =
            retrospect::pipeline::run(&site.0, &config, &options).expect("the site exists");
        checked += outcome.checked;
        for d in &outcome.diagnostics {
            assert!(d.file.is_some(), "{d:?}");
        }
    }
    assert_eq!(checked, 8 * 150);
    // And through the binary: problems are exit 1, never a crash.
    let out = run(bin().arg("check").arg(&site.0).args(["--format", "json"]));
    assert!(
        out.code == 0 || out.code == 1,
        "exit {}: {}",
        out.code,
        out.stderr
    );
}

fn mangle(bytes: &mut Vec<u8>, rng: &mut SplitMix) {
    if bytes.is_empty() {
        return;
    }
    match rng.below(5) {
        0 => bytes.truncate(rng.below(bytes.len())),
        1 => {
            for _ in 0..=rng.below(8) {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
        }
        2 => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let mut lines: Vec<&str> = text.lines().collect();
            for _ in 0..=rng.below(4) {
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
            }
            *bytes = lines.join("\n").into_bytes();
        }
        3 => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let lines: Vec<&str> = text.lines().collect();
            let i = rng.below(lines.len());
            let mut out: Vec<&str> = lines.clone();
            out.insert(i, lines[rng.below(lines.len())]);
            *bytes = out.join("\n").into_bytes();
        }
        _ => {
            let i = rng.below(bytes.len());
            let junk: &[u8] = [
                &b"\n---\n"[..],
                b": ",
                b"&a *a",
                b"[",
                b"\t",
                b"<!-- internal -->\n",
                b"\xff",
            ][rng.below(7)];
            bytes.splice(i..i, junk.iter().copied());
        }
    }
}

struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

#[test]
fn commands_find_the_site_above_the_current_folder() {
    let site = TempDir::new("site-upward");
    site.write("retrospect.yaml", "title: Ops\n");
    site.write("reports/2025/2025-03-14-cache.md", VALID_REPORT);
    let deep = site.0.join("reports/2025");
    // As git finds .git: from reports/2025/, the site is two folders up,
    // and file names read as typed from there.
    let out = run(bin()
        .current_dir(&deep)
        .args(["check", "--today", "2026-01-15"]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("checked 1 report"), "{}", out.stdout);
    let out = run(bin()
        .current_dir(&deep)
        .args(["actions", "--today", "2026-01-15"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Stagger cache restarts"),
        "{}",
        out.stdout
    );
    let out = run(bin()
        .current_dir(&deep)
        .args(["build", "--today", "2026-01-15", "--no-search"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(site.0.join("public/index.html").is_file(), "{}", out.stderr);
    assert!(!deep.join("public").exists());
    let out = run(bin()
        .current_dir(&deep)
        .args(["new", "Another one", "--date", "2026-01-15"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        site.0.join("reports/2026-01-15-another-one.md").is_file(),
        "{}",
        out.stdout
    );

    // Nowhere near a site: a hint, not "`.` has no reports/ folder" alone.
    let lost = TempDir::new("site-nowhere");
    std::fs::remove_dir(lost.0.join("reports")).unwrap();
    for command in ["check", "build", "actions", "serve"] {
        let out = run(bin().current_dir(&lost.0).arg(command));
        assert_eq!(out.code, 2, "{command}: {}", out.stderr);
        assert!(
            out.stderr.contains("retrospect init")
                && out.stderr.contains(&format!("retrospect {command} SITE")),
            "{command}: {}",
            out.stderr
        );
    }
}

#[test]
fn markdown_files_named_dot_markdown_are_reports_too() {
    let site = TempDir::new("dot-markdown");
    site.write("reports/2025-03-14-cache.markdown", VALID_REPORT);
    let (code, json) = check_json(&site.0, &[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["reports"], 1, "{json:#}");
    let one = site.0.join("reports/2025-03-14-cache.markdown");
    let (code, json) = check_json(&one, &[]);
    assert_eq!((code, &json["summary"]["reports"]), (0, &Value::from(1)));
    let out = run(bin()
        .arg("build")
        .arg(&site.0)
        .args(["--today", "2026-01-15", "--no-search"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(site.0.join("public/reports/cache/index.html").is_file());
}

/// The official SARIF 2.1.0 schema (tests/schemas). Its `language`
/// pattern has a stray `]` (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`),
/// which the draft-04 meta-schema rejects as a regex: it is read as the
/// pattern the spec describes (`en`, `en-US`), the file itself unchanged.
fn sarif_validator() -> jsonschema::Validator {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-2.1.0.json");
    let text = std::fs::read_to_string(path).unwrap();
    let erratum = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(text.contains(erratum), "the vendored schema changed");
    let text = text.replace(erratum, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options().build(&schema).unwrap()
}

#[test]
fn sarif_validates_and_its_uris_are_relative_to_the_repository_root() {
    let validator = sarif_validator();
    let sarif = |dir: &std::path::Path, site: &std::path::Path| -> Value {
        let out = run(bin().current_dir(dir).arg("check").arg(site).args([
            "--format",
            "sarif",
            "--today",
            "2026-01-15",
        ]));
        let sarif: Value = serde_json::from_str(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        sarif
    };
    let location = |sarif: &Value| {
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            .clone()
    };

    // In a repository, given as an absolute path from elsewhere: relative
    // to the repository's root, with a base.
    let tmp = TempDir::new("sarif-uri");
    let repo = tmp.0.join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let site = repo.join("post mortems");
    std::fs::create_dir_all(site.join("reports")).unwrap();
    std::fs::write(
        site.join("reports/2025-03-14-cache.md"),
        VALID_REPORT.replace("severity: major", "severty: major"),
    )
    .unwrap();
    let log = sarif(&tmp.0, &site);
    assert_eq!(
        location(&log),
        serde_json::json!({"uri": "post%20mortems/reports/2025-03-14-cache.md", "uriBaseId": "%SRCROOT%"})
    );
    // Outside a repository: an absolute file:// URI, without a base.
    std::fs::remove_dir(repo.join(".git")).unwrap();
    let log = sarif(&tmp.0, &site);
    let uri = location(&log)["uri"].as_str().unwrap().to_string();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/post%20mortems/reports/2025-03-14-cache.md"),
        "{uri}"
    );
    assert!(location(&log).get("uriBaseId").is_none(), "{log:#}");
    // The golden site (in a repository) validates too.
    let (_repo, golden) = crate::support::golden_site();
    sarif(&golden, std::path::Path::new("."));
}

/// A draft that looks like a report already written gets a note in human
/// output ("looks like INC-…: same service, same factor"), whether the
/// site or the draft alone is checked; the machine formats have no notes.
#[test]
fn a_draft_like_an_earlier_report_gets_a_note() {
    let site = TempDir::new("looks-like");
    site.write("retrospect.yaml", "title: T\ntimezone: UTC\n");
    site.write(
        "reports/old.md",
        "---\ntitle: Checkout cache eviction storm\nid: INC-2025-014\ndate: 2025-03-14\n\
         severity: trivial\nstatus: published\nsummary: Checkout slowed.\nauthors: [jo]\n\
         services: [checkout]\nstarted: \"09:00\"\nresolved: \"10:00\"\n\
         impact: {summary: Slow checkout.}\nfactors: [change, capacity]\n---\nBody.\n",
    );
    let draft = |slug: &str, title: &str, service: &str, factors: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2026-11-14\nseverity: trivial\nstatus: draft\n\
             services: [{service}]\nstarted: \"09:00\"\n{factors}---\nBody of {slug}.\n"
        )
    };
    site.write(
        "reports/new.md",
        draft(
            "new",
            "Checkout cache eviction again",
            "checkout",
            "factors: [change, capacity]\n",
        ),
    );
    site.write(
        "reports/other.md",
        draft("other", "Printer jam in the office", "printing", ""),
    );
    let note = "note: reports/new.md looks like INC-2025-014: same service checkout, same factor change, capacity\n";
    let check = |args: &[&str]| {
        let out = run(bin()
            .current_dir(&site.0)
            .arg("check")
            .args(args)
            .args(["--today", "2026-11-20"]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let whole = check(&["."]);
    assert!(whole.contains(note), "{whole}");
    assert!(!whole.contains("reports/other.md looks like"), "{whole}");
    assert!(
        whole.ends_with("checked 3 reports: 0 errors, 0 warnings\n"),
        "{whole}"
    );
    assert!(check(&["reports/new.md"]).contains(note));
    assert!(!check(&["reports/other.md"]).contains("looks like"));
    assert!(!check(&["--format", "json", "."]).contains("looks like"));
}
