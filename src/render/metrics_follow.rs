//! The metrics page's charts from the action history (`crate::metrics`
//! counts it): on-time completion by team, and open and overdue actions at
//! the end of each month. Drawn only when the history is known, so that a
//! site built without git shows no empty or wrong chart.

use super::chart::Draw;
use super::charts::Series;
use super::contract::Chart;
use crate::metrics::{AtEnd, Metrics, headline};

/// Actions done in the last 12 months by team, on time and late.
pub(super) fn on_time_by_team(m: &Metrics) -> Option<Chart> {
    let teams = &m.follow_teams;
    if m.history_unknown.is_some() || teams.is_empty() {
        return None;
    }
    let categories: Vec<String> = teams.iter().map(|t| t.team.clone()).collect();
    let series = Series::two(teams, [("On time", "c3"), ("Late", "c4")], |t| {
        [t.counts.done_on_time, t.counts.done_late]
    });
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
    let draw = Draw::Bars { stacked: true };
    Some(
        Chart::drawn(id, title, summary, draw, &categories, &series).table(
            [
                "Team",
                "Done",
                "On time",
                "Late",
                "Done by their due date",
                "Due dates moved later",
            ],
            rows,
        ),
    )
}

/// Actions open and overdue at the end of each month, from the action
/// history: `None` when it is not known (the page then shows the actions
/// of each month's incidents as they stand today instead).
pub(super) fn open_over_time(m: &Metrics) -> Option<Chart> {
    let at_end: Vec<AtEnd> = m.months.iter().map(|x| x.at_end).collect::<Option<_>>()?;
    let categories: Vec<String> = m.months.iter().map(|x| x.month.clone()).collect();
    let names = [("Open, not overdue", "c1"), ("Overdue", "c4")];
    let series = Series::two(&at_end, names, |a| [a.open - a.overdue, a.overdue]);
    let last = at_end.last().copied().unwrap_or_default();
    let most = m
        .months
        .iter()
        .zip(&at_end)
        .rev()
        .max_by_key(|(_, a)| a.open)
        .filter(|(_, a)| a.open > 0);
    let summary = format!(
        "Counted from the git history: an action is open at the end of a month when it was agreed \
         by then and not yet done or dropped, and overdue when the due date it had then had passed. \
         At the end of the last month, {} open, {} of them overdue. {}{}",
        last.open,
        last.overdue,
        match most {
            Some((x, a)) => format!("The most open: {} at the end of {}.", a.open, x.month),
            None => "No action was open at the end of any month.".into(),
        },
        match m.actions_without_history {
            0 => String::new(),
            1 => " History not known for 1 action (not committed yet): not counted.".into(),
            n => format!(" History not known for {n} actions (not committed yet): not counted."),
        }
    );
    let (id, title) = (
        "open-actions-by-month",
        "Open and overdue actions at the end of each month",
    );
    let rows = m
        .months
        .iter()
        .zip(&at_end)
        .map(|(x, a)| vec![x.month.clone(), a.open.to_string(), a.overdue.to_string()])
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
        .table(["Month", "Open", "Of which overdue"], rows),
    )
}
