//! The one pipeline. Every command that reads reports runs it:
//!
//! - [`run`] goes up to validation (load → parse → validate → the rules
//!   across reports) and gives the valid reports and every diagnostic:
//!   `check` stops there;
//! - [`prepare`] goes on to a site ready to render: the model, trimmed to
//!   one audience ([`crate::site::audience`]), with its indexes. `build`,
//!   `serve` and `actions` call it, and nothing else composes those
//!   stages. With a [`Memo`], it keeps what did not change from the last
//!   call (`serve`).
//!
//! Files are processed in parallel; results keep the sorted order of the
//! files, so output is deterministic.

mod cache;
mod reports;

pub use cache::{Cache, run_cached};
pub use reports::{Options, Outcome, run, run_for_notes};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Summary};
use crate::error::Error;
use crate::history::{self, Git};
use crate::index::Indexes;
use crate::model::Report;
use crate::site::audience::{self, Trimmed};
use crate::site::{Audience, Site, Untrimmed};
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What [`prepare`] is asked for.
pub struct Request<'a> {
    /// The site's folder.
    pub site: &'a Path,
    pub config: Config,
    pub audience: Audience,
    /// The date that "overdue" is measured against.
    pub today: NaiveDate,
    /// Whether the site gets a search index (and a search page).
    pub search: bool,
    /// Whether files beside the reports may be copied into the site
    /// (`build`, `serve`; `actions` makes no pages).
    pub attachments: bool,
    /// Whether the reports' history is read from git: each action's
    /// history and each report's last commit date (`build`, `serve`,
    /// `actions` when it shows history). With a [`Memo`], git is read
    /// once, by the first call.
    pub git_dates: bool,
    pub on_errors: OnErrors,
}

/// What to do when reports have errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnErrors {
    /// No site: `build` and `serve` show the errors and make nothing.
    Stop,
    /// A site of the reports without errors: `actions` lists theirs.
    LeaveOut,
}

/// A site ready to render: trimmed to its audience, with its indexes,
/// which are built from it and so can only match it.
#[derive(Debug, Clone)]
pub struct Prepared {
    site: Site,
    indexes: Indexes,
    /// The indexes are the last prepared site's, patched, with the same
    /// groups (`serve`).
    patched: bool,
}

impl Prepared {
    /// Indexes `site`.
    pub fn new(site: Site) -> Prepared {
        let indexes = Indexes::build(&site);
        Prepared {
            site,
            indexes,
            patched: false,
        }
    }

    /// Whether the indexes are the last prepared site's, patched
    /// (`serve`), with the same groups: then the site has as many reports
    /// (perhaps in another order, or with other slugs), and the same groups
    /// with the same names and slugs as the last one.
    pub fn indexes_patched(&self) -> bool {
        self.patched
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    pub fn indexes(&self) -> &Indexes {
        &self.indexes
    }

    /// The site and its indexes, apart.
    pub fn into_parts(self) -> (Site, Indexes) {
        (self.site, self.indexes)
    }
}

/// What a run of [`prepare`] gave.
pub struct Run {
    /// The site; `None` when reports have errors and the request said
    /// [`OnErrors::Stop`].
    pub prepared: Option<Prepared>,
    /// Every diagnostic, sorted; with a [`Memo`] (`serve`), the errors
    /// only, and the warnings are counted in `unlisted_warnings`.
    pub diagnostics: Vec<Diagnostic>,
    /// How many reports were checked.
    pub checked: usize,
    /// Warnings counted but not in `diagnostics`.
    pub unlisted_warnings: usize,
    /// A note about git's history (a shallow clone, a repository that
    /// cannot be read).
    pub git_warning: Option<String>,
    pub timings: Timings,
}

impl Run {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::of(self.checked, &self.diagnostics);
        summary.warnings += self.unlisted_warnings;
        summary
    }
}

/// What [`prepare`] keeps from one call to the next, for a site prepared
/// again after every change (`serve`): each report file's outcome (read
/// again once [`Memo::forget`] names it), the reports trimmed last time,
/// and what git holds, read once (it changes with commits, not with
/// saves; each action's history is derived again from it every time, so
/// that an edit not yet committed shows as one).
/// A memo holds for one configuration and one audience: [`Memo::clear`] it
/// when the configuration changes.
pub struct Memo {
    cache: Cache,
    trimmed: Trimmed,
    /// Read by the first call of [`prepare`] that asks for git.
    git: Option<Git>,
    /// Being read, by a call that stopped at errors in the reports.
    pending: Option<JoinHandle<Git>>,
    /// The last site's `today`, reports and indexes, patched for the next
    /// site when they can be (`Indexes::patched`).
    indexed: Option<(NaiveDate, Vec<Arc<Report>>, Indexes)>,
}

