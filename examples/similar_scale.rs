//! How the similar-incident search grows with the number of reports: reads
//! a corpus as `build` does, then times `metrics::similar::similar` alone.
//!
//! ```text
//! cargo run --release --example similar_scale -- CORPUS [RUNS]
//! ```
//!
//! Prints the reports, the median, smallest and largest time of RUNS runs
//! (5 by default), and how many reports got a suggestion.

use retrospect::metrics::similar;
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let site = Path::new(args.get(1).expect("usage: similar_scale CORPUS [RUNS]"));
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let config = retrospect::config::load(site).expect("a valid retrospect.yaml");
    let options = retrospect::pipeline::Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 15).expect("a date"),
        only: None,
        keep_reports: true,
    };
    let outcome = retrospect::pipeline::run(site, &config, &options).expect("the corpus reads");
    let reports = outcome.reports;
    let mut times = Vec::new();
    let mut found = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        found = similar::similar(&reports);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let with = found.iter().filter(|s| !s.is_empty()).count();
    println!(
        "{} reports: median {:.1} ms (range {:.1}–{:.1}, {runs} runs); {with} with a suggestion",
        reports.len(),
        times[runs / 2],
        times[0],
        times[runs - 1]
    );
}
