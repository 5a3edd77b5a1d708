//! The view structs: what templates receive. They are the template author's
//! API, documented in docs/templates.md; fields are added, never renamed.
//! Everything here is already trimmed to the audience and already escaped
//! where a field ends in `_html`; every other string is plain text that
//! tera escapes.

use crate::index::{ActionRef, Indexes};
use crate::model::{Action, ActionStatus, Report, Status};
use crate::render::markdown;
use crate::site::Site;
use crate::time::format_duration;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

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
    /// `before`, `after` or another kind written in the report.
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImpactView {
    pub summary_html: String,
    pub users: Option<String>,
    pub data_loss: Option<bool>,
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
    pub owner_url: String,
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
    pub report_slug: String,
    pub report_url: String,
    pub report_title: String,
    pub report_id: Option<String>,
}

/// `report` on a report page.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    #[serde(flatten)]
    pub summary: ReportSummaryView,
    /// `Europe/London` or `+05:30`.
    pub timezone: String,
    pub started: TimeView,
    pub detected: Option<TimeView>,
    pub mitigated: Option<TimeView>,
    pub resolved: Option<TimeView>,
    pub time_to_detect: Option<String>,
    pub impact: Option<ImpactView>,
    pub timeline: Vec<TimelineEntryView>,
    pub body_html: String,
    pub toc: Vec<markdown::TocEntry>,
    pub recommendations_html: Vec<String>,
    pub actions: Vec<ActionView>,
    /// The rows of the actions table (`actions`, without the report
    /// column), each rendered by `action_row.html` once for the whole
    /// site: the actions-by-report page shows the same rows.
    pub action_rows_html: String,
    pub related: Vec<ReportSummaryView>,
    pub review: Option<ReviewView>,
    /// Internal audience only.
    pub internal_notes_html: Option<String>,
    /// Names; empty for the public audience unless `public.show_people`.
    pub authors: Vec<String>,
    pub lead: Option<String>,
    /// From git, `YYYY-MM-DD`, when the site is a git checkout.
    pub last_updated: Option<String>,
    /// `21 November 2026`.
    pub last_updated_display: Option<String>,
    /// `extra:` from the front matter, untouched.
    pub extra: serde_json::Value,
    /// A notice for drafts and reports in review (internal audience only):
    /// `banner_label` + `banner_text`, or both in `banner`.
    pub banner: Option<String>,
    pub banner_label: Option<String>,
    pub banner_text: Option<String>,
}

/// What the views of one site share, owned, so that a site kept in memory
/// (`serve`) keeps it between pages: the URL lookups, `site`, and each
/// report's summary and action views, each built at most once, on first
/// use or all at once in parallel by [`Lookups::prepare`].
pub struct Lookups {
    service_urls: HashMap<String, String>,
    tag_urls: HashMap<String, String>,
    owner_urls: HashMap<String, String>,
    pub site_view: SiteView,
    /// Index in `Site::reports` by slug.
    pub by_slug: HashMap<String, usize>,
    /// By index in `Site::reports`: a report's summary and its actions'
    /// views. A report appears in several lists, an action in several tables.
    built: Vec<OnceLock<(ReportSummaryView, Vec<ActionView>)>>,
    /// Rows, headers and footers rendered from their templates, and views
    /// as tera values, kept for every page that shows them again.
    pub(super) fragments: super::pages::Fragments,
}

impl Lookups {
    pub fn new(site: &Site, indexes: &Indexes) -> Self {
        let urls = |groups: &[crate::index::Group], prefix: &str| {
            groups
                .iter()
                .map(|g| (g.name.clone(), format!("{prefix}/{}/", g.slug)))
                .collect()
        };
        Lookups {
            service_urls: urls(&indexes.by_service, "services"),
            tag_urls: urls(&indexes.by_tag, "tags"),
            owner_urls: indexes
                .by_owner
                .iter()
                .map(|g| (g.name.clone(), format!("actions/owners/{}/", g.slug)))
                .collect(),
            site_view: site_view(site, indexes),
            by_slug: site
                .reports
                .iter()
                .enumerate()
                .map(|(i, r)| (r.slug.to_string(), i))
                .collect(),
            built: (0..site.reports.len()).map(|_| OnceLock::new()).collect(),
            fragments: super::pages::Fragments::new(site),
        }
    }

    /// Builds every report's summary and action views, in parallel: a
    /// whole-site render needs them all.
    pub fn prepare(&self, site: &Site, indexes: &Indexes) {
        use rayon::prelude::*;
        self.fragments
            .whole_site
            .store(true, std::sync::atomic::Ordering::Relaxed);
        let views = Views::new(site, indexes, self);
        site.reports.par_iter().for_each(|r| {
            views.built(r);
        });
    }
}

