//! Parse stage: a source file → its typed front matter and analysed body.
//! Problems are reported through the file's reporter; a file whose front
//! matter cannot be read at all yields nothing.

pub mod body;
pub mod comments;
pub mod entries;
pub mod fields;
pub mod front_matter;
pub mod keys;
pub mod links;
mod markers;
pub mod placeholder;
pub mod scan;
pub mod split;

use crate::diagnostic::{Code, FileReporter};
use crate::model::Body;
use crate::yaml::{self, NodeKind, YamlErrorKind};
use fields::Reader;
pub use front_matter::FrontMatter;
use split::SplitError;
use std::ops::Range;

/// A report as written, typed but not yet validated.
#[derive(Debug)]
pub struct ParsedReport {
    pub front: FrontMatter,
    /// The front matter's YAML text in the file.
    pub front_span: Range<usize>,
    pub body: Body,
    /// The body's relative links to files beside the report.
    pub local_links: Vec<links::LocalLink>,
}

pub fn parse(reporter: &mut FileReporter, placeholders: &[String]) -> Option<ParsedReport> {
    let text = &reporter.file.text;
    let parts = match split::split(text) {
        Ok(parts) => parts,
        Err(SplitError::Empty) => {
            reporter
                .report_file(Code::NoFrontMatter, "the file is empty")
                .set_help("start with a line `---`, then the front matter (at least title, date, severity, status and started), then `---`");
            return None;
        }
        Err(SplitError::NoOpening) => {
            let first = text.lines().next().unwrap_or("").len();
            reporter
                .report(
                    Code::NoFrontMatter,
                    0..first,
                    "the report does not start with front matter",
                )
                .set_help(
                    "the first line must be `---`, followed by YAML keys and a closing `---` line",
                );
            return None;
        }
        Err(SplitError::Unclosed) => {
            reporter
                .report(
                    Code::UnclosedFrontMatter,
                    0..3,
                    "the front matter opened here is never closed",
                )
                .set_help("add a line `---` after the last key, before the Markdown body");
            return None;
        }
    };
    let yaml_text = &text[parts.front_matter.clone()];
    let base = parts.front_matter.start;
    let tree = match yaml::parse(yaml_text) {
        Ok(tree) => tree,
        Err(error) => {
            let code = match error.kind {
                YamlErrorKind::Syntax => Code::YamlSyntax,
                YamlErrorKind::DuplicateKey => Code::DuplicateKey,
                YamlErrorKind::Limit => Code::YamlLimit,
            };
            let fm_first_line = reporter.index().position(text, base).line;
            let help = match code {
                Code::DuplicateKey => "remove one of the two; each key may appear once",
                Code::YamlLimit => {
                    "front matter is plain data: no deep nesting and no chains of aliases"
                }
                _ if error.message.contains("indent") => {
                    "check the indentation: nested keys are indented with spaces, never tabs"
                }
                _ => {
                    "check the YAML near here; values holding `: `, ` #` or starting with a special character need quotes"
                }
            };
            reporter
                .report_at_line(
                    code,
                    fm_first_line + error.line - 1,
                    error.column,
                    error.message,
                )
                .set_help(help);
            return None;
        }
    };
    let front = match &tree.kind {
        NodeKind::Map(entries) => {
            let mut reader = Reader { reporter, base };
            front_matter::read(&mut reader, entries)
        }
        NodeKind::Null => FrontMatter::default(),
        other => {
            let span = base + tree.span.start..base + tree.span.end;
            reporter.report(
                Code::NotAMapping,
                span,
                format!(
                    "the front matter must be a mapping of keys to values, found {}",
                    other.describe()
                ),
            );
            return None;
        }
    };
    let (body, found) = body::analyse(reporter, parts.body, placeholders);
    Some(ParsedReport {
        front,
        front_span: parts.front_matter,
        body,
        local_links: found.local_links,
    })
}
