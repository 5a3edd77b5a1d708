//! What each committed version of a report says about its actions, kept
//! between runs in the git directory (`.git/retrospect/versions.json`), by
//! blob id. A blob id names its content, so an entry never goes stale:
//! rewritten history, new commits or an unshallowed clone only add ids to
//! read. The file is tied to the version of Retrospect that wrote it (its
//! reading of old versions may change), and one that cannot be read is
//! ignored and written again. A repeated build then reads with `cat-file`
//! and parses only the versions it has not seen.

use super::Parsed;
use super::versions::ActionState;
use crate::model::ActionStatus;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Changed whenever what is kept, or how it is read, changes.
const FORMAT: u32 = 2;

#[derive(Serialize, Deserialize)]
struct File {
    format: u32,
    retrospect: String,
    /// By blob id; `None`: the version's front matter cannot be read.
    versions: HashMap<String, Option<Entry>>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    published: bool,
    /// `[id, due, status]`: due `""` when none, `"!"` when not a date;
    /// status `null` when not a status.
    actions: Vec<(String, String, Option<String>)>,
}

/// Where the cache of the repository whose git directory is `git_dir` is.
pub fn path(git_dir: &Path) -> PathBuf {
    git_dir.join("retrospect").join("versions.json")
}

/// The versions kept at `path`; none when there is no file, or one that
/// another version of Retrospect wrote or that cannot be read.
pub fn load(path: &Path) -> HashMap<String, Parsed> {
    let Ok(bytes) = std::fs::read(path) else {
        return HashMap::new();
    };
    let Ok(file) = serde_json::from_slice::<File>(&bytes) else {
        return HashMap::new();
    };
    if file.format != FORMAT || file.retrospect != env!("CARGO_PKG_VERSION") {
        return HashMap::new();
    }
    let mut versions = HashMap::with_capacity(file.versions.len());
    for (id, entry) in file.versions {
        let parsed = match entry {
            None => None,
            Some(entry) => match from_entry(entry) {
                Some(read) => Some(read),
                // Not what this version writes: read it again.
                None => continue,
            },
        };
        versions.insert(id, parsed);
    }
    versions
}

fn from_entry(entry: Entry) -> Option<(Arc<Vec<ActionState>>, bool)> {
    let actions = entry
        .actions
        .into_iter()
        .map(|(id, due, status)| {
            let due = match due.as_str() {
                "" => Ok(None),
                "!" => Err(()),
                date => Ok(Some(date.parse::<NaiveDate>().ok()?)),
            };
            let status = match status {
                None => None,
                Some(s) => Some(ActionStatus::parse(&s)?),
            };
            Some(ActionState { id, due, status })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((Arc::new(actions), entry.published))
}

fn to_entry((actions, published): &(Arc<Vec<ActionState>>, bool)) -> Entry {
    Entry {
        published: *published,
        actions: actions
            .iter()
            .map(|a| {
                let due = match a.due {
                    Ok(None) => String::new(),
                    Err(()) => "!".into(),
                    Ok(Some(date)) => date.format("%Y-%m-%d").to_string(),
                };
                let status = a.status.map(|s| s.as_str().to_string());
                (a.id.clone(), due, status)
            })
            .collect(),
    }
}

/// Keeps `versions` (blob ids and what they say) at `path`, replacing the
/// file in one step. A git directory that cannot be written to keeps
/// nothing: the cache only saves time.
pub fn store<'a>(path: &Path, versions: impl Iterator<Item = (&'a String, &'a Parsed)>) {
    let file = File {
        format: FORMAT,
        retrospect: env!("CARGO_PKG_VERSION").into(),
        versions: versions
            .map(|(id, parsed)| (id.clone(), parsed.as_ref().map(to_entry)))
            .collect(),
    };
    if let Ok(bytes) = serde_json::to_vec(&file) {
        replace(path, &bytes);
    }
}

/// Writes `bytes` to `path` in one step (a file beside it, renamed over
/// it), making its folder: another run reads the old file or the new one,
/// never half of one. Nothing is written where that fails: what is kept
/// in the git directory only saves time.
pub(super) fn replace(path: &Path, bytes: &[u8]) {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let temporary = folder.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    if std::fs::write(&temporary, bytes).is_ok() && std::fs::rename(&temporary, path).is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_kept_is_what_is_read_back() {
        let dir = std::env::temp_dir().join(format!("retrospect-cache-{}", std::process::id()));
        let path = path(&dir);
        let date = NaiveDate::from_ymd_opt(2026, 2, 7).unwrap();
        let read: Parsed = Some((
            Arc::new(vec![
                ActionState {
                    id: "FIX-1".into(),
                    due: Ok(Some(date)),
                    status: Some(ActionStatus::InProgress),
                },
                ActionState {
                    id: "A2".into(),
                    due: Err(()),
                    status: None,
                },
                ActionState {
                    id: "A3".into(),
                    due: Ok(None),
                    status: Some(ActionStatus::Done),
                },
            ]),
            true,
        ));
        let kept: Vec<(String, Parsed)> = vec![("b1".into(), read.clone()), ("b2".into(), None)];
        store(&path, kept.iter().map(|(id, p)| (id, p)));
        let loaded = load(&path);
        assert_eq!(loaded.len(), 2);
        assert_eq!(loaded["b1"], read);
        assert_eq!(loaded["b2"], None);

        // Another format, or a file that is not one, keeps nothing.
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace(&format!("\"format\":{FORMAT}"), "\"format\":0"),
        )
        .unwrap();
        assert!(load(&path).is_empty());
        std::fs::write(&path, "not json").unwrap();
        assert!(load(&path).is_empty());
        assert!(load(&dir.join("missing.json")).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
