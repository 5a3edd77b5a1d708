//! Open and overdue actions over time, from the action history in git
//! (`crate::history`): at the end of each month, the actions agreed by
//! then (the commit that first held them) and not closed by then (done or
//! won't do, as the commits say), and of those the ones whose due date, as
//! it stood then, had passed. What the format alone gives (each month's
//! incidents' actions as they stand today) says nothing of how many were
//! open at a time; the history does.
//!
//! Only commits count: an action not committed yet, or an edit of one not
//! committed yet, has no date and counts nowhere here. When the site's
//! history is not known (no git, a shallow clone), nothing here is
//! counted, and the page falls back to the present state, saying so.

use crate::history::{ActionHistory, ActionPast, History};
use crate::model::{ActionStatus, Report};
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

/// The actions open at one moment, and of those the overdue ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AtEnd {
    /// Agreed by then and not closed (done or won't do) by then.
    pub open: usize,
    /// Open then, with a due date (as it stood then) before that day.
    pub overdue: usize,
}

/// The day a month's figures are taken on: its last day, or `until` in
/// the month that holds it (`month` is `2026-03`).
pub fn point(month: &str, until: NaiveDate) -> NaiveDate {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap_or(until);
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(first);
    if first.year() == until.year() && first.month() == until.month() {
        last.min(until)
    } else {
        last
    }
}

/// The actions open and overdue at each of `points` (`None` when the
/// site's history is not known), and how many of `reports`' actions have
/// no known history (all of them when the site's is not known), so that
/// they are counted in none of the points.
pub fn at_points(
    reports: &[&Report],
    history: &History,
    points: &[NaiveDate],
) -> (Option<Vec<AtEnd>>, usize) {
    let actions = reports.iter().map(|r| r.actions.len()).sum();
    if history.unknown.is_some() {
        return (None, actions);
    }
    let mut counts = vec![AtEnd::default(); points.len()];
    let mut unknown = 0;
    for r in reports {
        for (i, action) in r.actions.iter().enumerate() {
            let ActionPast::Known(past) = history.action(&r.rel_path, i) else {
                unknown += 1;
                continue;
            };
            for (at, c) in points.iter().zip(counts.iter_mut()) {
                let Some(overdue) = open_at(past, action.status, *at) else {
                    continue;
                };
                c.open += 1;
                c.overdue += usize::from(overdue);
            }
        }
    }
    (Some(counts), unknown)
}

/// Whether the action was open at the end of `day` (`Some`), and if so
/// whether it was overdue; `None` when not agreed yet or closed then.
/// `now` is its status in the file, for an action whose status no commit
/// changed.
fn open_at(past: &ActionHistory, now: ActionStatus, day: NaiveDate) -> Option<bool> {
    if past.agreed.date > day || status_at(past, now, day).is_closed() {
        return None;
    }
    let due = past
        .due_changes
        .iter()
        .rev()
        .find(|c| c.at.date <= day)
        .map_or(past.first_due, |c| c.to);
    Some(due.is_some_and(|due| due < day))
}

/// The action's status at the end of `day`, as the commits say (it was
/// agreed by then).
fn status_at(past: &ActionHistory, now: ActionStatus, day: NaiveDate) -> ActionStatus {
    if let Some(change) = past.status_changes.iter().rev().find(|c| c.at.date <= day) {
        return change.to;
    }
    if let Some(first) = past.status_changes.first() {
        return first.from;
    }
    // No commit changed it: it stood as first committed. That is the file's
    // status, but for an edit not committed yet: done in the file only
    // (`done` is set by commits) was not done in any commit.
    match (past.done.is_some(), now) {
        (true, _) => ActionStatus::Done,
        (false, ActionStatus::Done) => ActionStatus::Open,
        (false, now) => now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{DueChange, Stamp, StatusChange};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_month_is_counted_on_its_last_day_or_until() {
        let until = day("2026-06-15");
        assert_eq!(point("2026-02", until), day("2026-02-28"));
        assert_eq!(point("2024-02", until), day("2024-02-29"));
        assert_eq!(point("2025-12", until), day("2025-12-31"));
        assert_eq!(point("2026-06", until), until);
    }

    #[test]
    fn open_and_overdue_follow_the_commits() {
        // Agreed on 5 January due 15 February, moved on 3 March to 20
        // April, put in progress on 1 April, done on 10 May.
        let past = ActionHistory {
            agreed: Stamp::on("2026-01-05"),
            first_due: Some(day("2026-02-15")),
            due_changes: vec![DueChange {
                from: Some(day("2026-02-15")),
                to: Some(day("2026-04-20")),
                at: Stamp::on("2026-03-03"),
            }],
            status_changes: vec![
                StatusChange {
                    from: ActionStatus::Open,
                    to: ActionStatus::InProgress,
                    at: Stamp::on("2026-04-01"),
                },
                StatusChange {
                    from: ActionStatus::InProgress,
                    to: ActionStatus::Done,
                    at: Stamp::on("2026-05-10"),
                },
            ],
            done: Some(Stamp::on("2026-05-10")),
            due_when_done: Some(day("2026-04-20")),
            uncommitted: false,
        };
        let at = |d: &str| open_at(&past, ActionStatus::Done, day(d));
        assert_eq!(at("2026-01-04"), None, "not agreed yet");
        assert_eq!(at("2026-01-31"), Some(false));
        // Due on 15 February: not overdue that day, overdue the next.
        assert_eq!(at("2026-02-15"), Some(false));
        assert_eq!(at("2026-02-16"), Some(true));
        // Moved on 3 March: that day's figure already has the new date.
        assert_eq!(at("2026-03-03"), Some(false));
        assert_eq!(at("2026-04-30"), Some(true));
        assert_eq!(at("2026-05-09"), Some(true));
        assert_eq!(at("2026-05-10"), None, "done that day");
    }

    #[test]
    fn a_status_no_commit_changed_is_the_first_committed_one() {
        let past = ActionHistory {
            agreed: Stamp::on("2026-01-05"),
            first_due: None,
            due_changes: Vec::new(),
            status_changes: Vec::new(),
            done: None,
            due_when_done: None,
            uncommitted: false,
        };
        let d = day("2026-02-01");
        assert_eq!(open_at(&past, ActionStatus::InProgress, d), Some(false));
        assert_eq!(open_at(&past, ActionStatus::WontDo, d), None);
        // Done in the file only: open in every commit.
        let edited = ActionHistory {
            uncommitted: true,
            ..past
        };
        assert_eq!(open_at(&edited, ActionStatus::Done, d), Some(false));
    }
}
