//! The log an earlier run read, kept in the git directory
//! (`.git/retrospect/log-<hash of the site's folder>`) with the commit it
//! ended at, so that the next run asks git only for the commits since:
//! `git log` of a long history costs seconds every run, most of a warm
//! build's reading of git (BENCHMARKS.md, "Action history from git").
//!
//! The kept bytes are git's own output, so the log a run reads (what is new,
//! then what was kept) is byte for byte the log a full read gives, when the
//! commit kept is on the first-parent line of the branch now: the caller
//! checks that ([`super::git::descends`]) and reads everything again when it
//! is not (history rewritten, another branch checked out). The file names
//! the version of Retrospect that wrote it, and the arguments of the log,
//! and holds the length and SHA-1 of the log; a file that does not match is
//! ignored, and replaced in one step after the next read.

use sha1::{Digest, Sha1};
use std::path::{Path, PathBuf};

/// Changed whenever what is kept changes.
const FORMAT: u32 = 1;

/// A log kept by an earlier run: the commit it was read at, and git's
/// output for it.
#[derive(Debug, PartialEq, Eq)]
pub struct Kept {
    pub head: String,
    pub bytes: Vec<u8>,
}

/// Where the log of the site whose reports are at `prefix` (relative to
/// the top of the work tree) is kept, for the git directory `git_dir`.
pub fn path(git_dir: &Path, prefix: &str) -> PathBuf {
    let hash = Sha1::digest(prefix.as_bytes());
    let name: String = hash[..6].iter().map(|b| format!("{b:02x}")).collect();
    git_dir.join("retrospect").join(format!("log-{name}"))
}

/// The first line of the file: what must match for the log to be used.
fn header(head: &str, args: &str, bytes: &[u8]) -> String {
    let sum: String = Sha1::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "retrospect-log {FORMAT} {} {head} {} {sum} {args}\n",
        env!("CARGO_PKG_VERSION"),
        bytes.len()
    )
}

/// The log kept at `path` for a log run with `args`, or `None`.
pub fn load(path: &Path, args: &str) -> Option<Kept> {
    let mut bytes = std::fs::read(path).ok()?;
    let end = memchr::memchr(b'\n', &bytes)?;
    let line = std::str::from_utf8(&bytes[..end]).ok()?.to_string();
    let head = line.split(' ').nth(3)?.to_string();
    bytes.drain(..=end);
    (line + "\n" == header(&head, args, &bytes)).then_some(Kept { head, bytes })
}

/// Keeps the log `bytes`, read at commit `head`, at `path`, replacing the
/// file in one step. A git directory that cannot be written keeps nothing.
pub fn store(path: &Path, args: &str, head: &str, bytes: &[u8]) {
    let mut file = header(head, args, bytes).into_bytes();
    file.extend_from_slice(bytes);
    super::cache::replace(path, &file);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_log_is_read_back_only_as_it_was_written() {
        let dir = std::env::temp_dir().join(format!("retrospect-log-{}", std::process::id()));
        let path = path(&dir, "site/reports/");
        assert_ne!(path, super::path(&dir, "other/reports/"));
        let log = b"\x01c2\0date\0Jo\0s\0\n:100644 100644 a b M\0x.md\0".to_vec();
        store(&path, "log -z", "c2", &log);
        assert_eq!(
            load(&path, "log -z"),
            Some(Kept {
                head: "c2".into(),
                bytes: log.clone()
            })
        );
        // Other arguments, a damaged log or a file that is not one: nothing.
        assert_eq!(load(&path, "log --other"), None);
        let mut damaged = std::fs::read(&path).unwrap();
        *damaged.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &damaged).unwrap();
        assert_eq!(load(&path, "log -z"), None);
        damaged.truncate(damaged.len() - 3);
        std::fs::write(&path, &damaged).unwrap();
        assert_eq!(load(&path, "log -z"), None);
        std::fs::write(&path, "not a log").unwrap();
        assert_eq!(load(&path, "log -z"), None);
        assert_eq!(load(&dir.join("missing"), "log -z"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
