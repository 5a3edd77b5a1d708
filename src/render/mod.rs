//! Render stage: the trimmed site → every output file, in memory. Pages are
//! rendered in parallel from an immutable model; the result is sorted by
//! path, so the same input gives the same bytes.

pub mod data;
pub mod highlight;
pub mod markdown;
mod pages;
pub mod templates;
pub mod theme;
pub mod view;

use crate::error::Error;
use crate::index::Indexes;
use crate::output::{Content, Output, Sink};
use crate::pipeline::Prepared;
use crate::site::Site;
use pages::{Ctx, Job};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use tera::Tera;
use view::{Lookups, Views};

/// How many of the latest reports the home page lists.
pub const HOME_REPORTS: usize = 30;

/// What a render produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// HTML pages.
    pub pages: usize,
}

/// A site ready to render: the trimmed model, its indexes and shared view
/// lookups, the templates, and every file the site has, by path. `build`
/// renders it all into a folder ([`Plan::render_all`]); `serve` keeps it in
/// memory and renders each file when it is first asked for
/// ([`Plan::render_path`]). Both use the same pages and data files.
pub struct Plan {
    site: Site,
    indexes: Indexes,
    lookups: Lookups,
    tera: Tera,
    /// Attachments by path relative to `reports/`.
    attachments: HashMap<String, PathBuf>,
    /// Every page with the file it is written to, in the order they are
    /// best rendered in parallel.
    pages: Vec<(String, Job)>,
    /// Every other file, sorted by path.
    files: Vec<(String, FileJob)>,
    /// Where each page and file is, by path.
    routes: HashMap<String, Route>,
}

#[derive(Clone, Copy)]
enum Route {
    Page(usize),
    File(usize),
}

/// A file of the site that is not a page.
enum FileJob {
    Feed,
    ReportsJson,
    ActionsJson,
    ActionsCsv,
    ActionsIcs,
    Robots,
    Sitemap,
    SyntaxCss,
    Theme(theme::ThemeFile),
}

impl Plan {
    pub fn new(prepared: Prepared, tera: Tera, theme: Vec<(String, theme::ThemeFile)>) -> Plan {
        let (site, indexes) = prepared.into_parts();
        let lookups = Lookups::new(&site, &indexes);
        let attachments: HashMap<String, PathBuf> = site
            .attachments()
            .iter()
            .map(|a| (a.rel_path.clone(), a.source.clone()))
            .collect();

        // The largest pages (every action, every report of a group) first and
        // the many small report pages last, so that no thread is left with a
        // large page while the others have nothing to do.
        let mut jobs = vec![Job::ActionsByReport];
        for (filter, title) in [
            ("all", "All actions"),
            ("done", "Done actions"),
            ("open", "Open actions"),
            ("overdue", "Overdue actions"),
            ("due-soon", "Actions due in the next 14 days"),
        ] {
            jobs.push(Job::Actions { filter, title });
        }
        jobs.extend((0..indexes.by_owner.len()).map(Job::Owner));
        for (kind, groups) in [
            ("year", &indexes.by_year),
            ("severity", &indexes.by_severity),
            ("service", &indexes.by_service),
            ("tag", &indexes.by_tag),
        ] {
            jobs.extend((0..groups.len()).map(|group| Job::List { kind, group }));
        }
        jobs.extend([Job::Home, Job::Browse, Job::Owners, Job::NotFound]);
        if site.search() {
            jobs.push(Job::Search);
        }
        jobs.extend((0..site.reports().len()).map(Job::Report));
        let pages: Vec<(String, Job)> = jobs
            .into_iter()
            .map(|job| (pages::output_path(&job, &site, &indexes), job))
            .collect();

        let views = Views::new(&site, &indexes, &lookups);
        let mut files = vec![
            ("feed.xml".to_string(), FileJob::Feed),
            ("reports.json".into(), FileJob::ReportsJson),
            ("actions.json".into(), FileJob::ActionsJson),
            ("actions.csv".into(), FileJob::ActionsCsv),
            ("actions.ics".into(), FileJob::ActionsIcs),
            ("robots.txt".into(), FileJob::Robots),
        ];
        if data::has_sitemap(&views) {
            files.push(("sitemap.xml".into(), FileJob::Sitemap));
        }
        // The theme's files win over the generated stylesheet.
        if !theme.iter().any(|(name, _)| name == "syntax.css") {
            files.push(("assets/syntax.css".into(), FileJob::SyntaxCss));
        }
        for (name, file) in theme {
            files.push((format!("assets/{name}"), FileJob::Theme(file)));
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);

        let mut routes = HashMap::with_capacity(pages.len() + files.len());
        for (i, (path, _)) in files.iter().enumerate() {
            routes.insert(path.clone(), Route::File(i));
        }
        for (i, (path, _)) in pages.iter().enumerate() {
            routes.insert(path.clone(), Route::Page(i));
        }
        Plan {
            site,
            indexes,
            lookups,
            tera,
            attachments,
            pages,
            files,
            routes,
        }
    }

