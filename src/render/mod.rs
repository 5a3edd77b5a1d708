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
    keep_freed_memory();
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
    jobs.extend((0..site.reports.len()).map(Job::Report));

    let ctx = Ctx {
        site,
        views: &views,
        indexes: &indexes,
        attachments: &attachments,
        by_slug: &by_slug,
        tera,
    };
    let text = |path: &str, text: String| Output {
        path: path.into(),
        content: Content::Bytes(text.into_bytes()),
    };
    // The data files are made while the pages render, not after them: they
    // took a quarter of a second on one core at the end of a large build.
    let data_files: [(&str, fn(&Views) -> String); 6] = [
        ("feed.xml", data::atom),
        ("reports.json", data::reports_json),
        ("actions.json", data::actions_json),
        ("actions.csv", data::actions_csv),
        ("actions.ics", data::actions_ics),
        ("robots.txt", data::robots),
    ];
    let (page_paths, mut files) = rayon::join(
        || {
            jobs.par_iter()
                .map(|job| {
                    let mut outputs = ctx.page(job)?.into_iter();
                    let page = outputs.next().expect("every job renders a page");
                    let path = page.path.clone();
                    sink.put(page)?;
                    outputs.try_for_each(|file| sink.put(file))?;
                    Ok(path)
                })
                .collect::<Result<Vec<String>, String>>()
        },
        || {
            data_files
                .par_iter()
                .map(|(path, make)| text(path, make(&views)))
                .collect::<Vec<Output>>()
        },
    );
    let mut page_paths = page_paths?;
    let pages = page_paths.len();
    page_paths.retain(|p| p.ends_with("index.html"));
    page_paths.sort();
    let page_urls: Vec<String> = page_paths
        .iter()
        .map(|p| p.trim_end_matches("index.html").to_string())
        .collect();

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

/// mimalloc's `purge_delay` option (`mi_option_purge_delay` in mimalloc.h;
/// the Rust bindings have no name for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps memory that rendering frees for the next pages instead of giving
/// it back to the system. By default mimalloc returns freed memory after a
/// second, and the next page's allocations fault it in again, each time
/// zeroed by the kernel: a build of 10,000 reports took 30,000 page faults
/// (of 2 MB huge pages) and ~1.8 s of system time; without purging, 2,100
/// faults and ~1.3 s, for 10% more peak memory (see BENCHMARKS.md).
fn keep_freed_memory() {
    // SAFETY: sets a process-wide integer option; mimalloc reads it when it
    // decides whether to purge, at any time and from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // mimalloc 3's default purge delay is 1,000 ms; no other option has
        // that default, so this is the option `keep_freed_memory` sets.
        // SAFETY: reads an option.
        let value = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert!(value == 1000 || value == -1, "{value}");
    }
}
