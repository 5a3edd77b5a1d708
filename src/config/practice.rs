//! The settings of the practice of blameless review: the roles and kinds
//! of incident a site knows (the built-in ones, extended), its working
//! hours, when a review's draft should go out, and the prime directive.

use crate::time::Zone;
use chrono::{NaiveTime, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A role held during an incident.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleInfo {
    /// The name reports use in `roles: [{role: …}]`: lowercase letters,
    /// digits and hyphens.
    pub name: String,
    /// As shown on the site. Default: the name, capitalised.
    #[serde(default)]
    pub label: String,
    /// What the role does.
    #[serde(default)]
    pub description: String,
}

/// The roles every site knows; `roles:` in retrospect.yaml adds to them
/// (or relabels one of the same name).
pub fn built_in_roles() -> Vec<RoleInfo> {
    let role = |name: &str, label: &str, description: &str| RoleInfo {
        name: name.into(),
        label: label.into(),
        description: description.into(),
    };
    vec![
        role(
            "lead",
            "Incident lead",
            "Coordinates the response and makes the calls.",
        ),
        role(
            "comms",
            "Communications",
            "Keeps clients, the public and the organisation informed.",
        ),
        role(
            "scribe",
            "Scribe",
            "Keeps the timeline while the incident runs.",
        ),
        role("responder", "Responder", "Investigates and fixes."),
    ]
}

/// A kind of incident.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentKindInfo {
    /// The name reports use in `kind:`: lowercase letters, digits and hyphens.
    pub name: String,
    /// As shown on the site. Default: the name, capitalised, hyphens as spaces.
    #[serde(default)]
    pub label: String,
    /// What it means, shown on its browse page.
    #[serde(default)]
    pub description: String,
    /// How the summary for stakeholders says it, after the services and
    /// "was" or "were": "unavailable". Default: "affected by an incident".
    #[serde(default)]
    pub phrase: String,
    /// Keys a published report of this kind must have, as paths: a key
    /// (`communications`), a key of `impact` or `review`
    /// (`impact.data_lost`), or of `impact.data_lost`
    /// (`impact.data_lost.notified`).
    #[serde(default)]
    pub requires: Vec<String>,
}

/// The kinds every site knows; `incident_kinds:` in retrospect.yaml adds
/// to them (or redefines one of the same name).
pub fn built_in_kinds() -> Vec<IncidentKindInfo> {
    let kind = |name: &str, label: &str, description: &str, phrase: &str| IncidentKindInfo {
        name: name.into(),
        label: label.into(),
        description: description.into(),
        phrase: phrase.into(),
        requires: Vec::new(),
    };
    vec![
        kind(
            "unavailable",
            "Unavailable",
            "The service, or part of it, could not be used.",
            "unavailable",
        ),
        kind("slow", "Slow", "The service worked, slowly.", "slow"),
        kind(
            "broken-functionality",
            "Broken functionality",
            "A feature gave wrong results or failed.",
            "partly broken",
        ),
        kind(
            "security-vulnerability",
            "Security vulnerability",
            "A weakness that could have been, or was, exploited.",
            "exposed by a security vulnerability",
        ),
        kind(
            "data-breach",
            "Data breach",
            "Data reached people it should not have.",
            "affected by a data breach",
        ),
    ]
}

/// A category of contributing factor (`factors: [{category: …}]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactorCategoryInfo {
    /// The name reports use in `factors: [{category: …}]`: lowercase
    /// letters, digits and hyphens.
    pub name: String,
    /// As shown on the site. Default: the name, capitalised, hyphens as spaces.
    #[serde(default)]
    pub label: String,
    /// What it means, shown on its browse page.
    #[serde(default)]
    pub description: String,
}

