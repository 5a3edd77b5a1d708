//! The past of each report, from git: for every agreed action, when it was
//! first agreed, every change of its due date and of its status, and when
//! it became `done`, each with the commit that made it. Below the site
//! model: `site` holds a [`History`], trimmed to the audience there.
//!
//! - [`read`] runs git for the whole site (`git`: a few processes) and
//!   reads what each committed version of each report says about its
//!   actions ([`versions`]), or takes it from what an earlier run kept
//!   in the git directory, by blob id ([`cache`]);
//! - [`derive`] matches the actions of those versions by `id` with the
//!   reports as they are now, and gives each action its [`ActionHistory`];
//! - [`tally`] counts slips and on-time completion per period and team,
//!   for the metrics page and `actions --format json`.
//!
//! Without git, outside a git checkout, in a shallow clone (whose oldest
//! commit looks like the creation of every file) or when git fails, the
//! history is not known: nothing is derived, and pages say so rather than
//! show a figure that may be wrong.

mod cache;
mod derive;
mod excerpt;
pub mod git;
mod log;
mod log_cache;
pub mod tally;
pub mod versions;

pub use derive::derive;
pub use git::Unknown;
pub use log::Commit;

use crate::model::ActionStatus;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use versions::ActionState;

/// One committed version of a report: the commit, and what it says about
/// the report's actions (`None` when its front matter cannot be read).
pub type Version = (Arc<Commit>, Option<Arc<Vec<ActionState>>>);

/// What git holds about the reports, read once per run (or once per
/// `serve`): each report file's committed versions, oldest first.
#[derive(Debug, Clone)]
pub struct Git {
    /// Why there is no history, if there is none.
    pub unknown: Option<Unknown>,
    /// By path relative to `reports/` (the path now: renames followed).
    pub versions: HashMap<String, Vec<Version>>,
    /// The day each report (by path, as `versions`) was first committed
    /// with `status: published`.
    pub published: HashMap<String, NaiveDate>,
}

impl Git {
    /// No history, for `reason`.
    pub fn unknown(reason: Unknown) -> Git {
        Git {
            unknown: Some(reason),
            versions: HashMap::new(),
            published: HashMap::new(),
        }
    }

    /// The date of the last commit of each report file: "last updated".
    pub fn last_updated(&self) -> BTreeMap<String, DateTime<FixedOffset>> {
        self.versions
            .iter()
            .filter_map(|(path, v)| Some((path.clone(), v.last()?.0.date)))
            .collect()
    }

    /// A warning for the person building: git could not be read, or the
    /// clone is shallow. Not being in a git checkout at all is no warning.
    pub fn warning(&self) -> Option<String> {
        match self.unknown.as_ref()? {
            Unknown::Shallow => Some(
                "this is a shallow git clone, so the action history and \"last updated\" dates \
                 are left out; fetch the full history (actions/checkout: fetch-depth: 0; \
                 GitLab: GIT_DEPTH: 0)"
                    .into(),
            ),
            Unknown::Unreadable(why) => Some(format!(
                "cannot read the git history ({why}), so the action history and \"last \
                 updated\" dates are left out"
            )),
            Unknown::NoGit | Unknown::NotARepository | Unknown::NotRead => None,
        }
    }
}

