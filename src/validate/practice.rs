//! The practice's lists: roles, communications, recommendations,
//! investigations, known issues, who was affected and what was lost. Each
//! entry is checked and made a model value; the lints that look at several
//! of them together (no comms role, no external update) are at the end.

use super::first_line;
use super::times::parse_time;
use crate::config::{Config, SeverityLevel};
use crate::diagnostic::{Code, FileReporter};
use crate::model::{
    Affected, Communication, DataLost, Horizon, Investigation, KnownIssue, Reach, Recommendation,
    RecommendationKind, Role, Sp,
};
use crate::parse::entries::RawEntry;
use crate::parse::fields::closest;
use crate::time::Zone;
use chrono::NaiveDate;
use std::collections::HashSet;

/// What reading a time needs: the report's date and zone, when valid.
#[derive(Clone, Copy)]
pub(super) struct When {
    pub date: Option<NaiveDate>,
    pub zone: Option<Zone>,
}

/// R010 for each key of `keys` an entry lacks (unless written wrongly).
pub(super) fn require(r: &mut FileReporter, entry: &RawEntry, what: &str, keys: &[&str]) -> bool {
    let mut complete = true;
    for key in keys {
        if entry.lacks(key) {
            let line = first_line(r, entry.span.clone());
            r.report(Code::MissingKey, line, format!("{what} has no `{key}`"))
                .set_help(format!("every {what} needs {}", list(keys)));
        }
        complete &= entry.text(key).is_some();
    }
    complete
}

fn list(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match quoted.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    }
}

/// R012 for a name the site does not define, with the closest one.
fn unknown_name(r: &mut FileReporter, what: &str, value: &Sp<String>, names: &[&str]) {
    let mut reader = crate::parse::fields::Reader {
        reporter: r,
        base: 0,
    };
    reader.invalid_choice(what, value, names);
}

/// `kind:`, one of the site's kinds.
pub(super) fn kind(
    r: &mut FileReporter,
    kind: Option<&Sp<String>>,
    config: &Config,
) -> Option<String> {
    let kind = kind?;
    if config.incident_kind(&kind.value).is_some() {
        return Some(kind.value.clone());
    }
    let names: Vec<&str> = config
        .incident_kinds
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    unknown_name(r, "kind", kind, &names);
    None
}

/// `roles:`, with `lead:` first when no role entry names a lead.
pub(super) fn roles(
    r: &mut FileReporter,
    raw: &[RawEntry],
    lead: Option<&Sp<String>>,
    when: When,
    config: &Config,
) -> Vec<Role> {
    let names: Vec<&str> = config.roles.iter().map(|k| k.name.as_str()).collect();
    let mut out = Vec::with_capacity(raw.len() + 1);
    for entry in raw {
        let complete = require(r, entry, "role", &["role", "person"]);
        let role = entry.text("role");
        let known = role.is_some_and(|role| config.role(&role.value).is_some());
        if let (Some(role), false) = (role, known) {
            unknown_name(r, "role", role, &names);
        }
        let from = entry
            .text("from")
            .and_then(|t| parse_time(r, "role.from", t, when.date, when.zone));
        let until = entry
            .text("until")
            .and_then(|t| parse_time(r, "role.until", t, when.date, when.zone));
        if let (Some(from), Some(until)) = (&from, &until)
            && until.value < from.value
        {
            r.report(
                Code::TimesOutOfOrder,
                until.span.clone(),
                format!(
                    "the role's `until` ({}) is before its `from` ({})",
                    crate::time::show(&until.value),
                    crate::time::show(&from.value)
                ),
            )
            .set_help("a role is held from `from` until `until`");
        }
        if complete && known {
            out.push(Role {
                role: entry.string("role").unwrap_or_default(),
                person: entry.string("person").unwrap_or_default(),
                from: from.map(|t| t.value),
                until: until.map(|t| t.value),
            });
        }
    }
    if let Some(lead) = lead
        && !raw
            .iter()
            .any(|e| e.text("role").is_some_and(|r| r.value == "lead"))
    {
        out.insert(
            0,
            Role {
                role: "lead".into(),
                person: lead.value.clone(),
                from: None,
                until: None,
            },
        );
    }
    out
}

