//! Learning across incidents: the figures of the metrics page, of
//! `metrics.json` and of `retrospect stats`, computed once here, from a
//! site already trimmed to its audience (so a public figure counts public
//! reports only, and never sees a name). Pure functions of the site and
//! the [`Options`]: the same site gives the same figures.
//!
//! - `periods`: the current window and the one before, months, quarters;
//! - `stats`: medians and p90, defined once;
//! - `actions`: actions agreed, done, open and overdue, and by team;
//! - `follow`: done by the due date and slips, from the action history;
//! - `over_time`: actions open and overdue at the end of each month, from
//!   the action history;
//! - `factors`: incidents by category of contributing factor;
//! - `practice`: kinds of incident, out of hours, recommendations,
//!   recurrences;
//! - `headline`: the headline figures as rows of text, for the page, the
//!   terminal and CSV.

mod actions;
mod factors;
mod follow;
pub mod headline;
mod over_time;
pub mod periods;
mod practice;
pub mod similar;
pub mod stats;

pub use actions::{ActionFigures, TeamRow};
pub use follow::FollowTeam;
pub use over_time::AtEnd;
pub use periods::Window;
pub use practice::{Hours, RecommendationFigures};
pub use stats::Spread;

use crate::model::{Report, Status};
use crate::site::Site;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Which reports are counted, and over which window.
#[derive(Debug, Clone)]
pub struct Options {
    /// The last day of the current window (the build date by default).
    pub until: NaiveDate,
    /// The first day of the current window (12 months before `until` by
    /// default).
    pub since: Option<NaiveDate>,
    /// Only reports naming one of these services (all when empty).
    pub services: Vec<String>,
    /// Only reports of one of these severities (all when empty).
    pub severities: Vec<String>,
    /// Count drafts too (they are left out by default).
    pub drafts: bool,
}

impl Options {
    /// Every published and in-review report, the last 12 months up to
    /// `today`: what the metrics page and `metrics.json` show.
    pub fn site(today: NaiveDate) -> Options {
        Options {
            until: today,
            since: None,
            services: Vec::new(),
            severities: Vec::new(),
            drafts: false,
        }
    }

    fn keeps(&self, r: &Report) -> bool {
        (self.drafts || r.status != Status::Draft)
            && (self.services.is_empty() || r.services.iter().any(|s| self.services.contains(s)))
            && (self.severities.is_empty() || self.severities.contains(&r.severity))
    }
}

/// A severity as the site configures it.
#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub name: String,
    pub label: String,
    /// A CSS colour, or empty.
    pub colour: String,
}

/// A count of reports under one name (a severity, a kind, a service).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub name: String,
    pub count: usize,
}

/// The figures of one window.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// Incidents that started in the window.
    pub incidents: usize,
    /// By severity, in the configured order, each one even when 0 (a
    /// severity the configuration does not have comes last).
    pub by_severity: Vec<Count>,
    /// Seconds from `started` to `detected`, over the incidents that
    /// recorded both.
    pub time_to_detect: Spread,
    /// Seconds from `started` to `mitigated`.
    pub time_to_mitigate: Spread,
    /// Seconds from `started` to `resolved`.
    pub time_to_resolve: Spread,
    /// Days from the incident (`date`) to its review meeting
    /// (`review.date`).
    pub days_to_review: Spread,
    /// Days from the incident (`date`) to the first commit of its report
    /// with `status: published`, from the history in git: over the
    /// reports whose publication is known (none without the history).
    pub days_to_publish: Spread,
    pub actions: ActionFigures,
    /// By kind of incident, in the configured order (those with none left
    /// out); `by_kind_unrecorded` counts incidents without a kind.
    pub by_kind: Vec<Count>,
    pub by_kind_unrecorded: usize,
    /// Incidents that name no contributing factor (`factors:`).
    pub factors_unrecorded: usize,
    /// In and out of working hours; `None` when the site has no
    /// `working_hours`.
    pub hours: Option<Hours>,
    pub recommendations: RecommendationFigures,
    /// Incidents that repeat an earlier one (`recurrence_of`).
    pub recurrences: usize,
}

/// One month of the charts: incidents by severity, and the actions agreed
/// in its incidents with where they stand today.
#[derive(Debug, Clone, Serialize)]
pub struct Month {
    /// `2025-03`.
    pub month: String,
    pub incidents: usize,
    /// In the order of `Metrics::severities`.
    pub by_severity: Vec<usize>,
    pub actions: ActionFigures,
    /// The actions (of every incident counted, whatever its date) open and
    /// overdue at the end of the month (on `until` in its last month), from
    /// the action history; `null` when the history is not known.
    pub at_end: Option<AtEnd>,
}

