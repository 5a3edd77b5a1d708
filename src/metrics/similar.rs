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
use std::collections::HashMap;

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

/// The search's index over a site's reports: each report's terms (as
/// numbers), the reports of each term, each term's weight and each
/// report's norm. Made once; then each report's similar ones are found
/// from it alone, so that a page rendered alone (`serve`) or a draft
/// checked alone asks only for its own.
pub struct Index {
    docs: Vec<Vec<usize>>,
    postings: Vec<Vec<usize>>,
    /// idf²: the weight of a shared term in the dot product.
    weight: Vec<f64>,
    norm: Vec<f64>,
}

impl Index {
    pub fn new(reports: &[std::sync::Arc<Report>]) -> Index {
        use rayon::prelude::*;
        // Each report's terms in parallel; numbered in report order by
        // `of_terms`, so the numbers (and the sums over them) do not depend
        // on the threads.
        let terms: Vec<Vec<String>> = reports.par_iter().map(|r| terms(r)).collect();
        Index::of_terms(terms.iter().map(Vec::as_slice))
    }

    /// The index of reports whose [`terms`] are these, in the reports'
    /// order: the same index as [`Index::new`]'s (terms are numbered in the
    /// same order), from terms made earlier.
    pub fn of_terms<'a>(reports: impl Iterator<Item = &'a [String]>) -> Index {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let docs: Vec<Vec<usize>> = reports
            .map(|terms| {
                let mut t: Vec<usize> = terms
                    .iter()
                    .map(|term| {
                        let next = ids.len();
                        *ids.entry(term.as_str()).or_insert(next)
                    })
                    .collect();
                t.sort_unstable();
                t
            })
            .collect();
        let mut postings: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
        for (i, doc) in docs.iter().enumerate() {
            for &t in doc {
                postings[t].push(i);
            }
        }
        let n = docs.len();
        let weight: Vec<f64> = postings
            .iter()
            .map(|p| {
                let idf = (n as f64 / p.len() as f64).ln();
                idf * idf
            })
            .collect();
        let norm: Vec<f64> = docs
            .iter()
            .map(|d| d.iter().map(|&t| weight[t]).sum::<f64>().sqrt())
            .collect();
        Index {
            docs,
            postings,
            weight,
            norm,
        }
    }

    /// The indexes of up to [`MAX`] reports like report `i` of `reports`
    /// (the reports the index was made from), most similar first, leaving
    /// out those it is already linked with (`related` both ways,
    /// `recurrence_of` both ways).
    pub fn similar_to(&self, reports: &[std::sync::Arc<Report>], i: usize) -> Vec<usize> {
        let (docs, postings, weight, norm) = (&self.docs, &self.postings, &self.weight, &self.norm);
        if norm[i] == 0.0 {
            return Vec::new();
        }
        let linked = |j: usize| {
            let names = |a: &Report, b: &Report| {
                a.related.iter().any(|s| s == &b.slug) || a.recurrence_of.as_ref() == Some(&b.slug)
            };
            names(&reports[i], &reports[j]) || names(&reports[j], &reports[i])
        };
        let mut scores: HashMap<usize, f64> = HashMap::new();
        for &t in &docs[i] {
            if postings[t].len() > COMMON || weight[t] == 0.0 {
                continue;
            }
            for &j in &postings[t] {
                if j != i {
                    *scores.entry(j).or_default() += weight[t];
                }
            }
        }
        // Add what the common terms share, for the candidates found.
        let common: Vec<usize> = docs[i]
            .iter()
            .copied()
            .filter(|&t| postings[t].len() > COMMON && weight[t] > 0.0)
            .collect();
        let mut best: Vec<(f64, usize)> = scores
            .into_iter()
            .map(|(j, dot)| {
                let extra: f64 = common
                    .iter()
                    .filter(|t| docs[j].binary_search(t).is_ok())
                    .map(|&t| weight[t])
                    .sum();
                ((dot + extra) / (norm[i] * norm[j]), j)
            })
            .filter(|&(score, j)| score >= THRESHOLD && !linked(j))
            .collect();
        // Most similar first; ties by position (newest first), so the
        // same site gives the same suggestions.
        best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        best.into_iter().take(MAX).map(|(_, j)| j).collect()
    }
}

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
