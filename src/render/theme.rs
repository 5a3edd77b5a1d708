//! The theme's static files: built into the binary, overridable and
//! extendable file by file from the site's `themes/NAME/`.

use crate::error::{Error, ErrorKind};
use std::path::{Path, PathBuf};

/// The built-in default theme, by file name.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "favicon.svg",
        include_str!("../../themes/default/favicon.svg"),
    ),
    ("search.js", include_str!("../../themes/default/search.js")),
    ("sort.js", include_str!("../../themes/default/sort.js")),
    ("style.css", include_str!("../../themes/default/style.css")),
    ("theme.js", include_str!("../../themes/default/theme.js")),
];

/// A file of the theme, served under `assets/`.
#[derive(Debug, Clone)]
pub enum ThemeFile {
    BuiltIn(&'static str),
    Site(PathBuf),
}

/// The theme's files by name: the built-in ones, replaced or added to by
/// `SITE/themes/NAME/` (any depth).
pub fn files(site: &Path, name: &str) -> Result<Vec<(String, ThemeFile)>, Error> {
    let mut files: Vec<(String, ThemeFile)> = BUILT_IN
        .iter()
        .map(|(n, t)| (n.to_string(), ThemeFile::BuiltIn(t)))
        .collect();
    let dir = site.join("themes").join(name);
    if dir.is_dir() {
        // Each file's real path must be inside `themes/`: the theme's
        // folder may not be a link out of the site.
        let root = crate::confine::Root::new(&site.join("themes"))
            .map_err(|e| Error::io(format!("cannot read {}: {e}", dir.display())))?;
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry =
                entry.map_err(|e| Error::io(format!("cannot read {}: {e}", dir.display())))?;
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&dir)
                .expect("below the theme folder")
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let real = root.check(entry.path()).map_err(|r| {
                Error::new(
                    r.kind(),
                    format!("theme file {}: {r}", entry.path().display()),
                )
            })?;
            let file = ThemeFile::Site(real);
            match files.iter_mut().find(|(n, _)| *n == rel) {
                Some(slot) => slot.1 = file,
                None => files.push((rel, file)),
            }
        }
    } else if name != "default" {
        return Err(Error::new(
            ErrorKind::Site,
            format!(
                "theme `{name}` not found: expected a folder {}",
                dir.display()
            ),
        ));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}
