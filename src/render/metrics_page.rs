//! The metrics page's charts and tables, made from the figures of
//! `crate::metrics` (the same figures as `metrics.json`).

use super::chart::Draw;
use super::charts::Series;
use super::contract::{Chart, MetricsPage};
use crate::display;
use crate::metrics::{Compared, Metrics, Options, Window, headline};
use crate::site::Site;
use std::sync::OnceLock;

/// What is learnt across incidents, computed once per site when first
/// asked for: a page alone (`serve`) computes only what it shows.
#[derive(Default)]
pub(super) struct Learning {
    metrics: OnceLock<Metrics>,
    /// Every report's similar ones (a whole-site render).
    similar: OnceLock<Vec<Vec<usize>>>,
    /// The search's index, for one report's at a time (`serve`).
    similar_index: OnceLock<std::sync::Arc<crate::metrics::similar::Index>>,
}

impl Learning {
    pub(super) fn metrics(&self, site: &Site) -> &Metrics {
        self.metrics
            .get_or_init(|| crate::metrics::compute(site, &Options::site(site.today())))
    }

    /// Uses `index` (made from kept terms, `serve`) for each report's
    /// similar ones.
    pub(super) fn keep_similar_index(&self, index: std::sync::Arc<crate::metrics::similar::Index>) {
        let _ = self.similar_index.set(index);
    }

    /// Every report's similar ones, found all at once.
    pub(super) fn similar(&self, site: &Site) -> &[Vec<usize>] {
        self.similar
            .get_or_init(|| crate::metrics::similar::similar(site.reports()))
    }

    /// Report `i`'s similar ones: from [`Learning::similar`] when every
    /// report's are found already (a whole-site render finds them first),
    /// else from the index alone, without searching for every report's.
    pub(super) fn similar_to(&self, site: &Site, i: usize) -> Vec<usize> {
        if let Some(all) = self.similar.get() {
            return all[i].clone();
        }
        self.similar_index
            .get_or_init(|| crate::metrics::similar::Index::new(site.reports()).into())
            .similar_to(site.reports(), i)
    }
}

/// The headline figures of one service's incidents, for its page.
pub(super) fn slice(site: &Site, service: &str) -> Vec<headline::Row> {
    let options = Options {
        services: vec![service.to_string()],
        ..Options::site(site.today())
    };
    headline::rows(&crate::metrics::compute(site, &options))
}

/// How many services the chart by service shows (the table has them all).
const TOP_SERVICES: usize = 10;

pub(super) fn page(m: &Metrics) -> MetricsPage<'_> {
    MetricsPage {
        metrics: m,
        current_label: window(&m.current_window),
        previous_label: window(&m.previous_window),
        headline: headline::rows(m),
        charts: [
            incidents_by_month(m),
            times_by_quarter(m),
            super::metrics_follow::open_over_time(m).or_else(|| actions_by_month(m)),
            actions_by_team(m),
            super::metrics_follow::on_time_by_team(m),
            incidents_by(
                &m.services,
                "incidents-by-service",
                "Incidents by service",
                ("service", "services"),
            ),
            incidents_by(
                &m.kinds,
                "incidents-by-kind",
                "Incidents by kind",
                ("kind", "kinds"),
            ),
            incidents_by(
                &m.factors,
                "incidents-by-factor",
                "Incidents by contributing factor",
                ("category", "factor categories"),
            ),
            super::metrics_factors::factors_by_quarter(m),
        ]
        .into_iter()
        .flatten()
        .collect(),
    }
}

fn window(w: &Window) -> String {
    format!(
        "{} – {}",
        display::short_date(w.start),
        display::short_date(w.end)
    )
}

fn count(n: usize) -> Option<f64> {
    Some(n as f64)
}

fn incidents_by_month(m: &Metrics) -> Option<Chart> {
    let categories: Vec<String> = m.months.iter().map(|x| x.month.clone()).collect();
    let series: Vec<Series> = m
        .severities
        .iter()
        .enumerate()
        .map(|(i, level)| Series {
            name: level.label.clone(),
            class: "sev-accent".into(),
            colour: Some(level.colour.clone()),
            values: m.months.iter().map(|x| count(x.by_severity[i])).collect(),
        })
        .collect();
    let busiest = m
        .months
        .iter()
        .rev()
        .max_by_key(|x| x.incidents)
        .filter(|x| x.incidents > 0);
    let summary = format!(
        "{} in the last 12 months, against {} in the 12 before. {}",
        plural(m.current.incidents, "incident"),
        m.previous.incidents,
        match busiest {
            Some(x) => format!("The most in one month: {} in {}.", x.incidents, x.month),
            None => "No month had an incident.".into(),
        }
    );
    let title = "Incidents per month, by severity";
    let id = "incidents-by-month";
    let mut columns = vec!["Month".to_string()];
    columns.extend(m.severities.iter().map(|s| s.label.clone()));
    columns.push("Total".into());
    let rows = m
        .months
        .iter()
        .map(|x| {
            let mut row = vec![x.month.clone()];
            row.extend(x.by_severity.iter().map(|n| n.to_string()));
            row.push(x.incidents.to_string());
            row
        })
        .collect();
    Some(
        Chart::drawn(
            id,
            title,
            summary,
            Draw::StackedColumns,
            &categories,
            &series,
        )
        .table(columns, rows),
    )
}

