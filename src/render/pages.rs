//! The pages of a site: which pages there are (`Job`), and what each one
//! hands its template.

use super::view::{self, ActionView, PageView, ReportSummaryView, SiteView, Views};
use super::{Content, HOME_REPORTS, Output, TEMPLATE_FAILED, markdown, templates};
use crate::index::Indexes;
use crate::site::Site;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use tera::Tera;

#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    site: &'a SiteView,
    page: PageView,
    #[serde(flatten)]
    data: T,
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
        let link = percent_decode(link);
        if link.split('/').any(|part| part == ".." || part == ".") {
            continue;
        }
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

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
    actions: Vec<ActionView>,
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
    pub(super) fn page(&self, job: &Job) -> Result<Vec<Output>, String> {
        let path = path_of(job, self.site, self.indexes);
        match job {
            Job::Report(i) => self.report_page(*i, &path),
            other => self.page_only(other, &path).map(|page| vec![page]),
        }
    }

    fn report_page(&self, i: usize, path: &str) -> Result<Vec<Output>, String> {
        let v = &self.views;
        let report = &self.site.reports[i];
        #[derive(Serialize)]
        struct R {
            report: view::ReportView,
        }
        // The body is rendered here, not kept for the whole site:
        // a large site's bodies need not fit in memory at once.
        let body = markdown::body(&report.body.markdown, self.site.config.allow_raw_html);
        let files = attachments_of(report, &body, self.attachments);
        let data = R {
            report: v.report(report, &body),
        };
        let page = self.emit("report.html", path, &report.title, "report", data)?;
        Ok(std::iter::once(page).chain(files).collect())
    }

    fn page_only(&self, job: &Job, path: &str) -> Result<Output, String> {
        let v = &self.views;
        let ix = self.indexes;
        let summaries = |list: &[usize]| -> Vec<ReportSummaryView> {
            list.iter()
                .map(|&i| v.summary(&self.site.reports[i]))
                .collect()
        };
        let actions = |list: &[crate::index::ActionRef]| -> Vec<ActionView> {
            list.iter().map(|a| v.action_ref(a)).collect()
        };
        match job {
            Job::Home => {
                #[derive(Serialize)]
                struct Home {
                    reports: Vec<ReportSummaryView>,
                    overdue: Vec<ActionView>,
                    due_soon: Vec<ActionView>,
                }
                // The latest reports; the rest are a click away by year.
                let all: Vec<usize> = (0..self.site.reports.len().min(HOME_REPORTS)).collect();
                let data = Home {
                    reports: summaries(&all),
                    overdue: actions(&ix.overdue),
                    due_soon: actions(&ix.due_soon),
                };
                self.emit("index.html", path, &self.site.config.title, "home", data)
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
                let data = ActionsPage {
                    filter,
                    tabs: self.tabs(filter),
                    actions: actions(list),
                    owner: None,
                    owner_counts: None,
                };
                self.emit("actions.html", path, title, "actions", data)
            }
            Job::Owner(i) => {
                let group = &ix.by_owner[*i];
                let data = ActionsPage {
                    filter: "owner",
                    tabs: self.tabs("owners"),
                    actions: actions(&group.actions),
                    owner: Some(group.name.clone()),
                    owner_counts: Some(self.owner_view(group)),
                };
                self.emit(
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
                #[derive(Serialize)]
                struct G {
                    report: ReportSummaryView,
                    actions: Vec<ActionView>,
                }
                #[derive(Serialize)]
                struct B {
                    tabs: Vec<Tab>,
                    groups: Vec<G>,
                }
                let groups = self
                    .site
                    .reports
                    .iter()
                    .filter(|r| !r.actions.is_empty())
                    .map(|r| G {
                        report: v.summary(r),
                        actions: r.actions.iter().map(|a| v.action(r, a)).collect(),
                    })
                    .collect();
                self.emit(
                    "actions_by_report.html",
                    path,
                    "Actions by report",
                    "actions",
                    B {
                        tabs: self.tabs("reports"),
                        groups,
                    },
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
                                .config
                                .severity(&g.name)
                                .filter(|_| kind == "severity")
                                .map_or_else(|| g.name.clone(), |l| l.label.clone()),
                            url: format!("{prefix}/{}/", g.slug),
                            count: g.reports.len(),
                            colour: self
                                .site
                                .config
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
                    .config
                    .severity(&g.name)
                    .filter(|_| *kind == "severity");
                #[derive(Serialize)]
                struct L {
                    kind: &'static str,
                    name: String,
                    label: String,
                    description: Option<String>,
                    reports: Vec<ReportSummaryView>,
                }
                let label = level.map_or_else(|| g.name.clone(), |l| l.label.clone());
                let data = L {
                    kind,
                    name: g.name.clone(),
                    label: label.clone(),
                    description: level.map(|l| l.description.clone()),
                    reports: summaries(&g.reports),
                };
                self.emit("list.html", path, &format!("{noun}: {label}"), "list", data)
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
                            .config
                            .severity(&g.name)
                            .map_or_else(|| g.name.clone(), |l| l.label.clone())
                    })
                    .collect();
                let mut statuses: Vec<crate::model::Status> =
                    self.site.reports.iter().map(|r| r.status).collect();
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
                            .map(|s| view::status_label(s).to_string())
                            .collect(),
                    },
                ];
                let data = S {
                    facets,
                    bundle: format!("{}/", crate::search::DIR),
                };
                self.emit("search.html", path, "Search", "search", data)
            }
            Job::NotFound => self.emit("404.html", path, "Page not found", "not-found", Empty {}),
        }
    }

    fn owner_view(&self, group: &crate::index::ActionGroup) -> OwnerView {
        let today = self.site.today;
        let all: Vec<&crate::model::Action> = group
            .actions
            .iter()
            .map(|a| &self.site.reports[a.report].actions[a.action])
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
                    .reports
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
    ) -> Result<Output, String> {
        let not_found = kind == "not-found";
        let depth = path.matches('/').count();
        let base = &self.views.site_view.base_url;
        let root = if not_found {
            // Served for any missing URL, at any depth: links must not be relative.
            base_path(base)
        } else {
            "../".repeat(depth)
        };
        let absolute = base.starts_with("http://") || base.starts_with("https://");
        let page = PageView {
            title: title.to_string(),
            kind: kind.to_string(),
            path: path.to_string(),
            root,
            section: match kind {
                "home" | "report" => "home",
                "list" | "browse" => "browse",
                "actions" => "actions",
                _ => "",
            }
            .to_string(),
            canonical_url: (absolute && !not_found).then(|| format!("{base}{path}")),
            noindex: self.site.audience == crate::site::Audience::Internal,
        };
        let context = tera::Context::from_serialize(Page {
            site: self.views.site_view,
            page,
            data,
        })
        .map_err(|e| format!("cannot prepare {template}: {e}"))?;
        let html = self.tera.render(template, &context).map_err(|e| {
            format!(
                "{TEMPLATE_FAILED}{}",
                templates::describe(&e, std::path::Path::new(""))
            )
        })?;
        let out_path = if not_found {
            "404.html".to_string()
        } else {
            format!("{path}index.html")
        };
        Ok(Output {
            path: out_path,
            content: Content::Bytes(html.into_bytes()),
        })
    }
}

/// The folder of a job's page, relative to the site root (`reports/db/`;
/// empty for the home page and the 404 page).
pub(super) fn path_of(job: &Job, site: &Site, ix: &Indexes) -> String {
    match job {
        Job::Home | Job::NotFound => String::new(),
        Job::Report(i) => format!("reports/{}/", site.reports[*i].slug),
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
        assert_eq!(percent_decode("a%20b.png"), "a b.png");
        assert_eq!(percent_decode("%é%2"), "%é%2");
    }
}
