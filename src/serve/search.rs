//! The search index while serving: built in the background after each
//! rebuild that worked, and served from the latest index that finished.
//! On a large site the index takes seconds while a rebuild takes
//! milliseconds, so pages never wait for it; until a new index is done,
//! search answers from the previous one.

use crate::output::{Output, SEARCH_DIR};
use crate::site::Site;
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, RwLock};

/// A handle on the background indexer; clones share it.
#[derive(Clone)]
pub struct SearchIndex(Arc<Inner>);

struct Inner {
    /// The files of the latest index that finished, by path.
    files: RwLock<Arc<HashMap<String, Arc<Output>>>>,
    /// The site to index next: only the newest is kept.
    next: Mutex<Option<Site>>,
    wake: Condvar,
}

impl SearchIndex {
    /// Starts the indexer thread.
    pub fn start() -> SearchIndex {
        let index = SearchIndex(Arc::new(Inner {
            files: RwLock::new(Arc::new(HashMap::new())),
            next: Mutex::new(None),
            wake: Condvar::new(),
        }));
        let worker = index.clone();
        std::thread::Builder::new()
            .name("search index".into())
            .spawn(move || worker.run())
            .expect("a thread for the search index");
        index
    }

    /// Asks for the index of `site`, replacing any site still waiting.
    pub fn update(&self, site: &Site) {
        if !site.search() {
            return;
        }
        *self.0.next.lock().unwrap_or_else(|e| e.into_inner()) = Some(site.clone());
        self.0.wake.notify_one();
    }

    /// A file of the latest index, by path (`pagefind/…`).
    pub fn file(&self, path: &str) -> Option<Arc<Output>> {
        if !path.starts_with(SEARCH_DIR) {
            return None;
        }
        let files = Arc::clone(&self.0.files.read().unwrap_or_else(|e| e.into_inner()));
        files.get(path).cloned()
    }

    fn run(&self) {
        loop {
            let site = {
                let mut next = self.0.next.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    if let Some(site) = next.take() {
                        break site;
                    }
                    next = self.0.wake.wait(next).unwrap_or_else(|e| e.into_inner());
                }
            };
            match crate::search::index(&site) {
                Ok(files) => {
                    let files = files
                        .into_iter()
                        .map(|o| (o.path.clone(), Arc::new(o)))
                        .collect();
                    *self.0.files.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(files);
                }
                Err(e) => eprintln!("warning: the search index was not rebuilt: {e}"),
            }
        }
    }
}
