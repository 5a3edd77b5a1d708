//! The site model: the valid reports of a run, with everything rendering
//! needs to know about them, for one audience. `audience::trim` is the one
//! place where a site is cut down to what its audience may see.

pub mod audience;
pub mod git;

use crate::config::Config;
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

/// Everything the later stages read. Built once; never changed after the
/// audience trim.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub audience: Audience,
    /// Whether the site has a search index (and so a search page and box):
    /// `build --no-search` leaves it out.
    pub search: bool,
    /// The date that "overdue" and "due soon" are measured against.
    pub today: NaiveDate,
    /// Newest first (date, then slug, descending). Shared, so that `serve`
    /// keeps the reports that did not change from one build to the next.
    pub reports: Vec<Arc<Report>>,
    pub attachments: Vec<Attachment>,
    /// Last commit touching each report (by `rel_path`), when the site is a
    /// git checkout.
    pub last_updated: BTreeMap<String, DateTime<FixedOffset>>,
}

impl Site {
    pub fn new(
        config: Config,
        today: NaiveDate,
        mut reports: Vec<Arc<Report>>,
        attachments: Vec<(PathBuf, String)>,
        last_updated: BTreeMap<String, DateTime<FixedOffset>>,
    ) -> Site {
        reports.sort_by(|a, b| (b.date, &b.slug).cmp(&(a.date, &a.slug)));
        Site {
            config,
            audience: Audience::Internal,
            search: true,
            today,
            reports,
            attachments: attachments
                .into_iter()
                .map(|(source, rel_path)| Attachment { source, rel_path })
                .collect(),
            last_updated,
        }
    }
}
