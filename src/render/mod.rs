//! Render stage: a prepared site → every output file, in memory. Pages are
//! rendered in parallel from an immutable model; each file's bytes depend
//! only on the site, so the same input gives the same bytes.
//!
//! - [`Plan`] (this file): every file of one site, rendered all at once
//!   (`build`) or one path at a time (`serve`);
//! - `routes`: which pages and files there are, and where;
//! - `pages`: one function per kind of page, returning what its template
//!   receives, a struct of `contract`;
//! - `view`: the views of reports and actions that the pages, data files
//!   and `retrospect actions` share;
//! - `fragments`: rows, headers and footers rendered once for every page;
//! - `engine`: the tera call; `templates` and `theme`: loading them;
//! - `attachments`: the files a report links to, copied beside its page;
//! - `data`: the feed and the JSON, CSV and iCalendar exports, robots.txt
//!   and the sitemap;
//! - `markdown` and `highlight`: report bodies into HTML;
//! - `summary`: "In brief", the summary for stakeholders (`summary.md`),
//!   on report pages and for `retrospect summary`.

mod action_pages;
mod attachments;
mod chart;
mod chart_panels;
mod charts;
mod compiled;
mod compiled_pages;
pub mod contract;
pub mod data;
mod engine;
mod follow;
mod fragments;
mod frame;
pub mod highlight;
mod home_page;
pub mod markdown;
mod metrics_factors;
mod metrics_follow;
mod metrics_page;
mod pages;
mod reminders;
mod report_page;
mod routes;
mod slipped;
pub mod summary;
mod team_page;
pub mod templates;
pub mod theme;
pub mod view;

pub use home_page::HOME_REPORTS;

use crate::error::Error;
use crate::output::{Content, Output, Sink};
use crate::pipeline::Prepared;
use crate::site::Site;
use engine::Engine;
use fragments::Fragments;
use frame::Frame;
use pages::Ctx;
use rayon::prelude::*;
use routes::{File, Page, Routes};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use tera::Tera;
use view::{Lookups, Views};

/// A site's route table and its pages' frames: made from its pages, or
/// kept from the last site's when its pages but the reports' are the same
/// (`serve`), with the pages but the reports'.
enum Layout {
    Keep(Arc<Routes>, Arc<[Frame]>, Vec<Page>),
    Make(Vec<Page>),
}

/// What a render produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// HTML pages.
    pub pages: usize,
}

/// A site ready to render: the prepared site, its views and the fragments
/// kept for its pages, the templates, and every file the site has, by
/// path. `build` renders it all into a folder ([`Plan::render_all`]);
/// `serve` keeps it in memory and renders each file when it is first asked
/// for ([`Plan::render_path`]). Both use the same pages and data files.
pub struct Plan {
    prepared: Prepared,
    lookups: Lookups,
    fragments: Fragments,
    engine: Engine,
    /// Attachments by path relative to `reports/`.
    attachments: HashMap<String, PathBuf>,
    /// Shared with the next site's plan while its pages are the same
    /// (`serve`, [`view::KeptViews`]).
    routes: Arc<Routes>,
    /// The figures of the metrics page and `metrics.json`, and the similar
    /// incidents of each report: computed once, when first asked for.
    learning: metrics_page::Learning,
    slipped_lists: slipped::ListMemo<slipped::Slipped>,
    /// Each owner's and team's counts, once per list (every page shows them).
    list_counts: slipped::ListMemo<contract::OwnerCounts>,
}

impl Plan {
    pub fn new(prepared: Prepared, tera: Tera, theme: Vec<(String, theme::ThemeFile)>) -> Plan {
        let lookups = Lookups::new(prepared.site(), prepared.indexes());
        let pages = Routes::pages_of(prepared.site(), prepared.indexes());
        Plan::with(prepared, lookups, tera, theme, Layout::Make(pages)).0
    }

