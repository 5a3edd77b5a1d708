//! Validate stage: a parsed report → a `Report`, checking every rule of the
//! format that concerns one file. Rules across files are in `site`; lints
//! (warnings) in `lints`.

mod actions;
mod comments;
mod factors;
pub mod guidance;
mod links;
pub mod lints;
mod practice;
mod requirements;
mod review;
mod reviews;
pub use reviews::Placeholders;
pub mod site;
mod times;
mod title_duration;

use crate::config::Config;
use crate::diagnostic::{Code, FileReporter};
use crate::model::{Impact, Report, Review, Slug, Sp, Status};
use crate::parse::ParsedReport;
use crate::time::Zone;
use actions::check_actions;
use chrono::{DateTime, FixedOffset, NaiveDate};
use requirements::{
    check_published, check_required, check_sections, check_severity_requirements, warn_near_misses,
};
use std::ops::Range;
use std::path::Path;
use times::{check_order, check_timeline, parse_time};

/// Everything a rule may consult besides the report itself.
pub struct Rules<'a> {
    pub config: &'a Config,
    pub today: NaiveDate,
    pub blame: Option<lints::BlameMatcher>,
    /// The guidance text of the site's report templates: placeholders too.
    pub guidance: Vec<guidance::Guidance>,
    /// `config.placeholders`, ready to look for in fields.
    pub placeholders: Placeholders,
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
            guidance: Vec::new(),
            placeholders: Placeholders::new(&config.placeholders),
        }
    }

    /// The rules for the site in `site`: with its templates' guidance.
    pub fn for_site(config: &'a Config, today: NaiveDate, site: &Path) -> Self {
        Rules {
            guidance: guidance::of_site(site, config),
            ..Rules::new(config, today)
        }
    }
}

