//! The pages: one function per kind of page, returning what its template
//! receives (a struct of `contract`), and [`Ctx::render`], which hands it
//! with `site` and `page` to the page's template.

use super::attachments;
use super::contract::{
    BrowsePage, Facet, GroupLink, ListPage, NotFoundPage, Pagination, ReportPage, SearchPage,
    Section,
};
use super::engine::{self, Engine};
use super::fragments::{Fragments, Table};
use super::frame::Frame;
use super::markdown;
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
            Page::Agenda(i) => self.emit(
                "agenda.html",
                page,
                &path,
                &agenda_title(self.site, i),
                &self.agenda(i),
            ),
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
            Page::Team { team, .. } => {
                let (data, name) = self.team(page, team, depth)?;
                let title = format!("Actions of the team {name}");
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

    /// `report.html`, with the attachments the report links to; in a
    /// whole-site render of the internal site, its agenda too.
    fn report_page(&self, i: usize, path: &str) -> Result<Vec<Output>, Error> {
        let report = &self.site.reports()[i];
        // The body is rendered here, not kept for the whole site:
        // a large site's bodies need not fit in memory at once.
        let body = markdown::body(&report.body.markdown, self.site.config().allow_raw_html);
        let files = attachments::of_report(report, &body.local_links, self.attachments);
        // The view as the agenda has it (no body, no similar incidents, no
        // "In brief", no rows); the report page's own parts are added to
        // its variables after.
        let view = self.views.report(i, markdown::Rendered::default());
        let similar: Vec<_> = self
            .learning
            .similar_to(self.site, i)
            .iter()
            .map(|&j| self.views.summary_of(j))
            .collect();
        let brief = super::summary::markdown(self.engine.tera(), self.site, report, true)?;
        let own = ReportOwn {
            body_html: body.html,
            toc: engine::value(&body.toc),
            similar: engine::value(&similar),
            in_brief_html: super::summary::html(&brief, self.site.config().allow_raw_html),
            action_rows_html: self.fragments.action_rows(
                &self.views,
                self.engine,
                self.whole_site,
                (0..report.actions.len()).map(|a| (i, a)),
                Table::new(false, true, depth(path)),
            )?,
        };
        let mut data = engine::object("report.html", &ReportPage { report: view })?;
        let mut pages = Vec::with_capacity(2 + files.len());
        // The agenda is rendered first, from the same variables: the view,
        // the largest part of both, is made and serialised once.
        let agenda = Page::Agenda(i);
        if self.whole_site && self.site.audience() == Audience::Internal {
            let agenda_path = path_of(agenda, self.site, self.indexes);
            let title = agenda_title(self.site, i);
            let (page, variables) =
                self.emit_keeping("agenda.html", agenda, &agenda_path, &title, data)?;
            pages.push(page);
            data = variables;
        }
        // The body, the largest string of the page, is moved into tera's
        // value rather than serialised (a copy).
        if let Some(Value::Object(fields)) = data.get_mut("report") {
            own.insert_into(fields);
        }
        let page = self.emit_map("report.html", Page::Report(i), path, &report.title, data)?;
        pages.insert(0, page);
        pages.extend(files);
        Ok(pages)
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
            report_rows_html: self.fragments.report_rows(
                &self.views,
                self.engine,
                self.whole_site,
                reports,
                depth,
            )?,
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
        data: Map<String, Value>,
    ) -> Result<Output, Error> {
        self.emit_keeping(template, page, path, title, data)
            .map(|(output, _)| output)
    }

    /// `emit_map`, handing the variables back.
    fn emit_keeping(
        &self,
        template: &str,
        page: Page,
        path: &str,
        title: &str,
        mut data: Map<String, Value>,
    ) -> Result<(Output, Map<String, Value>), Error> {
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
        let (html, data) = self.engine.page(template, data)?;
        let out_path = if not_found {
            "404.html".to_string()
        } else {
            format!("{path}index.html")
        };
        let output = Output {
            path: out_path,
            content: Content::Bytes(html),
        };
        Ok((output, data))
    }
}

/// The title of report `i`'s agenda page.
fn agenda_title(site: &Site, i: usize) -> String {
    format!("Review agenda: {}", site.reports()[i].title)
}

/// What a report's page has that its agenda has not, as tera values.
struct ReportOwn {
    body_html: String,
    toc: Value,
    similar: Value,
    in_brief_html: String,
    action_rows_html: String,
}

impl ReportOwn {
    /// Puts them in the fields of the report's view.
    fn insert_into(self, fields: &mut Map<String, Value>) {
        fields.insert("body_html".into(), Value::String(self.body_html));
        fields.insert("toc".into(), self.toc);
        fields.insert("similar".into(), self.similar);
        fields.insert("in_brief_html".into(), Value::String(self.in_brief_html));
        fields.insert(
            "action_rows_html".into(),
            Value::String(self.action_rows_html),
        );
    }
}
