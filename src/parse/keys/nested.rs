//! The keys of the mappings inside the front matter: `impact`, a timeline
//! entry, an action, `review`, and the lists of the practice (roles,
//! communications, recommendations, investigations, known issues).

use super::Kind::*;
use super::Need::*;
use super::{Key, key};
use crate::model::{ActionStatus, Horizon, Reach, RecommendationKind};

/// The keys of `impact`. `summary` is required once the report is published.
pub const IMPACT: &[Key] = &[
    key(
        "summary",
        Text,
        Published,
        "The impact on users, in a sentence.",
    ),
    key("users", Text, Optional, "Who or how many were affected."),
    key(
        "affected",
        Entries {
            keys: AFFECTED,
            shorthand: "name",
        },
        Optional,
        "The business units, client groups or user groups affected (internal only by default): each a name, or `{name, kind}`.",
    ),
    key("data_loss", Bool, Optional, "Whether data was lost."),
    key(
        "data_lost",
        Map {
            keys: DATA_LOST,
            open: false,
        },
        Optional,
        "What data was lost: `what`, `amount`, `recovered`, and `notified` (how the people concerned were told).",
    ),
];

/// The keys of an entry of `impact.affected`.
pub const AFFECTED: &[Key] = &[
    key(
        "name",
        Text,
        Always,
        "A business unit, client group or user group.",
    ),
    key(
        "kind",
        Choice(Reach::NAMES),
        Optional,
        "internal, clients or public.",
    ),
];

/// The keys of `impact.data_lost`.
pub const DATA_LOST: &[Key] = &[
    key("what", Text, Always, "What data was lost."),
    key("amount", Text, Optional, "How much, in words or numbers."),
    key("recovered", Bool, Optional, "Whether it was recovered."),
    key(
        "notified",
        Text,
        Optional,
        "How the people concerned were told, and when.",
    ),
];

/// The keys of a role.
pub const ROLE: &[Key] = &[
    key(
        "role",
        Role,
        Always,
        "lead, comms, scribe, responder, or a role of retrospect.yaml.",
    ),
    key("person", Text, Always, "Who held it (a name or handle)."),
    key(
        "from",
        Time,
        Optional,
        "When they took it over, if not from the start.",
    ),
    key(
        "until",
        Time,
        Optional,
        "When they handed it over, if before the end.",
    ),
];

/// The keys of a communication.
pub const COMMUNICATION: &[Key] = &[
    key("at", Time, Always, "When it was sent."),
    key(
        "audience",
        Choice(Reach::NAMES),
        Always,
        "Who it was for: internal, clients or public.",
    ),
    key("channel", Text, Always, "How: status page, email, chat, …"),
    key(
        "summary",
        Text,
        Always,
        "The text sent, or a summary of it.",
    ),
    key("by", Text, Optional, "Who sent it (internal only)."),
];

/// The keys of a recommendation written as a mapping.
pub const RECOMMENDATION: &[Key] = &[
    key(
        "id",
        Text,
        Optional,
        "Unique within the report; default R1, R2, … by position. Actions name it in `recommendation`.",
    ),
    key("text", Text, Always, "What the review recommends."),
    key(
        "kind",
        Choice(RecommendationKind::NAMES),
        Optional,
        "technical, training, policy, process or communication.",
    ),
    key(
        "horizon",
        Choice(Horizon::NAMES),
        Optional,
        "tactical (a quick fix) or lasting (the change that stops a repeat).",
    ),
    key("declined", Text, Optional, "Why it was not taken up."),
];

/// The keys of an investigation.
pub const INVESTIGATION: &[Key] = &[
    key(
        "id",
        Text,
        Optional,
        "Unique within the report; default I1, I2, … by position.",
    ),
    key("question", Text, Always, "What is still to be found out."),
    key(
        "owner",
        Text,
        Optional,
        "Who looks into it (internal only).",
    ),
    key("finding", Text, Optional, "What was found."),
    key(
        "closed",
        Date,
        Optional,
        "When it was closed (YYYY-MM-DD); needs a `finding`.",
    ),
];

/// The keys of a known issue.
pub const KNOWN_ISSUE: &[Key] = &[
    key(
        "id",
        Text,
        Optional,
        "Unique within the report; default K1, K2, … by position.",
    ),
    key(
        "description",
        Text,
        Always,
        "What is still broken after the fix.",
    ),
    key("link", Text, Optional, "An http(s) link to the tracker."),
    key(
        "resolved",
        Date,
        Optional,
        "When it was resolved (YYYY-MM-DD).",
    ),
];

/// The keys of a contributing factor.
pub const FACTOR: &[Key] = &[
    key(
        "category",
        FactorCategory,
        Always,
        "change, capacity, dependency, configuration, monitoring-gap, process, hardware, security, human-factors, or a category of retrospect.yaml.",
    ),
    key(
        "description",
        Text,
        Optional,
        "How it contributed, in a sentence (public where the report is).",
    ),
];

/// The keys of a timeline entry.
pub const TIMELINE: &[Key] = &[
    key(
        "at",
        Time,
        Always,
        "When: \"09:12\" on the report's date, \"2024-03-14 09:12\", or RFC 3339.",
    ),
    key("event", Text, Always, "What happened."),
    key(
        "kind",
        Text,
        Optional,
        "Free text; `before` and `after` mark context outside started..resolved, `handover` a role changing hands.",
    ),
];

/// The keys of an action. `due` is required unless `status` is `done` or
/// `wont-do`, which the schema states separately.
pub const ACTION: &[Key] = &[
    key(
        "id",
        Text,
        Optional,
        "Unique within the report; default A1, A2, … by position.",
    ),
    key("title", Text, Always, "What will be done."),
    key("owner", Text, Always, "Who owns it (a name or handle)."),
    key(
        "due",
        Date,
        Optional,
        "When it is due (YYYY-MM-DD); required unless the status is done or wont-do.",
    ),
    key(
        "status",
        Choice(ActionStatus::NAMES),
        Optional,
        "open (default), in-progress, done or wont-do.",
    ),
    key("link", Text, Optional, "An http(s) link to the tracker."),
    key("priority", Text, Optional, "Free text, e.g. p1."),
    key(
        "recommendation",
        Text,
        Optional,
        "The id of the recommendation it carries out (R2, or 2).",
    ),
    key(
        "outcome",
        Text,
        Optional,
        "What was done, with links (the runbook that was updated); shown once done.",
    ),
];

/// The keys of `review`.
pub const REVIEW: &[Key] = &[
    key(
        "date",
        Date,
        Optional,
        "The day of the review (YYYY-MM-DD).",
    ),
    key("attendees", Texts, Optional, "Who took part."),
    key("notes", Text, Optional, "Notes from the review."),
    key(
        "needed",
        Bool,
        Optional,
        "false when the practice needs no review meeting (a trivial incident); give a `reason`.",
    ),
    key("reason", Text, Optional, "Why no review is needed."),
    key(
        "draft_circulated",
        Date,
        Optional,
        "When the draft went to the attendees (YYYY-MM-DD).",
    ),
];
