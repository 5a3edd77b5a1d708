//! From the front-matter tree to `RawReport`: every key typed, every wrong
//! value reported where it stands, unknown keys warned about with a
//! suggestion. Rules that need several keys, the configuration or other
//! reports are the validator's.

use super::entries::{RawEntry, entries, read_entries, read_entry, read_list, unknown_key};
use super::fields::{Reader, closest, to_json};
use super::keys;
use crate::diagnostic::Code;
use crate::model::Visibility;
use crate::model::{ActionStatus, Sp, Status};
use crate::yaml::{Node, NodeKind};
use chrono::NaiveDate;
use std::ops::Range;

/// The front matter with each value typed but not yet checked against the
/// others. Spans are byte ranges in the file.
#[derive(Debug, Default)]
pub struct FrontMatter {
    pub title: Option<Sp<String>>,
    pub id: Option<Sp<String>>,
    pub slug: Option<Sp<String>>,
    pub date: Option<Sp<NaiveDate>>,
    pub timezone: Option<Sp<String>>,
    pub severity: Option<Sp<String>>,
    pub status: Option<Sp<Status>>,
    pub visibility: Option<Sp<Visibility>>,
    pub summary: Option<Sp<String>>,
    pub services: Vec<Sp<String>>,
    pub tags: Vec<Sp<String>>,
    pub authors: Vec<Sp<String>>,
    pub lead: Option<Sp<String>>,
    pub kind: Option<Sp<String>>,
    pub roles: Option<Sp<Vec<RawEntry>>>,
    pub started: Option<Sp<String>>,
    pub detected: Option<Sp<String>>,
    pub mitigated: Option<Sp<String>>,
    pub resolved: Option<Sp<String>>,
    pub impact: Option<RawImpact>,
    pub timeline: Option<Sp<Vec<RawTimelineEntry>>>,
    pub communications: Option<Sp<Vec<RawEntry>>>,
    pub recommendations: Option<Sp<Vec<RawEntry>>>,
    pub actions: Option<Sp<Vec<RawAction>>>,
    pub investigations: Option<Sp<Vec<RawEntry>>>,
    pub known_issues: Option<Sp<Vec<RawEntry>>>,
    pub factors: Option<Sp<Vec<RawEntry>>>,
    pub related: Vec<Sp<String>>,
    pub recurrence_of: Option<Sp<String>>,
    pub review: Option<RawReview>,
    pub internal_notes: Option<Sp<String>>,
    pub extra: serde_json::Value,
    /// Keys that were present (even if their value was wrong), for "missing"
    /// checks not to pile on top of a type error.
    pub present: Vec<&'static str>,
    /// Keys present with an empty value (`summary:`, `authors: []`).
    pub empty: Vec<(&'static str, Range<usize>)>,
    /// Unknown keys that look like a required key the report lacks
    /// (`severty:` without `severity:`): the validator reports the missing
    /// key there, with "did you mean", instead of two diagnostics.
    pub near_misses: Vec<NearMiss>,
}

/// An unknown top-level key close to a required key that is absent.
#[derive(Debug, Clone)]
pub struct NearMiss {
    /// The key as written.
    pub written: String,
    /// The required key it is close to.
    pub key: &'static str,
    /// Where the key is written.
    pub span: Range<usize>,
}

impl FrontMatter {
    pub fn has(&self, key: &str) -> bool {
        self.present.contains(&key)
    }

    /// Absent or empty. A key whose value has the wrong type is not missing:
    /// its type error is the one diagnostic it gets.
    pub fn missing(&self, key: &str) -> bool {
        !self.has(key) || self.empty_key(key).is_some()
    }

    /// Where a key with an empty value is written.
    pub fn empty_key(&self, key: &str) -> Option<Range<usize>> {
        self.empty
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, span)| span.clone())
    }

    /// The unknown key written where `key` is missing, if one looks like it.
    pub fn near_miss(&self, key: &str) -> Option<&NearMiss> {
        self.near_misses.iter().find(|n| n.key == key)
    }
}

#[derive(Debug)]
pub struct RawImpact {
    pub span: Range<usize>,
    pub summary: Option<Sp<String>>,
    pub users: Option<Sp<String>>,
    pub data_loss: Option<Sp<bool>>,
    pub affected: Vec<RawEntry>,
    pub data_lost: Option<RawEntry>,
    pub other: serde_json::Map<String, serde_json::Value>,
    /// Keys written with a value of the wrong type (already reported).
    pub invalid: Vec<&'static str>,
}

#[derive(Debug)]
pub struct RawTimelineEntry {
    pub span: Range<usize>,
    pub at: Option<Sp<String>>,
    pub event: Option<Sp<String>>,
    pub kind: Option<Sp<String>>,
    /// Keys written with a value of the wrong type (already reported).
    pub invalid: Vec<&'static str>,
}

