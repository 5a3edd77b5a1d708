//! Load stage: find a site's report files and read them (the pipeline reads them in parallel).
//! Every file is read through [`crate::confine`]: inside the site, regular,
//! and size-limited while reading.

use crate::confine::{self, Folders, Refusal, Root};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ErrorKind};
use crate::source::{LineIndex, SourceFile};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Reports larger than this are refused: no postmortem is 10 MiB of text,
/// and reading one would only slow every build.
pub const MAX_REPORT_BYTES: u64 = 10 * 1024 * 1024;

/// Attachments larger than this are refused: a site is not a file store.
pub const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;

/// The files of a site's `reports/` folder, sorted by path.
#[derive(Debug, Default, Clone)]
pub struct SiteFiles {
    /// `.md` reports, as (path on disk, path relative to `reports/`). Each
    /// is checked when it is read ([`read_report`]), and refused with a
    /// diagnostic if it leaves the site or is not a regular file.
    pub reports: Vec<(PathBuf, String)>,
    /// Other files (images, logs), copied beside the reports that link to
    /// them, as (real path, path relative to `reports/`): only regular files
    /// whose real path is inside `reports/` ([`attachment`]). A report that
    /// links to a file left out is an error (`R058`).
    pub attachments: Vec<(PathBuf, String)>,
}

/// Lists `SITE/reports/**`, skipping names that start with `_` or `.`.
pub fn discover(site: &Path) -> Result<SiteFiles, Error> {
    let root = site.join("reports");
    if !root.is_dir() {
        return Err(no_reports_folder(site));
    }
    let mut files = SiteFiles::default();
    let confined =
        Root::new(&root).map_err(|e| Error::io(format!("cannot read {}: {e}", display(&root))))?;
    let walker = WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name()));
    for entry in walker {
        let entry = entry.map_err(|e| Error::io(format!("cannot read {}: {e}", display(&root))))?;
        // A symlinked report is read through its link (a broken one is
        // reported as unreadable); folders are walked.
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if is_report(path) {
            files.reports.push((display_path(path), rel));
        } else if let Ok(real) = attachment(&confined, path) {
            files.attachments.push((real, rel));
        }
    }
    Ok(files)
}

/// The real path of an attachment, when it may be copied: a regular file
/// inside `reports/`, not larger than [`MAX_ATTACHMENT_BYTES`] on disk (the
/// copy counts again). The same check makes a report's link to it an error.
pub fn attachment(root: &Root, path: &Path) -> Result<PathBuf, Refusal> {
    let real = root.check(path)?;
    let len = std::fs::metadata(&real)
        .map_err(|e| Refusal::Unreadable(e.to_string()))?
        .len();
    if len > MAX_ATTACHMENT_BYTES {
        return Err(Refusal::TooLarge(MAX_ATTACHMENT_BYTES));
    }
    Ok(real)
}

impl SiteFiles {
    /// Brings the lists up to date after the file `rel_path` (relative to
    /// `reports/`) changed, appeared or went, as [`discover`] would list
    /// it, without walking the folder again. `false` when that cannot be
    /// done (a folder appeared or went): then [`discover`] again.
    pub fn refresh(&mut self, site: &Path, rel_path: &str) -> bool {
        if rel_path.is_empty() {
            return false;
        }
        if rel_path.split('/').any(|part| is_ignored(part.as_ref())) {
            return true;
        }
        let mut path = site.join("reports");
        path.extend(rel_path.split('/'));
        let exists = match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => return false,
            Ok(_) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(_) => return false,
        };
        let is_report = is_report(&path);
        let (list, listed) = if is_report {
            (&mut self.reports, display_path(&path))
        } else if !exists {
            (&mut self.attachments, PathBuf::new())
        } else {
            // An attachment that may not be copied is not listed, as in
            // `discover`.
            let checked = Root::new(&site.join("reports"))
                .map_err(|e| Refusal::Unreadable(e.to_string()))
                .and_then(|root| attachment(&root, &path));
            match checked {
                Ok(real) => (&mut self.attachments, real),
                Err(_) => {
                    let found = self.attachments.iter().position(|(_, rel)| rel == rel_path);
                    if let Some(at) = found {
                        self.attachments.remove(at);
                    }
                    return true;
                }
            }
        };
        // The order of `discover`: a folder's entries sorted by name, each
        // folder's files listed where the folder's name sorts.
        let found = list.binary_search_by(|(_, rel)| rel.split('/').cmp(rel_path.split('/')));
        match (found, exists) {
            (Ok(at), true) => {
                list[at].0 = listed;
                true
            }
            (Err(at), true) => {
                list.insert(at, (listed, rel_path.to_string()));
                true
            }
            (Ok(at), false) => {
                list.remove(at);
                true
            }
            // Gone, and not a file that was listed: a folder, perhaps.
            (Err(_), false) => {
                let folder = format!("{rel_path}/");
                !self
                    .reports
                    .iter()
                    .chain(&self.attachments)
                    .any(|(_, rel)| rel.starts_with(&folder))
            }
        }
    }
}

/// Whether a file is a report: `.md`, or `.markdown` as some editors name
/// Markdown files.
pub fn is_report(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "md" || e == "markdown")
}

/// The error for a folder that is not a site.
pub fn no_reports_folder(site: &Path) -> Error {
    Error::new(
        ErrorKind::Site,
        format!(
            "{} has no `reports/` folder; a site is a folder with an optional `retrospect.yaml` and the reports under `reports/`",
            display(site)
        ),
    )
}

fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('_') || name.starts_with('.')
}

