//! Text kept out of the way while the site is in memory: a report's
//! Markdown body is the largest thing the model holds (median 5 KB a
//! report, half a gigabyte at 100,000 reports), and it is read once, when
//! the report's page is rendered (and once more for the search index).
//! `serve` keeps it LZ4-compressed; `build` leaves it in its file and reads
//! it again when it is asked for, checking that it is the same text.

use crate::error::Error;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A string held LZ4-compressed (`lz4_flex`'s block format, its length
/// first), or left in the file it was read from. The same text held the
/// same way always gives the same value, so two held alike are equal
/// exactly when their texts are.
#[derive(Clone, PartialEq, Eq)]
pub struct Packed {
    held: Held,
    /// The text's length, in bytes.
    len: usize,
}

#[derive(Clone, PartialEq, Eq)]
enum Held {
    Bytes(Box<[u8]>),
    InFile(Box<InFile>),
}

/// Where in a file the text is, and what it was when it was read.
#[derive(Clone, PartialEq, Eq)]
struct InFile {
    path: PathBuf,
    /// Where the text starts in the file's text (after any byte-order mark).
    start: usize,
    /// The length of the text in the file, before `cut`.
    len: usize,
    /// A hash of the text as it was read: the file is read again only if
    /// it still holds the same text.
    hash: u64,
    /// Byte ranges of the text left out (internal passages, for the
    /// public), in order.
    cut: Vec<Range<usize>>,
}

fn hash_of(text: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// `text` without the byte ranges `cut` (in order, not overlapping).
pub(super) fn without(text: &str, cut: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in cut {
        out.push_str(&text[at..range.start]);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

impl Packed {
    pub fn new(text: &str) -> Packed {
        Packed {
            held: Held::Bytes(
                lz4_flex::block::compress_prepend_size(text.as_bytes()).into_boxed_slice(),
            ),
            len: text.len(),
        }
    }

    /// The text of `file` (its text as read, after any byte-order mark)
    /// from byte `start`, left in the file: a build holds only where it is
    /// and a hash of it, and [`Packed::unpack`] reads it again.
    pub fn in_file(path: &Path, file: &str, start: usize) -> Packed {
        let text = &file[start..];
        Packed {
            held: Held::InFile(Box::new(InFile {
                path: path.to_path_buf(),
                start,
                len: text.len(),
                hash: hash_of(text),
                cut: Vec::new(),
            })),
            len: text.len(),
        }
    }

    /// The text, read again from its file when it was left there; an
    /// error, naming the file, when the file no longer holds it.
    pub fn unpack(&self) -> Result<String, Error> {
        match &self.held {
            Held::Bytes(bytes) => {
                let bytes = lz4_flex::block::decompress_size_prepended(bytes)
                    .expect("packed by Packed::new");
                Ok(String::from_utf8(bytes).expect("packed from a str"))
            }
            Held::InFile(file) => file.read(),
        }
    }

    /// The text without the byte ranges `cut` (in order, not overlapping).
    pub fn without(&self, cut: &[Range<usize>]) -> Packed {
        match &self.held {
            Held::Bytes(_) => Packed::new(&without(&self.unpack().expect("held in memory"), cut)),
            Held::InFile(file) => {
                // Ranges of the text as it is now, moved to the file's text.
                let mut kept = file.cut.clone();
                for range in cut {
                    let (start, end) = (file.at(range.start, true), file.at(range.end, false));
                    kept.push(start..end);
                }
                kept.sort_by_key(|r| r.start);
                let removed: usize = kept.iter().map(|r| r.end - r.start).sum();
                Packed {
                    held: Held::InFile(Box::new(InFile {
                        cut: kept,
                        ..InFile::clone(file)
                    })),
                    len: file.len - removed,
                }
            }
        }
    }

    /// The text's length, in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// What it takes in memory, in bytes (without the struct itself).
    pub fn packed_len(&self) -> usize {
        match &self.held {
            Held::Bytes(bytes) => bytes.len(),
            Held::InFile(file) => std::mem::size_of::<InFile>() + file.path.as_os_str().len(),
        }
    }
}

impl InFile {
    /// Where offset `at` of the text with `cut` left out is in the text
    /// as read: after the cuts there, for the `start` of a range, and
    /// before them, for its end.
    fn at(&self, mut at: usize, start: bool) -> usize {
        for range in &self.cut {
            if range.start < at || (start && range.start == at) {
                at += range.end - range.start;
            }
        }
        at
    }

    fn read(&self) -> Result<String, Error> {
        let changed = || {
            Error::io(format!(
                "{}: the file changed while the site was built; build again",
                self.path.display()
            ))
        };
        let bytes = std::fs::read(&self.path).map_err(|e| {
            Error::io(format!(
                "{}: cannot read the file: {e}",
                self.path.display()
            ))
        })?;
        let text = String::from_utf8(bytes).map_err(|_| changed())?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let text = text.get(self.start..).ok_or_else(changed)?;
        if text.len() != self.len || hash_of(text) != self.hash {
            return Err(changed());
        }
        Ok(if self.cut.is_empty() {
            text.to_string()
        } else {
            without(text, &self.cut)
        })
    }
}

impl Default for Packed {
    fn default() -> Packed {
        Packed::new("")
    }
}

impl From<&str> for Packed {
    fn from(text: &str) -> Packed {
        Packed::new(text)
    }
}

impl fmt::Debug for Packed {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.unpack() {
            Ok(text) => fmt::Debug::fmt(&text, f),
            Err(e) => write!(f, "<{}>", e.message()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_comes_back_whole_and_smaller() {
        let body = "## What happened\n\nThe primary database failed over at 09:12 — \
                    writes paused for 4 minutes.\n\n```yaml\nreplicas: 3\n```\n"
            .repeat(40);
        let packed = Packed::new(&body);
        assert_eq!(packed.unpack().unwrap(), body);
        assert_eq!(packed.len(), body.len());
        assert!(
            packed.packed_len() < body.len() / 4,
            "{}",
            packed.packed_len()
        );
        assert_eq!(Packed::new(""), Packed::default());
        assert!(Packed::default().is_empty());
        assert_eq!(Packed::default().unpack().unwrap(), "");
        assert_eq!(Packed::new("é ✓"), Packed::from("é ✓"));
        assert_ne!(Packed::new("a"), Packed::new("b"));
        assert_eq!(format!("{:?}", Packed::new("a\"b")), "\"a\\\"b\"");
    }

    #[test]
    fn text_left_in_its_file_is_read_again_and_cut_as_asked() {
        let dir = std::env::temp_dir().join(format!("retrospect-packed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.md");
        // A byte-order mark, which the text as read does not have.
        let text =
            "---\ntitle: T\n---\nOne é.\n<!-- internal -->\nSecret.\n<!-- /internal -->\nTwo.\n";
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
        let start = text.find("One").unwrap();
        let body = &text[start..];
        let packed = Packed::in_file(&path, text, start);
        assert_eq!(packed.unpack().unwrap(), body);
        assert_eq!(packed.len(), body.len());
        assert_eq!(format!("{packed:?}"), format!("{body:?}"));
        // Cut, and cut again, as the text is after the first cut.
        let secret = body.find("<!--").unwrap()..body.find("Two").unwrap();
        let once = packed.without(std::slice::from_ref(&secret));
        assert_eq!(once.unpack().unwrap(), "One é.\nTwo.\n");
        assert_eq!(once.len(), "One é.\nTwo.\n".len());
        let first = 0.."One é.\n".len();
        let twice = once.without(std::slice::from_ref(&first));
        assert_eq!(twice.unpack().unwrap(), "Two.\n");
        assert_eq!(twice.len(), 5);
        // The same cuts of text held in memory give the same text.
        let in_memory = Packed::new(body).without(&[secret]);
        assert_eq!(in_memory.unpack().unwrap(), once.unpack().unwrap());
        assert!(packed.packed_len() < body.len() + 200);
        // A file that no longer holds the text is an error naming it, not
        // another text.
        std::fs::write(&path, text.replace("Two", "Six")).unwrap();
        let error = packed.unpack().unwrap_err();
        assert!(error.message().contains("r.md"), "{}", error.message());
        assert!(error.message().contains("changed"), "{}", error.message());
        assert!(format!("{packed:?}").contains("changed"));
        std::fs::write(&path, "short").unwrap();
        assert!(packed.unpack().is_err());
        std::fs::remove_file(&path).unwrap();
        let error = packed.unpack().unwrap_err();
        assert!(
            error.message().contains("cannot read"),
            "{}",
            error.message()
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
