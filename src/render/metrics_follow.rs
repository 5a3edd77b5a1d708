//! The metrics page's chart of on-time completion by team, from the action
//! history (`crate::metrics` counts it): drawn only when the history is
//! known, so that a site built without git shows no empty chart.

use super::charts::{self, Series};
use super::contract::Chart;
use crate::metrics::{Metrics, headline};

/// Actions done in the last 12 months by team, on time and late.
pub(super) fn on_time_by_team(m: &Metrics) -> Option<Chart> {
    let teams = &m.follow_teams;
    if m.history_unknown.is_some() || teams.is_empty() {
        return None;
    }
    let categories: Vec<String> = teams.iter().map(|t| t.team.clone()).collect();
    let series: Vec<Series> = [("On time", "c3"), ("Late", "c4")]
        .iter()
        .enumerate()
        .map(|(k, (name, class))| Series {
            name: (*name).into(),
            class: (*class).into(),
            colour: None,
            values: teams
                .iter()
                .map(|t| Some([t.counts.done_on_time, t.counts.done_late][k] as f64))
                .collect(),
        })
        .collect();
    let summary = format!(
        "Actions done in the last 12 months, by the owner's team, on or before their due date \
         and after it, and due dates moved later: {}.",
        teams
            .iter()
            .map(|t| format!(
                "{} {} on time, {} late, {} moved",
                t.team, t.counts.done_on_time, t.counts.done_late, t.counts.slips
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let (id, title) = ("on-time-by-team", "Actions done by their due date, by team");
    let rows = teams
        .iter()
        .map(|t| {
            let c = &t.counts;
            vec![
                t.team.clone(),
                c.done.to_string(),
                c.done_on_time.to_string(),
                c.done_late.to_string(),
                headline::share(t.done_by_due),
                c.slips.to_string(),
            ]
        })
        .collect();
    Some(Chart {
        svg_html: charts::bars(id, title, &summary, &categories, &series, true),
        id: id.into(),
        title: title.into(),
        summary,
        legend: charts::legend(&series),
        columns: [
            "Team",
            "Done",
            "On time",
            "Late",
            "Done by their due date",
            "Due dates moved later",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    })
}