/// Builds views from the trimmed site, with its [`Lookups`].
#[derive(Clone, Copy)]
pub struct Views<'a> {
    pub site: &'a Site,
    pub indexes: &'a Indexes,
    pub site_view: &'a SiteView,
    lookups: &'a Lookups,
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, indexes: &'a Indexes, lookups: &'a Lookups) -> Self {
        Views {
            site,
            indexes,
            site_view: &lookups.site_view,
            lookups,
        }
    }

    /// The report's summary and action views, built on first use.
    fn built(&self, report: &Report) -> Option<&'a (ReportSummaryView, Vec<ActionView>)> {
        let i = *self.lookups.by_slug.get(report.slug.as_str())?;
        let slot = self.lookups.built.get(i)?;
        Some(slot.get_or_init(|| {
            let actions = report
                .actions
                .iter()
                .map(|a| self.build_action(report, a))
                .collect();
            (self.build_summary(report), actions)
        }))
    }

    /// The rows and cards already rendered.
    pub(super) fn fragments(&self) -> &'a super::pages::Fragments {
        &self.lookups.fragments
    }

    /// A report's summary view, without a copy once it is built.
    pub fn summary_cow(&self, report: &Report) -> std::borrow::Cow<'a, ReportSummaryView> {
        match self.built(report) {
            Some((summary, _)) => std::borrow::Cow::Borrowed(summary),
            None => std::borrow::Cow::Owned(self.build_summary(report)),
        }
    }

    /// An action's view, without a copy once it is built.
    pub fn action_cow(&self, report: &Report, i: usize) -> std::borrow::Cow<'a, ActionView> {
        match self.built(report).and_then(|(_, actions)| actions.get(i)) {
            Some(view) => std::borrow::Cow::Borrowed(view),
            None => std::borrow::Cow::Owned(self.build_action(report, &report.actions[i])),
        }
    }

    /// A report's summary view.
    pub fn summary(&self, report: &Report) -> ReportSummaryView {
        match self.built(report) {
            Some((summary, _)) => summary.clone(),
            None => self.build_summary(report),
        }
    }

    fn build_summary(&self, report: &Report) -> ReportSummaryView {
        let level = self.site.config.severity(&report.severity);
        let today = self.site.today;
        ReportSummaryView {
            slug: report.slug.to_string(),
            url: format!("reports/{}/", report.slug),
            id: report.id.clone(),
            title: report.title.clone(),
            date: report.date.format("%Y-%m-%d").to_string(),
            date_display: long_date(report.date),
            year: report.date.year(),
            severity: report.severity.clone(),
            severity_label: level.map_or_else(|| report.severity.clone(), |l| l.label.clone()),
            severity_colour: level.map_or_else(String::new, |l| l.colour.clone()),
            severity_rank: self
                .site
                .config
                .severities
                .iter()
                .position(|l| l.name == report.severity)
                .unwrap_or(0),
            severity_url: format!("severity/{}/", report.severity),
            status: report.status.as_str(),
            status_label: status_label(report.status),
            visibility: match report.visibility {
                crate::config::Visibility::Public => "public",
                crate::config::Visibility::Internal => "internal",
            },
            summary_html: report.summary.as_deref().map(markdown::inline),
            summary_text: report.summary.as_deref().map(markdown::plain),
            services: report
                .services
                .iter()
                .map(|s| self.link(&self.lookups.service_urls, s))
                .collect(),
            tags: report
                .tags
                .iter()
                .map(|t| self.link(&self.lookups.tag_urls, t))
                .collect(),
            time_to_resolve: report
                .time_to_resolve()
                .map(|d| format_duration(d.num_seconds())),
            time_to_mitigate: report
                .time_to_mitigate()
                .map(|d| format_duration(d.num_seconds())),
            open_actions: report
                .actions
                .iter()
                .filter(|a| !a.status.is_closed())
                .count(),
            overdue_actions: report
                .actions
                .iter()
                .filter(|a| a.days_overdue(today).is_some())
                .count(),
        }
    }

    fn link(&self, urls: &HashMap<String, String>, name: &str) -> LinkView {
        LinkView {
            name: name.to_string(),
            url: urls.get(name).cloned().unwrap_or_default(),
        }
    }

    /// An action's view.
    pub fn action(&self, report: &Report, action: &Action) -> ActionView {
        let position = report.actions.iter().position(|a| std::ptr::eq(a, action));
        match (self.built(report), position) {
            (Some((_, views)), Some(i)) if i < views.len() => views[i].clone(),
            _ => self.build_action(report, action),
        }
    }

    fn build_action(&self, report: &Report, action: &Action) -> ActionView {
        let today = self.site.today;
        ActionView {
            id: action.id.clone(),
            title: action.title.clone(),
            title_html: markdown::inline(&action.title),
            owner: action.owner.clone(),
            owner_url: self
                .lookups
                .owner_urls
                .get(action.owner.as_str())
                .cloned()
                .unwrap_or_default(),
            due: action.due.map(|d| d.format("%Y-%m-%d").to_string()),
            due_display: action.due.map(short_date),
            status: action.status.as_str(),
            status_label: action_status_label(action.status),
            overdue_days: action.days_overdue(today),
            due_soon: action.is_due_within(today, crate::index::DUE_SOON_DAYS),
            link: action.link.as_deref().and_then(web_link),
            priority: action.priority.clone(),
            report_slug: report.slug.to_string(),
            report_url: format!("reports/{}/", report.slug),
            report_title: report.title.clone(),
            report_id: report.id.clone(),
        }
    }

    pub fn action_ref(&self, a: &ActionRef) -> ActionView {
        let report = &self.site.reports[a.report];
        self.action(report, &report.actions[a.action])
    }

    /// The report page's view; the body is moved in, not copied (it is
    /// the largest part of the page).
    pub fn report(&self, report: &Report, body: markdown::Rendered) -> ReportView {
        let zone = report.timezone;
        let time = |t: &DateTime<FixedOffset>| time_view(t, zone);
        let internal = self.site.audience == crate::site::Audience::Internal;
        ReportView {
            summary: self.summary(report),
            timezone: zone.to_string(),
            started: time(&report.started),
            detected: report.detected.as_ref().map(time),
            mitigated: report.mitigated.as_ref().map(time),
            resolved: report.resolved.as_ref().map(time),
            time_to_detect: report
                .time_to_detect()
                .map(|d| format_duration(d.num_seconds())),
            impact: report.impact.as_ref().map(|i| ImpactView {
                summary_html: markdown::inline(&i.summary),
                users: i.users.clone(),
                data_loss: i.data_loss,
                other: i.other.clone(),
                other_display: i
                    .other
                    .iter()
                    .map(|(k, v)| FactView {
                        label: label(k),
                        value: display_value(v),
                    })
                    .collect(),
            }),
            timeline: report
                .timeline
                .iter()
                .map(|e| {
                    let local = e.at.with_timezone(&zone.offset_at(&e.at));
                    TimelineEntryView {
                        at: time(&e.at),
                        date: (local.date_naive() != report.date)
                            .then(|| local.format("%-d %b").to_string()),
                        offset: offset(e.at.signed_duration_since(report.started).num_minutes()),
                        event_html: markdown::inline(&e.event),
                        kind: e.kind.clone(),
                    }
                })
                .collect(),
            body_html: body.html,
            toc: body.toc,
            recommendations_html: report
                .recommendations
                .iter()
                .map(|r| markdown::inline(r))
                .collect(),
            actions: report
                .actions
                .iter()
                .map(|a| self.action(report, a))
                .collect(),
            action_rows_html: String::new(),
            related: report
                .related
                .iter()
                .filter_map(|slug| self.lookups.by_slug.get(slug.as_str()))
                .map(|&i| self.summary(&self.site.reports[i]))
                .collect(),
            review: report.review.as_ref().map(|r| ReviewView {
                date: r.date.map(|d| d.format("%Y-%m-%d").to_string()),
                date_display: r.date.map(long_date),
                attendees: r.attendees.clone(),
                notes_html: r.notes.as_deref().map(markdown::inline),
            }),
            internal_notes_html: report
                .internal_notes
                .as_deref()
                .filter(|_| internal)
                .map(|n| markdown::body(n, false).html),
            authors: report.authors.clone(),
            lead: report.lead.clone(),
            last_updated: self
                .site
                .last_updated
                .get(&report.rel_path)
                .map(|d| d.format("%Y-%m-%d").to_string()),
            last_updated_display: self
                .site
                .last_updated
                .get(&report.rel_path)
                .map(|d| long_date(d.date_naive())),
            extra: report.extra.clone(),
            banner: banner(report.status).map(|(label, text)| format!("{label}: {text}")),
            banner_label: banner(report.status).map(|(label, _)| label.to_string()),
            banner_text: banner(report.status).map(|(_, text)| text.to_string()),
        }
    }
}

