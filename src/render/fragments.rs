//! Fragments rendered once and put in every page that shows them: table
//! rows (`action_row.html`, `report_row.html`), the header and footer, and
//! views as tera values. An action is a row of five to seven tables, a
//! report a row of four to six lists; a row's template sees only the
//! item's fields, `root` and the table's columns, so a row is kept by
//! those, and reuse changes no byte of the output.
//!
//! The render plan owns them. When the whole site is rendered (`build`),
//! [`Fragments::prepare`] makes them all first, in parallel, each by one
//! thread, so that the pages only read them and no thread waits for
//! another. When pages are rendered one by one as asked for (`serve`), a
//! page renders the rows it shows, and keeps the header, footer and report
//! rows for the next page.

use super::engine::{self, Engine};
use super::routes::{Page, base_path, depth};
use super::view::{SiteView, Views};
use crate::error::Error;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A fragment rendered once: its HTML, or the template's error.
type Slot = OnceLock<Result<String, Error>>;

/// Report rows are kept for pages this deep (`page.root` is `../` that
/// many times); deeper pages render theirs.
const KEPT_DEPTHS: usize = 4;

/// The depth of the pages that list reports as rows (`years/2025/`, …).
const LIST_DEPTH: usize = 2;

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

/// An action's rows for each of [`ACTION_TABLES`].
type ActionRows = OnceLock<Result<[String; 4], Error>>;

pub(super) struct Fragments {
    /// Per report, the index of its first action in `action_rows`.
    first_action: Vec<usize>,
    /// Per action, its rows for `ACTION_TABLES` (made by `prepare` only).
    action_rows: Box<[ActionRows]>,
    /// By depth, a slot per report.
    report_rows: [Box<[Slot]>; KEPT_DEPTHS],
    /// `header.html` and `footer.html` by what they depend on: a handful
    /// of each for the whole site, known from its pages.
    headers: Keyed<Frame>,
    footers: Keyed<(usize, bool)>,
    /// The views as tera values, made once: a row's context is built from
    /// a copy, which costs half of serialising the view again.
    site_value: OnceLock<Value>,
    action_values: Box<[OnceLock<Value>]>,
    summary_values: Box<[OnceLock<Value>]>,
}

/// Fragments by a key, with a slot for each key the site's pages have.
struct Keyed<K> {
    slots: HashMap<K, usize>,
    made: Box<[Slot]>,
}

impl<K: std::hash::Hash + Eq + Copy> Keyed<K> {
    fn new(keys: impl Iterator<Item = K>) -> Keyed<K> {
        let mut slots = HashMap::new();
        for key in keys {
            let next = slots.len();
            slots.entry(key).or_insert(next);
        }
        Keyed {
            made: slots_of(slots.len()),
            slots,
        }
    }

    /// The fragment for `key`, made by `render` the first time.
    fn get(
        &self,
        key: K,
        render: impl FnOnce() -> Result<String, Error>,
    ) -> Result<Cow<'_, str>, Error> {
        match self.slots.get(&key) {
            Some(&i) => match self.made[i].get_or_init(render) {
                Ok(html) => Ok(Cow::Borrowed(html)),
                Err(e) => Err(e.clone()),
            },
            // Not a frame of the site's pages: nothing to keep it for.
            None => render().map(Cow::Owned),
        }
    }
}

fn slots_of(n: usize) -> Box<[Slot]> {
    (0..n).map(|_| OnceLock::new()).collect()
}

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
            Page::Actions(_) | Page::Owner(_) | Page::Owners | Page::ActionsByReport => "actions",
            Page::Browse => "browse",
            Page::List { .. } => "list",
            Page::Search => "search",
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
            "home" | "report" => "home",
            "list" | "browse" => "browse",
            "actions" => "actions",
            _ => "",
        }
    }

    fn not_found(self) -> bool {
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
    fn root_of(site_view: &SiteView, depth: usize, not_found: bool) -> String {
        if not_found {
            base_path(&site_view.base_url)
        } else {
            "../".repeat(depth)
        }
    }
}

