//! The files of a built site, below everything that makes or keeps them:
//! `render` and `search` produce [`Output`]s, `write` puts them in a folder
//! and `serve` keeps them in memory ([`Memory`]), through the one [`Sink`]
//! trait. This module imports none of those, so that they all can import
//! it (as mdBook's static files are the set its search writes into).

use crate::error::Error;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

/// The folder of the search index in the output, and where the search page
/// loads `pagefind.js` from.
pub const SEARCH_DIR: &str = "pagefind";

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub content: Content,
}

/// What a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A file copied as it is (attachments, theme files from the site).
    Copy(PathBuf),
}

/// Receives each output as soon as it is made, from any thread: a folder
/// on disk (`write`), or memory ([`Memory`]).
pub trait Sink: Sync {
    fn put(&self, output: Output) -> Result<(), Error>;

    /// Puts the file at `path` that `write` writes. A folder on disk has it
    /// written there as it is made, never whole in memory: `actions.json`
    /// of 100,000 reports is 340 MB. Any other sink takes its bytes.
    fn put_written(
        &self,
        path: String,
        write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| Error::io(format!("cannot make {path}: {e}")))?;
        self.put(Output {
            path,
            content: Content::Bytes(bytes),
        })
    }
}

/// What `write` writes, as a string: for the writers that a folder sink
/// runs straight into their file ([`Sink::put_written`]), when their text
/// is wanted in memory instead. Writing to memory cannot fail, and what
/// they write is text.
pub fn written(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    let mut bytes = Vec::new();
    let _ = write(&mut bytes);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Outputs kept in memory by path: the pages `serve` has rendered, and
/// what a test renders. A later output of the same path replaces the
/// earlier one.
#[derive(Debug, Default)]
pub struct Memory(Mutex<HashMap<String, Arc<Output>>>);

impl Memory {
    /// The output at `path`, if one was put there.
    pub fn get(&self, path: &str) -> Option<Arc<Output>> {
        self.lock().get(path).cloned()
    }

    /// Keeps `output`, and gives it back shared.
    pub fn keep(&self, output: Output) -> Arc<Output> {
        let output = Arc::new(output);
        self.lock().insert(output.path.clone(), Arc::clone(&output));
        output
    }

    /// How many outputs are kept.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// Every output, sorted by path.
    pub fn into_sorted(self) -> Vec<Output> {
        let map = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut outputs: Vec<Output> = map
            .into_values()
            .map(|o| Arc::try_unwrap(o).unwrap_or_else(|shared| (*shared).clone()))
            .collect();
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        outputs
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<Output>>> {
        // A panic while holding the lock leaves a map that is still valid.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, output: Output) -> Result<(), Error> {
        self.keep(output);
        Ok(())
    }
}

impl FromIterator<Output> for Memory {
    fn from_iter<I: IntoIterator<Item = Output>>(outputs: I) -> Self {
        let memory = Memory::default();
        for output in outputs {
            memory.keep(output);
        }
        memory
    }
}

/// The content type of a site's file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path == "feed.xml" => "application/atom+xml",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "log" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("assets/sort.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("feed.xml"), "application/atom+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("actions.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("reports/db/Graph.PNG"), "image/png");
        assert_eq!(content_type("reports/db/dump"), "application/octet-stream");
    }

    #[test]
    fn memory_keeps_the_latest_output_of_a_path() {
        let page = |path: &str, text: &str| Output {
            path: path.into(),
            content: Content::Bytes(text.into()),
        };
        let memory: Memory = [page("b.html", "1"), page("a.html", "2")]
            .into_iter()
            .collect();
        memory.put(page("b.html", "3")).unwrap();
        assert_eq!(memory.len(), 2);
        assert_eq!(
            memory.get("b.html").unwrap().content,
            Content::Bytes("3".into())
        );
        let paths: Vec<String> = memory.into_sorted().into_iter().map(|o| o.path).collect();
        assert_eq!(paths, ["a.html", "b.html"]);
    }
}
