//! The benchmark corpus generator (examples/gen_corpus.rs) keeps the
//! promises BENCHMARKS.md makes for it: the same arguments give the same
//! bytes, and what it writes passes `check` with no error, with reports of
//! 2–10 KB, of every severity and status.

use crate::support::{TempDir, check_json};
use std::collections::BTreeSet;
use std::path::Path;

#[allow(dead_code)]
#[path = "../../examples/gen_corpus.rs"]
mod gen_corpus;

/// Every file below `dir` with its bytes, by path relative to `dir`.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_corpus_generator_is_deterministic_and_its_reports_pass_check() {
    const COUNT: usize = 300;
    let dir = TempDir::new("corpus");
    let (a, b, other) = (dir.0.join("a"), dir.0.join("b"), dir.0.join("seed-2"));
    gen_corpus::generate(COUNT, 1, &a).unwrap();
    gen_corpus::generate(COUNT, 1, &b).unwrap();
    gen_corpus::generate(COUNT, 2, &other).unwrap();
    let (first, second) = (tree(&a), tree(&b));
    assert_eq!(
        first.iter().map(|f| &f.0).collect::<Vec<_>>(),
        second.iter().map(|f| &f.0).collect::<Vec<_>>(),
        "the same arguments, the same files"
    );
    for ((path, x), (_, y)) in first.iter().zip(&second) {
        assert!(
            x == y,
            "{path} differs between two runs with the same arguments"
        );
    }
    assert_ne!(tree(&other), first, "another seed, another corpus");

    let reports: Vec<&(String, Vec<u8>)> =
        first.iter().filter(|(p, _)| p.ends_with(".md")).collect();
    assert_eq!(reports.len(), COUNT);
    assert_eq!(first.len(), COUNT + 1, "the reports and retrospect.yaml");
    let mut severities = BTreeSet::new();
    let mut statuses = BTreeSet::new();
    for (path, bytes) in &reports {
        assert!(
            (2048..=10_000).contains(&bytes.len()),
            "{path}: {} bytes",
            bytes.len()
        );
        let front = crate::support::front_matter_json(std::str::from_utf8(bytes).unwrap());
        severities.insert(front["severity"].as_str().unwrap().to_string());
        statuses.insert(front["status"].as_str().unwrap().to_string());
    }
    assert_eq!(
        severities,
        BTreeSet::from(["critical", "major", "minor", "trivial"].map(String::from))
    );
    assert_eq!(
        statuses,
        BTreeSet::from(["draft", "in-review", "published"].map(String::from))
    );

    // As scripts/bench.sh checks it: no error, and no warning either.
    let (code, json) = check_json(&a, &["--deny-warnings"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["reports"], COUNT, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0, "{json:#}");
    assert_eq!(json["summary"]["warnings"], 0, "{json:#}");
}
