//! YAML → a plain tree of nodes that remember where they came from.
//!
//! The front matter is parsed into this generic tree first, and typed
//! afterwards (`parse::fields`), so that one wrong value gives one precise
//! error and the others are still checked. serde-saphyr does the parsing:
//! safe Rust, spans for every node, and budgets against alias bombs and deep
//! nesting. No other module touches the YAML library.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, Spanned};
use std::fmt;
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
/// 1-based and relative to the parsed text.
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

/// Safety limits for untrusted YAML. Front matter is small; these are far
/// above any real report and far below what would hurt.
pub fn budget() -> Budget {
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_nodes = 100_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_total_scalar_bytes = 4 * 1024 * 1024;
    budget.max_documents = 1;
    budget
}

/// Parses one YAML document. An empty document is `Null`.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let options = serde_saphyr::options! {
        budget: Some(budget()),
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        with_snippet: false,
    };
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(text, options) {
        Ok(tree) => Ok(convert(tree, text)),
        Err(error) => Err(describe_error(&error)),
    }
}

fn describe_error(error: &serde_saphyr::Error) -> YamlError {
    use serde_saphyr::Error as E;
    let error = error.without_snippet();
    let kind = match error {
        E::DuplicateMappingKey { .. } => YamlErrorKind::DuplicateKey,
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => YamlErrorKind::Limit,
        _ => YamlErrorKind::Syntax,
    };
    let mut message = error.to_string();
    // The library appends " at line N, column M"; positions are reported separately.
    if let Some(at) = message.find(" at line ") {
        message.truncate(at);
    }
    if let Some(breach) = message.strip_prefix("budget breached: ") {
        let what = if breach.starts_with("Nodes") {
            "it expands to more than 100,000 values (an alias bomb?)"
        } else if breach.starts_with("Depth") {
            "it is nested more than 32 levels deep"
        } else if breach.starts_with("Alias") {
            "it uses more than 1,000 aliases"
        } else if breach.starts_with("Anchor") {
            "it defines more than 1,000 anchors"
        } else {
            "it is too large"
        };
        return limit(
            error,
            format!("the front matter exceeds a safety limit: {what}"),
        );
    }
    if message.contains("recursion limit") {
        return limit(
            error,
            "the front matter exceeds a safety limit: it is nested too deeply".into(),
        );
    }
    if kind == YamlErrorKind::DuplicateKey
        && let Some(rest) = message.strip_prefix("duplicate mapping key: ")
    {
        let key = rest.split(", set ").next().unwrap_or(rest);
        message = format!("duplicate key `{key}`");
    }
    if kind == YamlErrorKind::Limit {
        message = format!("the YAML exceeds a safety limit ({message})");
    }
    let (line, column) = position(error);
    YamlError {
        kind,
        message,
        line,
        column,
    }
}

fn limit(error: &serde_saphyr::Error, message: String) -> YamlError {
    let (line, column) = position(error);
    YamlError {
        kind: YamlErrorKind::Limit,
        message,
        line,
        column,
    }
}

fn position(error: &serde_saphyr::Error) -> (usize, usize) {
    error
        .location()
        .map(|l| (l.line().max(1) as usize, l.column().max(1) as usize))
        .unwrap_or((1, 1))
}

/// The tree as serde-saphyr hands it over, before spans are turned into byte
/// ranges.
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Raw::Map(entries))
    }
}

fn convert(raw: Spanned<Raw>, text: &str) -> Node {
    let span = byte_span(&raw, text);
    let kind = match raw.value {
        Raw::Null => NodeKind::Null,
        Raw::Bool(b) => NodeKind::Bool(b),
        Raw::Int(i) => NodeKind::Int(i),
        Raw::Float(f) => NodeKind::Float(f),
        Raw::Str(s) => NodeKind::Str(s),
        Raw::Seq(items) => NodeKind::Seq(items.into_iter().map(|i| convert(i, text)).collect()),
        Raw::Map(entries) => NodeKind::Map(
            entries
                .into_iter()
                .map(|(k, v)| (convert(k, text), convert(v, text)))
                .collect(),
        ),
    };
    Node { kind, span }
}

/// The byte range of a node; where the library has no byte offsets, from its
/// line and column.
fn byte_span(raw: &Spanned<Raw>, text: &str) -> Range<usize> {
    let location = raw.referenced;
    let span = location.span();
    if let (Some(start), Some(len)) = (span.byte_offset(), span.byte_len()) {
        let start = (start as usize).min(text.len());
        let end = (start + len as usize).min(text.len());
        if text.is_char_boundary(start) && text.is_char_boundary(end) {
            return start..end;
        }
    }
    let index = crate::source::LineIndex::new(text);
    let start = index.offset(text, location.line() as usize, location.column() as usize);
    start..start
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
    fn empty_text_is_null() {
        assert_eq!(parse("").unwrap().kind, NodeKind::Null);
        assert_eq!(parse("# only a comment\n").unwrap().kind, NodeKind::Null);
    }
}
