//! Search stage: the trimmed site → a Pagefind index under `pagefind/`.
//!
//! The index is built from the model, not from the rendered HTML: each
//! report becomes one Pagefind record whose text is what a reader searches
//! for (title, summary, impact, timeline, body, recommendations, actions and
//! their owners), with the facts the results list shows as metadata and the
//! facets as filters. It is made from the site the audience may see, after
//! the trim, so the public index cannot hold what the public site does not.
//!
//! Pagefind splits the index into chunks that the browser fetches on
//! demand, so a query on a large site downloads a small part of it.

use crate::display::{self, plain};
use crate::error::{Error, ErrorKind};
use crate::model::Report;
use crate::output::{Content, Output, SEARCH_DIR};
use crate::site::Site;
use pagefind::api::{CustomRecord, PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;
use std::collections::{BTreeMap, BTreeSet};

/// Files Pagefind writes that the site does not use: its own search UIs
/// (the site has one that matches its theme) and the highlighting script.
const UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// How many reports' records are made, fossicked and merged at a time:
/// what a batch needs while it is fossicked (about 100 KB a report of
/// word maps) stays resident for the next, so the batch is kept small.
const RECORDS_PER_BATCH: usize = 256;

/// Builds the index of every report in `site` and returns its files, with
/// paths under [`SEARCH_DIR`], in path order.
pub fn index(site: &Site) -> Result<Vec<Output>, Error> {
    let mut outputs = Vec::new();
    index_into(site, &mut |file| {
        outputs.push(file);
        Ok(())
    })?;
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(outputs)
}

/// Builds the index of every report in `site` and gives each of its files
/// to `put` as soon as it is made, with paths under [`SEARCH_DIR`]: each
/// report's fragment (2.6 KB gzipped) once its batch is merged, rather
/// than all of them (260 MB at 100,000 reports) held until the end.
pub fn index_into(
    site: &Site,
    put: &mut dyn FnMut(Output) -> Result<(), Error>,
) -> Result<(), Error> {
    let failed = |message: String| Error::new(ErrorKind::Search, message);
    // Pagefind clones every page's words twice while it builds: keep the
    // memory it frees for its next allocations rather than return it to the
    // system and fault it in again, zeroed, a moment later.
    crate::memory::keep_freed_memory();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| failed(format!("search: could not start the indexer: {e}")))?;
    let mut put_all = |files: Vec<SyntheticFile>| -> Result<(), Error> {
        for file in files {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            if !UNUSED.contains(&name.as_str()) {
                put(Output {
                    path: format!("{SEARCH_DIR}/{name}"),
                    content: Content::Bytes(file.contents),
                })?;
            }
        }
        Ok(())
    };
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language("en".to_string())
            .keep_index_url(true)
            .build();
        let mut index =
            PagefindIndex::new(Some(config)).map_err(|e| failed(format!("search: {e}")))?;
        // Each batch merged into the index as it is added, not held until
        // the end (vendor/pagefind/PATCHES.md): Pagefind needs the meta
        // fields of the whole site for that, which are cheap to list.
        let fields: BTreeSet<String> = site
            .reports()
            .iter()
            .flat_map(|r| meta(site, r).into_keys())
            .collect();
        index
            .build_as_added(fields.into_iter().collect())
            .await
            .map_err(|e| failed(format!("search: {e}")))?;
        // The records are made a batch at a time, each batch fossicked
        // before the next is made: the text of every report is never held
        // at once beside the words Pagefind keeps of it.
        for reports in site.reports().chunks(RECORDS_PER_BATCH) {
            let records: Vec<CustomRecord> = {
                use rayon::prelude::*;
                reports
                    .par_iter()
                    .map(|r| record(site, r))
                    .collect::<Result<_, _>>()?
            };
            index
                .add_custom_records(records)
                .await
                .map_err(|e| failed(format!("search: indexing: {e}")))?;
            put_all(index.take_named_fragments().await)?;
        }
        let files = index
            .take_files()
            .await
            .map_err(|e| failed(format!("search: {e}")))?;
        put_all(files)
    })
}

