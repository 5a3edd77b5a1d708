//! "In brief": the summary for stakeholders, a few plain sentences for
//! management and other departments. One function builds what the
//! template `summary.md` receives from a trimmed report ([`view`]); the
//! report page shows it rendered to HTML, and `retrospect summary` prints
//! it as text, Markdown or HTML. A site overrides the template with its
//! own `templates/summary.md`.

// The compiled template calls tera's truthiness and missing text.
use super::compiled::{Text, Truthy};
use crate::display::{duration_words, long_date_with_weekday};
use crate::error::{Error, ErrorKind};
use crate::model::{ActionStatus, Report};
use crate::site::Site;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;
use tera::Tera;

/// The template's name, built in and overridable.
pub use super::templates::SUMMARY as TEMPLATE;

/// What `summary.md` receives: plain values from the front matter of a
/// report already trimmed to its audience (so a public summary holds only
/// what the public may see, and no names).
#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    pub title: String,
    pub id: Option<String>,
    /// The report's address: absolute when the site's `base_url` is.
    pub url: String,
    /// `2025-03-14` and `Friday 14 March 2025`.
    pub date: String,
    pub date_long: String,
    pub severity_label: String,
    pub kind: Option<String>,
    pub kind_label: Option<String>,
    /// How the kind reads after the services and "was" or "were": `slow`
    /// (`affected by an incident` without a kind, or for a kind without a
    /// phrase).
    pub kind_phrase: String,
    pub services: Vec<String>,
    /// `checkout, payments-api and pgbouncer`; empty without services.
    pub services_text: String,
    /// How long users were affected, in words (`1 hour 8 minutes`): from
    /// `started` to `mitigated`, else to `resolved`; null while open.
    pub duration: Option<String>,
    /// From `started` to `resolved`, in words.
    pub time_to_resolve: Option<String>,
    /// Whether it started out of working hours; null when the site has
    /// none.
    pub out_of_hours: Option<bool>,
    /// `impact.summary` and `impact.users`, as written (inline Markdown).
    pub impact: Option<String>,
    pub users: Option<String>,
    /// What was lost, in a sentence, when `impact.data_lost` says.
    pub data_lost: Option<String>,
    /// The report's summary: what happened, and why.
    pub summary: Option<String>,
    /// The fix: the event of the timeline entry marked `kind: mitigate`,
    /// else `kind: resolve`.
    pub fix: Option<String>,
    /// Done actions, each `{title, outcome}`.
    pub actions_done: Vec<ActionLine>,
    /// Open and in-progress actions, each `{title, due_display}`.
    pub actions_agreed: Vec<ActionLine>,
    /// Known issues still open, their descriptions.
    pub known_issues: Vec<String>,
    /// The title of the first occurrence, for a recurrence the audience
    /// can see.
    pub recurrence_of: Option<String>,
    /// True on the report page ("In brief"), false for `retrospect
    /// summary`: the built-in template links to the report only outside
    /// it.
    pub on_page: bool,
}

/// An action in the summary.
#[derive(Debug, Clone, Serialize)]
pub struct ActionLine {
    pub title: String,
    pub outcome: Option<String>,
    /// `31 Mar 2026`, when due.
    pub due_display: Option<String>,
}

/// The report of `site` that `report` is a recurrence of, if the site has
/// it (trimmed to its audience, so one the audience may see). It looks
/// through every report: fine for one summary; the pages, which make
/// every report's, find it by slug in the views.
pub fn first_occurrence<'s>(site: &'s Site, report: &Report) -> Option<&'s Report> {
    let slug = report.recurrence_of.as_ref()?;
    site.reports()
        .iter()
        .find(|r| r.slug == *slug)
        .map(|r| &**r)
}

