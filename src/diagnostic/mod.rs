//! One diagnostic type for every stage, rendered as human text, JSON,
//! GitHub workflow commands or SARIF by the sibling modules.

mod code;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod sarif;

pub use code::{Code, Level};

use crate::source::{LineIndex, Position, SourceFile};
use std::cell::OnceCell;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where a diagnostic points: a file, and a range within one of its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub start: Position,
    /// Exclusive end column on the start line (at least `start.column + 1`).
    pub end_column: usize,
    /// The text of the start line, for snippets.
    pub source_line: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub level: Level,
    pub message: String,
    pub file: Option<PathBuf>,
    pub location: Option<Location>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            level: code.default_level(),
            message: message.into(),
            file: None,
            location: None,
            help: None,
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn set_help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Points at a byte range of `text`.
    pub fn at_span(mut self, text: &str, index: &LineIndex, span: Range<usize>) -> Self {
        self.location = Some(locate(text, index, span));
        self
    }

    /// Sort key: file, position, code, message. Output order is deterministic.
    pub fn sort_key(&self) -> (Option<&Path>, Option<Position>, Code, &str) {
        (
            self.file.as_deref(),
            self.location.as_ref().map(|l| l.start),
            self.code,
            &self.message,
        )
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

pub(crate) fn locate(text: &str, index: &LineIndex, span: Range<usize>) -> Location {
    let start = index.position(text, span.start);
    let source_line = index.line_text(text, start.line).to_string();
    let line_chars = source_line.chars().count();
    let end = index.position(text, span.end.max(span.start));
    let end_column = if end.line == start.line {
        end.column
    } else {
        line_chars + 1
    };
    Location {
        start,
        end_column: end_column.max(start.column + 1),
        source_line,
    }
}

/// Collects the diagnostics of one file, computing line positions only once
/// the first diagnostic needs them.
pub struct FileReporter<'a> {
    pub file: &'a SourceFile,
    index: OnceCell<LineIndex>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> FileReporter<'a> {
    pub fn new(file: &'a SourceFile) -> Self {
        FileReporter {
            file,
            index: OnceCell::new(),
            diagnostics: Vec::new(),
        }
    }

    pub fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.file.text))
    }

    /// A line index that places any offset before `end` as [`Self::index`]
    /// does: that index when it is built, else one of the lines up to
    /// `end` only (the front matter's fields, for a file that may never
    /// have a diagnostic, need not index the whole body).
    pub fn index_to(&self, end: usize) -> std::borrow::Cow<'_, LineIndex> {
        use std::borrow::Cow;
        if let Some(index) = self.index.get() {
            return Cow::Borrowed(index);
        }
        let text = &self.file.text;
        let end = end.min(text.len());
        let cut =
            memchr::memchr(b'\n', &text.as_bytes()[end..]).map_or(text.len(), |i| end + i + 1);
        Cow::Owned(LineIndex::new(&text[..cut]))
    }

    /// Records a diagnostic at a byte range of the file and returns it so a
    /// help line can be added.
    pub fn report(
        &mut self,
        code: Code,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let diagnostic = Diagnostic::new(code, message)
            .in_file(&self.file.path)
            .at_span(&self.file.text, self.index(), span);
        self.diagnostics.push(diagnostic);
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Records a diagnostic at a 1-based line and character column.
    pub fn report_at_line(
        &mut self,
        code: Code,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let offset = self.index().offset(&self.file.text, line, column);
        let end = next_char_boundary(&self.file.text, offset);
        self.report(code, offset..end, message)
    }

    /// Records a diagnostic about the file as a whole.
    pub fn report_file(&mut self, code: Code, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics
            .push(Diagnostic::new(code, message).in_file(&self.file.path));
        self.diagnostics.last_mut().expect("just pushed")
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The end of the character starting at `offset` (or `offset` at the end).
pub fn next_char_boundary(text: &str, offset: usize) -> usize {
    text[offset.min(text.len())..]
        .chars()
        .next()
        .map_or(offset.min(text.len()), |c| offset + c.len_utf8())
}

/// Counts of a finished run, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub reports: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn of(reports: usize, diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Summary {
            reports,
            errors,
            warnings: diagnostics.len() - errors,
        }
    }

    /// `checked 12 reports: 1 error, 3 warnings`
    pub fn line(&self) -> String {
        format!(
            "checked {}: {}, {}",
            plural(self.reports, "report", "reports"),
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
        )
    }
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", group_thousands(n), if n == 1 { one } else { many })
}

/// `1204` → `1,204`.
pub fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_uses_plurals_and_thousands() {
        let s = Summary {
            reports: 10_000,
            errors: 1,
            warnings: 0,
        };
        assert_eq!(s.line(), "checked 10,000 reports: 1 error, 0 warnings");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_204), "1,204");
    }

    #[test]
    fn location_spans_stay_on_one_line() {
        let text = "key: value\nnext: x\n";
        let index = LineIndex::new(text);
        let loc = locate(text, &index, 5..text.len());
        assert_eq!(loc.start, Position { line: 1, column: 6 });
        assert_eq!(loc.end_column, 11);
        assert_eq!(loc.source_line, "key: value");
    }
}
