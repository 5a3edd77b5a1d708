//! Which files a site has, and where: every page ([`Page`]) with the file
//! it is written to, every other file ([`File`]), and the table from a
//! path to either, for `serve`, which renders a file when it is asked for.

use super::theme::ThemeFile;
use crate::index::{ActionRef, Group, Indexes};
use crate::site::Site;
use std::collections::HashMap;
use std::sync::Arc;

/// A page of the site: what it lists, resolved to a template and context
/// when it is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Page {
    Home,
    /// A report, by its index in `Site::reports`.
    Report(usize),
    /// A report's printable review agenda (internal site only).
    Agenda(usize),
    /// A page of a list of actions (`actions/`, `actions/open/`, …);
    /// `part` counts from 0, the list's first page.
    Actions {
        list: ActionList,
        part: usize,
    },
    /// A page of one owner's actions, by index in `Indexes::by_owner`.
    Owner {
        owner: usize,
        part: usize,
    },
    Owners,
    /// A page of one team's actions (internal site), by index in
    /// `Indexes::by_team`.
    Team {
        team: usize,
        part: usize,
    },
    /// A page of the reports that have actions, with their actions.
    ActionsByReport {
        part: usize,
    },
    Browse,
    /// A page of the reports of one group (a year, a severity, a service,
    /// a tag).
    List {
        kind: ListKind,
        group: usize,
        part: usize,
    },
    /// The search page: the form, with every facet's values; results come
    /// from the Pagefind index in the browser.
    Search,
    /// Learning across incidents: figures and charts.
    Metrics,
    NotFound,
}

/// The lists of actions that have a page of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum ActionList {
    All,
    Open,
    Overdue,
    DueSoon,
    Done,
}

impl ActionList {
    pub(super) const EVERY: [ActionList; 5] = [
        ActionList::All,
        ActionList::Done,
        ActionList::Open,
        ActionList::Overdue,
        ActionList::DueSoon,
    ];

    /// `filter` on the page, and its folder below `actions/` (but `all`).
    pub(super) fn name(self) -> &'static str {
        match self {
            ActionList::All => "all",
            ActionList::Open => "open",
            ActionList::Overdue => "overdue",
            ActionList::DueSoon => "due-soon",
            ActionList::Done => "done",
        }
    }

    pub(super) fn title(self) -> &'static str {
        match self {
            ActionList::All => "All actions",
            ActionList::Open => "Open actions",
            ActionList::Overdue => "Overdue actions",
            ActionList::DueSoon => "Actions due in the next 14 days",
            ActionList::Done => "Done actions",
        }
    }

    pub(super) fn of(self, ix: &Indexes) -> &[ActionRef] {
        match self {
            ActionList::All => &ix.actions,
            ActionList::Open => &ix.open,
            ActionList::Overdue => &ix.overdue,
            ActionList::DueSoon => &ix.due_soon,
            ActionList::Done => &ix.done,
        }
    }
}

/// The kinds of group that have a page per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum ListKind {
    Year,
    Severity,
    Service,
    Tag,
    Kind,
    Affected,
    Factor,
}

impl ListKind {
    /// `kind` on the page and in `browse.html`'s sections.
    pub(super) fn name(self) -> &'static str {
        match self {
            ListKind::Year => "year",
            ListKind::Severity => "severity",
            ListKind::Service => "service",
            ListKind::Tag => "tag",
            ListKind::Kind => "kind",
            ListKind::Affected => "affected",
            ListKind::Factor => "factor",
        }
    }

    /// The folder of its pages.
    pub(super) fn prefix(self) -> &'static str {
        match self {
            ListKind::Year => "years",
            ListKind::Severity => "severity",
            ListKind::Service => "services",
            ListKind::Tag => "tags",
            ListKind::Kind => "kinds",
            ListKind::Affected => "affected",
            ListKind::Factor => "factors",
        }
    }

    /// What a page's title calls the group: `Service: api`.
    pub(super) fn noun(self) -> &'static str {
        match self {
            ListKind::Year => "Year",
            ListKind::Severity => "Severity",
            ListKind::Service => "Service",
            ListKind::Tag => "Tag",
            ListKind::Kind => "Kind",
            ListKind::Affected => "Affected",
            ListKind::Factor => "Contributing factor",
        }
    }

    pub(super) fn groups(self, ix: &Indexes) -> &[Group] {
        match self {
            ListKind::Year => &ix.by_year,
            ListKind::Severity => &ix.by_severity,
            ListKind::Service => &ix.by_service,
            ListKind::Tag => &ix.by_tag,
            ListKind::Kind => &ix.by_kind,
            ListKind::Affected => &ix.by_affected,
            ListKind::Factor => &ix.by_factor,
        }
    }
}

