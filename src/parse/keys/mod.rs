//! Every key of the front matter, with the kind of value it takes and when
//! it is required: the one table that the parser looks keys up in and that
//! the JSON Schema (`retrospect schema report`) is generated from, so the
//! two cannot disagree about which keys exist. The tests in
//! `crate::schema` check that each kind here is the kind the parser reads.

mod nested;

pub use nested::{
    ACTION, AFFECTED, COMMUNICATION, DATA_LOST, FACTOR, IMPACT, INVESTIGATION, KNOWN_ISSUE,
    RECOMMENDATION, REVIEW, ROLE, TIMELINE,
};

use crate::model::Status;
use crate::model::Visibility;

/// The kind of value a key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text. Numbers and booleans are taken as written (`id: 2024`).
    Text,
    /// A URL-safe name: lowercase ASCII letters, digits and single hyphens.
    Slug,
    /// An IANA timezone name (`Europe/London`) or a UTC offset (`+05:30`).
    Timezone,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A time in one of the three forms of docs/format.md.
    Time,
    /// One of a fixed set of names.
    Choice(&'static [&'static str]),
    /// One of the site's severity levels (from `retrospect.yaml`).
    Severity,
    /// One of the site's roles: the built-in `lead`, `comms`, `scribe`,
    /// `responder`, and those of `roles:` in `retrospect.yaml`.
    Role,
    /// One of the site's kinds of incident (`incident_kinds:` in
    /// `retrospect.yaml`, added to the built-in ones).
    IncidentKind,
    /// A category of contributing factor (`factor_categories:` in
    /// `retrospect.yaml`, added to the built-in ones); any other text is a
    /// warning, not an error.
    FactorCategory,
    /// `true` or `false`.
    Bool,
    /// A list of texts.
    Texts,
    /// A mapping with these keys; `open` keeps any other keys for
    /// templates instead of warning about them.
    Map { keys: &'static [Key], open: bool },
    /// A list of mappings with these keys.
    List(&'static [Key]),
    /// A list whose entries are each a mapping with these keys, or a text
    /// that stands for the mapping with only `shorthand` (a plain string
    /// in `recommendations:` is its `text`).
    Entries {
        keys: &'static [Key],
        shorthand: &'static str,
    },
    /// Free-form data, handed to templates untouched.
    Any,
}

/// When a key must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// In every report, whatever its status (within a list: in every entry).
    Always,
    /// Once the report's `status` is `published`.
    Published,
    /// Never required by the format itself (a severity may still require it).
    Optional,
}

/// A key of the front matter (or of a mapping inside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    pub kind: Kind,
    pub need: Need,
    /// One sentence for editors' hover text.
    pub doc: &'static str,
}

pub(crate) const fn key(name: &'static str, kind: Kind, need: Need, doc: &'static str) -> Key {
    Key {
        name,
        kind,
        need,
        doc,
    }
}

use Kind::*;
use Need::*;

