//! What a page's header and footer depend on, and where its root is: the
//! [`Frame`] of a page, by which the fragments that frame it are kept.

use super::routes::{Page, base_path, depth};
use super::view::SiteView;

/// What a page's header and footer depend on: the kind of page, how deep
/// it is, and whether it is its navigation item's own page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Frame {
    pub(super) kind: &'static str,
    pub(super) depth: usize,
    pub(super) nav_page: bool,
}

impl Frame {
    /// The frame of `page`, whose folder is `path`.
    pub(super) fn of(page: Page, path: &str, site_view: &SiteView) -> Frame {
        let kind = match page {
            Page::Home => "home",
            Page::Report(_) => "report",
            Page::Agenda(_) => "agenda",
            Page::Actions { .. }
            | Page::Owner { .. }
            | Page::Team { .. }
            | Page::Owners
            | Page::ActionsByReport { .. } => "actions",
            Page::Browse => "browse",
            Page::List { .. } => "list",
            Page::Search => "search",
            Page::Metrics => "metrics",
            Page::NotFound => "not-found",
        };
        let mut frame = Frame {
            kind,
            depth: depth(path),
            nav_page: false,
        };
        let section = frame.section();
        frame.nav_page = site_view
            .nav
            .iter()
            .any(|item| item.kind == section && item.url == path);
        frame
    }

    /// The `site.nav` item (its `kind`) the page belongs under.
    pub(super) fn section(self) -> &'static str {
        match self.kind {
            "home" | "report" | "agenda" => "home",
            "list" | "browse" => "browse",
            "actions" => "actions",
            "metrics" => "metrics",
            _ => "",
        }
    }

    pub(super) fn not_found(self) -> bool {
        self.kind == "not-found"
    }

    /// What the footer depends on: the page's root.
    pub(super) fn footer_key(&self) -> (usize, bool) {
        (self.depth, self.not_found())
    }

    /// The prefix from the page to the site root.
    pub(super) fn root(self, site_view: &SiteView) -> String {
        Frame::root_of(site_view, self.depth, self.not_found())
    }

    /// `../` per level; the 404 page is served for any missing URL, at any
    /// depth, so its links are from the base URL's path instead.
    pub(super) fn root_of(site_view: &SiteView, depth: usize, not_found: bool) -> String {
        if not_found {
            base_path(&site_view.base_url)
        } else {
            "../".repeat(depth)
        }
    }
}