/// Reads the committed versions of the report files `current` (paths
/// relative to `SITE/reports/`) from git.
pub fn read(site: &Path, current: &[&str]) -> Git {
    let reports = site.join("reports");
    let head = match git::check(&reports) {
        Err(reason) => return Git::unknown(reason),
        // A repository with nothing committed: every report is new.
        Ok(None) => {
            return Git {
                unknown: None,
                versions: HashMap::new(),
                published: HashMap::new(),
            };
        }
        Ok(Some(head)) => head,
    };
    // What an earlier run read: the versions by blob id, and the log up to
    // a commit (used only when that commit is on this branch's line).
    let (cache_path, log_path) = match git::git_dir(&reports) {
        Some((dir, prefix)) => (
            Some(cache::path(&dir)),
            Some(log_cache::path(&dir, &prefix)),
        ),
        None => (None, None),
    };
    let cached = cache_path.as_deref().map(cache::load).unwrap_or_default();
    let log_args = git::LOG.join(" ");
    let kept = log_path
        .as_deref()
        .and_then(|path| log_cache::load(path, &log_args))
        .filter(|kept| git::descends(&reports, &kept.head, &head));
    // What each front matter says, by its SHA-1: a version that changed
    // only its body says what the one before said, and is not parsed again.
    let mut seen: HashMap<[u8; 20], Parsed> = HashMap::new();
    // Each version is read as cat-file hands it over, on the thread that
    // reads cat-file: the parse of the excerpt costs less than handing the
    // blobs to other threads did (git's own processes keep the other core).
    let mut results: Vec<(usize, Parsed)> = Vec::new();
    let log = git::read(
        &reports,
        current,
        crate::load::MAX_REPORT_BYTES,
        &head,
        kept.as_ref().map(|k| (k.head.as_str(), k.bytes.as_slice())),
        |id| cached.contains_key(id),
        |i, bytes| results.push((i, parse_version(&bytes, &mut seen))),
    );
    let (log, read_bytes) = match log {
        Ok(log) => log,
        Err(reason) => return Git::unknown(reason),
    };
    if let Some(path) = log_path.filter(|_| kept.as_ref().is_none_or(|k| k.head != head)) {
        log_cache::store(&path, &log_args, &head, &read_bytes);
    }
    drop(read_bytes);
    let fresh = results.len();
    let mut parsed: Vec<Parsed> = log
        .blobs
        .iter()
        .map(|id| cached.get(id).cloned().flatten())
        .collect();
    for (i, result) in results {
        if let Some(slot) = parsed.get_mut(i) {
            *slot = result;
        }
    }
    // Kept for the next run: the versions this history names, so that
    // versions no longer in it are forgotten.
    if let Some(path) = cache_path.filter(|_| fresh > 0 || cached.len() != log.blobs.len()) {
        cache::store(&path, log.blobs.iter().zip(&parsed));
    }
    let published: Vec<bool> = parsed
        .iter()
        .map(|p| p.as_ref().is_some_and(|(_, published)| *published))
        .collect();
    let parsed: Vec<Option<Arc<Vec<ActionState>>>> = parsed
        .into_iter()
        .map(|p| p.map(|(actions, _)| actions))
        .collect();
    // The first version published, oldest first (renames followed).
    let published_on = log
        .versions
        .iter()
        .filter_map(|(path, list)| {
            let (commit, _) = list.iter().find(|(_, blob)| published[*blob])?;
            Some((path.clone(), commit.date.date_naive()))
        })
        .collect();
    let versions = log
        .versions
        .into_iter()
        .map(|(path, list)| {
            let list = list
                .into_iter()
                .map(|(commit, blob)| (commit, parsed[blob].clone()))
                .collect();
            (path, list)
        })
        .collect();
    Git {
        unknown: None,
        versions,
        published: published_on,
    }
}

/// What one version says: its actions, and whether it is published; `None`
/// when its front matter cannot be read.
type Parsed = Option<(Arc<Vec<ActionState>>, bool)>;

/// Reads one version, or takes what an identical front matter said.
fn parse_version(bytes: &[u8], seen: &mut HashMap<[u8; 20], Parsed>) -> Parsed {
    use sha1::{Digest, Sha1};
    let front_matter = versions::front_matter(bytes)?;
    // Only what is read counts: a version that changed only its timeline
    // says what the one before said.
    let part = excerpt::excerpt(front_matter);
    let key: [u8; 20] = match &part {
        Some(part) => Sha1::new()
            .chain_update(b"part\0")
            .chain_update(part)
            .finalize(),
        None => Sha1::new()
            .chain_update(b"all\0")
            .chain_update(front_matter)
            .finalize(),
    }
    .into();
    seen.entry(key)
        .or_insert_with(|| {
            versions::read_with(part.as_deref(), front_matter)
                .map(|(actions, published)| (Arc::new(actions), published))
        })
        .clone()
}

/// When something happened: the commit's date and, for the internal
/// audience only, the commit (its id, author and message).
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    /// The commit's date, in its committer's offset.
    pub date: NaiveDate,
    /// `None` for the public audience.
    pub commit: Option<Arc<Commit>>,
}

impl Stamp {
    fn of(commit: &Arc<Commit>) -> Stamp {
        Stamp {
            date: commit.date.date_naive(),
            commit: Some(Arc::clone(commit)),
        }
    }

    /// A stamp on `date` (`YYYY-MM-DD`) with no commit: for tests.
    #[cfg(test)]
    pub fn on(date: &str) -> Stamp {
        Stamp {
            date: date.parse().expect("a date"),
            commit: None,
        }
    }
}

/// A change of an action's due date.
#[derive(Debug, Clone, PartialEq)]
pub struct DueChange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub at: Stamp,
}

impl DueChange {
    /// The due date moved later: a slip. Setting a first due date, bringing
    /// one forward or removing one (a closed action needs none) is not.
    pub fn is_slip(&self) -> bool {
        matches!((self.from, self.to), (Some(from), Some(to)) if to > from)
    }
}

