//! The pages: one function per kind of page, returning what its template
//! receives (a struct of `contract`), and [`Ctx::render`], which hands it
//! with `site` and `page` to the page's template.

use super::attachments;
use super::contract::{
    ActionsByReportPage, ActionsPage, BrowsePage, Facet, GroupLink, HomePage, ListPage,
    NotFoundPage, OwnerCounts, OwnersPage, Pagination, ReportActions, ReportPage, SearchPage,
    Section, Tab,
};
use super::engine::{self, Engine};
use super::fragments::{Fragments, Frame, Table};
use super::markdown;
use super::routes::{ActionList, ListKind, Page, depth, first_page, part_path, path_of};
use super::view::{PageView, Views};
use crate::display;
use crate::error::Error;
use crate::index::{ActionGroup, Indexes};
use crate::output::{Content, Output, SEARCH_DIR};
use crate::site::{Audience, Site};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::PathBuf;

/// How many of the latest reports the home page lists.
pub const HOME_REPORTS: usize = 30;

/// What rendering a page reads: the site, its views, the fragments kept,
/// the templates and the attachments (by path relative to `reports/`).
pub(super) struct Ctx<'a> {
    pub(super) site: &'a Site,
    pub(super) indexes: &'a Indexes,
    pub(super) views: Views<'a>,
    pub(super) fragments: &'a Fragments,
    pub(super) engine: &'a Engine,
    pub(super) attachments: &'a HashMap<String, PathBuf>,
    /// Whether the whole site is being rendered (`build`), rather than a
    /// page alone (`serve`).
    pub(super) whole_site: bool,
}

