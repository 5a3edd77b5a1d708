use std::{cmp::Ordering, path::PathBuf};

use anyhow::{bail, Result};
use either::Either;
use fossick::{FossickedData, Fossicker};
use futures::future::join_all;
use hashbrown::HashMap;
use index::PagefindIndexes;
use options::{PagefindInboundConfig, SearchOptions};
use output::SyntheticFile;
use rayon::prelude::*;
pub use service::api;
use wax::walk::Entry;
use wax::Glob;

use crate::index::build_indexes;

mod fossick;
mod fragments;
mod index;
#[macro_use]
mod logging;
pub mod options;
mod output;
mod playground;
pub mod runner;
#[cfg(feature = "serve")]
mod serve;
mod service;
mod utils;

const PAGEFIND_VERSION: &str = env!("CARGO_PKG_VERSION");

struct SearchState {
    options: SearchOptions,
    fossicked_pages: Vec<FossickedData>,
    built_indexes: Vec<PagefindIndexes>,
    /// Retrospect patch: the index being built as pages are added
    /// (`build_as_added`), and the URLs added to it.
    builder: Option<(index::IndexBuilder, hashbrown::HashSet<String>)>,
}

impl SearchState {
    pub fn new(options: SearchOptions) -> Self {
        Self {
            options,
            fossicked_pages: vec![],
            built_indexes: vec![],
            builder: None,
        }
    }

    pub fn walk_for_files(&self, dir: PathBuf, glob: String) -> Result<Vec<Fossicker>> {
        let log = &self.options.logger;

        log.status("[Walking source directory]");
        if let Ok(glob) = Glob::new(&glob) {
            Ok(glob
                .walk(&dir)
                .filter_map(Result::ok)
                .map(|e| e.into_path())
                .map(|file_path| Fossicker::new_relative_to(file_path, dir.clone()))
                .collect())
        } else {
            log.error(format!(
                "Error: Provided glob \"{}\" did not parse as a valid glob.",
                self.options.glob
            ));
            bail!(
                "Error: Provided glob \"{}\" did not parse as a valid glob.",
                self.options.glob
            );
        }
    }

    /// Fossick files in parallel using rayon
    pub fn fossick_many(&mut self, dir: PathBuf, glob: String) -> Result<usize> {
        let files = self.walk_for_files(dir.clone(), glob)?;
        let log = &self.options.logger;

        log.info(format!(
            "Found {} file{} matching {}",
            files.len(),
            plural!(files.len()),
            self.options.glob
        ));
        log.status("[Parsing files]");

        // Use rayon for parallel HTML parsing - this is the main performance win
        // Partition results into successes and failures to report errors
        let (results, errors): (Vec<_>, Vec<_>) = files
            .into_par_iter()
            .map(|f| f.fossick_sync(&self.options))
            .partition_map(|r| match r {
                Ok(data) => Either::Left(data),
                Err(e) => Either::Right(e),
            });

        // Report any errors that occurred during parallel processing
        if !errors.is_empty() {
            log.warn(format!(
                "{} file{} failed to index",
                errors.len(),
                plural!(errors.len())
            ));
            for err in errors.iter().take(5) {
                log.warn(format!("  - {}", err));
            }
            if errors.len() > 5 {
                log.warn(format!("  ... and {} more", errors.len() - 5));
            }
        }

        let existing_page_count = self.fossicked_pages.len();
        self.fossicked_pages.extend(results);

        Ok(self.fossicked_pages.len() - existing_page_count)
    }

