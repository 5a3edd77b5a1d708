//! What the pages show of the follow-through (issue 18): the review
//! agenda of a report (`reports/SLUG/agenda/`, internal site only, a
//! printable page that runs the meeting as GOV.UK's incident review agenda
//! does: the prime directive read out, the timeline walked through, what
//! went well, what could have gone better, and the actions to agree); the
//! slipped actions of a list; the teams' reminders.

use super::contract::{AgendaPage, TeamLinks};
use super::markdown;
use super::pages::Ctx;
use super::view::ActionView;
use crate::index::ActionRef;

impl Ctx<'_> {
    /// How many of `actions` slipped at least once.
    pub(super) fn slipped(&self, actions: &[ActionRef]) -> usize {
        actions
            .iter()
            .filter(|a| self.views.action_of(**a).history.slips > 0)
            .count()
    }

    /// The ten most slipped of `actions`, most first (then in list order).
    pub(super) fn most_slipped(&self, actions: &[ActionRef]) -> Vec<&ActionView> {
        let mut slipped: Vec<&ActionView> = actions
            .iter()
            .map(|a| self.views.action_of(*a))
            .filter(|a| a.history.slips > 0)
            .collect();
        slipped.sort_by_key(|a| std::cmp::Reverse(a.history.slips));
        slipped.truncate(10);
        slipped
    }

    /// Each team's calendar and feed, for `owners.html`.
    pub(super) fn team_links(&self) -> Vec<TeamLinks> {
        super::reminders::teams(self.site, self.indexes)
            .iter()
            .map(|team| TeamLinks {
                name: team.name.clone(),
                url: format!("actions/teams/{}/", team.slug),
                calendar_url: format!("actions/teams/{}/actions.ics", team.slug),
                feed_url: format!("actions/teams/{}/feed.xml", team.slug),
                open: team
                    .owners
                    .iter()
                    .map(|&i| self.owner_counts(&self.indexes.by_owner[i]).open)
                    .sum(),
            })
            .collect()
    }

    /// `agenda.html`: the report's view without its body.
    pub(super) fn agenda(&self, i: usize) -> AgendaPage<'_> {
        AgendaPage {
            report: self.views.report(i, markdown::Rendered::default()),
        }
    }
}
