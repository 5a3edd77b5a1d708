//! The views of the practice's lists on a report page: roles, updates
//! sent, who was affected and what was lost, recommendations with what
//! became of them, investigations, known issues. Part of the template
//! author's API, as docs/templates.md describes it.

use super::TimeView;
use super::values::{time_view, web_link};
use crate::display::{long_date, offset};
use crate::model::{Communication, Report};
use crate::render::markdown;
use serde::Serialize;

/// A role held during the incident.
#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    /// `lead`, `comms`, `scribe`, `responder`, or a role of the site.
    pub role: String,
    /// `Incident lead`, from the configuration.
    pub label: String,
    /// A name (internal), or a team (public, unless `public.show_people`).
    pub person: String,
    /// When they took it over, if not from the start.
    pub from: Option<TimeView>,
    /// When they handed it over, if before the end.
    pub until: Option<TimeView>,
}

/// An update sent during or after the incident.
#[derive(Debug, Clone, Serialize)]
pub struct CommunicationView {
    pub at: TimeView,
    /// The date (`15 Mar`) when it differs from the report's date.
    pub date: Option<String>,
    /// Offset from `started`, as on the timeline.
    pub offset: String,
    /// `internal`, `clients` or `public`.
    pub audience: &'static str,
    pub audience_label: &'static str,
    pub channel: String,
    pub summary_html: String,
    /// Who sent it: internal audience only.
    pub by: Option<String>,
}

/// A group affected.
#[derive(Debug, Clone, Serialize)]
pub struct AffectedView {
    pub name: String,
    /// `internal`, `clients` or `public`, when written.
    pub kind: Option<&'static str>,
    pub kind_label: Option<&'static str>,
    /// Its browse page, relative to the site root.
    pub url: String,
}

/// A contributing factor.
#[derive(Debug, Clone, Serialize)]
pub struct FactorView {
    /// The category as written (`change`).
    pub category: String,
    /// As the site shows it (`Change`): its label in the configuration.
    pub label: String,
    pub description_html: Option<String>,
    /// Its browse page, relative to the site root.
    pub url: String,
}

/// What data was lost.
#[derive(Debug, Clone, Serialize)]
pub struct DataLostView {
    pub what: String,
    pub amount: Option<String>,
    pub recovered: Option<bool>,
    pub notified: Option<String>,
}

/// A recommendation, and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct RecommendationView {
    pub id: String,
    pub text_html: String,
    /// `technical`, `training`, `policy`, `process` or `communication`.
    pub kind: Option<&'static str>,
    pub kind_label: Option<&'static str>,
    /// `tactical` or `lasting`.
    pub horizon: Option<&'static str>,
    pub horizon_label: Option<&'static str>,
    pub declined_html: Option<String>,
    /// The ids of the actions that carry it out.
    pub actions: Vec<String>,
    /// `actions` (it became actions), `declined` (with a reason), or
    /// `not-taken-up` (neither).
    pub outcome: &'static str,
}

/// A question the review left open.
#[derive(Debug, Clone, Serialize)]
pub struct InvestigationView {
    pub id: String,
    pub question_html: String,
    /// A name: internal audience only (unless `public.show_people`).
    pub owner: Option<String>,
    pub finding_html: Option<String>,
    /// `YYYY-MM-DD` and `25 March 2025`, once closed.
    pub closed: Option<String>,
    pub closed_display: Option<String>,
}

/// A problem still outstanding after the fix, with its report.
#[derive(Debug, Clone, Serialize)]
pub struct KnownIssueView {
    pub id: String,
    pub description_html: String,
    /// An http(s) link to the tracker.
    pub link: Option<String>,
    /// `YYYY-MM-DD` and `2 April 2025`, once resolved.
    pub resolved: Option<String>,
    pub resolved_display: Option<String>,
    /// Not resolved as of the build date.
    pub open: bool,
    pub report_url: String,
    pub report_title: String,
    pub report_id: Option<String>,
}

pub(super) fn roles(report: &Report, config: &crate::config::Config) -> Vec<RoleView> {
    let zone = report.timezone;
    report
        .roles
        .iter()
        .map(|r| RoleView {
            role: r.role.clone(),
            label: config
                .role(&r.role)
                .map_or_else(|| r.role.clone(), |i| i.label.clone()),
            person: r.person.clone(),
            from: r.from.as_ref().map(|t| time_view(t, zone)),
            until: r.until.as_ref().map(|t| time_view(t, zone)),
        })
        .collect()
}

