//! The view contract: what templates receive, as documented in
//! docs/templates.md (a test keeps the two in step). Fields are added,
//! never renamed. Everything here is already trimmed to the audience and
//! already escaped where a field ends in `_html`; every other string is
//! plain text that tera escapes. The pages' own variables are in
//! `render::contract`; `build` makes these views from the site.

mod build;
mod history;
mod kept;
mod practice;
mod values;

pub use build::{Lookups, Views};
pub use history::{ChangeView, CommitView, EmptyHistories, HistoryView};
pub(super) use kept::KeptLayout;
pub use kept::{KeptViews, ReportViews};
pub use practice::{
    AffectedView, CommunicationView, DataLostView, FactorView, InvestigationView, KnownIssueView,
    RecommendationView, RoleView, known_issues,
};
pub use values::web_link;

use crate::render::markdown;
use serde::Serialize;
use std::sync::Arc;

/// `site`: the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    /// As configured, with a trailing `/`.
    pub base_url: String,
    /// `internal` or `public`.
    pub audience: &'static str,
    /// The build date (`--today`), `YYYY-MM-DD`.
    pub build_date: String,
    /// `21 November 2026`.
    pub build_date_display: String,
    pub generator: String,
    pub severities: Vec<SeverityView>,
    pub counts: CountsView,
    /// Main navigation, in order.
    pub nav: Vec<NavItem>,
    /// Whether the site has search: the header's search box and
    /// `search/` exist only then.
    pub search: bool,
    /// The retrospective prime directive, as configured.
    pub prime_directive: String,
    /// Whether report pages open with it (`prime_directive.show`).
    pub show_prime_directive: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeverityView {
    pub name: String,
    pub label: String,
    pub description: String,
    /// A CSS colour from the configuration.
    pub colour: String,
    /// Position in the configuration, 0 = most severe.
    pub rank: usize,
    /// Reports of this severity.
    pub count: usize,
    /// Path of its browse page, relative to the site root.
    pub url: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CountsView {
    pub reports: usize,
    pub actions: usize,
    pub open_actions: usize,
    pub overdue_actions: usize,
    pub due_soon_actions: usize,
    pub done_actions: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    /// Relative to the site root, e.g. `actions/`.
    pub url: String,
    /// The page kind it leads to, to mark the current item.
    pub kind: String,
}

/// `page`: where the page is and how it should be treated.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// For `<title>` and the `<h1>`.
    pub title: String,
    /// `home`, `report`, `actions`, `browse`, `list`, `not-found`, …
    pub kind: String,
    /// The `site.nav` item (its `kind`) this page belongs under: `home`
    /// for reports, `browse` for lists; empty for none.
    pub section: String,
    /// Path of the page relative to the site root (`reports/db-failover/`);
    /// empty for the home page.
    pub path: String,
    /// Prefix from this page to the site root (`../../`, or empty): every
    /// link in templates is `{{ page.root }}` + a root-relative path.
    pub root: String,
    /// Absolute URL when `base_url` is absolute, for canonical links.
    pub canonical_url: Option<String>,
    /// `true` for the internal audience: `<meta name="robots" content="noindex">`.
    pub noindex: bool,
    /// The site title and main navigation, rendered by `header.html`.
    pub header_html: String,
    /// The page footer, rendered by `footer.html`.
    pub footer_html: String,
}

/// A link to a group page (a service, a tag, an owner).
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub name: String,
    pub url: String,
}

