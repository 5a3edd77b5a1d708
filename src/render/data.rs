//! The site's data files: the Atom feed, JSON, CSV and iCalendar exports,
//! the sitemap and robots.txt. All made from the same views as the pages,
//! so they hold exactly what the audience may see.

use super::view::{ActionView, ReportSummaryView, Views};
use crate::index::ActionRef;
use crate::site::Audience;
use chrono::{NaiveTime, TimeZone, Utc};
use serde::Serialize;

/// `reports.json` and `actions.json`: a header, then the list.
#[derive(Serialize)]
struct Export<'a, T: Serialize> {
    version: u32,
    site: &'a str,
    audience: &'static str,
    generated: &'a str,
    #[serde(flatten)]
    items: std::collections::BTreeMap<&'static str, Vec<T>>,
}

/// The document of a data file: the site, then `items` under `key`.
fn document<'a, T: Serialize>(views: &'a Views, key: &'static str, items: Vec<T>) -> Export<'a, T> {
    let site = &views.site_view;
    Export {
        version: 1,
        site: &site.title,
        audience: site.audience,
        generated: &site.build_date,
        items: [(key, items)].into_iter().collect(),
    }
}

fn export<T: Serialize>(views: &Views, key: &'static str, items: Vec<T>) -> String {
    exactly_sized_json(&document(views, key, items))
}

/// [`export`] written into `out` as it is made: the same bytes, never
/// whole in memory (`build` writes `reports.json` and `actions.json` so).
fn export_to<T: Serialize>(
    views: &Views,
    key: &'static str,
    items: Vec<T>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let doc = document(views, key, items);
    serde_json::to_writer(&mut *out, &doc).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// [`reports_json`], written into `out` as it is made.
pub fn write_reports_json(views: &Views, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let reports: Vec<&ReportSummaryView> = (0..views.site.reports().len())
        .map(|i| views.summary_of(i))
        .collect();
    export_to(views, "reports", reports, out)
}

/// [`actions_json`], written into `out` as it is made.
pub fn write_actions_json(views: &Views, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let actions: Vec<&ActionView> = (views.indexes.actions.iter())
        .map(|a| views.action_of(*a))
        .collect();
    export_to(views, "actions", actions, out)
}

/// `value` as JSON and a line end, in a buffer of its size. `actions.json`
/// is tens of megabytes on a large site: grown by doubling, its buffer held
/// up to twice that, and the old and the new one at once while it grew, at
/// the start of a build when the pages are rendering beside it (the peak
/// of `build --no-search` of 10,000 reports fell by about 50 MB). Counting
/// first costs a second serialisation of the list: 2% of the build's CPU.
fn exactly_sized_json<T: Serialize>(value: &T) -> String {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value).expect("plain data");
    let mut out = Vec::with_capacity(count.0 + 1);
    serde_json::to_writer(&mut out, value).expect("plain data");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// [`export`] of items already serialised, one row each (`serve` keeps
/// them from one rebuild to the next): the same bytes, as the JSON is
/// compact.
fn joined<'r, T: Serialize>(
    views: &Views,
    key: &'static str,
    rows: impl Iterator<Item = &'r str>,
) -> String {
    let empty = export(views, key, Vec::<&T>::new());
    let head = empty.strip_suffix("]}\n").expect("the list ends the file");
    // Sized once: `actions.json` is tens of megabytes on a large site.
    let rows: Vec<&str> = rows.collect();
    let size = head.len() + rows.iter().map(|r| r.len() + 1).sum::<usize>() + 3;
    let mut out = String::with_capacity(size);
    out.push_str(head);
    for (n, row) in rows.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(row);
    }
    out.push_str("]}\n");
    out
}

pub fn reports_json(views: &Views) -> String {
    if views.kept_rows() {
        let rows = (0..views.site.reports().len()).map(|i| views.of(i).summary_json());
        return joined::<ReportSummaryView>(views, "reports", rows);
    }
    let reports: Vec<&ReportSummaryView> = (0..views.site.reports().len())
        .map(|i| views.summary_of(i))
        .collect();
    export(views, "reports", reports)
}

/// `metrics.json`: the figures of the metrics page (docs/metrics.md).
pub fn metrics_json(views: &Views, metrics: &crate::metrics::Metrics) -> String {
    let site = &views.site_view;
    let doc = MetricsExport {
        version: 1,
        site: &site.title,
        audience: site.audience,
        generated: &site.build_date,
        metrics,
    };
    serde_json::to_string(&doc).expect("plain data") + "\n"
}

