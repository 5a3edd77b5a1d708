//! Counting what the history says, per period and team: how many actions
//! were agreed, how often due dates slipped, how many actions were done
//! and how many of those on time. For the metrics page (issue 17) and
//! `actions --format json`; the counts come from commits only, so that a
//! figure is a fact of the repository, not of the file as last edited.
//!
//! Each event is counted in the period it happened in: an action in the
//! period it was first agreed, a slip in the period the due date moved, a
//! completion in the period the action became `done`. An action whose
//! history is not known counts nowhere (and `unknown` says how many).

use super::{ActionPast, History};
use crate::model::Report;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month,
    Quarter,
    Year,
}

impl Period {
    /// The period a date falls in: `2026-01`, `2026-Q1`, `2026`.
    pub fn of(self, date: NaiveDate) -> String {
        match self {
            Period::Month => date.format("%Y-%m").to_string(),
            Period::Quarter => format!("{}-Q{}", date.year(), date.month0() / 3 + 1),
            Period::Year => date.year().to_string(),
        }
    }
}

/// The counts of one period and team.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Actions first agreed in the period.
    pub agreed: usize,
    /// Moves of a due date to a later day, made in the period.
    pub slips: usize,
    /// Actions that became done in the period (and are done now).
    pub done: usize,
    /// Of those, done on or before the due date they had then.
    pub done_on_time: usize,
    /// Of those, done after it.
    pub done_late: usize,
}

/// Counts per period and team.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// By period (`2026-01`), then by team; actions whose owner has no
    /// known team are under the empty name.
    pub periods: BTreeMap<String, BTreeMap<String, Counts>>,
    /// Actions whose history is not known (no git, a shallow clone, not
    /// committed yet): counted in no period.
    pub unknown: usize,
}

/// Counts the history of `reports`' actions per `period` and per team,
/// with `team_of` giving an action owner's team.
pub fn tally<'a>(
    reports: &[Arc<Report>],
    history: &History,
    period: Period,
    team_of: impl Fn(&str) -> Option<&'a str>,
) -> Tally {
    let pasts = reports.iter().flat_map(|report| {
        report
            .actions
            .iter()
            .enumerate()
            .map(|(i, action)| (history.action(&report.rel_path, i), action.owner.as_str()))
    });
    count(pasts, period, team_of)
}

/// Counts each action's past, with its owner.
fn count<'p, 'a>(
    pasts: impl Iterator<Item = (&'p ActionPast, &'p str)>,
    period: Period,
    team_of: impl Fn(&str) -> Option<&'a str>,
) -> Tally {
    let mut tally = Tally::default();
    for (past, owner) in pasts {
        let ActionPast::Known(past) = past else {
            tally.unknown += 1;
            continue;
        };
        let team = team_of(owner).unwrap_or("");
        let slot = |date: NaiveDate| -> (String, String) { (period.of(date), team.to_string()) };
        let agreed = slot(past.agreed.date);
        counts(&mut tally, agreed).agreed += 1;
        for change in past.due_changes.iter().filter(|c| c.is_slip()) {
            let at = slot(change.at.date);
            counts(&mut tally, at).slips += 1;
        }
        if let Some(done) = &past.done {
            let late = past.days_late();
            let at = slot(done.date);
            let c = counts(&mut tally, at);
            c.done += 1;
            match late {
                Some(days) if days > 0 => c.done_late += 1,
                Some(_) => c.done_on_time += 1,
                None => {}
            }
        }
    }
    tally
}

/// The counts of one period and team, made when first needed.
fn counts(tally: &mut Tally, (period, team): (String, String)) -> &mut Counts {
    tally
        .periods
        .entry(period)
        .or_default()
        .entry(team)
        .or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{ActionHistory, DueChange, Stamp};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn moved(from: &str, to: &str, at: &str) -> DueChange {
        DueChange {
            from: Some(day(from)),
            to: Some(day(to)),
            at: Stamp::on(at),
        }
    }

    #[test]
    fn each_event_counts_in_its_own_period_and_team() {
        // Agreed in January, slipped in January and March (and brought
        // forward in February: no slip), done in April 12 days late.
        let late = ActionPast::Known(ActionHistory {
            agreed: Stamp::on("2026-01-02"),
            first_due: Some(day("2026-01-10")),
            due_changes: vec![
                moved("2026-01-10", "2026-02-07", "2026-01-09"),
                moved("2026-02-07", "2026-02-01", "2026-02-03"),
                moved("2026-02-01", "2026-04-04", "2026-03-05"),
            ],
            status_changes: Vec::new(),
            done: Some(Stamp::on("2026-04-16")),
            due_when_done: Some(day("2026-04-04")),
            uncommitted: false,
        });
        // Another team's, agreed in March and done on its due day.
        let on_time = ActionPast::Known(ActionHistory {
            agreed: Stamp::on("2026-03-01"),
            first_due: Some(day("2026-04-30")),
            due_changes: Vec::new(),
            status_changes: Vec::new(),
            done: Some(Stamp::on("2026-04-30")),
            due_when_done: Some(day("2026-04-30")),
            uncommitted: false,
        });
        let unknown = ActionPast::Unknown;
        let team_of = |owner: &str| match owner {
            "sam" => Some("platform"),
            "jo" => Some("payments"),
            _ => None,
        };
        let pasts = [(&late, "sam"), (&on_time, "jo"), (&unknown, "sam")];
        let months = count(pasts.into_iter(), Period::Month, team_of);
        let get = |period: &str, team: &str| months.periods[period][team].clone();
        assert_eq!(months.unknown, 1);
        assert_eq!(
            get("2026-01", "platform"),
            Counts {
                agreed: 1,
                slips: 1,
                ..Counts::default()
            }
        );
        assert!(
            !months.periods.contains_key("2026-02"),
            "brought forward is no slip"
        );
        assert_eq!(
            get("2026-03", "platform"),
            Counts {
                slips: 1,
                ..Counts::default()
            }
        );
        assert_eq!(
            get("2026-03", "payments"),
            Counts {
                agreed: 1,
                ..Counts::default()
            }
        );
        assert_eq!(
            get("2026-04", "platform"),
            Counts {
                done: 1,
                done_late: 1,
                ..Counts::default()
            }
        );
        assert_eq!(
            get("2026-04", "payments"),
            Counts {
                done: 1,
                done_on_time: 1,
                ..Counts::default()
            }
        );
        let quarters = count(pasts.into_iter(), Period::Quarter, team_of);
        assert_eq!(
            quarters.periods["2026-Q1"]["platform"],
            Counts {
                agreed: 1,
                slips: 2,
                ..Counts::default()
            }
        );
        assert_eq!(quarters.periods["2026-Q2"].len(), 2);
    }

    #[test]
    fn periods_are_named_by_their_first_day() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(Period::Month.of(d), "2026-11");
        assert_eq!(Period::Quarter.of(d), "2026-Q4");
        assert_eq!(Period::Year.of(d), "2026");
        let d = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(Period::Quarter.of(d), "2026-Q1");
    }
}