/// What the index holds of one report. Everything comes from the trimmed
/// model: for the public audience, owners are already teams and internal
/// passages and notes are gone.
pub fn record(site: &Site, report: &Report) -> Result<CustomRecord, Error> {
    let mut text = String::with_capacity(report.body.markdown.len() + 1024);
    let mut push = |s: &str| {
        let s = s.trim();
        if !s.is_empty() {
            if !text.is_empty() {
                text.push_str(if text.ends_with('.') { " " } else { ". " });
            }
            text.push_str(s);
        }
    };
    push(&report.title);
    if let Some(summary) = &report.summary {
        push(&plain(summary));
    }
    if let Some(impact) = &report.impact {
        push(&plain(&impact.summary));
        if let Some(users) = &impact.users {
            push(users);
        }
    }
    for entry in &report.timeline {
        push(&plain(&entry.event));
    }
    push(&plain(&report.body.markdown.unpack()?));
    for recommendation in &report.recommendations {
        push(&plain(&recommendation.text));
    }
    for action in &report.actions {
        push(&plain(&action.title));
        push(&action.owner);
    }
    for update in &report.communications {
        push(&plain(&update.summary));
    }
    for issue in &report.known_issues {
        push(&plain(&issue.description));
    }
    for investigation in &report.investigations {
        push(&plain(&investigation.question));
    }

    let shown = display::severity(site.config(), &report.severity);
    let severity = shown.label.to_string();
    let status = report.status.label().to_string();
    let year = report.date.format("%Y").to_string();
    let mut filters = BTreeMap::new();
    filters.insert("severity".to_string(), vec![severity]);
    filters.insert("status".to_string(), vec![status]);
    filters.insert("year".to_string(), vec![year]);
    if !report.services.is_empty() {
        filters.insert("service".to_string(), report.services.clone());
    }
    if !report.tags.is_empty() {
        filters.insert("tag".to_string(), report.tags.clone());
    }
    if let Some(kind) = &report.kind {
        let label = site
            .config()
            .incident_kind(kind)
            .map_or_else(|| kind.clone(), |k| k.label.clone());
        filters.insert("kind".to_string(), vec![label]);
    }
    // Trimmed already: empty for the public unless `public.show_affected`.
    let affected: Vec<String> = report
        .impact
        .iter()
        .flat_map(|i| &i.affected)
        .map(|a| a.name.clone())
        .collect();
    if !affected.is_empty() {
        filters.insert("affected".to_string(), affected);
    }
    let mut sort = BTreeMap::new();
    // ISO dates sort as strings; the slug breaks ties the way lists do.
    sort.insert(
        "date".to_string(),
        format!("{} {}", report.date, report.slug.as_str()),
    );
    Ok(CustomRecord {
        // Pagefind wants absolute URLs; the search page makes them relative
        // to itself again.
        url: format!("/reports/{}/", report.slug.as_str()),
        content: text,
        language: "en".to_string(),
        meta: meta(site, report),
        filters,
        sort,
    })
}

/// What the results list shows of a report: Pagefind's metadata.
fn meta(site: &Site, report: &Report) -> BTreeMap<String, String> {
    let shown = display::severity(site.config(), &report.severity);
    let mut meta = BTreeMap::new();
    meta.insert("title".to_string(), report.title.clone());
    meta.insert("date".to_string(), display::long_date(report.date));
    meta.insert("datetime".to_string(), report.date.to_string());
    meta.insert("severity".to_string(), shown.label.to_string());
    if let Some(rank) = shown.rank {
        // For the badge: its shape comes from the rank, as on the pages.
        meta.insert("severity_rank".to_string(), rank.to_string());
        if !shown.colour.is_empty() {
            meta.insert("severity_colour".to_string(), shown.colour.to_string());
        }
    }
    meta.insert("status".to_string(), report.status.label().to_string());
    if !report.services.is_empty() {
        meta.insert("services".to_string(), report.services.join(", "));
    }
    if let Some(id) = &report.id {
        meta.insert("id".to_string(), id.clone());
    }
    meta
}

#[cfg(test)]
mod tests {
    use pagefind::api::{CustomRecord, PagefindIndex};
    use pagefind::options::PagefindServiceConfig;
    use std::collections::BTreeMap;

    fn records() -> Vec<CustomRecord> {
        let record = |url: &str, text: &str, severity: &str, date: &str| CustomRecord {
            url: url.to_string(),
            content: text.to_string(),
            language: "en".to_string(),
            meta: BTreeMap::from([("title".to_string(), text[..12].to_string())]),
            filters: BTreeMap::from([("severity".to_string(), vec![severity.to_string()])]),
            sort: BTreeMap::from([("date".to_string(), date.to_string())]),
        };
        vec![
            record(
                "/reports/a/",
                "Database failover took the API down",
                "SEV1",
                "2026-01-02",
            ),
            record(
                "/reports/b/",
                "Certificate expiry broke the login page",
                "SEV2",
                "2026-02-03",
            ),
            record(
                "/reports/c/",
                "Queue backlog delayed outbound email",
                "SEV3",
                "2026-03-04",
            ),
            // Words with diacritics, some more than once: the batch keeps
            // each page's words compacted until the index is built
            // (vendor/pagefind/src/fossick/compact.rs), original forms
            // included.
            record(
                "/reports/d/",
                "Café résumé: the café cache failed and naïve retries cafe piled on the café",
                "SEV2",
                "2026-04-05",
            ),
            // The same URL again: it replaces the first record.
            record(
                "/reports/a/",
                "Database failover, revised after review",
                "SEV2",
                "2026-01-02",
            ),
        ]
    }

