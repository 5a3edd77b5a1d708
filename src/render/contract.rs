//! What each page's template receives besides `site` and `page` (both in
//! `view`): one struct per kind of page, made by one function of `pages`,
//! the same struct whether or not the site overrides the template. These
//! structs and the views are the template author's API: docs/templates.md
//! describes exactly them, and a test keeps the two in step.

use super::view::{ActionView, KnownIssueView, ReportSummaryView, ReportView};
use serde::Serialize;

/// Where a page is in its list, on the pages of a list cut into pages of
/// `paginate` rows (`actions/`, `actions/page/2/`, …). Every list has one,
/// with `pages` 1 when it fits on one page. URLs are relative to the site
/// root, like every `url`.
#[derive(Serialize)]
pub struct Pagination {
    /// This page's number, from 1.
    pub page: usize,
    /// How many pages the list has (at least 1).
    pub pages: usize,
    /// The most items a page shows (`paginate`).
    pub per_page: usize,
    /// How many items the whole list has.
    pub total: usize,
    /// The numbers (from 1) of this page's first and last items in the
    /// whole list; both 0 when the list is empty.
    pub first_item: usize,
    pub last_item: usize,
    /// The list's first page (its own folder) and last page.
    pub first_url: String,
    pub last_url: String,
    /// The pages before and after this one, if any.
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

/// `index.html`, the home page.
#[derive(Serialize)]
pub struct HomePage<'a> {
    /// The latest reports (at most 30), newest first; the rest are a click
    /// away by year.
    pub reports: Vec<&'a ReportSummaryView>,
    /// Every overdue action, soonest due first.
    pub overdue: Vec<&'a ActionView>,
    /// Every action due in the next 14 days.
    pub due_soon: Vec<&'a ActionView>,
    /// Known issues still open, newest report first: internal audience
    /// only (empty for the public).
    pub known_issues: Vec<KnownIssueView>,
}

/// `report.html`, a report's page (`reports/SLUG/`).
#[derive(Serialize)]
pub struct ReportPage<'a> {
    pub report: ReportView<'a>,
}

/// `agenda.html`, a report's printable review agenda
/// (`reports/SLUG/agenda/`, internal site only): the report as on its page,
/// but for its body, which the meeting reads beforehand.
#[derive(Serialize)]
pub struct AgendaPage<'a> {
    pub report: ReportView<'a>,
}

/// A tab of the actions pages.
#[derive(Serialize)]
pub struct Tab {
    pub title: &'static str,
    pub url: &'static str,
    pub count: usize,
    pub current: bool,
}

/// `actions.html`: a list of actions (`actions/`, `actions/open/`, …), or
/// one owner's (`actions/owners/OWNER/`).
#[derive(Serialize)]
pub struct ActionsPage<'a> {
    /// `all`, `open`, `overdue`, `due-soon`, `done`, or `owner`.
    pub filter: &'static str,
    pub tabs: Vec<Tab>,
    /// This page's actions of the list, soonest due first.
    pub actions: Vec<&'a ActionView>,
    /// How many actions the whole list has.
    pub action_count: usize,
    pub pagination: Pagination,
    /// The rows of `actions`, rendered by `action_row.html`: with the
    /// report column, and the owner column except on an owner's page.
    pub action_rows_html: String,
    /// The owner's name, on an owner's page.
    pub owner: Option<&'a str>,
    /// The owner's counts, on an owner's page; the team's, on a team's.
    pub owner_counts: Option<OwnerCounts>,
    /// The team's name, on a team's page (`actions/teams/TEAM/`).
    pub team: Option<String>,
    /// The team's action figures from the git history, on a team's page:
    /// done in the last 12 months, on time, late, the share done by the
    /// due date, and due dates moved later ("not recorded" without the
    /// history).
    pub team_figures: Vec<TeamFigure>,
    /// How many actions of the list had their due date moved later at
    /// least once (from git; 0 when the history is not known).
    pub slipped: usize,
    /// The most slipped actions of the list, most first (at most 10, each
    /// slipped at least once).
    pub most_slipped: Vec<&'a ActionView>,
    /// The calendar of the list's open actions, relative to the site root:
    /// the owner's `actions/owners/OWNER/actions.ics` on an owner's page,
    /// else the site's `actions.ics`.
    pub calendar_url: String,
    /// The Atom feed of the owner's open actions, on an owner's page.
    pub feed_url: Option<String>,
}

/// One of a team's action figures, as text.
#[derive(Serialize)]
pub struct TeamFigure {
    pub label: &'static str,
    pub value: String,
}

/// An owner of actions, with how many they have.
#[derive(Serialize, Clone)]
pub struct OwnerCounts {
    pub name: String,
    pub url: String,
    pub total: usize,
    pub open: usize,
    pub overdue: usize,
}

/// `owners.html`: every owner of actions (`actions/owners/`).
#[derive(Serialize)]
pub struct OwnersPage {
    pub tabs: Vec<Tab>,
    pub owners: Vec<OwnerCounts>,
    /// The teams of `people:` that own actions (internal site only), each
    /// with its calendar and feed of open actions.
    pub teams: Vec<TeamLinks>,
}