/// The summary's variables for `report`, from `site`, trimmed already;
/// `first` is the report it is a recurrence of ([`first_occurrence`]).
pub fn view(site: &Site, report: &Report, first: Option<&Report>, on_page: bool) -> SummaryView {
    let config = site.config();
    let kind = report.kind.as_deref().and_then(|k| config.incident_kind(k));
    let impact_end = report.mitigated.or(report.resolved);
    let base = &config.base_url;
    let absolute = base.starts_with("http://") || base.starts_with("https://");
    let path = format!("reports/{}/", report.slug);
    let fix = ["mitigate", "resolve"].iter().find_map(|wanted| {
        report
            .timeline
            .iter()
            .find(|e| e.kind.as_deref() == Some(wanted))
            .map(|e| e.event.clone())
    });
    let line = |a: &crate::model::Action| ActionLine {
        title: a.title.clone(),
        outcome: a.outcome.clone(),
        due_display: a.due.map(crate::display::short_date),
    };
    SummaryView {
        title: report.title.clone(),
        id: report.id.clone(),
        url: if absolute {
            format!("{}/{path}", base.trim_end_matches('/'))
        } else {
            path
        },
        date: report.date.format("%Y-%m-%d").to_string(),
        date_long: long_date_with_weekday(report.date),
        severity_label: crate::display::severity(config, &report.severity)
            .label
            .to_string(),
        kind: report.kind.clone(),
        kind_label: kind.map(|k| k.label.clone()),
        kind_phrase: kind
            .map(|k| k.phrase.clone())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "affected by an incident".to_string()),
        services: report.services.clone(),
        services_text: and_list(&report.services),
        duration: impact_end.map(|end| duration_words((end - report.started).num_seconds())),
        time_to_resolve: report
            .time_to_resolve()
            .map(|d| duration_words(d.num_seconds())),
        out_of_hours: crate::site::hours::started_out_of_hours(config, report),
        impact: report.impact.as_ref().map(|i| i.summary.clone()),
        users: report.impact.as_ref().and_then(|i| i.users.clone()),
        data_lost: report
            .impact
            .as_ref()
            .and_then(|i| i.data_lost.as_ref())
            .map(|lost| {
                let amount = lost
                    .amount
                    .as_ref()
                    .map_or(String::new(), |a| format!(" ({a})"));
                let recovered = match lost.recovered {
                    Some(true) => ", since recovered",
                    Some(false) => ", not recovered",
                    None => "",
                };
                format!("Data lost: {}{amount}{recovered}.", lost.what)
            }),
        summary: report.summary.clone(),
        fix,
        actions_done: report
            .actions
            .iter()
            .filter(|a| a.status == ActionStatus::Done)
            .map(line)
            .collect(),
        actions_agreed: report
            .actions
            .iter()
            .filter(|a| !a.status.is_closed())
            .map(line)
            .collect(),
        known_issues: report
            .known_issues
            .iter()
            .filter(|k| k.is_open(site.today()))
            .map(|k| k.description.clone())
            .collect(),
        recurrence_of: first.map(|r| r.title.clone()),
        on_page,
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The summary of `report` as Markdown, from the site's `summary.md`.
/// The built-in template is rendered by its compiled copy
/// (`templates/compiled/summary.md`), a site's own by tera.
/// `first` is the report it is a recurrence of ([`first_occurrence`]).
pub fn markdown(
    tera: &Tera,
    site: &Site,
    report: &Report,
    first: Option<&Report>,
    on_page: bool,
) -> Result<String, Error> {
    let view = view(site, report, first, on_page);
    if super::templates::built_in(tera, &[TEMPLATE]) {
        return Ok(tidy(&compiled(&view)?));
    }
    let context = tera::Context::from_serialize(view)
        .map_err(|e| Error::new(ErrorKind::Render, format!("cannot prepare {TEMPLATE}: {e}")))?;
    let text = tera.render(TEMPLATE, &context).map_err(|e| {
        Error::new(
            ErrorKind::Render,
            format!("a template failed: {}", crate::error::tera_message(&e)),
        )
    })?;
    Ok(tidy(&text))
}

/// "In brief" from the compiled copy of the built-in `summary.md`
/// (`templates/compiled/summary.md`; tera's truthiness is `truthy()`).
#[derive(askama::Template)]
#[template(path = "compiled/summary.md", escape = "none")]
struct Compiled<'a> {
    v: &'a SummaryView,
}

/// The built-in `summary.md`, from its compiled copy, before [`tidy`].
fn compiled(view: &SummaryView) -> Result<String, Error> {
    use askama::Template;
    Compiled { v: view }.render().map_err(|e| {
        Error::new(
            ErrorKind::Render,
            format!("a built-in template failed ({TEMPLATE}): {e}"),
        )
    })
}

/// The template's output with runs of blank lines made one, and one
/// newline at the end: a template's `{% if %}` lines leave gaps.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The summary as HTML: the Markdown rendered as report bodies are, raw
/// HTML escaped (or sanitised, with `allow_raw_html`).
pub fn html(markdown: &str, allow_raw_html: bool) -> String {
    super::markdown::body(markdown, allow_raw_html).html
}

/// The summary as plain text for an email: paragraphs apart, list items
/// as `- `, links as `text (url)`, no markup.
pub fn text(markdown: &str) -> String {
    let mut out = String::new();
    // Each open link's target, and where its text starts in `out`.
    let mut links: Vec<(String, usize)> = Vec::new();
    for event in Parser::new_ext(markdown, crate::parse::body::markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((dest_url.to_string(), out.len()));
            }
            Event::End(TagEnd::Link) => {
                // An autolink's text is its target already.
                if let Some((url, start)) = links.pop()
                    && !url.is_empty()
                    && out[start..] != url
                {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::End(TagEnd::Item) => out.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::List(_)) => {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push('\n');
            }
            _ => {}
        }
    }
    tidy(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_sentences() {
        let list =
            |items: &[&str]| and_list(&items.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(list(&[]), "");
        assert_eq!(list(&["a"]), "a");
        assert_eq!(list(&["a", "b"]), "a and b");
        assert_eq!(list(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn text_keeps_paragraphs_lists_and_link_targets() {
        let md = "On **Friday** the site was slow.\n\n\n\nWe have done:\n\n- [fixed](https://x.example/1) it\n- tested `it`\n\nMore: <https://x.example/2>\n";
        assert_eq!(
            text(md),
            "On Friday the site was slow.\n\nWe have done:\n\n- fixed (https://x.example/1) it\n- tested it\n\nMore: https://x.example/2\n"
        );
    }
}