/// The top-level keys, in the order of the report format.
pub const REPORT: &[Key] = &[
    key("title", Text, Always, "What broke, in a few words."),
    key(
        "id",
        Text,
        Optional,
        "Unique across the site, e.g. INC-2024-031; other reports refer to it in `related`.",
    ),
    key(
        "slug",
        Slug,
        Optional,
        "Overrides the URL slug (default: the file name without its leading date).",
    ),
    key(
        "date",
        Date,
        Always,
        "The day the incident started, in `timezone` (YYYY-MM-DD).",
    ),
    key(
        "timezone",
        Timezone,
        Optional,
        "IANA name (Europe/London) or UTC offset (+05:30); default from retrospect.yaml.",
    ),
    key(
        "severity",
        Severity,
        Always,
        "One of the severity levels of retrospect.yaml.",
    ),
    key(
        "kind",
        IncidentKind,
        Optional,
        "What kind of incident: unavailable, slow, broken-functionality, security-vulnerability, data-breach, or a kind of retrospect.yaml.",
    ),
    key(
        "status",
        Choice(Status::NAMES),
        Always,
        "The report's lifecycle: draft, in-review, published.",
    ),
    key(
        "visibility",
        Choice(Visibility::NAMES),
        Optional,
        "Who may see the report; default from retrospect.yaml (internal unless changed).",
    ),
    key(
        "summary",
        Text,
        Published,
        "One paragraph of inline Markdown.",
    ),
    key("services", Texts, Optional, "The systems affected."),
    key("tags", Texts, Optional, "Free classification."),
    key(
        "authors",
        Texts,
        Published,
        "Who wrote the report (names or handles).",
    ),
    key(
        "lead",
        Text,
        Optional,
        "The incident lead (the same as a `lead` role without times).",
    ),
    key(
        "roles",
        List(ROLE),
        Optional,
        "Who held which role (lead, comms, scribe, responder, or a role of retrospect.yaml), with `from`/`until` for hand-overs.",
    ),
    key("started", Time, Always, "When the incident began."),
    key(
        "detected",
        Time,
        Optional,
        "When someone or something noticed; required once published unless the severity says otherwise.",
    ),
    key(
        "mitigated",
        Time,
        Optional,
        "When users stopped being affected.",
    ),
    key("resolved", Time, Published, "When the incident was closed."),
    key(
        "impact",
        Map {
            keys: IMPACT,
            open: true,
        },
        Published,
        "The impact on users: `summary`, `users`, `affected`, `data_loss`, `data_lost`, and any other keys for templates.",
    ),
    key(
        "timeline",
        List(TIMELINE),
        Optional,
        "What happened when, in order; how many entries a published report needs depends on its severity.",
    ),
    key(
        "communications",
        List(COMMUNICATION),
        Optional,
        "The updates sent during and after the incident: when, to whom (internal, clients, public), how, and what.",
    ),
    key(
        "recommendations",
        Entries {
            keys: RECOMMENDATION,
            shorthand: "text",
        },
        Optional,
        "What the review recommends, including ideas not taken up: each a text, or `{id, text, kind, horizon, declined}`.",
    ),
    key(
        "actions",
        List(ACTION),
        Optional,
        "Agreed actions, each with an owner and (unless done or dropped) a due date.",
    ),
    key(
        "investigations",
        List(INVESTIGATION),
        Optional,
        "Questions the review left open (further investigation needed), each closable with a finding.",
    ),
    key(
        "factors",
        Entries {
            keys: FACTOR,
            shorthand: "category",
        },
        Optional,
        "The contributing factors, each a category, or `{category, description}`: change, capacity, dependency, configuration, monitoring-gap, process, hardware, security, human-factors, or a category of retrospect.yaml.",
    ),
    key(
        "known_issues",
        List(KNOWN_ISSUE),
        Optional,
        "Problems still outstanding after the fix, each with an optional link and the date it was resolved.",
    ),
    key(
        "related",
        Texts,
        Optional,
        "Ids or slugs of other reports of the site.",
    ),
    key(
        "recurrence_of",
        Text,
        Optional,
        "The id or slug of the earlier report this incident repeats; it then needs no review meeting of its own.",
    ),
    key(
        "review",
        Map {
            keys: REVIEW,
            open: false,
        },
        Optional,
        "The review meeting: `date`, `attendees`, `notes`, `draft_circulated`; or `needed: false` with a `reason`.",
    ),
    key(
        "internal_notes",
        Text,
        Optional,
        "Markdown shown only to the internal audience.",
    ),
    key(
        "extra",
        Any,
        Optional,
        "Free-form data handed to templates untouched.",
    ),
];

/// The key of `table` called `name`.
pub fn find(table: &'static [Key], name: &str) -> Option<&'static Key> {
    table.iter().find(|k| k.name == name)
}

/// The names of a table's keys.
pub fn names(table: &'static [Key]) -> impl Iterator<Item = &'static str> + Clone {
    table.iter().map(|k| k.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_within_each_table() {
        for table in [
            REPORT,
            IMPACT,
            TIMELINE,
            ACTION,
            REVIEW,
            AFFECTED,
            DATA_LOST,
            ROLE,
            COMMUNICATION,
            RECOMMENDATION,
            INVESTIGATION,
            KNOWN_ISSUE,
            FACTOR,
        ] {
            let mut seen = std::collections::HashSet::new();
            for k in table {
                assert!(seen.insert(k.name), "{} twice", k.name);
                assert!(!k.doc.is_empty(), "{} has no doc", k.name);
            }
        }
    }
}
