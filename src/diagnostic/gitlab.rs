//! GitLab Code Quality (a subset of the Code Climate issue format), which
//! GitLab shows in a merge request's widget and diff when a job publishes
//! it as `artifacts: reports: codequality:`.
//!
//! Each issue's `fingerprint` is what GitLab compares between the source
//! and target branches to tell new problems from fixed ones, so it must be
//! stable across runs and unique: the SHA-1 of the code, the
//! repository-relative path, the message with its numbers left out, and
//! how many such issues came before it in the file. Line numbers are left
//! out, so that an edit above a problem does not make it look new, and so
//! are the message's numbers, so that an action "228 days overdue" today
//! is the same issue when it is 229 days overdue tomorrow.

use super::github::repo_relative;
use super::{Diagnostic, Level};
use serde_json::{Value, json};
use sha1::{Digest, Sha1};
use std::collections::HashMap;
use std::path::Path;

/// The issues as GitLab's JSON; a diagnostic of no file is placed at
/// `site_file` (the site's configuration, which GitLab needs a path for).
pub fn render(diagnostics: &[Diagnostic], repo_root: Option<&Path>, site_file: &str) -> String {
    let mut seen: HashMap<(String, &str, String), usize> = HashMap::new();
    let issues: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let path = d
                .file
                .as_deref()
                .map(|f| repo_relative(f, repo_root))
                .unwrap_or_else(|| site_file.to_string());
            let message = without_numbers(&d.message);
            let n = seen
                .entry((path.clone(), d.code.id(), message.clone()))
                .or_insert(0);
            let fingerprint = fingerprint(d.code.id(), &path, &message, *n);
            *n += 1;
            let mut description = format!("{} {}: {}", d.code.id(), d.code.name(), d.message);
            if let Some(help) = &d.help {
                description.push_str(" (help: ");
                description.push_str(help);
                description.push(')');
            }
            json!({
                "description": description,
                "check_name": d.code.id(),
                "fingerprint": fingerprint,
                "severity": match d.level {
                    Level::Error => "major",
                    Level::Warning => "minor",
                },
                "location": {
                    "path": path,
                    "lines": { "begin": d.location.as_ref().map_or(1, |l| l.start.line) },
                },
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).expect("plain data") + "\n"
}

/// The message with each run of digits as `#`.
fn without_numbers(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for c in message.chars() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('#') {
            out.push('#');
        }
    }
    out
}

/// Hex SHA-1 of the issue's identity, fields separated by NUL.
fn fingerprint(code: &str, path: &str, message: &str, n: usize) -> String {
    let mut hasher = Sha1::new();
    for part in [code, path, message, &n.to_string()] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{fingerprint, without_numbers};

    #[test]
    fn numbers_are_left_out_of_the_identity() {
        assert_eq!(
            without_numbers("action `A1` is 228 days overdue"),
            "action `A#` is # days overdue"
        );
    }

    #[test]
    fn fingerprints_differ_by_each_part_and_repeat() {
        let base = fingerprint("R012", "a.md", "m", 0);
        assert_eq!(base.len(), 40);
        assert_eq!(base, fingerprint("R012", "a.md", "m", 0));
        for other in [
            fingerprint("R013", "a.md", "m", 0),
            fingerprint("R012", "b.md", "m", 0),
            fingerprint("R012", "a.md", "n", 0),
            fingerprint("R012", "a.md", "m", 1),
        ] {
            assert_ne!(base, other);
        }
    }
}
