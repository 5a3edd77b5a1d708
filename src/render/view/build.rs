//! Building the views from a trimmed site: each report's summary and its
//! actions' views once for the whole site, shared by every page, data file
//! and command that shows them.

use super::kept::{KeptViews, ReportViews, Slot, Urls};
use super::practice;
use super::values::{OfReport, time_view, web_link};
use super::{
    ActionView, CountsView, FactView, ImpactView, LinkView, NavItem, ReportSummaryView, ReportView,
    ReviewView, SeverityView, SiteView, TimelineEntryView,
};
use crate::display::{self, display_value, label, long_date, offset, short_date};
use crate::index::{ActionRef, Indexes};
use crate::model::{Action, Report, Status};
use crate::render::markdown;
use crate::site::Site;
use crate::time::format_duration;
use chrono::{DateTime, Datelike, FixedOffset};
use std::collections::HashMap;
use std::sync::Arc;

/// What the views of one site share, owned, so that a site kept in memory
/// (`serve`) keeps it between pages: the URL lookups, `site`, and each
/// report's summary and action views, each built at most once, on first
/// use (or all at once, in parallel, when the whole site is rendered).
pub struct Lookups {
    urls: Urls,
    affected_urls: HashMap<String, String>,
    factor_urls: HashMap<String, String>,
    pub site_view: SiteView,
    /// Index in `Site::reports` by slug.
    pub by_slug: HashMap<String, usize>,
    /// By index in `Site::reports`: a report's summary and its actions'
    /// views. A report appears in several lists, an action in several
    /// tables. Kept from one site to the next by `serve` ([`KeptViews`]).
    built: Vec<Slot>,
    /// Whether `reports.json` and `actions.json` are joined from each
    /// report's kept rows (`serve`) rather than written in one go.
    rows: bool,
    /// The history view of every action whose past is not known.
    empty_histories: super::EmptyHistories,
}

impl Lookups {
    pub fn new(site: &Site, indexes: &Indexes) -> Self {
        let urls = urls(indexes);
        let built = (0..site.reports().len()).map(|_| Slot::default()).collect();
        Lookups::with(site, indexes, urls, built, false)
    }

    /// [`Lookups::new`], with the views of `kept` for the reports whose
    /// views still hold (`serve`), and keeping this site's for the next.
    pub fn keeping(site: &Site, indexes: &Indexes, kept: &mut KeptViews) -> Self {
        let urls = urls(indexes);
        let built = kept.slots(site, &urls);
        Lookups::with(site, indexes, urls, built, true)
    }

    fn with(site: &Site, indexes: &Indexes, urls: Urls, built: Vec<Slot>, rows: bool) -> Self {
        Lookups {
            urls,
            affected_urls: group_urls(&indexes.by_affected, "affected"),
            factor_urls: group_urls(&indexes.by_factor, "factors"),
            site_view: site_view(site, indexes),
            by_slug: site
                .reports()
                .iter()
                .enumerate()
                .map(|(i, r)| (r.slug.to_string(), i))
                .collect(),
            built,
            rows,
            empty_histories: super::EmptyHistories::default(),
        }
    }
}

fn group_urls(groups: &[crate::index::Group], prefix: &str) -> HashMap<String, String> {
    groups
        .iter()
        .map(|g| (g.name.clone(), format!("{prefix}/{}/", g.slug)))
        .collect()
}

