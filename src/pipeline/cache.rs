//! What `serve` keeps between runs of the pipeline: each report file's
//! outcome, read and checked again only once the watcher names the file,
//! and the rules across reports, run again only when a file's identity
//! (what other reports may refer to) changed.

use super::reports::{
    FileOutcome, Markdown, Options, Outcome, apply_lint_levels, read_and_process, resolve_links,
};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::{self, SiteFiles};
use crate::model::Report;
use crate::validate::{
    self, Rules,
    site::{Identity, Resolved, Targets},
};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file's outcome as the cache keeps it: its errors (after `lints:`),
/// and only the number of its warnings, which `serve` shows as a number;
/// copying, filtering and sorting the warnings of ten thousand reports
/// after every save was a third of a rebuild.
pub(super) struct Kept {
    report: Option<Arc<Report>>,
    identity: Arc<Identity>,
    errors: Vec<Diagnostic>,
    warnings: usize,
}

impl Kept {
    fn of(outcome: FileOutcome, config: &Config) -> Kept {
        let (errors, warnings) = errors_and_warnings(outcome.diagnostics, config);
        Kept {
            report: outcome.report,
            identity: outcome.identity,
            errors,
            warnings,
        }
    }
}

/// The errors (after `lints:`) and the number of warnings.
fn errors_and_warnings(diagnostics: Vec<Diagnostic>, config: &Config) -> (Vec<Diagnostic>, usize) {
    let diagnostics = apply_lint_levels(diagnostics, config);
    let warnings = diagnostics.iter().filter(|d| !d.is_error()).count();
    let errors = diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    (errors, warnings)
}

/// The rules across reports as last run: over which identities (in file
/// order), and what they gave.
struct Across {
    identities: Vec<Arc<Identity>>,
    errors: Vec<Diagnostic>,
    warnings: usize,
    resolved: Vec<Resolved>,
    /// The files that the errors above are in.
    files_with_errors: HashSet<PathBuf>,
}

impl Across {
    fn run(identities: Vec<Arc<Identity>>, config: &Config) -> Across {
        let (diagnostics, resolved) = validate::site::check(&identities);
        let (errors, warnings) = errors_and_warnings(diagnostics, config);
        let files_with_errors = errors.iter().filter_map(|d| d.file.clone()).collect();
        Across {
            identities,
            errors,
            warnings,
            resolved,
            files_with_errors,
        }
    }

    /// Whether the rules would give the same over `identities`: they are
    /// the ones the rules ran over (the same files, each with the same id
    /// and references), but for the dates, slugs and places in the file of
    /// reports that no reference (`related`, `recurrence_of`) names by their
    /// id or either slug and that have no `recurrence_of` of their own, whose
    /// slug no other report has, and whose files have no error from the
    /// rules (whose positions would move). A date counts only for
    /// `recurrence_of` (a recurrence is of an earlier incident), and a slug
    /// for duplicates and what references resolve to.
    fn holds_for(&self, identities: &[Arc<Identity>]) -> bool {
        if self.identities.len() != identities.len() {
            return false;
        }
        // The edited identities, with their slug before.
        let mut edited: Vec<(&Identity, Option<&str>)> = Vec::new();
        for (a, b) in self.identities.iter().zip(identities) {
            if Arc::ptr_eq(a, b) || a == b {
                continue;
            }
            let texts = |x: &Identity| {
                (
                    x.path.clone(),
                    x.id.as_ref().map(|(id, _)| id.clone()),
                    x.related.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>(),
                    x.checked,
                )
            };
            let placed = |x: &Identity| Identity {
                date: None,
                ..x.clone()
            };
            let moved = placed(a) != placed(b);
            if a.recurrence_of.is_some()
                || b.recurrence_of.is_some()
                || texts(a) != texts(b)
                || (moved && self.files_with_errors.contains(&b.path))
            {
                return false;
            }
            edited.push((b, a.slug.as_deref()));
        }
        if edited.is_empty() {
            return true;
        }
        let names = |reference: &str| {
            edited.iter().any(|(x, before)| {
                x.slug.as_deref() == Some(reference)
                    || *before == Some(reference)
                    || x.id.as_ref().is_some_and(|(id, _)| id == reference)
            })
        };
        !identities.iter().any(|x| {
            x.recurrence_of.as_ref().is_some_and(|(r, _)| names(r))
                || x.related.iter().any(|(r, _)| names(r))
                || edited.iter().any(|(e, before)| {
                    x.path != e.path
                        && x.slug.is_some()
                        && (x.slug == e.slug || x.slug.as_deref() == *before)
                })
        })
    }
}

