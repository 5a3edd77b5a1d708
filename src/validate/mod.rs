//! Validate stage: a parsed report → a `Report`, checking every rule of the
//! format that concerns one file. Rules across files are in `site`; lints
//! (warnings) in `lints`.

pub mod lints;
pub mod site;

use crate::config::{Config, SeverityLevel};
use crate::diagnostic::{Code, FileReporter};
use crate::model::{
    Action, ActionStatus, Impact, Report, Review, Slug, Sp, Status, TimelineEntry, days_overdue,
};
use crate::parse::ParsedReport;
use crate::parse::body::normalise_heading;
use crate::parse::front_matter::RawAction;
use crate::time::{self, TimeError, Zone};
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::collections::HashSet;
use std::ops::Range;

/// Everything a rule may consult besides the report itself.
pub struct Rules<'a> {
    pub config: &'a Config,
    pub today: NaiveDate,
    pub blame: Option<lints::BlameMatcher>,
}

impl<'a> Rules<'a> {
    pub fn new(config: &'a Config, today: NaiveDate) -> Self {
        let blame = (config.lints.blame_language != crate::config::LintLevel::Off)
            .then(|| lints::BlameMatcher::new(&config.blame_phrases))
            .flatten();
        Rules {
            config,
            today,
            blame,
        }
    }
}

/// Validates one parsed report. Returns the report even when it has errors
/// in its content (the caller decides from the diagnostics), or `None` when
/// a key it cannot do without is missing or invalid.
pub fn validate(r: &mut FileReporter, parsed: ParsedReport, rules: &Rules) -> Option<Report> {
    let fm = parsed.front;
    let opening = 0..3;
    let config = rules.config;

    for key in ["title", "date", "severity", "status", "started"] {
        if let Some(span) = fm.empty_key(key) {
            r.report(
                Code::MissingKey,
                span,
                format!("required key `{key}` is empty"),
            )
            .set_help(format!("give `{key}` a value; see docs/format.md"));
        } else if fm.missing(key) {
            r.report(
                Code::MissingKey,
                opening.clone(),
                format!("missing required key `{key}`"),
            )
            .set_help(format!("every report needs `{key}`; see docs/format.md"));
        }
    }

    let severity = fm
        .severity
        .as_ref()
        .and_then(|s| match config.severity(&s.value) {
            Some(level) => Some(level),
            None => {
                let names: Vec<&str> = config.severities.iter().map(|l| l.name.as_str()).collect();
                let mut reader = crate::parse::fields::Reader {
                    reporter: r,
                    base: 0,
                };
                reader.invalid_choice("severity", s, &names);
                None
            }
        });

    let zone = match &fm.timezone {
        Some(tz) => match Zone::parse(&tz.value) {
            Ok(zone) => Some(zone),
            Err(message) => {
                r.report(Code::InvalidTimezone, tz.span.clone(), message)
                    .set_help("use an IANA name such as `Europe/London` or `America/New_York`, or an offset such as `+05:30`");
                None
            }
        },
        None => Some(config.timezone),
    };
    let date = fm.date.as_ref().map(|d| d.value);
    let at = |r: &mut FileReporter,
              what: &str,
              value: &Option<Sp<String>>|
     -> Option<Sp<DateTime<FixedOffset>>> {
        let value = value.as_ref()?;
        parse_time(r, what, value, date, zone)
    };
    let started = at(r, "started", &fm.started);
    let detected = at(r, "detected", &fm.detected);
    let mitigated = at(r, "mitigated", &fm.mitigated);
    let resolved = at(r, "resolved", &fm.resolved);
    check_order(
        r,
        [
            ("started", &started),
            ("detected", &detected),
            ("mitigated", &mitigated),
            ("resolved", &resolved),
        ],
    );

    let timeline = fm
        .timeline
        .as_ref()
        .map(|t| check_timeline(r, &t.value, date, zone, started.as_ref(), resolved.as_ref()))
        .unwrap_or_default();
    let actions = fm
        .actions
        .as_ref()
        .map(|a| check_actions(r, &a.value, rules))
        .unwrap_or_default();

    let status = fm.status.as_ref().map(|s| s.value);
    if let (Some(Status::Published), Some(status_span)) =
        (status, fm.status.as_ref().map(|s| s.span.clone()))
    {
        check_published(r, &fm, status_span, severity);
        if let (Some(level), Some(sev)) = (severity, fm.severity.as_ref()) {
            check_severity_requirements(
                r,
                &fm,
                level,
                sev.span.clone(),
                timeline.len(),
                actions.len(),
            );
            check_sections(r, &parsed.body, level, parsed.front_span.end);
        }
    }

    let slug = check_slug(r, &fm);
    if let Some(matcher) = &rules.blame {
        matcher.check(r);
    }

    // Without these the report cannot be modelled; their errors are reported.
    let (title, date, severity, status, started, zone, slug) = (
        fm.title.as_ref()?,
        date?,
        severity?,
        status?,
        started?,
        zone?,
        slug?,
    );
    Some(Report {
        rel_path: r.file.rel_path.clone(),
        slug,
        id: fm.id.as_ref().map(|s| s.value.clone()),
        title: title.value.clone(),
        date,
        timezone: zone,
        severity: severity.name.clone(),
        status,
        visibility: fm
            .visibility
            .as_ref()
            .map_or(config.default_visibility, |v| v.value),
        summary: fm.summary.as_ref().map(|s| s.value.clone()),
        services: values(&fm.services),
        tags: values(&fm.tags),
        authors: values(&fm.authors),
        lead: fm.lead.as_ref().map(|s| s.value.clone()),
        started: started.value,
        detected: detected.map(|t| t.value),
        mitigated: mitigated.map(|t| t.value),
        resolved: resolved.map(|t| t.value),
        impact: fm.impact.as_ref().and_then(|i| {
            Some(Impact {
                summary: i.summary.as_ref()?.value.clone(),
                users: i.users.as_ref().map(|u| u.value.clone()),
                data_loss: i.data_loss.as_ref().map(|d| d.value),
                other: i.other.clone(),
            })
        }),
        timeline,
        recommendations: values(&fm.recommendations),
        actions,
        related: Vec::new(),
        review: fm.review.as_ref().map(|rv| Review {
            date: rv.date.as_ref().map(|d| d.value),
            attendees: values(&rv.attendees),
            notes: rv.notes.as_ref().map(|n| n.value.clone()),
        }),
        internal_notes: fm.internal_notes.as_ref().map(|n| n.value.clone()),
        extra: fm.extra.clone(),
        body: parsed.body,
    })
}

