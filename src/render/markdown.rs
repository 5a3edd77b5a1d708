//! Markdown → HTML for report bodies and inline fields: unique heading ids
//! with anchors, a table of contents, highlighted code, raw HTML escaped
//! (or sanitised when the site allows it), and links that cannot run code.

mod safe;

pub use safe::safe_url;

use super::highlight;
use crate::parse::body::markdown_options;
use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, html,
};
use safe::{HtmlBlocks, safe_event, sanitise};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A heading of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Relative link and image targets (no scheme, not `#…` or `/…`),
    /// percent-decoded and without `.` or `..` parts, for copying
    /// attachments.
    pub local_links: Vec<String>,
}

/// Renders a report body.
pub fn body(markdown: &str, allow_raw_html: bool) -> Rendered {
    let mut ids = Ids::default();
    let mut toc = Vec::new();
    let mut local_links = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    // The columns' alignments of the table being read, and in its header
    // row, the column.
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut head_column: Option<usize> = None;
    let mut parser = HtmlBlocks(Parser::new_ext(markdown, markdown_options()));
    while let Some(event) = parser.next() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let mut inner = Vec::new();
                for e in parser.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(safe_event(e, allow_raw_html, &mut local_links));
                }
                let title = plain_text(&inner);
                let id = unique_id(&title, &mut ids);
                // The page's title is its only h1: a `#` heading in a body
                // is shown as a section.
                let n = heading_number(level).max(2);
                if n == 2 || n == 3 {
                    toc.push(TocEntry {
                        level: n,
                        id: id.clone(),
                        title: title.clone(),
                    });
                }
                let mut inner_html = String::new();
                html::push_html(&mut inner_html, inner.into_iter());
                events.push(Event::Html(CowStr::from(format!(
                    "<h{n} id=\"{id}\">{inner_html} <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></h{n}>\n"
                ))));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for e in parser.by_ref() {
                    match e {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                events.push(Event::Html(CowStr::from(code_block(&code, &lang))));
            }
            // A task list's checkbox says what it shows (pulldown-cmark's
            // has no accessible name).
            Event::TaskListMarker(done) => events.push(Event::Html(CowStr::from(if done {
                "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
            } else {
                "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
            }))),
            // Tables scroll inside a wrapper on narrow screens: a named
            // region the keyboard can focus, and so scroll.
            Event::Start(Tag::Table(columns)) => {
                events.push(Event::Html(CowStr::from(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">",
                )));
                alignments.clone_from(&columns);
                events.push(Event::Start(Tag::Table(columns)));
            }
            // Header cells of Markdown tables are column headers: written
            // here, as pulldown-cmark writes them but with their scope.
            Event::Start(Tag::TableHead) => {
                head_column = Some(0);
                events.push(Event::Start(Tag::TableHead));
            }
            Event::End(TagEnd::TableHead) => {
                head_column = None;
                events.push(Event::End(TagEnd::TableHead));
            }
            Event::Start(Tag::TableCell) if head_column.is_some() => {
                let column = head_column.unwrap_or_default();
                events.push(Event::Html(CowStr::from(header_cell(
                    alignments.get(column),
                ))));
            }
            Event::End(TagEnd::TableCell) if head_column.is_some() => {
                head_column = head_column.map(|column| column + 1);
                events.push(Event::Html(CowStr::from("</th>")));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            other => events.push(safe_event(other, allow_raw_html, &mut local_links)),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    // Header cells the site's own HTML writes are column headers too.
    if allow_raw_html && out.contains("<th") {
        out = out
            .replace("<th>", "<th scope=\"col\">")
            .replace("<th style=", "<th scope=\"col\" style=");
    }
    if allow_raw_html {
        out = sanitise(&out);
    }
    Rendered {
        html: out,
        toc,
        local_links,
    }
}

/// A table's header cell's opening tag, with its column's alignment as
/// pulldown-cmark writes it.
fn header_cell(alignment: Option<&Alignment>) -> &'static str {
    match alignment {
        Some(Alignment::Left) => "<th scope=\"col\" style=\"text-align: left\">",
        Some(Alignment::Center) => "<th scope=\"col\" style=\"text-align: center\">",
        Some(Alignment::Right) => "<th scope=\"col\" style=\"text-align: right\">",
        _ => "<th scope=\"col\">",
    }
}

/// Renders a short field (a summary, a timeline event) as inline Markdown:
/// one paragraph's content, no block elements.
pub fn inline(markdown: &str) -> String {
    let mut links = Vec::new();
    let events = HtmlBlocks(Parser::new_ext(markdown, markdown_options()))
        .filter(|e| {
            !matches!(
                e,
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
            )
        })
        .map(|e| safe_event(e, false, &mut links));
    let mut out = String::new();
    html::push_html(&mut out, events);
    out.trim_end().to_string()
}

/// A code block scrolls sideways when its lines are longer than the column:
/// it is a named region the keyboard can focus, and so scroll.
fn code_block(code: &str, lang: &str) -> String {
    let attrs = if lang.is_empty() {
        " role=\"region\" tabindex=\"0\" aria-label=\"Code\"".to_string()
    } else {
        let lang = escape(lang);
        format!(" data-lang=\"{lang}\" role=\"region\" tabindex=\"0\" aria-label=\"Code ({lang})\"")
    };
    let inner = highlight::highlight(code, lang).unwrap_or_else(|| escape(code));
    format!("<pre class=\"code\"{attrs}><code>{inner}</code></pre>\n")
}