pub(super) fn communication(report: &Report, c: &Communication) -> CommunicationView {
    let zone = report.timezone;
    let local = c.at.with_timezone(&zone.offset_at(&c.at));
    CommunicationView {
        at: time_view(&c.at, zone),
        date: (local.date_naive() != report.date).then(|| local.format("%-d %b").to_string()),
        offset: offset(c.at.signed_duration_since(report.started).num_minutes()),
        audience: c.audience.as_str(),
        audience_label: c.audience.label(),
        channel: c.channel.clone(),
        summary_html: markdown::inline(&c.summary),
        by: c.by.clone(),
    }
}

pub(super) fn affected(
    report: &Report,
    urls: &std::collections::HashMap<String, String>,
) -> Vec<AffectedView> {
    let Some(impact) = &report.impact else {
        return Vec::new();
    };
    impact
        .affected
        .iter()
        .map(|a| AffectedView {
            name: a.name.clone(),
            kind: a.kind.map(|k| k.as_str()),
            kind_label: a.kind.map(|k| k.label()),
            url: urls.get(&a.name).cloned().unwrap_or_default(),
        })
        .collect()
}

pub(super) fn factors(
    report: &Report,
    config: &crate::config::Config,
    urls: &std::collections::HashMap<String, String>,
) -> Vec<FactorView> {
    report
        .factors
        .iter()
        .map(|f| FactorView {
            category: f.category.clone(),
            label: config
                .factor_category(&f.category)
                .map_or_else(|| f.category.clone(), |c| c.label.clone()),
            description_html: f.description.as_deref().map(markdown::inline),
            url: urls.get(&f.category).cloned().unwrap_or_default(),
        })
        .collect()
}

pub(super) fn data_lost(report: &Report) -> Option<DataLostView> {
    let lost = report.impact.as_ref()?.data_lost.as_ref()?;
    Some(DataLostView {
        what: lost.what.clone(),
        amount: lost.amount.clone(),
        recovered: lost.recovered,
        notified: lost.notified.clone(),
    })
}

pub(super) fn recommendations(report: &Report) -> Vec<RecommendationView> {
    report
        .recommendations
        .iter()
        .map(|r| {
            let actions: Vec<String> = report
                .actions
                .iter()
                .filter(|a| a.recommendation.as_deref() == Some(r.id.as_str()))
                .map(|a| a.id.clone())
                .collect();
            let outcome = if !actions.is_empty() {
                "actions"
            } else if r.declined.is_some() {
                "declined"
            } else {
                "not-taken-up"
            };
            RecommendationView {
                id: r.id.clone(),
                text_html: markdown::inline(&r.text),
                kind: r.kind.map(|k| k.as_str()),
                kind_label: r.kind.map(|k| k.label()),
                horizon: r.horizon.map(|h| h.as_str()),
                horizon_label: r.horizon.map(|h| h.label()),
                declined_html: r.declined.as_deref().map(markdown::inline),
                actions,
                outcome,
            }
        })
        .collect()
}

pub(super) fn investigations(report: &Report) -> Vec<InvestigationView> {
    report
        .investigations
        .iter()
        .map(|i| InvestigationView {
            id: i.id.clone(),
            question_html: markdown::inline(&i.question),
            owner: i.owner.clone(),
            finding_html: i.finding.as_deref().map(markdown::inline),
            closed: i.closed.map(|d| d.format("%Y-%m-%d").to_string()),
            closed_display: i.closed.map(long_date),
        })
        .collect()
}

/// The known issues of `report`, as of `today`.
pub fn known_issues(report: &Report, today: chrono::NaiveDate) -> Vec<KnownIssueView> {
    report
        .known_issues
        .iter()
        .map(|k| KnownIssueView {
            id: k.id.clone(),
            description_html: markdown::inline(&k.description),
            link: k.link.as_deref().and_then(web_link),
            resolved: k.resolved.map(|d| d.format("%Y-%m-%d").to_string()),
            resolved_display: k.resolved.map(long_date),
            open: k.is_open(today),
            report_url: format!("reports/{}/", report.slug),
            report_title: report.title.clone(),
            report_id: report.id.clone(),
        })
        .collect()
}