/// A file of the site that is not a page.
pub(super) enum File {
    Feed,
    ReportsJson,
    ActionsJson,
    ActionsCsv,
    ActionsIcs,
    /// One owner's `actions.ics` and feed, by index in `Indexes::by_owner`.
    OwnerIcs(usize),
    OwnerFeed(usize),
    /// One team's, by index in `Indexes::by_team`.
    TeamIcs(usize),
    TeamFeed(usize),
    /// Review meetings to come (internal only).
    ReviewsIcs,
    Robots,
    Sitemap,
    MetricsJson,
    SyntaxCss,
    Theme(ThemeFile),
}

#[derive(Clone, Copy)]
enum Route {
    Page(usize),
    File(usize),
}

/// Every file of a site but attachments, by path. The reports' pages and
/// agendas are not listed one by one: they are found by their slug
/// ([`Routes::report_page`]), so that a rebuild that moves reports (a new
/// date, a slug), adds or removes some makes no table of their paths: the
/// table of the other files is shared ([`Routes::with_reports`]).
pub(super) struct Routes {
    table: Arc<Table>,
    /// How many reports there are, each with a page.
    reports: usize,
    /// Whether each report has an agenda (the internal site).
    agendas: bool,
}

/// The paths of every file but the reports' pages and agendas.
struct Table {
    /// Every page but the reports' and their agendas, with the file it is
    /// written to, in the order they are best rendered in parallel.
    pages: Vec<(String, Page)>,
    /// Every other file, sorted by path.
    files: Vec<(String, File)>,
    by_path: HashMap<String, Route>,
}

impl Routes {
    /// Every page of the site, without its path: what decides the route
    /// table, with the reports' and groups' slugs.
    pub(super) fn pages_of(site: &Site, ix: &Indexes) -> Vec<Page> {
        let mut pages = Routes::lists_of(site, ix);
        pages.extend((0..site.reports().len()).map(Page::Report));
        if site.audience() == crate::site::Audience::Internal {
            pages.extend((0..site.reports().len()).map(Page::Agenda));
        }
        pages
    }

    /// Every page but the reports' and their agendas ([`Routes::pages_of`]
    /// lists those last): while these are the same, the route table holds
    /// for any number of reports.
    pub(super) fn lists_of(site: &Site, ix: &Indexes) -> Vec<Page> {
        // The largest pages (every action, every report of a group) first and
        // the many small report pages last, so that no thread is left with a
        // large page while the others have nothing to do.
        // Each long list is cut into pages of `paginate` rows.
        let per_page = site.config().paginate;
        let parts = |n: usize| 0..n.div_ceil(per_page).max(1);
        let mut pages: Vec<Page> = parts(ix.with_actions.len())
            .map(|part| Page::ActionsByReport { part })
            .collect();
        for list in ActionList::EVERY {
            pages.extend(parts(list.of(ix).len()).map(|part| Page::Actions { list, part }));
        }
        for (owner, group) in ix.by_owner.iter().enumerate() {
            pages.extend(parts(group.actions.len()).map(|part| Page::Owner { owner, part }));
        }
        for (team, t) in ix.by_team.iter().enumerate() {
            pages.extend(parts(t.actions.len()).map(|part| Page::Team { team, part }));
        }
        for kind in [
            ListKind::Year,
            ListKind::Severity,
            ListKind::Service,
            ListKind::Tag,
            ListKind::Kind,
            ListKind::Affected,
            ListKind::Factor,
        ] {
            for (group, g) in kind.groups(ix).iter().enumerate() {
                pages.extend(parts(g.reports.len()).map(|part| Page::List { kind, group, part }));
            }
        }
        pages.extend([
            Page::Home,
            Page::Browse,
            Page::Owners,
            Page::Metrics,
            Page::NotFound,
        ]);
        if site.search() {
            pages.push(Page::Search);
        }
        pages
    }

