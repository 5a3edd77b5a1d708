//! What the pages show of the follow-through (issue 18): the review
//! agenda of a report (`reports/SLUG/agenda/`, internal site only, a
//! printable page that runs the meeting as GOV.UK's incident review agenda
//! does: the prime directive read out, the timeline walked through, what
//! went well, what could have gone better, and the actions to agree); the
//! slipped actions of a list; the teams' reminders.

use super::contract::{AgendaPage, TeamLinks};
use super::markdown;
use super::pages::Ctx;
use super::routes::Page;
use super::slipped::Slipped;
use crate::index::ActionRef;
use std::sync::Arc;

impl Ctx<'_> {
    /// How many of `actions` slipped at least once, and the ten most
    /// slipped, most first (then in list order): once for the list of
    /// `page`.
    pub(super) fn slipped(&self, page: Page, actions: &[ActionRef]) -> Arc<Slipped> {
        self.slipped_lists.get(page, || {
            // From the history itself, not the actions' views: a page
            // rendered alone (`serve`) would make every view of the list.
            let slips = |a: &ActionRef| {
                let report = &self.site.reports()[a.report];
                match self.site.history().action(&report.rel_path, a.action) {
                    crate::history::ActionPast::Known(past) => past.slips(),
                    _ => 0,
                }
            };
            let mut most: Vec<ActionRef> =
                actions.iter().filter(|a| slips(a) > 0).copied().collect();
            let count = most.len();
            most.sort_by_key(|a| std::cmp::Reverse(slips(a)));
            most.truncate(10);
            Slipped { count, most }
        })
    }

    /// Each team's calendar and feed, for `owners.html`.
    pub(super) fn team_links(&self) -> Vec<TeamLinks> {
        self.indexes
            .by_team
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
