//! The pages of a site: which pages there are (`Job`), and what each one
//! hands its template.

use super::view::{self, PageView, SiteView, Views};
use super::{HOME_REPORTS, markdown, templates};
use crate::error::{Error, ErrorKind};
use crate::index::Indexes;
use crate::output::{Content, Output};
use crate::site::Site;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use tera::Tera;

/// A page's variables besides `site` and `page`, as tera holds them.
type Data = serde_json::Map<String, Value>;

/// A struct of variables as `Data`.
fn object<T: Serialize>(data: T) -> Result<Data, Error> {
    match serde_json::to_value(data) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Error::new(ErrorKind::Render, "a page's data is not a map")),
        Err(e) => Err(Error::new(
            ErrorKind::Render,
            format!("cannot prepare a page's data: {e}"),
        )),
    }
}

#[derive(Serialize)]
struct Empty {}

/// The kind of page and what it lists; resolved to a template and context
/// in parallel.
pub(super) enum Job {
    Home,
    Report(usize),
    Actions {
        filter: &'static str,
        title: &'static str,
    },
    Owner(usize),
    Owners,
    ActionsByReport,
    Browse,
    List {
        kind: &'static str,
        group: usize,
    },
    /// The search page: the form, with every facet's values; results come
    /// from the Pagefind index in the browser.
    Search,
    NotFound,
}

/// The attachments a report's body links to, copied beside its page so
/// that relative links keep working. Only files a report the audience sees
/// links to are copied.
fn attachments_of(
    report: &crate::model::Report,
    body: &markdown::Rendered,
    known: &HashMap<String, PathBuf>,
) -> Vec<Output> {
    let dir = report.rel_path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out: Vec<Output> = Vec::new();
    for link in &body.local_links {
        let rel = if dir.is_empty() {
            link.clone()
        } else {
            format!("{dir}/{link}")
        };
        if let Some(source) = known.get(rel.as_str()) {
            let path = format!("reports/{}/{link}", report.slug);
            if !out.iter().any(|o| o.path == path) {
                out.push(Output {
                    path,
                    content: Content::Copy(source.clone()),
                });
            }
        }
    }
    out
}

/// A fragment rendered once: its HTML, or the template's error.
type Slot = OnceLock<Result<String, Error>>;

/// The built-in list.html shows this many reports or fewer as cards (and
/// more as a table of rows).
const LIST_AS_CARDS: usize = 40;

/// The first size of a page's buffer: a report page is 20 to 60 KB.
const PAGE_BUFFER: usize = 64 * 1024;

/// Report rows are kept for pages this deep (`page.root` is `../` that
/// many times); deeper pages render theirs.
const KEPT_DEPTHS: usize = 4;

/// The tables an action is a row of on the built-in pages, as (report
/// column, owner column, page depth): all actions (`actions/`), a filtered
/// list (`actions/open/`, `actions/done/`, …), its owner's
/// (`actions/owners/X/`), and its report's (`reports/X/` and
/// `actions/reports/`). An action's rows for the four are rendered
/// together, from one tera context; a table of another shape renders its
/// own.
const ACTION_TABLES: [(bool, bool, usize); 4] = [
    (true, true, 1),
    (true, true, 2),
    (true, false, 3),
    (false, true, 2),
];