    /// [`Plan::new`] for a site rebuilt again and again (`serve`): each
    /// report keeps the views `kept` holds from the last site while they
    /// still hold, the views of the others are made now ([`Plan::warm`]
    /// says why), and `kept` keeps this site's for the next.
    pub fn keeping(
        prepared: Prepared,
        tera: Tera,
        theme: Vec<(String, theme::ThemeFile)>,
        kept: &mut view::KeptViews,
    ) -> Plan {
        let lookups = Lookups::keeping(prepared.site(), prepared.indexes(), kept);
        // The last site's routes and frames hold while its pages are the
        // same and no page's path can have moved: its indexes were patched
        // for this site's (the same reports and groups, by slug).
        // Reports that came or went do not change it: their pages are
        // found by slug, and share one frame.
        let (site, ix) = (prepared.site(), prepared.indexes());
        let lists = Routes::lists_of(site, ix);
        let reports = site.reports().len();
        let layout = match kept.layout.take() {
            Some((last, routes, frames))
                if prepared.indexes_patched()
                    && last == lists
                    && (routes.reports() == 0) == (reports == 0) =>
            {
                let routes = match routes.reports() == reports {
                    true => routes,
                    false => Arc::new(routes.with_reports(reports)),
                };
                Layout::Keep(routes, frames, lists)
            }
            _ => Layout::Make(Routes::pages_of(site, ix)),
        };
        let (plan, layout) = Plan::with(prepared, lookups, tera, theme, layout);
        kept.layout = Some(layout);
        plan.learning.keep_similar_index(kept.similar_index());
        plan.warm();
        plan
    }

    /// Makes every report's views and data-file rows that are not made yet
    /// (after a rebuild, those of the reports that changed), in parallel:
    /// the first request of `reports.json`, `actions.json` or a page that
    /// lists every report then only reads them.
    fn warm(&self) {
        let views = self.ctx().views;
        let make = |i: usize| {
            let made = views.of(i);
            made.summary_json();
            for n in 0..made.actions.len() {
                made.action_json(n);
            }
        };
        // After one saved report, one report's: not worth waking other
        // threads for (on a busy machine, waiting for them is most of it).
        let missing: Vec<usize> = (0..self.site().reports().len())
            .filter(|&i| !views.made(i))
            .collect();
        if missing.len() < 64 {
            missing.into_iter().for_each(make);
        } else {
            missing.into_par_iter().for_each(make);
        }
    }

    fn with(
        prepared: Prepared,
        lookups: Lookups,
        tera: Tera,
        theme: Vec<(String, theme::ThemeFile)>,
        layout: Layout,
    ) -> (Plan, view::KeptLayout) {
        let (site, indexes) = (prepared.site(), prepared.indexes());
        let views = Views::new(site, indexes, &lookups);
        let (routes, frames, lists) = match layout {
            Layout::Keep(routes, frames, lists) => (routes, frames, lists),
            Layout::Make(pages) => {
                let sitemap = data::has_sitemap(&views);
                let lists: Vec<Page> = pages
                    .iter()
                    .copied()
                    .filter(|p| !matches!(p, Page::Report(_) | Page::Agenda(_)))
                    .collect();
                let routes = Routes::of_pages(pages, site, indexes, sitemap, theme);
                // The frames the pages have, each once: a page's folder is
                // its file's path without `index.html` (the 404 page's is
                // the root). The reports' pages and agendas share theirs:
                // the first report's stands for all of them.
                let first = [Page::Report(0), Page::Agenda(0)]
                    .into_iter()
                    .filter(|page| routes.all_pages().any(|p| p == *page))
                    .map(|page| (routes::output_path(page, site, indexes), page));
                let mut frames: Vec<Frame> = Vec::new();
                for (path, page) in routes.pages().iter().cloned().chain(first) {
                    let folder = path.strip_suffix("index.html").unwrap_or("");
                    let frame = Frame::of(page, folder, &lookups.site_view);
                    if !frames.contains(&frame) {
                        frames.push(frame);
                    }
                }
                (Arc::new(routes), frames.into(), lists)
            }
        };
        // Action and report rows are rendered by their compiled copies when
        // the row templates are the built-in ones (fragments.rs says why).
        let compiled_rows = (
            templates::built_in(&tera, &["action_row.html"]),
            templates::built_in(&tera, &["report_row.html"]),
        );
        let fragments = Fragments::new(
            site.reports().iter().map(|r| r.actions.len()),
            &frames,
            compiled_rows,
        );
        let attachments = site
            .attachments()
            .iter()
            .map(|a| (a.rel_path.clone(), a.source.clone()))
            .collect();
        let plan = Plan {
            learning: metrics_page::Learning::default(),
            slipped_lists: slipped::ListMemo::default(),
            list_counts: slipped::ListMemo::default(),
            prepared,
            lookups,
            fragments,
            engine: Engine::new(tera),
            attachments,
            routes: Arc::clone(&routes),
        };
        (plan, (lists, routes, frames))
    }

