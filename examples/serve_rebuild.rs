//! Measures what `retrospect serve` does after one report is saved: the
//! rebuild (read and check the changed file, the rules across reports, the
//! model, indexes and routes, and rendering the changed report's page and
//! the home page), then the first request of each page a reader would
//! open next, for four kinds of edit.
//!
//! ```text
//! cargo run --release --example serve_rebuild -- <SITE> [RUNS]
//! ```
//!
//! SITE is a site folder, e.g. a tmpfs copy of the generated corpus
//! (`cargo run --release --example gen_corpus -- 10000 target/bench/corpus-10000`).
//! The edited report is the one in the middle of the site (by file name)
//! that has an open action. The kinds of edit (`EDITS=body,summary,...`
//! picks some; all by default):
//!
//! - `body`: a line appended to the body;
//! - `summary`: the summary's text changed;
//! - `severity`: the severity changed (to the next level, and back);
//! - `due`: the first action's due date moved (10 days overdue, then due
//!   in 10 days: it moves between the overdue and due-soon lists);
//! - `tag` (only when asked for): a tag no other report has added, then
//!   taken away again, so that a group and its page appear and go.
//!
//! Each rebuild follows one edit, with that file named as changed (as the
//! watcher does), and is followed by the first request of one page, as a
//! server that was just rebuilt serves it ([`SiteInMemory::file`]): so each
//! page is measured as the very first request after a rebuild, and a run
//! is one rebuild per page. Prints mean ± standard deviation, median, 95th
//! percentile (nearest rank), maximum and minimum over RUNS runs (default
//! 5) after one warm-up run; the report is
//! restored at the end. `REBUILD_ONLY=1` skips the requests (one rebuild
//! per run).

use retrospect::serve::rebuild::{Builder, Changes, Settings};
use retrospect::serve::state::SiteInMemory;

/// The allocator the `retrospect` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use chrono::NaiveDate;
use retrospect::site::Audience;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const TODAY: (i32, u32, u32) = (2026, 1, 15);