/// One quarter of the charts: time to detect and to resolve.
#[derive(Debug, Clone, Serialize)]
pub struct Quarter {
    /// `2025-Q1`.
    pub quarter: String,
    pub incidents: usize,
    pub time_to_detect: Spread,
    pub time_to_resolve: Spread,
    /// Incidents by category of contributing factor, in the order of
    /// `Metrics::factors`.
    pub by_factor: Vec<usize>,
}

/// Incidents of one group (a service, a kind) in both windows.
#[derive(Debug, Clone, Serialize)]
pub struct Compared {
    pub name: String,
    pub label: String,
    pub current: usize,
    pub previous: usize,
}

/// Every figure of a site, for one audience: what `metrics.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct Metrics {
    pub current_window: Window,
    pub previous_window: Window,
    /// Why the action history from git is not known (so that the figures
    /// drawn from it are "not recorded"); `null` when it is known.
    pub history_unknown: Option<&'static str>,
    /// Actions of the reports counted whose history is not known (all of
    /// them when the site's is not known; else those not committed yet):
    /// left out of `months[].at_end`.
    pub actions_without_history: usize,
    /// Whether drafts were counted.
    pub drafts: bool,
    /// The services and severities the figures were limited to (none: all).
    pub only_services: Vec<String>,
    pub only_severities: Vec<String>,
    /// The site's severities, most severe first (then any other a report
    /// names).
    pub severities: Vec<Level>,
    pub current: Figures,
    pub previous: Figures,
    /// Every month of both windows, oldest first, empty ones included.
    pub months: Vec<Month>,
    /// Every quarter of both windows, oldest first.
    pub quarters: Vec<Quarter>,
    /// Actions of the current window's incidents by the owner's team
    /// (`people:` in `retrospect.yaml`), most actions first.
    pub teams: Vec<TeamRow>,
    /// The action history of the current window by team (whatever the
    /// incident's date: events count when they happened), most actions
    /// done first; empty when the history is not known.
    pub follow_teams: Vec<FollowTeam>,
    /// Incidents by service, most in the current window first.
    pub services: Vec<Compared>,
    /// Incidents by kind, in the configured order.
    pub kinds: Vec<Compared>,
    /// Incidents by category of contributing factor (the recurring
    /// causes): the configured categories in order, then others by name;
    /// those with none in either window left out. An incident counts under
    /// each category it names.
    pub factors: Vec<Compared>,
}

/// The figures of `site` (already trimmed to its audience) as `options`
/// says.
pub fn compute(site: &Site, options: &Options) -> Metrics {
    let config = site.config();
    let (current_window, previous_window) =
        Window::current_and_previous(options.since, options.until);
    let kept: Vec<&Report> = site
        .reports()
        .iter()
        .map(|r| r.as_ref())
        .filter(|r| options.keeps(r))
        .collect();
    let in_window = |w: &Window| -> Vec<&Report> {
        kept.iter()
            .copied()
            .filter(|r| w.contains(r.date))
            .collect()
    };
    let (current_reports, previous_reports) =
        (in_window(&current_window), in_window(&previous_window));

    let mut severities: Vec<Level> = config
        .severities
        .iter()
        .map(|s| Level {
            name: s.name.clone(),
            label: s.label.clone(),
            colour: s.colour.clone(),
        })
        .collect();
    for r in &kept {
        if !severities.iter().any(|s| s.name == r.severity) {
            severities.push(Level {
                name: r.severity.clone(),
                label: r.severity.clone(),
                colour: String::new(),
            });
        }
    }
    let today = site.today();
    let teams = actions::Teams::of(site);
    let figures = |reports: &[&Report]| figures(site, &severities, reports, today);

    let mut by_month: BTreeMap<String, Vec<&Report>> = BTreeMap::new();
    let mut by_quarter: BTreeMap<String, Vec<&Report>> = BTreeMap::new();
    let both = Window {
        start: previous_window.start,
        end: current_window.end,
    };
    for r in kept.iter().copied().filter(|r| both.contains(r.date)) {
        by_month
            .entry(periods::month_of(r.date))
            .or_default()
            .push(r);
        by_quarter
            .entry(periods::quarter_of(r.date))
            .or_default()
            .push(r);
    }
    let history = site.history();
    let kept_arcs: Vec<std::sync::Arc<Report>> = site
        .reports()
        .iter()
        .filter(|r| options.keeps(r))
        .cloned()
        .collect();
    let follow_months = follow::by_month(&kept_arcs, history);
    let month_names = periods::months(both.start, both.end);
    let points: Vec<NaiveDate> = month_names
        .iter()
        .map(|m| over_time::point(m, both.end))
        .collect();
    let (at_end, actions_without_history) = over_time::at_points(&kept, history, &points);
    let months = month_names
        .into_iter()
        .enumerate()
        .map(|(i, month)| {
            let reports = by_month.get(&month).map(Vec::as_slice).unwrap_or_default();
            let mut actions = ActionFigures::of(reports, today);
            let events = follow_months
                .as_ref()
                .map(|m| m.get(&month).cloned().unwrap_or_default());
            follow::fill(&mut actions, events.as_ref());
            Month {
                incidents: reports.len(),
                by_severity: severity_counts(&severities, reports)
                    .into_iter()
                    .map(|c| c.count)
                    .collect(),
                actions,
                at_end: at_end.as_ref().map(|a| a[i]),
                month,
            }
        })
        .collect();
    let factor_rows = factors::compared(config, &current_reports, &previous_reports);
    let quarters = periods::quarters(both.start, both.end)
        .into_iter()
        .map(|quarter| {
            let reports = by_quarter
                .get(&quarter)
                .map(Vec::as_slice)
                .unwrap_or_default();
            Quarter {
                incidents: reports.len(),
                time_to_detect: durations(reports, Report::time_to_detect),
                time_to_resolve: durations(reports, Report::time_to_resolve),
                by_factor: factors::counts(&factor_rows, reports),
                quarter,
            }
        })
        .collect();

    let team_of = |owner: &str| teams.team(owner);
    let mut current = figures(&current_reports);
    let mut previous = figures(&previous_reports);
    let events_now = follow::in_window(&kept, history, &current_window, team_of);
    let events_before = follow::in_window(&kept, history, &previous_window, team_of);
    follow::fill(
        &mut current.actions,
        events_now.as_ref().map(follow::total).as_ref(),
    );
    follow::fill(
        &mut previous.actions,
        events_before.as_ref().map(follow::total).as_ref(),
    );
    let mut team_rows = teams.rows(&current_reports, today);
    for row in &mut team_rows {
        let events = events_now
            .as_ref()
            .map(|by_team| by_team.get(&row.team).cloned().unwrap_or_default());
        follow::fill(&mut row.actions, events.as_ref());
    }

    let follow_teams = events_now.as_ref().map(follow::teams).unwrap_or_default();

    Metrics {
        follow_teams,
        history_unknown: history.unknown_reason(),
        actions_without_history,
        drafts: options.drafts,
        only_services: options.services.clone(),
        only_severities: options.severities.clone(),
        current,
        previous,
        months,
        quarters,
        teams: team_rows,
        services: compared_services(&current_reports, &previous_reports),
        kinds: practice::compared_kinds(config, &current_reports, &previous_reports),
        factors: factor_rows,
        severities,
        current_window,
        previous_window,
    }
}

