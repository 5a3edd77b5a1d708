//! `retrospect.yaml`: the site's settings. Every key is optional; the
//! defaults are the report format's. Unknown keys are errors (a typo in a
//! config silently changes nothing otherwise), reported with line and column.

mod defaults;
mod id_pattern;
mod load;
pub mod practice;
pub mod repository;

pub use id_pattern::IdPattern;
pub(crate) use load::ConfigFile;
pub use load::{CONFIG_FILE, load, parse};
pub use practice::{
    Expectations, FactorCategoryInfo, IncidentKindInfo, PrimeDirective, ReviewSettings, RoleInfo,
    WorkingHours,
};

use crate::model::Visibility;
use crate::time::Zone;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The validated configuration every stage reads.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub timezone: Zone,
    pub default_visibility: Visibility,
    pub id_pattern: IdPattern,
    pub severities: Vec<SeverityLevel>,
    pub people: BTreeMap<String, PersonInfo>,
    pub public: PublicSettings,
    pub reviews: ReviewSettings,
    pub reminders: Reminders,
    /// Where the reports' source lives: each report links to its source,
    /// history and "suggest a change".
    pub repository: Option<repository::Repository>,
    pub lints: Lints,
    pub blame_phrases: Vec<String>,
    pub placeholders: Vec<String>,
    pub allow_raw_html: bool,
    /// The theme: `default`, or a folder `themes/NAME/` of the site.
    pub theme: String,
    /// The built-in roles, then the site's.
    pub roles: Vec<RoleInfo>,
    /// The built-in kinds of incident, then the site's.
    pub incident_kinds: Vec<IncidentKindInfo>,
    /// The built-in categories of contributing factor, then the site's.
    pub factor_categories: Vec<FactorCategoryInfo>,
    /// When the service is staffed; empty when not configured (then no
    /// report says whether it started out of hours).
    pub working_hours: Vec<WorkingHours>,
    pub prime_directive: PrimeDirective,
    /// Rows per page of a long list (at least 1).
    pub paginate: usize,
    /// How many of the newest published reports the feed holds (at least 1).
    pub feed_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Incident reviews".into(),
            description: String::new(),
            base_url: "/".into(),
            timezone: Zone::default(),
            default_visibility: Visibility::Internal,
            id_pattern: IdPattern::default(),
            severities: defaults::severities(),
            people: BTreeMap::new(),
            public: PublicSettings::default(),
            reviews: ReviewSettings::default(),
            reminders: Reminders::default(),
            repository: None,
            lints: Lints::default(),
            blame_phrases: defaults::blame_phrases(),
            placeholders: defaults::placeholders(),
            allow_raw_html: false,
            theme: "default".into(),
            roles: practice::built_in_roles(),
            incident_kinds: practice::built_in_kinds(),
            factor_categories: practice::built_in_factor_categories(),
            working_hours: Vec::new(),
            prime_directive: PrimeDirective::default(),
            paginate: 100,
            feed_limit: 50,
        }
    }
}

impl Config {
    pub fn severity(&self, name: &str) -> Option<&SeverityLevel> {
        self.severities.iter().find(|s| s.name == name)
    }

    pub fn role(&self, name: &str) -> Option<&RoleInfo> {
        self.roles.iter().find(|r| r.name == name)
    }

    pub fn incident_kind(&self, name: &str) -> Option<&IncidentKindInfo> {
        self.incident_kinds.iter().find(|k| k.name == name)
    }

    pub fn factor_category(&self, name: &str) -> Option<&FactorCategoryInfo> {
        self.factor_categories.iter().find(|c| c.name == name)
    }
}

/// One severity level and what a report of that level must contain once
/// published.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeverityLevel {
    /// The name reports use in `severity:`: lowercase letters, digits and hyphens.
    pub name: String,
    /// As shown on the site. Default: the name, capitalised.
    #[serde(default)]
    pub label: String,
    /// What the level means, shown on its browse page.
    #[serde(default)]
    pub description: String,
    /// A CSS colour for the level's badge, e.g. "#b3261e".
    #[serde(default)]
    pub colour: String,
    /// What a published report of this level needs; absent keys require nothing.
    #[serde(default)]
    pub requires: Requirements,
    /// What a report of this level should have: warnings, not errors.
    #[serde(default)]
    pub expects: Expectations,
}