/// Table rows rendered once from their templates (`action_row.html`,
/// `report_row.html`) and reused by every page that shows them: an action
/// is a row of five to seven tables, a report of four to six lists. A row's
/// template sees only the item's fields, `root` and the table's columns, so
/// a row is kept by those: pages at the same depth share it, and reuse
/// changes no byte of the output. Also the header and footer, by their
/// variables.
pub(crate) struct Fragments {
    /// Set when the whole site is rendered (`build`): an action's rows for
    /// all four tables are then rendered together, as every one of them
    /// will be shown. When pages are rendered one by one as asked for
    /// (`serve`), a page renders only its own rows.
    pub(crate) whole_site: std::sync::atomic::AtomicBool,
    /// Per report, the index of its first action in `action_rows`.
    first_action: Vec<usize>,
    /// Per action, its rows for `ACTION_TABLES`.
    action_rows: Box<[ActionRows]>,
    reports: usize,
    /// By depth: a slot per report, made on first use.
    report_rows: [OnceLock<Box<[Slot]>>; KEPT_DEPTHS],
    /// `header.html` by its variables (root, kind, section, nav_page), and
    /// `footer.html` by root: a handful of each for the whole site.
    headers: Mutex<HashMap<HeaderKey, String>>,
    footers: Mutex<HashMap<String, String>>,
    /// The views as tera values, made once: a page's context is built from
    /// clones of them, which costs half of serialising the view again (an
    /// action's view is in five to seven pages' contexts, a report's
    /// summary in four to six).
    site_value: OnceLock<Value>,
    action_values: Box<[OnceLock<Value>]>,
    summary_values: Box<[OnceLock<Value>]>,
}

type ActionRows = OnceLock<Result<[String; 4], Error>>;
type HeaderKey = (String, String, String, bool);

impl Fragments {
    pub(crate) fn new(site: &Site) -> Self {
        let mut first_action = Vec::with_capacity(site.reports().len());
        let mut actions = 0;
        for report in site.reports() {
            first_action.push(actions);
            actions += report.actions.len();
        }
        Fragments {
            whole_site: std::sync::atomic::AtomicBool::new(false),
            first_action,
            action_rows: (0..actions).map(|_| OnceLock::new()).collect(),
            reports: site.reports().len(),
            report_rows: std::array::from_fn(|_| OnceLock::new()),
            headers: Mutex::new(HashMap::new()),
            footers: Mutex::new(HashMap::new()),
            site_value: OnceLock::new(),
            action_values: (0..actions).map(|_| OnceLock::new()).collect(),
            summary_values: (0..site.reports().len()).map(|_| OnceLock::new()).collect(),
        }
    }
}

fn slots(n: usize) -> Box<[Slot]> {
    (0..n).map(|_| OnceLock::new()).collect()
}

/// The fragment kept under `key` in `kept`, rendered by `render` the first
/// time. Two threads may both render a missing one; they make the same
/// bytes, and the lock is not held while rendering.
fn once_per_key<K: std::hash::Hash + Eq>(
    kept: &Mutex<HashMap<K, String>>,
    key: K,
    render: impl FnOnce() -> Result<String, Error>,
) -> Result<String, Error> {
    if let Some(html) = kept.lock().ok().and_then(|k| k.get(&key).cloned()) {
        return Ok(html);
    }
    let html = render()?;
    if let Ok(mut kept) = kept.lock() {
        kept.insert(key, html.clone());
    }
    Ok(html)
}

/// How deep a page is: `reports/x/` → 2.
fn depth(path: &str) -> usize {
    path.matches('/').count()
}

/// Joins fragments into one string, allocated once.
fn join(parts: &[Cow<str>]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

pub(super) struct Ctx<'a> {
    pub(super) site: &'a Site,
    pub(super) views: Views<'a>,
    pub(super) indexes: &'a Indexes,
    pub(super) attachments: &'a HashMap<String, PathBuf>,
    pub(super) tera: &'a Tera,
}

#[derive(Serialize)]
struct Tab {
    title: &'static str,
    url: &'static str,
    count: usize,
    current: bool,
}

/// `actions.html`: a list of actions, or one owner's.
#[derive(Serialize)]
struct ActionsPage {
    filter: &'static str,
    tabs: Vec<Tab>,
    /// How many actions `actions` has.
    action_count: usize,
    /// The rows of `actions` (added as values), rendered by `action_row.html`.
    action_rows_html: String,
    owner: Option<String>,
    owner_counts: Option<OwnerView>,
}

#[derive(Serialize)]
struct OwnerView {
    name: String,
    url: String,
    total: usize,
    open: usize,
    overdue: usize,
}