/// A team's calendar and feed of open actions.
#[derive(Serialize)]
pub struct TeamLinks {
    pub name: String,
    /// The team's page, `actions/teams/TEAM/`.
    pub url: String,
    /// `actions/teams/TEAM/actions.ics`, relative to the site root.
    pub calendar_url: String,
    /// `actions/teams/TEAM/feed.xml`.
    pub feed_url: String,
    /// How many open actions the team's people own.
    pub open: usize,
}

/// `actions_by_report.html`: the actions of each report that has any
/// (`actions/reports/`).
#[derive(Serialize)]
pub struct ActionsByReportPage<'a> {
    pub tabs: Vec<Tab>,
    /// This page's reports with actions, newest first.
    pub groups: Vec<ReportActions<'a>>,
    /// Counted in reports with actions.
    pub pagination: Pagination,
}

/// A report with its actions, on the actions-by-report page.
#[derive(Serialize)]
pub struct ReportActions<'a> {
    pub report: &'a ReportSummaryView,
    pub actions: Vec<&'a ActionView>,
    /// The rows of `actions`, without the report column.
    pub rows_html: String,
}

/// `browse.html`: the groups of reports (`browse/`).
#[derive(Serialize)]
pub struct BrowsePage {
    pub sections: Vec<Section>,
}

/// A kind of group on the browse page.
#[derive(Serialize)]
pub struct Section {
    /// `By severity`.
    pub title: &'static str,
    /// `severity`, `service`, `tag`, `kind`, `affected`, `factor` or `year`.
    pub kind: &'static str,
    pub groups: Vec<GroupLink>,
}

/// A group on the browse page, with its page.
#[derive(Serialize)]
pub struct GroupLink {
    pub name: String,
    /// The severity's label, or the name.
    pub label: String,
    pub url: String,
    /// How many reports it has.
    pub count: usize,
    /// The severity's colour (severities only).
    pub colour: Option<String>,
}

/// `list.html`: the reports of one group (`severity/X/`, `services/X/`,
/// `tags/X/`, `kinds/X/`, `affected/X/`, `factors/X/`, `years/X/`).
#[derive(Serialize)]
pub struct ListPage<'a> {
    /// `severity`, `service`, `tag`, `kind`, `affected`, `factor` or `year`.
    pub kind: &'static str,
    pub name: String,
    /// The severity's or the kind's label, or the name.
    pub label: String,
    /// The severity's or the kind's description.
    pub description: Option<String>,
    /// This page's reports of the group, newest first.
    pub reports: Vec<&'a ReportSummaryView>,
    /// How many reports the whole group has.
    pub report_count: usize,
    pub pagination: Pagination,
    /// The rows of `reports`, rendered by `report_row.html`.
    pub report_rows_html: String,
    /// On a service's page (the first of its list), the metrics page's
    /// headline figures for that service alone (`{key, label, current,
    /// previous, part}`); null on the other lists and later pages.
    pub figures: Option<Vec<crate::metrics::headline::Row>>,
}

/// `search.html`: the search page (`search/`).
#[derive(Serialize)]
pub struct SearchPage {
    /// One per filter: severity, kind, service, tag, year, status, and
    /// affected group where the audience sees them.
    pub facets: Vec<Facet>,
    /// Where the index is (`pagefind/`), relative to the site root.
    pub bundle: String,
}

/// A search filter with the values the index files reports under.
#[derive(Serialize)]
pub struct Facet {
    /// The filter's name in the index and in the URL.
    pub name: &'static str,
    pub label: &'static str,
    pub values: Vec<String>,
}

/// `404.html`: nothing besides `site` and `page`.
#[derive(Serialize)]
pub struct NotFoundPage {}

/// `metrics.html`: learning across incidents (`metrics/`), from the
/// audience's reports only.
#[derive(Serialize)]
pub struct MetricsPage<'a> {
    /// Every figure, as in `metrics.json` (docs/metrics.md).
    pub metrics: &'a crate::metrics::Metrics,
    /// `16 Jun 2025 – 15 Jun 2026`: the current window, and the one before.
    pub current_label: String,
    pub previous_label: String,
    /// The headline figures, each `{key, label, current, previous, part}`,
    /// as text ready to print ("not recorded" where nothing was).
    pub headline: Vec<crate::metrics::headline::Row>,
    /// The charts, in order.
    pub charts: Vec<Chart>,
}

/// A chart of the metrics page, with its data.
#[derive(Serialize)]
pub struct Chart {
    /// `incidents-by-month`: unique on the page.
    pub id: String,
    pub title: String,
    /// What the chart shows, in a sentence or two, for everyone.
    pub summary: String,
    /// The chart, inline SVG (with `title` and `summary` inside).
    pub svg_html: String,
    /// What each mark's class means, each `{label, class, colour}`.
    pub legend: Vec<LegendItem>,
    /// The chart's data: column headings, then rows of cells (the first
    /// cell of a row is its heading).
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A series of a chart: its name, the class of its marks, and the
/// severity's colour where it is one.
#[derive(Serialize)]
pub struct LegendItem {
    pub label: String,
    pub class: String,
    pub colour: Option<String>,
}
