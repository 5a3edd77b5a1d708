//! Similar incidents, suggested at build time: for each report, up to three
//! others that share its services, tags, kind, categories of contributing
//! factor and words of title and
//! summary, weighted by how rare each is (TF-IDF, cosine similarity), above
//! a threshold so that weak matches are not shown.
//!
//! Not quadratic: candidates come from an inverted index, and a term that
//! more than [`COMMON`] reports share (a service every incident names, a
//! common word) finds no candidates of its own; it still counts in the
//! score of reports that other terms bring together. The work per report is
//! therefore bounded by its terms times `COMMON`, whatever the site's size
//! (BENCHMARKS.md measures 1,000 to 100,000 reports).

use crate::model::Report;

/// How many suggestions a report gets at most.
pub const MAX: usize = 3;
/// The least similarity (cosine, 0 to 1) a suggestion needs.
pub const THRESHOLD: f64 = 0.35;
/// A term shared by more reports than this brings no candidates.
pub const COMMON: usize = 200;

/// Words too common in incident reports to say anything.
const STOP: &[&str] = &[
    "the", "and", "for", "with", "from", "after", "during", "was", "were", "are", "not", "but",
    "its", "into", "our", "out", "all", "some", "when", "that", "this", "than", "then", "had",
    "has", "have", "been", "users", "incident",
];

/// The terms of a report, each once and sorted: `s:service`, `t:tag`,
/// `k:kind`, `f:category` (of each contributing factor) and the words
/// (three letters or more) of its title and summary. They depend on the
/// report alone, so `serve` keeps them from one rebuild to the next
/// ([`Index::of_terms`]).
pub fn terms(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = r
        .services
        .iter()
        .map(|s| format!("s:{s}"))
        .chain(r.tags.iter().map(|t| format!("t:{t}")))
        .chain(r.kind.iter().map(|k| format!("k:{k}")))
        .chain(r.factors.iter().map(|f| format!("f:{}", f.category)))
        .collect();
    let text = format!("{} {}", r.title, r.summary.as_deref().unwrap_or(""));
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(&w.as_str()))
    {
        out.push(word);
    }
    out.sort();
    out.dedup();
    out
}

#[path = "similar_index.rs"]
mod index;
pub use index::Index;

/// For each report (by index), the indexes of up to [`MAX`] similar ones
/// ([`Index::similar_to`]), found in parallel.
pub fn similar(reports: &[std::sync::Arc<Report>]) -> Vec<Vec<usize>> {
    use rayon::prelude::*;
    let index = Index::new(reports);
    (0..reports.len())
        .into_par_iter()
        .map(|i| index.similar_to(reports, i))
        .collect()
}
