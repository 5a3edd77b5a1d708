//! The search's index over a site's reports ([`Index`]), made once and
//! patched for an edit (`serve`).

use super::{COMMON, MAX, Report, THRESHOLD, terms};
use std::collections::HashMap;
use std::sync::Arc;

/// The search's index over a site's reports: the terms of each document
/// (a report's terms, as numbers), the documents of each term, each term's
/// weight and each document's norm, and which document is each report's.
/// Made once; then each report's similar ones are found from it alone, so
/// that a page rendered alone (`serve`) or a draft checked alone asks only
/// for its own. `serve` patches it for the reports an edit changed or moved
/// ([`Index::patched`]): documents keep their numbers when reports move,
/// and the lists are shared with the last index but for those that change.
///
/// Every sum runs over a document's terms in the order of their text (the
/// order [`terms`] gives), not of their numbers, so the figures do not
/// depend on how terms or documents were numbered: a patched index gives
/// what a new one gives.
#[derive(Clone)]
pub struct Index {
    /// Each document's terms, in the order of their text.
    docs: Vec<Arc<[usize]>>,
    /// The same, sorted by number (to look one up).
    sorted: Vec<Arc<[usize]>>,
    /// The documents of each term, in no particular order.
    postings: Vec<Arc<[usize]>>,
    /// idf²: the weight of a shared term in the dot product.
    weight: Vec<f64>,
    /// By document.
    norm: Vec<f64>,
    /// The number of each term.
    ids: Arc<HashMap<String, usize>>,
    /// Terms numbered by a patch (few: shared `ids` are not copied).
    new_ids: HashMap<String, usize>,
    /// The document of each report, and the report of each document.
    doc_of: Vec<usize>,
    report_of: Vec<usize>,
}