/// What a published report of a severity must have. Absent keys require
/// nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Requirements {
    /// Minimum number of timeline entries.
    pub timeline: usize,
    /// Minimum number of recommendations.
    pub recommendations: usize,
    /// Minimum number of agreed actions.
    pub actions: usize,
    /// Whether a `review` map is required.
    pub review: bool,
    /// Whether `detected` is required.
    pub detected: bool,
    /// Body sections that must be present and not empty.
    pub sections: Vec<SectionRule>,
    /// Other keys that must be given, as paths: `kind`, `roles`,
    /// `impact.affected`, `review.draft_circulated`, …
    pub keys: Vec<String>,
}

/// A required body section and the other headings accepted for it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionRule {
    /// The level-2 heading, matched ignoring case and surrounding punctuation.
    pub title: String,
    /// Other headings accepted for it.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A person's name and team.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonInfo {
    /// Shown to the internal audience instead of the handle.
    #[serde(default)]
    pub name: Option<String>,
    /// Shown to the public audience instead of the person.
    #[serde(default)]
    pub team: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PublicSettings {
    /// Show people's names to the public audience.
    pub show_people: bool,
    /// Show who was affected (`impact.affected`) to the public audience;
    /// client names are often confidential.
    pub show_affected: bool,
}

/// The calendars of each owner's and team's actions.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Reminders {
    /// How many days before an action's due date its event's alarm goes
    /// off, in each owner's and team's actions.ics; 0 for no alarm.
    /// Default: 3.
    pub days_before: u32,
}

impl Default for Reminders {
    fn default() -> Self {
        Reminders { days_before: 3 }
    }
}

/// What a lint does when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LintLevel {
    Off,
    Warn,
    Error,
}

/// The levels of the lints (warnings beyond completeness).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct Lints {
    /// R101: a key the format does not know.
    pub unknown_key: LintLevel,
    /// R102: an action past its due date that is not done.
    pub overdue_action: LintLevel,
    /// R103: blame-laden wording.
    pub blame_language: LintLevel,
    /// R104: a duration in the title that the report's times contradict.
    pub title_duration: LintLevel,
    /// R110: a review held later than `reviews.late_after_days`.
    pub late_review: LintLevel,
    /// R111: a draft older than `reviews.stale_draft_days`.
    pub stale_draft: LintLevel,
    /// R112: a placeholder in a draft's title, summary, owners, timeline or
    /// actions (in a published report it is the error R061).
    pub draft_placeholder: LintLevel,
    /// R105: a serious incident that affected clients or the public has no
    /// communications role.
    pub no_comms_role: LintLevel,
    /// R106: an incident that affected clients or the public has no update
    /// sent to them.
    pub no_external_update: LintLevel,
    /// R107: a done action of a serious incident without an outcome.
    pub done_without_outcome: LintLevel,
    /// R108: the review's draft went out too late before the meeting.
    pub late_draft: LintLevel,
    /// R109: wording that names a single root cause.
    pub root_cause: LintLevel,
    /// R113: a contributing factor whose category the site does not define.
    pub unknown_factor: LintLevel,
}

impl Default for Lints {
    fn default() -> Self {
        Lints {
            unknown_key: LintLevel::Warn,
            overdue_action: LintLevel::Warn,
            blame_language: LintLevel::Warn,
            title_duration: LintLevel::Warn,
            late_review: LintLevel::Warn,
            stale_draft: LintLevel::Warn,
            draft_placeholder: LintLevel::Warn,
            no_comms_role: LintLevel::Warn,
            no_external_update: LintLevel::Warn,
            done_without_outcome: LintLevel::Warn,
            late_draft: LintLevel::Warn,
            root_cause: LintLevel::Warn,
            unknown_factor: LintLevel::Warn,
        }
    }
}

impl Lints {
    /// The configured level of a lint code (`None` for non-lint codes).
    pub fn level_of(&self, code: crate::diagnostic::Code) -> Option<LintLevel> {
        use crate::diagnostic::Code;
        match code {
            Code::UnknownKey => Some(self.unknown_key),
            Code::OverdueAction => Some(self.overdue_action),
            Code::BlameLanguage => Some(self.blame_language),
            Code::TitleDuration => Some(self.title_duration),
            Code::LateReview => Some(self.late_review),
            Code::StaleDraft => Some(self.stale_draft),
            Code::DraftPlaceholder => Some(self.draft_placeholder),
            Code::NoCommsRole => Some(self.no_comms_role),
            Code::NoExternalUpdate => Some(self.no_external_update),
            Code::DoneWithoutOutcome => Some(self.done_without_outcome),
            Code::LateDraft => Some(self.late_draft),
            Code::RootCause => Some(self.root_cause),
            Code::UnknownFactor => Some(self.unknown_factor),
            _ => None,
        }
    }
}
