//! What `serve` keeps between runs of the pipeline: each report file's
//! outcome, read and checked again only once the watcher names the file.

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::{self, SiteFiles};
use crate::model::Report;
use crate::validate::site::Identity;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// What one report file gave: its report when valid, what other reports
/// may refer to, and its diagnostics. `serve` keeps these between runs.
#[derive(Clone)]
pub(super) struct FileOutcome {
    pub(super) report: Option<Arc<Report>>,
    pub(super) identity: Arc<Identity>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// The per-file outcomes of earlier runs, for `serve`: a file is read and
/// checked again only after [`Cache::forget`] names it (the watcher says
/// which files changed); the rules across reports run again every time,
/// over every file. A cache holds the results of one configuration and one
/// `today`: when either changes, [`Cache::clear`] it (a different `today`
/// clears it by itself).
#[derive(Default)]
pub struct Cache {
    /// By path relative to `reports/`.
    pub(super) outcomes: HashMap<String, FileOutcome>,
    today: Option<NaiveDate>,
    /// The files of the last run, and what was forgotten since: the list is
    /// brought up to date for those instead of walking `reports/` again.
    pub(super) files: Option<SiteFiles>,
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
        self.files = None;
        self.forgotten.clear();
    }

    /// Keeps the outcomes only if they were made for `today`.
    pub(super) fn hold_for(&mut self, today: NaiveDate) {
        if self.today != Some(today) {
            self.clear();
            self.today = Some(today);
        }
    }

    /// The site's files: the last run's brought up to date, or found again.
    pub(super) fn files(&mut self, site: &Path) -> Result<SiteFiles, Error> {
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
