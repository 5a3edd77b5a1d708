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

use crate::index::Indexes;
use crate::site::Site;
use pages::{Ctx, Job};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use tera::Tera;
use view::Views;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub content: Content,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A file copied as it is (attachments, theme files from the site).
    Copy(PathBuf),
}

/// Receives each output as soon as it is rendered, from any thread: a
/// folder on disk (`write`).
pub trait Sink: Sync {
    fn put(&self, output: Output) -> Result<(), String>;
}

/// How many of the latest reports the home page lists.
pub const HOME_REPORTS: usize = 30;

/// How errors from templates begin, to tell them from errors writing files.
pub const TEMPLATE_FAILED: &str = "a template failed: ";

/// What a render produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// HTML pages.
    pub pages: usize,
}

/// Renders every output of the site into `sink`. Pages are rendered and
/// handed over in parallel, so a large site is never held in memory whole;
/// each file's bytes depend only on the site, so the result is deterministic
/// whatever the order of delivery.
pub fn render(
    site: &Site,
    tera: &Tera,
    theme: Vec<(String, theme::ThemeFile)>,
    sink: &dyn Sink,
) -> Result<Stats, String> {
    let indexes = Indexes::build(site);
    let views = Views::new(site, &indexes);
    let attachments: HashMap<&str, &PathBuf> = site
        .attachments
        .iter()
        .map(|a| (a.rel_path.as_str(), &a.source))
        .collect();
    let by_slug: HashMap<&str, usize> = site
        .reports
        .iter()
        .enumerate()
        .map(|(i, r)| (r.slug.as_str(), i))
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
    if site.search {
        jobs.push(Job::Search);
    }
    jobs.extend((0..site.reports.len()).map(Job::Report));

    let ctx = Ctx {
        site,
        views: &views,
        indexes: &indexes,
        attachments: &attachments,
        by_slug: &by_slug,
        tera,
    };
    let mut page_paths: Vec<String> = jobs
        .par_iter()
        .map(|job| {
            let mut outputs = ctx.page(job)?.into_iter();
            let page = outputs.next().expect("every job renders a page");
            let path = page.path.clone();
            sink.put(page)?;
            outputs.try_for_each(|file| sink.put(file))?;
            Ok(path)
        })
        .collect::<Result<_, String>>()?;
    let pages = page_paths.len();
    page_paths.retain(|p| p.ends_with("index.html"));
    page_paths.sort();
    let page_urls: Vec<String> = page_paths
        .iter()
        .map(|p| p.trim_end_matches("index.html").to_string())
        .collect();

    let text = |path: &str, text: String| Output {
        path: path.into(),
        content: Content::Bytes(text.into_bytes()),
    };
    let mut files = vec![
        text("feed.xml", data::atom(&views)),
        text("reports.json", data::reports_json(&views)),
        text("actions.json", data::actions_json(&views)),
        text("actions.csv", data::actions_csv(&views)),
        text("actions.ics", data::actions_ics(&views)),
        text("robots.txt", data::robots(&views)),
    ];
    if let Some(sitemap) = data::sitemap(&views, &page_urls) {
        files.push(text("sitemap.xml", sitemap));
    }
    // The theme's files win over the generated stylesheet.
    if !theme.iter().any(|(name, _)| name == "syntax.css") {
        files.push(text("assets/syntax.css", highlight::stylesheet()));
    }
    for (name, file) in theme {
        let content = match file {
            theme::ThemeFile::BuiltIn(text) => Content::Bytes(text.as_bytes().to_vec()),
            theme::ThemeFile::Site(path) => Content::Copy(path),
        };
        files.push(Output {
            path: format!("assets/{name}"),
            content,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    for file in files {
        sink.put(file)?;
    }
    Ok(Stats { pages })
}
