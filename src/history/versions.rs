//! What one committed version of a report says about its actions: each
//! action's id, due date and status, read from the front matter alone, and
//! from only its `status` and `actions` entries where those can be cut out
//! ([`super::excerpt`]). Old versions are read leniently: a version whose
//! `status` and `actions` cannot be read says nothing (it neither adds nor
//! removes an action), a mistake elsewhere in its front matter does not
//! matter, and a value that cannot be read is taken as unchanged.

use crate::model::ActionStatus;
use crate::yaml::{Node, NodeKind};
use chrono::NaiveDate;

/// An action as one version of its report has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionState {
    /// `id:`, or `A1`, `A2`, … by position, as the validator gives it.
    pub id: String,
    /// `Err(())`: written, but not a date.
    pub due: Result<Option<NaiveDate>, ()>,
    /// `None`: written, but not a status.
    pub status: Option<ActionStatus>,
}

/// The actions of a version, or `None` when its front matter cannot be read.
pub fn actions(bytes: &[u8]) -> Option<Vec<ActionState>> {
    read(bytes).map(|(actions, _)| actions)
}

/// The actions of a version and whether its report's `status` is
/// `published` then, or `None` when its front matter cannot be read.
pub fn read(bytes: &[u8]) -> Option<(Vec<ActionState>, bool)> {
    read_front_matter(front_matter(bytes)?)
}

/// The front matter of a version, without its `---` lines: all that
/// [`read`] looks at.
pub fn front_matter(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parts = crate::parse::split::split(text).ok()?;
    text.get(parts.front_matter)
}

/// [`read`], given the version's [`front_matter`].
pub fn read_front_matter(front_matter: &str) -> Option<(Vec<ActionState>, bool)> {
    let part = super::excerpt::excerpt(front_matter);
    read_with(part.as_deref(), front_matter)
}

/// [`read_front_matter`], given the [`super::excerpt::excerpt`] of the front
/// matter: that part is parsed, and all of it only when the part cannot be
/// cut out or read by itself (an alias to an anchor elsewhere, say).
pub fn read_with(part: Option<&str>, front_matter: &str) -> Option<(Vec<ActionState>, bool)> {
    part.and_then(read_yaml).or_else(|| read_yaml(front_matter))
}

/// What a YAML mapping says of the report's status and actions.
fn read_yaml(front_matter: &str) -> Option<(Vec<ActionState>, bool)> {
    let root = crate::yaml::parse(front_matter).ok()?;
    let NodeKind::Map(entries) = &root.kind else {
        return None;
    };
    let published = value(entries, "status")
        .and_then(scalar)
        .is_some_and(|s| s.trim() == "published");
    let Some(list) = value(entries, "actions") else {
        return Some((Vec::new(), published));
    };
    let NodeKind::Seq(items) = &list.kind else {
        return Some((Vec::new(), published));
    };
    let actions = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let NodeKind::Map(fields) = &item.kind else {
                return None;
            };
            let id = value(fields, "id")
                .and_then(scalar)
                .unwrap_or_else(|| format!("A{}", i + 1));
            let due = match value(fields, "due").map(|n| &n.kind) {
                None | Some(NodeKind::Null) => Ok(None),
                Some(NodeKind::Str(s)) => crate::time::parse_date(s).map(Some).map_err(|_| ()),
                Some(_) => Err(()),
            };
            let status = match value(fields, "status").map(|n| &n.kind) {
                None | Some(NodeKind::Null) => Some(ActionStatus::Open),
                Some(NodeKind::Str(s)) => ActionStatus::parse(s.trim()),
                Some(_) => None,
            };
            Some(ActionState { id, due, status })
        })
        .collect();
    Some((actions, published))
}

fn value<'n>(entries: &'n [(Node, Node)], key: &str) -> Option<&'n Node> {
    entries
        .iter()
        .find(|(k, _)| matches!(&k.kind, NodeKind::Str(s) if s == key))
        .map(|(_, v)| v)
}

/// A scalar as text (`id: 7` is the id `7`).
fn scalar(node: &Node) -> Option<String> {
    match &node.kind {
        NodeKind::Str(s) => Some(s.clone()),
        NodeKind::Int(n) => Some(n.to_string()),
        NodeKind::Float(f) => Some(f.to_string()),
        NodeKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_read_with_the_validators_default_ids() {
        let text = "---\ntitle: t\nactions:\n  - title: a\n    due: 2026-01-10\n  - id: FIX-2\n    \
                    status: done\n  - title: c\n    due: 2026-02-30\n    status: later\n  - just text\n---\nBody\n";
        let got = actions(text.as_bytes()).unwrap();
        let date = |s: &str| Ok(Some(s.parse::<NaiveDate>().unwrap()));
        assert_eq!(
            got,
            [
                ActionState {
                    id: "A1".into(),
                    due: date("2026-01-10"),
                    status: Some(ActionStatus::Open)
                },
                ActionState {
                    id: "FIX-2".into(),
                    due: Ok(None),
                    status: Some(ActionStatus::Done)
                },
                ActionState {
                    id: "A3".into(),
                    due: Err(()),
                    status: None
                },
            ]
        );
    }

    #[test]
    fn unreadable_versions_say_nothing() {
        assert_eq!(actions(b"no front matter"), None);
        assert_eq!(actions(b"---\n[unclosed\n---\n"), None);
        assert_eq!(actions(b"\xff\xfe"), None);
        assert_eq!(actions(b"---\ntitle: t\n---\n"), Some(Vec::new()));
    }

    #[test]
    fn a_mistake_outside_status_and_actions_hides_nothing() {
        let actions = "actions:\n  - id: FIX-1\n    due: 2026-01-10\n";
        for text in [
            format!("---\ntitle: a\ntitle: b\nstatus: published\n{actions}---\n"),
            format!("---\ntimeline:\n  - at: 1\n   bad: indent\nstatus: published\n{actions}---\n"),
        ] {
            let (got, published) = read(text.as_bytes()).expect(&text);
            assert!(published, "{text}");
            assert_eq!(got.len(), 1, "{text}");
            assert_eq!(got[0].id, "FIX-1");
        }
        // A mistake inside them: the whole front matter is read, and fails.
        let broken = "---\nstatus: published\nactions:\n  - id: FIX-1\n   due: x\n---\n";
        assert_eq!(read(broken.as_bytes()), None);
        // An alias into them from elsewhere: read from the whole.
        let alias = "---\nlead: &lead sam\nactions:\n  - id: FIX-1\n    owner: *lead\n---\n";
        assert_eq!(read(alias.as_bytes()).unwrap().0[0].id, "FIX-1");
    }

    #[test]
    fn a_version_says_whether_it_was_published() {
        let of = |text: &str| read(text.as_bytes()).map(|(_, published)| published);
        assert_eq!(of("---\ntitle: t\nstatus: published\n---\n"), Some(true));
        assert_eq!(
            of("---\nstatus: in-review\nactions: []\n---\n"),
            Some(false)
        );
        assert_eq!(of("---\ntitle: t\n---\n"), Some(false));
        assert_eq!(of("no front matter"), None);
    }
}