    /// Fossicks many files in parallel on rayon's pool and keeps the results,
    /// replacing any page already held for the same URL. Unlike
    /// [`Self::fossick_one`], the fossicked pages are moved in, not cloned,
    /// and finding an earlier page for a URL is a hash lookup, not a scan.
    pub fn fossick_batch(&mut self, files: Vec<Fossicker>) -> Result<Vec<api::IndexedFileResponse>> {
        let results = files
            .into_par_iter()
            .map(|f| {
                f.fossick_sync(&self.options).map(|page| {
                    let page = page.compacted();
                    // Fragments grouped into files are made from their JSON.
                    match self.options.max_fragments {
                        Some(m) if m > 0 => page,
                        _ => page.with_encoded_fragment(),
                    }
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if let Some((builder, urls)) = &mut self.builder {
            return Self::build_batch(builder, urls, results);
        }
        let mut positions: HashMap<String, usize> = self
            .fossicked_pages
            .iter()
            .enumerate()
            .map(|(i, page)| (page.url.clone(), i))
            .collect();
        let mut responses = Vec::with_capacity(results.len());
        for result in results {
            // Retrospect patch: copied on this thread, so that the pages
            // kept until the index is built sit in memory of their own,
            // not scattered among what fossicking freed on the workers.
            let result = result.clone();
            responses.push(api::IndexedFileResponse {
                page_word_count: result.fragment.data.word_count as u32,
                page_url: result.fragment.data.url.clone(),
                page_meta: result.fragment.data.meta.clone(),
            });
            match positions.get(&result.url) {
                Some(&i) => self.fossicked_pages[i] = result,
                None => {
                    positions.insert(result.url.clone(), self.fossicked_pages.len());
                    self.fossicked_pages.push(result);
                }
            }
        }
        Ok(responses)
    }

    /// Retrospect patch (see PATCHES.md): from here on, pages are merged
    /// into the index as they are added, not kept until it is built. Every
    /// page must be in `language` with meta fields among `meta_fields`
    /// and a URL of its own; the index is the one adding the same pages
    /// and building at the end makes when `meta_fields` are exactly those
    /// the pages use.
    pub fn build_as_added(&mut self, language: String, mut meta_fields: Vec<String>) -> Result<()> {
        if !self.fossicked_pages.is_empty() || self.builder.is_some() {
            bail!("build_as_added must come before any page is added");
        }
        meta_fields.sort();
        meta_fields.dedup();
        let builder = index::IndexBuilder::new(language, meta_fields, &self.options);
        self.builder = Some((builder, hashbrown::HashSet::new()));
        Ok(())
    }

    /// Retrospect patch: the fragments merged so far, with their final
    /// names, as files of the bundle (`build_as_added` only).
    pub fn take_named_fragments(&mut self) -> Vec<SyntheticFile> {
        let Some((builder, _)) = &mut self.builder else {
            return Vec::new();
        };
        builder
            .take_named_fragments()
            .into_iter()
            .map(|(hash, contents)| SyntheticFile {
                filename: format!("fragment/{hash}.pf_fragment").into(),
                contents,
            })
            .collect()
    }

    fn build_batch(
        builder: &mut index::IndexBuilder,
        urls: &mut hashbrown::HashSet<String>,
        results: Vec<FossickedData>,
    ) -> Result<Vec<api::IndexedFileResponse>> {
        let mut responses = Vec::with_capacity(results.len());
        let mut pages = Vec::with_capacity(results.len());
        for page in results {
            responses.push(api::IndexedFileResponse {
                page_word_count: page.fragment.data.word_count as u32,
                page_url: page.fragment.data.url.clone(),
                page_meta: page.fragment.data.meta.clone(),
            });
            if page.language != builder.language() {
                bail!("{}: language {}, not the index's {}", page.url, page.language, builder.language());
            }
            if let Some(field) = page
                .fragment
                .data
                .meta
                .keys()
                .find(|k| builder.meta_fields().binary_search(k).is_err())
            {
                bail!("{}: meta field {field} was not declared", page.url);
            }
            if !urls.insert(page.url.clone()) {
                bail!("{}: added twice", page.url);
            }
            // As `build_indexes_of` leaves out pages without words.
            if page.has_words() {
                pages.push(page);
            }
        }
        builder.add(pages);
        Ok(responses)
    }

    pub fn fossick_one(&mut self, file: Fossicker) -> Result<FossickedData> {
        let result = file.fossick_sync(&self.options);
        if let Some(result) = result.as_ref().ok() {
            let existing = self
                .fossicked_pages
                .iter()
                .position(|page| page.url == result.url);
            if let Some(existing) = existing {
                *self.fossicked_pages.get_mut(existing).unwrap() = result.clone();
            } else {
                self.fossicked_pages.push(result.clone());
            }
        }
        result
    }

    pub async fn build_indexes(&mut self) -> Result<()> {
        let pages = self.fossicked_pages.clone();
        self.build_indexes_of(pages).await
    }

    /// Builds the indexes and lets go of the fossicked pages rather than
    /// cloning them: for a caller that builds once, this halves the memory
    /// the build needs. Pages added afterwards are indexed on their own.
    pub async fn build_indexes_once(&mut self) -> Result<()> {
        if let Some((builder, _)) = self.builder.take() {
            self.built_indexes = vec![builder.finish(&self.options)?];
            return Ok(());
        }
        let pages = std::mem::take(&mut self.fossicked_pages);
        self.build_indexes_of(pages).await
    }

    async fn build_indexes_of(&mut self, pages: Vec<FossickedData>) -> Result<()> {
        let log = &self.options.logger;

        let used_custom_body = pages.iter().any(|page| page.has_custom_body);
        if used_custom_body {
            log.info("Found a data-pagefind-body element on the site.\n↳ Ignoring pages without this tag.");
        } else {
            log.info(
                "Did not find a data-pagefind-body element on the site.\n↳ Indexing all <body> elements on the site."
            );
        }

        if self.options.root_selector == "html" {
            let pages_without_html = pages
                .iter()
                .filter(|p| !p.has_html_element)
                .map(|p| format!("  * {:?} has no <html> element", p.fragment.data.url))
                .collect::<Vec<_>>();
            if !pages_without_html.is_empty() {
                log.warn(format!(
                    "{} page{} found without an <html> element. \n\
                    Pages without an outer <html> element will not be processed by default. \n\
                    If adding this element is not possible, use the root selector config to target a different root element. \n\
                    Run Pagefind with --verbose for more information.",
                    pages_without_html.len(),
                    plural!(pages_without_html.len())
                ));
                log.v_warn(pages_without_html.join("\n"));
            }
        }

        log.status("[Reading languages]");

        let pages_with_data = pages.into_iter().filter(|d| {
            if used_custom_body && !d.has_custom_body && !d.force_inclusion {
                return false;
            }
            d.has_words()
        });

        let mut language_map: HashMap<String, Vec<fossick::FossickedData>> = HashMap::new();
        for page in pages_with_data {
            language_map.entry(page.language.clone()).or_default().push(page);
        }

        log.info(format!(
            "Discovered {} language{}: {}",
            language_map.len(),
            plural!(language_map.len()),
            language_map.keys().cloned().collect::<Vec<_>>().join(", ")
        ));
        log.v_info(
            language_map
                .iter()
                .map(|(k, v)| format!("  * {}: {} page{}", k, v.len(), plural!(v.len())))
                .collect::<Vec<_>>()
                .join("\n"),
        );

        let primary_language = language_map
            .iter()
            .filter(|(k, _)| k.as_str() != "unknown")
            .max_by(|(lang_a, pages_a), (lang_b, pages_b)| {
                let size = pages_a.len().cmp(&pages_b.len());
                if matches!(size, Ordering::Equal) {
                    return lang_b.cmp(lang_a);
                }
                size
            })
            .map(|(k, _)| k.clone())
            .unwrap_or_else(|| "unknown".into());

        if let Some(mut unknown_pages) = language_map.remove("unknown") {
            if !language_map.is_empty() {
                log.warn(format!(
                    "{} page{} found without an html lang attribute. \n\
                    Merging these pages with the {} language, as that is the main language on this site. \n\
                    Run Pagefind with --verbose for more information.",
                    unknown_pages.len(),
                    plural!(unknown_pages.len()),
                    primary_language
                ));

                log.v_warn(
                    unknown_pages
                        .iter()
                        .map(|p| {
                            format!("  * {:?} has no html lang attribute", p.fragment.data.url)
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                );

                if let Some(primary) = language_map.get_mut(&primary_language) {
                    primary.append(&mut unknown_pages);
                } else {
                    language_map.insert(primary_language, unknown_pages);
                }
            } else {
                language_map.insert(primary_language, unknown_pages);
            }
        }

        log.status("[Building search indexes]");

        let indexes: Vec<_> = language_map
            .into_iter()
            .map(|(language, pages)| async { build_indexes(pages, language, &self.options).await })
            .collect();
        let built_indexes = join_all(indexes).await;
        self.built_indexes = built_indexes.into_iter().flat_map(|i| i.ok()).collect();

        let stats = self.built_indexes.iter().fold((0, 0, 0, 0), |mut stats, index| {
            log.v_info(format!(
                "Language {}: \n  Indexed {} page{}\n  Indexed {} word{}\n  Indexed {} filter{}\n  Indexed {} sort{}\n",
                index.language,
                index.page_count,
                plural!(index.page_count),
                index.word_count,
                plural!(index.word_count),
                index.filter_indexes.len(),
                plural!(index.filter_indexes.len()),
                index.sorts.len(),
                plural!(index.sorts.len())
            ));

            #[cfg(not(feature = "extended"))]
            match index.language.split('-').next() {
                Some("zh") => log.warn("⚠ Indexing Chinese in non-extended mode. \n\
                                        In this mode, Pagefind will not segment words that are not whitespace separated. \n\
                                        Running the extended Pagefind binary will include this segmentation. \n\
                                        Either download the pagefind_extended binary, or run via npx pagefind."),
                Some("ja") => log.warn("⚠ Indexing Japanese in non-extended mode. \n\
                                        In this mode, Pagefind will not segment words that are not whitespace separated. \n\
                                        Running the extended Pagefind binary will include this segmentation. \n\
                                        Either download the pagefind_extended binary, or run via npx pagefind."),
                _ => {}
            };

            stats.0 += index.page_count;
            stats.1 += index.word_count;
            stats.2 += index.filter_indexes.len();
            stats.3 += index.sorts.len();
            stats
        });

        log.info(format!(
            "Total: \n  Indexed {} language{}\n  Indexed {} page{}\n  Indexed {} word{}\n  Indexed {} filter{}\n  Indexed {} sort{}",
            self.built_indexes.len(),
            plural!(self.built_indexes.len()),
            stats.0,
            plural!(stats.0),
            stats.1,
            plural!(stats.1),
            stats.2,
            plural!(stats.2),
            stats.3,
            plural!(stats.3)
        ));

        if stats.1 == 0 && !self.options.running_as_service {
            log.error(
                "Error: Pagefind was not able to build an index. \n\
                Most likely, the directory passed to Pagefind was empty \
                or did not contain any html files.",
            );
            bail!(
                "Error: Pagefind was not able to build an index. \n\
                Most likely, the directory passed to Pagefind was empty \
                or did not contain any html files."
            );
        }
        Ok(())
    }

    pub async fn write_files(&self, custom_outdir: Option<PathBuf>) -> PathBuf {
        let outdir = custom_outdir.unwrap_or(self.options.bundle_output.clone());

        let index_entries: Vec<_> = self
            .built_indexes
            .iter()
            .map(|indexes| indexes.get_lang_meta(&self.options))
            .collect();

        join_all(
            self.built_indexes
                .iter()
                .map(|indexes| async { indexes.write_files_to_disk(&self.options, &outdir).await }),
        )
        .await;

        output::write_common_to_disk(
            index_entries,
            self.options.write_playground,
            &outdir,
            &self.options,
        )
        .await;

        outdir
    }

    /// Retrospect patch: `get_files` for the last time, giving up the
    /// built indexes: their largest files are taken out of them
    /// (`take_large_files`), and the rest is freed once the bundle is made.
    pub async fn take_built_files(&mut self) -> Vec<SyntheticFile> {
        let mut moved: Vec<SyntheticFile> = self
            .built_indexes
            .iter_mut()
            .flat_map(|indexes| indexes.take_large_files())
            .collect();
        let mut files = self.get_files().await;
        self.built_indexes.clear();
        files.append(&mut moved);
        files
    }

    pub async fn get_files(&self) -> Vec<SyntheticFile> {
        let outdir = &self.options.bundle_output;

        let index_entries: Vec<_> = self
            .built_indexes
            .iter()
            .map(|indexes| indexes.get_lang_meta(&self.options))
            .collect();

        let mut files: Vec<_> =
            join_all(self.built_indexes.iter().map(|indexes| async {
                indexes.write_files_to_memory(&self.options, outdir).await
            }))
            .await
            .into_iter()
            .flatten()
            .collect();

        files.extend(
            output::write_common_to_memory(
                index_entries,
                self.options.write_playground,
                outdir,
                &self.options,
            )
            .await
            .into_iter(),
        );

        // SyntheticFiles should only return the relative path to the file
        // _within_ the bundle directory — placing them in a final location
        // is left to the API consumer.
        for file in files.iter_mut() {
            if let Ok(relative_path) = file.filename.strip_prefix(outdir) {
                file.filename = relative_path.to_path_buf();
            }
        }

        files
    }

    pub fn log_start(&self) {
        let log = &self.options.logger;

        #[cfg(not(feature = "extended"))]
        log.status(&format!("Running Pagefind v{}", self.options.version));
        #[cfg(feature = "extended")]
        log.status(&format!(
            "Running Pagefind v{} (Extended)",
            self.options.version
        ));
        log.v_info("Running in verbose mode");

        log.info(format!(
            "Running from: {:?}",
            self.options.working_directory
        ));
        log.info(format!(
            "Source:       {:?}",
            self.options
                .site_source
                .strip_prefix(&self.options.working_directory)
                .unwrap_or(&self.options.site_source)
        ));
        log.info(format!(
            "Output:       {:?}",
            self.options
                .bundle_output
                .strip_prefix(&self.options.working_directory)
                .unwrap_or(&self.options.bundle_output)
        ));
    }
}