fn values(list: &[Sp<String>]) -> Vec<String> {
    list.iter().map(|s| s.value.clone()).collect()
}

fn parse_time(
    r: &mut FileReporter,
    what: &str,
    value: &Sp<String>,
    date: Option<NaiveDate>,
    zone: Option<Zone>,
) -> Option<Sp<DateTime<FixedOffset>>> {
    // Without a valid date or zone the local forms cannot be read; those
    // keys have their own errors, so only a malformed time is reported.
    let resolvable = date.zip(zone);
    let (date, zone) = resolvable.unwrap_or((NaiveDate::MIN, Zone::default()));
    match time::parse_time(&value.value, date, zone) {
        Ok(_) | Err(TimeError::Nonexistent(_) | TimeError::Ambiguous(_))
            if resolvable.is_none() =>
        {
            DateTime::parse_from_rfc3339(value.value.trim())
                .ok()
                .map(|t| Sp::new(t, value.span.clone()))
        }
        Ok(t) => Some(Sp::new(t, value.span.clone())),
        Err(error) => {
            let (code, message, help) = match error {
                TimeError::Malformed(m) => (
                    Code::InvalidTime,
                    m,
                    "a time is RFC 3339, `YYYY-MM-DD HH:MM` in the report's timezone, or `HH:MM` on the report's date",
                ),
                TimeError::Nonexistent(m) => (
                    Code::NonexistentLocalTime,
                    m,
                    "check the time, or write it with an explicit offset",
                ),
                TimeError::Ambiguous(m) => (
                    Code::AmbiguousLocalTime,
                    m,
                    "write the time with an explicit offset, as suggested",
                ),
            };
            r.report(code, value.span.clone(), format!("`{what}`: {message}"))
                .set_help(help);
            None
        }
    }
}