impl Ctx<'_> {
    /// The page, first, and any files that go with it (a report's
    /// attachments).
    pub(super) fn render(&self, page: Page) -> Result<Vec<Output>, Error> {
        let path = path_of(page, self.site, self.indexes);
        let depth = depth(&path);
        let ix = self.indexes;
        let output = match page {
            Page::Report(i) => return self.report_page(i, &path),
            Page::Home => self.emit(
                "index.html",
                page,
                &path,
                &self.site.config().title,
                &self.home(),
            ),
            Page::Actions { list, .. } => {
                let data = self.actions(page, list, depth)?;
                self.emit("actions.html", page, &path, list.title(), &data)
            }
            Page::Owner { owner: i, .. } => {
                let data = self.owner(page, i, depth)?;
                let title = format!("Actions owned by {}", ix.by_owner[i].name);
                self.emit("actions.html", page, &path, &title, &data)
            }
            Page::Owners => self.emit(
                "owners.html",
                page,
                &path,
                "Actions by owner",
                &self.owners(),
            ),
            Page::ActionsByReport { .. } => {
                let data = self.actions_by_report(page, depth)?;
                self.emit(
                    "actions_by_report.html",
                    page,
                    &path,
                    "Actions by report",
                    &data,
                )
            }
            Page::Browse => self.emit("browse.html", page, &path, "Browse reports", &self.browse()),
            Page::List { kind, group, .. } => {
                let data = self.list(page, kind, group, depth)?;
                let title = format!("{}: {}", kind.noun(), data.label);
                self.emit("list.html", page, &path, &title, &data)
            }
            Page::Search => self.emit("search.html", page, &path, "Search", &self.search()),
            Page::NotFound => {
                self.emit("404.html", page, &path, "Page not found", &NotFoundPage {})
            }
        };
        output.map(|page| vec![page])
    }

    /// `index.html`.
    fn home(&self) -> HomePage<'_> {
        let latest = self.site.reports().len().min(HOME_REPORTS);
        HomePage {
            reports: (0..latest).map(|i| self.views.summary_of(i)).collect(),
            overdue: self.action_views(&self.indexes.overdue),
            due_soon: self.action_views(&self.indexes.due_soon),
        }
    }

    /// `report.html`, with the attachments the report links to.
    fn report_page(&self, i: usize, path: &str) -> Result<Vec<Output>, Error> {
        let report = &self.site.reports()[i];
        // The body is rendered here, not kept for the whole site:
        // a large site's bodies need not fit in memory at once.
        let body = markdown::body(&report.body.markdown, self.site.config().allow_raw_html);
        let files = attachments::of_report(report, &body.local_links, self.attachments);
        let mut view = self.views.report(i, body);
        view.action_rows_html = self.fragments.action_rows(
            &self.views,
            self.engine,
            self.whole_site,
            (0..report.actions.len()).map(|a| (i, a)),
            Table::new(false, true, depth(path)),
        )?;
        // The body, the largest string of the page, is moved into tera's
        // value rather than serialised (a copy): the variables are the
        // same.
        let body_html = std::mem::take(&mut view.body_html);
        let mut data = engine::object("report.html", &ReportPage { report: view })?;
        if let Some(Value::Object(report)) = data.get_mut("report") {
            report.insert("body_html".into(), Value::String(body_html));
        }
        let page = self.emit_map("report.html", Page::Report(i), path, &report.title, data)?;
        Ok(std::iter::once(page).chain(files).collect())
    }

    /// `actions.html` for a list of actions.
    fn actions(
        &self,
        page: Page,
        list: ActionList,
        depth: usize,
    ) -> Result<ActionsPage<'_>, Error> {
        let every = list.of(self.indexes);
        let (actions, pagination) = self.paged(page, every);
        Ok(ActionsPage {
            filter: list.name(),
            tabs: self.tabs(list.name()),
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
            owner_counts: None,
        })
    }

    /// `actions.html` for one owner's actions.
    fn owner(&self, page: Page, i: usize, depth: usize) -> Result<ActionsPage<'_>, Error> {
        let group = &self.indexes.by_owner[i];
        let (actions, pagination) = self.paged(page, &group.actions);
        Ok(ActionsPage {
            filter: "owner",
            tabs: self.tabs("owners"),
            actions: actions.iter().map(|a| self.views.action_of(*a)).collect(),
            action_count: group.actions.len(),
            pagination,
            action_rows_html: self.fragments.action_rows(
                &self.views,
                self.engine,
                self.whole_site,
                actions.iter().map(|a| (a.report, a.action)),
                Table::new(true, false, depth),
            )?,
            owner: Some(&group.name),
            owner_counts: Some(self.owner_counts(group)),
        })
    }

    /// `owners.html`.
    fn owners(&self) -> OwnersPage {
        OwnersPage {
            tabs: self.tabs("owners"),
            owners: self
                .indexes
                .by_owner
                .iter()
                .map(|g| self.owner_counts(g))
                .collect(),
        }
    }

    /// `actions_by_report.html`.
    fn actions_by_report(
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
                        self.whole_site,
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

    /// `browse.html`.
    fn browse(&self) -> BrowsePage {
        let section = |title, kind: ListKind| Section {
            title,
            kind: kind.name(),
            groups: kind
                .groups(self.indexes)
                .iter()
                .map(|g| {
                    let severity = (kind == ListKind::Severity)
                        .then(|| display::severity(self.site.config(), &g.name))
                        .filter(|s| s.rank.is_some());
                    GroupLink {
                        name: g.name.clone(),
                        label: severity.map_or_else(|| g.name.clone(), |s| s.label.to_string()),
                        url: format!("{}/{}/", kind.prefix(), g.slug),
                        count: g.reports.len(),
                        colour: severity.map(|s| s.colour.to_string()),
                    }
                })
                .collect(),
        };
        BrowsePage {
            sections: vec![
                section("By severity", ListKind::Severity),
                section("By service", ListKind::Service),
                section("By tag", ListKind::Tag),
                section("By year", ListKind::Year),
            ],
        }
    }

    /// `list.html` for one group of reports.
    fn list(
        &self,
        page: Page,
        kind: ListKind,
        group: usize,
        depth: usize,
    ) -> Result<ListPage<'_>, Error> {
        let g = &kind.groups(self.indexes)[group];
        let severity = (kind == ListKind::Severity)
            .then(|| display::severity(self.site.config(), &g.name))
            .filter(|s| s.rank.is_some());
        let (reports, pagination) = self.paged(page, &g.reports);
        Ok(ListPage {
            kind: kind.name(),
            name: g.name.clone(),
            label: severity.map_or_else(|| g.name.clone(), |s| s.label.to_string()),
            description: severity.map(|s| s.description.to_string()),
            reports: reports.iter().map(|&i| self.views.summary_of(i)).collect(),
            report_count: g.reports.len(),
            pagination,
            report_rows_html: self.fragments.report_rows(
                &self.views,
                self.engine,
                reports,
                depth,
            )?,
        })
    }

    /// The items of `page`'s part of `list` (pages of `paginate` items),
    /// and where that part is in the list.
    fn paged<'l, T>(&self, page: Page, list: &'l [T]) -> (&'l [T], Pagination) {
        let per_page = self.site.config().paginate;
        let pages = list.len().div_ceil(per_page).max(1);
        let part = page.part().min(pages - 1);
        let start = (part * per_page).min(list.len());
        let end = (start + per_page).min(list.len());
        let first = first_page(page, self.indexes);
        let url = |n: usize| part_path(&first, n);
        let pagination = Pagination {
            page: part + 1,
            pages,
            per_page,
            total: list.len(),
            first_item: if end > start { start + 1 } else { 0 },
            last_item: end,
            first_url: url(0),
            last_url: url(pages - 1),
            prev_url: part.checked_sub(1).map(url),
            next_url: (part + 1 < pages).then(|| url(part + 1)),
        };
        (&list[start..end], pagination)
    }

    /// `search.html`: the facets hold the values the index files reports
    /// under (severities by their labels, in the configured order; years
    /// newest first).
    fn search(&self) -> SearchPage {
        let ix = self.indexes;
        let names = |groups: &[crate::index::Group]| -> Vec<String> {
            groups.iter().map(|g| g.name.clone()).collect()
        };
        let severities = ix
            .by_severity
            .iter()
            .map(|g| {
                display::severity(self.site.config(), &g.name)
                    .label
                    .to_string()
            })
            .collect();
        let mut statuses: Vec<crate::model::Status> =
            self.site.reports().iter().map(|r| r.status).collect();
        statuses.sort_by_key(|s| s.as_str());
        statuses.dedup();
        let facet = |name, label, values| Facet {
            name,
            label,
            values,
        };
        SearchPage {
            facets: vec![
                facet("severity", "Severity", severities),
                facet("service", "Service", names(&ix.by_service)),
                facet("tag", "Tag", names(&ix.by_tag)),
                facet("year", "Year", names(&ix.by_year)),
                facet(
                    "status",
                    "Status",
                    statuses.iter().map(|s| s.label().to_string()).collect(),
                ),
            ],
            bundle: format!("{SEARCH_DIR}/"),
        }
    }

    fn action_views(&self, list: &[crate::index::ActionRef]) -> Vec<&super::view::ActionView> {
        list.iter().map(|a| self.views.action_of(*a)).collect()
    }

    fn owner_counts(&self, group: &ActionGroup) -> OwnerCounts {
        let today = self.site.today();
        let all: Vec<&crate::model::Action> = group
            .actions
            .iter()
            .map(|a| &self.site.reports()[a.report].actions[a.action])
            .collect();
        OwnerCounts {
            name: group.name.clone(),
            url: format!("actions/owners/{}/", group.slug),
            total: all.len(),
            open: all.iter().filter(|a| !a.status.is_closed()).count(),
            overdue: all
                .iter()
                .filter(|a| a.days_overdue(today).is_some())
                .count(),
        }
    }

    fn tabs(&self, current: &str) -> Vec<Tab> {
        let ix = self.indexes;
        let with_actions = self
            .site
            .reports()
            .iter()
            .filter(|r| !r.actions.is_empty())
            .count();
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

    /// Renders a page's template with `data`, `site` and `page`.
    fn emit<T: Serialize>(
        &self,
        template: &str,
        page: Page,
        path: &str,
        title: &str,
        data: &T,
    ) -> Result<Output, Error> {
        self.emit_map(template, page, path, title, engine::object(template, data)?)
    }

    /// `emit`, with the page's variables already as tera values.
    fn emit_map(
        &self,
        template: &str,
        page: Page,
        path: &str,
        title: &str,
        mut data: Map<String, Value>,
    ) -> Result<Output, Error> {
        let frame = Frame::of(page, path, self.views.site_view);
        let base = &self.views.site_view.base_url;
        let absolute = base.starts_with("http://") || base.starts_with("https://");
        let not_found = page == Page::NotFound;
        let view = PageView {
            title: title.to_string(),
            kind: frame.kind.to_string(),
            path: path.to_string(),
            root: frame.root(self.views.site_view),
            section: frame.section().to_string(),
            canonical_url: (absolute && !not_found).then(|| format!("{base}{path}")),
            noindex: self.site.audience() == Audience::Internal,
            header_html: self
                .fragments
                .header(&self.views, self.engine, frame)?
                .into_owned(),
            footer_html: self
                .fragments
                .footer(&self.views, self.engine, frame)?
                .into_owned(),
        };
        data.insert("site".into(), self.fragments.site_value(&self.views));
        data.insert("page".into(), engine::value(&view));
        let html = self.engine.page(template, data)?;
        let out_path = if not_found {
            "404.html".to_string()
        } else {
            format!("{path}index.html")
        };
        Ok(Output {
            path: out_path,
            content: Content::Bytes(html),
        })
    }
}