#[derive(Debug)]
pub struct RawAction {
    pub span: Range<usize>,
    pub id: Option<Sp<String>>,
    pub title: Option<Sp<String>>,
    pub owner: Option<Sp<String>>,
    pub due: Option<Sp<NaiveDate>>,
    pub status: Option<Sp<ActionStatus>>,
    /// `status` was written, valid or not.
    pub status_given: bool,
    pub link: Option<Sp<String>>,
    pub priority: Option<Sp<String>>,
    pub recommendation: Option<Sp<String>>,
    pub outcome: Option<Sp<String>>,
    /// Keys written with a value of the wrong type (already reported).
    pub invalid: Vec<&'static str>,
}

#[derive(Debug)]
pub struct RawReview {
    pub span: Range<usize>,
    pub date: Option<Sp<NaiveDate>>,
    pub attendees: Vec<Sp<String>>,
    pub notes: Option<Sp<String>>,
    pub needed: Option<Sp<bool>>,
    pub reason: Option<Sp<String>>,
    pub draft_circulated: Option<Sp<NaiveDate>>,
}

/// Reads the top-level mapping.
pub fn read(r: &mut Reader, entries: &[(Node, Node)]) -> FrontMatter {
    let mut fm = FrontMatter::default();
    let mut unknown = Vec::new();
    for (key_node, value) in entries {
        let Some(key) = r.key(key_node) else { continue };
        let Some(known) = keys::find(keys::REPORT, key).map(|k| k.name) else {
            unknown.push((key, key_node));
            continue;
        };
        fm.present.push(known);
        if is_empty(value) {
            fm.empty.push((known, r.span(key_node)));
        }
        match known {
            "title" => fm.title = r.string(known, value),
            "id" => fm.id = r.string(known, value),
            "slug" => fm.slug = r.string(known, value),
            "date" => fm.date = r.date(known, value),
            "timezone" => fm.timezone = r.string(known, value),
            "severity" => fm.severity = r.string(known, value),
            "status" => fm.status = r.choice(known, value, Status::NAMES, Status::parse),
            "visibility" => {
                fm.visibility = r.choice(known, value, Visibility::NAMES, Visibility::parse)
            }
            "summary" => fm.summary = r.string(known, value),
            "services" => fm.services = r.strings(known, value),
            "tags" => fm.tags = r.strings(known, value),
            "authors" => fm.authors = r.strings(known, value),
            "lead" => fm.lead = r.string(known, value),
            "kind" => fm.kind = r.string(known, value),
            "roles" => fm.roles = read_list(r, known, "role", value, keys::ROLE),
            "started" => fm.started = r.string(known, value),
            "detected" => fm.detected = r.string(known, value),
            "mitigated" => fm.mitigated = r.string(known, value),
            "resolved" => fm.resolved = r.string(known, value),
            "impact" => fm.impact = read_impact(r, value),
            "timeline" => fm.timeline = read_timeline(r, value),
            "communications" => {
                fm.communications = read_list(r, known, "communication", value, keys::COMMUNICATION)
            }
            "recommendations" => {
                fm.recommendations = read_entries(r, known, value, keys::RECOMMENDATION, "text")
            }
            "actions" => fm.actions = read_actions(r, value),
            "investigations" => {
                fm.investigations = read_list(r, known, "investigation", value, keys::INVESTIGATION)
            }
            "known_issues" => {
                fm.known_issues = read_list(r, known, "known issue", value, keys::KNOWN_ISSUE)
            }
            "factors" => fm.factors = read_entries(r, known, value, keys::FACTOR, "category"),
            "related" => fm.related = r.strings(known, value),
            "recurrence_of" => fm.recurrence_of = r.string(known, value),
            "review" => fm.review = read_review(r, value),
            "internal_notes" => fm.internal_notes = r.string(known, value),
            "extra" => fm.extra = to_json(value),
            _ => unreachable!("every key of keys::REPORT is handled"),
        }
    }
    // Known only once every key is read: whether a near miss stands for a
    // required key that is absent.
    for (key, node) in unknown {
        let required = closest(key, keys::names(keys::REPORT))
            .and_then(|name| keys::find(keys::REPORT, name))
            .filter(|k| k.need != keys::Need::Optional && !fm.has(k.name))
            .filter(|k| fm.near_miss(k.name).is_none());
        match required {
            Some(k) => fm.near_misses.push(NearMiss {
                written: key.to_string(),
                key: k.name,
                span: r.span(node),
            }),
            None => unknown_key(r, key, node, keys::REPORT, ""),
        }
    }
    fm
}

/// R101 for an unknown key: the key, where it is, and the known key it is
/// closest to. The validator calls it for a near miss whose required key
/// turned out not to be needed (`sumary:` in a draft).
pub fn unknown_key_warning(
    reporter: &mut crate::diagnostic::FileReporter,
    written: &str,
    suggestion: &str,
    span: Range<usize>,
) {
    reporter
        .report(Code::UnknownKey, span, format!("unknown key `{written}`"))
        .set_help(format!("did you mean `{suggestion}`?"));
}