impl Memo {
    /// A memo for the site in `site`; git is read by the first run.
    pub fn new(_site: &Path) -> Memo {
        Memo {
            cache: Cache::default(),
            trimmed: Trimmed::default(),
            git: None,
            pending: None,
            indexed: None,
        }
    }

    /// Forgets a report file, or every file below a folder (paths relative
    /// to `reports/`, with `/` separators), so that it is read again.
    pub fn forget(&mut self, rel_path: &str) {
        self.cache.forget(rel_path);
    }

    /// Forgets every file's outcome and every trimmed report: the
    /// configuration changed, and with it the rules and the audience's view
    /// of people.
    pub fn clear(&mut self) {
        self.cache.clear();
        self.trimmed = Trimmed::default();
        self.indexed = None;
    }

    /// Git's note about its history (a shallow clone, a repository that
    /// cannot be read), once it has been read.
    pub fn git_warning(&self) -> Option<String> {
        self.git.as_ref()?.warning()
    }
}

/// Runs the pipeline up to a site ready to render, for one audience.
/// `Err` means the run could not happen (no `reports/` folder); problems
/// in reports are diagnostics.
pub fn prepare(request: Request<'_>, mut memo: Option<&mut Memo>) -> Result<Run, Error> {
    let mut clock = Clock::start();
    let options = Options {
        today: request.today,
        only: None,
        keep_reports: true,
    };
    // Git is read while the reports are: the first call of a memo starts
    // it, and one whose reports have errors leaves it to the next.
    let mut pending = None;
    if request.git_dates {
        match memo.as_deref_mut() {
            Some(memo) if memo.git.is_none() && memo.pending.is_none() => {
                memo.pending = start_git(request.site);
            }
            Some(_) => {}
            None => pending = start_git(request.site),
        }
    }
    let outcome = match memo.as_deref_mut() {
        Some(memo) => run_cached(request.site, &request.config, &options, &mut memo.cache)?,
        None => {
            let mut outcome = reports::run_leaving_bodies(request.site, &request.config, &options)?;
            outcome.reports = compact(outcome.reports);
            outcome
        }
    };
    clock.mark("load, parse, validate");
    let mut run = Run {
        prepared: None,
        checked: outcome.checked,
        unlisted_warnings: outcome.unlisted_warnings,
        git_warning: None,
        diagnostics: outcome.diagnostics,
        timings: Timings::default(),
    };
    if request.on_errors == OnErrors::Stop && run.diagnostics.iter().any(Diagnostic::is_error) {
        run.timings = clock.finish();
        return Ok(run);
    }

    let read_git = |pending: Option<JoinHandle<Git>>| {
        pending.and_then(|p| p.join().ok()).unwrap_or_else(|| {
            let paths: Vec<&str> = outcome
                .reports
                .iter()
                .map(|r| r.rel_path.as_str())
                .collect();
            history::read(request.site, &paths)
        })
    };
    let fresh;
    let git = match (memo.as_deref_mut(), request.git_dates) {
        (_, false) => None,
        (Some(memo), true) => {
            let pending = memo.pending.take();
            Some(&*memo.git.get_or_insert_with(|| read_git(pending)))
        }
        (None, true) => {
            fresh = read_git(pending);
            Some(&fresh)
        }
    };
    run.git_warning = git.and_then(Git::warning);
    let (last_updated, history) = match git {
        Some(git) => {
            // Git was asked about every report file; the site has the
            // valid ones.
            let mut last_updated = git.last_updated();
            let valid: HashSet<&str> = outcome
                .reports
                .iter()
                .map(|r| r.rel_path.as_str())
                .collect();
            last_updated.retain(|path, _| valid.contains(path.as_str()));
            (last_updated, history::derive(git, &outcome.reports))
        }
        None => Default::default(),
    };
    let attachments = if request.attachments {
        outcome.files.attachments
    } else {
        Vec::new()
    };
    let model = Untrimmed::new(
        request.config,
        request.today,
        outcome.reports,
        attachments,
        last_updated,
        request.search,
    )
    .with_history(history);
    let prepared = match memo {
        Some(memo) => {
            let site = audience::trim_again(model, request.audience, &mut memo.trimmed);
            clock.mark("git, model, audience");
            // Kept only for the same `today`: which actions are overdue or
            // due soon depends on it.
            let kept = memo
                .indexed
                .take()
                .filter(|(today, ..)| *today == site.today());
            let patched =
                kept.and_then(|(_, before, indexes)| Indexes::patched(indexes, &before, &site));
            // Patched with every group's name and slug as before: the
            // route table may be kept.
            let was_patched = patched.as_ref().is_some_and(|(_, same)| *same);
            let indexes = match patched {
                Some((indexes, _)) => indexes,
                None => Indexes::build(&site),
            };
            memo.indexed = Some((site.today(), site.reports().to_vec(), indexes.clone()));
            Prepared {
                site,
                indexes,
                patched: was_patched,
            }
        }
        None => {
            let site = audience::trim(model, request.audience);
            clock.mark("git, model, audience");
            Prepared::new(site)
        }
    };
    run.prepared = Some(prepared);
    clock.mark("indexes");
    run.timings = clock.finish();
    Ok(run)
}

