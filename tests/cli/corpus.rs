//! The benchmark corpus generator (examples/gen_corpus.rs) keeps the
//! promises BENCHMARKS.md makes for it, in both its shapes: the same
//! arguments give the same bytes, and what it writes passes `check` with
//! no error. The classic shape has reports of 2–10 KB of every severity and
//! status; the realistic one has the shape issue 19 describes (timelines,
//! actions, code blocks, tables, body sizes, internal reports, years).

use crate::support::{TempDir, check_json};
use gen_corpus::Shape;
use std::collections::BTreeSet;
use std::path::Path;

#[allow(dead_code)]
#[path = "../../examples/gen_corpus.rs"]
pub(crate) mod gen_corpus;

const COUNT: usize = 300;

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

/// Generates the corpus of `shape` twice with one seed and once with
/// another; the first two are the same bytes, the third is not. Returns
/// the reports (path, text) and the folder.
fn generated(shape: Shape, dir: &TempDir) -> (Vec<(String, String)>, std::path::PathBuf) {
    let name = format!("{shape:?}");
    let (a, b, other) = (
        dir.0.join(format!("{name}-a")),
        dir.0.join(format!("{name}-b")),
        dir.0.join(format!("{name}-seed-2")),
    );
    gen_corpus::generate(COUNT, 1, shape, &a).unwrap();
    gen_corpus::generate(COUNT, 1, shape, &b).unwrap();
    gen_corpus::generate(COUNT, 2, shape, &other).unwrap();
    let (first, second) = (tree(&a), tree(&b));
    assert_eq!(
        first.iter().map(|f| &f.0).collect::<Vec<_>>(),
        second.iter().map(|f| &f.0).collect::<Vec<_>>(),
        "{name}: the same arguments, the same files"
    );
    for ((path, x), (_, y)) in first.iter().zip(&second) {
        assert!(
            x == y,
            "{name}: {path} differs between two runs with the same arguments"
        );
    }
    assert_ne!(tree(&other), first, "{name}: another seed, another corpus");
    assert_eq!(first.len(), COUNT + 1, "the reports and retrospect.yaml");
    let reports: Vec<(String, String)> = first
        .into_iter()
        .filter(|(p, _)| p.ends_with(".md"))
        .map(|(p, bytes)| (p, String::from_utf8(bytes).unwrap()))
        .collect();
    assert_eq!(reports.len(), COUNT);
    (reports, a)
}

/// Every severity and status appears.
fn assert_every_severity_and_status(reports: &[(String, String)]) {
    let mut severities = BTreeSet::new();
    let mut statuses = BTreeSet::new();
    for (_, text) in reports {
        let front = crate::support::front_matter_json(text);
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
}

#[test]
fn the_classic_corpus_is_deterministic_and_its_reports_pass_check() {
    let dir = TempDir::new("corpus-classic");
    let (reports, site) = generated(Shape::Classic, &dir);
    for (path, text) in &reports {
        assert!(
            (2048..=10_000).contains(&text.len()),
            "{path}: {} bytes",
            text.len()
        );
    }
    assert_every_severity_and_status(&reports);
    // As scripts/bench.sh checks it: no error, and no warning either.
    let (code, json) = check_json(&site, &["--deny-warnings"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["reports"], COUNT, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0, "{json:#}");
    assert_eq!(json["summary"]["warnings"], 0, "{json:#}");
}

#[test]
fn the_realistic_corpus_is_deterministic_has_its_shape_and_passes_check() {
    let dir = TempDir::new("corpus-realistic");
    let (reports, site) = generated(Shape::Realistic, &dir);
    assert_every_severity_and_status(&reports);
    let (mut bodies, mut code_blocks, mut tables, mut internal) = (Vec::new(), 0, 0, 0);
    let (mut languages, mut years) = (BTreeSet::new(), BTreeSet::new());
    for (path, text) in &reports {
        let front = crate::support::front_matter_json(text);
        let timeline = front["timeline"].as_array().unwrap().len();
        assert!((8..=30).contains(&timeline), "{path}: {timeline} entries");
        let actions = front["actions"].as_array().unwrap().len();
        assert!((1..=8).contains(&actions), "{path}: {actions} actions");
        let body = &text[text[4..].find("\n---\n").unwrap() + 9..];
        bodies.push(body.len());
        let fences: Vec<&str> = body
            .lines()
            .filter_map(|l| l.strip_prefix("```"))
            .filter(|lang| !lang.is_empty())
            .collect();
        assert!(fences.len() <= 3, "{path}: {} code blocks", fences.len());
        code_blocks += fences.len();
        languages.extend(fences.into_iter().map(String::from));
        tables += usize::from(body.lines().any(|l| l.starts_with("| --- ")));
        internal += usize::from(front["visibility"] == "internal");
        years.insert(front["date"].as_str().unwrap()[..4].to_string());
    }
    bodies.sort_unstable();
    let (least, median, most) = (bodies[0], bodies[COUNT / 2], bodies[COUNT - 1]);
    assert!(
        least >= 2300 && most <= 9600,
        "bodies {least}..{most} bytes"
    );
    assert!(
        (4500..=5500).contains(&median),
        "median body {median} bytes"
    );
    let per_report = code_blocks as f64 / COUNT as f64;
    assert!(
        (1.1..=1.5).contains(&per_report),
        "{per_report} code blocks"
    );
    assert_eq!(
        languages,
        BTreeSet::from(
            ["bash", "json", "nginx", "python", "rust", "sql", "yaml"].map(String::from)
        )
    );
    assert!(
        (120..=180).contains(&tables),
        "{tables} reports with a table"
    );
    assert!((40..=80).contains(&internal), "{internal} internal reports");
    assert_eq!(years.len(), 10, "ten years: {years:?}");

    // No error; the warnings are the actions left open past their due date.
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["reports"], COUNT, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0, "{json:#}");
    let codes: BTreeSet<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, BTreeSet::from(["R102"]), "{json:#}");
}