fn is_empty(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Null => true,
        NodeKind::Str(s) => s.trim().is_empty(),
        NodeKind::Seq(items) => items.is_empty(),
        NodeKind::Map(entries) => entries.is_empty(),
        _ => false,
    }
}

fn read_impact(r: &mut Reader, node: &Node) -> Option<RawImpact> {
    let mut other = serde_json::Map::new();
    let fields = entries(r, "impact", node, keys::IMPACT, Some(&mut other))?;
    let mut impact = RawImpact {
        span: r.span(node),
        summary: None,
        users: None,
        data_loss: None,
        affected: Vec::new(),
        data_lost: None,
        other,
        invalid: Vec::new(),
    };
    for (key, value) in fields {
        let reported = r.reporter.diagnostics.len();
        match key {
            "summary" => impact.summary = r.string("impact.summary", value),
            "users" => impact.users = r.string("impact.users", value),
            "data_loss" => impact.data_loss = r.bool("impact.data_loss", value),
            "affected" => {
                impact.affected = read_entries(r, "impact.affected", value, keys::AFFECTED, "name")
                    .map_or_else(Vec::new, |list| list.value)
            }
            "data_lost" => {
                impact.data_lost = read_entry(r, "impact.data_lost", value, keys::DATA_LOST)
            }
            _ => {}
        }
        if r.reporter.diagnostics.len() > reported {
            impact.invalid.push(key);
        }
    }
    Some(impact)
}

fn read_timeline(r: &mut Reader, node: &Node) -> Option<Sp<Vec<RawTimelineEntry>>> {
    let items = r.seq("timeline", node)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Some(fields) = entries(r, "timeline entry", item, keys::TIMELINE, None) else {
            continue;
        };
        let mut entry = RawTimelineEntry {
            span: r.span(item),
            at: None,
            event: None,
            kind: None,
            invalid: Vec::new(),
        };
        for (key, value) in fields {
            let reported = r.reporter.diagnostics.len();
            match key {
                "at" => entry.at = r.string("at", value),
                "event" => entry.event = r.string("event", value),
                "kind" => entry.kind = r.string("kind", value),
                _ => {}
            }
            if r.reporter.diagnostics.len() > reported {
                entry.invalid.push(key);
            }
        }
        out.push(entry);
    }
    Some(Sp::new(out, r.span(node)))
}

fn read_actions(r: &mut Reader, node: &Node) -> Option<Sp<Vec<RawAction>>> {
    let items = r.seq("actions", node)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Some(fields) = entries(r, "action", item, keys::ACTION, None) else {
            continue;
        };
        let mut action = RawAction {
            span: r.span(item),
            id: None,
            title: None,
            owner: None,
            due: None,
            status: None,
            status_given: false,
            link: None,
            priority: None,
            recommendation: None,
            outcome: None,
            invalid: Vec::new(),
        };
        for (key, value) in fields {
            let reported = r.reporter.diagnostics.len();
            match key {
                "id" => action.id = r.string("action id", value),
                "title" => action.title = r.string("action title", value),
                "owner" => action.owner = r.string("action owner", value),
                "due" => action.due = r.date("due", value),
                "status" => {
                    action.status_given = true;
                    action.status = r.choice(
                        "action status",
                        value,
                        ActionStatus::NAMES,
                        ActionStatus::parse,
                    )
                }
                "link" => action.link = r.string("link", value),
                "priority" => action.priority = r.string("priority", value),
                "recommendation" => {
                    action.recommendation = r.string("action recommendation", value)
                }
                "outcome" => action.outcome = r.string("action outcome", value),
                _ => {}
            }
            if r.reporter.diagnostics.len() > reported {
                action.invalid.push(key);
            }
        }
        out.push(action);
    }
    Some(Sp::new(out, r.span(node)))
}

fn read_review(r: &mut Reader, node: &Node) -> Option<RawReview> {
    let fields = entries(r, "review", node, keys::REVIEW, None)?;
    let mut review = RawReview {
        span: r.span(node),
        date: None,
        attendees: Vec::new(),
        notes: None,
        needed: None,
        reason: None,
        draft_circulated: None,
    };
    for (key, value) in fields {
        match key {
            "date" => review.date = r.date("review.date", value),
            "attendees" => review.attendees = r.strings("review.attendees", value),
            "notes" => review.notes = r.string("review.notes", value),
            "needed" => review.needed = r.bool("review.needed", value),
            "reason" => review.reason = r.string("review.reason", value),
            "draft_circulated" => {
                review.draft_circulated = r.date("review.draft_circulated", value)
            }
            _ => {}
        }
    }
    Some(review)
}
