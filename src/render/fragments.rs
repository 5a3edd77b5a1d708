//! Fragments rendered once and put in every page that shows them: table
//! rows (`action_row.html`, `report_row.html`), the header and footer, and
//! views as tera values. An action is a row of five to seven tables, a
//! report a row of four to six lists; a row's template sees only the
//! item's fields, `root` and the table's columns, so a row is kept by
//! those, and reuse changes no byte of the output.
//!
//! The render plan owns them, each in a slot of its own, made by the first
//! page that needs it: no lock is held while a fragment renders, and no
//! thread waits for another (two threads may make the same fragment at
//! once; it is the same bytes).
//!
//! Rows are the exception: with the built-in `action_row.html` and
//! `report_row.html` each page renders its own from their compiled copies
//! (`compiled::action_row`, `compiled::report_row`), which costs less than
//! keeping them (three rows of each of the 38,793 actions of 10,000 reports
//! were 80 MB kept to the end of the build); a site's own `action_row.html`
//! renders them through tera, for each page, and its own `report_row.html`
//! once per report and depth of page.

use super::engine::{self, Engine};
use super::frame::Frame;
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
/// many times); deeper pages render theirs. Depth 4 is a group's later
/// pages (`years/2024/page/2/`).
const KEPT_DEPTHS: usize = 5;

/// The shape of an actions table: whether it has a column linking to each
/// action's report and one for its owner, and the depth of its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Table {
    report: bool,
    owner: bool,
    depth: usize,
}

impl Table {
    pub(super) const fn new(report: bool, owner: bool, depth: usize) -> Table {
        Table {
            report,
            owner,
            depth,
        }
    }
}

pub(super) struct Fragments {
    /// Whether action rows come from the compiled copy of the built-in
    /// `action_row.html` (the site has no `action_row.html` of its own).
    compiled_rows: bool,
    /// The same for report rows (`report_row.html`).
    compiled_report_rows: bool,
    /// Per report, the index of its first action in `action_values`.
    first_action: Vec<usize>,
    /// By depth, a slot per report, made when a page of that depth first
    /// lists reports as rows with a site's own `report_row.html`.
    report_rows: [OnceLock<Box<[Slot]>>; KEPT_DEPTHS],
    /// `header.html` and `footer.html` by what they depend on: a handful
    /// of each for the whole site, known from its pages.
    headers: Keyed<Frame>,
    footers: Keyed<(usize, bool)>,
    /// The views as tera values, made once when pages are rendered one by
    /// one (`serve`): a row's context is built from a copy, which costs
    /// half of serialising the view again. A whole-site render makes each
    /// row once and keeps no value (150 MB at 10,000 reports).
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
            Some(&i) => match kept(&self.made[i], render) {
                Ok(html) => Ok(Cow::Borrowed(html)),
                Err(e) => Err(e.clone()),
            },
            // Not a frame of the site's pages: nothing to keep it for.
            None => render().map(Cow::Owned),
        }
    }
}

/// The value kept in `slot`, made by `make` when there is none yet. No
/// thread waits for another's `make`: two threads that both find the slot
/// empty both make the value (the same bytes) and the first one kept is
/// used; setting a slot is a move.
fn kept<T>(slot: &OnceLock<T>, make: impl FnOnce() -> T) -> &T {
    if let Some(value) = slot.get() {
        return value;
    }
    let _ = slot.set(make());
    slot.get().expect("a slot just set")
}

fn slots_of(n: usize) -> Box<[Slot]> {
    (0..n).map(|_| OnceLock::new()).collect()
}