/// A change of an action's status.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusChange {
    pub from: ActionStatus,
    pub to: ActionStatus,
    pub at: Stamp,
}

/// The history of one action, from the commits of its report.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionHistory {
    /// The first commit holding the action (matched by `id`).
    pub agreed: Stamp,
    /// Its due date then.
    pub first_due: Option<NaiveDate>,
    /// Every change of the due date after that, oldest first.
    pub due_changes: Vec<DueChange>,
    /// Every change of status, oldest first.
    pub status_changes: Vec<StatusChange>,
    /// When it last became `done`, if it is done in the last commit.
    pub done: Option<Stamp>,
    /// The due date it had just before it became done (or, if it was
    /// agreed as done, then): what "on time" is measured against, so that
    /// moving the due date in the commit that closes it hides nothing.
    pub due_when_done: Option<NaiveDate>,
    /// The file now differs from the last commit in this action's due date
    /// or status: those changes have no date yet.
    pub uncommitted: bool,
}

impl ActionHistory {
    /// How many times the due date moved later.
    pub fn slips(&self) -> usize {
        self.due_changes.iter().filter(|c| c.is_slip()).count()
    }

    /// Days from the due date to the day it was done: positive when late,
    /// zero or negative when on time. `None` when not done, or done
    /// without a due date.
    pub fn days_late(&self) -> Option<i64> {
        Some((self.done.as_ref()?.date - self.due_when_done?).num_days())
    }

    /// The due dates it has had, in order: the first, then each change's
    /// new date (removals left out).
    pub fn due_dates(&self) -> Vec<NaiveDate> {
        self.first_due
            .into_iter()
            .chain(self.due_changes.iter().filter_map(|c| c.to))
            .collect()
    }

    /// Every stamp, for trimming.
    fn stamps_mut(&mut self) -> impl Iterator<Item = &mut Stamp> {
        std::iter::once(&mut self.agreed)
            .chain(self.due_changes.iter_mut().map(|c| &mut c.at))
            .chain(self.status_changes.iter_mut().map(|c| &mut c.at))
            .chain(self.done.as_mut())
    }
}

/// What is known of one action's past.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionPast {
    Known(ActionHistory),
    /// The action (or its whole report) is in no commit yet.
    NotCommitted,
    /// The site's history is not known ([`History::unknown`] says why).
    Unknown,
}

/// The history of every action of a site, by report (`rel_path`), in the
/// order of the report's actions.
#[derive(Debug, Clone)]
pub struct History {
    /// Why the history is not known, if it is not.
    pub unknown: Option<Unknown>,
    pub reports: HashMap<String, Vec<ActionPast>>,
    /// The day each report (by `rel_path`) was first committed with
    /// `status: published`: for "days to the published report".
    pub published: HashMap<String, NaiveDate>,
}

impl Default for History {
    /// A history that was not read.
    fn default() -> History {
        History {
            unknown: Some(Unknown::NotRead),
            reports: HashMap::new(),
            published: HashMap::new(),
        }
    }
}

impl History {
    /// The past of action `index` of the report at `rel_path`.
    pub fn action(&self, rel_path: &str, index: usize) -> &ActionPast {
        static UNKNOWN: ActionPast = ActionPast::Unknown;
        self.reports
            .get(rel_path)
            .and_then(|actions| actions.get(index))
            .unwrap_or(&UNKNOWN)
    }

    /// Why nothing is known, in words for a page: `None` when it is known.
    pub fn unknown_reason(&self) -> Option<&'static str> {
        Some(match self.unknown.as_ref()? {
            Unknown::NoGit => "git is not installed where the site was built",
            Unknown::NotARepository => "the site was not built from a git checkout",
            Unknown::Shallow => "the site was built from a shallow clone",
            Unknown::Unreadable(_) => "git could not be read where the site was built",
            Unknown::NotRead => "the history was not read",
        })
    }

    /// The public audience's history: only the reports at `kept` paths,
    /// and dates without commits (no ids, authors or messages).
    pub fn for_public(mut self, kept: &std::collections::HashSet<&str>) -> History {
        self.reports.retain(|path, _| kept.contains(path.as_str()));
        self.published
            .retain(|path, _| kept.contains(path.as_str()));
        for past in self.reports.values_mut().flatten() {
            if let ActionPast::Known(history) = past {
                for stamp in history.stamps_mut() {
                    stamp.commit = None;
                }
            }
        }
        self
    }
}
