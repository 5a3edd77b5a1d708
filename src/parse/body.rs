//! What the checker needs from a Markdown body: its level-2 sections (and
//! whether they hold more than placeholders) and its internal passages.
//! The body is parsed once here; rendering reuses the same options.

use super::comments::{self, Marker};
use super::links::{LocalLink, local_target};
use super::markers::{
    Fragment, MISPLACED, Problems, block_marker, check_comments, check_text, holds_marker,
    trim_span,
};
pub use super::placeholder::is_placeholder_only;
use crate::diagnostic::{Code, FileReporter};
use crate::model::{Body, Section};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;

/// The Markdown dialect of reports: CommonMark plus tables, footnotes,
/// strikethrough and task lists.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// What [`analyse`] found besides the body's model.
#[derive(Debug, Default)]
pub struct Found {
    /// Relative links to files, for the attachment rules (`R058`).
    pub local_links: Vec<LocalLink>,
}

/// Analyses the body at `range` of the reporter's file.
pub fn analyse(
    reporter: &mut FileReporter,
    range: Range<usize>,
    placeholders: &[String],
) -> (Body, Found) {
    let text = &reporter.file.text[range.clone()];
    let file_text = &reporter.file.text;
    let base = range.start;
    let mut sections: Vec<Section> = Vec::new();
    let mut passages = Vec::new();
    let mut found = Found::default();
    let mut open_marker: Option<Range<usize>> = None;
    let mut heading: Option<(String, Range<usize>)> = None;
    // Content after a level-1 heading belongs to no section.
    let mut in_section = false;
    let mut in_heading_depth = 0usize;
    let mut in_code_block = false;
    let mut block: Option<Fragment> = None;
    let mut problems: Problems = Vec::new();
    // Consecutive text outside code: (where it is in the file, the text).
    // Borrowed from the body until a second piece joins it.
    let mut run: Option<(Range<usize>, Cow<'_, str>)> = None;

    for (event, span) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        let file_span = base + span.start..base + span.end;
        if !matches!(event, Event::Text(_))
            && let Some(done) = run.take()
        {
            check_text(&done, &mut problems, file_text);
        }
        if let Some(fragment) = block.as_mut() {
            match event {
                Event::Html(html) => {
                    fragment.push(&html, file_span);
                    continue;
                }
                Event::End(TagEnd::HtmlBlock) => {}
                _ => continue,
            }
        }
        match event {
            Event::Start(Tag::HtmlBlock) => block = Some(Fragment::new()),
            Event::End(TagEnd::HtmlBlock) => {
                let Some(fragment) = block.take() else {
                    continue;
                };
                check_comments(&fragment, &mut problems, file_text);
                let span = fragment.span();
                match block_marker(&fragment) {
                    Some(Marker::Open) => {
                        if open_marker.is_some() {
                            problems.push((
                                Code::NestedInternal,
                                trim_span(file_text, span),
                                "an internal passage is opened inside another one",
                            ));
                        } else {
                            open_marker = Some(span);
                        }
                    }
                    Some(Marker::Close) => match open_marker.take() {
                        Some(open) => passages.push(open.start..span.end),
                        None => problems.push((
                            Code::StrayInternalClose,
                            trim_span(file_text, span),
                            "`<!-- /internal -->` closes no internal passage",
                        )),
                    },
                    None if holds_marker(&fragment.text) => problems.push((
                        Code::MisplacedInternalMarker,
                        trim_span(file_text, span),
                        MISPLACED,
                    )),
                    None => {
                        let rest = comments::strip(&fragment.text);
                        mark_content(in_section, &mut sections, &rest, placeholders);
                    }
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
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
                        heading_span: trim_span(file_text, span),
                        has_content: false,
                    });
                }
            }
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                if let Some(path) = local_target(dest_url) {
                    found.local_links.push(LocalLink {
                        path,
                        span: trim_span(file_text, file_span.clone()),
                    });
                }
                if matches!(event, Event::Start(Tag::Image { .. })) {
                    mark_content(in_section, &mut sections, "content", placeholders);
                }
            }
            Event::Text(t) if !in_code_block => {
                // Markdown splits text at `<` and `!`: judge the run.
                match run.as_mut() {
                    Some((range, joined)) if range.end == file_span.start => {
                        range.end = file_span.end;
                        joined.to_mut().push_str(&t);
                    }
                    _ => {
                        if let Some(done) = run.take() {
                            check_text(&done, &mut problems, file_text);
                        }
                        let piece = match &t {
                            CowStr::Borrowed(piece) => Cow::Borrowed(*piece),
                            other => Cow::Owned(other.to_string()),
                        };
                        run = Some((file_span.clone(), piece));
                    }
                }
                if in_heading_depth > 0 {
                    if let Some((title, _)) = heading.as_mut() {
                        title.push_str(&t);
                    }
                } else {
                    mark_content(in_section, &mut sections, &t, placeholders);
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
            Event::FootnoteReference(_) | Event::Rule => {
                mark_content(in_section, &mut sections, "content", placeholders);
            }
            Event::InlineHtml(html) => {
                let mut fragment = Fragment::new();
                fragment.push(&html, file_span.clone());
                check_comments(&fragment, &mut problems, file_text);
                if holds_marker(&html) {
                    problems.push((Code::MisplacedInternalMarker, file_span, MISPLACED));
                } else {
                    let rest = comments::strip(&html);
                    mark_content(in_section, &mut sections, &rest, placeholders);
                }
            }
            _ => {}
        }
    }
    if let Some(done) = run.take() {
        check_text(&done, &mut problems, file_text);
    }
    if let Some(open) = open_marker {
        problems.push((
            Code::UnclosedInternal,
            trim_span(file_text, open),
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
            Code::MalformedInternalMarker => {
                "write the markers exactly `<!-- internal -->` and `<!-- /internal -->`, each on a line of its own; if this is a note, word it without `internal`"
            }
            Code::UnclosedComment => {
                "end the comment with `-->`, or write `\\<!--` to show the characters as text"
            }
            _ => {
                "put `<!-- internal -->` and `<!-- /internal -->` each on a line of its own, with a blank line around the passage"
            }
        };
        reporter.report(code, span, message).set_help(help);
    }
    let body = Body {
        // Filled by the pipeline only when a command renders the report.
        markdown: Default::default(),
        offset: base,
        sections,
        internal_passages: passages,
    };
    (body, found)
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
        let (body, _) = analyse(&mut reporter, 0..text.len(), &placeholders);
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
            markdown: text.into(),
            ..body
        };
        assert_eq!(
            body.without_internal_passages().unwrap(),
            "Public.\n\n\nMore.\n"
        );
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

    /// Finding 3 of issue 12: near misses passed `check` and published the
    /// passage. Each is an error now, on its line; the canonical markers,
    /// with any spacing and case, still pair up.
    #[test]
    fn near_miss_markers_are_errors() {
        for near in [
            "<!--- internal --->",
            "<!-- internal: -->",
            "<!-- begin internal -->",
            "<!-- end internal -->",
            "<!-- int\u{200b}ernal -->",
            "<!-- \u{456}nternal -->",
            "<!-- ｉｎｔｅｒｎａｌ -->",
            "<!-- interal -->",
            "<!-- internal -- >",
            "<!—internal—>",
            "<! internal >",
            "<!-- internal ->",
            "<!--internal--!>",
        ] {
            let near = near
                .replace("\\u{200b}", "\u{200b}")
                .replace("\\u{456}", "\u{456}");
            let text = format!("Public.\n\n{near}\nSecret.\n\nMore.\n");
            let (_, problems) = analyse_text(&text);
            let codes: Vec<Code> = problems.iter().map(|p| p.0).collect();
            // (`--!>` ends a comment for a browser, not for Markdown: the
            // marker then shares its HTML block with the text, R055.)
            let errors = [
                Code::MalformedInternalMarker,
                Code::UnclosedComment,
                Code::MisplacedInternalMarker,
            ];
            assert!(
                codes.iter().any(|c| errors.contains(c)),
                "{near:?}: {problems:?}"
            );
            assert!(problems.iter().all(|p| p.1 == 3), "{near:?}: {problems:?}");
        }
        for (open, close) in [
            ("<!--INTERNAL-->", "<!--/INTERNAL-->"),
            ("<!--   internal   -->", "<!-- / internal -->"),
            ("<!--\ninternal\n-->", "<!--\n/internal\n-->"),
            ("> <!-- internal -->", "> <!-- /internal -->"),
        ] {
            let text = format!("Public.\n\n{open}\nSecret.\n{close}\n\nMore.\n");
            let (body, problems) = analyse_text(&text);
            assert!(problems.is_empty(), "{open:?}: {problems:?}");
            assert_eq!(body.internal_passages.len(), 1, "{open:?}");
            let body = Body {
                markdown: text.as_str().into(),
                ..body
            };
            assert!(
                !body.without_internal_passages().unwrap().contains("Secret"),
                "{open:?}"
            );
        }
    }

    /// A comment that never closes hides the rest of the page, or shows its
    /// text: either way not what was meant.
    #[test]
    fn unclosed_comments_are_errors() {
        for text in [
            "a\n\n<!-- note\n\nSecret.\n",
            "a <!-- note\n",
            "<div>\n<!-- note\n</div>\n",
            // Markdown ends the HTML block at the first `-->`: the second
            // comment would leave its text on the page.
            "<!-- a --><!--\nSECRET\n-->\n",
        ] {
            let (_, problems) = analyse_text(text);
            assert!(
                problems.iter().any(|p| p.0 == Code::UnclosedComment),
                "{text:?}: {problems:?}"
            );
        }
        // Shown on purpose, or in code: fine.
        for text in ["a \\<!-- b\n", "`<!--`\n", "```\n<!--\n```\n"] {
            let (_, problems) = analyse_text(text);
            assert!(problems.is_empty(), "{text:?}: {problems:?}");
        }
    }

    #[test]
    fn local_links_are_noted_with_their_lines() {
        let text = "x\n\n![g](img/a%20b.png) [l](log.txt#L3) [w](https://x.example)\n[up](../x.txt) [top](#a)\n";
        let file = SourceFile {
            path: "r.md".into(),
            rel_path: "r.md".into(),
            text: text.to_string(),
        };
        let mut reporter = FileReporter::new(&file);
        let (_, found) = analyse(&mut reporter, 0..text.len(), &[]);
        let paths: Vec<&str> = found.local_links.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(paths, ["img/a b.png", "log.txt"]);
        assert_eq!(&text[found.local_links[1].span.clone()], "[l](log.txt#L3)");
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
