//! What the checker needs from a Markdown body: its level-2 sections (and
//! whether they hold more than placeholders) and its internal passages.
//! The body is parsed once here; rendering reuses the same options.

use super::comments::{self, Marker};
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

/// A relative link of a body to a file beside the report: the path it
/// names below the report's folder (percent-decoded, without `.` or `..`
/// parts, which never name an attachment), and where the link is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalLink {
    pub path: String,
    pub span: Range<usize>,
}

/// The path below the report's folder that a link's URL names, when it is
/// a relative link to a file (no scheme, not `/…` or `#…`): the one place
/// a link's target is percent-decoded, for the check (`R058`) and for
/// copying attachments beside the page alike.
pub fn local_target(url: &str) -> Option<String> {
    let url = url.split(['#', '?']).next().unwrap_or("");
    if url.is_empty() || url.starts_with('/') || has_scheme(url) {
        return None;
    }
    let path = percent_encoding::percent_decode_str(url)
        .decode_utf8_lossy()
        .into_owned();
    (!path.split('/').any(|part| part == ".." || part == ".")).then_some(path)
}

/// Whether a URL starts with a scheme (`https:`, `javascript:`).
pub fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// What [`analyse`] found besides the body's model.
#[derive(Debug, Default)]
pub struct Found {
    /// Relative links to files, for the attachment rules (`R058`).
    pub local_links: Vec<LocalLink>,
}

/// The problems of one body, gathered before they are reported.
type Problems = Vec<(Code, Range<usize>, &'static str)>;

const MISPLACED: &str = "an internal marker must stand alone on its own line";
const NEAR_MISS: &str = "this reads like an internal marker, but it is not one: the passage it was meant to hide would be public";
const UNCLOSED_COMMENT: &str =
    "this HTML comment is never closed, so it would hide, or show, more than it should";

/// An HTML fragment of the body (a block or inline HTML, as one text even
/// when Markdown split it into lines), and where each of its pieces is in
/// the file.
struct Fragment {
    text: String,
    /// (offset in `text`, byte range in the file) of each piece.
    pieces: Vec<(usize, Range<usize>)>,
}

impl Fragment {
    fn new() -> Fragment {
        Fragment {
            text: String::new(),
            pieces: Vec::new(),
        }
    }

    fn push(&mut self, text: &str, span: Range<usize>) {
        self.pieces.push((self.text.len(), span));
        self.text.push_str(text);
    }

    /// The file's byte range of the piece holding offset `at` of the text.
    fn span_at(&self, at: usize) -> Range<usize> {
        let i = self
            .pieces
            .partition_point(|(start, _)| *start <= at)
            .saturating_sub(1);
        self.pieces.get(i).map_or(0..0, |(_, span)| span.clone())
    }

    fn span(&self) -> Range<usize> {
        match (self.pieces.first(), self.pieces.last()) {
            (Some((_, first)), Some((_, last))) => first.start..last.end,
            _ => 0..0,
        }
    }
}

/// A comment or comment-shaped fragment that reads like a marker without
/// being one, or a comment that never closes: each a problem.
fn check_comments(fragment: &Fragment, problems: &mut Problems, text: &str) {
    let comments = comments::find(&fragment.text);
    for comment in &comments {
        let span = trim_span(text, fragment.span_at(comment.range.start));
        let inner = &fragment.text[comment.inner.clone()];
        if !comment.closed {
            problems.push((Code::UnclosedComment, span, UNCLOSED_COMMENT));
        } else if comments::marker(inner).is_none() && comments::reads_like_marker(inner) {
            problems.push((Code::MalformedInternalMarker, span, NEAR_MISS));
        }
    }
    // What is left outside the comments may still be shaped like one.
    let rest = comments::strip(&fragment.text);
    if comments::comment_shaped(&rest) && comments::reads_like_marker(&rest) {
        let span = trim_span(text, fragment.span());
        problems.push((Code::MalformedInternalMarker, span, NEAR_MISS));
    }
}

/// Text that holds `<!--` as written (no `-->` after it in the paragraph,
/// or Markdown would have made it HTML) is a comment that never closes;
/// `\\<!--` shows the characters on purpose. Text shaped like a comment
/// that reads like a marker is a near miss.
fn check_text((range, joined): &(Range<usize>, String), problems: &mut Problems, text: &str) {
    let source = &text[range.clone()];
    let literal = source
        .match_indices("<!--")
        .any(|(i, _)| !text[..range.start + i].ends_with('\\'));
    if literal {
        problems.push((
            Code::UnclosedComment,
            trim_span(text, range.clone()),
            UNCLOSED_COMMENT,
        ));
    } else if comments::comment_shaped(joined) && comments::reads_like_marker(joined) {
        problems.push((
            Code::MalformedInternalMarker,
            trim_span(text, range.clone()),
            NEAR_MISS,
        ));
    }
}

/// The marker an HTML block is, when it is nothing but one comment.
fn block_marker(fragment: &Fragment) -> Option<Marker> {
    let comments = comments::find(&fragment.text);
    match comments.as_slice() {
        [only]
            if only.closed
                && fragment.text[..only.range.start].trim().is_empty()
                && fragment.text[only.range.end..].trim().is_empty() =>
        {
            comments::marker(&fragment.text[only.inner.clone()])
        }
        _ => None,
    }
}

/// Whether a fragment holds a marker among other things (`R055`).
fn holds_marker(fragment: &str) -> bool {
    comments::find(fragment)
        .iter()
        .any(|c| c.closed && comments::marker(&fragment[c.inner.clone()]).is_some())
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
    let mut run: Option<(Range<usize>, String)> = None;

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
                        joined.push_str(&t);
                    }
                    _ => {
                        if let Some(done) = run.take() {
                            check_text(&done, &mut problems, file_text);
                        }
                        run = Some((file_span.clone(), t.to_string()));
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
        markdown: String::new(),
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
                markdown: text.clone(),
                ..body
            };
            assert!(
                !body.without_internal_passages().contains("Secret"),
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
