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
/// checked alone asks only for its own. `serve` patches it for the reports
/// an edit changed ([`Index::patched`]).
///
/// Every sum runs over a report's terms in the order of their text (the
/// order [`terms`] gives), not of their numbers, so the figures do not
/// depend on how terms were numbered: an index patched for an edit, whose
/// new terms are numbered last, gives what a new one gives.
#[derive(Clone)]
pub struct Index {
    /// Each report's terms, in the order of their text.
    docs: Vec<Vec<usize>>,
    /// The same, sorted by number (to look one up).
    sorted: Vec<Vec<usize>>,
    /// The reports of each term, in no particular order.
    postings: Vec<Vec<usize>>,
    /// idf²: the weight of a shared term in the dot product.
    weight: Vec<f64>,
    norm: Vec<f64>,
    ids: HashMap<String, usize>,
}

impl Index {
    pub fn new(reports: &[std::sync::Arc<Report>]) -> Index {
        use rayon::prelude::*;
        // Each report's terms in parallel; numbered in report order by
        // `of_terms`.
        let terms: Vec<Vec<String>> = reports.par_iter().map(|r| terms(r)).collect();
        Index::of_terms(terms.iter().map(Vec::as_slice))
    }

    /// The index of reports whose [`terms`] are these, in the reports'
    /// order: the same index as [`Index::new`]'s, from terms made earlier.
    pub fn of_terms<'a>(reports: impl Iterator<Item = &'a [String]>) -> Index {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let docs: Vec<Vec<usize>> = reports
            .map(|terms| {
                terms
                    .iter()
                    .map(|term| match ids.get(term.as_str()) {
                        Some(&id) => id,
                        None => {
                            let id = ids.len();
                            ids.insert(term.clone(), id);
                            id
                        }
                    })
                    .collect()
            })
            .collect();
        let mut postings: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
        for (i, doc) in docs.iter().enumerate() {
            for &t in doc {
                postings[t].push(i);
            }
        }
        let mut index = Index {
            sorted: docs.iter().map(|d| sorted(d)).collect(),
            norm: vec![0.0; docs.len()],
            weight: vec![0.0; postings.len()],
            docs,
            postings,
            ids,
        };
        for t in 0..index.postings.len() {
            index.weigh(t);
        }
        for i in 0..index.docs.len() {
            index.measure(i);
        }
        index
    }

    /// Term `t`'s weight, from how many reports have it.
    fn weigh(&mut self, t: usize) {
        let (n, with) = (self.docs.len() as f64, self.postings[t].len() as f64);
        self.weight[t] = match with {
            0.0 => 0.0,
            _ => (n / with).ln().powi(2),
        };
    }

    /// Report `i`'s norm, from its terms' weights.
    fn measure(&mut self, i: usize) {
        self.norm[i] = self.docs[i]
            .iter()
            .map(|&t| self.weight[t])
            .sum::<f64>()
            .sqrt();
    }

    /// This index (of the last site's reports) brought up to date for a
    /// site of as many reports: `now[j]` are the terms of report `j` now,
    /// and `was[j]`, when it is `Some`, the index of the same terms in the
    /// last site (a report that kept its terms, perhaps at another place).
    /// The reports whose terms changed (`None`) get their new terms; the
    /// weights of those terms and the norms of the reports that have them
    /// are worked out again. What [`Index::of_terms`] gives for `now`.
    pub fn patched(&self, now: &[&[String]], was: &[Option<usize>]) -> Index {
        let n = now.len();
        assert_eq!(n, self.docs.len(), "as many reports as before");
        let mut index = self.clone();
        // Each report of the last site's index now, where it kept its
        // terms; the others' places are taken by the edited reports.
        let mut new_of_old = vec![usize::MAX; n];
        for (j, w) in was.iter().enumerate() {
            if let Some(o) = *w {
                new_of_old[o] = j;
            }
        }
        if was.iter().enumerate().any(|(j, w)| *w != Some(j)) {
            // Every place that changed hands: the edited reports' old
            // terms are taken out below, from wherever they are now.
            let free: Vec<usize> = (0..n).filter(|&j| was[j].is_none()).collect();
            let mut free = free.into_iter();
            for slot in new_of_old.iter_mut().filter(|s| **s == usize::MAX) {
                *slot = free.next().expect("as many places as reports");
            }
            for (o, &j) in new_of_old.iter().enumerate() {
                index.docs[j] = self.docs[o].clone();
                index.sorted[j] = self.sorted[o].clone();
                index.norm[j] = self.norm[o];
            }
            for list in &mut index.postings {
                for i in list.iter_mut() {
                    *i = new_of_old[*i];
                }
            }
        }
        let mut changed: Vec<usize> = Vec::new();
        for j in (0..n).filter(|&j| was[j].is_none()) {
            for &t in &index.docs[j] {
                let list = &mut index.postings[t];
                if let Some(at) = list.iter().position(|&d| d == j) {
                    list.swap_remove(at);
                }
                changed.push(t);
            }
            let doc: Vec<usize> = now[j]
                .iter()
                .map(|term| match index.ids.get(term.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = index.postings.len();
                        index.ids.insert(term.clone(), id);
                        index.postings.push(Vec::new());
                        index.weight.push(0.0);
                        id
                    }
                })
                .collect();
            for &t in &doc {
                index.postings[t].push(j);
                changed.push(t);
            }
            index.sorted[j] = sorted(&doc);
            index.docs[j] = doc;
        }
        changed.sort_unstable();
        changed.dedup();
        let mut touched: Vec<usize> = (0..n).filter(|&j| was[j].is_none()).collect();
        for &t in &changed {
            index.weigh(t);
            touched.extend(&index.postings[t]);
        }
        touched.sort_unstable();
        touched.dedup();
        for i in touched {
            index.measure(i);
        }
        index
    }

    /// The indexes of up to [`MAX`] reports like report `i` of `reports`
    /// (the reports the index was made from), most similar first, leaving
    /// out those it is already linked with (`related` both ways,
    /// `recurrence_of` both ways).
    pub fn similar_to(&self, reports: &[std::sync::Arc<Report>], i: usize) -> Vec<usize> {
        let (docs, postings, weight, norm) = (&self.docs, &self.postings, &self.weight, &self.norm);
        let sorted = &self.sorted;
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
                    .filter(|t| sorted[j].binary_search(t).is_ok())
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

/// `doc`'s terms, sorted by number.
fn sorted(doc: &[usize]) -> Vec<usize> {
    let mut sorted = doc.to_vec();
    sorted.sort_unstable();
    sorted
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// The example site's reports.
    fn example() -> Vec<Arc<Report>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-reports");
        let config = crate::config::load(&dir).unwrap();
        let options = crate::pipeline::Options {
            today: chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
            only: None,
            keep_reports: true,
        };
        crate::pipeline::run(&dir, &config, &options)
            .unwrap()
            .reports
    }

    /// Each term's weight, by its text, and each report's norm and
    /// similar ones.
    type Figures = (Vec<(String, u64)>, Vec<u64>, Vec<Vec<usize>>);

    fn figures(index: &Index, reports: &[Arc<Report>]) -> Figures {
        let mut weights: Vec<(String, u64)> = index
            .ids
            .iter()
            .filter(|(_, t)| !index.postings[**t].is_empty())
            .map(|(term, &t)| (term.clone(), index.weight[t].to_bits()))
            .collect();
        weights.sort();
        let norms = index.norm.iter().map(|n| n.to_bits()).collect();
        let similar = (0..reports.len())
            .map(|i| index.similar_to(reports, i))
            .collect();
        (weights, norms, similar)
    }

    /// Patches the index of `reports` for the site whose report `j` is
    /// `order[j]` of `reports`, with the terms of those in `edited` changed,
    /// and checks it against the index made anew.
    fn check(reports: &[Arc<Report>], order: &[usize], edited: &[usize]) {
        let before: Vec<Vec<String>> = reports.iter().map(|r| terms(r)).collect();
        let index = Index::of_terms(before.iter().map(Vec::as_slice));
        let now_reports: Vec<Arc<Report>> =
            order.iter().map(|&o| Arc::clone(&reports[o])).collect();
        let now: Vec<Vec<String>> = order
            .iter()
            .map(|&o| {
                let mut t = before[o].clone();
                if edited.contains(&o) {
                    t.remove(0);
                    t.push("t:a-tag-no-report-has".into());
                    t.push(format!("w{o}"));
                    t.sort();
                }
                t
            })
            .collect();
        let was: Vec<Option<usize>> = order
            .iter()
            .map(|&o| (!edited.contains(&o)).then_some(o))
            .collect();
        let slices: Vec<&[String]> = now.iter().map(Vec::as_slice).collect();
        let patched = index.patched(&slices, &was);
        let fresh = Index::of_terms(now.iter().map(Vec::as_slice));
        assert!(
            figures(&patched, &now_reports) == figures(&fresh, &now_reports),
            "order {order:?}, edited {edited:?}"
        );
    }

    #[test]
    fn an_index_patched_for_edits_and_moves_is_the_index_made_anew() {
        let reports = example();
        let n = reports.len();
        let same: Vec<usize> = (0..n).collect();
        check(&reports, &same, &[n / 2]);
        check(&reports, &same, &[0, n / 2, n - 1]);
        // The report in the middle moved first, edited or not.
        let mut moved = same.clone();
        let middle = moved.remove(n / 2);
        moved.insert(0, middle);
        check(&reports, &moved, &[middle]);
        check(&reports, &moved, &[]);
        check(&reports, &moved, &[middle, n - 1]);
    }
}
