//! The other built-in pages with compiled copies (askama, from
//! `templates/compiled/`, as the report and actions pages in `compiled`):
//! the lists of reports (`list.html`, the most pages after the reports and
//! the actions). Each page's struct of `contract` is handed to its
//! template by reference: no tera value is made of it, nor of `site` and
//! `page`. A site that overrides the page's template, `base.html` or
//! `macros.html` gets the page from tera, with the same struct
//! ([`Compiled::templates`], docs/templates.md).

use super::compiled::{PAGE_BUFFER, Text, Truthy, finish, og};
use super::contract::{ActionsByReportPage, BrowsePage, ListPage, OwnersPage};
use super::view::{PageView, SeverityView, SiteView};
use crate::error::Error;
use askama::Template;
use serde::Serialize;

/// A kind of built-in page that has a compiled copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Compiled {
    List,
    ActionsByReport,
    Owners,
    Browse,
}

impl Compiled {
    pub(super) const ALL: [Compiled; 4] = [
        Compiled::List,
        Compiled::ActionsByReport,
        Compiled::Owners,
        Compiled::Browse,
    ];

    /// The page's tera template.
    pub(super) fn template(self) -> &'static str {
        match self {
            Compiled::List => "list.html",
            Compiled::Browse => "browse.html",
            Compiled::Owners => "owners.html",
            Compiled::ActionsByReport => "actions_by_report.html",
        }
    }

    /// The built-in templates its compiled copy copies: a site's own
    /// version of any of them sends the page through tera.
    pub(super) fn templates(self) -> [&'static str; 3] {
        ["base.html", self.template(), "macros.html"]
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

/// A group's list of reports (`severity/X/`, `services/X/`, …).
#[derive(Template)]
#[template(path = "compiled/list.html")]
struct ListHtml<'a> {
    site: &'a SiteView,
    page: &'a PageView,
    data: &'a ListPage<'a>,
    og_title: &'a str,
    og_description: &'a str,
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

impl CompiledPage for ListPage<'_> {
    const PAGE: Compiled = Compiled::List;

    fn compiled(&self, site: &SiteView, page: &PageView) -> Result<Vec<u8>, Error> {
        let (og_title, og_description) = og(site, page, None);
        let html = ListHtml {
            site,
            page,
            data: self,
            og_title,
            og_description,
        };
        render(page, |out| html.render_into(out))
    }
}

/// The actions of each report with actions (`actions/reports/`, its later pages).
#[derive(Template)]
#[template(path = "compiled/actions_by_report.html")]
struct ActionsByReportHtml<'a> {
    site: &'a SiteView,
    page: &'a PageView,
    data: &'a ActionsByReportPage<'a>,
    og_title: &'a str,
    og_description: &'a str,
}

impl CompiledPage for ActionsByReportPage<'_> {
    const PAGE: Compiled = Compiled::ActionsByReport;

    fn compiled(&self, site: &SiteView, page: &PageView) -> Result<Vec<u8>, Error> {
        let (og_title, og_description) = og(site, page, None);
        let html = ActionsByReportHtml {
            site,
            page,
            data: self,
            og_title,
            og_description,
        };
        render(page, |out| html.render_into(out))
    }
}

/// Every owner of actions (`actions/owners/`).
#[derive(Template)]
#[template(path = "compiled/owners.html")]
struct OwnersHtml<'a> {
    site: &'a SiteView,
    page: &'a PageView,
    data: &'a OwnersPage,
    og_title: &'a str,
    og_description: &'a str,
}

impl CompiledPage for OwnersPage {
    const PAGE: Compiled = Compiled::Owners;

    fn compiled(&self, site: &SiteView, page: &PageView) -> Result<Vec<u8>, Error> {
        let (og_title, og_description) = og(site, page, None);
        let html = OwnersHtml {
            site,
            page,
            data: self,
            og_title,
            og_description,
        };
        render(page, |out| html.render_into(out))
    }
}

/// The groups of reports (`browse/`).
#[derive(Template)]
#[template(path = "compiled/browse.html")]
struct BrowseHtml<'a> {
    site: &'a SiteView,
    page: &'a PageView,
    data: &'a BrowsePage,
    og_title: &'a str,
    og_description: &'a str,
}

impl BrowseHtml<'_> {
    /// Whether the page has a section of affected groups (tera's
    /// `sections | filter(attribute="kind", value="affected") | length > 0`).
    fn has_affected(&self) -> bool {
        self.data.sections.iter().any(|s| s.kind == "affected")
    }
}

impl CompiledPage for BrowsePage {
    const PAGE: Compiled = Compiled::Browse;

    fn compiled(&self, site: &SiteView, page: &PageView) -> Result<Vec<u8>, Error> {
        let (og_title, og_description) = og(site, page, None);
        let html = BrowseHtml {
            site,
            page,
            data: self,
            og_title,
            og_description,
        };
        render(page, |out| html.render_into(out))
    }
}