/// The URLs that summaries and action views hold.
fn urls(indexes: &Indexes) -> Urls {
    Urls {
        service: group_urls(&indexes.by_service, "services"),
        tag: group_urls(&indexes.by_tag, "tags"),
        kind: group_urls(&indexes.by_kind, "kinds"),
        owner: indexes
            .by_owner
            .iter()
            .map(|g| (g.name.clone(), format!("actions/owners/{}/", g.slug).into()))
            .collect(),
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

    /// Report `i`'s views, built on first use.
    pub fn of(&self, i: usize) -> &'a ReportViews {
        self.lookups.built[i].get_or_init(|| {
            let report = &self.site.reports()[i];
            let of = OfReport::new(report);
            let actions = report
                .actions
                .iter()
                .enumerate()
                .map(|(n, a)| self.build_action(report, &of, n, a))
                .collect();
            ReportViews::new(self.build_summary(report), actions)
        })
    }

    /// Whether report `i`'s views are made already.
    pub fn made(&self, i: usize) -> bool {
        self.lookups.built[i].get().is_some()
    }

    /// Whether the data files are joined from kept rows ([`ReportViews`]).
    pub fn kept_rows(&self) -> bool {
        self.lookups.rows
    }

    /// Report `i`'s summary (by its index in `Site::reports`).
    pub fn summary_of(&self, i: usize) -> &'a ReportSummaryView {
        &self.of(i).summary
    }

    /// The views of report `i`'s actions, in its order.
    pub fn actions_of(&self, i: usize) -> &'a [ActionView] {
        &self.of(i).actions
    }

    /// An action's view.
    pub fn action_of(&self, a: ActionRef) -> &'a ActionView {
        &self.actions_of(a.report)[a.action]
    }

    /// The index in `Site::reports` of the report with this slug.
    pub fn index_of(&self, slug: &str) -> Option<usize> {
        self.lookups.by_slug.get(slug).copied()
    }

    fn build_summary(&self, report: &Report) -> ReportSummaryView {
        let severity = display::severity(self.site.config(), &report.severity);
        let today = self.site.today();
        ReportSummaryView {
            slug: report.slug.to_string(),
            url: format!("reports/{}/", report.slug),
            id: report.id.clone(),
            title: report.title.clone(),
            date: report.date.format("%Y-%m-%d").to_string(),
            date_display: long_date(report.date),
            year: report.date.year(),
            severity: report.severity.clone(),
            severity_label: severity.label.to_string(),
            severity_colour: severity.colour.to_string(),
            severity_rank: severity.rank.unwrap_or(0),
            severity_url: format!("severity/{}/", report.severity),
            status: report.status.as_str(),
            status_label: report.status.label(),
            visibility: report.visibility.as_str(),
            summary_html: report.summary.as_deref().map(markdown::inline),
            summary_text: report.summary.as_deref().map(display::plain),
            services: report
                .services
                .iter()
                .map(|s| self.link(&self.lookups.urls.service, s))
                .collect(),
            tags: report
                .tags
                .iter()
                .map(|t| self.link(&self.lookups.urls.tag, t))
                .collect(),
            kind: report.kind.clone(),
            kind_label: report.kind.as_deref().map(|k| {
                self.site
                    .config()
                    .incident_kind(k)
                    .map_or_else(|| k.to_string(), |i| i.label.clone())
            }),
            kind_url: report
                .kind
                .as_deref()
                .and_then(|k| self.lookups.urls.kind.get(k).cloned()),
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

    fn build_action(
        &self,
        report: &Report,
        of: &OfReport,
        n: usize,
        action: &Action,
    ) -> ActionView {
        let today = self.site.today();
        ActionView {
            id: action.id.clone(),
            title: action.title.clone(),
            title_html: markdown::inline(&action.title),
            owner: action.owner.clone(),
            owner_url: self
                .lookups
                .urls
                .owner
                .get(action.owner.as_str())
                .cloned()
                .unwrap_or_default(),
            due: action.due.map(|d| d.format("%Y-%m-%d").to_string()),
            due_display: action.due.map(short_date),
            status: action.status.as_str(),
            status_label: action.status.label(),
            overdue_days: action.days_overdue(today),
            due_soon: action.is_due_within(today, crate::index::DUE_SOON_DAYS),
            link: action.link.as_deref().and_then(web_link),
            priority: action.priority.clone(),
            recommendation: action.recommendation.clone(),
            outcome_html: action.outcome.as_deref().map(markdown::inline),
            report_slug: Arc::clone(&of.slug),
            report_url: Arc::clone(&of.url),
            report_title: Arc::clone(&of.title),
            report_id: of.id.clone(),
            history: super::HistoryView::of(
                self.site.history(),
                &report.rel_path,
                n,
                &self.lookups.empty_histories,
            ),
        }
    }

    /// Report `i`'s page view; the body is moved in, not copied (it is
    /// the largest part of the page).
    pub fn report(&self, i: usize, body: markdown::Rendered) -> ReportView<'a> {
        let report: &'a Report = &self.site.reports()[i];
        let zone = report.timezone;
        let time = |t: &DateTime<FixedOffset>| time_view(t, zone);
        let timeline: Vec<TimelineEntryView> = report
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
                    lane: "event",
                    update: None,
                }
            })
            .collect();
        let communications: Vec<_> = report
            .communications
            .iter()
            .map(|c| practice::communication(report, c))
            .collect();
        ReportView {
            summary: self.summary_of(i),
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
                affected: practice::affected(report, &self.lookups.affected_urls),
                data_lost: practice::data_lost(report),
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
            timeline: timeline.clone(),
            timeline_with_updates: with_updates(timeline, &communications),
            out_of_hours: crate::site::hours::started_out_of_hours(self.site.config(), report),
            in_brief_html: String::new(),
            roles: practice::roles(report, self.site.config()),
            communications,
            body_html: body.html,
            toc: body.toc,
            recommendations_html: report
                .recommendations
                .iter()
                .map(|r| markdown::inline(&r.text))
                .collect(),
            recommendations: practice::recommendations(report),
            investigations: practice::investigations(report),
            known_issues: practice::known_issues(report, self.site.today()),
            factors: practice::factors(report, self.site.config(), &self.lookups.factor_urls),
            actions: self.actions_of(i),
            action_rows_html: String::new(),
            related: report
                .related
                .iter()
                .filter_map(|slug| self.index_of(slug.as_str()))
                .map(|i| self.summary_of(i))
                .collect(),
            recurrence_of: report
                .recurrence_of
                .as_ref()
                .and_then(|slug| self.index_of(slug.as_str()))
                .map(|i| self.summary_of(i)),
            recurrences: self
                .indexes
                .recurrences
                .get(&i)
                .map_or_else(Vec::new, |list| {
                    list.iter().map(|&j| self.summary_of(j)).collect()
                }),
            named_by: self.indexes.named_by.get(&i).map_or_else(Vec::new, |list| {
                list.iter().map(|&j| self.summary_of(j)).collect()
            }),
            similar: Vec::new(),
            review: report.review.as_ref().map(|r| ReviewView {
                date: r.date.map(|d| d.format("%Y-%m-%d").to_string()),
                date_display: r.date.map(long_date),
                attendees: r.attendees.clone(),
                notes_html: r.notes.as_deref().map(markdown::inline),
                needed: r.needed,
                reason_html: r.reason.as_deref().map(markdown::inline),
                draft_circulated: r.draft_circulated.map(|d| d.format("%Y-%m-%d").to_string()),
                draft_circulated_display: r.draft_circulated.map(long_date),
            }),
            internal_notes_html: report
                .internal_notes
                .as_deref()
                .map(|n| markdown::body(n, false).html),
            authors: &report.authors,
            lead: report.lead.as_deref(),
            last_updated: self
                .site
                .last_updated()
                .get(&report.rel_path)
                .map(|d| d.format("%Y-%m-%d").to_string()),
            last_updated_display: self
                .site
                .last_updated()
                .get(&report.rel_path)
                .map(|d| long_date(d.date_naive())),
            repository: self
                .site
                .config()
                .repository
                .as_ref()
                .map(|r| r.links(&report.rel_path, &report.title))
                .unwrap_or_default(),
            extra: &report.extra,
            banner: banner(report.status).map(|(label, text)| format!("{label}: {text}")),
            banner_label: banner(report.status).map(|(label, _)| label.to_string()),
            banner_text: banner(report.status).map(|(_, text)| text.to_string()),
        }
    }
}

