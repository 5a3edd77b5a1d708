//! Where each page is written: its folder, its file, its depth, and the
//! base URL's path (the route table's paths, and every page's links).

use super::{ActionList, Page};
use crate::index::Indexes;
use crate::site::Site;

/// The folder of a page, relative to the site root (`reports/db/`; empty
/// for the home page and the 404 page).
pub(in crate::render) fn path_of(page: Page, site: &Site, ix: &Indexes) -> String {
    match page {
        Page::Home | Page::NotFound => String::new(),
        Page::Report(i) => format!("reports/{}/", site.reports()[i].slug),
        Page::Agenda(i) => format!("reports/{}/agenda/", site.reports()[i].slug),
        Page::Owners => "actions/owners/".into(),
        Page::Browse => "browse/".into(),
        Page::Search => "search/".into(),
        Page::Metrics => "metrics/".into(),
        Page::Actions { .. }
        | Page::Owner { .. }
        | Page::Team { .. }
        | Page::ActionsByReport { .. }
        | Page::List { .. } => part_path(&first_page(page, ix), page.part()),
    }
}

/// The folder of a list's first page: `actions/open/`, `years/2024/`.
pub(in crate::render) fn first_page(page: Page, ix: &Indexes) -> String {
    match page {
        Page::Actions {
            list: ActionList::All,
            ..
        } => "actions/".into(),
        Page::Actions { list, .. } => format!("actions/{}/", list.name()),
        Page::Owner { owner, .. } => format!("actions/owners/{}/", ix.by_owner[owner].slug),
        Page::Team { team, .. } => format!("actions/teams/{}/", ix.by_team[team].slug),
        Page::ActionsByReport { .. } => "actions/reports/".into(),
        Page::List { kind, group, .. } => {
            format!("{}/{}/", kind.prefix(), kind.groups(ix)[group].slug)
        }
        _ => String::new(),
    }
}

/// The folder of page `part` (from 0) of the list whose first page is
/// `first`: the first page itself, then `page/2/`, `page/3/`, … below it,
/// as Hugo names them.
pub(in crate::render) fn part_path(first: &str, part: usize) -> String {
    match part {
        0 => first.to_string(),
        n => format!("{first}page/{}/", n + 1),
    }
}

impl Page {
    /// Which page of its list this is, from 0 (0 for a page of no list).
    /// The first page of the list this page is a part of (the page itself
    /// for a page that is not a list's).
    pub(in crate::render) fn first(self) -> Page {
        match self {
            Page::Actions { list, .. } => Page::Actions { list, part: 0 },
            Page::Owner { owner, .. } => Page::Owner { owner, part: 0 },
            Page::Team { team, .. } => Page::Team { team, part: 0 },
            Page::ActionsByReport { .. } => Page::ActionsByReport { part: 0 },
            Page::List { kind, group, .. } => Page::List {
                kind,
                group,
                part: 0,
            },
            other => other,
        }
    }

    pub(in crate::render) fn part(self) -> usize {
        match self {
            Page::Actions { part, .. }
            | Page::Owner { part, .. }
            | Page::Team { part, .. }
            | Page::ActionsByReport { part }
            | Page::List { part, .. } => part,
            _ => 0,
        }
    }
}

/// The file a page is written to.
pub(in crate::render) fn output_path(page: Page, site: &Site, ix: &Indexes) -> String {
    match page {
        Page::NotFound => "404.html".into(),
        other => format!("{}index.html", path_of(other, site, ix)),
    }
}

/// How deep a page is: `reports/x/` → 2.
pub(in crate::render) fn depth(path: &str) -> usize {
    path.matches('/').count()
}

/// The path part of a base URL: `https://x.example/incidents/` → `/incidents/`.
pub(in crate::render) fn base_path(base: &str) -> String {
    let path = match base.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => base,
    };
    let mut path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://x.example/incidents"), "/incidents/");
        assert_eq!(base_path("https://x.example"), "/");
        assert_eq!(base_path("/"), "/");
    }
}
