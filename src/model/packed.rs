//! Text kept compressed while the site is in memory: a report's Markdown
//! body is the largest thing the model holds (median 5 KB a report, half a
//! gigabyte at 100,000 reports), and it is read once, when the report's
//! page is rendered (and once more for the search index).

use std::fmt;

/// A string held LZ4-compressed (`lz4_flex`'s block format, its length
/// first). The same text always gives the same bytes, so two are equal
/// exactly when their texts are.
#[derive(Clone, PartialEq, Eq)]
pub struct Packed {
    bytes: Box<[u8]>,
    /// The text's length, in bytes.
    len: usize,
}

impl Packed {
    pub fn new(text: &str) -> Packed {
        Packed {
            bytes: lz4_flex::block::compress_prepend_size(text.as_bytes()).into_boxed_slice(),
            len: text.len(),
        }
    }

    /// The text.
    pub fn unpack(&self) -> String {
        let bytes =
            lz4_flex::block::decompress_size_prepended(&self.bytes).expect("packed by Packed::new");
        String::from_utf8(bytes).expect("packed from a str")
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
        self.bytes.len()
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
        fmt::Debug::fmt(&self.unpack(), f)
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
        assert_eq!(packed.unpack(), body);
        assert_eq!(packed.len(), body.len());
        assert!(
            packed.packed_len() < body.len() / 4,
            "{}",
            packed.packed_len()
        );
        assert_eq!(Packed::new(""), Packed::default());
        assert!(Packed::default().is_empty());
        assert_eq!(Packed::default().unpack(), "");
        assert_eq!(Packed::new("é ✓"), Packed::from("é ✓"));
        assert_ne!(Packed::new("a"), Packed::new("b"));
        assert_eq!(format!("{:?}", Packed::new("a\"b")), "\"a\\\"b\"");
    }
}
