//! What the action history from git (`crate::history`) adds to the
//! figures: actions done by their due date, and slips of due dates. Each
//! event counts in the period it happened in (a completion when the action
//! became `done`, a slip when its due date moved later), as
//! `history::tally` counts them, whatever the date of the incident. When
//! the history is not known (no git, a shallow clone), every figure here
//! is `None`: "not recorded", never 0.

use super::actions::ActionFigures;
use super::periods::Window;
use super::stats::Spread;
use crate::history::tally::{self, Counts, Period};
use crate::history::{ActionPast, History};
use crate::model::Report;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The share of the done actions that were done on or before their due
/// date: `None` when none was done with a due date.
pub fn share(c: &Counts) -> Option<f64> {
    let judged = c.done_on_time + c.done_late;
    (judged > 0).then(|| c.done_on_time as f64 / judged as f64)
}

/// Fills `done_by_due` and `slips` of `f` from `counts` (`None`: the
/// history is not known).
pub fn fill(f: &mut ActionFigures, counts: Option<&Counts>) {
    f.done_by_due = counts.and_then(share);
    f.slips = counts.map(|c| c.slips);
    f.done_on_time = counts.map(|c| c.done_on_time);
    f.done_late = counts.map(|c| c.done_late);
}

/// The events of `window` in the history of `reports`' actions, by team
/// (`team` gives an owner's team as the audience sees it); `None` when
/// the history is not known. Actions whose own history is not known (not
/// committed yet) count nowhere.
pub fn in_window(
    reports: &[&Report],
    history: &History,
    window: &Window,
    team: impl Fn(&str) -> String,
) -> Option<BTreeMap<String, Counts>> {
    if history.unknown.is_some() {
        return None;
    }
    let mut by_team: BTreeMap<String, Counts> = BTreeMap::new();
    for r in reports {
        for (i, a) in r.actions.iter().enumerate() {
            let ActionPast::Known(past) = history.action(&r.rel_path, i) else {
                continue;
            };
            let c = by_team.entry(team(&a.owner)).or_default();
            c.agreed += usize::from(window.contains(past.agreed.date));
            c.slips += past
                .due_changes
                .iter()
                .filter(|d| d.is_slip() && window.contains(d.at.date))
                .count();
            if !past.done.as_ref().is_some_and(|d| window.contains(d.date)) {
                continue;
            }
            c.done += 1;
            match past.days_late() {
                Some(days) if days > 0 => c.done_late += 1,
                Some(_) => c.done_on_time += 1,
                None => {}
            }
        }
    }
    Some(by_team)
}

/// The sum of every team's counts.
pub fn total(by_team: &BTreeMap<String, Counts>) -> Counts {
    by_team.values().fold(Counts::default(), |mut sum, c| {
        sum.agreed += c.agreed;
        sum.slips += c.slips;
        sum.done += c.done;
        sum.done_on_time += c.done_on_time;
        sum.done_late += c.done_late;
        sum
    })
}

/// The events of each month (`2026-01`), all teams together; `None` when
/// the history is not known.
pub fn by_month(reports: &[Arc<Report>], history: &History) -> Option<BTreeMap<String, Counts>> {
    if history.unknown.is_some() {
        return None;
    }
    let t = tally::tally(reports, history, Period::Month, |_| None);
    Some(
        t.periods
            .into_iter()
            .map(|(month, teams)| (month, total(&teams)))
            .collect(),
    )
}

/// One team's action history in the current window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowTeam {
    pub team: String,
    /// Agreed, slips, done, done on time and late, in the window.
    #[serde(flatten)]
    pub counts: Counts,
    /// The share done on time, as [`share`].
    pub done_by_due: Option<f64>,
}

/// The teams with anything in `by_team`, most done first.
pub fn teams(by_team: &BTreeMap<String, Counts>) -> Vec<FollowTeam> {
    let mut rows: Vec<FollowTeam> = by_team
        .iter()
        .filter(|(_, c)| **c != Counts::default())
        .map(|(team, c)| FollowTeam {
            team: team.clone(),
            counts: c.clone(),
            done_by_due: share(c),
        })
        .collect();
    rows.sort_by(|a, b| b.counts.done.cmp(&a.counts.done).then(a.team.cmp(&b.team)));
    rows
}

/// Days from each incident (`date`) to the first commit of its report with
/// `status: published`, over the reports for which the history has one.
pub fn days_to_publish(reports: &[&Report], history: &History) -> Spread {
    Spread::of(
        reports
            .iter()
            .filter_map(|r| {
                let published = history.published.get(&r.rel_path)?;
                Some((*published - r.date).num_days() as f64)
            })
            .collect(),
    )
}
