//! What a published report needs: the keys of a published report, what its
//! severity requires, and the body's sections.

use super::first_line;
use crate::config::SeverityLevel;
use crate::diagnostic::{Code, FileReporter};
use crate::parse::body::normalise_heading;
use std::ops::Range;

/// The keys every report needs. A missing key is reported where an unknown
/// key that looks like it is written (`severty:`), with "did you mean",
/// else at the opening `---`. Returns the keys reported at a near miss.
pub(super) fn check_required(
    r: &mut FileReporter,
    fm: &crate::parse::FrontMatter,
    opening: Range<usize>,
) -> Vec<&'static str> {
    let mut at_near_misses = Vec::new();
    let always = crate::parse::keys::REPORT
        .iter()
        .filter(|k| k.need == crate::parse::keys::Need::Always)
        .map(|k| k.name);
    for key in always {
        if let Some(span) = fm.empty_key(key) {
            r.report(
                Code::MissingKey,
                span,
                format!("required key `{key}` is empty"),
            )
            .set_help(format!("give `{key}` a value; see docs/format.md"));
        } else if fm.missing(key) {
            if let Some(near) = fm.near_miss(key) {
                report_at_near_miss(r, near, format!("missing required key `{key}`"));
                at_near_misses.push(key);
            } else {
                r.report(
                    Code::MissingKey,
                    opening.clone(),
                    format!("missing required key `{key}`"),
                )
                .set_help(format!("every report needs `{key}`; see docs/format.md"));
            }
        }
    }
    at_near_misses
}

fn report_at_near_miss(
    r: &mut FileReporter,
    near: &crate::parse::front_matter::NearMiss,
    message: String,
) {
    r.report(
        Code::MissingKey,
        near.span.clone(),
        format!("{message}; `{}` is not a key of the format", near.written),
    )
    .set_help(format!(
        "did you mean `{}`? rename `{}` to `{}`",
        near.key, near.written, near.key
    ));
}

/// Near misses of keys that turned out not to be required here (`sumary:`
/// in a draft): the unknown-key warning they would have had.
pub(super) fn warn_near_misses(
    r: &mut FileReporter,
    fm: &crate::parse::FrontMatter,
    reported: &[&str],
) {
    for near in fm.near_misses.iter().filter(|n| !reported.contains(&n.key)) {
        crate::parse::front_matter::unknown_key_warning(
            r,
            &near.written,
            near.key,
            near.span.clone(),
        );
    }
}

/// What a published report needs. Returns the keys reported at a near miss.
pub(super) fn check_published(
    r: &mut FileReporter,
    fm: &crate::parse::FrontMatter,
    status_span: Range<usize>,
    severity: Option<&SeverityLevel>,
) -> Vec<&'static str> {
    let mut at_near_misses = Vec::new();
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
        if let Some(near) = fm.near_miss(key) {
            report_at_near_miss(r, near, format!("a published report needs `{key}`"));
            at_near_misses.push(near.key);
            continue;
        }
        r.report(
            Code::MissingKey,
            status_span.clone(),
            format!("a published report needs `{key}`"),
        )
        .set_help(format!(
            "add `{key}`, or keep the report in `draft` or `in-review` until it is complete"
        ));
    }
    at_near_misses
}