fn site_view(site: &Site, indexes: &Indexes) -> SiteView {
    let mut base_url = site.config.base_url.clone();
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    SiteView {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        base_url,
        audience: site.audience.as_str(),
        build_date: site.today.format("%Y-%m-%d").to_string(),
        build_date_display: long_date(site.today),
        generator: format!("Retrospect {}", env!("CARGO_PKG_VERSION")),
        severities: site
            .config
            .severities
            .iter()
            .enumerate()
            .map(|(rank, level)| SeverityView {
                name: level.name.clone(),
                label: level.label.clone(),
                description: level.description.clone(),
                colour: level.colour.clone(),
                rank,
                count: indexes.by_severity.get(rank).map_or(0, |g| g.reports.len()),
                url: format!("severity/{}/", level.name),
            })
            .collect(),
        counts: CountsView {
            reports: site.reports.len(),
            actions: indexes.actions.len(),
            open_actions: indexes.open.len(),
            overdue_actions: indexes.overdue.len(),
            due_soon_actions: indexes.due_soon.len(),
            done_actions: indexes.done.len(),
        },
        search: site.search,
        nav: [
            ("Reports", "", "home"),
            ("Actions", "actions/", "actions"),
            ("Browse", "browse/", "browse"),
        ]
        .iter()
        .map(|(title, url, kind)| NavItem {
            title: title.to_string(),
            url: url.to_string(),
            kind: kind.to_string(),
        })
        .collect(),
    }
}

