//! The validated report model. Values of these types are known to be valid:
//! the parse and validate stages are the only places that create them.

mod packed;
mod practice;

pub use packed::Packed;

pub use practice::{
    Affected, Communication, DataLost, Factor, Horizon, Investigation, KnownIssue, Reach,
    Recommendation, RecommendationKind, Role,
};

use crate::time::Zone;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// A value with the byte range in its file that it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Sp { value, span }
    }
}

/// A URL-safe report name: lowercase ASCII letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Slug(String);

impl Slug {
    /// The longest slug, in bytes.
    pub const MAX_LEN: usize = 100;

    pub fn is_valid(s: &str) -> bool {
        !s.is_empty()
            && s.len() <= Slug::MAX_LEN
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
    }

    pub fn parse(s: &str) -> Option<Slug> {
        Slug::is_valid(s).then(|| Slug(s.to_string()))
    }

    /// The slug a file stem suggests: the stem without a leading
    /// `YYYY-MM-DD-` date.
    pub fn stem_without_date(stem: &str) -> &str {
        let bytes = stem.as_bytes();
        let dated = bytes.len() > 11
            && bytes[..10].iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            })
            && bytes[10] == b'-';
        if dated { &stem[11..] } else { stem }
    }

    /// A valid slug made from arbitrary text, for suggestions.
    pub fn suggest(s: &str) -> String {
        slug::slugify(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A report's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Draft,
    InReview,
    Published,
}

impl Status {
    pub const NAMES: &'static [&'static str] = &["draft", "in-review", "published"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Status::Draft),
            "in-review" => Some(Status::InReview),
            "published" => Some(Status::Published),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        Status::NAMES[self as usize]
    }

    /// As the site shows it: `In review`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::InReview => "In review",
            Status::Published => "Published",
        }
    }
}

/// Who may see a report.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    Public,
    Internal,
}

impl Visibility {
    pub const NAMES: &'static [&'static str] = &["public", "internal"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "public" => Some(Visibility::Public),
            "internal" => Some(Visibility::Internal),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        Visibility::NAMES[self as usize]
    }
}

/// Where an agreed action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    WontDo,
}

impl ActionStatus {
    pub const NAMES: &'static [&'static str] = &["open", "in-progress", "done", "wont-do"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(ActionStatus::Open),
            "in-progress" => Some(ActionStatus::InProgress),
            "done" => Some(ActionStatus::Done),
            "wont-do" => Some(ActionStatus::WontDo),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        ActionStatus::NAMES[self as usize]
    }

    /// As the site shows it: `Won't do`.
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Done => "Done",
            ActionStatus::WontDo => "Won't do",
        }
    }

    /// Done or dropped: nothing more is expected.
    pub fn is_closed(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::WontDo)
    }
}

/// An agreed action with an owner.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
    pub link: Option<String>,
    pub priority: Option<String>,
    /// The id of the recommendation of the same report it carries out.
    pub recommendation: Option<String>,
    /// What was done, with links (inline Markdown); shown once it is done.
    pub outcome: Option<String>,
}

impl Action {
    /// Days past due as of `today`, for an action that is not closed.
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        days_overdue(self.due?, self.status, today)
    }

    /// Not closed, and due between `today` and `days` days later (both
    /// included); an overdue action is not "due within".
    pub fn is_due_within(&self, today: NaiveDate, days: i64) -> bool {
        !self.status.is_closed()
            && self
                .due
                .is_some_and(|d| d >= today && (d - today).num_days() <= days)
    }
}

/// Days past `due` as of `today` for an action in `status`, if it is overdue.
pub fn days_overdue(due: NaiveDate, status: ActionStatus, today: NaiveDate) -> Option<i64> {
    (!status.is_closed() && due < today).then(|| (today - due).num_days())
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    pub at: DateTime<FixedOffset>,
    pub event: String,
    pub kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    pub summary: String,
    pub users: Option<String>,
    pub data_loss: Option<bool>,
    /// Who was affected: business units, client groups, user groups.
    pub affected: Vec<Affected>,
    pub data_lost: Option<DataLost>,
    /// Any other keys, handed to templates.
    pub other: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub date: Option<NaiveDate>,
    pub attendees: Vec<String>,
    pub notes: Option<String>,
    /// `false` when the practice needs no review meeting (`needed: false`).
    pub needed: bool,
    /// Why no review is needed.
    pub reason: Option<String>,
    /// When the draft went to the attendees.
    pub draft_circulated: Option<NaiveDate>,
}

/// A level-2 section of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    /// Byte range of the heading line in the file.
    pub heading_span: Range<usize>,
    /// Whether the section holds anything besides placeholders.
    pub has_content: bool,
}

/// The Markdown body and what the parser found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The Markdown text of the body, compressed while it is held
    /// ([`Packed`]).
    pub markdown: Packed,
    /// Byte offset of the body in its file.
    pub offset: usize,
    pub sections: Vec<Section>,
    /// Byte ranges (in the file) of `<!-- internal -->` passages, markers included.
    pub internal_passages: Vec<Range<usize>>,
}

impl Body {
    /// The internal passages, as byte ranges of the body's text.
    fn internal_ranges(&self) -> Vec<Range<usize>> {
        self.internal_passages
            .iter()
            .map(|p| p.start - self.offset..p.end - self.offset)
            .collect()
    }