fn check_order(r: &mut FileReporter, times: [(&str, &Option<Sp<DateTime<FixedOffset>>>); 4]) {
    let mut latest: Option<(&str, &Sp<DateTime<FixedOffset>>)> = None;
    for (name, time) in times {
        let Some(time) = time else { continue };
        if let Some((earlier_name, earlier)) = latest
            && time.value < earlier.value
        {
            r.report(
                Code::TimesOutOfOrder,
                time.span.clone(),
                format!(
                    "`{name}` ({}) is before `{earlier_name}` ({})",
                    time::show(&time.value),
                    time::show(&earlier.value)
                ),
            )
            .set_help("the order is started ≤ detected ≤ mitigated ≤ resolved");
            continue;
        }
        latest = Some((name, time));
    }
}

fn check_timeline(
    r: &mut FileReporter,
    entries: &[crate::parse::front_matter::RawTimelineEntry],
    date: Option<NaiveDate>,
    zone: Option<Zone>,
    started: Option<&Sp<DateTime<FixedOffset>>>,
    resolved: Option<&Sp<DateTime<FixedOffset>>>,
) -> Vec<TimelineEntry> {
    let mut out = Vec::with_capacity(entries.len());
    let mut previous: Option<DateTime<FixedOffset>> = None;
    for entry in entries {
        let first_line = first_line(r, entry.span.clone());
        if entry.at.is_none() && !entry.invalid.contains(&"at") {
            r.report(
                Code::MissingKey,
                first_line.clone(),
                "timeline entry has no `at` time",
            );
        }
        if entry.event.is_none() && !entry.invalid.contains(&"event") {
            r.report(
                Code::MissingKey,
                first_line,
                "timeline entry has no `event`",
            );
        }
        let Some(at) = entry
            .at
            .as_ref()
            .and_then(|a| parse_time(r, "at", a, date, zone))
        else {
            continue;
        };
        let kind = entry.kind.as_ref().map(|k| k.value.clone());
        let context = matches!(kind.as_deref(), Some("before" | "after"));
        if let Some(prev) = previous
            && at.value < prev
        {
            r.report(Code::TimelineBackwards, at.span.clone(), format!("this entry ({}) is earlier than the one before it ({})", time::show(&at.value), time::show(&prev)))
                    .set_help("list timeline entries in time order; a timeline that crosses midnight needs the `YYYY-MM-DD HH:MM` form");
        }
        previous = Some(at.value);
        if !context {
            if let Some(start) = started.filter(|s| at.value < s.value) {
                r.report(
                    Code::TimelineOutsideIncident,
                    at.span.clone(),
                    format!(
                        "this entry is before `started` ({})",
                        time::show(&start.value)
                    ),
                )
                .set_help("mark context before the incident with `kind: before`");
            } else if let Some(end) = resolved.filter(|e| at.value > e.value) {
                r.report(
                    Code::TimelineOutsideIncident,
                    at.span.clone(),
                    format!(
                        "this entry is after `resolved` ({})",
                        time::show(&end.value)
                    ),
                )
                .set_help("mark follow-up after the incident with `kind: after`");
            }
        }
        if let Some(event) = &entry.event {
            out.push(TimelineEntry {
                at: at.value,
                event: event.value.clone(),
                kind,
            });
        }
    }
    out
}

/// From the start of `span` to the end of its line.
fn first_line(r: &FileReporter, span: Range<usize>) -> Range<usize> {
    let text = &r.file.text;
    let start = span.start.min(text.len());
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    start..text[start..end].trim_end().len() + start
}

