//! Source files as read from disk, and byte-offset → line/column mapping.

use std::path::PathBuf;

/// A report file's text, read once and shared by every later stage.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as it should be shown to a user (relative to the working
    /// directory when possible).
    pub path: PathBuf,
    /// The path relative to the site's `reports/` folder, with `/` separators.
    pub rel_path: String,
    /// The text with any leading byte-order mark removed.
    pub text: String,
}

/// Maps byte offsets to 1-based lines and character columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A resolved position in a file, as users count: 1-based line, 1-based
/// character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The position of a byte offset (clamped to the text, and moved back to
    /// a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let column = text[self.starts[line]..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and character column (clamped to
    /// the end of that line).
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        let line_text = self.line_text(text, line);
        let within = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        start + within
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(text.len(), |&next| next);
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "ab\r\néé x\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 4), Position { line: 2, column: 1 });
        // "x" is after two 2-byte characters and a space.
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position { line: 2, column: 4 });
        assert_eq!(index.offset(text, 2, 4), x);
        assert_eq!(index.line_text(text, 1), "ab");
        assert_eq!(index.line_text(text, 3), "last");
        assert_eq!(index.line_text(text, 9), "");
        // Past the end and inside a character are clamped, never a panic.
        assert_eq!(index.position(text, 999).line, 3);
        assert_eq!(index.position(text, 5), Position { line: 2, column: 1 });
    }
}