    /// The body without its internal passages, for the public audience.
    pub fn without_internal_passages(&self) -> Result<String, crate::error::Error> {
        let markdown = self.markdown.unpack()?;
        Ok(packed::without(&markdown, &self.internal_ranges()))
    }

    /// The body's text without its internal passages, held as it was.
    pub fn public_markdown(&self) -> Packed {
        self.markdown.without(&self.internal_ranges())
    }
}

/// A report that passed validation.
#[derive(Debug, Clone)]
pub struct Report {
    /// Path relative to the site's `reports/` folder.
    pub rel_path: String,
    pub slug: Slug,
    pub id: Option<String>,
    pub title: String,
    pub date: NaiveDate,
    pub timezone: Zone,
    pub severity: String,
    pub status: Status,
    pub visibility: Visibility,
    pub summary: Option<String>,
    pub services: Vec<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub lead: Option<String>,
    /// The kind of incident, from the site's list.
    pub kind: Option<String>,
    /// Roles held, in order; `lead:` is the first, without times, unless
    /// `roles:` names a lead.
    pub roles: Vec<Role>,
    pub started: DateTime<FixedOffset>,
    pub detected: Option<DateTime<FixedOffset>>,
    pub mitigated: Option<DateTime<FixedOffset>>,
    pub resolved: Option<DateTime<FixedOffset>>,
    pub impact: Option<Impact>,
    pub timeline: Vec<TimelineEntry>,
    pub communications: Vec<Communication>,
    pub recommendations: Vec<Recommendation>,
    pub actions: Vec<Action>,
    pub investigations: Vec<Investigation>,
    pub known_issues: Vec<KnownIssue>,
    /// The contributing factors, one per category (the first written).
    pub factors: Vec<Factor>,
    /// Slugs of related reports (resolved from ids or slugs).
    pub related: Vec<Slug>,
    /// The slug of the earlier report this incident repeats.
    pub recurrence_of: Option<Slug>,
    pub review: Option<Review>,
    pub internal_notes: Option<String>,
    pub extra: serde_json::Value,
    pub body: Body,
}

impl Report {
    pub fn time_to_detect(&self) -> Option<chrono::Duration> {
        self.detected.map(|t| t - self.started)
    }
    pub fn time_to_mitigate(&self) -> Option<chrono::Duration> {
        self.mitigated.map(|t| t - self.started)
    }
    pub fn time_to_resolve(&self) -> Option<chrono::Duration> {
        self.resolved.map(|t| t - self.started)
    }

    /// Whether the practice asks for a review meeting: not when the report
    /// says `review: {needed: false}`, nor for a recurrence of an earlier
    /// incident.
    pub fn needs_review(&self) -> bool {
        self.recurrence_of.is_none() && self.review.as_ref().is_none_or(|r| r.needed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_names() {
        assert!(Slug::is_valid("db-failover-2"));
        for bad in ["", "../etc", "Upper", "a b", "a/b", "-a", "a-", "a--b", "é"] {
            assert!(!Slug::is_valid(bad), "{bad:?}");
        }
        assert_eq!(
            Slug::stem_without_date("2024-03-14-db-failover"),
            "db-failover"
        );
        assert_eq!(Slug::stem_without_date("db-failover"), "db-failover");
        assert_eq!(Slug::stem_without_date("2024-03-14"), "2024-03-14");
        assert_eq!(Slug::suggest("Payments API: 5xx!"), "payments-api-5xx");
    }

    #[test]
    fn overdue_counts_days_for_open_actions_only() {
        let due = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let today = NaiveDate::from_ymd_opt(2024, 3, 11).unwrap();
        let mut action = Action {
            id: "A1".into(),
            title: "t".into(),
            owner: "o".into(),
            due: Some(due),
            status: ActionStatus::Open,
            link: None,
            priority: None,
            recommendation: None,
            outcome: None,
        };
        assert_eq!(action.days_overdue(today), Some(10));
        assert_eq!(action.days_overdue(due), None);
        action.status = ActionStatus::Done;
        assert_eq!(action.days_overdue(today), None);
    }

    #[test]
    fn due_within_counts_from_today_and_skips_closed_and_overdue() {
        let today = NaiveDate::from_ymd_opt(2024, 3, 11).unwrap();
        let action = |due: Option<&str>, status| Action {
            id: "A1".into(),
            title: "t".into(),
            owner: "o".into(),
            due: due.map(|d| d.parse().unwrap()),
            status,
            link: None,
            priority: None,
            recommendation: None,
            outcome: None,
        };
        assert!(action(Some("2024-03-11"), ActionStatus::Open).is_due_within(today, 0));
        assert!(action(Some("2024-03-18"), ActionStatus::InProgress).is_due_within(today, 7));
        assert!(!action(Some("2024-03-19"), ActionStatus::Open).is_due_within(today, 7));
        assert!(!action(Some("2024-03-10"), ActionStatus::Open).is_due_within(today, 7));
        assert!(!action(Some("2024-03-12"), ActionStatus::Done).is_due_within(today, 7));
        assert!(!action(None, ActionStatus::Open).is_due_within(today, 7));
    }
}