fn plain_text(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        if let Event::Text(t) | Event::Code(t) = e {
            out.push_str(t);
        }
    }
    out.trim().to_string()
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The heading ids of a page so far, and for each base the next number to
/// try: 20,000 headings alike take a step each, not 200 million.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

/// A stable id from the heading text, unique within the page. `toc`,
/// `actions` and the like are reserved for the page's own sections.
fn unique_id(title: &str, ids: &mut Ids) -> String {
    let mut base = slug::slugify(title);
    if base.is_empty() {
        base = "section".into();
    }
    if RESERVED_IDS.contains(&base.as_str()) {
        base = format!("s-{base}");
    }
    if ids.used.insert(base.clone()) {
        return base;
    }
    let n = ids.next.entry(base.clone()).or_insert(1);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if ids.used.insert(id.clone()) {
            return id;
        }
    }
}

/// Ids the report template uses for its own parts.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "toc",
    "timeline",
    "impact",
    "actions",
    "recommendations",
    "related",
    "review",
    "internal-notes",
    "body",
    "search",
    "content",
];

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_header_cells_are_column_headers_with_their_alignment() {
        let md = "| a | b | c | d |\n| :-- | :-: | --: | --- |\n| 1 | 2 | 3 | 4 |\n";
        let html = body(md, false).html;
        assert!(
            html.contains(
                "<thead><tr><th scope=\"col\" style=\"text-align: left\">a</th>\
                 <th scope=\"col\" style=\"text-align: center\">b</th>\
                 <th scope=\"col\" style=\"text-align: right\">c</th>\
                 <th scope=\"col\">d</th></tr></thead>"
            ),
            "{html}"
        );
        // The body's cells keep their alignment and stay data cells.
        assert!(
            html.contains(
                "<tr><td style=\"text-align: left\">1</td>\
                 <td style=\"text-align: center\">2</td>\
                 <td style=\"text-align: right\">3</td><td>4</td></tr>"
            ),
            "{html}"
        );
        // The sanitiser a site with raw HTML goes through keeps the scope
        // (and drops every style attribute).
        let sanitised = body(md, true).html;
        assert!(
            sanitised.contains("<th scope=\"col\">a</th>"),
            "{sanitised}"
        );
        // A site that allows raw HTML gets the scope on its own header cells.
        let raw = body("<table><tr><th>x</th></tr></table>\n", true).html;
        assert!(raw.contains("<th scope=\"col\">x</th>"), "{raw}");
    }

    #[test]
    fn headings_get_unique_ids_anchors_and_a_toc() {
        let r = body(
            "## What happened\n\ntext\n\n## What happened\n\n### Timeline\n",
            false,
        );
        assert!(
            r.html.contains(
                "<h2 id=\"what-happened\">What happened <a class=\"anchor\" href=\"#what-happened\""
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("id=\"what-happened-1\""));
        assert!(
            r.html.contains("id=\"s-timeline\""),
            "reserved ids are prefixed: {}",
            r.html
        );
        assert_eq!(r.toc.iter().map(|t| t.level).collect::<Vec<_>>(), [2, 2, 3]);
    }

    #[test]
    fn many_headings_alike_get_ids_in_linear_time() {
        let text = "## Same\n\n".repeat(3000) + "## Same 2\n";
        let r = body(&text, false);
        assert_eq!(r.toc.len(), 3001);
        assert_eq!(r.toc[2999].id, "same-2999");
        // An explicit "Same 2" after the generated one still gets its own id.
        assert_eq!(r.toc[3000].id, "same-2-1");
        let ids: HashSet<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), 3001);
    }

    #[test]
    fn task_list_checkboxes_have_names() {
        for raw in [false, true] {
            let r = body("- [x] rotate keys\n- [ ] audit\n", raw);
            assert!(
                r.html.contains("checked") && r.html.contains("aria-label=\"Done\""),
                "{}",
                r.html
            );
            assert!(r.html.contains("aria-label=\"Not done\""), "{}", r.html);
        }
    }

    #[test]
    fn code_is_highlighted_or_escaped() {
        let r = body("```rust\nlet x = 1;\n```\n\n```nope\n<b>\n```\n", false);
        assert!(r.html.contains("data-lang=\"rust\""));
        assert!(r.html.contains("hl-"));
        assert!(r.html.contains("&lt;b&gt;"));
        for raw in [false, true] {
            let r = body("```sql\nselect 1;\n```\n\n| a |\n|---|\n| b |\n", raw);
            for named in ["aria-label=\"Code (sql)\"", "aria-label=\"Table\""] {
                assert!(r.html.contains(named), "{named} in {}", r.html);
            }
            assert_eq!(r.html.matches("role=\"region\" tabindex=\"0\"").count(), 2);
        }
    }

    #[test]
    fn inline_fields_have_no_paragraphs() {
        assert_eq!(
            inline("Checkout *slow* <b>x</b>"),
            "Checkout <em>slow</em> &lt;b&gt;x&lt;/b&gt;"
        );
    }
}
