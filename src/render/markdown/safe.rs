//! What makes a body safe to publish: HTML comments gone whatever their
//! shape, raw HTML shown as text (or sanitised, when the site allows it),
//! and links and images with a scheme that can run code pointing nowhere;
//! the local targets noted on the way, for the attachments.

use crate::parse::comments;
use crate::parse::links::{has_scheme, local_target};
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

/// Markdown's events with each HTML block as one `Html` event: Markdown
/// hands a block over line by line, and a comment spanning lines must be
/// seen whole to be removed whole.
pub(super) struct HtmlBlocks<'a>(pub(super) Parser<'a>);

impl<'a> Iterator for HtmlBlocks<'a> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        match self.0.next()? {
            Event::Start(Tag::HtmlBlock) => {
                let mut html = String::new();
                for event in self.0.by_ref() {
                    match event {
                        Event::Html(line) => html.push_str(&line),
                        Event::End(TagEnd::HtmlBlock) => break,
                        _ => {}
                    }
                }
                Some(Event::Html(CowStr::from(html)))
            }
            other => Some(other),
        }
    }
}

/// Makes an event safe: HTML comments disappear whatever their shape, what
/// is left of raw HTML becomes text (or passes through for the sanitiser),
/// and links and images with a scheme that can run code point nowhere.
pub(super) fn safe_event<'a>(
    event: Event<'a>,
    allow_raw_html: bool,
    local_links: &mut Vec<String>,
) -> Event<'a> {
    let event = match event {
        Event::Html(html) if html.contains("<!--") => {
            Event::Html(CowStr::from(comments::strip(&html).into_owned()))
        }
        Event::InlineHtml(html) if html.contains("<!--") => {
            Event::InlineHtml(CowStr::from(comments::strip(&html).into_owned()))
        }
        other => other,
    };
    match event {
        Event::Html(html) | Event::InlineHtml(html) if html.trim().is_empty() => {
            Event::Text(CowStr::from(""))
        }
        Event::Html(html) if !allow_raw_html => Event::Text(html),
        Event::InlineHtml(html) if !allow_raw_html => Event::Text(html),
        // A link's or an image's target: noted when local, kept only when
        // its scheme cannot run code.
        Event::Start(mut tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
            if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                note_local(dest_url, local_links);
                let url = std::mem::replace(dest_url, CowStr::Borrowed(""));
                *dest_url = safe_url(url);
            }
            Event::Start(tag)
        }
        other => other,
    }
}

fn note_local(url: &str, local_links: &mut Vec<String>) {
    local_links.extend(local_target(url));
}

/// Only http, https and mailto links, and relative ones, survive.
pub fn safe_url(url: CowStr) -> CowStr {
    let trimmed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    if !has_scheme(&trimmed) {
        return url;
    }
    let scheme = trimmed.split(':').next().unwrap_or("").to_ascii_lowercase();
    if matches!(scheme.as_str(), "http" | "https" | "mailto") {
        url
    } else {
        CowStr::from("#")
    }
}

/// Cleans raw HTML that a site allowed: ammonia's default allow-list (no
/// scripts, no event handlers, no `javascript:`), plus the classes and ids
/// our own markup uses.
pub(super) fn sanitise(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["class", "id", "aria-label", "data-lang", "scope"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "disabled", "checked"])
        .add_tag_attributes("pre", ["role", "tabindex"])
        .add_tag_attributes("div", ["role", "tabindex"])
        .link_rel(None)
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::super::{body, inline};

    #[test]
    fn raw_html_and_dangerous_links_are_inert() {
        let r = body(
            "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> [a](javascript:alert(1)) [b]( JaVaScRiPt:alert(1)) ![c](data:text/html,x)\n",
            false,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<img src=x"), "{}", r.html);
        assert!(
            !r.html.to_lowercase().contains("javascript:alert"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("data:text"), "{}", r.html);
        let allowed = body(
            "<b onclick=\"x()\">bold</b> <script>bad()</script> <a href=\"javascript:x\">l</a>\n",
            true,
        );
        assert!(allowed.html.contains("<b>bold</b>"), "{}", allowed.html);
        assert!(
            !allowed.html.contains("onclick")
                && !allowed.html.contains("<script")
                && !allowed.html.contains("javascript:"),
            "{}",
            allowed.html
        );
    }

    #[test]
    fn comments_disappear_and_local_links_are_noted() {
        let r = body(
            "a\n\n<!-- internal -->\n\n![graph](img/graph.svg) [web](https://x.example) [top](#a) [file](log.txt#L3)\n",
            false,
        );
        assert!(!r.html.contains("internal"), "{}", r.html);
        assert_eq!(r.local_links, ["img/graph.svg", "log.txt"]);
    }

    /// Finding 2 of issue 12: only an HTML event that itself started with
    /// `<!--` was dropped, so the lines of a comment after its first were
    /// shown, in every container and with raw HTML on or off.
    #[test]
    fn comments_of_any_shape_disappear() {
        let shapes = [
            "<!--\nSECRET\n-->\n",
            "<!-- a\nSECRET\n-->\n",
            "<div>\n<!--\nSECRET\n-->\n</div>\n",
            "- item\n\n  <!--\n  SECRET\n  -->\n",
            "> <!--\n> SECRET\n> -->\n",
            "Text <!-- SECRET --> more.\n",
            "Text <!-- a\nSECRET\nb --> more.\n",
            "<!----><!-- SECRET -->\n",
            "<!-- SECRET --!>\n",
            "1. x\n   <!--\n   SECRET\n   -->\n",
            "| a |\n|---|\n| <!-- SECRET --> |\n",
            "# <!-- SECRET --> Title\n",
        ];
        for shape in shapes {
            for raw in [false, true] {
                let html = body(shape, raw).html;
                assert!(!html.contains("SECRET"), "{shape:?} (raw {raw}): {html}");
                assert!(
                    !html.contains("&lt;!--") && !html.contains("--&gt;"),
                    "{shape:?}: {html}"
                );
            }
            assert!(
                !inline(shape).contains("SECRET"),
                "{shape:?}: {}",
                inline(shape)
            );
            assert!(
                !crate::display::plain(shape).contains("SECRET"),
                "{shape:?}: {}",
                crate::display::plain(shape)
            );
        }
        // What is not a comment stays.
        let kept = body("<div>\n<!-- x -->\nKEPT\n</div>\n", false).html;
        assert!(kept.contains("KEPT"), "{kept}");
    }
}