/// A report in lists and cards.
#[derive(Debug, Clone, Serialize)]
pub struct ReportSummaryView {
    pub slug: String,
    /// `reports/<slug>/`, relative to the site root.
    pub url: String,
    pub id: Option<String>,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `14 March 2025`.
    pub date_display: String,
    pub year: i32,
    pub severity: String,
    pub severity_label: String,
    pub severity_colour: String,
    /// Position of the severity in the configuration, 0 = most severe.
    pub severity_rank: usize,
    /// The severity's browse page, relative to the site root.
    pub severity_url: String,
    /// `draft`, `in-review` or `published`.
    pub status: &'static str,
    pub status_label: &'static str,
    /// `public` or `internal`.
    pub visibility: &'static str,
    pub summary_html: Option<String>,
    /// The summary as plain text, for `<meta name="description">`.
    pub summary_text: Option<String>,
    pub services: Vec<LinkView>,
    pub tags: Vec<LinkView>,
    /// The kind of incident (`slow`), its label and its browse page.
    pub kind: Option<String>,
    pub kind_label: Option<String>,
    pub kind_url: Option<String>,
    /// `1 h 05 min`, when resolved.
    pub time_to_resolve: Option<String>,
    /// From `started` to `mitigated` (when users stopped being affected),
    /// when given: the incident's impact may end long before it is closed.
    pub time_to_mitigate: Option<String>,
    pub open_actions: usize,
    pub overdue_actions: usize,
}