#[derive(Serialize)]
struct MetricsExport<'a> {
    version: u32,
    site: &'a str,
    audience: &'static str,
    generated: &'a str,
    #[serde(flatten)]
    metrics: &'a crate::metrics::Metrics,
}

pub fn actions_json(views: &Views) -> String {
    actions_json_of(views, &views.indexes.actions)
}

/// `actions.json` holding only `actions` (in their order): the site's file
/// holds every action; `retrospect actions --format json` the ones asked for.
pub fn actions_json_of(views: &Views, actions: &[ActionRef]) -> String {
    if views.kept_rows() {
        let rows = actions
            .iter()
            .map(|a| views.of(a.report).action_json(a.action));
        return joined::<ActionView>(views, "actions", rows);
    }
    let actions: Vec<&ActionView> = actions.iter().map(|a| views.action_of(*a)).collect();
    export(views, "actions", actions)
}

pub fn actions_csv(views: &Views) -> String {
    actions_csv_of(views, &views.indexes.actions)
}

/// `actions.csv` holding only `actions`, as `actions_json_of`.
pub fn actions_csv_of(views: &Views, actions: &[ActionRef]) -> String {
    crate::output::written(|out| write_actions_csv(views, actions, out))
}

/// [`actions_csv_of`], written into `out` as it is made: `actions.csv` of
/// 100,000 reports is 66 MB, and made in memory it raised the build's
/// peak (BENCHMARKS.md, eighth session).
pub fn write_actions_csv(
    views: &Views,
    actions: &[ActionRef],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "report_id",
        "report",
        "report_title",
        "action_id",
        "title",
        "owner",
        "due",
        "status",
        "days_overdue",
        "priority",
        "link",
    ])?;
    for a in actions.iter().map(|a| views.action_of(*a)) {
        let cells = [
            a.report_id.as_deref().unwrap_or(""),
            &a.report_slug,
            &a.report_title,
            &a.id,
            &a.title,
            &a.owner,
            a.due.as_deref().unwrap_or(""),
            a.status,
            &a.overdue_days.map(|d| d.to_string()).unwrap_or_default(),
            a.priority.as_deref().unwrap_or(""),
            a.link.as_deref().unwrap_or(""),
        ];
        writer.write_record(cells.map(|cell| csv_cell(cell).into_owned()))?;
    }
    writer.flush()
}

/// A cell a spreadsheet will not run as a formula, as OWASP's "CSV
/// Injection" advice has it: a cell starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return gets a leading `'` (shown by spreadsheets as text,
/// and visible to any other reader). The csv writer quotes cells holding
/// separators and quotes, and doubles the quotes inside.
pub fn csv_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// `actions.ics`: an all-day event per open action on its due date.
/// Events rather than to-dos (VTODO with DUE): Google Calendar and Outlook
/// show no to-dos from a subscribed calendar, so a to-do calendar would
/// look empty to most teams (docs/templates.md). Each event is
/// transparent (it does not make anyone busy), carries the report's URL
/// when the site's address is known (`--base-url`), and has a UID made of
/// the report's slug, the action's id and the site's host, stable from
/// build to build. DTSTAMP is the build date: same input, same bytes.
pub fn actions_ics(views: &Views) -> String {
    crate::output::written(|out| write_actions_ics(views, out))
}

/// [`actions_ics`], written into `out` as it is made.
pub fn write_actions_ics(views: &Views, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let calendars = super::reminders::Calendars::of(views);
    let name = format!("{}: open actions", views.site_view.title);
    let mut calendar = super::reminders::Streamed::new(&name, out)?;
    for a in views.indexes.open.iter() {
        let report = &views.site.reports()[a.report];
        let action = &report.actions[a.action];
        let Some(due) = action.due else { continue };
        let path = format!("reports/{}/", report.slug);
        let action = super::reminders::DueAction {
            report_slug: report.slug.as_str(),
            id: &action.id,
            title: &action.title,
            owner: &action.owner,
            report_title: &report.title,
            report_path: &path,
            status: action.status.as_str(),
            due,
        };
        calendar.push(calendars.due_event(&action, 0))?;
    }
    calendar.done()
}

