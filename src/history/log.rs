//! Reading `git log --raw -z` as it streams, newest commit first: the
//! commits, and for each report file there now, every version it had,
//! followed back through its renames.

use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;
use std::io::BufRead;
use std::sync::Arc;

/// A commit that changed a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full commit id.
    pub id: String,
    /// The committer's date, in the committer's offset: when the change
    /// reached the branch.
    pub date: DateTime<FixedOffset>,
    pub author: String,
    /// The first line of the message.
    pub subject: String,
}

/// Every committed version of each report file asked for, oldest first,
/// by its path now (relative to `reports/`): renames followed.
#[derive(Debug, Default)]
pub struct Log {
    pub versions: HashMap<String, Vec<(Arc<Commit>, usize)>>,
    /// The blob ids that `versions` index.
    pub blobs: Vec<String>,
}

/// Parses `git log -z --raw` output as it streams, newest commit first,
/// following each current file back through its renames; `ask` gets each
/// blob (its index in [`Log::blobs`] and id) the first time a version
/// names it. An error says, for a warning, why the log cannot be read.
pub fn parse_log(
    mut input: impl BufRead,
    current: &[&str],
    mut ask: impl FnMut(usize, &str),
) -> Result<Log, String> {
    let bad = || String::from("git log gave output that Retrospect cannot read");
    let mut buffer = Vec::new();
    let mut next = move || -> Result<Option<String>, String> {
        buffer.clear();
        match input.read_until(0, &mut buffer) {
            Ok(0) => Ok(None),
            Ok(_) => {
                if buffer.last() == Some(&0) {
                    buffer.pop();
                }
                Ok(Some(String::from_utf8_lossy(&buffer).into_owned()))
            }
            Err(e) => Err(format!("cannot read git log: {e}")),
        }
    };
    // The path each current file had, as of the commit being read.
    let mut path_of: HashMap<String, String> = current
        .iter()
        .map(|p| (p.to_string(), p.to_string()))
        .collect();
    let mut log = Log::default();
    let mut blob_index: HashMap<String, usize> = HashMap::new();
    let mut commit: Option<Arc<Commit>> = None;
    while let Some(token) = next()? {
        let token = token.trim_start_matches('\n');
        if token.is_empty() {
            continue;
        }
        if let Some(id) = token.strip_prefix('\u{1}') {
            let date = next()?.ok_or_else(bad)?;
            let author = next()?.ok_or_else(bad)?;
            let subject = next()?.ok_or_else(bad)?;
            commit = Some(Arc::new(Commit {
                id: id.to_string(),
                date: DateTime::parse_from_rfc3339(date.trim()).map_err(|_| bad())?,
                author,
                subject,
            }));
            continue;
        }
        // `:old-mode new-mode old-blob new-blob STATUS`, then one path, or
        // two for a rename or copy.
        let meta: Vec<&str> = token.trim_start_matches(':').split(' ').collect();
        let [_, mode, _, blob, status] = meta[..] else {
            return Err(bad());
        };
        let first = next()?.ok_or_else(bad)?;
        let renamed = status.starts_with('R') || status.starts_with('C');
        let (old, new) = if renamed {
            (Some(first), next()?.ok_or_else(bad)?)
        } else {
            (None, first)
        };
        let Some(commit) = &commit else {
            return Err(bad());
        };
        let Some(now) = path_of.get(&new).cloned() else {
            continue;
        };
        match status.as_bytes()[0] {
            b'D' => continue,
            b'A' => {
                // Before this commit, no file of this report was there.
                path_of.remove(&new);
            }
            b'R' => {
                path_of.remove(&new);
                path_of.insert(old.expect("a rename has two paths"), now.clone());
            }
            b'C' => {
                path_of.remove(&new);
            }
            _ => {}
        }
        // Regular files only (not links or submodules).
        if !mode.starts_with("100") {
            continue;
        }
        let next_index = blob_index.len();
        let index = *blob_index.entry(blob.to_string()).or_insert(next_index);
        if index == next_index {
            ask(index, blob);
            log.blobs.push(blob.to_string());
        }
        log.versions
            .entry(now)
            .or_default()
            .push((Arc::clone(commit), index));
    }
    for versions in log.versions.values_mut() {
        versions.reverse();
    }
    Ok(log)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: &str, blob: &str, paths: &[&str]) -> String {
        let mut entry = format!("\n:100644 100644 {} {blob} {status}", "0".repeat(40));
        for path in paths {
            entry.push('\0');
            entry.push_str(path);
        }
        entry.push('\0');
        entry
    }

    fn commit(id: &str, date: &str) -> String {
        format!("\u{1}{id}\0{date}\0Jo\0Subject of {id}\0")
    }

    #[test]
    fn renames_are_followed_back_and_versions_come_oldest_first() {
        let text = [
            commit("c3", "2026-03-01T10:00:00+01:00"),
            raw("M", "b3", &["2026/new.md"]),
            raw("M", "x3", &["other.md"]),
            commit("c2", "2026-02-01T10:00:00Z"),
            raw("R090", "b2", &["old.md", "2026/new.md"]),
            commit("c1", "2026-01-01T10:00:00Z"),
            raw("A", "b1", &["old.md"]),
            raw("D", "0", &["2026/new.md"]),
            commit("c0", "2025-12-01T10:00:00Z"),
            // An earlier file at the same path, deleted in c1: another report.
            raw("A", "b0", &["2026/new.md"]),
        ]
        .concat();
        let log = parse_log(text.as_bytes(), &["2026/new.md"], |_, _| {}).unwrap();
        let versions: Vec<(&str, &str)> = log.versions["2026/new.md"]
            .iter()
            .map(|(c, b)| (c.id.as_str(), log.blobs[*b].as_str()))
            .collect();
        assert_eq!(versions, [("c1", "b1"), ("c2", "b2"), ("c3", "b3")]);
        assert_eq!(log.versions.len(), 1, "other.md was not asked for");
        let c3 = &log.versions["2026/new.md"][2].0;
        assert_eq!(c3.subject, "Subject of c3");
        assert_eq!(c3.date.to_rfc3339(), "2026-03-01T10:00:00+01:00");
    }

    #[test]
    fn output_that_is_not_a_log_is_unreadable_not_a_panic() {
        for text in [
            "\u{1}c1\0not a date\0a\0s\0",
            "\n:100644 M\0a.md\0",
            "\u{1}c1\0",
        ] {
            assert!(
                parse_log(text.as_bytes(), &["a.md"], |_, _| {}).is_err(),
                "{text:?}"
            );
        }
    }
}