    /// How the records are given to Pagefind.
    #[derive(Clone, Copy, PartialEq)]
    enum Way {
        OneAtATime,
        Batch,
        /// Merged as added (`build_as_added`), in two batches.
        AsAdded,
    }

    fn files(way: Way, records: Vec<CustomRecord>) -> Vec<(String, Vec<u8>)> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let mut files = runtime.block_on(async {
            let config = PagefindServiceConfig::builder()
                .force_language("en".to_string())
                .keep_index_url(true)
                .build();
            let mut index = PagefindIndex::new(Some(config)).unwrap();
            if way == Way::AsAdded {
                let fields = ["title".to_string()];
                index.build_as_added(fields.to_vec()).await.unwrap();
                let mut records = records;
                let rest = records.split_off(2);
                let added = index.add_custom_records(records).await.unwrap();
                assert_eq!(added[1].page_url, "/reports/b/");
                // The first batch's fragments taken as soon as they are
                // named, the second's left for the bundle: together, the
                // same files, each once.
                let mut files = index.take_named_fragments().await;
                assert_eq!(files.len(), 2);
                assert!(index.take_named_fragments().await.is_empty());
                index.add_custom_records(rest).await.unwrap();
                files.extend(index.take_files().await.unwrap());
                files
            } else if way == Way::Batch {
                let count = records.len();
                let added = index.add_custom_records(records).await.unwrap();
                assert_eq!(added.len(), count);
                assert_eq!(added[1].page_url, "/reports/b/");
                index.take_files().await.unwrap()
            } else {
                for r in records {
                    let (url, content, language) = (r.url, r.content, r.language);
                    let (meta, filters, sort) = (Some(r.meta), Some(r.filters), Some(r.sort));
                    index
                        .add_custom_record(url, content, language, meta, filters, sort)
                        .await
                        .unwrap();
                }
                index.get_files().await.unwrap()
            }
        });
        files.sort_by(|a, b| a.filename.cmp(&b.filename));
        files
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().into_owned(), f.contents))
            .collect()
    }

    /// The patched Pagefind's batch API (vendor/pagefind) must give the
    /// bundle its one-record-at-a-time API gives, byte for byte, a replaced
    /// record included.
    #[test]
    fn adding_records_in_a_batch_makes_the_same_bundle_as_one_at_a_time() {
        let batch = files(Way::Batch, records());
        let single = files(Way::OneAtATime, records());
        let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&batch), names(&single));
        assert!(batch.iter().any(|(n, _)| n.ends_with(".pf_fragment")));
        // Four pages, not five: the second "/reports/a/" replaced the first.
        let fragments = batch.iter().filter(|(n, _)| n.ends_with(".pf_fragment"));
        assert_eq!(fragments.count(), 4);
        for ((name, a), (_, b)) in batch.iter().zip(&single) {
            assert!(a == b, "{name} differs");
        }
    }

    /// Merged into the index as they are added, the records make the
    /// bundle that adding them all and building at the end makes.
    #[test]
    fn records_merged_as_added_make_the_same_bundle() {
        let mut unique = records();
        unique.pop(); // the replaced "/reports/a/": a URL may come once
        let as_added = files(Way::AsAdded, unique.clone());
        let single = files(Way::OneAtATime, unique);
        let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&as_added), names(&single));
        assert!(as_added.iter().any(|(n, _)| n.ends_with(".pf_index")));
        for ((name, a), (other, b)) in as_added.iter().zip(&single) {
            assert_eq!(name, other);
            assert!(a == b, "{name} differs");
        }
    }

    /// What merging as added cannot do is an error, not a wrong index.
    #[test]
    fn merging_as_added_refuses_a_url_twice_and_an_undeclared_field() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let add = |fields: &[&str], records: Vec<CustomRecord>| {
            runtime.block_on(async {
                let config = PagefindServiceConfig::builder()
                    .force_language("en".to_string())
                    .keep_index_url(true)
                    .build();
                let mut index = PagefindIndex::new(Some(config)).unwrap();
                let fields = fields.iter().map(|f| f.to_string()).collect();
                index.build_as_added(fields).await.unwrap();
                index
                    .add_custom_records(records)
                    .await
                    .map_err(|e| e.to_string())
            })
        };
        let error = add(&["title"], records()).unwrap_err();
        assert!(
            error.contains("/reports/a/") && error.contains("twice"),
            "{error}"
        );
        let error = add(&["date"], records()[..1].to_vec()).unwrap_err();
        assert!(error.contains("meta field title"), "{error}");
        assert!(add(&["title"], records()[..4].to_vec()).is_ok());
    }
}