fn times_by_quarter(m: &Metrics) -> Option<Chart> {
    let categories: Vec<String> = m.quarters.iter().map(|q| q.quarter.clone()).collect();
    let minutes = |v: Option<f64>| v.map(|s| s / 60.0);
    let series = vec![
        Series {
            name: "Time to detect, median".into(),
            class: "c1".into(),
            colour: None,
            values: m
                .quarters
                .iter()
                .map(|q| minutes(q.time_to_detect.median))
                .collect(),
        },
        Series {
            name: "Time to detect, p90".into(),
            class: "c1 dashed".into(),
            colour: None,
            values: m
                .quarters
                .iter()
                .map(|q| minutes(q.time_to_detect.p90))
                .collect(),
        },
        Series {
            name: "Time to resolve, median".into(),
            class: "c2".into(),
            colour: None,
            values: m
                .quarters
                .iter()
                .map(|q| minutes(q.time_to_resolve.median))
                .collect(),
        },
        Series {
            name: "Time to resolve, p90".into(),
            class: "c2 dashed".into(),
            colour: None,
            values: m
                .quarters
                .iter()
                .map(|q| minutes(q.time_to_resolve.p90))
                .collect(),
        },
    ];
    let all: Vec<f64> = series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .collect();
    let (lo, hi) = all.iter().fold((f64::MAX, 0.0f64), |(lo, hi), v| {
        (lo.min(v.max(1.0)), hi.max(*v))
    });
    // A log scale where a linear one would flatten the short times.
    let log = !all.is_empty() && hi / lo > 20.0;
    let format = |minutes: f64| short_duration(minutes);
    let summary = format!(
        "Time to detect, median: {} in the last 12 months ({} before); time to resolve, median: {} ({} before).{}",
        headline::duration(m.current.time_to_detect.median),
        headline::duration(m.previous.time_to_detect.median),
        headline::duration(m.current.time_to_resolve.median),
        headline::duration(m.previous.time_to_resolve.median),
        if log {
            " Drawn on a logarithmic scale."
        } else {
            ""
        }
    );
    let (id, title) = (
        "times-by-quarter",
        "Time to detect and to resolve, per quarter",
    );
    let cell = |s: Option<f64>| headline::duration(s);
    let rows = m
        .quarters
        .iter()
        .map(|q| {
            vec![
                q.quarter.clone(),
                q.incidents.to_string(),
                cell(q.time_to_detect.median),
                cell(q.time_to_detect.p90),
                cell(q.time_to_resolve.median),
                cell(q.time_to_resolve.p90),
            ]
        })
        .collect();
    let draw = Draw::Lines {
        log,
        format: &format,
    };
    Some(
        Chart::drawn(id, title, summary, draw, &categories, &series).table(
            [
                "Quarter",
                "Incidents",
                "Detect, median",
                "Detect, p90",
                "Resolve, median",
                "Resolve, p90",
            ],
            rows,
        ),
    )
}

/// The three states an action can be in today, as stacked series.
fn action_series(values: impl Fn(usize) -> Option<[usize; 3]>, n: usize) -> Vec<Series> {
    let names = [("Done or dropped", "c3"), ("Open", "c1"), ("Overdue", "c4")];
    Series::stacked(names, &(0..n).map(values).collect::<Vec<_>>())
}

