//! A team's page of actions (`actions/teams/TEAM/`, internal site): the
//! actions of the people of one team of `people:`, paged like an owner's,
//! with the team's counts and its figures from the git history.

use super::contract::{ActionsPage, OwnerCounts, TeamFigure};
use super::fragments::Table;
use super::pages::Ctx;
use super::routes::Page;
use crate::error::Error;
use crate::metrics::headline::{NOT_RECORDED, share};

impl Ctx<'_> {
    /// `actions.html` for team `i` of `reminders::teams`, and its name.
    pub(super) fn team(
        &self,
        page: Page,
        i: usize,
        depth: usize,
    ) -> Result<(ActionsPage<'_>, String), Error> {
        let teams = super::reminders::teams(self.site, self.indexes);
        let team = &teams[i];
        let every = super::reminders::team_actions(team, self.indexes);
        let (actions, pagination) = self.paged(page, &every);
        let today = self.site.today();
        let all: Vec<&crate::model::Action> = every
            .iter()
            .map(|a| &self.site.reports()[a.report].actions[a.action])
            .collect();
        let counts = OwnerCounts {
            name: team.name.clone(),
            url: format!("actions/teams/{}/", team.slug),
            total: all.len(),
            open: all.iter().filter(|a| !a.status.is_closed()).count(),
            overdue: all
                .iter()
                .filter(|a| a.days_overdue(today).is_some())
                .count(),
        };
        let data = ActionsPage {
            filter: "team",
            tabs: self.tabs("owners"),
            actions: actions.iter().map(|a| self.views.action_of(*a)).collect(),
            action_count: every.len(),
            pagination,
            action_rows_html: self.fragments.action_rows(
                &self.views,
                self.engine,
                self.whole_site,
                actions.iter().map(|a| (a.report, a.action)),
                Table::new(true, true, depth),
            )?,
            owner: None,
            owner_counts: Some(counts),
            team: Some(team.name.clone()),
            team_figures: self.team_figures(&team.name),
            slipped: self.slipped(&every),
            most_slipped: self.most_slipped(&every),
            calendar_url: format!("actions/teams/{}/actions.ics", team.slug),
            feed_url: Some(format!("actions/teams/{}/feed.xml", team.slug)),
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