impl Across {
    /// [`Across::holds_for`] for a site whose files came or went: true
    /// (and what the rules resolved brought up to date) when the other
    /// files' identities are the same, the rules found nothing, no
    /// reference names a report that came or went (by id or slug), a new
    /// report has no `recurrence_of`, shares no slug or id with another
    /// and takes no slug another's id names, and each report it names
    /// in `related` is there.
    fn grow(&mut self, identities: &[Arc<Identity>]) -> bool {
        if !self.errors.is_empty() || self.warnings > 0 {
            return false;
        }
        // Both lists are in the files' order: walked side by side, a file
        // of the last list not found a little further on in this one went.
        let (before, mut removed_at, mut added_at) = (&self.identities, Vec::new(), Vec::new());
        let (mut i, mut j) = (0, 0);
        while i < before.len() || j < identities.len() {
            match (before.get(i), identities.get(j)) {
                (Some(a), Some(b)) if Arc::ptr_eq(a, b) || a.path == b.path => {
                    if !Arc::ptr_eq(a, b) && a != b {
                        return false;
                    }
                    (i, j) = (i + 1, j + 1);
                }
                (Some(a), Some(_)) => {
                    let mut ahead = identities[j..].iter().take(CAME_MOST + 1);
                    match ahead.position(|b| b.path == a.path) {
                        Some(k) => {
                            added_at.extend(j..j + k);
                            j += k;
                        }
                        None => {
                            removed_at.push(i);
                            i += 1;
                        }
                    }
                }
                (Some(_), None) => {
                    removed_at.push(i);
                    i += 1;
                }
                (None, _) => {
                    added_at.push(j);
                    j += 1;
                }
            }
            if added_at.len() + removed_at.len() > CAME_MOST {
                return false;
            }
        }
        let removed: Vec<&Arc<Identity>> = removed_at.iter().map(|&i| &before[i]).collect();
        let added: Vec<&Arc<Identity>> = added_at.iter().map(|&j| &identities[j]).collect();
        if added.iter().any(|x| x.recurrence_of.is_some()) {
            return false;
        }
        let names = |x: &Identity, reference: &str| {
            x.slug.as_deref() == Some(reference)
                || x.id.as_ref().is_some_and(|(id, _)| id == reference)
        };
        let came_or_went = || added.iter().chain(&removed);
        for x in identities {
            let refers =
                |reference: &str| came_or_went().any(|c| c.path != x.path && names(c, reference));
            if x.recurrence_of.as_ref().is_some_and(|(r, _)| refers(r))
                || x.related.iter().any(|(r, _)| refers(r))
            {
                return false;
            }
            for new in added.iter().filter(|a| a.path != x.path) {
                let taken = |a: Option<&str>, b: Option<&str>| a.is_some() && a == b;
                fn id(i: &Identity) -> Option<&str> {
                    i.id.as_ref().map(|(id, _)| id.as_str())
                }
                if taken(new.slug.as_deref(), x.slug.as_deref())
                    || taken(id(new), id(x))
                    || taken(id(new), x.slug.as_deref())
                    || taken(new.slug.as_deref(), id(x))
                {
                    return false;
                }
            }
        }
        // What each new report's `related` resolve to, as `check` resolves
        // them.
        let targets = Targets::new(identities.iter().map(|x| &**x));
        let target = |reference: &str| targets.of(reference).map(str::to_string);
        let mut fresh = HashMap::new();
        for new in &added {
            let related: Option<Vec<String>> = new.related.iter().map(|(r, _)| target(r)).collect();
            let Some(related) = related else {
                return false;
            };
            let resolved = Resolved {
                related,
                recurrence_of: None,
            };
            fresh.insert(new.path.clone(), resolved);
        }
        let mut kept = std::mem::take(&mut self.resolved)
            .into_iter()
            .enumerate()
            .filter(|(i, _)| removed_at.binary_search(i).is_err())
            .map(|(_, r)| r);
        self.resolved = identities
            .iter()
            .map(|x| match fresh.remove(&x.path) {
                Some(resolved) => resolved,
                None => kept.next().expect("as many kept"),
            })
            .collect();
        true
    }
}

/// More files than this come or gone, and the rules across reports run
/// again.
const CAME_MOST: usize = 16;

/// The per-file outcomes of earlier runs, for `serve`: a file is read and
/// checked again only after [`Cache::forget`] names it (the watcher says
/// which files changed); the rules across reports run again over every
/// file when a file's identity changed, appeared or went. A cache holds
/// the results of one configuration and one `today`: when either changes,
/// [`Cache::clear`] it (a different `today` clears it by itself).
#[derive(Default)]
pub struct Cache {
    /// By path relative to `reports/`.
    outcomes: HashMap<String, Kept>,
    across: Option<Across>,
    today: Option<NaiveDate>,
    /// The files of the last run, and what was forgotten since: the list is
    /// brought up to date for those instead of walking `reports/` again.
    files: Option<SiteFiles>,
    forgotten: Vec<String>,
}

