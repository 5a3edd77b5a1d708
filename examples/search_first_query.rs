//! The first query on a cold search page of a built site, in Debian's
//! headless Chromium: the time from submitting the query to the first
//! result on screen, the next query on the same page, and every byte the
//! page downloaded (the page, its styles and scripts, Pagefind's script,
//! WebAssembly, index and fragments), sent compressed as a static host
//! would. Each query runs in a new browser with an empty profile, so
//! nothing is cached. scripts/bench.sh runs it; BENCHMARKS.md has the
//! figures.
//!
//! ```sh
//! cargo run --release --example search_first_query -- SITE [QUERY,QUERY…] [ROUNDS]
//! ```
//!
//! `SITE` is a built site (`retrospect build … --out SITE`); the queries
//! default to "database,failover timeout,certificate", the rounds to 1.
//! `RETROSPECT_BENCH_WATERFALL=1` also prints when each file was asked for
//! and arrived. Exits with 1 when a query finds nothing or the page does
//! not answer within 20 s.
//!
//! The WebDriver client and the file server are the browser tests' own
//! (`tests/cli/browser/webdriver.rs`), included here.

#[allow(dead_code)]
#[path = "../tests/cli/browser/webdriver.rs"]
mod webdriver;

use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;
use webdriver::{Logged, Served, Session, serve_dir};

/// Submits `query` on the search page and waits for the first result on
/// screen; `{ ms, waterfall, found }` or `{ timeout }`.
const FIRST_QUERY_JS: &str = "const [query, done] = arguments;
const form = document.getElementById('search-form');
document.getElementById('search-q').value = query;
const start = performance.now();
form.requestSubmit();
(function poll() {
  if (document.querySelector('#search-results li')) {
    const ms = performance.now() - start;
    // Every download, from its start to its end, relative to the submit
    // (negative: before it).
    const waterfall = performance.getEntriesByType('resource').map((e) => [
      new URL(e.name).pathname, e.startTime - start, e.responseEnd - start,
    ]);
    done({ ms, waterfall, found: document.getElementById('search-status').textContent });
  } else if (performance.now() - start > 20000) {
    done({ timeout: true });
  } else {
    setTimeout(poll, 1);
  }
})();";

/// The next query on the same page, with the engine loaded: what typing
/// feels like after the first word.
const NEXT_QUERY_JS: &str = "const [query, done] = arguments;
const form = document.getElementById('search-form');
document.getElementById('search-results').replaceChildren();
document.getElementById('search-q').value = query;
const start = performance.now();
form.requestSubmit();
(function poll() {
  if (document.querySelector('#search-results li')) {
    done({ ms: performance.now() - start });
  } else if (performance.now() - start > 20000) {
    done({ timeout: true });
  } else {
    setTimeout(poll, 1);
  }
})();";

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next() else {
        eprintln!("usage: search_first_query SITE [QUERY,QUERY…] [ROUNDS]");
        std::process::exit(2);
    };
    let site = PathBuf::from(site);
    if !site.join("search").join("index.html").is_file() {
        eprintln!("{} is not a built site with search", site.display());
        std::process::exit(2);
    }
    let queries = args
        .next()
        .unwrap_or_else(|| "database,failover timeout,certificate".to_string());
    let rounds: usize = args.next().map_or(1, |r| r.parse().unwrap_or(1));
    let served = serve_dir(site, None);
    let mut failed = false;
    for round in 1..=rounds {
        if rounds > 1 {
            println!("round {round}");
        }
        for query in queries.split(',') {
            if let Err(e) = measure(&served, query) {
                println!("query {query:?}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}

fn measure(served: &Served, query: &str) -> Result<(), String> {
    let browser = Session::new(&[])?;
    served.log.lock().unwrap().clear();
    browser.goto(&format!("{}search/", served.base));
    let first = browser.exec_async(FIRST_QUERY_JS, json!([query]));
    if first.get("timeout").is_some() {
        return Err("no result on screen within 20 s".into());
    }
    // What the first query downloaded, not the next one.
    let log: Vec<Logged> = served.log.lock().unwrap().clone();
    let next = browser.exec_async(NEXT_QUERY_JS, json!([format!("{query} incident")]));
    let mut kinds: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (path, raw, sent) in &log {
        let kind = match path.split("/pagefind/").nth(1) {
            Some(rest) if rest.contains('/') => {
                format!("pagefind {}/", rest.split('/').next().unwrap())
            }
            Some(rest) => format!("pagefind {rest}"),
            None => path.clone(),
        };
        let e = kinds.entry(kind).or_default();
        e.0 += 1;
        e.1 += raw;
        e.2 += sent;
    }
    let search: usize = log
        .iter()
        .filter(|(p, _, _)| p.contains("/pagefind/") || p.ends_with("/search.js"))
        .map(|(_, _, sent)| sent)
        .sum();
    let all: usize = log.iter().map(|(_, _, sent)| sent).sum();
    println!(
        "query {query:?}: results on screen {:.0} ms after submitting, the next \
         query {:.0} ms; search files (scripts, index, chunks, fragments) {:.1} KB sent; the whole page {:.1} KB ({})",
        first["ms"].as_f64().unwrap_or(f64::NAN),
        next["ms"].as_f64().unwrap_or(f64::NAN),
        search as f64 / 1000.0,
        all as f64 / 1000.0,
        first["found"].as_str().unwrap_or(""),
    );
    for (kind, (n, raw, sent)) in kinds {
        println!(
            "    {kind}: {n} file(s), {:.1} KB, {:.1} KB sent",
            raw as f64 / 1000.0,
            sent as f64 / 1000.0
        );
    }
    if std::env::var_os("RETROSPECT_BENCH_WATERFALL").is_some() {
        for entry in first["waterfall"].as_array().into_iter().flatten() {
            println!(
                "    {:>6.0} → {:>6.0} ms  {}",
                entry[1].as_f64().unwrap_or(f64::NAN),
                entry[2].as_f64().unwrap_or(f64::NAN),
                entry[0].as_str().unwrap_or("")
            );
        }
    }
    Ok(())
}
