//! The actions pages' contexts: the lists of actions (`actions/`,
//! `actions/open/`, …), one owner's actions, the owners, the actions by
//! report, and the tabs between them.

use super::contract::{
    ActionsByReportPage, ActionsPage, OwnerCounts, OwnersPage, ReportActions, Tab,
};
use super::fragments::Table;
use super::pages::Ctx;
use super::routes::{ActionList, Page};
use crate::error::Error;
use crate::index::{ActionGroup, ActionRef};

impl Ctx<'_> {
    /// `actions.html` for a list of actions.
    pub(super) fn actions(
        &self,
        page: Page,
        list: ActionList,
        depth: usize,
    ) -> Result<ActionsPage<'_>, Error> {
        let columns = Table::new(true, true, depth);
        self.action_list(
            page,
            list.of(self.indexes),
            columns,
            list.name(),
            list.name(),
        )
    }

    /// `actions.html` for one owner's actions.
    pub(super) fn owner(
        &self,
        page: Page,
        i: usize,
        depth: usize,
    ) -> Result<ActionsPage<'_>, Error> {
        let group = &self.indexes.by_owner[i];
        let columns = Table::new(true, false, depth);
        Ok(ActionsPage {
            owner: Some(&group.name),
            owner_counts: Some(self.list_counts(page, || self.owner_counts(group))),
            calendar_url: format!("actions/owners/{}/actions.ics", group.slug),
            feed_url: Some(format!("actions/owners/{}/feed.xml", group.slug)),
            ..self.action_list(page, &group.actions, columns, "owner", "owners")?
        })
    }

    /// What every page of `actions.html` has: this page of `every` and its
    /// rows in `columns`, how many of `every` slipped and the most slipped,
    /// the tabs with `tab` current, and the site's calendar; the owner's
    /// and the team's pages add their own.
    pub(super) fn action_list(
        &self,
        page: Page,
        every: &[ActionRef],
        columns: Table,
        filter: &'static str,
        tab: &str,
    ) -> Result<ActionsPage<'_>, Error> {
        let (actions, pagination) = self.paged(page, every);
        let slipped = self.slipped(page, every);
        Ok(ActionsPage {
            filter,
            tabs: self.tabs(tab),
            actions: actions.iter().map(|a| self.views.action_of(*a)).collect(),
            action_count: every.len(),
            pagination,
            action_rows_html: self.fragments.action_rows(
                &self.views,
                self.engine,
                actions.iter().map(|a| (a.report, a.action)),
                columns,
            )?,
            owner: None,
            owner_counts: None,
            team: None,
            team_figures: Vec::new(),
            slipped: slipped.count,
            most_slipped: slipped
                .most
                .iter()
                .map(|a| self.views.action_of(*a))
                .collect(),
            calendar_url: "actions.ics".into(),
            feed_url: None,
        })
    }

    /// `owners.html`.
    pub(super) fn owners(&self) -> OwnersPage {
        OwnersPage {
            tabs: self.tabs("owners"),
            owners: self
                .indexes
                .by_owner
                .iter()
                .map(|g| self.owner_counts(g))
                .collect(),
            teams: self.team_links(),
        }
    }

    /// `actions_by_report.html`.
    pub(super) fn actions_by_report(
        &self,
        page: Page,
        depth: usize,
    ) -> Result<ActionsByReportPage<'_>, Error> {
        let (reports, pagination) = self.paged(page, &self.indexes.with_actions);
        let groups = reports
            .iter()
            .map(|&i| {
                let actions = self.views.actions_of(i);
                Ok(ReportActions {
                    report: self.views.summary_of(i),
                    actions: actions.iter().collect(),
                    rows_html: self.fragments.action_rows(
                        &self.views,
                        self.engine,
                        (0..actions.len()).map(|a| (i, a)),
                        Table::new(false, true, depth),
                    )?,
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(ActionsByReportPage {
            tabs: self.tabs("reports"),
            groups,
            pagination,
        })
    }

    pub(super) fn action_views(
        &self,
        list: &[crate::index::ActionRef],
    ) -> Vec<&super::view::ActionView> {
        list.iter().map(|a| self.views.action_of(*a)).collect()
    }

    pub(super) fn owner_counts(&self, group: &ActionGroup) -> OwnerCounts {
        let url = format!("actions/owners/{}/", group.slug);
        self.counts(&group.name, url, &group.actions)
    }

    /// The counts `make` works out for the list whose page `page` is, made
    /// by the first of its pages and kept for the others.
    pub(super) fn list_counts(
        &self,
        page: Page,
        make: impl FnOnce() -> OwnerCounts,
    ) -> OwnerCounts {
        OwnerCounts::clone(&self.list_counts.get(page, make))
    }

    /// How many of `actions` there are, open and overdue, under `name`.
    pub(super) fn counts(&self, name: &str, url: String, actions: &[ActionRef]) -> OwnerCounts {
        let today = self.site.today();
        let all: Vec<&crate::model::Action> = actions
            .iter()
            .map(|a| &self.site.reports()[a.report].actions[a.action])
            .collect();
        OwnerCounts {
            name: name.to_string(),
            url,
            total: all.len(),
            open: all.iter().filter(|a| !a.status.is_closed()).count(),
            overdue: all
                .iter()
                .filter(|a| a.days_overdue(today).is_some())
                .count(),
        }
    }

    pub(super) fn tabs(&self, current: &str) -> Vec<Tab> {
        let ix = self.indexes;
        let with_actions = ix.with_actions.len();
        [
            ("All", "actions/", "all", ix.actions.len()),
            ("Open", "actions/open/", "open", ix.open.len()),
            ("Overdue", "actions/overdue/", "overdue", ix.overdue.len()),
            (
                "Due soon",
                "actions/due-soon/",
                "due-soon",
                ix.due_soon.len(),
            ),
            ("Done", "actions/done/", "done", ix.done.len()),
            ("By owner", "actions/owners/", "owners", ix.by_owner.len()),
            ("By report", "actions/reports/", "reports", with_actions),
        ]
        .into_iter()
        .map(|(title, url, kind, count)| Tab {
            title,
            url,
            count,
            current: kind == current,
        })
        .collect()
    }
}
