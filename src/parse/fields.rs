//! Typed reading of YAML nodes, with one precise diagnostic per wrong value.

use crate::diagnostic::{Code, FileReporter};
use crate::model::Sp;
use crate::yaml::{Node, NodeKind};
use chrono::NaiveDate;
use std::ops::Range;

/// Reads values out of the front-matter tree, reporting at file positions.
pub struct Reader<'r, 'a> {
    pub reporter: &'r mut FileReporter<'a>,
    /// Offset of the YAML text in the file.
    pub base: usize,
}

impl<'r, 'a> Reader<'r, 'a> {
    pub fn span(&self, node: &Node) -> Range<usize> {
        self.base + node.span.start..self.base + node.span.end
    }

    /// The node's source text, as written.
    fn source(&self, node: &Node) -> &str {
        let span = self.span(node);
        self.reporter.file.text.get(span).unwrap_or("")
    }

    pub fn wrong_type(&mut self, what: &str, node: &Node, expected: &str) {
        let span = self.span(node);
        let found = node.kind.describe();
        self.reporter.report(
            Code::WrongType,
            span,
            format!("`{what}` must be {expected}, found {found}"),
        );
    }

    /// A string; numbers and booleans are taken as written (`id: 2024`).
    /// An empty value is `None`.
    pub fn string(&mut self, what: &str, node: &Node) -> Option<Sp<String>> {
        let span = self.span(node);
        match &node.kind {
            NodeKind::Str(s) if s.trim().is_empty() => None,
            NodeKind::Str(s) => Some(Sp::new(s.clone(), span)),
            NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_) => {
                Some(Sp::new(self.source(node).trim().to_string(), span))
            }
            NodeKind::Null => None,
            NodeKind::Seq(_) | NodeKind::Map(_) => {
                self.wrong_type(what, node, "a string");
                None
            }
        }
    }

    pub fn bool(&mut self, what: &str, node: &Node) -> Option<Sp<bool>> {
        match node.kind {
            NodeKind::Bool(b) => Some(Sp::new(b, self.span(node))),
            NodeKind::Null => None,
            _ => {
                self.wrong_type(what, node, "`true` or `false`");
                None
            }
        }
    }

    /// A `YYYY-MM-DD` date that exists.
    pub fn date(&mut self, what: &str, node: &Node) -> Option<Sp<NaiveDate>> {
        let text = self.string(what, node)?;
        match crate::time::parse_date(&text.value) {
            Ok(date) => Some(Sp::new(date, text.span)),
            Err(message) => {
                self.reporter
                    .report(Code::InvalidDate, text.span, format!("`{what}`: {message}"))
                    .set_help("write the date as YYYY-MM-DD, for example 2024-03-14");
                None
            }
        }
    }

    /// One of a fixed set of names, answered with "expected one of …".
    pub fn choice<T>(
        &mut self,
        what: &str,
        node: &Node,
        names: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<Sp<T>> {
        let text = self.string(what, node)?;
        match parse(&text.value) {
            Some(value) => Some(Sp::new(value, text.span)),
            None => {
                self.invalid_choice(what, &text, names);
                None
            }
        }
    }

    pub fn invalid_choice(&mut self, what: &str, text: &Sp<String>, names: &[&str]) {
        let expected = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let diagnostic = self.reporter.report(
            Code::InvalidValue,
            text.span.clone(),
            format!("`{what}` is `{}`, expected one of {expected}", text.value),
        );
        if let Some(close) = closest(&text.value, names.iter().copied()) {
            diagnostic.set_help(format!("did you mean `{close}`?"));
        }
    }

    /// A list; a single value where a list is expected is a type error.
    pub fn seq<'n>(&mut self, what: &str, node: &'n Node) -> Option<&'n [Node]> {
        match &node.kind {
            NodeKind::Seq(items) => Some(items),
            NodeKind::Null => None,
            _ => {
                let span = self.span(node);
                let written = self.source(node).trim().to_string();
                self.wrong_type(what, node, "a list");
                if !written.is_empty() && matches!(node.kind, NodeKind::Str(_)) {
                    let d = self.reporter.diagnostics.last_mut().expect("just reported");
                    d.set_help(format!("write a list: `{what}: [{written}]`"));
                }
                let _ = span;
                None
            }
        }
    }

    pub fn map<'n>(&mut self, what: &str, node: &'n Node) -> Option<&'n [(Node, Node)]> {
        match &node.kind {
            NodeKind::Map(entries) => Some(entries),
            NodeKind::Null => None,
            _ => {
                self.wrong_type(what, node, "a mapping of keys to values");
                None
            }
        }
    }

    /// A list of strings.
    pub fn strings(&mut self, what: &str, node: &Node) -> Vec<Sp<String>> {
        let Some(items) = self.seq(what, node) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.string(&format!("{what} entry"), item))
            .collect()
    }

    /// The key of a mapping entry as a string, or a type error.
    pub fn key<'n>(&mut self, node: &'n Node) -> Option<&'n str> {
        match &node.kind {
            NodeKind::Str(s) => Some(s),
            _ => {
                self.wrong_type("a key", node, "a string");
                None
            }
        }
    }
}

/// The closest candidate by edit distance, if it is close enough to be a
/// likely typo.
pub fn closest<'c>(input: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let input = input.to_lowercase();
    candidates
        .map(|c| (strsim::damerau_levenshtein(&input, &c.to_lowercase()), c))
        .filter(|(distance, c)| *distance <= (c.chars().count() / 3).max(1))
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}

/// Converts a node into JSON for free-form data handed to templates.
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match &node.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Int(i) => Value::from(*i),
        NodeKind::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        NodeKind::Str(s) => Value::String(s.clone()),
        NodeKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match &k.kind {
                        NodeKind::Str(s) => s.clone(),
                        other => format!("{other:?}"),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_only() {
        let keys = ["severity", "status", "summary", "services"];
        assert_eq!(closest("severty", keys.iter().copied()), Some("severity"));
        assert_eq!(closest("Status", keys.iter().copied()), Some("status"));
        assert_eq!(closest("owner", keys.iter().copied()), None);
        let ids = ["INC-2025-001", "INC-2024-031"];
        assert_eq!(
            closest("inc-2025-01", ids.iter().copied()),
            Some("INC-2025-001")
        );
    }
}