fn time_view(t: &DateTime<FixedOffset>, zone: crate::time::Zone) -> TimeView {
    let local = t.with_timezone(&zone.offset_at(t));
    TimeView {
        iso: t.to_rfc3339(),
        display: local.format("%-d %b %Y, %H:%M").to_string(),
        time: local.format("%H:%M").to_string(),
    }
}

/// `+0:08`, `+1d 02:05`, `−0:30` (a real minus sign).
pub fn offset(minutes: i64) -> String {
    let sign = if minutes < 0 { "\u{2212}" } else { "+" };
    let m = minutes.abs();
    let (days, hours, mins) = (m / 1440, m / 60 % 24, m % 60);
    if days > 0 {
        format!("{sign}{days}d {hours:02}:{mins:02}")
    } else {
        format!("{sign}{hours}:{mins:02}")
    }
}

pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// An http(s) link made safe for an `href`: other schemes are dropped, and
/// characters a URL may not hold are percent-encoded.
pub fn web_link(link: &str) -> Option<String> {
    let link = link.trim();
    let lower = link.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let mut out = String::with_capacity(link.len());
    for byte in link.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(byte as char),
            b'-' | b'.' | b'_' | b'~' | b':' | b'/' | b'?' | b'#' | b'[' | b']' | b'@' | b'!'
            | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'%' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    Some(out)
}

/// `14 Mar 2025`.
pub fn short_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

fn banner(status: Status) -> Option<(&'static str, &'static str)> {
    match status {
        Status::Draft => Some(("Draft", "this report is being written and may change.")),
        Status::InReview => Some(("In review", "this report has not been agreed yet.")),
        Status::Published => None,
    }
}

/// `failed_requests` → `Failed requests`.
fn label(key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A free-form value as text: numbers with thousands separators, lists
/// joined, booleans as yes/no, maps as `key: value` pairs.
fn display_value(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "Yes" } else { "No" }.into(),
        Value::Number(n) => match n.as_u64() {
            Some(u) => crate::diagnostic::group_thousands(u as usize),
            None => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(display_value)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{}: {}", label(k), display_value(v)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Draft => "Draft",
        Status::InReview => "In review",
        Status::Published => "Published",
    }
}

pub fn action_status_label(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "Open",
        ActionStatus::InProgress => "In progress",
        ActionStatus::Done => "Done",
        ActionStatus::WontDo => "Won't do",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_like_a_stopwatch() {
        assert_eq!(offset(8), "+0:08");
        assert_eq!(offset(125), "+2:05");
        assert_eq!(offset(1440 + 125), "+1d 02:05");
        assert_eq!(offset(-30), "\u{2212}0:30");
        assert_eq!(label("failed_requests"), "Failed requests");
        assert_eq!(
            web_link("https://t.example/T-1?a=\"><svg>").as_deref(),
            Some("https://t.example/T-1?a=%22%3E%3Csvg%3E")
        );
        assert_eq!(web_link("javascript:alert(1)"), None);
        assert_eq!(
            web_link(" HTTPS://t.example/ä").as_deref(),
            Some("HTTPS://t.example/%C3%A4")
        );
        assert_eq!(display_value(&serde_json::json!(18730)), "18,730");
        assert_eq!(display_value(&serde_json::json!(["a", 2])), "a, 2");
    }
}
