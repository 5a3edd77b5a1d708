//! Agreed actions: owners, due dates, unique ids, overdue ones, the
//! recommendation each carries out, and what done ones achieved.

use super::Rules;
use super::first_line;
use crate::diagnostic::{Code, FileReporter};
use crate::model::{Action, ActionStatus, Recommendation, days_overdue};
use crate::parse::front_matter::RawAction;
use std::collections::HashSet;

/// `serious`: the severity's name when it expects an outcome on every
/// done action (R107).
pub(super) fn check_actions(
    r: &mut FileReporter,
    raw: &[RawAction],
    rules: &Rules,
    recommendations: &[Recommendation],
    serious: Option<&str>,
) -> Vec<Action> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, action) in raw.iter().enumerate() {
        let where_ = first_line(r, action.span.clone());
        let status = action
            .status
            .as_ref()
            .map_or(ActionStatus::Open, |s| s.value);
        for (key, present) in [
            ("title", action.title.is_some()),
            ("owner", action.owner.is_some()),
        ] {
            if !present && !action.invalid.contains(&key) {
                r.report(
                    Code::MissingKey,
                    where_.clone(),
                    format!("action has no `{key}`"),
                )
                .set_help("every action needs a `title` and an `owner`");
            }
        }
        // A `due` that is not a date has its own error (R013): one problem,
        // one diagnostic.
        if action.due.is_none()
            && !action.invalid.contains(&"due")
            && !status.is_closed()
            && (action.status.is_some() || !action.status_given)
        {
            r.report(
                Code::ActionMissingDue,
                where_.clone(),
                format!("action is `{}` but has no `due` date", status.as_str()),
            )
            .set_help("add `due: YYYY-MM-DD`, or set `status: done` or `wont-do`");
        }
        let id = match &action.id {
            Some(id) => {
                if !seen.insert(id.value.clone()) {
                    r.report(
                        Code::DuplicateActionId,
                        id.span.clone(),
                        format!("action id `{}` is used twice in this report", id.value),
                    );
                }
                id.value.clone()
            }
            None => format!("A{}", i + 1),
        };
        // An invalid status has its own error; whether it is overdue is unknown.
        let status_known = action.status.is_some() || !action.status_given;
        let overdue = action
            .due
            .as_ref()
            .filter(|_| status_known)
            .and_then(|due| Some((due, days_overdue(due.value, status, rules.today)?)));
        if let Some((due, days)) = overdue {
            let title = action
                .title
                .as_ref()
                .map_or(String::new(), |t| format!(" ({})", t.value));
            r.report(
                Code::OverdueAction,
                due.span.clone(),
                format!(
                    "action `{id}`{title} is {} overdue",
                    crate::diagnostic::plural(days as usize, "day", "days")
                ),
            )
            .set_help("update its status, or agree a new due date with its owner");
        }
        let recommendation = action
            .recommendation
            .as_ref()
            .and_then(|written| super::practice::recommendation_of(r, written, recommendations));
        if let (Some(level), ActionStatus::Done, None) = (serious, status, &action.outcome) {
            let at = action
                .status
                .as_ref()
                .map_or(where_.clone(), |s| s.span.clone());
            r.report(
                Code::DoneWithoutOutcome,
                at,
                format!("action `{id}` of a {level} incident is done, but does not say what it achieved"),
            )
            .set_help("add `outcome:`: what was done, with links (the runbook that was updated, the pull request)");
        }
        let (Some(title), Some(owner)) = (&action.title, &action.owner) else {
            continue;
        };
        out.push(Action {
            id,
            title: title.value.clone(),
            owner: owner.value.clone(),
            due: action.due.as_ref().map(|d| d.value),
            status,
            link: action.link.as_ref().map(|l| l.value.clone()),
            priority: action.priority.as_ref().map(|p| p.value.clone()),
            recommendation,
            outcome: action.outcome.as_ref().map(|o| o.value.clone()),
        });
    }
    // An unnumbered action must not take an id an explicit one uses.
    let explicit: HashSet<&str> = raw
        .iter()
        .filter_map(|a| a.id.as_ref().map(|i| i.value.as_str()))
        .collect();
    for (i, action) in raw.iter().enumerate() {
        if action.id.is_none() && explicit.contains(format!("A{}", i + 1).as_str()) {
            let where_ = first_line(r, action.span.clone());
            r.report(
                Code::DuplicateActionId,
                where_,
                format!(
                    "this action's default id `A{}` is used by another action",
                    i + 1
                ),
            )
            .set_help("give this action an explicit `id`");
        }
    }
    out
}
