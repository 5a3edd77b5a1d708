//! The built-in report, agenda and actions pages, compiled into the binary
//! by askama from `templates/compiled/` (beside the tera templates they
//! copy): the page's typed views are printed as they are, with no tera
//! values made and no copy of `site` per page. A site that overrides any of
//! the templates a page copies (`Compiled::templates`, in `compiled_pages`)
//! gets that page from tera instead, with the same variables
//! (docs/templates.md).
//! The list, actions-by-report, owners, browse and home pages are in
//! `compiled_pages`, beside this. `tests/cli/compiled.rs` renders sites
//! both ways and compares the bytes.
//!
//! Tera's meaning is kept where askama's differs: a value is true when
//! tera finds it true ([`Truthy`]: an empty string or list is false), a
//! missing one prints as nothing ([`Text`]), and every printed value goes
//! through the project's own `escape_html` ([`Escape`], named in
//! `askama.toml`).

use super::contract::ActionsPage;
use super::templates;
use super::view::{
    ActionView, CommitView, PageView, ReportSummaryView, ReportView, SeverityView, SiteView,
};
use crate::error::{Error, ErrorKind};
use askama::Template;
use std::fmt;

/// The first size of a page's buffer: a report page is 20 to 60 KB.
pub(super) const PAGE_BUFFER: usize = 64 * 1024;

/// A report's page (`reports/SLUG/`).
#[derive(Template)]
#[template(path = "compiled/report.html")]
struct ReportHtml<'a> {
    site: &'a SiteView,
    page: &'a PageView,
    report: &'a ReportView<'a>,
    og_title: &'a str,
    og_description: &'a str,
}

/// A report's review agenda (`reports/SLUG/agenda/`).
#[derive(Template)]
#[template(path = "compiled/agenda.html")]
struct AgendaHtml<'a> {
    site: &'a SiteView,
    page: &'a PageView,
    report: &'a ReportView<'a>,
    og_title: &'a str,
    og_description: &'a str,
}

/// A list of actions (`actions/`, `actions/open/`, an owner's, a team's…).
#[derive(Template)]
#[template(path = "compiled/actions.html")]
struct ActionsHtml<'a> {
    site: &'a SiteView,
    page: &'a PageView,
    data: &'a ActionsPage<'a>,
    og_title: &'a str,
    og_description: &'a str,
}

impl ActionsHtml<'_> {
    /// The caption of the table: tera's `page.title ~ " (" ~ n ~ "), soonest
    /// due first"`.
    fn caption(&self) -> String {
        format!(
            "{} ({}), soonest due first",
            self.page.title, self.data.action_count
        )
    }
}

/// One row of an actions table: the action, the page's `root`, and which
/// of the columns linking to its report and its owner the table has.
#[derive(Template)]
#[template(path = "compiled/action_row.html")]
struct ActionRowHtml<'a> {
    a: &'a ActionView,
    root: &'a str,
    show_report: bool,
    show_owner: bool,
}

/// Appends an action's row to `out`.
pub(super) fn action_row(
    out: &mut String,
    a: &ActionView,
    root: &str,
    (show_report, show_owner): (bool, bool),
) -> Result<(), Error> {
    let row = ActionRowHtml {
        a,
        root,
        show_report,
        show_owner,
    };
    row.render_into(out).map_err(|e| {
        Error::new(
            ErrorKind::Render,
            format!("the built-in row of action {} failed: {e}", a.id),
        )
    })?;
    // The line end after `</tr>` that ends the tera template's file, which
    // askama drops from its copy.
    out.push('\n');
    Ok(())
}

/// One row of a table of reports: the report's summary and the page's
/// `root`.
#[derive(Template)]
#[template(path = "compiled/report_row.html")]
struct ReportRowHtml<'a> {
    r: &'a ReportSummaryView,
    root: &'a str,
}

/// Appends a report's row to `out`.
pub(super) fn report_row(out: &mut String, r: &ReportSummaryView, root: &str) -> Result<(), Error> {
    ReportRowHtml { r, root }.render_into(out).map_err(|e| {
        Error::new(
            ErrorKind::Render,
            format!("the built-in row of report {} failed: {e}", r.slug),
        )
    })?;
    // The line end that ends the tera template's file (as `action_row`).
    out.push('\n');
    Ok(())
}

/// Which page of a report.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Report,
    Agenda,
}

/// Renders a report's page or agenda from its views.
pub(super) fn render(
    kind: Kind,
    site: &SiteView,
    page: &PageView,
    report: &ReportView,
) -> Result<Vec<u8>, Error> {
    let (og_title, og_description) = og(site, page, report.summary_text.as_deref());
    let mut html = String::with_capacity(PAGE_BUFFER);
    let rendered = match kind {
        Kind::Report => ReportHtml {
            site,
            page,
            report,
            og_title,
            og_description,
        }
        .render_into(&mut html),
        Kind::Agenda => AgendaHtml {
            site,
            page,
            report,
            og_title,
            og_description,
        }
        .render_into(&mut html),
    };
    finish(page, html, rendered)
}

