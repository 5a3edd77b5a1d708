//! From the committed versions of each report to the history of each of
//! its actions now: actions are matched across versions by `id`.

use super::versions::ActionState;
use super::{ActionHistory, ActionPast, DueChange, Git, History, Stamp, StatusChange, Version};
use crate::model::{Action, ActionStatus, Report};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// The history of every action of `reports`, from `git`.
pub fn derive(git: &Git, reports: &[Arc<Report>]) -> History {
    if git.unknown.is_some() {
        return History {
            unknown: git.unknown.clone(),
            reports: HashMap::new(),
            published: HashMap::new(),
        };
    }
    let reports: HashMap<String, Vec<ActionPast>> = reports
        .par_iter()
        .map(|report| {
            let versions = git.versions.get(&report.rel_path).map_or(&[][..], |v| v);
            let actions = report
                .actions
                .iter()
                .map(|action| of_action(action, versions))
                .collect();
            (report.rel_path.clone(), actions)
        })
        .collect();
    // Git may know of more files than the valid reports.
    let published = reports
        .keys()
        .filter_map(|path| Some((path.clone(), *git.published.get(path)?)))
        .collect();
    History {
        unknown: None,
        reports,
        published,
    }
}

/// An action's state, as far as it is known so far.
#[derive(Clone, Copy)]
struct State {
    due: Option<NaiveDate>,
    status: ActionStatus,
}

/// One action's history from its report's versions, oldest first.
fn of_action(action: &Action, versions: &[Version]) -> ActionPast {
    let mut history: Option<ActionHistory> = None;
    let mut last = State {
        due: None,
        status: ActionStatus::Open,
    };
    for (commit, actions) in versions {
        let Some(found) = actions
            .as_deref()
            .and_then(|list| list.iter().find(|a| a.id == action.id))
        else {
            continue;
        };
        let now = state(found, last);
        let at = Stamp::of(commit);
        let Some(history) = history.as_mut() else {
            let done = (now.status == ActionStatus::Done).then(|| at.clone());
            history = Some(ActionHistory {
                agreed: at,
                first_due: now.due,
                due_changes: Vec::new(),
                status_changes: Vec::new(),
                due_when_done: done.as_ref().and(now.due),
                done,
                uncommitted: false,
            });
            last = now;
            continue;
        };
        if now.status != last.status {
            history.status_changes.push(StatusChange {
                from: last.status,
                to: now.status,
                at: at.clone(),
            });
            if now.status == ActionStatus::Done {
                history.done = Some(at.clone());
                history.due_when_done = last.due.or(now.due);
            } else if last.status == ActionStatus::Done {
                history.done = None;
                history.due_when_done = None;
            }
        }
        if now.due != last.due {
            history.due_changes.push(DueChange {
                from: last.due,
                to: now.due,
                at,
            });
        }
        last = now;
    }
    match history {
        Some(mut history) => {
            history.uncommitted = action.due != last.due || action.status != last.status;
            ActionPast::Known(history)
        }
        None => ActionPast::NotCommitted,
    }
}