impl Fragments {
    /// Slots for the fragments of a site with `actions_per_report`, whose
    /// pages have these frames.
    pub(super) fn new(
        actions_per_report: impl Iterator<Item = usize>,
        frames: &[Frame],
    ) -> Fragments {
        let mut first_action = Vec::new();
        let mut actions = 0;
        for n in actions_per_report {
            first_action.push(actions);
            actions += n;
        }
        let reports = first_action.len();
        Fragments {
            first_action,
            action_rows: (0..actions).map(|_| OnceLock::new()).collect(),
            report_rows: std::array::from_fn(|_| slots_of(reports)),
            headers: Keyed::new(frames.iter().copied()),
            footers: Keyed::new(frames.iter().map(Frame::footer_key)),
            site_value: OnceLock::new(),
            action_values: (0..actions).map(|_| OnceLock::new()).collect(),
            summary_values: (0..reports).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Makes every fragment of the site, in parallel: each report's views,
    /// its actions' rows for every table and its row in lists, and every
    /// header and footer. A fragment whose template fails keeps the error,
    /// for the page that shows it.
    pub(super) fn prepare(&self, views: &Views, engine: &Engine) {
        self.site_value(views);
        rayon::join(
            || {
                (0..self.first_action.len()).into_par_iter().for_each(|i| {
                    views.summary_of(i);
                    let _ = self.report_rows(views, engine, &[i], LIST_DEPTH);
                    for a in 0..views.actions_of(i).len() {
                        self.action_rows[self.first_action[i] + a]
                            .get_or_init(|| self.rows_for_tables(views, engine, i, a));
                    }
                })
            },
            || {
                let headers = self.headers.slots.keys().collect::<Vec<_>>();
                headers.into_par_iter().for_each(|frame| {
                    let _ = self.header(views, engine, *frame);
                });
                let footers = self.footers.slots.keys().collect::<Vec<_>>();
                footers.into_par_iter().for_each(|frame| {
                    let _ = self
                        .footers
                        .get(*frame, || render_footer(views, engine, frame.0, frame.1));
                });
            },
        );
    }

    /// The rows of an actions table, `list` being (report, action) pairs.
    pub(super) fn action_rows(
        &self,
        views: &Views,
        engine: &Engine,
        list: impl Iterator<Item = (usize, usize)>,
        show_report: bool,
        show_owner: bool,
        depth: usize,
    ) -> Result<String, Error> {
        let table = ACTION_TABLES
            .iter()
            .position(|&t| t == (show_report, show_owner, depth));
        let mut parts: Vec<Cow<str>> = Vec::new();
        for (report, action) in list {
            let kept = table.and_then(|k| {
                let slot = &self.action_rows[self.first_action[report] + action];
                slot.get().map(|rows| rows.as_ref().map(|rows| &rows[k]))
            });
            match kept {
                Some(Ok(row)) => parts.push(Cow::Borrowed(row)),
                Some(Err(e)) => return Err(e.clone()),
                None => {
                    let mut context = self.action_context(views, report, action)?;
                    let row = action_row(engine, &mut context, show_report, show_owner, depth)?;
                    parts.push(Cow::Owned(row));
                }
            }
        }
        Ok(join(&parts))
    }

    /// The rows of a table of reports.
    pub(super) fn report_rows(
        &self,
        views: &Views,
        engine: &Engine,
        list: &[usize],
        depth: usize,
    ) -> Result<String, Error> {
        let root = "../".repeat(depth);
        let kept = self.report_rows.get(depth);
        let mut parts: Vec<Cow<str>> = Vec::with_capacity(list.len());
        for &i in list {
            let render = || {
                let mut context = engine::context("report_row.html", self.summary_value(views, i))?;
                context.insert("root", &root);
                engine.fragment("report_row.html", &context)
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

    /// `header.html` for pages of this frame, rendered once.
    pub(super) fn header(
        &self,
        views: &Views,
        engine: &Engine,
        frame: Frame,
    ) -> Result<Cow<'_, str>, Error> {
        self.headers.get(frame, || {
            #[derive(Serialize)]
            struct Header<'a> {
                site: &'a SiteView,
                root: &'a str,
                kind: &'a str,
                section: &'a str,
                nav_page: bool,
            }
            engine.partial(
                "header.html",
                &Header {
                    site: views.site_view,
                    root: &frame.root(views.site_view),
                    kind: frame.kind,
                    section: frame.section(),
                    nav_page: frame.nav_page,
                },
            )
        })
    }

    /// `footer.html` for pages of this frame, rendered once.
    pub(super) fn footer(
        &self,
        views: &Views,
        engine: &Engine,
        frame: Frame,
    ) -> Result<Cow<'_, str>, Error> {
        let (depth, not_found) = frame.footer_key();
        self.footers.get((depth, not_found), || {
            render_footer(views, engine, depth, not_found)
        })
    }

    /// `site` as a tera value (a copy of the one made once).
    pub(super) fn site_value(&self, views: &Views) -> Value {
        self.site_value
            .get_or_init(|| engine::value(views.site_view))
            .clone()
    }

    /// An action's view as a tera value (a copy of the one made once).
    fn action_value(&self, views: &Views, report: usize, action: usize) -> Value {
        self.action_values[self.first_action[report] + action]
            .get_or_init(|| {
                engine::value(views.action_of(crate::index::ActionRef { report, action }))
            })
            .clone()
    }

    /// A report's summary as a tera value (a copy of the one made once).
    fn summary_value(&self, views: &Views, report: usize) -> Value {
        self.summary_values[report]
            .get_or_init(|| engine::value(views.summary_of(report)))
            .clone()
    }

    /// An action's fields, as the context of `action_row.html`.
    fn action_context(
        &self,
        views: &Views,
        report: usize,
        action: usize,
    ) -> Result<tera::Context, Error> {
        engine::context("action_row.html", self.action_value(views, report, action))
    }

    /// An action's rows for every table of `ACTION_TABLES`: the context is
    /// built once (a third of the cost of a row) and only the table's
    /// variables change between them.
    fn rows_for_tables(
        &self,
        views: &Views,
        engine: &Engine,
        report: usize,
        action: usize,
    ) -> Result<[String; 4], Error> {
        let mut context = self.action_context(views, report, action)?;
        let mut rows: [String; 4] = Default::default();
        for (row, &(show_report, show_owner, depth)) in rows.iter_mut().zip(&ACTION_TABLES) {
            *row = action_row(engine, &mut context, show_report, show_owner, depth)?;
        }
        Ok(rows)
    }
}

fn action_row(
    engine: &Engine,
    context: &mut tera::Context,
    show_report: bool,
    show_owner: bool,
    depth: usize,
) -> Result<String, Error> {
    context.insert("root", &"../".repeat(depth));
    context.insert("show_report", &show_report);
    context.insert("show_owner", &show_owner);
    engine.fragment("action_row.html", context)
}

fn render_footer(
    views: &Views,
    engine: &Engine,
    depth: usize,
    not_found: bool,
) -> Result<String, Error> {
    #[derive(Serialize)]
    struct Footer<'a> {
        site: &'a SiteView,
        root: &'a str,
    }
    let root = Frame::root_of(views.site_view, depth, not_found);
    engine.partial(
        "footer.html",
        &Footer {
            site: views.site_view,
            root: &root,
        },
    )
}

/// Joins fragments into one string, allocated once.
fn join(parts: &[Cow<str>]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}