#[derive(Serialize)]
struct GroupView {
    name: String,
    label: String,
    url: String,
    count: usize,
    colour: Option<String>,
}

#[derive(Serialize)]
struct Section {
    title: &'static str,
    kind: &'static str,
    groups: Vec<GroupView>,
}

impl Ctx<'_> {
    /// The job's page, first, and any files that go with it.
    pub(super) fn page(&self, job: &Job) -> Result<Vec<Output>, Error> {
        let path = path_of(job, self.site, self.indexes);
        match job {
            Job::Report(i) => self.report_page(*i, &path),
            other => self.page_only(other, &path).map(|page| vec![page]),
        }
    }

    fn report_page(&self, i: usize, path: &str) -> Result<Vec<Output>, Error> {
        let v = &self.views;
        let report = &self.site.reports()[i];
        #[derive(Serialize)]
        struct R {
            report: view::ReportView,
        }
        // The body is rendered here, not kept for the whole site:
        // a large site's bodies need not fit in memory at once.
        let body = markdown::body(&report.body.markdown, self.site.config().allow_raw_html);
        let files = attachments_of(report, &body, self.attachments);
        let mut view = v.report(report, body);
        view.action_rows_html = self.report_action_rows(i, depth(path))?;
        // The body, the largest string of the page, is moved into tera's
        // value rather than serialised (a copy).
        let body_html = std::mem::take(&mut view.body_html);
        let mut data = object(R { report: view })?;
        if let Some(Value::Object(report)) = data.get_mut("report") {
            report.insert("body_html".into(), Value::String(body_html));
        }
        let page = self.emit_data("report.html", path, &report.title, "report", data)?;
        Ok(std::iter::once(page).chain(files).collect())
    }

    fn page_only(&self, job: &Job, path: &str) -> Result<Output, Error> {
        let ix = self.indexes;
        // Lists of views are cloned from their tera values.
        let summaries = |list: &[usize]| -> Value {
            Value::Array(list.iter().map(|&i| self.summary_value(i)).collect())
        };
        let actions = |list: &[crate::index::ActionRef]| -> Value {
            Value::Array(
                list.iter()
                    .map(|a| self.action_value(a.report, a.action))
                    .collect(),
            )
        };
        match job {
            Job::Home => {
                // The latest reports; the rest are a click away by year.
                let all: Vec<usize> = (0..self.site.reports().len().min(HOME_REPORTS)).collect();
                let mut data = Data::new();
                data.insert("reports".into(), summaries(&all));
                data.insert("overdue".into(), actions(&ix.overdue));
                data.insert("due_soon".into(), actions(&ix.due_soon));
                self.emit_data("index.html", path, &self.site.config().title, "home", data)
            }
            Job::Report(_) => unreachable!("report pages are rendered by report_page"),
            Job::Actions { filter, title } => {
                let list = match *filter {
                    "open" => &ix.open,
                    "overdue" => &ix.overdue,
                    "due-soon" => &ix.due_soon,
                    "done" => &ix.done,
                    _ => &ix.actions,
                };
                let mut data = object(ActionsPage {
                    filter,
                    tabs: self.tabs(filter),
                    action_count: list.len(),
                    action_rows_html: self.action_rows(list, true, true, depth(path))?,
                    owner: None,
                    owner_counts: None,
                })?;
                if !self.built_in("actions.html") {
                    data.insert("actions".into(), actions(list));
                }
                self.emit_data("actions.html", path, title, "actions", data)
            }
            Job::Owner(i) => {
                let group = &ix.by_owner[*i];
                let mut data = object(ActionsPage {
                    filter: "owner",
                    tabs: self.tabs("owners"),
                    action_count: group.actions.len(),
                    action_rows_html: self.action_rows(&group.actions, true, false, depth(path))?,
                    owner: Some(group.name.clone()),
                    owner_counts: Some(self.owner_view(group)),
                })?;
                if !self.built_in("actions.html") {
                    data.insert("actions".into(), actions(&group.actions));
                }
                self.emit_data(
                    "actions.html",
                    path,
                    &format!("Actions owned by {}", group.name),
                    "actions",
                    data,
                )
            }
            Job::Owners => {
                #[derive(Serialize)]
                struct O {
                    tabs: Vec<Tab>,
                    owners: Vec<OwnerView>,
                }
                let owners = ix.by_owner.iter().map(|g| self.owner_view(g)).collect();
                self.emit(
                    "owners.html",
                    path,
                    "Actions by owner",
                    "actions",
                    O {
                        tabs: self.tabs("owners"),
                        owners,
                    },
                )
            }
            Job::ActionsByReport => {
                let lean = self.built_in("actions_by_report.html");
                let groups = self
                    .site
                    .reports()
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| !r.actions.is_empty())
                    .map(|(i, r)| {
                        let mut group = Data::new();
                        group.insert("report".into(), self.summary_value(i));
                        if !lean {
                            group.insert(
                                "actions".into(),
                                Value::Array(
                                    (0..r.actions.len())
                                        .map(|a| self.action_value(i, a))
                                        .collect(),
                                ),
                            );
                        }
                        group.insert(
                            "rows_html".into(),
                            Value::String(self.report_action_rows(i, depth(path))?),
                        );
                        Ok(Value::Object(group))
                    })
                    .collect::<Result<_, Error>>()?;
                let mut data = Data::new();
                data.insert(
                    "tabs".into(),
                    serde_json::to_value(self.tabs("reports"))
                        .map_err(|e| prepare_failed("actions_by_report.html", &e))?,
                );
                data.insert("groups".into(), Value::Array(groups));
                self.emit_data(
                    "actions_by_report.html",
                    path,
                    "Actions by report",
                    "actions",
                    data,
                )
            }
            Job::Browse => {
                let section = |title, kind, prefix: &str, groups: &[crate::index::Group]| Section {
                    title,
                    kind,
                    groups: groups
                        .iter()
                        .map(|g| GroupView {
                            name: g.name.clone(),
                            label: self
                                .site
                                .config()
                                .severity(&g.name)
                                .filter(|_| kind == "severity")
                                .map_or_else(|| g.name.clone(), |l| l.label.clone()),
                            url: format!("{prefix}/{}/", g.slug),
                            count: g.reports.len(),
                            colour: self
                                .site
                                .config()
                                .severity(&g.name)
                                .filter(|_| kind == "severity")
                                .map(|l| l.colour.clone()),
                        })
                        .collect(),
                };
                #[derive(Serialize)]
                struct Br {
                    sections: Vec<Section>,
                }
                let sections = vec![
                    section("By severity", "severity", "severity", &ix.by_severity),
                    section("By service", "service", "services", &ix.by_service),
                    section("By tag", "tag", "tags", &ix.by_tag),
                    section("By year", "year", "years", &ix.by_year),
                ];
                self.emit(
                    "browse.html",
                    path,
                    "Browse reports",
                    "browse",
                    Br { sections },
                )
            }
            Job::List { kind, group } => {
                let (groups, _, noun) = list_kind(ix, kind);
                let g = &groups[*group];
                let level = self
                    .site
                    .config()
                    .severity(&g.name)
                    .filter(|_| *kind == "severity");
                #[derive(Serialize)]
                struct L {
                    kind: &'static str,
                    name: String,
                    label: String,
                    description: Option<String>,
                    report_count: usize,
                    report_rows_html: String,
                }
                let label = level.map_or_else(|| g.name.clone(), |l| l.label.clone());
                let mut data = object(L {
                    kind,
                    name: g.name.clone(),
                    label: label.clone(),
                    description: level.map(|l| l.description.clone()),
                    report_count: g.reports.len(),
                    report_rows_html: self.report_rows(&g.reports, depth(path))?,
                })?;
                // The built-in list.html shows more than 40 reports as a
                // table of `report_rows_html`, and fewer as cards.
                if !self.built_in("list.html") || g.reports.len() <= LIST_AS_CARDS {
                    data.insert("reports".into(), summaries(&g.reports));
                }
                self.emit_data("list.html", path, &format!("{noun}: {label}"), "list", data)
            }
            Job::Search => {
                #[derive(Serialize)]
                struct Facet {
                    /// The filter's name in the index and in the URL.
                    name: &'static str,
                    label: &'static str,
                    values: Vec<String>,
                }
                #[derive(Serialize)]
                struct S {
                    facets: Vec<Facet>,
                    /// Where `pagefind.js` is, relative to the site root.
                    bundle: String,
                }
                let names = |groups: &[crate::index::Group]| -> Vec<String> {
                    groups.iter().map(|g| g.name.clone()).collect()
                };
                // Severities by their labels, as the index files them, in
                // the configured order; years newest first.
                let severities = ix
                    .by_severity
                    .iter()
                    .map(|g| {
                        self.site
                            .config()
                            .severity(&g.name)
                            .map_or_else(|| g.name.clone(), |l| l.label.clone())
                    })
                    .collect();
                let mut statuses: Vec<crate::model::Status> =
                    self.site.reports().iter().map(|r| r.status).collect();
                statuses.sort_by_key(|s| s.as_str());
                statuses.dedup();
                let facets = vec![
                    Facet {
                        name: "severity",
                        label: "Severity",
                        values: severities,
                    },
                    Facet {
                        name: "service",
                        label: "Service",
                        values: names(&ix.by_service),
                    },
                    Facet {
                        name: "tag",
                        label: "Tag",
                        values: names(&ix.by_tag),
                    },
                    Facet {
                        name: "year",
                        label: "Year",
                        values: names(&ix.by_year),
                    },
                    Facet {
                        name: "status",
                        label: "Status",
                        values: statuses
                            .into_iter()
                            .map(|s| s.label().to_string())
                            .collect(),
                    },
                ];
                let data = S {
                    facets,
                    bundle: format!("{}/", crate::output::SEARCH_DIR),
                };
                self.emit("search.html", path, "Search", "search", data)
            }
            Job::NotFound => self.emit("404.html", path, "Page not found", "not-found", Empty {}),
        }
    }

    /// Whether the page's template, and the layout and macros it uses, are
    /// the built-in ones. Those do not read the long lists of views that
    /// their rows are rendered from (`actions` on an actions page,
    /// `groups[].actions` by report, `reports` of a long list): a page
    /// then leaves them out of its context, where serialising them and
    /// freeing them again was the largest cost of those pages. A site that
    /// overrides any of the three gets every variable.
    fn built_in(&self, template: &str) -> bool {
        templates::built_in(self.tera, &[template, "base.html", "macros.html"])
    }

    /// The rows of an actions table with the report column and, unless
    /// `show_owner` is false, the owner column.
    fn action_rows(
        &self,
        list: &[crate::index::ActionRef],
        show_report: bool,
        show_owner: bool,
        depth: usize,
    ) -> Result<String, Error> {
        self.rows_of_actions(
            list.iter().map(|a| (a.report, a.action)),
            show_report,
            show_owner,
            depth,
        )
    }

    /// The rows of a report's own actions table: no report column.
    fn report_action_rows(&self, report: usize, depth: usize) -> Result<String, Error> {
        let n = self.site.reports()[report].actions.len();
        self.rows_of_actions((0..n).map(|a| (report, a)), false, true, depth)
    }

    fn rows_of_actions(
        &self,
        list: impl Iterator<Item = (usize, usize)>,
        show_report: bool,
        show_owner: bool,
        depth: usize,
    ) -> Result<String, Error> {
        let fragments = self.views.fragments();
        let whole_site = fragments
            .whole_site
            .load(std::sync::atomic::Ordering::Relaxed);
        let table = ACTION_TABLES
            .iter()
            .position(|&t| t == (show_report, show_owner, depth))
            .filter(|_| whole_site);
        let mut parts: Vec<Cow<str>> = Vec::new();
        for (report, action) in list {
            match table {
                Some(k) => {
                    let slot = &fragments.action_rows[fragments.first_action[report] + action];
                    match slot.get_or_init(|| self.action_rows_for_tables(report, action)) {
                        Ok(rows) => parts.push(Cow::Borrowed(&rows[k])),
                        Err(e) => return Err(e.clone()),
                    }
                }
                None => {
                    let mut context = self.action_context(report, action)?;
                    let row = self.action_row(&mut context, show_report, show_owner, depth)?;
                    parts.push(Cow::Owned(row));
                }
            }
        }
        Ok(join(&parts))
    }

    /// An action's fields, as the context of `action_row.html`.
    fn action_context(&self, report: usize, action: usize) -> Result<tera::Context, Error> {
        tera::Context::from_value(self.action_value(report, action))
            .map_err(|e| prepare_failed("action_row.html", &e))
    }

    /// An action's view as a tera value (a copy of the one made once).
    fn action_value(&self, report: usize, action: usize) -> Value {
        let fragments = self.views.fragments();
        fragments.action_values[fragments.first_action[report] + action]
            .get_or_init(|| {
                let view = self.views.action_cow(&self.site.reports()[report], action);
                serde_json::to_value(&*view).unwrap_or(Value::Null)
            })
            .clone()
    }

    /// A report's summary as a tera value (a copy of the one made once).
    fn summary_value(&self, report: usize) -> Value {
        self.views.fragments().summary_values[report]
            .get_or_init(|| {
                let view = self.views.summary_cow(&self.site.reports()[report]);
                serde_json::to_value(&*view).unwrap_or(Value::Null)
            })
            .clone()
    }

    /// An action's rows for every table of `ACTION_TABLES`: the context is
    /// built once (a third of the cost of a row) and only the table's
    /// variables change between them.
    fn action_rows_for_tables(&self, report: usize, action: usize) -> Result<[String; 4], Error> {
        let mut context = self.action_context(report, action)?;
        let mut rows: [String; 4] = Default::default();
        for (row, &(show_report, show_owner, depth)) in rows.iter_mut().zip(&ACTION_TABLES) {
            *row = self.action_row(&mut context, show_report, show_owner, depth)?;
        }
        Ok(rows)
    }

    fn action_row(
        &self,
        context: &mut tera::Context,
        show_report: bool,
        show_owner: bool,
        depth: usize,
    ) -> Result<String, Error> {
        context.insert("root", &"../".repeat(depth));
        context.insert("show_report", &show_report);
        context.insert("show_owner", &show_owner);
        self.render_context("action_row.html", context)
    }

    /// The rows of a table of reports.
    fn report_rows(&self, list: &[usize], depth: usize) -> Result<String, Error> {
        let fragments = self.views.fragments();
        let root = "../".repeat(depth);
        let kept = (depth < KEPT_DEPTHS)
            .then(|| fragments.report_rows[depth].get_or_init(|| slots(fragments.reports)));
        let mut parts: Vec<Cow<str>> = Vec::with_capacity(list.len());
        for &i in list {
            let render = || {
                let mut context = tera::Context::from_value(self.summary_value(i))
                    .map_err(|e| prepare_failed("report_row.html", &e))?;
                context.insert("root", &root);
                self.render_context("report_row.html", &context)
            };
            match kept {
                Some(slots) => match slots[i].get_or_init(render) {
                    Ok(html) => parts.push(Cow::Borrowed(html)),
                    Err(e) => return Err(e.clone()),
                },
                None => parts.push(Cow::Owned(render()?)),
            }
        }
        Ok(join(&parts))
    }

    /// `header.html` for pages with these variables, rendered once.
    fn header(
        &self,
        root: &str,
        kind: &str,
        section: &str,
        nav_page: bool,
    ) -> Result<String, Error> {
        #[derive(Serialize)]
        struct Header<'a> {
            site: &'a SiteView,
            root: &'a str,
            kind: &'a str,
            section: &'a str,
            nav_page: bool,
        }
        let key = (
            root.to_string(),
            kind.to_string(),
            section.to_string(),
            nav_page,
        );
        once_per_key(&self.views.fragments().headers, key, || {
            self.partial(
                "header.html",
                &Header {
                    site: self.views.site_view,
                    root,
                    kind,
                    section,
                    nav_page,
                },
            )
        })
    }

    /// `footer.html` for pages at this root, rendered once.
    fn footer(&self, root: &str) -> Result<String, Error> {
        #[derive(Serialize)]
        struct Footer<'a> {
            site: &'a SiteView,
            root: &'a str,
        }
        once_per_key(&self.views.fragments().footers, root.to_string(), || {
            self.partial(
                "footer.html",
                &Footer {
                    site: self.views.site_view,
                    root,
                },
            )
        })
    }

    /// Renders a fragment's template with only its own variables.
    fn partial<T: Serialize>(&self, template: &str, data: &T) -> Result<String, Error> {
        let context =
            tera::Context::from_serialize(data).map_err(|e| prepare_failed(template, &e))?;
        self.render_context(template, &context)
    }

    /// A fragment, in a string of its own size: tera's grows by doubling,
    /// and the fragments are kept to the end of the build (keeping tera's
    /// strings took 155 MB more on 10,000 reports).
    fn render_context(&self, template: &str, context: &tera::Context) -> Result<String, Error> {
        let html = self
            .tera
            .render(template, context)
            .map_err(|e| template_failed(&e))?;
        Ok(String::from(html.as_str()))
    }

    fn owner_view(&self, group: &crate::index::ActionGroup) -> OwnerView {
        let today = self.site.today();
        let all: Vec<&crate::model::Action> = group
            .actions
            .iter()
            .map(|a| &self.site.reports()[a.report].actions[a.action])
            .collect();
        OwnerView {
            name: group.name.clone(),
            url: format!("actions/owners/{}/", group.slug),
            total: all.len(),
            open: all.iter().filter(|a| !a.status.is_closed()).count(),
            overdue: all
                .iter()
                .filter(|a| a.days_overdue(today).is_some())
                .count(),
        }
    }

    fn tabs(&self, current: &str) -> Vec<Tab> {
        let ix = self.indexes;
        [
            ("All", "actions/", "all", ix.actions.len()),
            ("Open", "actions/open/", "open", ix.open.len()),
            ("Overdue", "actions/overdue/", "overdue", ix.overdue.len()),
            (
                "Due soon",
                "actions/due-soon/",
                "due-soon",
                ix.due_soon.len(),
            ),
            ("Done", "actions/done/", "done", ix.done.len()),
            ("By owner", "actions/owners/", "owners", ix.by_owner.len()),
            (
                "By report",
                "actions/reports/",
                "reports",
                self.site
                    .reports()
                    .iter()
                    .filter(|r| !r.actions.is_empty())
                    .count(),
            ),
        ]
        .into_iter()
        .map(|(title, url, kind, count)| Tab {
            title,
            url,
            count,
            current: kind == current,
        })
        .collect()
    }

    /// Renders a template into `path/index.html` (or `404.html`).
    fn emit<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        title: &str,
        kind: &str,
        data: T,
    ) -> Result<Output, Error> {
        self.emit_data(template, path, title, kind, object(data)?)
    }

    /// `emit`, with the data already as tera values.
    fn emit_data(
        &self,
        template: &str,
        path: &str,
        title: &str,
        kind: &str,
        mut data: Data,
    ) -> Result<Output, Error> {
        let not_found = kind == "not-found";
        let depth = depth(path);
        let base = &self.views.site_view.base_url;
        let root = if not_found {
            // Served for any missing URL, at any depth: links must not be relative.
            base_path(base)
        } else {
            "../".repeat(depth)
        };
        let absolute = base.starts_with("http://") || base.starts_with("https://");
        let section = match kind {
            "home" | "report" => "home",
            "list" | "browse" => "browse",
            "actions" => "actions",
            _ => "",
        };
        let nav_page = self
            .views
            .site_view
            .nav
            .iter()
            .any(|item| item.kind == section && item.url == path);
        let header_html = self.header(&root, kind, section, nav_page)?;
        let footer_html = self.footer(&root)?;
        let page = PageView {
            title: title.to_string(),
            kind: kind.to_string(),
            path: path.to_string(),
            root,
            section: section.to_string(),
            canonical_url: (absolute && !not_found).then(|| format!("{base}{path}")),
            noindex: self.site.audience() == crate::site::Audience::Internal,
            header_html,
            footer_html,
        };
        let site = self
            .views
            .fragments()
            .site_value
            .get_or_init(|| serde_json::to_value(self.views.site_view).unwrap_or(Value::Null))
            .clone();
        data.insert("site".into(), site);
        data.insert(
            "page".into(),
            serde_json::to_value(page).map_err(|e| prepare_failed(template, &e))?,
        );
        let context = tera::Context::from_value(Value::Object(data))
            .map_err(|e| prepare_failed(template, &e))?;
        // Rendered straight into the page's bytes, in a buffer that holds
        // a report page without growing: tera's own `render` starts from an
        // empty buffer, copies it each time it doubles, and then checks
        // the whole page is UTF-8 (it is: tera writes only strings).
        let mut html = Vec::with_capacity(PAGE_BUFFER);
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|e| template_failed(&e))?;
        let out_path = if not_found {
            "404.html".to_string()
        } else {
            format!("{path}index.html")
        };
        Ok(Output {
            path: out_path,
            content: Content::Bytes(html),
        })
    }
}