/// Validates one parsed report. Returns the report even when it has errors
/// in its content (the caller decides from the diagnostics), or `None` when
/// a key it cannot do without is missing or invalid.
pub fn validate(r: &mut FileReporter, parsed: ParsedReport, rules: &Rules) -> Option<Report> {
    let mut fm = parsed.front;
    comments::remove(r, &mut fm);
    let opening = 0..3;
    let config = rules.config;

    // Keys reported missing at a near miss (`severty:`), which then needs
    // no warning of its own.
    let mut at_near_misses = check_required(r, &fm, opening.clone());
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
    if let Some(title) = &fm.title {
        title_duration::check(r, title, [&started, &detected, &mitigated, &resolved]);
    }

    let timeline = fm
        .timeline
        .as_ref()
        .map(|t| check_timeline(r, &t.value, date, zone, started.as_ref(), resolved.as_ref()))
        .unwrap_or_default();
    let when = practice::When { date, zone };
    let kind = practice::kind(r, fm.kind.as_ref(), config);
    let roles = practice::roles(r, entries(&fm.roles), fm.lead.as_ref(), when, config);
    let communications = practice::communications(r, entries(&fm.communications), when);
    let recommendations = practice::recommendations(r, entries(&fm.recommendations));
    let investigations = practice::investigations(r, entries(&fm.investigations));
    let known_issues = practice::known_issues(r, entries(&fm.known_issues));
    let factors = factors::check(r, entries(&fm.factors), config);
    let affected = fm
        .impact
        .as_ref()
        .map(|i| practice::affected(r, &i.affected))
        .unwrap_or_default();
    let data_lost = fm
        .impact
        .as_ref()
        .and_then(|i| practice::data_lost(r, i.data_lost.as_ref(), i.data_loss.as_ref()));
    let serious = severity
        .filter(|level| level.expects.outcomes)
        .map(|level| level.name.as_str());
    let actions = fm
        .actions
        .as_ref()
        .map(|a| check_actions(r, &a.value, rules, &recommendations, serious))
        .unwrap_or_default();
    practice::check_outreach(
        r,
        fm.impact.as_ref().map_or(&[], |i| &i.affected[..]),
        &roles,
        &communications,
        severity,
    );
    review::check(r, fm.review.as_ref(), &rules.config.reviews);

    let status = fm.status.as_ref().map(|s| s.value);
    if let (Some(Status::Published), Some(status_span)) =
        (status, fm.status.as_ref().map(|s| s.span.clone()))
    {
        at_near_misses.extend(check_published(r, &fm, status_span, severity));
        if let (Some(level), Some(sev)) = (severity, fm.severity.as_ref()) {
            check_severity_requirements(
                r,
                &fm,
                level,
                sev.span.clone(),
                timeline.len(),
                actions.len(),
            );
            if let Some(kind) = fm
                .kind
                .as_ref()
                .filter(|k| kind.as_deref() == Some(&k.value))
            {
                requirements::check_kind_requirements(r, &fm, config, kind);
            }
            check_sections(r, &parsed.body, level, parsed.front_span.end);
        }
    }

    warn_near_misses(r, &fm, &at_near_misses);
    links::check(r, &parsed.local_links);
    let services = names(r, "services", &fm.services);
    let tags = names(r, "tags", &fm.tags);
    let slug = check_slug(r, &fm);
    if let Some(matcher) = &rules.blame {
        matcher.check(r);
    }
    reviews::check(r, &fm, rules);
    if config.lints.root_cause != crate::config::LintLevel::Off {
        lints::check_root_cause(r);
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
        services,
        tags,
        authors: values(&fm.authors),
        lead: fm.lead.as_ref().map(|s| s.value.clone()),
        kind,
        roles,
        started: started.value,
        detected: detected.map(|t| t.value),
        mitigated: mitigated.map(|t| t.value),
        resolved: resolved.map(|t| t.value),
        impact: fm.impact.as_ref().and_then(|i| {
            Some(Impact {
                summary: i.summary.as_ref()?.value.clone(),
                users: i.users.as_ref().map(|u| u.value.clone()),
                data_loss: i.data_loss.as_ref().map(|d| d.value),
                affected,
                data_lost,
                other: i.other.clone(),
            })
        }),
        timeline,
        communications,
        recommendations,
        actions,
        investigations,
        known_issues,
        factors,
        related: Vec::new(),
        recurrence_of: None,
        review: fm.review.as_ref().map(|rv| Review {
            date: rv.date.as_ref().map(|d| d.value),
            attendees: values(&rv.attendees),
            notes: rv.notes.as_ref().map(|n| n.value.clone()),
            needed: rv.needed.as_ref().is_none_or(|n| n.value),
            reason: rv.reason.as_ref().map(|n| n.value.clone()),
            draft_circulated: rv.draft_circulated.as_ref().map(|d| d.value),
        }),
        internal_notes: fm.internal_notes.as_ref().map(|n| n.value.clone()),
        extra: fm.extra.clone(),
        body: parsed.body,
    })
}

/// The most different tags, or services, one report may list: every tag
/// is a page that shows the report, so a report's size must not multiply
/// the site's (20,000 tags took minutes to build).
pub const MAX_NAMES: usize = 100;

/// A list of names without repeats (a repeated tag says nothing more), and
/// an error past [`MAX_NAMES`].
fn names(r: &mut FileReporter, key: &str, list: &[Sp<String>]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for name in list {
        if !seen.insert(name.value.as_str()) {
            continue;
        }
        if out.len() == MAX_NAMES {
            r.report(
                Code::TooManyNames,
                name.span.clone(),
                format!("`{key}` lists more than {MAX_NAMES} different names"),
            )
            .set_help("keep the few that readers will browse by; the rest belong in the text");
            break;
        }
        out.push(name.value.clone());
    }
    out
}

/// The entries of a list of the front matter, none when it is absent.
fn entries(
    list: &Option<Sp<Vec<crate::parse::entries::RawEntry>>>,
) -> &[crate::parse::entries::RawEntry] {
    list.as_ref().map_or(&[], |l| &l.value)
}

fn values(list: &[Sp<String>]) -> Vec<String> {
    list.iter().map(|s| s.value.clone()).collect()
}

/// From the start of `span` to the end of its line.
pub(super) fn first_line(r: &FileReporter, span: Range<usize>) -> Range<usize> {
    let text = &r.file.text;
    let start = span.start.min(text.len());
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    start..text[start..end].trim_end().len() + start
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
