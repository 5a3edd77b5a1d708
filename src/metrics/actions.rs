//! Actions: how many were agreed, where they stand today, and by team.

use crate::model::{Action, ActionStatus, Report};
use crate::site::{Audience, Site};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What an owner's team is called when `people:` gives none.
pub const NO_TEAM: &str = "No team";

/// The actions agreed in some incidents, and where they stand today.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ActionFigures {
    pub agreed: usize,
    pub done: usize,
    pub wont_do: usize,
    /// Open or in progress.
    pub open: usize,
    /// Open or in progress, and past their due date.
    pub overdue: usize,
    /// The share of the actions done in the period (as the history from
    /// git dates it) that were done on or before their due date; `null`
    /// ("not recorded") when the history is not known or none was done
    /// with a due date. In a month of the charts, the month's completions.
    pub done_by_due: Option<f64>,
    /// Of the actions done in the period, how many on time and how many
    /// late (`null` when the history is not known).
    pub done_on_time: Option<usize>,
    pub done_late: Option<usize>,
    /// Moves of a due date to a later day made in the period (`null` when
    /// the history is not known).
    pub slips: Option<usize>,
}

impl ActionFigures {
    pub fn of(reports: &[&Report], today: NaiveDate) -> ActionFigures {
        let mut f = ActionFigures {
            agreed: 0,
            done: 0,
            wont_do: 0,
            open: 0,
            overdue: 0,
            done_by_due: None,
            done_on_time: None,
            done_late: None,
            slips: None,
        };
        for a in reports.iter().flat_map(|r| &r.actions) {
            f.add(a, today);
        }
        f
    }

    fn add(&mut self, a: &Action, today: NaiveDate) {
        self.agreed += 1;
        match a.status {
            ActionStatus::Done => self.done += 1,
            ActionStatus::WontDo => self.wont_do += 1,
            ActionStatus::Open | ActionStatus::InProgress => self.open += 1,
        }
        self.overdue += usize::from(a.days_overdue(today).is_some());
    }
}

/// One team's actions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamRow {
    pub team: String,
    #[serde(flatten)]
    pub actions: ActionFigures,
}

/// Which team each owner, as the audience sees them, belongs to.
pub(super) struct Teams {
    audience: Audience,
    /// Owner as shown (name, else handle) → team.
    of_owner: HashMap<String, String>,
}

impl Teams {
    pub(super) fn of(site: &Site) -> Teams {
        // For the public the owners already are teams (and `people:` is
        // gone): names never reach these figures.
        let of_owner = site
            .config()
            .people
            .iter()
            .filter_map(|(handle, p)| {
                let team = p.team.clone()?;
                let shown = p.name.clone().unwrap_or_else(|| handle.clone());
                Some([(shown, team.clone()), (handle.clone(), team)])
            })
            .flatten()
            .collect();
        Teams {
            audience: site.audience(),
            of_owner,
        }
    }

    pub(super) fn team(&self, owner: &str) -> String {
        match (self.of_owner.get(owner), self.audience) {
            (Some(team), _) => team.clone(),
            (None, Audience::Public) => owner.to_string(),
            (None, Audience::Internal) => NO_TEAM.to_string(),
        }
    }

    /// The actions of `reports` by team, most actions first.
    pub(super) fn rows(&self, reports: &[&Report], today: NaiveDate) -> Vec<TeamRow> {
        let mut by_team: BTreeMap<String, Vec<&Action>> = BTreeMap::new();
        for a in reports.iter().flat_map(|r| &r.actions) {
            by_team.entry(self.team(&a.owner)).or_default().push(a);
        }
        let mut rows: Vec<TeamRow> = by_team
            .into_iter()
            .map(|(team, actions)| {
                let mut f = ActionFigures::of(&[], today);
                for a in actions {
                    f.add(a, today);
                }
                TeamRow { team, actions: f }
            })
            .collect();
        rows.sort_by(|a, b| {
            b.actions
                .agreed
                .cmp(&a.actions.agreed)
                .then(a.team.cmp(&b.team))
        });
        rows
    }
}