/// A template that failed on a page: a problem in the site (exit 1).
fn template_failed(error: &tera::Error) -> Error {
    Error::new(
        ErrorKind::Render,
        format!("a template failed: {}", crate::error::tera_message(error)),
    )
}

/// A page's variables that cannot be handed to tera.
fn prepare_failed(template: &str, error: &dyn std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Render,
        format!("cannot prepare {template}: {error}"),
    )
}

/// The folder of a job's page, relative to the site root (`reports/db/`;
/// empty for the home page and the 404 page).
pub(super) fn path_of(job: &Job, site: &Site, ix: &Indexes) -> String {
    match job {
        Job::Home | Job::NotFound => String::new(),
        Job::Report(i) => format!("reports/{}/", site.reports()[*i].slug),
        Job::Actions { filter: "all", .. } => "actions/".into(),
        Job::Actions { filter, .. } => format!("actions/{filter}/"),
        Job::Owner(i) => format!("actions/owners/{}/", ix.by_owner[*i].slug),
        Job::Owners => "actions/owners/".into(),
        Job::ActionsByReport => "actions/reports/".into(),
        Job::Browse => "browse/".into(),
        Job::Search => "search/".into(),
        Job::List { kind, group } => {
            let (groups, prefix, _) = list_kind(ix, kind);
            format!("{prefix}/{}/", groups[*group].slug)
        }
    }
}

/// The file a job's page is written to.
pub(super) fn output_path(job: &Job, site: &Site, ix: &Indexes) -> String {
    match job {
        Job::NotFound => "404.html".into(),
        other => format!("{}index.html", path_of(other, site, ix)),
    }
}

/// A kind of list page: its groups, URL prefix and name.
fn list_kind<'a>(
    ix: &'a Indexes,
    kind: &str,
) -> (&'a [crate::index::Group], &'static str, &'static str) {
    match kind {
        "severity" => (&ix.by_severity, "severity", "Severity"),
        "service" => (&ix.by_service, "services", "Service"),
        "tag" => (&ix.by_tag, "tags", "Tag"),
        _ => (&ix.by_year, "years", "Year"),
    }
}

/// The path part of a base URL: `https://x.example/incidents/` → `/incidents/`.
fn base_path(base: &str) -> String {
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