/// The categories every site knows; `factor_categories:` in
/// retrospect.yaml adds to them (or redefines one of the same name).
/// Human factors are recorded blamelessly: the system that let a person's
/// action cause harm, never the person.
pub fn built_in_factor_categories() -> Vec<FactorCategoryInfo> {
    let category = |name: &str, label: &str, description: &str| FactorCategoryInfo {
        name: name.into(),
        label: label.into(),
        description: description.into(),
    };
    vec![
        category("change", "Change", "A deploy, migration or other change."),
        category(
            "capacity",
            "Capacity",
            "Load beyond what the system was sized for.",
        ),
        category(
            "dependency",
            "Dependency",
            "A service, library or provider the system relies on.",
        ),
        category(
            "configuration",
            "Configuration",
            "A setting, flag or secret with an unsafe value.",
        ),
        category(
            "monitoring-gap",
            "Monitoring gap",
            "Nothing noticed, or noticed too late.",
        ),
        category(
            "process",
            "Process",
            "A runbook, review or hand-over that did not catch it.",
        ),
        category(
            "hardware",
            "Hardware",
            "A disk, host, network link or data centre.",
        ),
        category(
            "security",
            "Security",
            "An attack, or a weakness that allowed one.",
        ),
        category(
            "human-factors",
            "Human factors",
            "The system that let a person's action cause harm: tooling, defaults, fatigue, unclear guidance. Never the person.",
        ),
    ]
}

/// Adds `extra` to `base`: an entry of a name `base` has replaces it, a
/// new name is added at the end.
pub(super) fn extend<T: Clone>(base: &mut Vec<T>, extra: Vec<T>, name: impl Fn(&T) -> &str) {
    for item in extra {
        match base.iter().position(|b| name(b) == name(&item)) {
            Some(i) => base[i] = item,
            None => base.push(item),
        }
    }
}

/// Working hours in one time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingHours {
    pub zone: Zone,
    /// The days these hours start on.
    pub days: Vec<Weekday>,
    pub start: NaiveTime,
    /// At or before `start`: the hours run past midnight.
    pub end: NaiveTime,
}

/// `working_hours:` as written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct WorkingHoursFile {
    /// An IANA name or an offset. Default: the site's `timezone`.
    pub timezone: Option<String>,
    /// Days, as `mon`…`sun` (or full names), or ranges such as `mon-fri`.
    /// Default: Monday to Friday.
    #[serde(default)]
    pub days: Vec<String>,
    /// When the day starts, "HH:MM". Default: "09:00".
    pub start: Option<String>,
    /// When the day ends, "HH:MM"; at or before `start`, the hours run past
    /// midnight. Default: "17:00".
    pub end: Option<String>,
}

impl WorkingHoursFile {
    /// The hours, or what is wrong with them.
    pub(super) fn check(&self, site_zone: Zone) -> Result<WorkingHours, String> {
        let zone = match &self.timezone {
            Some(tz) => Zone::parse(tz)?,
            None => site_zone,
        };
        let time = |text: &Option<String>, default: &str| {
            let text = text.as_deref().unwrap_or(default);
            NaiveTime::parse_from_str(text.trim(), "%H:%M")
                .map_err(|_| format!("`{text}` is not a time of day: write it as \"HH:MM\""))
        };
        let mut days = Vec::new();
        let written: Vec<&str> = if self.days.is_empty() {
            vec!["mon-fri"]
        } else {
            self.days.iter().map(String::as_str).collect()
        };
        for text in written {
            let (first, last) = text.split_once('-').unwrap_or((text, text));
            let (first, last) = (weekday(first)?, weekday(last)?);
            let mut day = first;
            loop {
                if !days.contains(&day) {
                    days.push(day);
                }
                if day == last {
                    break;
                }
                day = day.succ();
            }
        }
        Ok(WorkingHours {
            zone,
            days,
            start: time(&self.start, "09:00")?,
            end: time(&self.end, "17:00")?,
        })
    }
}

fn weekday(text: &str) -> Result<Weekday, String> {
    let lower = text.trim().to_ascii_lowercase();
    let days = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    days.into_iter()
        .find(|d| {
            let name = format!("{d:?}").to_ascii_lowercase();
            lower == name || lower == full_name(*d)
        })
        .ok_or_else(|| {
            format!("`{text}` is not a day: write mon, tue, wed, thu, fri, sat or sun (or mon-fri)")
        })
}