    /// The site the plan renders.
    pub fn site(&self) -> &Site {
        self.prepared.site()
    }

    /// How many HTML pages the site has.
    pub fn page_count(&self) -> usize {
        self.routes.page_count()
    }

    /// Renders every output of the site into `sink`. The fragments that
    /// pages share are made first, in parallel; then pages are rendered and
    /// handed over in parallel, so a large site is never held in memory
    /// whole; each file's bytes depend only on the site, so the result is
    /// deterministic whatever the order of delivery.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<Stats, Error> {
        crate::memory::keep_freed_memory();
        let ctx = Ctx {
            whole_site: true,
            ..self.ctx()
        };
        // What is learnt across incidents is made before the pages, each
        // half in parallel, rather than by the first page that needs it
        // while the others wait for it; and before the views that every
        // page shares, so that the search for similar incidents, which
        // frees all it made, does not leave its memory pages half held by
        // views made beside it (95 MB at 100,000 reports, BENCHMARKS.md).
        rayon::join(
            || self.learning.similar(ctx.site),
            || self.learning.metrics(ctx.site),
        );
        self.fragments.prepare(&ctx.views);
        crate::memory::probe("views, similar incidents, metrics");
        // The data files are made while the pages render, not after them:
        // they took a quarter of a second on one core at the end of a
        // large build.
        let (pages, files) = rayon::join(
            || {
                let pages: Vec<Page> = self.routes.all_pages().collect();
                pages.into_par_iter().try_for_each(|page| {
                    ctx.render(page)?
                        .into_iter()
                        .try_for_each(|output| sink.put(output))
                })
            },
            || {
                (0..self.routes.files().len())
                    .into_par_iter()
                    .try_for_each(|i| self.put_file(i, sink))
            },
        );
        pages?;
        files?;
        crate::memory::probe("pages and data files");
        Ok(Stats {
            pages: self.routes.page_count(),
        })
    }

    /// Renders the file at `path` (relative to the site root, `index.html`
    /// for a folder), with the files that are rendered with it: a report's
    /// page and its attachments. `None` when the site has no such file.
    pub fn render_path(&self, path: &str) -> Option<Result<Vec<Output>, Error>> {
        let by_slug = |slug: &str| self.lookups.by_slug.get(slug).copied();
        if let Some(page) = self
            .routes
            .page(path)
            .or_else(|| self.routes.report_page(path, by_slug))
        {
            return Some(self.ctx().render(page));
        }
        if let Some(i) = self.routes.file(path) {
            return Some(Ok(vec![self.file(i)]));
        }
        // An attachment is copied beside the page of a report that links
        // to it: render that page to know.
        let (slug, _) = path.strip_prefix("reports/")?.split_once('/')?;
        let &report = self.lookups.by_slug.get(slug)?;
        match self.ctx().render(Page::Report(report)) {
            Ok(outputs) if outputs.iter().any(|o| o.path == path) => Some(Ok(outputs)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        }
    }

    /// One page rendered by each template, the smallest of its kind: to
    /// try the templates on, without rendering the whole site.
    pub fn samples(&self) -> Vec<String> {
        let ix = self.prepared.indexes();
        let size = |page: &Page| -> usize {
            match *page {
                Page::Report(i) => self.site().reports()[i].body.markdown.len(),
                Page::Owner { owner, .. } => ix.by_owner[owner].actions.len(),
                Page::List { kind, group, .. } => kind.groups(ix)[group].reports.len(),
                Page::Actions { list, .. } => list.of(ix).len(),
                _ => 0,
            }
        };
        let mut smallest: Vec<(std::mem::Discriminant<Page>, usize, Page)> = Vec::new();
        for page in self.routes.all_pages() {
            let kind = std::mem::discriminant(&page);
            let size = size(&page);
            match smallest.iter_mut().find(|(k, ..)| *k == kind) {
                Some(entry) if size < entry.1 => *entry = (kind, size, page),
                Some(_) => {}
                None => smallest.push((kind, size, page)),
            }
        }
        smallest
            .into_iter()
            .map(|(.., page)| routes::output_path(page, self.site(), ix))
            .collect()
    }

    /// Every path the site has, but attachments (known only once their
    /// report is rendered).
    pub fn paths(&self) -> Vec<String> {
        let (site, ix) = (self.site(), self.prepared.indexes());
        self.routes
            .all_pages()
            .map(|page| routes::output_path(page, site, ix))
            .chain(self.routes.files().iter().map(|(p, _)| p.clone()))
            .collect()
    }

    fn ctx(&self) -> Ctx<'_> {
        let (site, indexes) = (self.prepared.site(), self.prepared.indexes());
        Ctx {
            site,
            indexes,
            views: Views::new(site, indexes, &self.lookups),
            fragments: &self.fragments,
            engine: &self.engine,
            attachments: &self.attachments,
            learning: &self.learning,
            slipped_lists: &self.slipped_lists,
            list_counts: &self.list_counts,
            whole_site: false,
        }
    }

    /// File `i` into `sink`: the two largest data files written as they
    /// are made (340 and 110 MB at 100,000 reports), unless `serve` joins
    /// them from kept rows; the others made whole, by [`Plan::file`].
    fn put_file(&self, i: usize, sink: &dyn Sink) -> Result<(), Error> {
        let (path, file) = &self.routes.files()[i];
        let views = self.ctx().views;
        match file {
            File::ReportsJson if !views.kept_rows() => {
                sink.put_written(path.clone(), &|out| data::write_reports_json(&views, out))
            }
            File::ActionsJson if !views.kept_rows() => {
                sink.put_written(path.clone(), &|out| data::write_actions_json(&views, out))
            }
            File::ActionsCsv => sink.put_written(path.clone(), &|out| {
                data::write_actions_csv(&views, &views.indexes.actions, out)
            }),
            File::ActionsIcs => {
                sink.put_written(path.clone(), &|out| data::write_actions_ics(&views, out))
            }
            _ => sink.put(self.file(i)),
        }
    }

    fn file(&self, i: usize) -> Output {
        let (path, file) = &self.routes.files()[i];
        let views = self.ctx().views;
        let text = match file {
            File::Feed => data::atom(&views),
            File::ReportsJson => data::reports_json(&views),
            File::ActionsJson => data::actions_json(&views),
            File::ActionsCsv => data::actions_csv(&views),
            File::ActionsIcs => data::actions_ics(&views),
            File::OwnerIcs(i) => {
                let group = &self.prepared.indexes().by_owner[*i];
                let days = self.site().config().reminders.days_before;
                reminders::actions_ics(&views, &group.name, &group.actions, days)
            }
            File::OwnerFeed(i) => {
                let group = &self.prepared.indexes().by_owner[*i];
                reminders::actions_feed(&views, &group.name, path, &group.actions)
            }
            File::TeamIcs(i) => {
                let team = &self.prepared.indexes().by_team[*i];
                let days = self.site().config().reminders.days_before;
                reminders::actions_ics(&views, &team.name, &team.actions, days)
            }
            File::TeamFeed(i) => {
                let team = &self.prepared.indexes().by_team[*i];
                reminders::actions_feed(&views, &team.name, path, &team.actions)
            }
            File::ReviewsIcs => reminders::reviews_ics(&views),
            File::Robots => data::robots(&views),
            File::MetricsJson => data::metrics_json(&views, self.learning.metrics(views.site)),
            File::Sitemap => {
                // In the order of the files' paths, as written to disk.
                let (site, ix) = (self.site(), self.prepared.indexes());
                let mut pages: Vec<String> = self
                    .routes
                    .all_pages()
                    .map(|page| routes::output_path(page, site, ix))
                    .collect();
                pages.sort();
                let urls: Vec<&str> = pages
                    .iter()
                    .filter_map(|p| p.strip_suffix("index.html"))
                    .collect();
                data::sitemap(&views, &urls).unwrap_or_default()
            }
            File::SyntaxCss => highlight::stylesheet(),
            File::Theme(theme::ThemeFile::BuiltIn(text)) => text.to_string(),
            File::Theme(theme::ThemeFile::Site(source)) => {
                return Output {
                    path: path.clone(),
                    content: Content::Copy(source.clone()),
                };
            }
        };
        Output {
            path: path.clone(),
            content: Content::Bytes(text.into_bytes()),
        }
    }
}

#[cfg(test)]
mod tests;
