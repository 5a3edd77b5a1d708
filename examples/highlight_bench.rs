//! Times syntax highlighting alone, by language, on the fenced code blocks
//! of a site's reports (issue 19: what highlighting costs of a build).
//!
//! ```text
//! cargo run --release --example highlight_bench -- <SITE>
//! ```
//!
//! Reads every `reports/**/*.md`, takes each fenced block with a language,
//! and highlights them all, in file order, through
//! `retrospect::render::highlight::highlight` (with its memos, as a build
//! does), in parallel as a build does. Prints, by language, the blocks,
//! bytes, CPU time and MB/s, and the wall time of the whole.

use std::collections::BTreeMap;
use std::time::Duration;

/// This thread's CPU time: the machine may be shared, and wall time would
/// count the time other processes ran.
fn cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn main() {
    let site = std::env::args()
        .nth(1)
        .expect("usage: highlight_bench <SITE>");
    let mut files: Vec<_> = walkdir::WalkDir::new(std::path::Path::new(&site).join("reports"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut blocks: Vec<(String, String)> = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let mut open: Option<(String, String)> = None;
        for line in text.lines() {
            match &mut open {
                None => {
                    if let Some(lang) = line.strip_prefix("```")
                        && !lang.is_empty()
                    {
                        open = Some((lang.trim().to_string(), String::new()));
                    }
                }
                Some((_, code)) if line.starts_with("```") => {
                    let _ = code;
                    blocks.push(open.take().expect("open"));
                }
                Some((_, code)) => {
                    code.push_str(line);
                    code.push('\n');
                }
            }
        }
    }
    // In parallel on rayon's pool, as a build renders pages
    // (`RAYON_NUM_THREADS=1` for one thread); each block's time is the CPU
    // time of the thread that highlighted it.
    use rayon::prelude::*;
    let wall = std::time::Instant::now();
    let timed: Vec<(Duration, usize)> = blocks
        .par_iter()
        .map(|(lang, code)| {
            let start = cpu();
            let html = retrospect::render::highlight::highlight(code, lang);
            let took = cpu() - start;
            std::hint::black_box(html);
            (took, code.len())
        })
        .collect();
    let wall = wall.elapsed();
    let mut by_lang: BTreeMap<String, (usize, usize, Duration)> = BTreeMap::new();
    for ((lang, _), (took, len)) in blocks.iter().zip(&timed) {
        let entry = by_lang.entry(lang.clone()).or_default();
        entry.0 += 1;
        entry.1 += len;
        entry.2 += *took;
    }
    let total: Duration = timed.iter().map(|t| t.0).sum();
    for (lang, (n, bytes, took)) in &by_lang {
        println!(
            "{lang:8} {n:6} blocks {:8.1} KB {:8.3} s {:6.2} MB/s",
            *bytes as f64 / 1e3,
            took.as_secs_f64(),
            *bytes as f64 / 1e6 / took.as_secs_f64()
        );
    }
    let bytes: usize = by_lang.values().map(|v| v.1).sum();
    println!(
        "all      {:6} blocks {:8.1} KB {:8.3} s {:6.2} MB/s; wall {:.3} s",
        blocks.len(),
        bytes as f64 / 1e3,
        total.as_secs_f64(),
        bytes as f64 / 1e6 / total.as_secs_f64(),
        wall.as_secs_f64()
    );
}
