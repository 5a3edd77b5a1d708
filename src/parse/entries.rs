//! Mappings read by their key table alone: the lists of the practice
//! (roles, communications, recommendations, investigations, known issues,
//! `impact.affected`) and `impact.data_lost`. Each value is typed as the
//! table says and reported where it is wrong; what a value means next to
//! the others (a role the site does not define, a time out of order) is
//! the validator's.

use super::fields::{Reader, closest, to_json};
use super::keys::{self, Key, Kind};
use crate::diagnostic::Code;
use crate::model::Sp;
use crate::yaml::{Node, NodeKind};
use chrono::NaiveDate;
use std::ops::Range;

/// A value of a mapping, typed by its key's kind.
#[derive(Debug, Clone)]
pub enum Value {
    /// Text, a time as written, or a name (a choice already checked
    /// against its fixed names; a role or a kind of incident not yet).
    Text(Sp<String>),
    Date(Sp<NaiveDate>),
    Bool(Sp<bool>),
}

/// A mapping of a list (or a nested mapping), typed but not yet checked
/// against the rest of the report.
#[derive(Debug, Clone, Default)]
pub struct RawEntry {
    pub span: Range<usize>,
    values: Vec<(&'static str, Value)>,
    /// Keys written with a value of the wrong type (already reported).
    pub invalid: Vec<&'static str>,
}

impl RawEntry {
    fn get(&self, key: &str) -> Option<&Value> {
        self.values.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// A text value (text, a time as written, a name).
    pub fn text(&self, key: &str) -> Option<&Sp<String>> {
        match self.get(key)? {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// A text value, owned.
    pub fn string(&self, key: &str) -> Option<String> {
        self.text(key).map(|t| t.value.clone())
    }

    pub fn date(&self, key: &str) -> Option<&Sp<NaiveDate>> {
        match self.get(key)? {
            Value::Date(d) => Some(d),
            _ => None,
        }
    }

    pub fn bool(&self, key: &str) -> Option<&Sp<bool>> {
        match self.get(key)? {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// Absent, and not written with a wrong value (which has its error).
    pub fn lacks(&self, key: &str) -> bool {
        self.get(key).is_none() && !self.invalid.contains(&key)
    }

    /// Every text value, to remove comments from.
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut Sp<String>> {
        self.values.iter_mut().filter_map(|(_, v)| match v {
            Value::Text(t) => Some(t),
            _ => None,
        })
    }
}

/// A list of mappings of `table`: `what` names the list in messages, and
/// `entry` one of its mappings (`roles`, `role`).
pub fn read_list(
    r: &mut Reader,
    what: &str,
    entry: &str,
    node: &Node,
    table: &'static [Key],
) -> Option<Sp<Vec<RawEntry>>> {
    let items = r.seq(what, node)?;
    let out = items
        .iter()
        .filter_map(|item| read_entry(r, entry, item, table))
        .collect();
    Some(Sp::new(out, r.span(node)))
}

/// A list whose entries are mappings of `table` or texts standing for
/// `{shorthand: text}`.
pub fn read_entries(
    r: &mut Reader,
    what: &str,
    node: &Node,
    table: &'static [Key],
    shorthand: &'static str,
) -> Option<Sp<Vec<RawEntry>>> {
    let items = r.seq(what, node)?;
    let entry_name = what.trim_end_matches('s').to_string();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match &item.kind {
            NodeKind::Map(_) => out.extend(read_entry(r, &entry_name, item, table)),
            _ => {
                if let Some(text) = r.string(&entry_name, item) {
                    out.push(RawEntry {
                        span: text.span.clone(),
                        values: vec![(shorthand, Value::Text(text))],
                        invalid: Vec::new(),
                    });
                }
            }
        }
    }
    Some(Sp::new(out, r.span(node)))
}

/// One mapping of `table`; unknown keys are warned about. `what` names the
/// mapping in messages (`role`, `impact.data_lost`): `role.from`.
pub fn read_entry(
    r: &mut Reader,
    what: &str,
    node: &Node,
    table: &'static [Key],
) -> Option<RawEntry> {
    let fields = entries(r, what, node, table, None)?;
    let mut entry = RawEntry {
        span: r.span(node),
        ..RawEntry::default()
    };
    for (key, value) in fields {
        let reported = r.reporter.diagnostics.len();
        let name = format!("{what}.{key}");
        let kind = super::keys::find(table, key).map(|k| k.kind);
        let typed = match kind {
            Some(Kind::Date) => r.date(&name, value).map(Value::Date),
            Some(Kind::Bool) => r.bool(&name, value).map(Value::Bool),
            Some(Kind::Choice(names)) => match r.string(&name, value) {
                Some(text) if names.contains(&text.value.as_str()) => Some(Value::Text(text)),
                Some(text) => {
                    r.invalid_choice(&name, &text, names);
                    None
                }
                None => None,
            },
            _ => r.string(&name, value).map(Value::Text),
        };
        if r.reporter.diagnostics.len() > reported {
            entry.invalid.push(key);
        }
        if let Some(typed) = typed {
            entry.values.push((key, typed));
        }
    }
    Some(entry)
}

pub(super) fn unknown_key(
    r: &mut Reader,
    key: &str,
    node: &Node,
    known: &'static [Key],
    within: &str,
) {
    let span = r.span(node);
    let place = if within.is_empty() {
        String::new()
    } else {
        format!(" in `{within}`")
    };
    let diagnostic = r.reporter.report(
        Code::UnknownKey,
        span,
        format!("unknown key `{key}`{place}"),
    );
    match closest(key, keys::names(known)) {
        Some(close) => diagnostic.set_help(format!("did you mean `{close}`?")),
        None if within.is_empty() => diagnostic
            .set_help("free-form data belongs under `extra:`, which templates receive untouched"),
        None => diagnostic.set_help(format!(
            "known keys: {}",
            keys::names(known).collect::<Vec<_>>().join(", ")
        )),
    };
}

/// Iterates the string-keyed entries of a mapping, warning about keys not in
/// `known` unless `keep_unknown` collects them.
pub(super) fn entries<'n>(
    r: &mut Reader,
    what: &str,
    node: &'n Node,
    known: &'static [Key],
    mut keep_unknown: Option<&mut serde_json::Map<String, serde_json::Value>>,
) -> Option<Vec<(&'static str, &'n Node)>> {
    let map = r.map(what, node)?;
    let mut out = Vec::new();
    for (k, v) in map {
        let Some(key) = r.key(k) else { continue };
        match keys::find(known, key) {
            Some(known) => out.push((known.name, v)),
            None => match keep_unknown.as_deref_mut() {
                // An open mapping keeps other keys for templates, but one
                // that looks like a known key is a typo until shown
                // otherwise (`dataloss:`, `user:`): it is kept and warned
                // about.
                Some(other) => {
                    if let Some(close) = closest(key, keys::names(known)) {
                        let span = r.span(k);
                        r.reporter
                            .report(
                                Code::UnknownKey,
                                span,
                                format!("unknown key `{key}` in `{what}`"),
                            )
                            .set_help(format!(
                                "did you mean `{close}`? (other keys are kept for templates; \
                                 free-form data also fits under `extra:`)"
                            ));
                    }
                    other.insert(key.to_string(), to_json(v));
                }
                None => unknown_key(r, key, k, known, what),
            },
        }
    }
    Some(out)
}
