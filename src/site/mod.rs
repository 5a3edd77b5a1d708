//! The site model: the valid reports of a run, with everything rendering
//! needs to know about them. It comes in two types: [`Untrimmed`], every
//! valid report as written, and [`Site`], what one audience may see.
//! `audience::trim` is the one place where the first becomes the second,
//! and the only way to make a `Site`: every later stage (indexes, pages,
//! data files, the search index) takes a `Site`, so a forgotten trim does
//! not compile.

pub mod audience;
pub mod hours;

use crate::config::Config;
use crate::history::History;
use crate::model::Report;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Who a build is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Everything, for the organisation: drafts with a banner, internal
    /// passages, people's names. Never indexed by search engines.
    Internal,
    /// Only published public reports, without internal passages or people's
    /// names: safe to publish to the world.
    Public,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Internal => "internal",
            Audience::Public => "public",
        }
    }
}

/// A file next to the reports (an image, a log), copied to the site when a
/// report that the audience sees links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub source: PathBuf,
    /// Path relative to `reports/`, with `/` separators.
    pub rel_path: String,
}

/// Every valid report of a run, as written, before the audience trim:
/// what [`audience::trim`] takes. No later stage accepts it.
#[derive(Debug, Clone)]
pub struct Untrimmed {
    pub config: Config,
    /// Whether the site gets a search index (and so a search page and box):
    /// `build --no-search` leaves it out.
    pub search: bool,
    /// The date that "overdue" and "due soon" are measured against.
    pub today: NaiveDate,
    /// Newest first (date, then slug, descending).
    pub reports: Vec<Arc<Report>>,
    pub attachments: Vec<Attachment>,
    /// Last commit touching each report (by `rel_path`), when the site is a
    /// git checkout.
    pub last_updated: BTreeMap<String, DateTime<FixedOffset>>,
    /// Each action's history from git (not read: unknown).
    pub history: History,
}

impl Untrimmed {
    /// The model of `reports`, sorted newest first.
    pub fn new(
        config: Config,
        today: NaiveDate,
        mut reports: Vec<Arc<Report>>,
        attachments: Vec<(PathBuf, String)>,
        last_updated: BTreeMap<String, DateTime<FixedOffset>>,
        search: bool,
    ) -> Untrimmed {
        reports.sort_by(|a, b| (b.date, &b.slug).cmp(&(a.date, &a.slug)));
        Untrimmed {
            config,
            search,
            today,
            reports,
            attachments: attachments
                .into_iter()
                .map(|(source, rel_path)| Attachment { source, rel_path })
                .collect(),
            last_updated,
            history: History::default(),
        }
    }

    /// The model with each action's history from git.
    pub fn with_history(mut self, history: History) -> Untrimmed {
        self.history = history;
        self
    }
}

/// The site as one audience may see it: everything the later stages read.
/// Made only by [`audience::trim`], and never changed after it (its fields
/// are read through methods).
#[derive(Debug, Clone)]
pub struct Site {
    config: Config,
    audience: Audience,
    search: bool,
    today: NaiveDate,
    reports: Vec<Arc<Report>>,
    attachments: Vec<Attachment>,
    last_updated: BTreeMap<String, DateTime<FixedOffset>>,
    history: History,
}

impl Site {
    /// The configuration; for the public audience, without `people:`.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Who the site is for.
    pub fn audience(&self) -> Audience {
        self.audience
    }

    /// Whether the site has a search index (and so a search page and box).
    pub fn search(&self) -> bool {
        self.search
    }

    /// The date that "overdue" and "due soon" are measured against.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The reports the audience may see, newest first (date, then slug,
    /// descending). Shared, so that `serve` keeps the reports that did not
    /// change from one build to the next.
    pub fn reports(&self) -> &[Arc<Report>] {
        &self.reports
    }

    /// Files next to the reports, copied when a report of the site links
    /// to them.
    pub fn attachments(&self) -> &[Attachment] {
        &self.attachments
    }

    /// Last commit touching each report the audience sees (by `rel_path`).
    pub fn last_updated(&self) -> &BTreeMap<String, DateTime<FixedOffset>> {
        &self.last_updated
    }

    /// Each action's history, for the reports the audience sees; for the
    /// public, dates without commits.
    pub fn history(&self) -> &History {
        &self.history
    }
}
