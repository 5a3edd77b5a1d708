//! Each report's views (its summary and its actions'), and their rows in
//! `reports.json` and `actions.json`, kept from one rebuild to the next
//! (`serve`): a report that did not change, whose group URLs, history and
//! `today` did not either, keeps the views the last site made for it, so a
//! rebuild after one saved report makes one report's views, not ten
//! thousand, and the data files are joined from kept rows.

use super::{ActionView, ReportSummaryView};
use crate::history::ActionPast;
use crate::metrics::similar::Index;
use crate::model::Report;
use crate::site::Site;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

/// One report's views, made on first use, and their JSON rows, made when a
/// data file that lists them is asked for while serving.
pub struct ReportViews {
    pub summary: ReportSummaryView,
    pub actions: Vec<ActionView>,
    summary_json: OnceLock<String>,
    actions_json: Box<[OnceLock<String>]>,
}

impl ReportViews {
    pub(super) fn new(summary: ReportSummaryView, actions: Vec<ActionView>) -> ReportViews {
        ReportViews {
            actions_json: actions.iter().map(|_| OnceLock::new()).collect(),
            summary,
            actions,
            summary_json: OnceLock::new(),
        }
    }

    /// The summary as `reports.json` lists it.
    pub fn summary_json(&self) -> &str {
        self.summary_json.get_or_init(|| json(&self.summary))
    }

    /// Action `n` as `actions.json` lists it.
    pub fn action_json(&self, n: usize) -> &str {
        self.actions_json[n].get_or_init(|| json(&self.actions[n]))
    }
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).expect("plain data")
}

/// The last site's pages, route table and pages' frames, which the next
/// site keeps while its pages are the same (`Plan::keeping`).
pub(in crate::render) type KeptLayout = (
    Vec<super::super::routes::Page>,
    Arc<super::super::routes::Routes>,
    Arc<[super::super::frame::Frame]>,
);

/// A report's terms for the search for similar incidents.
type Terms = Arc<[String]>;

/// A report's slot: empty until its views are first asked for.
pub(super) type Slot = Arc<OnceLock<ReportViews>>;

/// The URLs of the groups a report's views link to, by name.
#[derive(Default, Clone, PartialEq, Eq)]
pub(super) struct Urls {
    pub(super) service: HashMap<String, String>,
    pub(super) tag: HashMap<String, String>,
    pub(super) kind: HashMap<String, String>,
    /// Shared by every action's view that links to it.
    pub(super) owner: HashMap<String, Arc<str>>,
}

/// The names whose URL is not the same in `a` and `b` (added, gone or
/// moved), per kind of group.
struct Moved {
    service: HashSet<String>,
    tag: HashSet<String>,
    kind: HashSet<String>,
    owner: HashSet<String>,
}

impl Moved {
    fn between(a: &Urls, b: &Urls) -> Moved {
        fn diff<V: PartialEq>(a: &HashMap<String, V>, b: &HashMap<String, V>) -> HashSet<String> {
            let moved = |x: &HashMap<String, V>, y: &HashMap<String, V>| {
                x.iter()
                    .filter(|(name, url)| y.get(*name) != Some(url))
                    .map(|(name, _)| name.clone())
                    .collect::<Vec<_>>()
            };
            moved(a, b).into_iter().chain(moved(b, a)).collect()
        }
        Moved {
            service: diff(&a.service, &b.service),
            tag: diff(&a.tag, &b.tag),
            kind: diff(&a.kind, &b.kind),
            owner: diff(&a.owner, &b.owner),
        }
    }

    /// Whether report `r`'s views link to a group whose URL moved.
    fn touches(&self, r: &Report) -> bool {
        r.services.iter().any(|s| self.service.contains(s))
            || r.tags.iter().any(|t| self.tag.contains(t))
            || r.kind.as_ref().is_some_and(|k| self.kind.contains(k))
            || r.actions.iter().any(|a| self.owner.contains(&a.owner))
    }
}

struct Entry {
    /// Held so that the address it is found by stays this report's.
    _report: Arc<Report>,
    /// The report's history when its views were made.
    history: Option<Vec<ActionPast>>,
    slot: Slot,
    /// What the search for similar incidents finds it by, which depends on
    /// the report alone.
    terms: Terms,
}

/// The slots of the last site, to hand to the next one (`serve`). Holds
/// for one configuration and audience: [`KeptViews::clear`] it when the
/// configuration changes.
#[derive(Default)]
pub struct KeptViews {
    /// By the address of the report they were made from.
    entries: HashMap<usize, Entry>,
    today: Option<NaiveDate>,
    urls: Urls,
    unknown: Option<&'static str>,
    /// Each report's terms, in the order of the last site's reports.
    terms: Vec<Terms>,
    /// The last index of similar incidents, and the terms it was made of.
    index: Option<(Vec<Terms>, Arc<Index>)>,
    pub(in crate::render) layout: Option<KeptLayout>,
}