/// The Atom feed of the newest published reports (`feed_limit` of them),
/// newest first.
pub fn atom(views: &Views) -> String {
    use atom_syndication::{Entry, Feed, FixedDateTime, Link, Text};
    let site = &views.site_view;
    let absolute = site.base_url.starts_with("http://") || site.base_url.starts_with("https://");
    let url = |path: &str| {
        if absolute {
            format!("{}{path}", site.base_url)
        } else {
            path.to_string()
        }
    };
    let id = |path: &str| {
        if absolute {
            url(path)
        } else {
            format!("urn:retrospect:{}", path.trim_end_matches('/'))
        }
    };
    let date = |d: chrono::NaiveDate| -> FixedDateTime {
        Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN))
            .fixed_offset()
    };
    // With their index in `Site::reports`, for their views.
    let reports: Vec<(usize, &crate::model::Report)> = views
        .site
        .reports()
        .iter()
        .map(|r| &**r)
        .enumerate()
        .filter(|(_, r)| r.status == crate::model::Status::Published)
        .take(views.site.config().feed_limit)
        .collect();
    let updated = |r: &crate::model::Report| {
        views
            .site
            .last_updated()
            .get(&r.rel_path)
            .copied()
            .unwrap_or_else(|| date(r.date))
    };
    let entries: Vec<Entry> = reports
        .iter()
        .map(|&(i, r)| {
            let path = format!("reports/{}/", r.slug);
            let mut entry = Entry::default();
            entry.set_id(id(&path));
            entry.set_title(Text::plain(r.title.clone()));
            entry.set_updated(updated(r));
            entry.set_published(Some(date(r.date)));
            let mut link = Link::default();
            link.set_href(url(&path));
            link.set_rel("alternate");
            entry.set_links(vec![link]);
            // The summary is inline Markdown: rendered (and sanitised) to
            // HTML, as Atom's `type="html"` allows, not raw backticks.
            if let Some(summary) = &views.summary_of(i).summary_html {
                entry.set_summary(Some(Text::html(summary.clone())));
            }
            entry
        })
        .collect();
    let mut feed = Feed::default();
    feed.set_id(id(""));
    feed.set_title(Text::plain(site.title.clone()));
    // Atom requires an author of the feed (or of every entry): the site,
    // whose reviews these are, with its address when it is known.
    let mut author = atom_syndication::Person::default();
    author.set_name(site.title.clone());
    author.set_uri(absolute.then(|| site.base_url.clone()));
    feed.set_authors(vec![author]);
    if !site.description.is_empty() {
        feed.set_subtitle(Some(Text::plain(site.description.clone())));
    }
    feed.set_updated(
        reports
            .iter()
            .map(|&(_, r)| updated(r))
            .max()
            .unwrap_or_else(|| date(views.site.today())),
    );
    let mut self_link = Link::default();
    self_link.set_href(url("feed.xml"));
    self_link.set_rel("self");
    let mut home = Link::default();
    home.set_href(url(""));
    home.set_rel("alternate");
    feed.set_links(vec![self_link, home]);
    feed.set_generator(Some(atom_syndication::Generator {
        value: "Retrospect".into(),
        uri: None,
        version: Some(env!("CARGO_PKG_VERSION").into()),
    }));
    feed.set_entries(entries);
    feed.to_string()
}

/// `robots.txt`: the internal site disallows every crawler.
pub fn robots(views: &Views) -> String {
    match views.site.audience() {
        Audience::Internal => "User-agent: *\nDisallow: /\n".into(),
        Audience::Public => {
            let site = &views.site_view;
            let mut text = "User-agent: *\nAllow: /\n".to_string();
            if site.base_url.starts_with("http") {
                text.push_str(&format!("Sitemap: {}sitemap.xml\n", site.base_url));
            }
            text
        }
    }
}

/// Whether the site has a sitemap: for the public audience, with an
/// absolute base URL (`--base-url`).
pub fn has_sitemap(views: &Views) -> bool {
    let base = &views.site_view.base_url;
    views.site.audience() == Audience::Public
        && (base.starts_with("http://") || base.starts_with("https://"))
}

/// `sitemap.xml`, given the site's pages; `None` when the site has none
/// ([`has_sitemap`]).
pub fn sitemap(views: &Views, pages: &[&str]) -> Option<String> {
    if !has_sitemap(views) {
        return None;
    }
    let base = &views.site_view.base_url;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            super::markdown::escape(&format!("{base}{page}"))
        ));
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

#[cfg(test)]
mod tests {
    /// Issue 12, finding 8: `actions.csv` wrote cells starting with `=`,
    /// `+`, `-` or `@` unchanged, which a spreadsheet runs as formulas.
    #[test]
    fn csv_cells_are_never_formulas() {
        for cell in [
            "=HYPERLINK(\"x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(super::csv_cell(cell), format!("'{cell}"));
        }
        for cell in ["Fix it", "2026-01-15", "12", "", "a=b", "x-1"] {
            assert_eq!(super::csv_cell(cell), cell);
        }
    }
}
