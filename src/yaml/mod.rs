//! YAML → a plain tree of nodes that remember where they came from.
//!
//! The front matter is parsed into this generic tree first, and typed
//! afterwards (`parse::fields`), so that one wrong value gives one precise
//! error and the others are still checked. The tree is built straight from
//! the events of serde-saphyr's YAML parser (granit-parser, re-exported by
//! serde-saphyr): going through serde with `Spanned<T>` for every node cost
//! three times as much (see BENCHMARKS.md), and front matter is parsed for
//! every report on every run. Scalars are resolved by the YAML 1.2 core
//! schema; budgets stop alias bombs and deep nesting. No other module
//! touches the YAML library.

mod fast;
mod scalar;

use scalar::resolve_plain;
use serde_saphyr::Budget;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A YAML node with its byte range in the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl NodeKind {
    /// How the kind is named in messages ("expected a list, found a number").
    pub fn describe(&self) -> &'static str {
        match self {
            NodeKind::Null => "nothing",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) | NodeKind::Float(_) => "a number",
            NodeKind::Str(_) => "a string",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}

/// Why a YAML text could not be turned into a tree. Line and column are
/// 1-based (column in characters) and relative to the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub kind: YamlErrorKind,
    pub message: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlErrorKind {
    Syntax,
    DuplicateKey,
    Limit,
}

/// Deepest nesting of lists and mappings.
pub const MAX_DEPTH: usize = 32;
/// Most values in one document, aliases expanded.
pub const MAX_NODES: usize = 100_000;

/// Safety limits for `retrospect.yaml`, read through serde-saphyr.
pub fn budget() -> Budget {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_total_scalar_bytes = 4 * 1024 * 1024;
    budget.max_documents = 1;
    budget
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        anchor: usize,
        nodes_before: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        seen: Option<HashSet<String>>,
        start: usize,
        anchor: usize,
        nodes_before: usize,
    },
}

/// Parses one YAML document. An empty document is `Null`. The usual
/// front matter goes through a fast path ([`fast`]) that builds the same
/// tree; anything else, and every error, through the full parser.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    match fast::parse(text) {
        Some(node) => {
            // Debug builds (every test) hold the fast path to the parser.
            #[cfg(debug_assertions)]
            assert_eq!(
                Ok(format!("{node:?}")),
                full(text).map(|n| format!("{n:?}")),
                "the fast YAML path disagrees with the parser on {text:?}"
            );
            Ok(node)
        }
        None => full(text),
    }
}

/// [`parse`] by the full parser, granit-parser's events.
fn full(text: &str) -> Result<Node, YamlError> {
    Builder {
        text,
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
        documents: 0,
    }
    .run()
}

struct Builder<'t> {
    text: &'t str,
    stack: Vec<Frame>,
    /// Anchored nodes by anchor id, with how many nodes each holds.
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    root: Option<Node>,
    documents: usize,
}

