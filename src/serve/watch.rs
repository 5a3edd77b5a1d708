//! Which files of the site changed, from the file system's notifications
//! (`notify`, debounced by `notify-debouncer-full`: a file saved several
//! times in quick succession is one change; reading a file is none, so
//! a rebuild does not start another). Watched: `retrospect.yaml`,
//! `reports/`, `templates/` and `themes/`; never the output folder, so
//! that nothing `build` writes starts a rebuild, and not editors' swap,
//! backup and temporary files.

use super::rebuild::Changes;
use crate::error::{Error, ErrorKind};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// How long after a file's last change the change is reported, and how
/// often the debouncer looks: a file saved several times within this time
/// is one change.
pub const DEBOUNCE: Duration = Duration::from_millis(150);
const TICK: Duration = Duration::from_millis(25);

/// The folders below the site that are watched, when they exist.
const FOLDERS: [&str; 3] = ["reports", "templates", "themes"];

/// Watches a site; reports each batch of changes to `on_change`.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: HashSet<PathBuf>,
}

impl Watcher {
    /// Starts watching `site`. `on_change` runs on the watcher's thread with
    /// the changes of one batch (never empty), or with an error.
    pub fn start(
        site: &Path,
        on_change: impl Fn(Result<Changes, Error>) + Send + 'static,
    ) -> Result<Watcher, Error> {
        let root = site.canonicalize().map_err(|e| watch_failed(site, &e))?;
        let handler_root = root.clone();
        let debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |result: DebounceEventResult| {
            match result {
                Ok(events) => {
                    let mut changes = Changes::default();
                    for event in events {
                        if event.need_rescan() {
                            changes.everything = true;
                        }
                        // Reading a file (as a rebuild does) changes nothing.
                        if matches!(event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        for path in &event.paths {
                            if let Some(change) = classify(&handler_root, path) {
                                changes.merge(change);
                            }
                        }
                    }
                    if !changes.is_empty() {
                        on_change(Ok(changes));
                    }
                }
                Err(errors) => {
                    for e in errors {
                        on_change(Err(Error::new(
                            ErrorKind::Server,
                            format!("watching files: {e}"),
                        )));
                    }
                }
            }
        })
        .map_err(|e| watch_failed(site, &e))?;
        let mut watcher = Watcher {
            debouncer,
            root,
            watched: HashSet::new(),
        };
        // The site folder itself, not below: `retrospect.yaml`, and folders
        // that appear or go.
        watcher
            .debouncer
            .watch(&watcher.root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_failed(site, &e))?;
        watcher.follow_folders()?;
        Ok(watcher)
    }

    /// Watches the folders that appeared since the last call, and forgets
    /// the ones that went. Call after each batch of changes.
    pub fn follow_folders(&mut self) -> Result<(), Error> {
        for name in FOLDERS {
            let folder = self.root.join(name);
            let exists = folder.is_dir();
            let watched = self.watched.contains(&folder);
            if exists && !watched {
                self.debouncer
                    .watch(&folder, RecursiveMode::Recursive)
                    .map_err(|e| watch_failed(&folder, &e))?;
                self.watched.insert(folder);
            } else if !exists && watched {
                let _ = self.debouncer.unwatch(&folder);
                self.watched.remove(&folder);
            }
        }
        Ok(())
    }
}

/// What a change to `path` means for the site at `root` (both absolute);
/// `None` for a file that does not matter.
pub fn classify(root: &Path, path: &Path) -> Option<Changes> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (first, rest) = parts.split_first()?;
    if parts.last().is_some_and(|name| is_scratch(name)) {
        return None;
    }
    let mut changes = Changes::default();
    match (*first, rest) {
        (crate::config::CONFIG_FILE, []) => changes.config = true,
        // The whole folder appeared or went.
        ("reports", []) => changes.everything = true,
        // What `load` ignores, a change to it does not rebuild.
        ("reports", rest) if rest.iter().any(|p| p.starts_with(['_', '.'])) => return None,
        ("reports", rest) => changes.reports.push(rest.join("/")),
        ("templates", _) => changes.templates = true,
        ("themes", _) => changes.theme = true,
        _ => return None,
    }
    Some(changes)
}

/// Files editors write beside the one being edited: swap files, backups,
/// lock files and temporary files saved under another name first.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".kate-swp",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

/// A folder that cannot be watched.
fn watch_failed(folder: &Path, error: &dyn std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Server,
        format!("cannot watch {}: {error}", folder.display()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_classified_and_scratch_files_ignored() {
        let root = Path::new("/site");
        let change = |rel: &str| classify(root, &root.join(rel));
        let reports = |rel: &str| Changes {
            reports: vec![rel.into()],
            ..Changes::default()
        };
        assert_eq!(change("reports/2025/a.md"), Some(reports("2025/a.md")));
        assert_eq!(
            change("reports/2025/graph.png"),
            Some(reports("2025/graph.png"))
        );
        assert_eq!(change("reports/2025"), Some(reports("2025")));
        assert!(change("reports").unwrap().everything);
        assert!(change("retrospect.yaml").unwrap().config);
        assert!(change("templates/report.html").unwrap().templates);
        assert!(change("themes/default/style.css").unwrap().theme);
        for ignored in [
            "public/index.html",
            "public",
            ".git/index",
            "README.md",
            "reports/_drafts/a.md",
            "reports/.hidden.md",
            "reports/a.md~",
            "reports/.a.md.swp",
            "reports/a.md.swp",
            "reports/#a.md#",
            "reports/4913",
            "reports/a.md___jb_tmp___",
            "templates/.report.html.swx",
        ] {
            assert_eq!(change(ignored), None, "{ignored}");
        }
        assert_eq!(classify(root, Path::new("/elsewhere/reports/a.md")), None);
    }
}