/// The reports copied, one by one on this thread, each copy made before
/// its original is freed. Each was made on a worker thread among the
/// allocations of reading, parsing and validating it, which are freed by
/// now but leave the memory pages the report holds mostly empty and
/// resident: at 100,000 reports the copies take 140 MB less once read,
/// and a build's peak is 320 MB lower (BENCHMARKS.md, sixth session).
/// `serve` keeps its reports from one rebuild to the next and copies none.
fn compact(reports: Vec<Arc<Report>>) -> Vec<Arc<Report>> {
    reports
        .into_iter()
        .map(|r| Arc::new(Report::clone(&r)))
        .collect()
}

/// Reads git's history in a thread of its own, for the report files
/// found now (`None` when there is no `reports/` folder: the run says so).
fn start_git(site: &Path) -> Option<JoinHandle<Git>> {
    let files = crate::load::discover(site).ok()?;
    let paths: Vec<String> = files.reports.into_iter().map(|(_, rel)| rel).collect();
    let site = site.to_path_buf();
    Some(std::thread::spawn(move || {
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        history::read(&site, &paths)
    }))
}

/// How long each stage took, in order.
#[derive(Debug, Clone, Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    pub fn total(&self) -> Duration {
        self.0.iter().map(|(_, d)| *d).sum()
    }
}

/// Times the stages of a run, one after another.
pub struct Clock {
    last: Instant,
    timings: Timings,
}

impl Clock {
    pub fn start() -> Clock {
        Clock {
            last: Instant::now(),
            timings: Timings::default(),
        }
    }

    /// Ends `stage`, which began at the last mark.
    pub fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.0.push((stage, now - self.last));
        crate::memory::probe(stage);
        self.last = now;
    }

    /// Adds stages timed elsewhere, and starts the next stage now.
    pub fn extend(&mut self, timings: Timings) {
        self.timings.0.extend(timings.0);
        self.last = Instant::now();
    }

    pub fn finish(self) -> Timings {
        self.timings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report with one action due on 1 June 2026.
    fn report(slug: &str) -> String {
        format!(
            "---\ntitle: T {slug}\nslug: {slug}\ndate: 2025-03-14\nseverity: trivial\nstatus: in-review\n\
             started: \"09:00\"\nactions:\n  - title: t\n    owner: jo\n    due: 2026-06-01\n---\nBody.\n"
        )
    }

    #[test]
    fn a_memo_keeps_no_indexes_across_days() {
        let site = std::env::temp_dir().join(format!("retrospect-memo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&site);
        std::fs::create_dir_all(site.join("reports")).unwrap();
        for slug in ["a", "b"] {
            std::fs::write(site.join(format!("reports/{slug}.md")), report(slug)).unwrap();
        }
        let mut memo = Memo::new(&site);
        let mut prepare = |month: u32, day: u32| {
            let request = Request {
                site: &site,
                config: Config::default(),
                audience: Audience::Internal,
                today: NaiveDate::from_ymd_opt(2026, month, day).unwrap(),
                search: false,
                attachments: false,
                git_dates: false,
                on_errors: OnErrors::Stop,
            };
            prepare(request, Some(&mut memo)).unwrap().prepared.unwrap()
        };
        // Due in 22 days, then in 7 (due soon), then 4 days overdue: each
        // day's indexes are built for that day, not patched from the last.
        let lists = |p: &Prepared| (p.indexes().due_soon.len(), p.indexes().overdue.len());
        assert_eq!(lists(&prepare(5, 10)), (0, 0));
        let soon = prepare(5, 25);
        assert_eq!(lists(&soon), (2, 0));
        assert!(!soon.indexes_patched());
        assert_eq!(lists(&prepare(6, 5)), (0, 2));
        let again = prepare(6, 5);
        assert!(again.indexes_patched(), "the same day: kept");
        assert_eq!(again.indexes(), &Indexes::build(again.site()));
        let _ = std::fs::remove_dir_all(&site);
    }
}