/// A version's state of an action: what it cannot read stays as it was.
fn state(found: &ActionState, before: State) -> State {
    State {
        due: found.due.unwrap_or(before.due),
        status: found.status.unwrap_or(before.status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::Commit;
    use chrono::DateTime;

    fn version(id: &str, date: &str, actions: &[(&str, Option<&str>, &str)]) -> Version {
        let commit = Arc::new(Commit {
            id: id.into(),
            date: DateTime::parse_from_rfc3339(&format!("{date}T12:00:00+01:00")).unwrap(),
            author: "Jo".into(),
            subject: format!("commit {id}"),
        });
        let states = actions
            .iter()
            .map(|(id, due, status)| ActionState {
                id: id.to_string(),
                due: Ok(due.map(|d| d.parse().unwrap())),
                status: ActionStatus::parse(status),
            })
            .collect();
        (commit, Some(Arc::new(states)))
    }

    fn action(id: &str, due: Option<&str>, status: ActionStatus) -> Action {
        Action {
            id: id.into(),
            title: "t".into(),
            owner: "o".into(),
            due: due.map(|d| d.parse().unwrap()),
            status,
            link: None,
            priority: None,
            outcome: None,
            recommendation: None,
        }
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn due_moves_status_changes_and_the_day_it_was_done() {
        let versions = vec![
            version("c1", "2026-01-02", &[("A1", Some("2026-01-10"), "open")]),
            // Unreadable versions and versions without the action change nothing.
            (versions_commit("c1b"), None),
            version(
                "c2",
                "2026-01-09",
                &[("A1", Some("2026-02-07"), "in-progress")],
            ),
            version("c3", "2026-02-01", &[("B", None, "open")]),
            version(
                "c4",
                "2026-02-06",
                &[("A1", Some("2026-03-07"), "in-progress")],
            ),
            version(
                "c5",
                "2026-03-01",
                &[("A1", Some("2026-02-01"), "in-progress")],
            ),
            version(
                "c6",
                "2026-03-05",
                &[("A1", Some("2026-04-04"), "in-progress")],
            ),
            // Done, and the due date moved in the same commit: lateness is
            // measured against the due date it had before.
            version("c7", "2026-04-16", &[("A1", Some("2026-04-30"), "done")]),
        ];
        let now = action("A1", Some("2026-04-30"), ActionStatus::Done);
        let ActionPast::Known(h) = of_action(&now, &versions) else {
            panic!("known");
        };
        assert_eq!(h.agreed.date, date("2026-01-02"));
        assert_eq!(h.agreed.commit.as_ref().unwrap().id, "c1");
        assert_eq!(
            h.due_dates(),
            [
                "2026-01-10",
                "2026-02-07",
                "2026-03-07",
                "2026-02-01",
                "2026-04-04",
                "2026-04-30"
            ]
            .map(date)
        );
        assert_eq!(h.due_changes.len(), 5);
        // Earlier (c5) is a change, not a slip.
        assert_eq!(h.slips(), 4);
        let statuses: Vec<(ActionStatus, ActionStatus, &str)> = h
            .status_changes
            .iter()
            .map(|c| (c.from, c.to, c.at.commit.as_ref().unwrap().id.as_str()))
            .collect();
        assert_eq!(
            statuses,
            [
                (ActionStatus::Open, ActionStatus::InProgress, "c2"),
                (ActionStatus::InProgress, ActionStatus::Done, "c7")
            ]
        );
        assert_eq!(h.done.as_ref().unwrap().date, date("2026-04-16"));
        assert_eq!(h.due_when_done, Some(date("2026-04-04")));
        assert_eq!(h.days_late(), Some(12));
        assert!(!h.uncommitted);
    }

    fn versions_commit(id: &str) -> Arc<Commit> {
        version(id, "2026-01-03", &[]).0
    }

    #[test]
    fn reopened_actions_are_not_done_and_agreed_done_is_done_then() {
        let versions = vec![
            version("c1", "2026-01-02", &[("A1", Some("2026-01-10"), "done")]),
            version("c2", "2026-01-05", &[("A1", Some("2026-01-10"), "open")]),
        ];
        let ActionPast::Known(h) = of_action(
            &action("A1", Some("2026-01-10"), ActionStatus::Open),
            &versions[..1],
        ) else {
            panic!()
        };
        assert_eq!(h.done.as_ref().unwrap().date, date("2026-01-02"));
        assert_eq!(h.days_late(), Some(-8));
        // The file says open while its last commit says done.
        assert!(h.uncommitted);
        let ActionPast::Known(h) = of_action(
            &action("A1", Some("2026-01-10"), ActionStatus::Open),
            &versions,
        ) else {
            panic!()
        };
        assert_eq!(h.done, None);
        assert_eq!(h.days_late(), None);
        assert!(!h.uncommitted);
    }

    #[test]
    fn actions_in_no_commit_are_not_committed() {
        let versions = vec![version("c1", "2026-01-02", &[("A1", None, "open")])];
        assert_eq!(
            of_action(&action("A2", None, ActionStatus::Open), &versions),
            ActionPast::NotCommitted
        );
        assert_eq!(
            of_action(&action("A1", None, ActionStatus::Open), &[]),
            ActionPast::NotCommitted
        );
    }
}