fn site_view(site: &Site, indexes: &Indexes) -> SiteView {
    let mut base_url = site.config().base_url.clone();
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    SiteView {
        title: site.config().title.clone(),
        description: site.config().description.clone(),
        base_url,
        audience: site.audience().as_str(),
        build_date: site.today().format("%Y-%m-%d").to_string(),
        build_date_display: long_date(site.today()),
        generator: format!("Retrospect {}", env!("CARGO_PKG_VERSION")),
        severities: site
            .config()
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
            reports: site.reports().len(),
            actions: indexes.actions.len(),
            open_actions: indexes.open.len(),
            overdue_actions: indexes.overdue.len(),
            due_soon_actions: indexes.due_soon.len(),
            done_actions: indexes.done.len(),
        },
        search: site.search(),
        prime_directive: site.config().prime_directive.text.clone(),
        show_prime_directive: site.config().prime_directive.show,
        nav: [
            ("Reports", "", "home"),
            ("Actions", "actions/", "actions"),
            ("Browse", "browse/", "browse"),
            ("Metrics", "metrics/", "metrics"),
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

/// The timeline's entries and the updates sent, merged in time order (an
/// entry before an update at the same minute).
fn with_updates(
    timeline: Vec<TimelineEntryView>,
    updates: &[super::CommunicationView],
) -> Vec<TimelineEntryView> {
    let mut all: Vec<TimelineEntryView> = timeline;
    all.extend(updates.iter().map(|u| TimelineEntryView {
        at: u.at.clone(),
        date: u.date.clone(),
        offset: u.offset.clone(),
        event_html: u.summary_html.clone(),
        kind: None,
        lane: "update",
        update: Some(u.clone()),
    }));
    // RFC 3339 strings of different offsets do not sort as instants.
    all.sort_by_key(|e| {
        chrono::DateTime::parse_from_rfc3339(&e.at.iso).map_or(i64::MIN, |t| t.timestamp())
    });
    all
}

fn banner(status: Status) -> Option<(&'static str, &'static str)> {
    match status {
        Status::Draft => Some(("Draft", "this report is being written and may change.")),
        Status::InReview => Some(("In review", "this report has not been agreed yet.")),
        Status::Published => None,
    }
}