pub(super) fn check_severity_requirements(
    r: &mut FileReporter,
    fm: &crate::parse::FrontMatter,
    level: &SeverityLevel,
    severity_span: Range<usize>,
    timeline_len: usize,
    actions_len: usize,
) {
    let req = &level.requires;
    let name = &level.name;
    check_paths(
        r,
        fm,
        &req.keys,
        severity_span.clone(),
        &format!("a published {name} incident"),
    );
    // No review meeting, no outputs of one: a trivial incident or a
    // recurrence of an earlier one (report-format decision, format.md).
    let review_exempt = fm.recurrence_of.is_some()
        || fm
            .review
            .as_ref()
            .is_some_and(|rv| rv.needed.as_ref().is_some_and(|n| !n.value));
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
    let recommendations = fm.recommendations.as_ref().map_or(0, |r| r.value.len());
    if recommendations < req.recommendations && !review_exempt {
        r.report(Code::MissingRecommendations, severity_span.clone(), format!("a {name} incident needs at least {}", crate::diagnostic::plural(req.recommendations, "recommendation", "recommendations")))
            .set_help("list what the review recommends under `recommendations:`, including ideas not taken up");
    }
    let raw_actions = fm
        .actions
        .as_ref()
        .map_or(0, |a| a.value.len())
        .max(actions_len);
    if raw_actions < req.actions && !review_exempt {
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
    if req.review && fm.missing("review") && !review_exempt {
        r.report(
            Code::MissingReview,
            severity_span,
            format!("a {name} incident needs a `review`"),
        )
        .set_help("record the review meeting: `review: {date: …, attendees: […]}`");
    }
}

/// What the site requires of a published report of its kind.
pub(super) fn check_kind_requirements(
    r: &mut FileReporter,
    fm: &crate::parse::FrontMatter,
    config: &crate::config::Config,
    kind: &crate::model::Sp<String>,
) {
    if let Some(info) = config.incident_kind(&kind.value) {
        let label = info.label.to_lowercase();
        let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        let who = format!("a published report of {article} {label} incident");
        check_paths(r, fm, &info.requires, kind.span.clone(), &who);
    }
}

/// R010 for each key path of `paths` (from retrospect.yaml) the front
/// matter lacks, at `span`.
fn check_paths(
    r: &mut FileReporter,
    fm: &crate::parse::FrontMatter,
    paths: &[String],
    span: Range<usize>,
    who: &str,
) {
    for path in paths.iter().filter(|p| !has_path(fm, p)) {
        r.report(
            Code::MissingKey,
            span.clone(),
            format!("{who} needs `{path}` (retrospect.yaml)"),
        )
        .set_help(format!(
            "add `{path}`; see docs/format.md, and `requires` in retrospect.yaml"
        ));
    }
}

/// Whether the front matter gives `path` (`impact.data_lost.notified`) a
/// value. A value of the wrong type counts as given: it has its own error.
pub(super) fn has_path(fm: &crate::parse::FrontMatter, path: &str) -> bool {
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        [key] => !fm.missing(key),
        ["impact", rest @ ..] => {
            let Some(impact) = &fm.impact else {
                return false;
            };
            match rest {
                ["summary"] => impact.summary.is_some(),
                ["users"] => impact.users.is_some(),
                ["data_loss"] => impact.data_loss.is_some(),
                ["affected"] => !impact.affected.is_empty(),
                ["data_lost"] => impact.data_lost.is_some(),
                ["data_lost", key] => impact.data_lost.as_ref().is_some_and(|d| !d.lacks(key)),
                [key] => impact.other.contains_key(*key) || impact.invalid.contains(key),
                _ => false,
            }
        }
        ["review", key] => fm.review.as_ref().is_some_and(|rv| match *key {
            "date" => rv.date.is_some(),
            "attendees" => !rv.attendees.is_empty(),
            "notes" => rv.notes.is_some(),
            "needed" => rv.needed.is_some(),
            "reason" => rv.reason.is_some(),
            "draft_circulated" => rv.draft_circulated.is_some(),
            _ => false,
        }),
        _ => false,
    }
}

pub(super) fn check_sections(
    r: &mut FileReporter,
    body: &crate::model::Body,
    level: &SeverityLevel,
    front_end: usize,
) {
    // Each heading normalised once, not once for each required section.
    let headings: Vec<String> = if level.requires.sections.is_empty() {
        Vec::new()
    } else {
        body.sections
            .iter()
            .map(|s| normalise_heading(&s.heading))
            .collect()
    };
    for rule in &level.requires.sections {
        let names: Vec<String> = std::iter::once(&rule.title)
            .chain(&rule.aliases)
            .map(|n| normalise_heading(n))
            .collect();
        let found = (body.sections.iter().zip(&headings))
            .find(|(_, heading)| names.contains(heading))
            .map(|(s, _)| s);
        match found {
            None => {
                let near = near_miss_heading(body, &names);
                let closing = match near {
                    Some(section) => section.heading_span.clone(),
                    None => first_line(r, front_end..front_end + 3),
                };
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
                .set_help(match near {
                    Some(section) => format!(
                        "did you mean `## {}`? rename the heading `## {}`",
                        rule.title, section.heading
                    ),
                    None => format!(
                        "add a level-2 heading `## {}` to the body, with its text",
                        rule.title
                    ),
                });
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

/// A section whose heading is a likely typo of one of `names` (normalised
/// headings): one or two edits away (`Contributing Factor`, `Lesson
/// learned`), and not a heading that another word makes different.
fn near_miss_heading<'b>(
    body: &'b crate::model::Body,
    names: &[String],
) -> Option<&'b crate::model::Section> {
    body.sections
        .iter()
        .filter_map(|s| {
            let heading = normalise_heading(&s.heading);
            names
                .iter()
                .map(|name| strsim::damerau_levenshtein(&heading, name))
                .filter(|&d| d > 0 && d <= 1 + heading.chars().count() / 10)
                .min()
                .map(|d| (d, s))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, s)| s)
}