impl Index {
    pub fn new(reports: &[Arc<Report>]) -> Index {
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
        let docs: Vec<Arc<[usize]>> = reports
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
            for &t in doc.iter() {
                postings[t].push(i);
            }
        }
        let n = docs.len();
        let mut index = Index {
            sorted: docs.iter().map(|d| sorted(d)).collect(),
            norm: vec![0.0; n],
            weight: vec![0.0; postings.len()],
            postings: postings.into_iter().map(Arc::from).collect(),
            docs,
            ids: Arc::new(ids),
            new_ids: HashMap::new(),
            doc_of: (0..n).collect(),
            report_of: (0..n).collect(),
        };
        for t in 0..index.postings.len() {
            index.weigh(t);
        }
        for d in 0..n {
            index.measure(d);
        }
        index
    }

    /// Term `t`'s weight, from how many documents have it.
    fn weigh(&mut self, t: usize) {
        let (n, with) = (self.docs.len() as f64, self.postings[t].len() as f64);
        self.weight[t] = match with {
            0.0 => 0.0,
            _ => (n / with).ln().powi(2),
        };
    }

    /// Document `d`'s norm, from its terms' weights.
    fn measure(&mut self, d: usize) {
        self.norm[d] = self.docs[d]
            .iter()
            .map(|&t| self.weight[t])
            .sum::<f64>()
            .sqrt();
    }

    /// The number of `term`, numbering it if it has none yet.
    fn number(&mut self, term: &str) -> usize {
        if let Some(&id) = self.ids.get(term).or_else(|| self.new_ids.get(term)) {
            return id;
        }
        let id = self.postings.len();
        self.new_ids.insert(term.to_string(), id);
        self.postings.push(Arc::from(Vec::new()));
        self.weight.push(0.0);
        id
    }

    /// This index (of the last site's reports) brought up to date for a
    /// site of reports: `now[j]` are the terms of report `j` now, and
    /// `was[j]`, when it is `Some`, the report of the last site with the
    /// same terms (the same report, perhaps at another place), each named
    /// once. The reports whose terms changed, or that are new (`None`), get
    /// their new terms; the documents of reports that are gone go (the last
    /// documents take their numbers). The weights of the terms that changed
    /// and the norms of the documents that have them are worked out again;
    /// every weight and norm when the number of reports changed (a term's
    /// weight depends on it). What [`Index::of_terms`] gives for `now`.
    pub fn patched(&self, now: &[&[String]], was: &[Option<usize>]) -> Index {
        let n = now.len();
        let before = self.docs.len();
        let mut index = self.clone();
        // The documents of the reports that kept their terms, wherever they
        // are now; the others' documents go to the edited or new reports,
        // and new documents when there are not enough.
        let mut doc_of = vec![usize::MAX; n];
        let mut taken = vec![false; before];
        for (j, w) in was.iter().enumerate() {
            if let Some(o) = *w {
                doc_of[j] = self.doc_of[o];
                taken[self.doc_of[o]] = true;
            }
        }
        let mut free = (0..before).filter(|&d| !taken[d]);
        let edited: Vec<usize> = (0..n).filter(|&j| was[j].is_none()).collect();
        for &j in &edited {
            doc_of[j] = free.next().unwrap_or_else(|| {
                index.docs.push(Arc::from(Vec::new()));
                index.sorted.push(Arc::from(Vec::new()));
                index.norm.push(0.0);
                index.docs.len() - 1
            });
        }
        // Documents left over are of reports that are gone: emptied now,
        // numbered away below.
        let gone: Vec<usize> = free.collect();
        // Each edited document's terms replaced; the lists of the terms it
        // lost or gained made again.
        let mut lost: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut gained: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut touched: Vec<usize> = Vec::new();
        for &d in &gone {
            for &t in index.docs[d].iter() {
                lost.entry(t).or_default().push(d);
            }
            index.docs[d] = Arc::from(Vec::new());
            index.sorted[d] = Arc::from(Vec::new());
        }
        for &j in &edited {
            let d = doc_of[j];
            for &t in index.docs[d].iter() {
                lost.entry(t).or_default().push(d);
            }
            let doc: Vec<usize> = now[j].iter().map(|term| index.number(term)).collect();
            for &t in &doc {
                gained.entry(t).or_default().push(d);
            }
            index.sorted[d] = sorted(&doc);
            index.docs[d] = doc.into();
            touched.push(d);
        }
        let mut changed: Vec<usize> = lost.keys().chain(gained.keys()).copied().collect();
        changed.sort_unstable();
        changed.dedup();
        for &t in &changed {
            let out = lost.get(&t).map_or(&[][..], Vec::as_slice);
            let mut list: Vec<usize> = index.postings[t]
                .iter()
                .copied()
                .filter(|d| !out.contains(d))
                .collect();
            list.extend(gained.get(&t).map_or(&[][..], Vec::as_slice));
            index.postings[t] = list.into();
        }
        index.number_away(&gone, &mut doc_of);
        index.report_of = vec![0; n];
        for (j, &d) in doc_of.iter().enumerate() {
            index.report_of[d] = j;
        }
        index.doc_of = doc_of;
        if n != before {
            for t in 0..index.postings.len() {
                index.weigh(t);
            }
            for d in 0..n {
                index.measure(d);
            }
            return index;
        }
        for &t in &changed {
            index.weigh(t);
            touched.extend(index.postings[t].iter());
        }
        touched.sort_unstable();
        touched.dedup();
        for d in touched {
            index.measure(d);
        }
        index
    }

    /// Drops the documents `gone` (empty, in no term's list): the last
    /// documents take their numbers, in the lists of their terms and in
    /// `doc_of`, so that the documents are numbered from 0 without a gap.
    fn number_away(&mut self, gone: &[usize], doc_of: &mut [usize]) {
        let n = self.docs.len() - gone.len();
        let mut is_gone = vec![false; self.docs.len()];
        for &d in gone {
            is_gone[d] = true;
        }
        let mut last = self.docs.len();
        let mut renamed: HashMap<usize, usize> = HashMap::new();
        for &hole in gone.iter().filter(|&&d| d < n) {
            last -= 1;
            while is_gone[last] {
                last -= 1;
            }
            self.docs.swap(hole, last);
            self.sorted.swap(hole, last);
            self.norm.swap(hole, last);
            renamed.insert(last, hole);
        }
        self.docs.truncate(n);
        self.sorted.truncate(n);
        self.norm.truncate(n);
        if renamed.is_empty() {
            return;
        }
        let mut terms: Vec<usize> = renamed
            .values()
            .flat_map(|&d| self.docs[d].iter().copied())
            .collect();
        terms.sort_unstable();
        terms.dedup();
        for t in terms {
            let list: Vec<usize> = self.postings[t]
                .iter()
                .map(|d| renamed.get(d).copied().unwrap_or(*d))
                .collect();
            self.postings[t] = list.into();
        }
        for d in doc_of.iter_mut() {
            if let Some(&to) = renamed.get(d) {
                *d = to;
            }
        }
    }

    /// The indexes of up to [`MAX`] reports like report `i` of `reports`
    /// (the reports the index was made from), most similar first, leaving
    /// out those it is already linked with (`related` both ways,
    /// `recurrence_of` both ways).
    pub fn similar_to(&self, reports: &[Arc<Report>], i: usize) -> Vec<usize> {
        let (docs, postings, weight, norm) = (&self.docs, &self.postings, &self.weight, &self.norm);
        let d = self.doc_of[i];
        if norm[d] == 0.0 {
            return Vec::new();
        }
        let linked = |j: usize| {
            let names = |a: &Report, b: &Report| {
                a.related.iter().any(|s| s == &b.slug) || a.recurrence_of.as_ref() == Some(&b.slug)
            };
            names(&reports[i], &reports[j]) || names(&reports[j], &reports[i])
        };
        let mut scores: HashMap<usize, f64> = HashMap::new();
        for &t in docs[d].iter() {
            if postings[t].len() > COMMON || weight[t] == 0.0 {
                continue;
            }
            for &e in postings[t].iter() {
                if e != d {
                    *scores.entry(e).or_default() += weight[t];
                }
            }
        }
        // Add what the common terms share, for the candidates found.
        let common: Vec<usize> = docs[d]
            .iter()
            .copied()
            .filter(|&t| postings[t].len() > COMMON && weight[t] > 0.0)
            .collect();
        let mut best: Vec<(f64, usize)> = scores
            .into_iter()
            .map(|(e, dot)| {
                let extra: f64 = common
                    .iter()
                    .filter(|t| self.sorted[e].binary_search(t).is_ok())
                    .map(|&t| weight[t])
                    .sum();
                ((dot + extra) / (norm[d] * norm[e]), self.report_of[e])
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
fn sorted(doc: &[usize]) -> Arc<[usize]> {
    let mut sorted = doc.to_vec();
    sorted.sort_unstable();
    sorted.into()
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
            .chain(&index.new_ids)
            .filter(|(_, t)| !index.postings[**t].is_empty())
            .map(|(term, &t)| (term.clone(), index.weight[t].to_bits()))
            .collect();
        weights.sort();
        let norms = (0..reports.len())
            .map(|i| index.norm[index.doc_of[i]].to_bits())
            .collect();
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
        // Patched again, back to the first site: as made anew.
        let back: Vec<Option<usize>> = (0..reports.len())
            .map(|o| {
                let j = order.iter().position(|&p| p == o).unwrap();
                (!edited.contains(&o)).then_some(j)
            })
            .collect();
        let slices: Vec<&[String]> = before.iter().map(Vec::as_slice).collect();
        let again = patched.patched(&slices, &back);
        assert!(
            figures(&again, reports) == figures(&index, reports),
            "back from order {order:?}, edited {edited:?}"
        );
    }

    #[test]
    fn an_index_patched_for_reports_that_came_or_went_is_the_index_made_anew() {
        let reports = example();
        let n = reports.len();
        let terms_of: Vec<Vec<String>> = reports.iter().map(|r| terms(r)).collect();
        let index_of =
            |order: &[usize]| Index::of_terms(order.iter().map(|&o| terms_of[o].as_slice()));
        let sites: [Vec<usize>; 4] = [
            (0..n).collect(),
            (1..n).collect(),
            (0..n).filter(|&o| o != n / 2 && o != 2).collect(),
            (0..n - 1).collect(),
        ];
        // From each site to each other: reports come and go.
        for from in &sites {
            for to in &sites {
                let was: Vec<Option<usize>> = to
                    .iter()
                    .map(|o| from.iter().position(|p| p == o))
                    .collect();
                let slices: Vec<&[String]> = to.iter().map(|&o| terms_of[o].as_slice()).collect();
                let patched = index_of(from).patched(&slices, &was);
                let now: Vec<Arc<Report>> = to.iter().map(|&o| Arc::clone(&reports[o])).collect();
                assert!(
                    figures(&patched, &now) == figures(&index_of(to), &now),
                    "from {from:?} to {to:?}"
                );
            }
        }
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