    /// The site the plan renders.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// How many HTML pages the site has.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Renders every output of the site into `sink`. Pages are rendered and
    /// handed over in parallel, so a large site is never held in memory
    /// whole; each file's bytes depend only on the site, so the result is
    /// deterministic whatever the order of delivery.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<Stats, Error> {
        crate::memory::keep_freed_memory();
        self.lookups.prepare(&self.site, &self.indexes);
        let ctx = self.ctx();
        // The data files are made while the pages render, not after them:
        // they took a quarter of a second on one core at the end of a
        // large build.
        let (pages, files) = rayon::join(
            || {
                self.pages.par_iter().try_for_each(|(_, job)| {
                    ctx.page(job)?
                        .into_iter()
                        .try_for_each(|output| sink.put(output))
                })
            },
            || {
                (0..self.files.len())
                    .into_par_iter()
                    .try_for_each(|i| sink.put(self.file(i)))
            },
        );
        pages?;
        files?;
        Ok(Stats {
            pages: self.pages.len(),
        })
    }

    /// Renders the file at `path` (relative to the site root, `index.html`
    /// for a folder), with the files that are rendered with it: a report's
    /// page and its attachments. `None` when the site has no such file.
    pub fn render_path(&self, path: &str) -> Option<Result<Vec<Output>, Error>> {
        match self.routes.get(path) {
            Some(Route::Page(i)) => Some(self.ctx().page(&self.pages[*i].1)),
            Some(Route::File(i)) => Some(Ok(vec![self.file(*i)])),
            None => {
                // An attachment is copied beside the page of a report that
                // links to it: render that page to know.
                let (slug, _) = path.strip_prefix("reports/")?.split_once('/')?;
                let &report = self.lookups.by_slug.get(slug)?;
                match self.ctx().page(&Job::Report(report)) {
                    Ok(outputs) if outputs.iter().any(|o| o.path == path) => Some(Ok(outputs)),
                    Ok(_) => None,
                    Err(e) => Some(Err(e)),
                }
            }
        }
    }

    /// One page rendered by each template, the smallest of its kind: to
    /// try the templates on, without rendering the whole site.
    pub fn samples(&self) -> Vec<&str> {
        let size = |job: &Job| -> usize {
            let ix = &self.indexes;
            match job {
                Job::Report(i) => self.site.reports()[*i].body.markdown.len(),
                Job::Owner(i) => ix.by_owner[*i].actions.len(),
                Job::List { kind, group } => match *kind {
                    "severity" => ix.by_severity[*group].reports.len(),
                    "service" => ix.by_service[*group].reports.len(),
                    "tag" => ix.by_tag[*group].reports.len(),
                    _ => ix.by_year[*group].reports.len(),
                },
                Job::Actions { filter, .. } => match *filter {
                    "open" => ix.open.len(),
                    "overdue" => ix.overdue.len(),
                    "due-soon" => ix.due_soon.len(),
                    "done" => ix.done.len(),
                    _ => ix.actions.len(),
                },
                _ => 0,
            }
        };
        let mut smallest: Vec<(std::mem::Discriminant<Job>, usize, &str)> = Vec::new();
        for (path, job) in &self.pages {
            let kind = std::mem::discriminant(job);
            let size = size(job);
            match smallest.iter_mut().find(|(k, ..)| *k == kind) {
                Some(entry) if size < entry.1 => *entry = (kind, size, path),
                Some(_) => {}
                None => smallest.push((kind, size, path)),
            }
        }
        smallest.into_iter().map(|(.., path)| path).collect()
    }

    /// Every path the site has, but attachments (known only once their
    /// report is rendered).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.pages
            .iter()
            .map(|(p, _)| p.as_str())
            .chain(self.files.iter().map(|(p, _)| p.as_str()))
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            site: &self.site,
            views: Views::new(&self.site, &self.indexes, &self.lookups),
            indexes: &self.indexes,
            attachments: &self.attachments,
            tera: &self.tera,
        }
    }

    fn file(&self, i: usize) -> Output {
        let (path, job) = &self.files[i];
        let views = Views::new(&self.site, &self.indexes, &self.lookups);
        let text = match job {
            FileJob::Feed => data::atom(&views),
            FileJob::ReportsJson => data::reports_json(&views),
            FileJob::ActionsJson => data::actions_json(&views),
            FileJob::ActionsCsv => data::actions_csv(&views),
            FileJob::ActionsIcs => data::actions_ics(&views),
            FileJob::Robots => data::robots(&views),
            FileJob::Sitemap => {
                // In the order of the files' paths, as written to disk.
                let mut pages: Vec<&str> = self.pages.iter().map(|(p, _)| p.as_str()).collect();
                pages.sort();
                let urls: Vec<&str> = pages
                    .iter()
                    .filter_map(|p| p.strip_suffix("index.html"))
                    .collect();
                data::sitemap(&views, &urls).unwrap_or_default()
            }
            FileJob::SyntaxCss => highlight::stylesheet(),
            FileJob::Theme(theme::ThemeFile::BuiltIn(text)) => text.to_string(),
            FileJob::Theme(theme::ThemeFile::Site(source)) => {
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
mod tests {
    use super::*;
    use crate::output::Memory;

    fn plan(site_dir: &std::path::Path) -> Plan {
        let config = crate::config::Config::default();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let options = crate::pipeline::Options {
            today,
            only: None,
            keep_reports: true,
        };
        let outcome = crate::pipeline::run(site_dir, &config, &options).unwrap();
        assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
        let site = crate::site::Untrimmed::new(
            config,
            today,
            outcome.reports,
            outcome.files.attachments,
            Default::default(),
            true,
        );
        let site = crate::site::audience::trim(site, crate::site::Audience::Internal);
        let site = Prepared::new(site);
        let tera = templates::load(site_dir).unwrap();
        let theme = theme::files(site_dir, "default").unwrap();
        Plan::new(site, tera, theme)
    }

    #[test]
    fn one_file_rendered_alone_is_the_same_as_in_the_whole_site() {
        let dir = std::env::temp_dir().join(format!("retrospect-plan-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("reports")).unwrap();
        let report = |title: &str, link: &str| {
            format!(
                "---\ntitle: {title}\ndate: 2025-03-14\nseverity: minor\nstatus: draft\nstarted: \"09:00\"\n\
                 services: [db]\nactions:\n  - title: Fix it\n    owner: sam\n    due: 2025-06-01\n---\n\
                 See [the graph]({link}).\n"
            )
        };
        std::fs::write(
            dir.join("reports/2025-03-14-db.md"),
            report("Database", "graph.png"),
        )
        .unwrap();
        std::fs::write(dir.join("reports/2025-03-15-web.md"), report("Web", "")).unwrap();
        std::fs::write(dir.join("reports/graph.png"), b"png").unwrap();
        std::fs::write(dir.join("reports/unlinked.png"), b"png").unwrap();
        let plan = plan(&dir);
        // A plan that never renders the whole site renders each page's own
        // rows (as `serve` does); the bytes must be the same.
        let lazy = self::plan(&dir);

        let all = Memory::default();
        let stats = plan.render_all(&all).unwrap();
        let all = all.into_sorted();
        assert_eq!(stats.pages, plan.page_count());
        assert!(all.iter().any(|o| o.path == "reports/db/graph.png"));
        for output in &all {
            let lazily = lazy
                .render_path(&output.path)
                .unwrap_or_else(|| panic!("{} has no route", output.path))
                .unwrap();
            assert!(lazily.contains(output), "{} differs when lazy", output.path);
            let alone = plan
                .render_path(&output.path)
                .unwrap_or_else(|| panic!("{} has no route", output.path))
                .unwrap();
            assert!(alone.contains(output), "{} differs", output.path);
        }
        let mut listed: Vec<&str> = plan.paths().collect();
        listed.push("reports/db/graph.png");
        listed.sort();
        let mut written: Vec<&str> = all.iter().map(|o| o.path.as_str()).collect();
        written.sort();
        assert_eq!(listed, written);

        // One page per kind of page (so per template), the smallest.
        let samples = plan.samples();
        assert_eq!(samples.len(), 10, "{samples:?}");
        assert!(
            samples.contains(&"404.html") && samples.contains(&"actions/owners/sam/index.html")
        );
        assert!(
            samples.contains(&"reports/web/index.html"),
            "the shorter report: {samples:?}"
        );
        for missing in [
            "nope.html",
            "reports/db/unlinked.png",
            "reports/web/graph.png",
            "reports/x/a.png",
        ] {
            assert!(plan.render_path(missing).is_none(), "{missing}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