fn check_actions(r: &mut FileReporter, raw: &[RawAction], rules: &Rules) -> Vec<Action> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, action) in raw.iter().enumerate() {
        let where_ = first_line(r, action.span.clone());
        let status = action
            .status
            .as_ref()
            .map_or(ActionStatus::Open, |s| s.value);
        for (key, present) in [
            ("title", action.title.is_some()),
            ("owner", action.owner.is_some()),
        ] {
            if !present && !action.invalid.contains(&key) {
                r.report(
                    Code::MissingKey,
                    where_.clone(),
                    format!("action has no `{key}`"),
                )
                .set_help("every action needs a `title` and an `owner`");
            }
        }
        if action.due.is_none()
            && !status.is_closed()
            && (action.status.is_some() || !action.status_given)
        {
            r.report(
                Code::ActionMissingDue,
                where_.clone(),
                format!("action is `{}` but has no `due` date", status.as_str()),
            )
            .set_help("add `due: YYYY-MM-DD`, or set `status: done` or `wont-do`");
        }
        let id = match &action.id {
            Some(id) => {
                if !seen.insert(id.value.clone()) {
                    r.report(
                        Code::DuplicateActionId,
                        id.span.clone(),
                        format!("action id `{}` is used twice in this report", id.value),
                    );
                }
                id.value.clone()
            }
            None => format!("A{}", i + 1),
        };
        // An invalid status has its own error; whether it is overdue is unknown.
        let status_known = action.status.is_some() || !action.status_given;
        let overdue = action
            .due
            .as_ref()
            .filter(|_| status_known)
            .and_then(|due| Some((due, days_overdue(due.value, status, rules.today)?)));
        if let Some((due, days)) = overdue {
            let title = action
                .title
                .as_ref()
                .map_or(String::new(), |t| format!(" ({})", t.value));
            r.report(
                Code::OverdueAction,
                due.span.clone(),
                format!(
                    "action `{id}`{title} is {} overdue",
                    crate::diagnostic::plural(days as usize, "day", "days")
                ),
            )
            .set_help("update its status, or agree a new due date with its owner");
        }
        let (Some(title), Some(owner)) = (&action.title, &action.owner) else {
            continue;
        };
        out.push(Action {
            id,
            title: title.value.clone(),
            owner: owner.value.clone(),
            due: action.due.as_ref().map(|d| d.value),
            status,
            link: action.link.as_ref().map(|l| l.value.clone()),
            priority: action.priority.as_ref().map(|p| p.value.clone()),
        });
    }
    // An unnumbered action must not take an id an explicit one uses.
    let explicit: HashSet<&str> = raw
        .iter()
        .filter_map(|a| a.id.as_ref().map(|i| i.value.as_str()))
        .collect();
    for (i, action) in raw.iter().enumerate() {
        if action.id.is_none() && explicit.contains(format!("A{}", i + 1).as_str()) {
            let where_ = first_line(r, action.span.clone());
            r.report(
                Code::DuplicateActionId,
                where_,
                format!(
                    "this action's default id `A{}` is used by another action",
                    i + 1
                ),
            )
            .set_help("give this action an explicit `id`");
        }
    }
    out
}

fn check_published(
    r: &mut FileReporter,
    fm: &crate::parse::FrontMatter,
    status_span: Range<usize>,
    severity: Option<&SeverityLevel>,
) {
    let mut missing: Vec<&str> = ["summary", "authors", "resolved"]
        .into_iter()
        .filter(|key| fm.missing(key))
        .collect();
    if severity.is_some_and(|s| s.requires.detected) && fm.missing("detected") {
        missing.push("detected");
    }
    match &fm.impact {
        None if fm.missing("impact") => missing.push("impact"),
        Some(impact) if impact.summary.is_none() && !impact.invalid.contains(&"summary") => {
            let line = first_line(r, impact.span.clone());
            r.report(Code::MissingKey, line, "`impact` has no `summary`")
                .set_help("describe the impact on users in a sentence: `impact: {summary: …}`");
        }
        _ => {}
    }
    for key in missing {
        r.report(
            Code::MissingKey,
            status_span.clone(),
            format!("a published report needs `{key}`"),
        )
        .set_help(format!(
            "add `{key}`, or keep the report in `draft` or `in-review` until it is complete"
        ));
    }
}