fn main() {
    retrospect::memory::without_huge_pages(); // as in the binary
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next().map(PathBuf::from) else {
        eprintln!("usage: serve_rebuild <SITE> [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args
        .next()
        .map_or(5, |n| n.parse().expect("RUNS is a number"));
    let kinds: Vec<String> = std::env::var("EDITS")
        .unwrap_or_else(|_| "body,summary,severity,due".into())
        .split(',')
        .map(str::to_string)
        .collect();
    let today = NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).expect("a date");
    let mut builder = Builder::new(Settings {
        site: site.clone(),
        audience: Audience::Internal,
        today: Some(today),
        base_url: "http://127.0.0.1:4300/".into(),
    });

    let started = Instant::now();
    let first = builder
        .rebuild(&Changes::everything())
        .unwrap_or_else(|p| panic!("the site has errors: {p:?}"));
    let site_view = first.plan.site();
    let reports = site_view.reports().len();
    println!(
        "first build of {reports} reports (into memory, pages rendered on request): {:.0} ms",
        ms(started.elapsed())
    );
    let levels: Vec<String> = site_view
        .config()
        .severities
        .iter()
        .map(|l| l.name.clone())
        .collect();
    // The report in the middle of the site, by file name, with an open
    // action.
    let mut candidates: Vec<_> = site_view
        .reports()
        .iter()
        .filter(|r| r.actions.iter().any(|a| !a.status.is_closed()))
        .collect();
    candidates.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    let report = candidates[candidates.len() / 2];
    let rel = report.rel_path.clone();
    let slug = report.slug.to_string();
    let owner = &report.actions[0].owner;
    let team = site_view
        .config()
        .people
        .iter()
        .find(|(handle, p)| p.name.as_deref().unwrap_or(handle) == owner.as_str())
        .and_then(|(_, p)| p.team.clone());
    let mut pages = vec![
        ("the edited report", format!("reports/{slug}/index.html")),
        ("home page", "index.html".into()),
        ("actions/", "actions/index.html".into()),
        ("actions/overdue/", "actions/overdue/index.html".into()),
        ("actions/due-soon/", "actions/due-soon/index.html".into()),
        ("severity page", String::new()), // the report's severity, after the edit
        ("metrics/", "metrics/index.html".into()),
        ("search/", "search/index.html".into()),
        ("reports.json", "reports.json".into()),
        ("actions.json", "actions.json".into()),
        ("feed.xml", "feed.xml".into()),
    ];
    if let Some(team) = &team {
        let path = format!("actions/teams/{}/index.html", slug::slugify(team));
        assert!(first.plan.paths().any(|p| p == path), "{path} exists");
        pages.push(("team page", path));
    }
    let path = site.join("reports").join(&rel);
    let original = std::fs::read_to_string(&path).expect("the report reads");
    println!(
        "edited report: {rel} (severity {}, owner {owner})",
        report.severity
    );
    drop(first);
    if std::env::var_os("REBUILD_ONLY").is_some() {
        pages.truncate(1);
    }

    let mut edit = 0;
    for kind in &kinds {
        let mut stages: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
        let (mut totals, mut cpus) = (Vec::new(), Vec::new());
        let mut requests: Vec<Vec<f64>> = vec![Vec::new(); pages.len()];
        for run in 0..runs + 1 {
            for (p, (name, page)) in pages.iter().enumerate() {
                edit += 1;
                let text = edited(kind, &original, edit, &levels, today);
                std::fs::write(&path, &text.0).expect("writable");
                let started = Instant::now();
                let cpu_started = thread_cpu();
                let built = builder
                    .rebuild(&Changes {
                        reports: vec![rel.clone()],
                        ..Changes::default()
                    })
                    .unwrap_or_else(|p| panic!("the site has errors: {p:?}"));
                let total = started.elapsed();
                let cpu = thread_cpu()
                    .zip(cpu_started)
                    .map(|(end, start)| end - start);
                let timings = built.timings.clone();
                let edited = built
                    .plan
                    .site()
                    .reports()
                    .iter()
                    .find(|r| r.rel_path == rel)
                    .expect("the report is in the site")
                    .clone();
                text.1.check(&edited);
                let page = match *name {
                    "severity page" => format!("severity/{}/index.html", edited.severity),
                    _ => page.clone(),
                };
                let served = SiteInMemory::new(built, None);
                let started = Instant::now();
                let output = served.file(&page).expect("exists").expect("renders");
                let request = started.elapsed();
                if p == 0 && matches!(kind.as_str(), "body" | "summary") {
                    let html = String::from_utf8_lossy(match &output.content {
                        retrospect::output::Content::Bytes(b) => b,
                        retrospect::output::Content::Copy(_) => &[],
                    })
                    .into_owned();
                    let marker = format!("Edit number {edit}.");
                    assert!(html.contains(&marker), "the page shows the {kind} edit");
                }
                // Freed on another thread, as the server does.
                std::thread::spawn(move || drop(served));
                if run >= 1 {
                    totals.push(ms(total));
                    if let Some(cpu) = cpu {
                        cpus.push(ms(cpu));
                    }
                    for (stage, d) in &timings.0 {
                        stages.entry(stage).or_default().push(ms(*d));
                    }
                    requests[p].push(ms(request));
                }
            }
        }
        println!(
            "\n{kind} edit: rebuild after one report changed, {reports} reports, {} rebuilds (ms):",
            totals.len()
        );
        for stage in STAGES {
            if let Some(values) = stages.get(stage) {
                println!("  {stage:<28} {}", stats(values));
            }
        }
        println!("  {:<28} {}", "total", stats(&totals));
        if !cpus.is_empty() {
            // Time on a CPU, not waiting for one: steadier on a busy machine.
            println!("  {:<28} {}", "CPU time of the thread", stats(&cpus));
        }
        println!("  first request of each page after a rebuild (ms):");
        for ((name, _), values) in pages.iter().zip(&requests) {
            println!("  {name:<28} {}", stats(values));
        }
    }
    std::fs::write(&path, original).expect("restored");
}

/// What an edit should have changed, to check that the rebuilt site has it.
enum Expect {
    Marker,
    Severity(String),
    Due(NaiveDate),
    /// Whether the report has the tag of its own.
    Tag(bool),
}

impl Expect {
    fn check(&self, report: &retrospect::model::Report) {
        match self {
            Expect::Marker => {}
            Expect::Severity(level) => assert_eq!(&report.severity, level),
            Expect::Due(due) => assert_eq!(report.actions[0].due, Some(*due)),
            Expect::Tag(has) => {
                assert_eq!(report.tags.iter().any(|t| t == "a-tag-of-its-own"), *has)
            }
        }
    }
}

/// The report's text after edit number `n` of `kind`.
fn edited(
    kind: &str,
    original: &str,
    n: usize,
    levels: &[String],
    today: NaiveDate,
) -> (String, Expect) {
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    let position = |prefix: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("the report has a line `{prefix}`"))
    };
    let expect = match kind {
        "body" => {
            lines.push(format!("\nEdit number {n}."));
            Expect::Marker
        }
        "summary" => {
            let i = position("summary: \"");
            lines[i] =
                lines[i].replacen("summary: \"", &format!("summary: \"Edit number {n}. "), 1);
            Expect::Marker
        }
        "severity" => {
            let i = position("severity: ");
            let now = lines[i]["severity: ".len()..].trim().to_string();
            let at = levels.iter().position(|l| *l == now).unwrap_or(0);
            let level = match n % 2 {
                0 => now,
                _ => levels[(at + 1) % levels.len()].clone(),
            };
            lines[i] = format!("severity: {level}");
            Expect::Severity(level)
        }
        "due" => {
            let i = position("    due: ");
            let days = if n.is_multiple_of(2) { -10 } else { 10 };
            let due = today + chrono::Duration::days(days);
            lines[i] = format!("    due: {due}");
            Expect::Due(due)
        }
        "tag" => {
            let i = position("tags:");
            if n % 2 == 1 {
                lines.insert(i + 1, "  - a-tag-of-its-own".to_string());
            }
            Expect::Tag(n % 2 == 1)
        }
        other => panic!("no edit of kind {other}: body, summary, severity, due or tag"),
    };
    let mut text = lines.join("\n");
    text.push('\n');
    (text, expect)
}

/// The stages in the order the builder runs them.
const STAGES: [&str; 7] = [
    "configuration",
    "load, parse, validate",
    "git, model, audience",
    "indexes",
    "templates, theme",
    "routes",
    "render changed pages",
];

/// Time the current thread has spent on a CPU (Linux), which time spent
/// waiting for a CPU on a busy machine does not inflate.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn stats(values: &[f64]) -> String {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = match sorted.len() {
        0 => f64::NAN,
        l if l % 2 == 1 => sorted[l / 2],
        l => (sorted[l / 2 - 1] + sorted[l / 2]) / 2.0,
    };
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    // The nearest-rank 95th percentile: the value that 95% of the runs
    // are at or under.
    let p95 = sorted[((0.95 * n).ceil() as usize).clamp(1, sorted.len()) - 1];
    format!(
        "{mean:7.1} ± {sd:5.1}  median {median:7.1}  p95 {p95:7.1}  max {max:7.1}  (min {min:.1})"
    )
}