impl Builder<'_> {
    fn run(mut self) -> Result<Node, YamlError> {
        let mut parser = Parser::new_from_str(self.text);
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| scan_error(&e, self.text))?;
            match event {
                Event::DocumentStart(..) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(self.error(
                            YamlErrorKind::Syntax,
                            &span,
                            "the front matter holds more than one YAML document".into(),
                        ));
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let is_str_tag = tag
                        .as_ref()
                        .is_some_and(|t| t.is_yaml_core_schema_tag("str"));
                    let kind = if style == ScalarStyle::Plain && !is_str_tag {
                        resolve_plain(&value)
                    } else {
                        NodeKind::Str(value.into_owned())
                    };
                    let node = Node {
                        kind,
                        span: self.range(&span),
                    };
                    self.count(&span, 1)?;
                    if anchor != 0 {
                        self.anchors.insert(anchor, (node.clone(), 1));
                    }
                    self.push(node, &span)?;
                }
                Event::SequenceStart(_, anchor, _) => {
                    self.open(&span)?;
                    let start = self.range(&span).start;
                    self.stack.push(Frame::Seq {
                        items: Vec::new(),
                        start,
                        anchor,
                        nodes_before: self.nodes,
                    });
                }
                Event::MappingStart(_, anchor, _) => {
                    self.open(&span)?;
                    let start = self.range(&span).start;
                    self.stack.push(Frame::Map {
                        entries: Vec::new(),
                        key: None,
                        seen: None,
                        start,
                        anchor,
                        nodes_before: self.nodes,
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let end = self.range(&span).end;
                    let (kind, start, anchor, nodes_before) = match self.stack.pop() {
                        Some(Frame::Seq {
                            items,
                            start,
                            anchor,
                            nodes_before,
                        }) => (NodeKind::Seq(items), start, anchor, nodes_before),
                        Some(Frame::Map {
                            entries,
                            start,
                            anchor,
                            nodes_before,
                            ..
                        }) => (NodeKind::Map(entries), start, anchor, nodes_before),
                        None => continue,
                    };
                    let node = Node {
                        kind,
                        span: start..end.max(start),
                    };
                    self.count(&span, 1)?;
                    if anchor != 0 {
                        self.anchors
                            .insert(anchor, (node.clone(), self.nodes - nodes_before));
                    }
                    self.push(node, &span)?;
                }
                Event::Alias(id) => {
                    let Some((node, size)) = self.anchors.get(&id).cloned() else {
                        return Err(self.error(
                            YamlErrorKind::Syntax,
                            &span,
                            "an alias refers to no anchor".into(),
                        ));
                    };
                    self.count(&span, size)?;
                    let node = Node {
                        kind: node.kind,
                        span: self.range(&span),
                    };
                    self.push(node, &span)?;
                }
                _ => {}
            }
        }
        Ok(self.root.unwrap_or(Node {
            kind: NodeKind::Null,
            span: 0..0,
        }))
    }

    fn open(&self, span: &Span) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(YamlErrorKind::Limit, span, format!("the front matter exceeds a safety limit: it is nested more than {MAX_DEPTH} levels deep")));
        }
        Ok(())
    }

    fn count(&mut self, span: &Span, n: usize) -> Result<(), YamlError> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(self.error(YamlErrorKind::Limit, span, "the front matter exceeds a safety limit: it expands to more than 100,000 values (an alias bomb?)".into()));
        }
        Ok(())
    }

    /// Adds a finished node to the collection being built.
    fn push(&mut self, node: Node, span: &Span) -> Result<(), YamlError> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries, key, seen, ..
            }) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => {
                    if let NodeKind::Str(name) = &node.kind {
                        let duplicate = match seen {
                            Some(set) => !set.insert(name.clone()),
                            None => {
                                let clash = entries
                                    .iter()
                                    .any(|(k, _)| matches!(&k.kind, NodeKind::Str(s) if s == name));
                                if entries.len() >= 16 {
                                    *seen = Some(
                                        entries
                                            .iter()
                                            .filter_map(|(k, _)| match &k.kind {
                                                NodeKind::Str(s) => Some(s.clone()),
                                                _ => None,
                                            })
                                            .chain(std::iter::once(name.clone()))
                                            .collect(),
                                    );
                                }
                                clash
                            }
                        };
                        if duplicate {
                            let message = format!("duplicate key `{name}`");
                            return Err(self.error(YamlErrorKind::DuplicateKey, span, message));
                        }
                    }
                    *key = Some(node);
                }
            },
        }
        Ok(())
    }

    fn range(&self, span: &Span) -> Range<usize> {
        let start = byte_offset(self.text, span.start.byte_offset(), span.start.index());
        let end = byte_offset(self.text, span.end.byte_offset(), span.end.index());
        start..end.max(start)
    }

    fn error(&self, kind: YamlErrorKind, span: &Span, message: String) -> YamlError {
        YamlError {
            kind,
            message,
            line: span.start.line().max(1),
            column: span.start.col() + 1,
        }
    }
}