/// `communications:`, in time order.
pub(super) fn communications(
    r: &mut FileReporter,
    raw: &[RawEntry],
    when: When,
) -> Vec<Communication> {
    let mut out = Vec::with_capacity(raw.len());
    for entry in raw {
        let what = "communication";
        let complete = require(r, entry, what, &["at", "audience", "channel", "summary"]);
        let at = entry
            .text("at")
            .and_then(|t| parse_time(r, "communication.at", t, when.date, when.zone));
        let audience = entry.text("audience").and_then(|a| Reach::parse(&a.value));
        if let (true, Some(at), Some(audience)) = (complete, at, audience) {
            out.push(Communication {
                at: at.value,
                audience,
                channel: entry.string("channel").unwrap_or_default(),
                summary: entry.string("summary").unwrap_or_default(),
                by: entry.string("by"),
            });
        }
    }
    out.sort_by_key(|c| c.at);
    out
}

/// Ids of a list's entries: written, or `PREFIX1`, `PREFIX2`, … by
/// position; a repeat is R032.
fn ids(r: &mut FileReporter, raw: &[RawEntry], prefix: &str, what: &str) -> Vec<String> {
    let explicit: HashSet<&str> = raw
        .iter()
        .filter_map(|e| e.text("id").map(|i| i.value.as_str()))
        .collect();
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, entry) in raw.iter().enumerate() {
        let id = match entry.text("id") {
            Some(id) => {
                if !seen.insert(id.value.clone()) {
                    r.report(
                        Code::DuplicateEntryId,
                        id.span.clone(),
                        format!("{what} id `{}` is used twice in this report", id.value),
                    )
                    .set_help(format!("give each {what} its own id"));
                }
                id.value.clone()
            }
            None => {
                let id = format!("{prefix}{}", i + 1);
                if explicit.contains(id.as_str()) {
                    let line = first_line(r, entry.span.clone());
                    r.report(
                        Code::DuplicateEntryId,
                        line,
                        format!("this {what}'s default id `{id}` is used by another {what}"),
                    )
                    .set_help(format!("give this {what} an explicit `id`"));
                }
                id
            }
        };
        out.push(id);
    }
    out
}

/// `recommendations:`: texts, or mappings with an id, a kind, a horizon
/// and why one was declined.
pub(super) fn recommendations(r: &mut FileReporter, raw: &[RawEntry]) -> Vec<Recommendation> {
    let ids = ids(r, raw, "R", "recommendation");
    let mut out = Vec::with_capacity(raw.len());
    for (entry, id) in raw.iter().zip(ids) {
        if !require(r, entry, "recommendation", &["text"]) {
            continue;
        }
        out.push(Recommendation {
            id,
            text: entry.string("text").unwrap_or_default(),
            kind: entry
                .text("kind")
                .and_then(|k| RecommendationKind::parse(&k.value)),
            horizon: entry.text("horizon").and_then(|h| Horizon::parse(&h.value)),
            declined: entry.string("declined"),
        });
    }
    out
}

/// `investigations:`; a closed one needs its finding.
pub(super) fn investigations(r: &mut FileReporter, raw: &[RawEntry]) -> Vec<Investigation> {
    let ids = ids(r, raw, "I", "investigation");
    let mut out = Vec::with_capacity(raw.len());
    for (entry, id) in raw.iter().zip(ids) {
        let complete = require(r, entry, "investigation", &["question"]);
        if let Some(closed) = entry.date("closed")
            && entry.lacks("finding")
        {
            r.report(
                Code::MissingKey,
                closed.span.clone(),
                "this investigation is closed but has no `finding`",
            )
            .set_help("say what was found under `finding:`, or leave it open");
        }
        if complete {
            out.push(Investigation {
                id,
                question: entry.string("question").unwrap_or_default(),
                owner: entry.string("owner"),
                finding: entry.string("finding"),
                closed: entry.date("closed").map(|d| d.value),
            });
        }
    }
    out
}

/// `known_issues:`.
pub(super) fn known_issues(r: &mut FileReporter, raw: &[RawEntry]) -> Vec<KnownIssue> {
    let ids = ids(r, raw, "K", "known issue");
    let mut out = Vec::with_capacity(raw.len());
    for (entry, id) in raw.iter().zip(ids) {
        if require(r, entry, "known issue", &["description"]) {
            out.push(KnownIssue {
                id,
                description: entry.string("description").unwrap_or_default(),
                link: entry.string("link"),
                resolved: entry.date("resolved").map(|d| d.value),
            });
        }
    }
    out
}