/// Renders a page of actions from its variables.
pub(super) fn actions(
    site: &SiteView,
    page: &PageView,
    data: &ActionsPage,
) -> Result<Vec<u8>, Error> {
    let (og_title, og_description) = og(site, page, None);
    let mut html = String::with_capacity(PAGE_BUFFER);
    let rendered = ActionsHtml {
        site,
        page,
        data,
        og_title,
        og_description,
    }
    .render_into(&mut html);
    finish(page, html, rendered)
}

/// What base.html's `set`s work out: the home page is titled by the site,
/// a report's page described by its summary.
pub(super) fn og<'a>(
    site: &'a SiteView,
    page: &'a PageView,
    summary: Option<&'a str>,
) -> (&'a str, &'a str) {
    let title = if page.kind == "home" {
        &site.title
    } else {
        &page.title
    };
    let description = match summary {
        Some(text) if page.kind == "report" && !text.is_empty() => text,
        _ => &site.description,
    };
    (title, description)
}

/// The page's bytes, or the error of its rendering.
pub(super) fn finish(
    page: &PageView,
    html: String,
    rendered: askama::Result<()>,
) -> Result<Vec<u8>, Error> {
    rendered.map_err(|e| {
        Error::new(
            ErrorKind::Render,
            format!("a built-in page failed ({}): {e}", page.path),
        )
    })?;
    Ok(html.into_bytes())
}

/// The escaper of every value the compiled pages print: the project's own,
/// as tera's.
#[derive(Clone, Copy)]
pub struct Escape;

impl askama::filters::Escaper for Escape {
    fn write_escaped_str<W: fmt::Write>(&self, dest: W, string: &str) -> fmt::Result {
        templates::write_escaped(dest, string)
    }
}

/// Whether tera takes a value as true: an empty string or list, zero,
/// false and a missing value are false.
pub(super) trait Truthy {
    fn truthy(&self) -> bool;
}

impl Truthy for str {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl Truthy for String {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl Truthy for std::sync::Arc<str> {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl Truthy for bool {
    fn truthy(&self) -> bool {
        *self
    }
}

impl Truthy for usize {
    fn truthy(&self) -> bool {
        *self != 0
    }
}

impl Truthy for i64 {
    fn truthy(&self) -> bool {
        *self != 0
    }
}

impl<T> Truthy for [T] {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl<T> Truthy for Vec<T> {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl<T, const N: usize> Truthy for [T; N] {
    fn truthy(&self) -> bool {
        N != 0
    }
}

impl<T: Truthy + ?Sized> Truthy for &T {
    fn truthy(&self) -> bool {
        (**self).truthy()
    }
}

impl<T: Truthy> Truthy for Option<T> {
    fn truthy(&self) -> bool {
        self.as_ref().is_some_and(Truthy::truthy)
    }
}

/// A text that may be missing, as tera prints it: nothing when missing.
pub(super) trait Text {
    fn text(&self) -> &str;
}

impl Text for Option<String> {
    fn text(&self) -> &str {
        self.as_deref().unwrap_or("")
    }
}

impl Text for Option<std::sync::Arc<str>> {
    fn text(&self) -> &str {
        self.as_deref().unwrap_or("")
    }
}

impl Text for Option<&str> {
    fn text(&self) -> &str {
        self.unwrap_or("")
    }
}

impl SiteView {
    /// The severity of a rank (tera's `site.severities | nth(n=rank)`).
    fn severity_at(&self, rank: &usize) -> Option<&SeverityView> {
        self.severities.get(*rank)
    }
}

impl CommitView {
    /// The first seven characters of the commit's id (tera's
    /// `truncate(length=7, end="")`; an id is ASCII).
    fn short_id(&self) -> &str {
        match self.id.char_indices().nth(7) {
            Some((end, _)) => &self.id[..end],
            None => &self.id,
        }
    }
}

/// A report's view reads its summary's fields as its own, as tera's value
/// (the summary is flattened into it) does.
impl std::ops::Deref for ReportView<'_> {
    type Target = ReportSummaryView;

    fn deref(&self) -> &ReportSummaryView {
        self.summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truthy_as_tera() {
        assert!(!String::new().truthy());
        assert!("x".truthy());
        assert!(!None::<String>.truthy());
        assert!(!Some(String::new()).truthy());
        assert!(Some("a".to_string()).truthy());
        assert!(!Vec::<u8>::new().truthy());
        assert!([1].truthy());
        assert!(!0usize.truthy());
    }

    #[test]
    fn short_ids_are_seven_characters() {
        let commit = |id: &str| CommitView {
            id: id.into(),
            author: String::new(),
            subject: String::new(),
        };
        assert_eq!(commit("0123456789abcdef").short_id(), "0123456");
        assert_eq!(commit("0123").short_id(), "0123");
    }

    #[test]
    fn escapes_as_tera_does() {
        let mut out = String::new();
        askama::filters::Escaper::write_escaped_str(&Escape, &mut out, "<a href='x'>&\"</a>/")
            .unwrap();
        assert_eq!(out, "&lt;a href=&#x27;x&#x27;&gt;&amp;&quot;&lt;/a&gt;/");
    }
}