fn actions_by_month(m: &Metrics) -> Option<Chart> {
    let categories: Vec<String> = m.months.iter().map(|x| x.month.clone()).collect();
    let series = action_series(
        |i| {
            let a = &m.months[i].actions;
            Some([a.done + a.wont_do, a.open - a.overdue, a.overdue])
        },
        m.months.len(),
    );
    let a = &m.current.actions;
    let summary = format!(
        "Of the {} actions agreed in the last 12 months, {} are done, {} open and {} overdue today. \
         Each month's column holds the actions of that month's incidents, as they stand today.{}",
        a.agreed,
        a.done,
        a.open,
        a.overdue,
        match m.history_unknown {
            // Without the history, how many were open at a time is not known.
            Some(why) => format!(
                " From today's state: history not known for {} ({why}).",
                plural(m.actions_without_history, "action")
            ),
            None => String::new(),
        }
    );
    let (id, title) = (
        "actions-by-month",
        "Actions agreed per month, and where they stand today",
    );
    let rows = m
        .months
        .iter()
        .map(|x| {
            let a = &x.actions;
            vec![
                x.month.clone(),
                a.agreed.to_string(),
                (a.done + a.wont_do).to_string(),
                a.open.to_string(),
                a.overdue.to_string(),
            ]
        })
        .collect();
    Some(
        Chart::drawn(
            id,
            title,
            summary,
            Draw::StackedColumns,
            &categories,
            &series,
        )
        .table(
            ["Month", "Agreed", "Done or dropped", "Open", "Overdue"],
            rows,
        ),
    )
}

fn actions_by_team(m: &Metrics) -> Option<Chart> {
    if m.teams.is_empty() {
        return None;
    }
    let categories: Vec<String> = m.teams.iter().map(|t| t.team.clone()).collect();
    let series = action_series(
        |i| {
            let a = &m.teams[i].actions;
            Some([a.done + a.wont_do, a.open - a.overdue, a.overdue])
        },
        m.teams.len(),
    );
    let summary = format!(
        "Actions agreed in the last 12 months, by the owner's team: {}.",
        m.teams
            .iter()
            .map(|t| format!("{} {} of {} done", t.team, t.actions.done, t.actions.agreed))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let (id, title) = ("actions-by-team", "Action completion by team");
    let rows = m
        .teams
        .iter()
        .map(|t| {
            let a = &t.actions;
            vec![
                t.team.clone(),
                a.agreed.to_string(),
                a.done.to_string(),
                a.wont_do.to_string(),
                a.open.to_string(),
                a.overdue.to_string(),
            ]
        })
        .collect();
    let draw = Draw::Bars { stacked: true };
    Some(
        Chart::drawn(id, title, summary, draw, &categories, &series).table(
            ["Team", "Agreed", "Done", "Won't do", "Open", "Overdue"],
            rows,
        ),
    )
}

/// `what`: a group in the table's heading, and groups in the summary.
fn incidents_by(
    groups: &[Compared],
    id: &str,
    title: &str,
    (what, many): (&str, &str),
) -> Option<Chart> {
    if groups.is_empty() {
        return None;
    }
    let shown = &groups[..groups.len().min(TOP_SERVICES)];
    let categories: Vec<String> = shown.iter().map(|g| g.label.clone()).collect();
    let series = vec![
        Series {
            name: "Last 12 months".into(),
            class: "c1".into(),
            colour: None,
            values: shown.iter().map(|g| count(g.current)).collect(),
        },
        Series {
            name: "The 12 before".into(),
            class: "c5".into(),
            colour: None,
            values: shown.iter().map(|g| count(g.previous)).collect(),
        },
    ];
    // The first of those with the most (services come sorted that way;
    // kinds and factor categories in the configured order).
    let top = groups
        .iter()
        .rev()
        .max_by_key(|g| g.current)
        .unwrap_or(&groups[0]);
    let summary = format!(
        "{} {} had incidents. The most in the last 12 months: {}, with {} ({} in the 12 before).{}",
        groups.len(),
        many,
        top.label,
        top.current,
        top.previous,
        if groups.len() > shown.len() {
            format!(
                " The chart shows the first {}; the table has them all.",
                shown.len()
            )
        } else {
            String::new()
        }
    );
    let rows = groups
        .iter()
        .map(|g| {
            vec![
                g.label.clone(),
                g.current.to_string(),
                g.previous.to_string(),
            ]
        })
        .collect();
    let mut heading = what.to_string();
    heading[..1].make_ascii_uppercase();
    let draw = Draw::Bars { stacked: false };
    Some(
        Chart::drawn(id, title, summary, draw, &categories, &series)
            .table([heading.as_str(), "Last 12 months", "The 12 before"], rows),
    )
}

/// `45 min`, `4 h`, `1.5 h`, `3 d`: durations on an axis.
fn short_duration(minutes: f64) -> String {
    let (value, unit) = if minutes < 60.0 {
        (minutes, "min")
    } else if minutes < 1440.0 {
        (minutes / 60.0, "h")
    } else {
        (minutes / 1440.0, "d")
    };
    if (value - value.round()).abs() < 0.05 {
        format!("{value:.0} {unit}")
    } else {
        format!("{value:.1} {unit}")
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}