impl Cache {
    /// Forgets a file, or every file below a folder (paths relative to
    /// `reports/`, with `/` separators).
    pub fn forget(&mut self, rel_path: &str) {
        let rel_path = rel_path.trim_end_matches('/');
        if self.outcomes.remove(rel_path).is_none() {
            let folder = format!("{rel_path}/");
            self.outcomes.retain(|rel, _| !rel.starts_with(&folder));
        }
        self.forgotten.push(rel_path.to_string());
    }

    pub fn clear(&mut self) {
        self.outcomes.clear();
        self.across = None;
        self.files = None;
        self.forgotten.clear();
    }

    /// Keeps the outcomes only if they were made for `today`.
    fn hold_for(&mut self, today: NaiveDate) {
        if self.today != Some(today) {
            self.clear();
            self.today = Some(today);
        }
    }

    /// The site's files: the last run's brought up to date, or found again.
    fn files(&mut self, site: &Path) -> Result<SiteFiles, Error> {
        let forgotten = std::mem::take(&mut self.forgotten);
        if let Some(mut files) = self.files.take()
            && forgotten.iter().all(|rel| files.refresh(site, rel))
        {
            return Ok(files);
        }
        load::discover(site)
    }

    /// How many files' outcomes are kept.
    pub fn len(&self) -> usize {
        self.outcomes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }
}

/// [`super::run`] for a site that is run again and again (`serve`): only
/// the files that `cache` does not hold are read and checked, and the rules
/// across reports run again only when a file's identity changed. The
/// result is [`super::run`]'s but that warnings are counted
/// ([`Outcome::unlisted_warnings`]), not listed. Always keeps reports and
/// checks every file (`options.only` must be `None`).
pub fn run_cached(
    site: &Path,
    config: &Config,
    options: &Options,
    cache: &mut Cache,
) -> Result<Outcome, Error> {
    debug_assert!(options.only.is_none() && options.keep_reports);
    cache.hold_for(options.today);
    let files = cache.files(site)?;
    let rules = Rules::for_site(config, options.today, site);
    // After one saved file, one: read on this thread, as waking others
    // for it costs more than it saves on a busy machine.
    let missing: Vec<&(PathBuf, String)> = files
        .reports
        .iter()
        .filter(|(_, rel)| !cache.outcomes.contains_key(rel))
        .collect();
    let process = |(path, rel): &&(PathBuf, String)| {
        let outcome = read_and_process(path, rel, &rules, options, Markdown::Packed, None);
        (rel.clone(), Kept::of(outcome, config))
    };
    let fresh: Vec<(String, Kept)> = if missing.len() < 16 {
        missing.iter().map(process).collect()
    } else {
        missing.par_iter().map(process).collect()
    };
    cache.outcomes.extend(fresh);
    // Files that are gone are forgotten.
    if cache.outcomes.len() > files.reports.len() {
        let present: HashSet<&str> = files.reports.iter().map(|(_, r)| r.as_str()).collect();
        cache
            .outcomes
            .retain(|rel, _| present.contains(rel.as_str()));
    }
    let kept: Vec<&Kept> = files
        .reports
        .iter()
        .map(|(_, rel)| &cache.outcomes[rel])
        .collect();
    let identities: Vec<Arc<Identity>> = kept.iter().map(|k| Arc::clone(&k.identity)).collect();
    let kept_across = cache.across.take().and_then(|mut across| {
        (across.holds_for(&identities) || across.grow(&identities)).then_some(across)
    });
    let across = match kept_across {
        Some(mut across) => {
            across.identities = identities;
            across
        }
        None => Across::run(identities, config),
    };

    let mut reports = Vec::with_capacity(kept.len());
    let mut diagnostics = across.errors.clone();
    let mut warnings = across.warnings;
    // The reports whose `related` resolved differently: kept resolved, so
    // that the next run shares them instead of resolving into copies.
    let mut resolved_again = Vec::new();
    for (k, resolved) in kept.iter().zip(&across.resolved) {
        diagnostics.extend(k.errors.iter().cloned());
        warnings += k.warnings;
        let file_ok = k.errors.is_empty()
            && (across.files_with_errors.is_empty()
                || !across.files_with_errors.contains(&k.identity.path));
        let Some(report) = k.report.as_ref().filter(|_| file_ok) else {
            continue;
        };
        let mut report = Arc::clone(report);
        if resolve_links(&mut report, resolved) {
            resolved_again.push(Arc::clone(&report));
        }
        reports.push(report);
    }
    for report in resolved_again {
        if let Some(cached) = cache.outcomes.get_mut(&report.rel_path) {
            cached.report = Some(report);
        }
    }
    cache.across = Some(across);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    cache.files = Some(files.clone());
    Ok(Outcome {
        reports,
        diagnostics,
        checked: files.reports.len(),
        unlisted_warnings: warnings,
        files,
    })
}
