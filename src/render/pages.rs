//! The pages: one function per kind of page, returning what its template
//! receives (a struct of `contract`), and [`Ctx::render`], which hands it
//! with `site` and `page` to the page's template.

use super::compiled_pages::{Compiled, CompiledPage};
use super::contract::{
    ActionsPage, BrowsePage, Facet, GroupLink, ListPage, NotFoundPage, Pagination, SearchPage,
    Section,
};
use super::engine::{self, Engine};
use super::fragments::Fragments;
use super::frame::Frame;
use super::metrics_page;
use super::routes::{ListKind, Page, depth, first_page, part_path, path_of};
use super::view::{PageView, Views};
use crate::display;
use crate::error::Error;
use crate::index::Indexes;
use crate::output::{Content, Output, SEARCH_DIR};
use crate::site::{Audience, Site};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::PathBuf;

/// The longest list of reports that `list.html` shows as cards rather
/// than as a table of rows.
const LIST_CARDS: usize = 40;

/// What rendering a page reads: the site, its views, the fragments kept,
/// the templates and the attachments (by path relative to `reports/`).
pub(super) struct Ctx<'a> {
    pub(super) site: &'a Site,
    pub(super) indexes: &'a Indexes,
    pub(super) views: Views<'a>,
    pub(super) fragments: &'a Fragments,
    pub(super) engine: &'a Engine,
    pub(super) attachments: &'a HashMap<String, PathBuf>,
    /// The figures of the metrics page, and similar incidents.
    pub(super) learning: &'a super::metrics_page::Learning,
    /// Each list of actions' slipped figures, once per list.
    pub(super) slipped_lists: &'a super::slipped::ListMemo<super::slipped::Slipped>,
    /// Each owner's and team's counts, once per list.
    pub(super) list_counts: &'a super::slipped::ListMemo<super::contract::OwnerCounts>,
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
            // A whole-site render makes each agenda with its report's page.
            Page::Agenda(_) if self.whole_site => return Ok(Vec::new()),
            Page::Agenda(i) => self.agenda_page(i, &path),
            Page::Home => self.emit_page(page, &path, &self.site.config().title, &self.home()),
            Page::Actions { list, .. } => {
                let data = self.actions(page, list, depth)?;
                self.emit_actions(page, &path, list.title(), &data)
            }
            Page::Owner { owner: i, .. } => {
                let data = self.owner(page, i, depth)?;
                let title = format!("Actions owned by {}", ix.by_owner[i].name);
                self.emit_actions(page, &path, &title, &data)
            }
            Page::Team { team, .. } => {
                let (data, name) = self.team(page, team, depth)?;
                let title = format!("Actions of the team {name}");
                self.emit_actions(page, &path, &title, &data)
            }
            Page::Owners => self.emit_page(page, &path, "Actions by owner", &self.owners()),
            Page::ActionsByReport { .. } => {
                let data = self.actions_by_report(page, depth)?;
                self.emit_page(page, &path, "Actions by report", &data)
            }
            Page::Browse => self.emit_page(page, &path, "Browse reports", &self.browse()),
            Page::List { kind, group, .. } => {
                let data = self.list(page, kind, group, depth)?;
                let title = format!("{}: {}", kind.noun(), data.label);
                self.emit_page(page, &path, &title, &data)
            }
            Page::Search => self.emit("search.html", page, &path, "Search", &self.search()),
            Page::Metrics => {
                let data = super::metrics_page::page(self.learning.metrics(self.site));
                self.emit("metrics.html", page, &path, "Metrics", &data)
            }
            Page::NotFound => {
                self.emit("404.html", page, &path, "Page not found", &NotFoundPage {})
            }
        };
        output.map(|page| vec![page])
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
                    let (label, _) = self.named(kind, &g.name);
                    GroupLink {
                        name: g.name.clone(),
                        label: match severity {
                            Some(s) => s.label.to_string(),
                            None => label,
                        },
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
                section("By kind of incident", ListKind::Kind),
                section("By affected group", ListKind::Affected),
                section("By contributing factor", ListKind::Factor),
                section("By year", ListKind::Year),
            ]
            .into_iter()
            // Sections that cannot have groups on this site are left out:
            // who was affected, for the public.
            .filter(|s| !(s.kind == "affected" && s.groups.is_empty()))
            .collect(),
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
        let (label, description) = self.named(kind, &g.name);
        let (reports, pagination) = self.paged(page, &g.reports);
        // The compiled `list.html` shows a short list as cards, without
        // its rows: they are not made for it.
        let rows = g.reports.len() > LIST_CARDS || !self.engine.compiled_page(Compiled::List);
        Ok(ListPage {
            kind: kind.name(),
            name: g.name.clone(),
            label: match severity {
                Some(s) => s.label.to_string(),
                None => label,
            },
            description: match severity {
                Some(s) => Some(s.description.to_string()),
                None => description,
            },
            reports: reports.iter().map(|&i| self.views.summary_of(i)).collect(),
            report_count: g.reports.len(),
            pagination,
            // Once per service, on its list's first page: each slice reads
            // every report.
            figures: (kind == ListKind::Service && page.part() == 0)
                .then(|| metrics_page::slice(self.site, &g.name)),
            report_rows_html: if rows {
                self.fragments
                    .report_rows(&self.views, self.engine, reports, depth)?
            } else {
                String::new()
            },
        })
    }

    /// The label and description of a group named in the configuration (a
    /// kind of incident, a category of contributing factor); the name
    /// itself otherwise.
    fn named(&self, kind: ListKind, name: &str) -> (String, Option<String>) {
        let config = self.site.config();
        let found = match kind {
            ListKind::Kind => config
                .incident_kind(name)
                .map(|k| (&k.label, &k.description)),
            ListKind::Factor => config
                .factor_category(name)
                .map(|c| (&c.label, &c.description)),
            _ => None,
        };
        match found {
            Some((label, description)) => (
                label.clone(),
                Some(description.clone()).filter(|d| !d.is_empty()),
            ),
            None => (name.to_string(), None),
        }
    }

    /// The items of `page`'s part of `list` (pages of `paginate` items),
    /// and where that part is in the list.
    pub(super) fn paged<'l, T>(&self, page: Page, list: &'l [T]) -> (&'l [T], Pagination) {
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
        let kinds = ix
            .by_kind
            .iter()
            .map(|g| {
                self.site
                    .config()
                    .incident_kind(&g.name)
                    .map_or_else(|| g.name.clone(), |k| k.label.clone())
            })
            .collect();
        let mut facets = vec![
            facet("severity", "Severity", severities),
            facet("kind", "Kind", kinds),
            facet("service", "Service", names(&ix.by_service)),
            facet("tag", "Tag", names(&ix.by_tag)),
            facet("year", "Year", names(&ix.by_year)),
            facet(
                "status",
                "Status",
                statuses.iter().map(|s| s.label().to_string()).collect(),
            ),
        ];
        // Who was affected: only where the audience sees it.
        if !ix.by_affected.is_empty() {
            facets.push(facet("affected", "Affected group", names(&ix.by_affected)));
        }
        SearchPage {
            facets,
            bundle: format!("{SEARCH_DIR}/"),
        }
    }

    /// Renders a page's template with `data`, `site` and `page`.
    pub(super) fn emit<T: Serialize>(
        &self,
        template: &str,
        page: Page,
        path: &str,
        title: &str,
        data: &T,
    ) -> Result<Output, Error> {
        self.emit_map(template, page, path, title, engine::object(template, data)?)
    }

    /// `actions.html`: compiled, unless the site has its own.
    fn emit_actions(
        &self,
        page: Page,
        path: &str,
        title: &str,
        data: &ActionsPage,
    ) -> Result<Output, Error> {
        if !self.engine.compiled_page(Compiled::Actions) {
            return self.emit("actions.html", page, path, title, data);
        }
        let view = self.page_view(page, path, title)?;
        let html = super::compiled::actions(self.views.site_view, &view, data)?;
        Ok(page_output(page, path, html))
    }

    /// `emit` for a page with a compiled copy of its template: rendered by
    /// that copy, unless the site has its own template (`Compiled`).
    fn emit_page<T: CompiledPage>(
        &self,
        page: Page,
        path: &str,
        title: &str,
        data: &T,
    ) -> Result<Output, Error> {
        if !self.engine.compiled_page(T::PAGE) {
            return self.emit(T::PAGE.template(), page, path, title, data);
        }
        let view = self.page_view(page, path, title)?;
        let html = data.compiled(self.views.site_view, &view)?;
        Ok(page_output(page, path, html))
    }

    /// `emit`, with the page's variables already as tera values.
    pub(super) fn emit_map(
        &self,
        template: &str,
        page: Page,
        path: &str,
        title: &str,
        data: Map<String, Value>,
    ) -> Result<Output, Error> {
        self.emit_keeping(template, page, path, title, data)
            .map(|(output, _)| output)
    }

    /// `emit_map`, handing the variables back.
    pub(super) fn emit_keeping(
        &self,
        template: &str,
        page: Page,
        path: &str,
        title: &str,
        mut data: Map<String, Value>,
    ) -> Result<(Output, Map<String, Value>), Error> {
        let view = self.page_view(page, path, title)?;
        data.insert("site".into(), self.fragments.site_value(&self.views));
        data.insert("page".into(), engine::value(&view));
        let (html, data) = self.engine.page(template, data)?;
        Ok((page_output(page, path, html), data))
    }

    /// `page`: where the page is, with its header and footer.
    pub(super) fn page_view(&self, page: Page, path: &str, title: &str) -> Result<PageView, Error> {
        let frame = Frame::of(page, path, self.views.site_view);
        let base = &self.views.site_view.base_url;
        let absolute = base.starts_with("http://") || base.starts_with("https://");
        let not_found = page == Page::NotFound;
        Ok(PageView {
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
        })
    }
}

/// The file of a page whose folder is `path`.
pub(super) fn page_output(page: Page, path: &str, html: Vec<u8>) -> Output {
    let out_path = if page == Page::NotFound {
        "404.html".to_string()
    } else {
        format!("{path}index.html")
    };
    Output {
        path: out_path,
        content: Content::Bytes(html),
    }
}

/// The title of report `i`'s agenda page.
pub(super) fn agenda_title(site: &Site, i: usize) -> String {
    format!("Review agenda: {}", site.reports()[i].title)
}
