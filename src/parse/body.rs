//! What the checker needs from a Markdown body: its level-2 sections (and
//! whether they hold more than placeholders) and its internal passages.
//! The body is parsed once here; rendering reuses the same options.

use crate::diagnostic::{Code, FileReporter};
use crate::model::{Body, Section};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The Markdown dialect of reports: CommonMark plus tables, footnotes,
/// strikethrough and task lists.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Marker {
    Open,
    Close,
}

/// Recognises `<!-- internal -->` and `<!-- /internal -->` (spacing and case
/// forgiven, so that a near miss fails closed instead of leaking).
fn marker(html: &str) -> Option<Marker> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    if inner.eq_ignore_ascii_case("internal") {
        Some(Marker::Open)
    } else if inner.eq_ignore_ascii_case("/internal") {
        Some(Marker::Close)
    } else {
        None
    }
}

fn contains_marker(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    lower.contains("<!--") && lower.contains("internal") && {
        lower.split("<!--").skip(1).any(|part| {
            part.split("-->").next().is_some_and(|inner| {
                let inner = inner.trim();
                inner == "internal" || inner == "/internal"
            })
        })
    }
}

/// Analyses the body at `range` of the reporter's file.
pub fn analyse(reporter: &mut FileReporter, range: Range<usize>, placeholders: &[String]) -> Body {
    let text = &reporter.file.text[range.clone()];
    let base = range.start;
    let mut sections: Vec<Section> = Vec::new();
    let mut passages = Vec::new();
    let mut open_marker: Option<Range<usize>> = None;
    let mut heading: Option<(String, Range<usize>)> = None;
    // Content after a level-1 heading belongs to no section.
    let mut in_section = false;
    let mut in_heading_depth = 0usize;
    let mut problems: Vec<(Code, Range<usize>, &str)> = Vec::new();

    for (event, span) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        let file_span = base + span.start..base + span.end;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading_depth += 1;
                if level == HeadingLevel::H2 {
                    heading = Some((String::new(), file_span));
                } else if level == HeadingLevel::H1 {
                    in_section = false;
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                in_heading_depth = in_heading_depth.saturating_sub(1);
                if level == HeadingLevel::H2
                    && let Some((title, span)) = heading.take()
                {
                    in_section = true;
                    sections.push(Section {
                        heading: title.trim().to_string(),
                        heading_span: trim_span(&reporter.file.text, span),
                        has_content: false,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) if in_heading_depth > 0 => {
                if let Some((title, _)) = heading.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                mark_content(in_section, &mut sections, &t, placeholders);
            }
            Event::Start(Tag::Image { .. }) | Event::FootnoteReference(_) | Event::Rule => {
                mark_content(in_section, &mut sections, "content", placeholders);
            }
            Event::Html(html) => match marker(&html) {
                Some(Marker::Open) => {
                    if open_marker.is_some() {
                        problems.push((
                            Code::NestedInternal,
                            trim_span(&reporter.file.text, file_span),
                            "an internal passage is opened inside another one",
                        ));
                    } else {
                        open_marker = Some(file_span);
                    }
                }
                Some(Marker::Close) => match open_marker.take() {
                    Some(open) => passages.push(open.start..file_span.end),
                    None => problems.push((
                        Code::StrayInternalClose,
                        trim_span(&reporter.file.text, file_span),
                        "`<!-- /internal -->` closes no internal passage",
                    )),
                },
                None if contains_marker(&html) => problems.push((
                    Code::MisplacedInternalMarker,
                    trim_span(&reporter.file.text, file_span),
                    "an internal marker must stand alone on its own line",
                )),
                None => {
                    if !html.trim_start().starts_with("<!--") {
                        mark_content(in_section, &mut sections, &html, placeholders);
                    }
                }
            },
            Event::InlineHtml(html) => {
                if contains_marker(&html) {
                    problems.push((
                        Code::MisplacedInternalMarker,
                        file_span,
                        "an internal marker must stand alone on its own line",
                    ));
                } else if !html.trim_start().starts_with("<!--") {
                    mark_content(in_section, &mut sections, &html, placeholders);
                }
            }
            _ => {}
        }
    }
    if let Some(open) = open_marker {
        problems.push((
            Code::UnclosedInternal,
            trim_span(&reporter.file.text, open),
            "this internal passage is never closed",
        ));
    }
    for (code, span, message) in problems {
        let help = match code {
            Code::UnclosedInternal => {
                "add `<!-- /internal -->` on a line of its own where the passage ends; an unclosed passage could leak into the public site"
            }
            Code::NestedInternal => {
                "close the first passage with `<!-- /internal -->` before opening another"
            }
            Code::StrayInternalClose => {
                "remove it, or add `<!-- internal -->` on a line of its own where the passage starts"
            }
            _ => {
                "put `<!-- internal -->` and `<!-- /internal -->` each on a line of its own, with a blank line around the passage"
            }
        };
        reporter.report(code, span, message).set_help(help);
    }
    Body {
        // Filled by the pipeline only when a command renders the report.
        markdown: String::new(),
        offset: base,
        sections,
        internal_passages: passages,
    }
}

/// Marks the current (last) section as having content when `text` holds
/// more than placeholders.
fn mark_content(in_section: bool, sections: &mut [Section], text: &str, placeholders: &[String]) {
    if !in_section {
        return;
    }
    if let Some(section) = sections.last_mut()
        && !section.has_content
        && !is_placeholder_only(text, placeholders)
    {
        section.has_content = true;
    }
}

/// True when `text` has nothing but placeholders, punctuation and spaces.
pub fn is_placeholder_only(text: &str, placeholders: &[String]) -> bool {
    let mut rest = text.to_lowercase();
    for placeholder in placeholders {
        let placeholder = placeholder.to_lowercase();
        if !placeholder.is_empty() && rest.contains(&placeholder) {
            rest = rest.replace(&placeholder, " ");
        }
    }
    !rest.chars().any(char::is_alphanumeric)
}

/// Shrinks a span to its first line, without the line ending.
fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let slice = &text[span.clone()];
    let first_line = slice
        .split('\n')
        .next()
        .unwrap_or("")
        .trim_end_matches('\r');
    span.start..span.start + first_line.len()
}