/// A moment of an incident, shown in the report's timezone.
#[derive(Debug, Clone, Serialize)]
pub struct TimeView {
    /// RFC 3339, for `<time datetime>`.
    pub iso: String,
    /// `14 Mar 2025, 09:12`.
    pub display: String,
    /// `09:12`.
    pub time: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntryView {
    pub at: TimeView,
    /// The date (`14 Mar`) when it differs from the report's date.
    pub date: Option<String>,
    /// Offset from `started`: `+0:08`, `+1d 02:05`, `−0:30`.
    pub offset: String,
    pub event_html: String,
    /// `before`, `after`, `handover` or another kind written in the report.
    pub kind: Option<String>,
    /// `event` for a timeline entry, `update` for a communication (in
    /// `timeline_with_updates`).
    pub lane: &'static str,
    /// The communication, on the `update` lane.
    pub update: Option<CommunicationView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImpactView {
    pub summary_html: String,
    pub users: Option<String>,
    pub data_loss: Option<bool>,
    /// Groups affected: internal audience only, unless
    /// `public.show_affected`.
    pub affected: Vec<AffectedView>,
    pub data_lost: Option<DataLostView>,
    /// Any other keys of `impact`, as written.
    pub other: serde_json::Map<String, serde_json::Value>,
    /// The same keys ready to print: `{label, value}`, `failed_requests:
    /// 18730` → `Failed requests`, `18,730`.
    pub other_display: Vec<FactView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `20 March 2025`.
    pub date_display: Option<String>,
    /// Empty for the public audience unless `public.show_people`.
    pub attendees: Vec<String>,
    pub notes_html: Option<String>,
    /// False when the practice needs no review meeting.
    pub needed: bool,
    pub reason_html: Option<String>,
    /// When the draft went to the attendees: `YYYY-MM-DD`, `18 March 2025`.
    pub draft_circulated: Option<String>,
    pub draft_circulated_display: Option<String>,
}

/// An agreed action, with the report it belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub id: String,
    /// Plain text (for attributes, feeds).
    pub title: String,
    /// The title as inline Markdown.
    pub title_html: String,
    /// A name (internal), or a team (public).
    pub owner: String,
    /// Shared by the actions of the same owner.
    pub owner_url: Arc<str>,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    /// `14 Mar 2025`.
    pub due_display: Option<String>,
    /// `open`, `in-progress`, `done` or `wont-do`.
    pub status: &'static str,
    pub status_label: &'static str,
    /// Days past due (as of the build date) for an action not closed.
    pub overdue_days: Option<i64>,
    /// Due within 14 days and not closed.
    pub due_soon: bool,
    /// An http(s) link to the tracker, if given.
    pub link: Option<String>,
    pub priority: Option<String>,
    /// The id of the recommendation it carries out.
    pub recommendation: Option<String>,
    /// What it achieved (inline Markdown), as written; templates show it
    /// once the action is done.
    pub outcome_html: Option<String>,
    /// The four `report_` fields are shared by the report's actions.
    pub report_slug: Arc<str>,
    pub report_url: Arc<str>,
    pub report_title: Arc<str>,
    pub report_id: Option<Arc<str>>,
    /// What git says about its past (shared by the actions whose past is
    /// not known).
    pub history: std::sync::Arc<HistoryView>,
}

/// `report` on a report page. Borrows what the site's views already hold.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView<'a> {
    #[serde(flatten)]
    pub summary: &'a ReportSummaryView,
    /// `Europe/London` or `+05:30`.
    pub timezone: String,
    pub started: TimeView,
    pub detected: Option<TimeView>,
    pub mitigated: Option<TimeView>,
    pub resolved: Option<TimeView>,
    pub time_to_detect: Option<String>,
    pub impact: Option<ImpactView>,
    pub timeline: Vec<TimelineEntryView>,
    /// The timeline and the communications in one list, in time order:
    /// each entry on the `event` or the `update` lane.
    pub timeline_with_updates: Vec<TimelineEntryView>,
    /// Whether the incident started out of the site's working hours;
    /// null when the site has none.
    pub out_of_hours: Option<bool>,
    /// "In brief": the summary for stakeholders (`summary.md`), as HTML.
    pub in_brief_html: String,
    pub roles: Vec<RoleView>,
    /// Updates sent, in time order (the public sees those to clients and
    /// the public, without who sent them).
    pub communications: Vec<CommunicationView>,
    pub body_html: String,
    pub toc: Vec<markdown::TocEntry>,
    pub recommendations_html: Vec<String>,
    /// Each recommendation with its id, kind, horizon, and what became of
    /// it.
    pub recommendations: Vec<RecommendationView>,
    pub investigations: Vec<InvestigationView>,
    pub known_issues: Vec<KnownIssueView>,
    /// The contributing factors, each linked to its category's page.
    pub factors: Vec<FactorView>,
    pub actions: &'a [ActionView],
    /// The rows of the actions table (`actions`, without the report
    /// column), each rendered by `action_row.html` once for the whole
    /// site: the actions-by-report page shows the same rows.
    pub action_rows_html: String,
    pub related: Vec<&'a ReportSummaryView>,
    /// The first occurrence, when this incident repeats it (and the
    /// audience sees it).
    pub recurrence_of: Option<&'a ReportSummaryView>,
    /// The reports that repeat this incident, newest first.
    pub recurrences: Vec<&'a ReportSummaryView>,
    /// The reports that name this one in `related` (back-links), newest
    /// first, only those the audience can see.
    pub named_by: Vec<&'a ReportSummaryView>,
    /// Up to three incidents that look like this one, found at build time
    /// (docs/metrics.md): suggestions, most alike first, never one the
    /// audience cannot see, nor one already linked.
    pub similar: Vec<&'a ReportSummaryView>,
    pub review: Option<ReviewView>,
    /// Internal audience only (the trim removes the notes for the public).
    pub internal_notes_html: Option<String>,
    /// Names; empty for the public audience unless `public.show_people`.
    pub authors: &'a [String],
    pub lead: Option<&'a str>,
    /// From git, `YYYY-MM-DD`, when the site is a git checkout.
    pub last_updated: Option<String>,
    /// `21 November 2026`.
    pub last_updated_display: Option<String>,
    /// With `repository:` in retrospect.yaml (and, on the public site,
    /// `repository.public`): the report's source, its editor, its history
    /// and a new issue to suggest a change, on the repository's host.
    #[serde(flatten)]
    pub repository: crate::config::repository::Links,
    /// `extra:` from the front matter, untouched.
    pub extra: &'a serde_json::Value,
    /// A notice for drafts and reports in review (internal audience only):
    /// `banner_label` + `banner_text`, or both in `banner`.
    pub banner: Option<String>,
    pub banner_label: Option<String>,
    pub banner_text: Option<String>,
}
