//! The catalogue of diagnostic codes. Codes are stable: once published, a
//! code keeps its meaning forever, and retired codes are never reused.
//! `docs/diagnostics.md` documents each one with an example.

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($( $variant:ident = $code:literal, $name:literal, $level:ident, $title:literal; )*) => {
        /// Every diagnostic Retrospect can emit.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            /// All codes, in code order (for docs and SARIF rule lists).
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable code, such as `R012`.
            pub fn id(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// A stable kebab-case name, such as `missing-key`.
            pub fn name(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The level a code has unless the configuration changes it.
            pub fn default_level(self) -> Level {
                match self { $( Code::$variant => Level::$level, )* }
            }

            /// A one-line description of the rule.
            pub fn title(self) -> &'static str {
                match self { $( Code::$variant => $title, )* }
            }
        }
    };
}

codes! {
    // Files and front matter
    Unreadable = "R001", "unreadable-file", Error, "the file cannot be read, is not UTF-8 text, or is too large";
    NoFrontMatter = "R002", "missing-front-matter", Error, "a report must start with YAML front matter between `---` lines";
    UnclosedFrontMatter = "R003", "unclosed-front-matter", Error, "the front matter has no closing `---` line";
    YamlSyntax = "R004", "yaml-syntax", Error, "the front matter is not valid YAML";
    YamlLimit = "R005", "yaml-too-complex", Error, "the front matter exceeds a safety limit (nesting depth, or values after expanding aliases)";
    DuplicateKey = "R006", "duplicate-key", Error, "a key appears twice in the same mapping";
    NotAMapping = "R007", "front-matter-not-a-mapping", Error, "the front matter must be a mapping of keys to values";
    // Keys and values
    MissingKey = "R010", "missing-key", Error, "a required key is missing or empty";
    WrongType = "R011", "wrong-type", Error, "a value has the wrong type";
    InvalidValue = "R012", "invalid-value", Error, "a value is not one of the allowed values";
    InvalidDate = "R013", "invalid-date", Error, "a date is not a real `YYYY-MM-DD` date";
    InvalidTime = "R014", "invalid-time", Error, "a time is not in one of the three accepted forms";
    InvalidTimezone = "R015", "invalid-timezone", Error, "a timezone is neither an IANA name nor a UTC offset";
    NonexistentLocalTime = "R016", "nonexistent-local-time", Error, "a local time falls in a daylight-saving gap and never happened";
    AmbiguousLocalTime = "R017", "ambiguous-local-time", Error, "a local time falls in a daylight-saving overlap and happened twice";
    TooManyNames = "R018", "too-many-names", Error, "a report lists more than 100 different tags or services";
    Contradiction = "R019", "contradictory-values", Error, "two keys say opposite things";
    // Time order
    TimesOutOfOrder = "R020", "times-out-of-order", Error, "`started`, `detected`, `mitigated` and `resolved` are not in order, or a role's `from` is after its `until`";
    TimelineBackwards = "R021", "timeline-backwards", Error, "a timeline entry is earlier than the one before it";
    TimelineOutsideIncident = "R022", "timeline-outside-incident", Error, "a timeline entry lies outside `started`..`resolved`";
    // Completeness by severity
    TimelineTooShort = "R023", "timeline-too-short", Error, "the timeline has fewer entries than the severity requires";
    MissingRecommendations = "R024", "missing-recommendations", Error, "the severity requires recommendations";
    MissingActions = "R025", "missing-actions", Error, "the severity requires agreed actions";
    MissingReview = "R026", "missing-review", Error, "the severity requires a review";
    // Actions
    ActionMissingDue = "R030", "action-missing-due", Error, "an action that is not `done` or `wont-do` needs a `due` date";
    DuplicateActionId = "R031", "duplicate-action-id", Error, "two actions in one report share an id";
    DuplicateEntryId = "R032", "duplicate-entry-id", Error, "two recommendations, investigations or known issues in one report share an id";
    UnknownRecommendation = "R033", "unknown-recommendation", Error, "an action's `recommendation` names no recommendation of its report";
    // Identity across the site
    InvalidSlug = "R040", "invalid-slug", Error, "a slug is not lowercase ASCII letters, digits and hyphens";
    DuplicateSlug = "R041", "duplicate-slug", Error, "two reports have the same slug";
    DuplicateId = "R042", "duplicate-id", Error, "two reports have the same id";
    UnresolvedRelated = "R043", "unresolved-related", Error, "a `related` entry names no report of the site";
    UnresolvedRecurrence = "R044", "unresolved-recurrence", Error, "`recurrence_of` names no earlier report of the site";
    // Body
    MissingSection = "R050", "missing-section", Error, "a required section is missing from the body";
    EmptySection = "R051", "empty-section", Error, "a required section holds only placeholders";
    UnclosedInternal = "R052", "unclosed-internal-marker", Error, "an `<!-- internal -->` passage is not closed";
    NestedInternal = "R053", "nested-internal-marker", Error, "an `<!-- internal -->` passage is opened inside another";
    StrayInternalClose = "R054", "stray-internal-close", Error, "an `<!-- /internal -->` marker closes nothing";
    MisplacedInternalMarker = "R055", "misplaced-internal-marker", Error, "an internal marker does not stand on a line of its own";
    MalformedInternalMarker = "R056", "malformed-internal-marker", Error, "a comment reads like an internal marker but is not exactly one, or a marker is outside the body";
    UnclosedComment = "R057", "unclosed-comment", Error, "an HTML comment is never closed";
    AttachmentRefused = "R058", "attachment-refused", Error, "a linked file leads outside the site, is not a regular file, or is too large";
    // Reviews on time
    ReviewBeforeIncident = "R060", "review-before-incident", Error, "the review is dated before the incident";
    Placeholder = "R061", "placeholder", Error, "a published report still holds a placeholder in its title, summary, owners, timeline or actions";
    // Site configuration (these stop the run: exit code 2)
    InvalidConfig = "R090", "invalid-config", Error, "`retrospect.yaml` cannot be read or has an invalid key or value";
    // Warnings (lints), each can be turned off in `retrospect.yaml`
    UnknownKey = "R101", "unknown-key", Warning, "a front-matter key is not part of the format";
    OverdueAction = "R102", "overdue-action", Warning, "an action is past its due date and not done";
    BlameLanguage = "R103", "blame-language", Warning, "wording that assigns blame to people";
    TitleDuration = "R104", "title-duration", Warning, "the title states a duration that the report's times contradict";
    LateReview = "R110", "late-review", Warning, "a published report's review was held later than `reviews.late_after_days` after the incident";
    StaleDraft = "R111", "stale-draft", Warning, "a report is still a draft `reviews.stale_draft_days` after the incident";
    DraftPlaceholder = "R112", "draft-placeholder", Warning, "a draft still holds a placeholder in its title, summary, owners, timeline or actions";
    NoCommsRole = "R105", "no-comms-role", Warning, "a serious incident that affected clients or the public has no communications role";
    NoExternalUpdate = "R106", "no-external-update", Warning, "an incident that affected clients or the public has no update sent to them";
    DoneWithoutOutcome = "R107", "done-without-outcome", Warning, "a done action of a serious incident does not say what it achieved";
    LateDraft = "R108", "late-draft", Warning, "the review's draft went out too close to the meeting";
    RootCause = "R109", "root-cause", Warning, "wording that names a single root cause";
    UnknownFactor = "R113", "unknown-factor", Warning, "a contributing factor's category is not one the site defines";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        for code in Code::ALL {
            assert!(ids.insert(code.id()), "duplicate id {}", code.id());
            assert!(names.insert(code.name()), "duplicate name {}", code.name());
            assert!(code.id().len() == 4 && code.id().starts_with('R'));
            let warning = code.id().as_bytes()[1] == b'1';
            assert_eq!(
                warning,
                code.default_level() == Level::Warning,
                "{}",
                code.id()
            );
        }
    }
}
