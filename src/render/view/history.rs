//! `history` of an action: what git says about its past (src/history),
//! as templates, `actions.json` and `retrospect actions` show it. Already
//! trimmed: for the public audience, `commit` is always null.

use crate::display::short_date;
use crate::history::{ActionHistory, ActionPast, History, Stamp};
use serde::Serialize;
use std::sync::{Arc, OnceLock};

/// An action's history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    /// `known`, `not-committed` (the action is in no commit yet) or
    /// `unknown` (no git, a shallow clone, git unreadable).
    pub state: &'static str,
    /// Why it is not known, in words, when `state` is `unknown`.
    pub note: Option<&'static str>,
    /// `YYYY-MM-DD` of the first commit holding the action.
    pub agreed: Option<String>,
    /// `14 Mar 2025`.
    pub agreed_display: Option<String>,
    pub agreed_commit: Option<CommitView>,
    /// The due dates it has had, in order (`YYYY-MM-DD`).
    pub due_dates: Vec<String>,
    /// Every change of the due date, oldest first.
    pub due_changes: Vec<ChangeView>,
    /// How many times the due date moved later.
    pub slips: usize,
    /// Every change of status, oldest first.
    pub status_changes: Vec<ChangeView>,
    /// `YYYY-MM-DD` of the commit that made it `done`, if it is done.
    pub done: Option<String>,
    /// `14 Mar 2025`.
    pub done_display: Option<String>,
    /// Days from the due date it had then to the day it was done: more
    /// than 0 is late, 0 or less on time.
    pub days_late: Option<i64>,
    /// The file differs from its last commit in this action's due date or
    /// status: those changes have no date yet.
    pub uncommitted: bool,
    /// In words: `due moved 3 times: 10 Jan 2026 → 7 Feb 2026 → …; done
    /// 12 days late`; empty when there is nothing to tell.
    pub summary: String,
}

/// One change: a due date (`YYYY-MM-DD` or null) or a status.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub from: Option<String>,
    pub to: Option<String>,
    /// `from` and `to` ready to print: `14 Mar 2025`, `In progress`.
    pub from_display: Option<String>,
    pub to_display: Option<String>,
    /// `YYYY-MM-DD` of the commit.
    pub date: String,
    /// `14 Mar 2025`.
    pub date_display: String,
    pub commit: Option<CommitView>,
}

/// A commit: internal audience only.
#[derive(Debug, Clone, Serialize)]
pub struct CommitView {
    pub id: String,
    pub author: String,
    /// The first line of its message.
    pub subject: String,
}

fn ymd(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn commit(stamp: &Stamp) -> Option<CommitView> {
    stamp.commit.as_ref().map(|c| CommitView {
        id: c.id.clone(),
        author: c.author.clone(),
        subject: c.subject.clone(),
    })
}

impl HistoryView {
    /// The view of action `index` of the report at `rel_path`. An action
    /// whose past is not known, or not committed yet, has the same view as
    /// every other such action of the site: one view, shared through
    /// `empties` (without git, every action's; 360 bytes an action).
    pub fn of(
        history: &History,
        rel_path: &str,
        index: usize,
        empties: &EmptyHistories,
    ) -> Arc<HistoryView> {
        match history.action(rel_path, index) {
            ActionPast::Known(past) => Arc::new(known(past)),
            ActionPast::NotCommitted => Arc::clone(
                empties
                    .not_committed
                    .get_or_init(|| Arc::new(empty("not-committed", None))),
            ),
            ActionPast::Unknown => Arc::clone(empties.unknown.get_or_init(|| {
                Arc::new(empty(
                    "unknown",
                    Some(
                        history
                            .unknown_reason()
                            .unwrap_or("the history was not read"),
                    ),
                ))
            })),
        }
    }
}

/// The views of a site's actions with no known past, made once
/// ([`HistoryView::of`]).
#[derive(Default)]
pub struct EmptyHistories {
    unknown: OnceLock<Arc<HistoryView>>,
    not_committed: OnceLock<Arc<HistoryView>>,
}

fn empty(state: &'static str, note: Option<&'static str>) -> HistoryView {
    HistoryView {
        state,
        note,
        agreed: None,
        agreed_display: None,
        agreed_commit: None,
        due_dates: Vec::new(),
        due_changes: Vec::new(),
        slips: 0,
        status_changes: Vec::new(),
        done: None,
        done_display: None,
        days_late: None,
        uncommitted: false,
        summary: String::new(),
    }
}

fn known(past: &ActionHistory) -> HistoryView {
    HistoryView {
        state: "known",
        note: None,
        agreed: Some(ymd(past.agreed.date)),
        agreed_display: Some(short_date(past.agreed.date)),
        agreed_commit: commit(&past.agreed),
        due_dates: past.due_dates().into_iter().map(ymd).collect(),
        due_changes: past
            .due_changes
            .iter()
            .map(|c| ChangeView {
                from: c.from.map(ymd),
                to: c.to.map(ymd),
                from_display: c.from.map(short_date),
                to_display: c.to.map(short_date),
                date: ymd(c.at.date),
                date_display: short_date(c.at.date),
                commit: commit(&c.at),
            })
            .collect(),
        slips: past.slips(),
        status_changes: past
            .status_changes
            .iter()
            .map(|c| ChangeView {
                from: Some(c.from.as_str().to_string()),
                to: Some(c.to.as_str().to_string()),
                from_display: Some(c.from.label().to_string()),
                to_display: Some(c.to.label().to_string()),
                date: ymd(c.at.date),
                date_display: short_date(c.at.date),
                commit: commit(&c.at),
            })
            .collect(),
        done: past.done.as_ref().map(|d| ymd(d.date)),
        done_display: past.done.as_ref().map(|d| short_date(d.date)),
        days_late: past.days_late(),
        uncommitted: past.uncommitted,
        summary: summary(past),
    }
}

/// `due moved 3 times: 10 Jan 2026 → 7 Feb 2026 → 7 Mar 2026 → 4 Apr
/// 2026; done 12 days late`.
pub fn summary(past: &ActionHistory) -> String {
    let mut parts = Vec::new();
    let moves = past
        .due_changes
        .iter()
        .filter(|c| c.from.is_some() && c.to.is_some())
        .count();
    if moves > 0 {
        let dates: Vec<String> = past.due_dates().into_iter().map(short_date).collect();
        parts.push(format!(
            "due moved {}: {}",
            crate::diagnostic::plural(moves, "time", "times"),
            dates.join(" → ")
        ));
    }
    match past.days_late() {
        Some(days) if days > 0 => parts.push(format!(
            "done {} late",
            crate::diagnostic::plural(days as usize, "day", "days")
        )),
        Some(_) => parts.push("done on time".to_string()),
        None if past.done.is_some() => parts.push("done".to_string()),
        None => {}
    }
    parts.join("; ")
}