/// A byte offset from the parser's marker, clamped to a character boundary.
fn byte_offset(text: &str, bytes: Option<usize>, chars: usize) -> usize {
    let mut offset = bytes
        .unwrap_or_else(|| {
            text.char_indices()
                .nth(chars)
                .map_or(text.len(), |(i, _)| i)
        })
        .min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn scan_error(error: &ScanError, text: &str) -> YamlError {
    let marker = error.marker();
    let mut message = error.info();
    if message.is_empty() {
        message = "the YAML cannot be parsed".into();
    }
    let mut kind = YamlErrorKind::Syntax;
    let (mut line, mut column) = (marker.line().max(1), marker.col() + 1);
    if message.contains("recursion limit") {
        kind = YamlErrorKind::Limit;
        message = format!(
            "the front matter exceeds a safety limit: it is nested more than {MAX_DEPTH} levels deep"
        );
    } else if message.contains("tab") {
        // The scanner marks where it was (the start of the value before
        // the tab, or the character after it): point at the tab itself.
        if let Some((tab_line, tab_column)) = tab_near(text, line, column) {
            (line, column) = (tab_line, tab_column);
        }
        message = "a tab, where YAML allows only spaces: indent with spaces".into();
    }
    YamlError {
        kind,
        message,
        line,
        column,
    }
}

/// The tab a tab error is about, as a 1-based line and character column:
/// the one at or just before the marker (with only spaces between), else
/// the first one after it.
fn tab_near(text: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let marker = text[line_start..]
        .char_indices()
        .nth(column - 1)
        .map_or(text.len(), |(i, _)| line_start + i);
    let before = text[line_start..marker].trim_end_matches(' ');
    let at = if text[marker..].starts_with('\t') {
        marker
    } else if before.ends_with('\t') {
        line_start + before.len() - 1
    } else {
        marker + text[marker..].find('\t')?
    };
    let tab_line = text[..at].matches('\n').count() + 1;
    let tab_line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    Some((tab_line, text[tab_line_start..at].chars().count() + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(node: &Node) -> &[(Node, Node)] {
        match &node.kind {
            NodeKind::Map(m) => m,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn keeps_byte_spans_of_keys_and_values() {
        let text = "title: \"Héllo\"\nat: 09:12\nn: 0042\nok: yes\nlist: [a, 3]\n";
        let root = parse(text).unwrap();
        let entries = map(&root);
        assert_eq!(&text[entries[0].0.span.clone()], "title");
        assert_eq!(&text[entries[0].1.span.clone()], "\"Héllo\"");
        assert_eq!(entries[0].1.kind, NodeKind::Str("Héllo".into()));
        // YAML 1.2: no sexagesimal numbers, no yes/no booleans, no octal.
        assert_eq!(entries[1].1.kind, NodeKind::Str("09:12".into()));
        assert_eq!(entries[2].1.kind, NodeKind::Str("0042".into()));
        assert_eq!(entries[3].1.kind, NodeKind::Str("yes".into()));
        let NodeKind::Seq(items) = &entries[4].1.kind else {
            panic!()
        };
        assert_eq!(items[1].kind, NodeKind::Int(3));
        assert_eq!(&text[items[1].span.clone()], "3");
    }

    #[test]
    fn duplicate_keys_are_errors_at_the_second_key() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::DuplicateKey);
        assert_eq!((err.line, err.column), (3, 1));
        assert_eq!(err.message, "duplicate key `a`");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse("a: [1\nb: 2\n").unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::Syntax);
        assert_eq!(err.line, 2);
    }

    #[test]
    fn tab_errors_point_at_the_tab() {
        // The scanner's marker is the start of `2025-01-01` for the first,
        // the `-` after the tab for the second.
        let err = parse("title: x\ndate: 2025-01-01\n\tseverity: minor\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err:?}");
        assert!(err.message.contains("tab"), "{err:?}");
        let err = parse("title: x\ntags:\n\t- a\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err:?}");
        let err = parse("impact:\n  summary: x\n  \tusers: y\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 3), "{err:?}");
    }

    #[test]
    fn alias_bombs_and_deep_nesting_hit_limits() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            bomb.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 10].join(", ")
            ));
        }
        assert_eq!(parse(&bomb).unwrap_err().kind, YamlErrorKind::Limit);
        let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(parse(&deep).unwrap_err().kind, YamlErrorKind::Limit);
    }

    #[test]
    fn aliases_expand_and_tags_and_core_schema_apply() {
        let text = "base: &b {team: payments}\nother: *b\nn: 1.5\nh: 0x1F\ns: !!str 12\nz: ~\nlist:\n  - a\n";
        let root = parse(text).unwrap();
        let entries = map(&root);
        assert_eq!(entries[1].1.kind, entries[0].1.kind);
        assert_eq!(&text[entries[1].1.span.clone()], "*b");
        assert_eq!(entries[2].1.kind, NodeKind::Float(1.5));
        assert_eq!(entries[3].1.kind, NodeKind::Int(31));
        assert_eq!(entries[4].1.kind, NodeKind::Str("12".into()));
        assert_eq!(entries[5].1.kind, NodeKind::Null);
        // A block collection spans from its first to its last item.
        assert!(text[entries[6].1.span.clone()].starts_with("- a"));
    }

    #[test]
    fn empty_text_is_null() {
        assert_eq!(parse("").unwrap().kind, NodeKind::Null);
        assert_eq!(parse("# only a comment\n").unwrap().kind, NodeKind::Null);
    }
}
