//! One fixture site per rule in `tests/fixtures/rules/<CODE>/`. Reports named
//! `pass*.md` must produce no diagnostic at all; `expected.txt` lists every
//! diagnostic the site must produce, one `file:line:column CODE` per line
//! (paths relative to `reports/`), and nothing else may appear.

use crate::support::{check_json, fixtures};
use std::path::Path;

fn diagnostics_of(site: &Path) -> (i32, Vec<String>) {
    let (code, json) = check_json(site, &[]);
    let reports = site.join("reports").canonicalize().unwrap();
    let mut found: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = Path::new(d["file"].as_str().expect("every rule names a file"));
            let rel = file
                .canonicalize()
                .unwrap()
                .strip_prefix(&reports)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            match (d["line"].as_u64(), d["column"].as_u64()) {
                (Some(line), Some(column)) => {
                    format!("{rel}:{line}:{column} {}", d["code"].as_str().unwrap())
                }
                _ => format!("{rel} {}", d["code"].as_str().unwrap()),
            }
        })
        .collect();
    found.sort();
    (code, found)
}

#[test]
fn every_rule_has_a_passing_and_a_failing_fixture() {
    let root = fixtures().join("rules");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let codes: Vec<&str> = retrospect::diagnostic::Code::ALL
        .iter()
        .map(|c| c.id())
        .filter(|id| *id != "R090" && *id != "R001")
        .collect();
    let names: Vec<String> = cases
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for code in &codes {
        assert!(
            names.iter().any(|n| n.starts_with(code)),
            "no fixture for {code} in tests/fixtures/rules"
        );
    }
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected_text = std::fs::read_to_string(case.join("expected.txt"))
            .unwrap_or_else(|_| panic!("{name}: no expected.txt"));
        let mut expected: Vec<String> = expected_text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        expected.sort();
        let (code, found) = diagnostics_of(case);
        let has_pass = std::fs::read_dir(case.join("reports"))
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().starts_with("pass"));
        let rule = &name[..4];
        if !has_pass {
            failures.push(format!("{name}: no pass*.md report"));
        }
        if !expected.iter().any(|e| e.ends_with(rule)) {
            failures.push(format!("{name}: expected.txt never mentions {rule}"));
        }
        if found != expected {
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  found    {found:?}"
            ));
        }
        let want_code = if expected
            .iter()
            .any(|e| e.split(' ').nth(1).is_some_and(|c| c < "R100"))
        {
            1
        } else {
            0
        };
        if code != want_code {
            failures.push(format!("{name}: exit code {code}, expected {want_code}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