/// `impact.affected`.
pub(super) fn affected(r: &mut FileReporter, raw: &[RawEntry]) -> Vec<Affected> {
    let mut out: Vec<Affected> = Vec::with_capacity(raw.len());
    for entry in raw {
        if !require(r, entry, "affected group", &["name"]) {
            continue;
        }
        let name = entry.string("name").unwrap_or_default();
        // A group named twice counts once, as tags do.
        if out.iter().any(|a| a.name == name) {
            continue;
        }
        out.push(Affected {
            name,
            kind: entry.text("kind").and_then(|k| Reach::parse(&k.value)),
        });
    }
    out
}

/// `impact.data_lost`; `data_loss: false` beside it is R019.
pub(super) fn data_lost(
    r: &mut FileReporter,
    raw: Option<&RawEntry>,
    data_loss: Option<&Sp<bool>>,
) -> Option<DataLost> {
    let raw = raw?;
    if let Some(flag) = data_loss.filter(|d| !d.value) {
        r.report(
            Code::Contradiction,
            flag.span.clone(),
            "`impact.data_loss` is false, but `impact.data_lost` says what was lost",
        )
        .set_help("set `data_loss: true`, or remove `data_lost`");
    }
    require(r, raw, "`impact.data_lost`", &["what"]).then(|| DataLost {
        what: raw.string("what").unwrap_or_default(),
        amount: raw.string("amount"),
        recovered: raw.bool("recovered").map(|b| b.value),
        notified: raw.string("notified"),
    })
}

/// R105 and R106: an incident that reached clients or the public, with
/// no one to talk to them (a serious one), or no word sent to them. They
/// point at the `kind` of the first group affected outside.
pub(super) fn check_outreach(
    r: &mut FileReporter,
    affected: &[RawEntry],
    roles: &[Role],
    communications: &[Communication],
    severity: Option<&SeverityLevel>,
) {
    let outside = affected.iter().find_map(|entry| {
        let kind = entry.text("kind")?;
        Reach::parse(&kind.value)
            .filter(|reach| reach.is_external())
            .map(|reach| (reach, kind.span.clone()))
    });
    let Some((_, span)) = outside else { return };
    let public = affected.iter().any(|e| {
        e.text("kind")
            .is_some_and(|k| k.value == Reach::Public.as_str())
    });
    let who = if public { "the public" } else { "clients" };
    if let Some(level) = severity
        && level.expects.comms_role
        && !roles.iter().any(|role| role.role == "comms")
    {
        r.report(
            Code::NoCommsRole,
            span.clone(),
            format!(
                "a {} incident that affected {who} has no communications role",
                level.name
            ),
        )
        .set_help("name who kept them informed: `roles: [{role: comms, person: …}]`");
    }
    if !communications.iter().any(|c| c.audience.is_external()) {
        r.report(
            Code::NoExternalUpdate,
            span,
            format!("the incident affected {who}, and no update to them is recorded"),
        )
        .set_help("record what they were told under `communications:`, with `audience: clients` or `public`: it is very hard to over-communicate");
    }
}

/// R033: an action's `recommendation` must name one of the report's
/// (`2` stands for `R2`). Returns the id it names.
pub(super) fn recommendation_of(
    r: &mut FileReporter,
    written: &Sp<String>,
    recommendations: &[Recommendation],
) -> Option<String> {
    let value = written.value.trim();
    let ids = || recommendations.iter().map(|rec| rec.id.as_str());
    if let Some(id) = ids().find(|id| *id == value) {
        return Some(id.to_string());
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        let numbered = format!("R{value}");
        if let Some(id) = ids().find(|id| *id == numbered) {
            return Some(id.to_string());
        }
    }
    let known: Vec<&str> = ids().collect();
    let d = r.report(
        Code::UnknownRecommendation,
        written.span.clone(),
        format!("`recommendation: {value}` names no recommendation of this report"),
    );
    match closest(value, known.iter().copied()) {
        Some(close) => d.set_help(format!("did you mean `{close}`?")),
        None if known.is_empty() => d.set_help("this report has no `recommendations`"),
        None => d.set_help(format!("its recommendations are {}", known.join(", "))),
    };
    None
}
