//! The other built-in pages with compiled copies (askama, from
//! `templates/compiled/`, as the report and actions pages in `compiled`):
//! the lists of reports (`list.html`, the most pages after the reports and
//! the actions), the actions by report, the owners, the browse page and the
//! home page. Each page's struct of `contract` is handed to its
//! template by reference: no tera value is made of it, nor of `site` and
//! `page`. A site that overrides the page's template, `base.html` or
//! `macros.html` gets the page from tera, with the same struct
//! ([`Compiled::templates`], docs/templates.md).

use super::compiled::{PAGE_BUFFER, Text, Truthy, finish, og};
use super::contract::{ActionsByReportPage, BrowsePage, HomePage, ListPage, OwnersPage};
use super::view::{PageView, SeverityView, SiteView};
use crate::error::Error;
use askama::Template;
use serde::Serialize;

/// A kind of built-in page that has a compiled copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Compiled {
    /// A report's page and its agenda (`compiled`).
    Report,
    /// The lists of actions (`compiled`).
    Actions,
    List,
    ActionsByReport,
    Owners,
    Browse,
    Home,
}

impl Compiled {
    pub(super) const ALL: [Compiled; 7] = [
        Compiled::Report,
        Compiled::Actions,
        Compiled::List,
        Compiled::ActionsByReport,
        Compiled::Owners,
        Compiled::Browse,
        Compiled::Home,
    ];

    /// The page's tera template.
    pub(super) fn template(self) -> &'static str {
        match self {
            Compiled::Report => "report.html",
            Compiled::Actions => "actions.html",
            Compiled::List => "list.html",
            Compiled::ActionsByReport => "actions_by_report.html",
            Compiled::Owners => "owners.html",
            Compiled::Browse => "browse.html",
            Compiled::Home => "index.html",
        }
    }

    /// The built-in templates its compiled copy copies: a site's own
    /// version of any of them sends the page through tera.
    pub(super) fn templates(self) -> &'static [&'static str] {
        match self {
            Compiled::Report => &["base.html", "report.html", "agenda.html", "macros.html"],
            Compiled::Actions => &["base.html", "actions.html", "macros.html"],
            Compiled::List => &["base.html", "list.html", "macros.html"],
            Compiled::ActionsByReport => &["base.html", "actions_by_report.html", "macros.html"],
            Compiled::Owners => &["base.html", "owners.html", "macros.html"],
            Compiled::Browse => &["base.html", "browse.html", "macros.html"],
            Compiled::Home => &["base.html", "index.html", "macros.html"],
        }
    }
}

/// A page's variables (a struct of `contract`) with a compiled template.
pub(super) trait CompiledPage: Serialize {
    /// Which page.
    const PAGE: Compiled;

    /// The page, rendered by the compiled copy of its template.
    fn compiled(&self, site: &SiteView, page: &PageView) -> Result<Vec<u8>, Error>;
}

/// Renders a page with `render`, into a buffer that holds most pages.
fn render(
    page: &PageView,
    render: impl FnOnce(&mut String) -> askama::Result<()>,
) -> Result<Vec<u8>, Error> {
    let mut html = String::with_capacity(PAGE_BUFFER);
    let rendered = render(&mut html);
    finish(page, html, rendered)
}

/// A compiled page: the askama struct `$html` of the template `$path`,
/// holding the page's variables (a struct of `contract`) by reference with
/// `site`, `page` and the Open Graph title and description, and
/// [`CompiledPage`] for those variables.
macro_rules! compiled_page {
    ($(#[$doc:meta])* $html:ident<$lt:lifetime>, $path:tt, $data:ty, $for:ty, $page:expr) => {
        $(#[$doc])*
        #[derive(Template)]
        #[template(path = $path)]
        struct $html<$lt> {
            site: &$lt SiteView,
            page: &$lt PageView,
            data: &$lt $data,
            og_title: &$lt str,
            og_description: &$lt str,
        }

        impl CompiledPage for $for {
            const PAGE: Compiled = $page;

            fn compiled(&self, site: &SiteView, page: &PageView) -> Result<Vec<u8>, Error> {
                let (og_title, og_description) = og(site, page, None);
                let html = $html {
                    site,
                    page,
                    data: self,
                    og_title,
                    og_description,
                };
                render(page, |out| html.render_into(out))
            }
        }
    };
}

compiled_page! {
    /// A group's list of reports (`severity/X/`, `services/X/`, …).
    ListHtml<'a>, "compiled/list.html", ListPage<'a>, ListPage<'_>, Compiled::List
}

impl ListHtml<'_> {
    /// On a severity's page, its level in `site.severities` (tera's
    /// `site.severities | filter(attribute="name", value=name) | first`).
    fn level(&self) -> Option<&SeverityView> {
        self.site
            .severities
            .iter()
            .find(|s| s.name == self.data.name)
    }
}

compiled_page! {
    /// The actions of each report with actions (`actions/reports/`, its later pages).
    ActionsByReportHtml<'a>, "compiled/actions_by_report.html", ActionsByReportPage<'a>, ActionsByReportPage<'_>, Compiled::ActionsByReport
}

compiled_page! {
    /// Every owner of actions (`actions/owners/`).
    OwnersHtml<'a>, "compiled/owners.html", OwnersPage, OwnersPage, Compiled::Owners
}

compiled_page! {
    /// The groups of reports (`browse/`).
    BrowseHtml<'a>, "compiled/browse.html", BrowsePage, BrowsePage, Compiled::Browse
}

impl BrowseHtml<'_> {
    /// Whether the page has a section of affected groups (tera's
    /// `sections | filter(attribute="kind", value="affected") | length > 0`).
    fn has_affected(&self) -> bool {
        self.data.sections.iter().any(|s| s.kind == "affected")
    }
}

compiled_page! {
    /// The home page.
    HomeHtml<'a>, "compiled/index.html", HomePage<'a>, HomePage<'_>, Compiled::Home
}

impl HomeHtml<'_> {
    /// A severity's share of the reports, in percent (`percent_of`).
    fn share(&self, count: &usize) -> String {
        percent_of(*count, self.site.counts.reports)
    }
}

/// `count` in percent of `all`, as tera prints `count * 100 / all |
/// round(precision=1)`: rounded half away from zero, printed as Rust
/// prints a float (`50`, `33.3`).
fn percent_of(count: usize, all: usize) -> String {
    let percent = (count * 100) as f64 / all as f64;
    let rounded = (percent * 10.0).round() / 10.0;
    format!("{rounded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_print_as_tera_prints_them() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("share", "{{ c * 100 / n | round(precision=1) }}")
            .unwrap();
        for (count, all) in [
            (1, 10),
            (1, 3),
            (2, 3),
            (5, 7),
            (1, 8),
            (1, 16),
            (3, 3),
            (7, 10_000),
        ] {
            let mut context = tera::Context::new();
            context.insert("c", &count);
            context.insert("n", &all);
            let expected = tera.render("share", &context).unwrap();
            assert_eq!(percent_of(count, all), expected, "{count} of {all}");
        }
        assert_eq!(percent_of(1, 3), "33.3");
        assert_eq!(percent_of(1, 2), "50");
    }
}
