//! Splitting a report into its front matter and body, keeping byte offsets.

use std::ops::Range;

/// Where the parts of a report lie in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The YAML between the two `---` lines.
    pub front_matter: Range<usize>,
    /// Everything after the closing `---` line.
    pub body: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    Empty,
    /// The first line is not `---`.
    NoOpening,
    /// No closing `---` line.
    Unclosed,
}

/// Finds the front matter: a first line `---`, then YAML up to the next line
/// that is `---`. Trailing spaces and CRLF line ends are accepted.
pub fn split(text: &str) -> Result<Parts, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = LineIter { text, pos: 0 };
    match lines.next() {
        Some((line, _)) if is_fence(line) => {}
        _ => return Err(SplitError::NoOpening),
    }
    let yaml_start = lines.pos;
    for (line, start) in lines.by_ref() {
        if is_fence(line) {
            return Ok(Parts {
                front_matter: yaml_start..start,
                body: lines.pos..text.len(),
            });
        }
    }
    Err(SplitError::Unclosed)
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Lines without their ending, with their start offsets.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (&'a str, usize);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, advance) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((line.strip_suffix('\r').unwrap_or(line), start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: x\n---\n# Body\n";
        let parts = split(text).unwrap();
        assert_eq!(&text[parts.front_matter], "title: x\n");
        assert_eq!(&text[parts.body], "# Body\n");
    }

    #[test]
    fn accepts_crlf_and_trailing_spaces_and_empty_front_matter() {
        let text = "---  \r\ntitle: x\r\n---\r\nbody";
        let parts = split(text).unwrap();
        assert_eq!(&text[parts.front_matter], "title: x\r\n");
        assert_eq!(&text[parts.body], "body");
        let parts = split("---\n---\n").unwrap();
        assert!(parts.front_matter.is_empty());
        assert!(parts.body.is_empty());
    }

    #[test]
    fn reports_what_is_missing() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split(" \n\n"), Err(SplitError::Empty));
        assert_eq!(split("# Title\n---\n"), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed));
        // A horizontal rule made of more dashes is not a fence.
        assert_eq!(split("---\ntitle: x\n----\n"), Err(SplitError::Unclosed));
    }
}