impl Fragments {
    /// Slots for the fragments of a site with `actions_per_report`, whose
    /// pages have these frames.
    pub(super) fn new(
        actions_per_report: impl Iterator<Item = usize>,
        frames: &[Frame],
        (compiled_rows, compiled_report_rows): (bool, bool),
    ) -> Fragments {
        let mut first_action = Vec::new();
        let mut actions = 0;
        for n in actions_per_report {
            first_action.push(actions);
            actions += n;
        }
        let reports = first_action.len();
        Fragments {
            compiled_rows,
            compiled_report_rows,
            first_action,
            report_rows: std::array::from_fn(|_| OnceLock::new()),
            headers: Keyed::new(frames.iter().copied()),
            footers: Keyed::new(frames.iter().map(Frame::footer_key)),
            site_value: OnceLock::new(),
            action_values: (0..actions).map(|_| OnceLock::new()).collect(),
            summary_values: (0..reports).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Makes every report's views first, in parallel, each by one thread:
    /// a whole-site render needs them all, and its pages then only read
    /// them.
    pub(super) fn prepare(&self, views: &Views) {
        self.site_value(views);
        (0..self.first_action.len()).into_par_iter().for_each(|i| {
            views.summary_of(i);
        });
    }

    /// The rows of an actions table, `list` being (report, action) pairs.
    pub(super) fn action_rows(
        &self,
        views: &Views,
        engine: &Engine,
        list: impl Iterator<Item = (usize, usize)>,
        table: Table,
    ) -> Result<String, Error> {
        let root = "../".repeat(table.depth);
        let mut out = String::new();
        for (report, action) in list {
            if self.compiled_rows {
                let view = views.action_of(crate::index::ActionRef { report, action });
                super::compiled::action_row(&mut out, view, &root, (table.report, table.owner))?;
            } else {
                let mut context = self.action_context(views, report, action)?;
                out.push_str(&action_row(engine, &mut context, table, &root)?);
            }
        }
        Ok(out)
    }

    /// The rows of a table of reports: from the compiled copy of the
    /// built-in `report_row.html`, for each page (as action rows), or from
    /// the site's own through tera, each report's row kept for pages of
    /// its depth.
    pub(super) fn report_rows(
        &self,
        views: &Views,
        engine: &Engine,
        list: &[usize],
        depth: usize,
    ) -> Result<String, Error> {
        let root = "../".repeat(depth);
        let mut out = String::new();
        for &i in list {
            if self.compiled_report_rows {
                super::compiled::report_row(&mut out, views.summary_of(i), &root)?;
            } else {
                out.push_str(&self.depth_row(views, engine, i, depth)?);
            }
        }
        Ok(out)
    }

    /// Report `i`'s row for pages of `depth`, kept for the next page of
    /// that depth.
    fn depth_row(
        &self,
        views: &Views,
        engine: &Engine,
        i: usize,
        depth: usize,
    ) -> Result<Cow<'_, str>, Error> {
        let root = "../".repeat(depth);
        let render = || report_row(engine, self.summary_value(views, i), &root);
        let Some(slots) = self.report_rows.get(depth) else {
            return render().map(Cow::Owned);
        };
        let slots = kept(slots, || slots_of(self.first_action.len()));
        match kept(&slots[i], render) {
            Ok(html) => Ok(Cow::Borrowed(html)),
            Err(e) => Err(e.clone()),
        }
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
        kept(&self.site_value, || engine::value(views.site_view)).clone()
    }

    /// An action's view as a tera value (a copy of the one made once).
    fn action_value(&self, views: &Views, report: usize, action: usize) -> Value {
        kept(
            &self.action_values[self.first_action[report] + action],
            || engine::value(views.action_of(crate::index::ActionRef { report, action })),
        )
        .clone()
    }

    /// A report's summary as a tera value (a copy of the one made once).
    fn summary_value(&self, views: &Views, report: usize) -> Value {
        kept(&self.summary_values[report], || {
            engine::value(views.summary_of(report))
        })
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
}

fn action_row(
    engine: &Engine,
    context: &mut tera::Context,
    table: Table,
    root: &str,
) -> Result<String, Error> {
    context.insert("root", root);
    context.insert("show_report", &table.report);
    context.insert("show_owner", &table.owner);
    engine.fragment("action_row.html", context)
}

/// Report `value`'s row, with `root` for the page's root.
fn report_row(engine: &Engine, value: Value, root: &str) -> Result<String, Error> {
    let mut context = engine::context("report_row.html", value)?;
    context.insert("root", root);
    engine.fragment("report_row.html", &context)
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