fn full_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// `reviews:`: when reviews are due: the review meeting about a week after
/// the incident, its draft a few days before, and a report not left as a
/// draft for long.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewSettings {
    /// R108 warns when `review.draft_circulated` is fewer than this many
    /// days before the review meeting. Default: 2.
    pub draft_days_before_meeting: u32,
    /// R110: a published report whose review was held more than this many
    /// days after the incident's date is a warning. Default: 14.
    pub late_after_days: u32,
    /// R111: a report still a draft this many days after the incident's
    /// date is a warning. Default: 30.
    pub stale_draft_days: u32,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            draft_days_before_meeting: 2,
            late_after_days: 14,
            stale_draft_days: 30,
        }
    }
}

/// The retrospective prime directive (Norm Kerth).
pub const PRIME_DIRECTIVE: &str = "Regardless of what we discover, we understand and truly \
believe that everyone did the best job they could, given what they knew at the time, their \
skills and abilities, the resources available, and the situation at hand.";

/// `prime_directive:`: whether report pages open with it, and its words.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PrimeDirective {
    /// Show it on every report page. Default: false.
    pub show: bool,
    /// Its words. Default: Norm Kerth's retrospective prime directive.
    pub text: String,
}

impl Default for PrimeDirective {
    fn default() -> Self {
        PrimeDirective {
            show: false,
            text: PRIME_DIRECTIVE.into(),
        }
    }
}

/// What a report of a severity should have: warnings, not errors (each
/// lint can also be turned off under `lints:`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Expectations {
    /// R105: a `comms` role when clients or the public were affected.
    pub comms_role: bool,
    /// R107: an `outcome` on every done action.
    pub outcomes: bool,
}

/// Whether `path` (`impact.data_lost.notified`) names a key that a
/// configuration may require: a top-level key, a key of `impact` or
/// `review`, or a key of `impact.data_lost`.
pub fn requirable(path: &str) -> bool {
    use crate::parse::keys::{self, Kind};
    let parts: Vec<&str> = path.split('.').collect();
    let Some(top) = keys::find(keys::REPORT, parts[0]) else {
        return false;
    };
    match (parts.as_slice(), top.kind) {
        ([_], _) => true,
        ([_, sub], Kind::Map { keys, .. }) => keys::find(keys, sub).is_some(),
        (["impact", "data_lost", sub], _) => keys::find(keys::DATA_LOST, sub).is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(days: &[&str], start: &str, end: &str) -> Result<WorkingHours, String> {
        WorkingHoursFile {
            timezone: None,
            days: days.iter().map(|d| d.to_string()).collect(),
            start: Some(start.into()),
            end: Some(end.into()),
        }
        .check(Zone::default())
    }

    #[test]
    fn working_days_read_names_and_ranges() {
        let h = hours(&["fri-mon", "Wednesday"], "08:30", "18:00").unwrap();
        use Weekday::*;
        assert_eq!(h.days, [Fri, Sat, Sun, Mon, Wed]);
        assert_eq!(h.start, NaiveTime::from_hms_opt(8, 30, 0).unwrap());
        assert_eq!(hours(&[], "09:00", "17:00").unwrap().days.len(), 5);
        assert!(hours(&["funday"], "09:00", "17:00").is_err());
        assert!(hours(&["mon"], "9am", "17:00").is_err());
    }

    #[test]
    fn only_keys_of_the_format_can_be_required() {
        for path in [
            "kind",
            "roles",
            "impact.affected",
            "impact.data_lost.notified",
            "review.draft_circulated",
        ] {
            assert!(requirable(path), "{path}");
        }
        for path in ["kinds", "impact.nothing", "roles.person", "title.x"] {
            assert!(!requirable(path), "{path}");
        }
    }
}
