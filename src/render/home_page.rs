//! The home page (`index.html`): the latest reports, the actions that need
//! attention, and on the internal site the known issues still open.

use super::contract::HomePage;
use super::pages::Ctx;
use crate::site::Audience;

/// How many of the latest reports the home page lists.
pub const HOME_REPORTS: usize = 30;
/// How many overdue actions, and actions due soon, the home page is given
/// (the soonest due); `site.counts` has how many there are in all. A site
/// with years of overdue actions made every `serve` rebuild serialise all
/// of them for the five the page shows.
pub const HOME_ACTIONS: usize = 10;

impl Ctx<'_> {
    /// `index.html`.
    pub(super) fn home(&self) -> HomePage<'_> {
        let latest = self.site.reports().len().min(HOME_REPORTS);
        // What is still broken, on the internal site only: a public home
        // page is not the place for a list of open problems.
        let known_issues = match self.site.audience() {
            Audience::Internal => self
                .site
                .reports()
                .iter()
                .flat_map(|r| super::view::known_issues(r, self.site.today()))
                .filter(|k| k.open)
                .collect(),
            Audience::Public => Vec::new(),
        };
        HomePage {
            reports: (0..latest).map(|i| self.views.summary_of(i)).collect(),
            overdue: self.action_views(first(&self.indexes.overdue, HOME_ACTIONS)),
            due_soon: self.action_views(first(&self.indexes.due_soon, HOME_ACTIONS)),
            known_issues,
        }
    }
}

/// The first `n` of `list`, or all of it.
fn first<T>(list: &[T], n: usize) -> &[T] {
    &list[..list.len().min(n)]
}