fn address(report: &Arc<Report>) -> usize {
    Arc::as_ptr(report) as usize
}

impl KeptViews {
    pub fn clear(&mut self) {
        *self = KeptViews::default();
    }

    /// Forgets the last site's route table (the theme's files changed).
    pub fn forget_layout(&mut self) {
        self.layout = None;
    }

    /// How many reports' slots are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A slot for each of `site`'s reports: the last site's when its views
    /// still hold, else a new one; then keeps these for the next site.
    pub(super) fn slots(&mut self, site: &Site, urls: &Urls) -> Vec<Slot> {
        let history = site.history();
        let unknown = history.unknown_reason();
        if self.today != Some(site.today()) || self.unknown != unknown {
            self.entries.clear();
        }
        let moved = (self.urls != *urls).then(|| Moved::between(&self.urls, urls));
        let mut old = std::mem::take(&mut self.entries);
        let mut entries = HashMap::with_capacity(site.reports().len());
        let mut terms = Vec::with_capacity(site.reports().len());
        let slots = site
            .reports()
            .iter()
            .map(|report| {
                let past = history.reports.get(&report.rel_path);
                let entry = match old.remove(&address(report)) {
                    Some(e)
                        if e.history.as_ref() == past
                            && !moved.as_ref().is_some_and(|m| m.touches(report)) =>
                    {
                        e
                    }
                    // The same report, whose views no longer hold.
                    Some(e) => Entry {
                        history: past.cloned(),
                        slot: Slot::default(),
                        ..e
                    },
                    None => Entry {
                        _report: Arc::clone(report),
                        history: past.cloned(),
                        slot: Slot::default(),
                        terms: crate::metrics::similar::terms(report).into(),
                    },
                };
                let slot = Arc::clone(&entry.slot);
                terms.push(Arc::clone(&entry.terms));
                entries.insert(address(report), entry);
                slot
            })
            .collect();
        self.entries = entries;
        self.today = Some(site.today());
        self.urls = urls.clone();
        self.unknown = unknown;
        self.terms = terms;
        slots
    }

    /// The index of similar incidents over the last site's reports, from
    /// their kept terms: the index [`Index::new`] makes. The last one when
    /// no report's terms changed (an edit of a body, a severity: only the
    /// edited reports' terms, made again, are compared); the last one
    /// patched ([`Index::patched`]) when a few reports' terms changed or
    /// reports moved (a title, a tag, a date); a new one otherwise.
    pub(crate) fn similar_index(&mut self) -> Arc<Index> {
        let index = match &self.index {
            Some((terms, index)) if terms.len().abs_diff(self.terms.len()) <= PATCH_MOST => {
                let same = |(a, b): (&Terms, &Terms)| Arc::ptr_eq(a, b) || a == b;
                if terms.len() == self.terms.len() && terms.iter().zip(&self.terms).all(same) {
                    return Arc::clone(index);
                }
                // Each report's terms are kept in one `Arc`: its address
                // finds it, at one place in each list.
                // (Reports may have come or gone: as many places as now.)
                let mut was: Vec<Option<usize>> = (0..self.terms.len())
                    .map(|j| {
                        let a = terms.get(j)?;
                        Arc::ptr_eq(a, &self.terms[j]).then_some(j)
                    })
                    .collect();
                // Reports moved, or their terms changed: found by the
                // address of their kept terms.
                let at: HashMap<*const [String], usize> = terms
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (Arc::as_ptr(t), i))
                    .collect();
                for (j, w) in was.iter_mut().enumerate() {
                    if w.is_none() {
                        *w = at.get(&Arc::as_ptr(&self.terms[j])).copied();
                    }
                }
                let edited = was.iter().filter(|w| w.is_none()).count();
                let now: Vec<&[String]> = self.terms.iter().map(|t| &t[..]).collect();
                if edited <= PATCH_MOST {
                    Some(index.patched(&now, &was))
                } else {
                    None
                }
            }
            _ => None,
        };
        let index =
            Arc::new(index.unwrap_or_else(|| Index::of_terms(self.terms.iter().map(|t| &t[..]))));
        self.index = Some((self.terms.clone(), Arc::clone(&index)));
        index
    }
}

/// More reports with new terms than this, and the index of similar
/// incidents is made again rather than patched.
const PATCH_MOST: usize = 64;
