//! What is being served: the last site that built, in memory, and the
//! problems of the latest rebuild if it failed. Request threads take a
//! snapshot; the rebuild loop publishes a new one after every rebuild and
//! wakes the pages waiting to reload.

use super::rebuild::{Built, Problems};
use super::search::SearchIndex;
use crate::error::Error;
use crate::output::{Content, Memory, Output};
use crate::render::Plan;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

/// A site that built, kept in memory: its plan, and the files rendered so
/// far (each is rendered when first asked for, then kept until the next
/// rebuild).
pub struct SiteInMemory {
    plan: Plan,
    rendered: Memory,
    /// The search index, made in the background from the latest site.
    search: Option<SearchIndex>,
}

impl SiteInMemory {
    pub fn new(built: Built, search: Option<SearchIndex>) -> SiteInMemory {
        SiteInMemory {
            plan: built.plan,
            rendered: built.rendered.into_iter().collect(),
            search,
        }
    }

    /// The file at `path` (relative to the site root, e.g. `index.html`),
    /// rendered now if it was not yet. `None` when the site has no such
    /// file; `Err` when a template fails on it.
    pub fn file(&self, path: &str) -> Option<Result<Arc<Output>, Error>> {
        if let Some(file) = self.search.as_ref().and_then(|s| s.file(path)) {
            return Some(Ok(file));
        }
        if let Some(file) = self.rendered.get(path) {
            return Some(Ok(file));
        }
        // Rendered without the lock held: another request may render the
        // same page meanwhile, which costs time, not correctness.
        let outputs = match self.plan.render_path(path)? {
            Ok(outputs) => outputs,
            Err(e) => return Some(Err(e)),
        };
        let mut found = None;
        for output in outputs {
            let output = self.rendered.keep(output);
            if output.path == path {
                found = Some(output);
            }
        }
        found.map(Ok)
    }
}

/// What the server shows until the next rebuild.
pub struct Snapshot {
    /// Changes with every rebuild, and between runs of the server: a page
    /// holds the token it was served with and reloads when it differs.
    pub token: String,
    /// The last site that built; `None` until one has.
    pub site: Option<Arc<SiteInMemory>>,
    /// Why the latest rebuild failed, shown on every page until it is fixed.
    pub problems: Option<Arc<Problems>>,
}

/// The snapshot being served, and a signal for the pages waiting to reload.
pub struct Live {
    session: String,
    current: RwLock<Arc<Snapshot>>,
    /// The number of snapshots published, and whether the server is stopping.
    generation: Mutex<(u64, bool)>,
    changed: Condvar,
}

/// Why [`Live::wait`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// A page with this token should reload.
    Changed,
    TimedOut,
    Stopping,
}

impl Default for Live {
    fn default() -> Self {
        Live::new()
    }
}

impl Live {
    pub fn new() -> Live {
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let session = format!("{:x}{:x}", started.as_secs(), started.subsec_nanos());
        Live {
            current: RwLock::new(Arc::new(Snapshot {
                token: format!("{session}-0"),
                site: None,
                problems: None,
            })),
            session,
            generation: Mutex::new((0, false)),
            changed: Condvar::new(),
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Serves the outcome of a rebuild: a site that built replaces the
    /// last one and clears the problems; problems are shown over the last
    /// site that built. Open pages are told to reload.
    pub fn publish(&self, outcome: Result<SiteInMemory, Problems>) {
        let mut generation = self.generation.lock().unwrap_or_else(|e| e.into_inner());
        generation.0 += 1;
        let token = format!("{}-{}", self.session, generation.0);
        let old = {
            let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
            let snapshot = match outcome {
                Ok(site) => Snapshot {
                    token,
                    site: Some(Arc::new(site)),
                    problems: None,
                },
                Err(problems) => Snapshot {
                    token,
                    site: current.site.clone(),
                    problems: Some(Arc::new(problems)),
                },
            };
            std::mem::replace(&mut *current, Arc::new(snapshot))
        };
        self.changed.notify_all();
        drop(generation);
        // Freeing a large site's pages and views takes a while: not on the
        // way to the next page.
        std::thread::spawn(move || drop(old));
    }

    /// Waits until the snapshot's token is no longer `token`, the server
    /// stops, or `timeout` passes.
    pub fn wait(&self, token: &str, timeout: Duration) -> Wake {
        let deadline = std::time::Instant::now() + timeout;
        let mut generation = self.generation.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if generation.1 {
                return Wake::Stopping;
            }
            if self.snapshot().token != token {
                return Wake::Changed;
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Wake::TimedOut;
            }
            generation = self
                .changed
                .wait_timeout(generation, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Tells waiting pages that the server is stopping.
    pub fn stop(&self) {
        self.generation.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.changed.notify_all();
    }
}

/// The bytes of a file, reading it from disk when it is a copy (as `build`
/// copies it: a regular file, not through a last symlink, size-limited).
pub fn bytes(output: &Output) -> Result<std::borrow::Cow<'_, [u8]>, crate::confine::Refusal> {
    match &output.content {
        Content::Bytes(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
        Content::Copy(path) => {
            crate::confine::read_limited(path, crate::load::MAX_ATTACHMENT_BYTES)
                .map(std::borrow::Cow::Owned)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_pages_wake_on_a_new_snapshot_and_on_stop() {
        let live = Arc::new(Live::new());
        let token = live.snapshot().token.clone();
        assert_eq!(live.wait(&token, Duration::from_millis(10)), Wake::TimedOut);
        assert_eq!(live.wait("an older token", Duration::ZERO), Wake::Changed);

        let waiter = {
            let live = Arc::clone(&live);
            let token = token.clone();
            std::thread::spawn(move || live.wait(&token, Duration::from_secs(30)))
        };
        std::thread::sleep(Duration::from_millis(20));
        live.publish(Err(Problems::default()));
        assert_eq!(waiter.join().unwrap(), Wake::Changed);
        let snapshot = live.snapshot();
        assert_ne!(snapshot.token, token);
        assert!(snapshot.problems.is_some() && snapshot.site.is_none());

        let waiter = {
            let live = Arc::clone(&live);
            let token = snapshot.token.clone();
            std::thread::spawn(move || live.wait(&token, Duration::from_secs(30)))
        };
        std::thread::sleep(Duration::from_millis(20));
        live.stop();
        assert_eq!(waiter.join().unwrap(), Wake::Stopping);
    }
}