/// `"## What happened?"` and `"what happened"` match: case and surrounding
/// punctuation are ignored.
pub fn normalise_heading(heading: &str) -> String {
    heading
        .trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn analyse_text(text: &str) -> (Body, Vec<(Code, usize)>) {
        let file = SourceFile {
            path: "r.md".into(),
            rel_path: "r.md".into(),
            text: text.to_string(),
        };
        let mut reporter = FileReporter::new(&file);
        let placeholders = crate::config::Config::default().placeholders;
        let body = analyse(&mut reporter, 0..text.len(), &placeholders);
        let problems = reporter
            .diagnostics
            .iter()
            .map(|d| (d.code, d.location.as_ref().unwrap().start.line))
            .collect();
        (body, problems)
    }

    #[test]
    fn sections_know_whether_they_hold_content() {
        let (body, problems) = analyse_text(
            "## What happened?\n\nThe cache expired.\n\n## Lessons learned\n\nTODO\n\n<!-- guidance -->\n\n## Causes\n\n```sql\nselect 1;\n```\n",
        );
        assert!(problems.is_empty());
        let got: Vec<_> = body
            .sections
            .iter()
            .map(|s| (s.heading.as_str(), s.has_content))
            .collect();
        assert_eq!(
            got,
            [
                ("What happened?", true),
                ("Lessons learned", false),
                ("Causes", true)
            ]
        );
        assert_eq!(body.sections[1].heading_span, 39..57);
    }

    #[test]
    fn internal_passages_are_found() {
        let text = "Public.\n\n<!-- internal -->\nSecret.\n<!-- /internal -->\n\nMore.\n";
        let (body, problems) = analyse_text(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(body.internal_passages.len(), 1);
        let passage = &text[body.internal_passages[0].clone()];
        assert!(passage.starts_with("<!-- internal -->") && passage.contains("Secret."));
        assert!(passage.trim_end().ends_with("<!-- /internal -->"));
        let body = Body {
            markdown: text.to_string(),
            ..body
        };
        assert_eq!(body.without_internal_passages(), "Public.\n\n\nMore.\n");
    }

    #[test]
    fn malformed_markers_fail_closed() {
        let (_, problems) = analyse_text("a\n\n<!-- internal -->\nb\n");
        assert_eq!(problems, [(Code::UnclosedInternal, 3)]);
        let (_, problems) =
            analyse_text("<!-- internal -->\n\n<!-- internal -->\nx\n<!-- /internal -->\n");
        assert_eq!(problems, [(Code::NestedInternal, 3)]);
        let (_, problems) = analyse_text("x\n\n<!-- /internal -->\n");
        assert_eq!(problems, [(Code::StrayInternalClose, 3)]);
        let (_, problems) = analyse_text("Text <!-- internal --> more\n");
        assert_eq!(problems, [(Code::MisplacedInternalMarker, 1)]);
        // In a code block a marker is just text.
        let (body, problems) = analyse_text("```\n<!-- internal -->\n```\n");
        assert!(problems.is_empty() && body.internal_passages.is_empty());
    }

    #[test]
    fn placeholders_and_headings_normalise() {
        let p = crate::config::Config::default().placeholders;
        assert!(is_placeholder_only("TODO: ...", &p));
        assert!(is_placeholder_only("<fill in>", &p));
        assert!(!is_placeholder_only("The disk filled up.", &p));
        assert_eq!(normalise_heading("  What   Happened?! "), "what happened");
    }
}
