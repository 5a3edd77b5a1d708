//! Measures what `retrospect serve` does after one report is saved: the
//! rebuild (read and check the changed file, the rules across reports, the
//! model, indexes and routes, and rendering the changed report's page and
//! the home page), then the first request of a few other pages.
//!
//! ```text
//! cargo run --release --example serve_rebuild -- <SITE> [RUNS]
//! ```
//!
//! SITE is a site folder, e.g. the generated corpus
//! (`cargo run --release --example gen_corpus -- 10000 target/bench/corpus-10000`).
//! Each run appends a line to the body of the report in the middle of the
//! site, rebuilds with that one file named as changed (as the watcher
//! does), and times each stage; the report is restored at the end. Prints
//! mean ± standard deviation (and the range) over RUNS runs (default 20),
//! after two warm-up runs.

use retrospect::serve::rebuild::{Builder, Changes, Settings};

/// The allocator the `retrospect` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use retrospect::site::Audience;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    retrospect::memory::without_huge_pages(); // as in the binary
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next().map(PathBuf::from) else {
        eprintln!("usage: serve_rebuild <SITE> [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args
        .next()
        .map_or(20, |n| n.parse().expect("RUNS is a number"));
    let mut builder = Builder::new(Settings {
        site: site.clone(),
        audience: Audience::Internal,
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 15),
        base_url: "http://127.0.0.1:4300/".into(),
    });

    let started = Instant::now();
    let first = builder
        .rebuild(&Changes::everything())
        .unwrap_or_else(|p| panic!("the site has errors: {p:?}"));
    let reports = first.plan.site().reports().len();
    println!(
        "first build of {reports} reports (into memory, pages rendered on request): {:.0} ms",
        ms(started.elapsed())
    );

    // The report in the middle of the site, by file name.
    let mut rels: Vec<String> = first
        .plan
        .site()
        .reports()
        .iter()
        .map(|r| r.rel_path.clone())
        .collect();
    rels.sort();
    let rel = rels[rels.len() / 2].clone();
    let path = site.join("reports").join(&rel);
    let original = std::fs::read_to_string(&path).expect("the report reads");
    drop(first);

    let mut stages: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut totals = Vec::new();
    let mut cpus = Vec::new();
    let mut requests: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    for run in 0..runs + 2 {
        std::fs::write(&path, format!("{original}\nEdit number {run}.\n")).expect("writable");
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
        let slug = built
            .plan
            .site()
            .reports()
            .iter()
            .find(|r| r.rel_path == rel)
            .map(|r| r.slug.to_string())
            .expect("the report is in the site");
        let page = format!("reports/{slug}/index.html");
        let html = built
            .rendered
            .iter()
            .find(|o| o.path == page)
            .map(|o| match &o.content {
                retrospect::output::Content::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                retrospect::output::Content::Copy(_) => String::new(),
            })
            .expect("the changed report's page is rendered by the rebuild");
        assert!(html.contains(&format!("Edit number {run}.")), "new content");
        let mut timed = Vec::new();
        let requests_too = std::env::var_os("REBUILD_ONLY").is_none();
        for (name, path) in [
            (
                "report page next to it",
                format!("reports/{}/index.html", neighbour(&built, &slug)),
            ),
            ("all actions page", "actions/index.html".to_string()),
            ("reports.json", "reports.json".to_string()),
        ]
        .into_iter()
        .filter(|_| requests_too)
        {
            let started = Instant::now();
            built
                .plan
                .render_path(&path)
                .expect("exists")
                .expect("renders");
            timed.push((name, started.elapsed()));
        }
        if run >= 2 {
            totals.push(ms(total));
            if let Some(cpu) = cpu {
                cpus.push(ms(cpu));
            }
            for (stage, d) in &built.timings.0 {
                stages.entry(stage).or_default().push(ms(*d));
            }
            for (name, d) in timed {
                requests.entry(name).or_default().push(ms(d));
            }
        }
    }
    std::fs::write(&path, original).expect("restored");

    println!("rebuild after one report changed, {reports} reports, {runs} runs (ms):");
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
    println!("first request after that rebuild (ms):");
    for (name, values) in &requests {
        println!("  {name:<28} {}", stats(values));
    }
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

fn neighbour(built: &retrospect::serve::rebuild::Built, slug: &str) -> String {
    let reports = &built.plan.site().reports();
    let i = reports
        .iter()
        .position(|r| r.slug.as_str() == slug)
        .unwrap_or(0);
    reports[(i + 1) % reports.len()].slug.to_string()
}

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
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(0.0, f64::max);
    format!("{mean:7.1} ± {sd:5.1}   (range {min:.1}–{max:.1})")
}
