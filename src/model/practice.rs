//! What the practice of blameless review asks a team to record besides the
//! incident itself: who held which role, what was said to whom, who was
//! affected and what was lost, what is still broken, what is still being
//! investigated, and what each recommendation became. Validated values,
//! like the rest of the model.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

/// Who an update was for, or who was affected: people inside the
/// organisation, its clients, or the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reach {
    Internal,
    Clients,
    Public,
}

impl Reach {
    pub const NAMES: &'static [&'static str] = &["internal", "clients", "public"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "internal" => Some(Reach::Internal),
            "clients" => Some(Reach::Clients),
            "public" => Some(Reach::Public),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        Reach::NAMES[self as usize]
    }

    /// As the site shows it.
    pub fn label(self) -> &'static str {
        match self {
            Reach::Internal => "Internal",
            Reach::Clients => "Clients",
            Reach::Public => "Public",
        }
    }

    /// Outside the organisation: clients or the public.
    pub fn is_external(self) -> bool {
        self != Reach::Internal
    }
}

/// A role held during the incident: the incident lead, the communications
/// manager, a scribe, a responder, or a role the site defines.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// The role's name (`lead`, `comms`, …).
    pub role: String,
    /// A person as written (a handle or a name), or, after the public trim,
    /// a team.
    pub person: String,
    /// When the person took the role, if not from the start.
    pub from: Option<DateTime<FixedOffset>>,
    /// When the person handed the role over, if before the end.
    pub until: Option<DateTime<FixedOffset>>,
}

/// An update sent during or after the incident.
#[derive(Debug, Clone, PartialEq)]
pub struct Communication {
    pub at: DateTime<FixedOffset>,
    pub audience: Reach,
    /// Status page, email, chat, …: free text.
    pub channel: String,
    /// The text sent, or a summary of it (inline Markdown).
    pub summary: String,
    /// Who sent it, if written (a person; internal only).
    pub by: Option<String>,
}

/// A business unit, client group or user group that was affected.
#[derive(Debug, Clone, PartialEq)]
pub struct Affected {
    pub name: String,
    pub kind: Option<Reach>,
}

/// What data was lost.
#[derive(Debug, Clone, PartialEq)]
pub struct DataLost {
    pub what: String,
    pub amount: Option<String>,
    pub recovered: Option<bool>,
    /// How the people concerned were told, and when.
    pub notified: Option<String>,
}

/// What kind of change a recommendation asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecommendationKind {
    Technical,
    Training,
    Policy,
    Process,
    Communication,
}

impl RecommendationKind {
    pub const NAMES: &'static [&'static str] = &[
        "technical",
        "training",
        "policy",
        "process",
        "communication",
    ];

    pub fn parse(s: &str) -> Option<Self> {
        use RecommendationKind::*;
        [Technical, Training, Policy, Process, Communication]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        RecommendationKind::NAMES[self as usize]
    }

    pub fn label(self) -> &'static str {
        match self {
            RecommendationKind::Technical => "Technical",
            RecommendationKind::Training => "Training",
            RecommendationKind::Policy => "Policy",
            RecommendationKind::Process => "Process",
            RecommendationKind::Communication => "Communication",
        }
    }
}

/// A quick fix, or the change that stops a repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Horizon {
    Tactical,
    Lasting,
}

impl Horizon {
    pub const NAMES: &'static [&'static str] = &["tactical", "lasting"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "tactical" => Some(Horizon::Tactical),
            "lasting" => Some(Horizon::Lasting),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        Horizon::NAMES[self as usize]
    }

    pub fn label(self) -> &'static str {
        match self {
            Horizon::Tactical => "Tactical",
            Horizon::Lasting => "Lasting",
        }
    }
}

/// What the review recommends.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// `R1`, `R2`, … by position unless written.
    pub id: String,
    /// Inline Markdown.
    pub text: String,
    pub kind: Option<RecommendationKind>,
    pub horizon: Option<Horizon>,
    /// Why it was not taken up, when it was not.
    pub declined: Option<String>,
}

/// A question the review left open ("further investigation needed").
#[derive(Debug, Clone, PartialEq)]
pub struct Investigation {
    /// `I1`, `I2`, … by position unless written.
    pub id: String,
    pub question: String,
    /// A person (internal only).
    pub owner: Option<String>,
    pub finding: Option<String>,
    pub closed: Option<NaiveDate>,
}

/// A problem still outstanding after the fix.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownIssue {
    /// `K1`, `K2`, … by position unless written.
    pub id: String,
    pub description: String,
    pub link: Option<String>,
    pub resolved: Option<NaiveDate>,
}

impl KnownIssue {
    /// Still outstanding on `today`.
    pub fn is_open(&self, today: NaiveDate) -> bool {
        self.resolved.is_none_or(|d| d > today)
    }
}

/// A contributing factor: a category of the site's, and how it contributed.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    /// A category name (`change`, `human-factors`, …); one the site does
    /// not define is kept (R113 warns about it).
    pub category: String,
    /// Inline Markdown.
    pub description: Option<String>,
}