fn check_severity_requirements(
    r: &mut FileReporter,
    fm: &crate::parse::FrontMatter,
    level: &SeverityLevel,
    severity_span: Range<usize>,
    timeline_len: usize,
    actions_len: usize,
) {
    let req = &level.requires;
    let name = &level.name;
    let raw_timeline_len = fm
        .timeline
        .as_ref()
        .map_or(0, |t| t.value.len())
        .max(timeline_len);
    if raw_timeline_len < req.timeline {
        let span = fm
            .timeline
            .as_ref()
            .map_or(severity_span.clone(), |t| first_line(r, t.span.clone()));
        r.report(
            Code::TimelineTooShort,
            span,
            format!(
                "a {name} incident needs a timeline of at least {}, found {raw_timeline_len}",
                crate::diagnostic::plural(req.timeline, "entry", "entries")
            ),
        )
        .set_help("when it started, when it was noticed, what was tried, when it was fixed");
    }
    if fm.recommendations.len() < req.recommendations {
        r.report(Code::MissingRecommendations, severity_span.clone(), format!("a {name} incident needs at least {}", crate::diagnostic::plural(req.recommendations, "recommendation", "recommendations")))
            .set_help("list what the review recommends under `recommendations:`, including ideas not taken up");
    }
    let raw_actions = fm
        .actions
        .as_ref()
        .map_or(0, |a| a.value.len())
        .max(actions_len);
    if raw_actions < req.actions {
        r.report(
            Code::MissingActions,
            severity_span.clone(),
            format!(
                "a {name} incident needs at least {}",
                crate::diagnostic::plural(req.actions, "agreed action", "agreed actions")
            ),
        )
        .set_help("add `actions:` with a title, an owner and a due date for each");
    }
    if req.review && fm.missing("review") {
        r.report(
            Code::MissingReview,
            severity_span,
            format!("a {name} incident needs a `review`"),
        )
        .set_help("record the review meeting: `review: {date: …, attendees: […]}`");
    }
}

fn check_sections(
    r: &mut FileReporter,
    body: &crate::model::Body,
    level: &SeverityLevel,
    front_end: usize,
) {
    for rule in &level.requires.sections {
        let names: Vec<String> = std::iter::once(&rule.title)
            .chain(&rule.aliases)
            .map(|n| normalise_heading(n))
            .collect();
        let found = body
            .sections
            .iter()
            .find(|s| names.contains(&normalise_heading(&s.heading)));
        match found {
            None => {
                let closing = first_line(r, front_end..front_end + 3);
                let also = if rule.aliases.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (or {})",
                        rule.aliases
                            .iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                r.report(
                    Code::MissingSection,
                    closing,
                    format!(
                        "a published {} report needs a section `## {}`{also}",
                        level.name, rule.title
                    ),
                )
                .set_help(format!(
                    "add a level-2 heading `## {}` to the body, with its text",
                    rule.title
                ));
            }
            Some(section) if !section.has_content => {
                r.report(
                    Code::EmptySection,
                    section.heading_span.clone(),
                    format!("section `{}` holds only placeholders", section.heading),
                )
                .set_help("write the section, or keep the report in `draft` until it is written");
            }
            Some(_) => {}
        }
    }
}

fn check_slug(r: &mut FileReporter, fm: &crate::parse::FrontMatter) -> Option<Slug> {
    if let Some(slug) = &fm.slug {
        return match Slug::parse(&slug.value) {
            Some(s) => Some(s),
            None => {
                r.report(
                    Code::InvalidSlug,
                    slug.span.clone(),
                    format!(
                        "slug `{}` is not lowercase letters, digits and single hyphens",
                        slug.value
                    ),
                )
                .set_help(format!(
                    "for example `{}`",
                    non_empty_suggestion(&slug.value)
                ));
                None
            }
        };
    }
    let stem = std::path::Path::new(&r.file.rel_path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let from_name = Slug::stem_without_date(&stem);
    match Slug::parse(from_name) {
        Some(s) => Some(s),
        None => {
            r.report_file(Code::InvalidSlug, format!("the file name gives the slug `{from_name}`, which is not lowercase letters, digits and single hyphens"))
                .set_help(format!("rename the file to `YYYY-MM-DD-{}.md`, or set `slug:`", non_empty_suggestion(from_name)));
            None
        }
    }
}

fn non_empty_suggestion(text: &str) -> String {
    let s = Slug::suggest(text);
    if s.is_empty() { "short-name".into() } else { s }
}
