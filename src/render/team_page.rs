//! A team's page of actions (`actions/teams/TEAM/`, internal site): the
//! actions of the people of one team of `people:`, paged like an owner's,
//! with the team's counts and its figures from the git history.

use super::contract::{ActionsPage, TeamFigure};
use super::fragments::Table;
use super::pages::Ctx;
use super::routes::Page;
use crate::error::Error;
use crate::metrics::headline::{NOT_RECORDED, share};

impl Ctx<'_> {
    /// `actions.html` for team `i` of `Indexes::by_team`, and its name.
    pub(super) fn team(
        &self,
        page: Page,
        i: usize,
        depth: usize,
    ) -> Result<(ActionsPage<'_>, String), Error> {
        let team = &self.indexes.by_team[i];
        let every = &team.actions;
        let columns = Table::new(true, true, depth);
        let data = ActionsPage {
            owner_counts: Some(self.list_counts(page, || {
                self.counts(&team.name, format!("actions/teams/{}/", team.slug), every)
            })),
            team: Some(team.name.clone()),
            team_figures: self.team_figures(&team.name),
            calendar_url: format!("actions/teams/{}/actions.ics", team.slug),
            feed_url: Some(format!("actions/teams/{}/feed.xml", team.slug)),
            ..self.action_list(page, every, columns, "team", "owners")?
        };
        Ok((data, team.name.clone()))
    }

    /// The team's figures of the last 12 months, from the metrics page's.
    fn team_figures(&self, name: &str) -> Vec<TeamFigure> {
        let m = self.learning.metrics(self.site);
        let known = m.history_unknown.is_none();
        let row = m.follow_teams.iter().find(|t| t.team == name);
        let count = |of: fn(&crate::history::tally::Counts) -> usize| {
            if known {
                row.map_or(0, |t| of(&t.counts)).to_string()
            } else {
                NOT_RECORDED.to_string()
            }
        };
        vec![
            TeamFigure {
                label: "Done in the last 12 months",
                value: count(|c| c.done),
            },
            TeamFigure {
                label: "Done by their due date",
                value: share(row.and_then(|t| t.done_by_due)),
            },
            TeamFigure {
                label: "Due dates moved later",
                value: count(|c| c.slips),
            },
        ]
    }
}