/// `./reports/a.md` → `reports/a.md`: paths as a user would type them.
pub fn display_path(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

fn display(path: &Path) -> String {
    let shown = display_path(path);
    if shown.as_os_str().is_empty() {
        ".".into()
    } else {
        shown.display().to_string()
    }
}

/// The site's `reports/` folder, from a report's path and its path
/// relative to that folder.
pub fn reports_folder(path: &Path, rel_path: &str) -> PathBuf {
    let depth = rel_path.split('/').count();
    path.ancestors()
        .nth(depth)
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Reads one report: inside `reports/`, a regular file, size-limited while
/// reading, UTF-8, no NUL bytes, BOM removed.
pub fn read_report(path: &Path, rel_path: &str) -> Result<SourceFile, Box<Diagnostic>> {
    let root = Root::new(&reports_folder(path, rel_path)).map_err(|e| {
        Box::new(
            Diagnostic::new(Code::Unreadable, format!("cannot read the file: {e}")).in_file(path),
        )
    })?;
    read_with(path, rel_path, |path| root.read(path, MAX_REPORT_BYTES))
}

/// A site's `reports/` folder and its folders, resolved once for reading
/// every report ([`read_report_in`]) instead of once per report.
pub struct ReportsRoot {
    root: Root,
    folders: Folders,
}

impl ReportsRoot {
    /// The folder of these reports (as [`discover`] lists them); `None`
    /// when there are none or it cannot be resolved.
    pub fn of(reports: &[(PathBuf, String)]) -> Option<ReportsRoot> {
        let (path, rel) = reports.first()?;
        Some(ReportsRoot {
            root: Root::new(&reports_folder(path, rel)).ok()?,
            folders: Folders::default(),
        })
    }
}

/// [`read_report`] of a report of `root`'s site.
pub fn read_report_in(
    root: &ReportsRoot,
    path: &Path,
    rel_path: &str,
) -> Result<SourceFile, Box<Diagnostic>> {
    read_with(path, rel_path, |path| {
        root.root.read_in(path, &root.folders, MAX_REPORT_BYTES)
    })
}

fn read_with(
    path: &Path,
    rel_path: &str,
    read: impl FnOnce(&Path) -> Result<Vec<u8>, Refusal>,
) -> Result<SourceFile, Box<Diagnostic>> {
    let fail = |message: String| Diagnostic::new(Code::Unreadable, message).in_file(path);
    let bytes = read(path).map_err(|refusal| {
        let help = match refusal {
            Refusal::Outside(_) => {
                "a report is read only from inside the site's `reports/` folder: copy the file there instead of linking to it"
            }
            Refusal::NotAFile(_) => "a report is a regular file of Markdown text",
            Refusal::TooLarge(_) => {
                "move logs and data into an attachment next to the report and link to it"
            }
            Refusal::Unreadable(_) => "check that the file exists and can be read",
        };
        let message = match refusal {
            Refusal::TooLarge(limit) => format!(
                "the file is larger than {}, the limit for a report",
                confine::size(limit)
            ),
            Refusal::Unreadable(e) => format!("cannot read the file: {e}"),
            other => format!("the file is not read: {other}"),
        };
        Box::new(fail(message).with_help(help))
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            let line = LineIndex::new(prefix).position(prefix, valid).line;
            return Err(Box::new(
                fail(format!(
                    "the file is not UTF-8 text (invalid byte 0x{:02x} on line {line})",
                    bytes[valid]
                ))
                .with_help("save the file as UTF-8"),
            ));
        }
    };
    if let Some(nul) = memchr::memchr(0, text.as_bytes()) {
        let line = LineIndex::new(&text).position(&text, nul).line;
        return Err(Box::new(
            fail(format!("the file looks binary (a NUL byte on line {line})")).with_help(
                "reports are Markdown text; attachments need another extension than `.md`",
            ),
        ));
    }
    let text = match text.strip_prefix('\u{feff}') {
        Some(stripped) => stripped.to_string(),
        None => text,
    };
    Ok(SourceFile {
        path: path.to_path_buf(),
        rel_path: rel_path.to_string(),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refreshed_lists_are_what_discover_finds() {
        let site = std::env::temp_dir().join(format!("retrospect-load-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&site);
        let write = |rel: &str| {
            let path = site.join("reports").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        };
        for rel in ["a.md", "a/x.md", "b.md", "b.png", "z/y.md"] {
            write(rel);
        }
        let mut files = discover(&site).unwrap();
        let names = |f: &SiteFiles| {
            let list =
                |l: &[(PathBuf, String)]| l.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>();
            (list(&f.reports), list(&f.attachments))
        };
        // Folders sort by name among files: `a/` before `a.md`.
        assert_eq!(names(&files).0, ["a/x.md", "a.md", "b.md", "z/y.md"]);

        write("a/w.md");
        write("a.0.md");
        write("a/notes.txt");
        write("_draft.md");
        write("z/.y.md.swp");
        std::fs::remove_file(site.join("reports/b.md")).unwrap();
        for rel in [
            "a/w.md",
            "a.0.md",
            "a/notes.txt",
            "_draft.md",
            "z/.y.md.swp",
            "b.md",
            "gone.md",
        ] {
            assert!(files.refresh(&site, rel), "{rel}");
        }
        assert_eq!(names(&files), names(&discover(&site).unwrap()));
        assert_eq!(
            files.reports.iter().find(|(_, r)| r == "a/w.md").unwrap().0,
            discover(&site).unwrap().reports[0].0
        );

        // A folder that appears or goes is walked again.
        write("new/c.md");
        assert!(!files.refresh(&site, "new"));
        std::fs::remove_dir_all(site.join("reports/z")).unwrap();
        assert!(!files.refresh(&site, "z"));
        let _ = std::fs::remove_dir_all(&site);
    }
}
