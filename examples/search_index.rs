//! Times building the search index from the model, as `retrospect build`
//! does, without rendering the pages: the figure BENCHMARKS.md compares
//! with running Pagefind's command line over the built HTML.
//!
//! ```sh
//! cargo run --release --example search_index -- target/bench/corpus-10000 [public]
//! ```
//!
//! Prints the seconds spent on the index alone (reading and validating the
//! reports are not counted), how many files it has and their size.

/// As in the binary: the allocator is part of what is measured.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use retrospect::pipeline::{self, OnErrors, Request};
use retrospect::site::Audience;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    retrospect::memory::without_huge_pages(); // as in the binary
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: search_index SITE [public]"));
    let audience = match args.next().as_deref() {
        Some("public") => Audience::Public,
        _ => Audience::Internal,
    };
    let config = retrospect::config::load(&dir).unwrap_or_else(|_| panic!("bad config"));
    let run = pipeline::prepare(
        Request {
            site: &dir,
            config,
            audience,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            search: true,
            attachments: true,
            git_dates: false,
            on_errors: OnErrors::Stop,
        },
        None,
    )
    .expect("a site");
    let prepared = run.prepared.expect("reports without errors");
    let model = prepared.site();
    let started = Instant::now();
    let files = retrospect::search::index(model).expect("an index");
    let seconds = started.elapsed().as_secs_f64();
    let bytes: usize = files
        .iter()
        .map(|f| match &f.content {
            retrospect::output::Content::Bytes(b) => b.len(),
            retrospect::output::Content::Copy(_) => 0,
        })
        .sum();
    println!(
        "indexed {} reports in {seconds:.2} s: {} files, {:.1} MB",
        model.reports().len(),
        files.len(),
        bytes as f64 / 1e6
    );
}