    /// The routes of `pages` ([`Routes::pages_of`]).
    pub(super) fn of_pages(
        pages: Vec<Page>,
        site: &Site,
        ix: &Indexes,
        sitemap: bool,
        theme: Vec<(String, ThemeFile)>,
    ) -> Routes {
        let (mut reports, mut agendas) = (0, false);
        let pages: Vec<(String, Page)> = pages
            .into_iter()
            .filter(|page| match page {
                Page::Report(_) => {
                    reports += 1;
                    false
                }
                Page::Agenda(_) => {
                    agendas = true;
                    false
                }
                _ => true,
            })
            .map(|page| (output_path(page, site, ix), page))
            .collect();

        let mut files = vec![
            ("feed.xml".to_string(), File::Feed),
            ("reports.json".into(), File::ReportsJson),
            ("actions.json".into(), File::ActionsJson),
            ("actions.csv".into(), File::ActionsCsv),
            ("actions.ics".into(), File::ActionsIcs),
            ("robots.txt".into(), File::Robots),
            ("metrics.json".into(), File::MetricsJson),
        ];
        for (i, group) in ix.by_owner.iter().enumerate() {
            let folder = format!("actions/owners/{}/", group.slug);
            files.push((format!("{folder}actions.ics"), File::OwnerIcs(i)));
            files.push((format!("{folder}feed.xml"), File::OwnerFeed(i)));
        }
        for (i, team) in ix.by_team.iter().enumerate() {
            let folder = format!("actions/teams/{}/", team.slug);
            files.push((format!("{folder}actions.ics"), File::TeamIcs(i)));
            files.push((format!("{folder}feed.xml"), File::TeamFeed(i)));
        }
        if site.audience() == crate::site::Audience::Internal {
            files.push(("reviews.ics".into(), File::ReviewsIcs));
        }
        if sitemap {
            files.push(("sitemap.xml".into(), File::Sitemap));
        }
        // The theme's files win over the generated stylesheet.
        if !theme.iter().any(|(name, _)| name == "syntax.css") {
            files.push(("assets/syntax.css".into(), File::SyntaxCss));
        }
        for (name, file) in theme {
            files.push((format!("assets/{name}"), File::Theme(file)));
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);

        let mut by_path = HashMap::with_capacity(pages.len() + files.len());
        for (i, (path, _)) in files.iter().enumerate() {
            by_path.insert(path.clone(), Route::File(i));
        }
        for (i, (path, _)) in pages.iter().enumerate() {
            by_path.insert(path.clone(), Route::Page(i));
        }
        Routes {
            table: Arc::new(Table {
                pages,
                files,
                by_path,
            }),
            reports,
            agendas,
        }
    }

    /// These routes for a site of `reports` reports (the other pages the
    /// same): the table is shared.
    pub(super) fn with_reports(&self, reports: usize) -> Routes {
        Routes {
            table: Arc::clone(&self.table),
            reports,
            agendas: self.agendas,
        }
    }

    /// How many reports there are, each with a page.
    pub(super) fn reports(&self) -> usize {
        self.reports
    }

    /// Every page but the reports' and agendas, with its file.
    pub(super) fn pages(&self) -> &[(String, Page)] {
        &self.table.pages
    }

    /// Every file that is not a page, sorted by path.
    pub(super) fn files(&self) -> &[(String, File)] {
        &self.table.files
    }

    /// Every page, the reports' and agendas last (as [`Routes::pages_of`]
    /// lists them).
    pub(super) fn all_pages(&self) -> impl Iterator<Item = Page> + '_ {
        let agendas = if self.agendas { self.reports } else { 0 };
        self.pages()
            .iter()
            .map(|(_, page)| *page)
            .chain((0..self.reports).map(Page::Report))
            .chain((0..agendas).map(Page::Agenda))
    }

    /// How many pages there are.
    pub(super) fn page_count(&self) -> usize {
        self.pages().len() + self.reports * (1 + usize::from(self.agendas))
    }

    /// The report's page or agenda at `path` (`reports/<slug>/index.html`,
    /// `reports/<slug>/agenda/index.html`), finding the report by its slug.
    pub(super) fn report_page(
        &self,
        path: &str,
        by_slug: impl Fn(&str) -> Option<usize>,
    ) -> Option<Page> {
        let (slug, rest) = path.strip_prefix("reports/")?.split_once('/')?;
        match rest {
            "index.html" => by_slug(slug).map(Page::Report),
            "agenda/index.html" if self.agendas => by_slug(slug).map(Page::Agenda),
            _ => None,
        }
    }

    /// The page at `path`, if the site has one there (but a report's or
    /// an agenda: [`Routes::report_page`]).
    pub(super) fn page(&self, path: &str) -> Option<Page> {
        match self.table.by_path.get(path)? {
            Route::Page(i) => Some(self.table.pages[*i].1),
            Route::File(_) => None,
        }
    }

    /// The index in `files` of the file at `path`, if the site has one.
    pub(super) fn file(&self, path: &str) -> Option<usize> {
        match self.table.by_path.get(path)? {
            Route::File(i) => Some(*i),
            Route::Page(_) => None,
        }
    }
}

#[path = "page_paths.rs"]
mod page_paths;
pub(super) use page_paths::{base_path, depth, first_page, output_path, part_path, path_of};