fn figures(site: &Site, severities: &[Level], reports: &[&Report], today: NaiveDate) -> Figures {
    let (by_kind, by_kind_unrecorded) = practice::kinds(site.config(), reports);
    Figures {
        incidents: reports.len(),
        by_severity: severity_counts(severities, reports),
        time_to_detect: durations(reports, Report::time_to_detect),
        time_to_mitigate: durations(reports, Report::time_to_mitigate),
        time_to_resolve: durations(reports, Report::time_to_resolve),
        days_to_review: Spread::of(
            reports
                .iter()
                .filter_map(|r| {
                    r.review
                        .as_ref()?
                        .date
                        .map(|d| (d - r.date).num_days() as f64)
                })
                .collect(),
        ),
        days_to_publish: follow::days_to_publish(reports, site.history()),
        actions: ActionFigures::of(reports, today),
        by_kind,
        by_kind_unrecorded,
        factors_unrecorded: factors::unrecorded(reports),
        hours: practice::hours(site.config(), reports),
        recommendations: RecommendationFigures::of(reports),
        recurrences: reports.iter().filter(|r| r.recurrence_of.is_some()).count(),
    }
}

fn severity_counts(severities: &[Level], reports: &[&Report]) -> Vec<Count> {
    severities
        .iter()
        .map(|s| Count {
            name: s.name.clone(),
            count: reports.iter().filter(|r| r.severity == s.name).count(),
        })
        .collect()
}

/// The spread of a duration, in seconds, over the reports that record it.
fn durations(reports: &[&Report], of: fn(&Report) -> Option<chrono::Duration>) -> Spread {
    Spread::of(
        reports
            .iter()
            .filter_map(|r| of(r))
            .map(|d| d.num_seconds() as f64)
            .collect(),
    )
}

fn compared_services(current: &[&Report], previous: &[&Report]) -> Vec<Compared> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in current {
        for s in &r.services {
            counts.entry(s).or_default().0 += 1;
        }
    }
    for r in previous {
        for s in &r.services {
            counts.entry(s).or_default().1 += 1;
        }
    }
    let mut rows: Vec<Compared> = counts
        .into_iter()
        .map(|(name, (current, previous))| Compared {
            name: name.to_string(),
            label: name.to_string(),
            current,
            previous,
        })
        .collect();
    // Most incidents first; then by name, for the same bytes every time.
    rows.sort_by(|a, b| {
        b.current
            .cmp(&a.current)
            .then(b.previous.cmp(&a.previous))
            .then(a.name.cmp(&b.name))
    });
    rows
}

#[cfg(test)]
mod tests;
