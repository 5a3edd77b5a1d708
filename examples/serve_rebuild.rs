//! Measures what `retrospect serve` does after one report is saved: the
//! rebuild (read and check the changed file, the rules across reports, the
//! model, indexes and routes, and rendering the changed report's page and
//! the home page), then the first request of each page a reader would
//! open next, for four kinds of edit.
//!
//! ```text
//! cargo run --release --example serve_rebuild -- <SITE> [RUNS]
//! ```
//!
//! SITE is a site folder, e.g. a tmpfs copy of the generated corpus
//! (`cargo run --release --example gen_corpus -- 10000 target/bench/corpus-10000`).
//! The edited report is the one in the middle of the site (by file name)
//! that has an open action. The kinds of edit (`EDITS=body,summary,...`
//! picks some; all by default):
//!
//! - `body`: a line appended to the body;
//! - `summary`: the summary's text changed;
//! - `severity`: the severity changed (to the next level, and back);
//! - `due`: the first action's due date moved (10 days overdue, then due
//!   in 10 days: it moves between the overdue and due-soon lists);
//! - `tag`: a tag no other report has added, then taken away again, so
//!   that a group and its page appear and go; `tag-existing`: a tag other
//!   reports have added and taken away;
//! - `service`: the first service replaced by another that other reports
//!   name, and back;
//! - `owner`: the first action's owner changed to another person of the
//!   configuration, and back; `owner-new`: to an owner no action has (a
//!   new owner's page and files), and back;
//! - `kind`: the report's kind set to one built-in kind, then another (the
//!   corpus names none, so a kind's group and page appear and go);
//! - `date`: the date moved within its year (two months on or back), and
//!   back; `year`: to the year before, and back (every date of the front
//!   matter is moved with it);
//! - `slug`: a `slug:` of its own added, and taken away;
//! - `visibility`: `public` and `internal` swapped, and back (with
//!   `AUDIENCE=public`, the report leaves the site and comes back);
//! - `action`: an action added after the report's last, then taken away
//!   (the lists, owner and team pages, calendars and data files gain and
//!   lose a row);
//! - `report`: a whole report added beside the edited one (a copy of it
//!   under another file name, without its `id:`), then deleted: the site
//!   gains and loses a report, its page and its actions.
//!
//! `AUDIENCE=public` builds the public site (internal by default). The
//! default edits are the four the issue names; `EDITS=all` runs every kind.
//!
//! Each rebuild follows one edit, with that file named as changed (as the
//! watcher does), and is followed by the first request of one page, as a
//! server that was just rebuilt serves it ([`SiteInMemory::file`]): so each
//! page is measured as the very first request after a rebuild, and a run
//! is one rebuild per page. Prints mean ± standard deviation, median, 95th
//! percentile (nearest rank), maximum and minimum over RUNS runs (default
//! 5) after one warm-up run; the report is
//! restored at the end. `REBUILD_ONLY=1` skips the requests (one rebuild
//! per run).

use retrospect::serve::rebuild::{Builder, Changes, Settings};
use retrospect::serve::state::SiteInMemory;

/// The allocator the `retrospect` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use chrono::{Datelike, NaiveDate};
use retrospect::site::Audience;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const TODAY: (i32, u32, u32) = (2026, 1, 15);

fn main() {
    retrospect::memory::without_huge_pages(); // as in the binary
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next().map(PathBuf::from) else {
        eprintln!("usage: serve_rebuild <SITE> [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args
        .next()
        .map_or(5, |n| n.parse().expect("RUNS is a number"));
    let kinds: Vec<String> = match std::env::var("EDITS").as_deref() {
        Ok("all") => ALL.iter().map(|k| k.to_string()).collect(),
        Ok(list) => list.split(',').map(str::to_string).collect(),
        Err(_) => ALL[..4].iter().map(|k| k.to_string()).collect(),
    };
    let audience = match std::env::var("AUDIENCE").as_deref() {
        Ok("public") => Audience::Public,
        _ => Audience::Internal,
    };
    let today = NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).expect("a date");
    let mut builder = Builder::new(Settings {
        site: site.clone(),
        audience,
        today: Some(today),
        base_url: "http://127.0.0.1:4300/".into(),
    });

    let started = Instant::now();
    let first = builder
        .rebuild(&Changes::everything())
        .unwrap_or_else(|p| panic!("the site has errors: {p:?}"));
    let site_view = first.plan.site();
    let reports = site_view.reports().len();
    println!(
        "first build of {reports} reports (into memory, pages rendered on request): {:.0} ms",
        ms(started.elapsed())
    );
    let config = site_view.config();
    let mut services: Vec<&String> = site_view
        .reports()
        .iter()
        .flat_map(|r| &r.services)
        .collect();
    services.sort();
    services.dedup();
    let mut tags: Vec<&String> = site_view.reports().iter().flat_map(|r| &r.tags).collect();
    tags.sort();
    tags.dedup();
    let mut names = Names {
        levels: config.severities.iter().map(|l| l.name.clone()).collect(),
        kinds: config
            .incident_kinds
            .iter()
            .map(|k| k.name.clone())
            .collect(),
        // From `retrospect.yaml` itself: the public site's configuration
        // holds no people, and an owner edit names one.
        people: retrospect::config::load(&site)
            .map(|c| c.people.keys().cloned().collect())
            .unwrap_or_default(),
        services: services.into_iter().cloned().collect(),
        tags: tags.into_iter().cloned().collect(),
        today,
    };
    // The report in the middle of the site, by file name, with an open
    // action.
    let mut candidates: Vec<_> = site_view
        .reports()
        .iter()
        .filter(|r| r.actions.iter().any(|a| !a.status.is_closed()))
        .collect();
    candidates.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    let report = candidates[candidates.len() / 2];
    let rel = report.rel_path.clone();
    let owner = &report.actions[0].owner;
    let team = site_view
        .config()
        .people
        .iter()
        .find(|(handle, p)| p.name.as_deref().unwrap_or(handle) == owner.as_str())
        .and_then(|(_, p)| p.team.clone());
    let mut pages = vec![
        ("the edited report", String::new()), // at its slug, after the edit
        ("home page", "index.html".into()),
        ("actions/", "actions/index.html".into()),
        ("actions/overdue/", "actions/overdue/index.html".into()),
        ("actions/due-soon/", "actions/due-soon/index.html".into()),
        ("severity page", String::new()), // the report's severity, after the edit
        ("metrics/", "metrics/index.html".into()),
        ("search/", "search/index.html".into()),
        ("reports.json", "reports.json".into()),
        ("actions.json", "actions.json".into()),
        ("feed.xml", "feed.xml".into()),
    ];
    if let Some(team) = &team {
        let path = format!("actions/teams/{}/index.html", slug::slugify(team));
        assert!(first.plan.paths().contains(&path), "{path} exists");
        pages.push(("team page", path));
    }
    // Other names than the report's own, to edit it with.
    names.services.retain(|s| !report.services.contains(s));
    names.tags.retain(|t| !report.tags.contains(t));
    let path = site.join("reports").join(&rel);
    let original = std::fs::read_to_string(&path).expect("the report reads");
    // Put back at the end, or when an edit fails.
    let _restore = Restore(path.clone(), Some(original.clone()));
    // The report the `report` edit adds and deletes: deleted at the end.
    let added_rel = rel.replace(".md", "-added.md");
    let added = Restore(site.join("reports").join(&added_rel), None);
    assert!(!added.0.exists(), "{} is not there yet", added.0.display());
    println!(
        "edited report: {rel} (severity {}, owner {owner})",
        report.severity
    );
    drop(first);
    if std::env::var_os("REBUILD_ONLY").is_some() {
        pages.truncate(1);
    }

    let mut edit = 0;
    for kind in &kinds {
        // The `report` edit adds its report on odd edits: start on one.
        if kind == "report" && edit % 2 == 1 {
            edit += 1;
        }
        let mut stages: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
        let (mut totals, mut cpus) = (Vec::new(), Vec::new());
        let mut requests: Vec<Vec<f64>> = vec![Vec::new(); pages.len()];
        for run in 0..runs + 1 {
            for (p, (name, page)) in pages.iter().enumerate() {
                edit += 1;
                let text = edited(kind, &original, edit, &names);
                // A whole report comes and goes beside the edited one,
                // which stays as it was.
                let changed = match kind.as_str() {
                    "report" if edit % 2 == 1 => {
                        std::fs::write(&added.0, &text.0).expect("writable");
                        added_rel.clone()
                    }
                    "report" => {
                        std::fs::remove_file(&added.0).expect("the added report is there");
                        added_rel.clone()
                    }
                    _ => {
                        std::fs::write(&path, &text.0).expect("writable");
                        rel.clone()
                    }
                };
                let started = Instant::now();
                let cpu_started = thread_cpu();
                let built = builder
                    .rebuild(&Changes {
                        reports: vec![changed],
                        ..Changes::default()
                    })
                    .unwrap_or_else(|p| panic!("the site has errors: {p:?}"));
                let total = started.elapsed();
                let cpu = thread_cpu()
                    .zip(cpu_started)
                    .map(|(end, start)| end - start);
                let timings = built.timings.clone();
                let edited = built
                    .plan
                    .site()
                    .reports()
                    .iter()
                    .find(|r| r.rel_path == rel)
                    .cloned();
                text.1.check(edited.as_deref(), audience);
                let count = built.plan.site().reports().len();
                match (&text.1, kind.as_str()) {
                    (Expect::Added(added), _) => assert_eq!(count, reports + *added as usize),
                    (_, "visibility") => {}
                    _ => assert_eq!(count, reports, "no report comes or goes"),
                }
                let page = match (*name, &edited) {
                    ("severity page", Some(r)) => format!("severity/{}/index.html", r.severity),
                    ("the edited report", Some(r)) => format!("reports/{}/index.html", r.slug),
                    // Not on the public site now: its old page is gone.
                    ("severity page" | "the edited report", None) => "404.html".into(),
                    _ => page.clone(),
                };
                let served = SiteInMemory::new(built, None);
                let started = Instant::now();
                let output = served.file(&page).expect("exists").expect("renders");
                let request = started.elapsed();
                if p == 0 && matches!(kind.as_str(), "body" | "summary") {
                    let html = String::from_utf8_lossy(match &output.content {
                        retrospect::output::Content::Bytes(b) => b,
                        retrospect::output::Content::Copy(_) => &[],
                    })
                    .into_owned();
                    let marker = format!("Edit number {edit}.");
                    assert!(html.contains(&marker), "the page shows the {kind} edit");
                }
                // Freed on another thread, as the server does.
                std::thread::spawn(move || drop(served));
                if run >= 1 {
                    totals.push(ms(total));
                    if let Some(cpu) = cpu {
                        cpus.push(ms(cpu));
                    }
                    for (stage, d) in &timings.0 {
                        stages.entry(stage).or_default().push(ms(*d));
                    }
                    requests[p].push(ms(request));
                }
            }
        }
        println!(
            "\n{kind} edit: rebuild after one report changed, {reports} reports, {} rebuilds (ms):",
            totals.len()
        );
        for stage in STAGES {
            if let Some(values) = stages.get(stage) {
                println!("  {stage:<28} {}", stats(values));
            }
        }
        println!("  {:<28} {}", "total", stats(&totals));
        if !cpus.is_empty() {
            // Time on a CPU, not waiting for one: steadier on a busy machine.
            println!("  {:<28} {}", "CPU time of the thread", stats(&cpus));
        }
        println!("  first request of each page after a rebuild (ms):");
        for ((name, _), values) in pages.iter().zip(&requests) {
            println!("  {name:<28} {}", stats(values));
        }
    }
}

/// A report's original text, written back when dropped; `None`: a file
/// that was not there, deleted when dropped.
struct Restore(PathBuf, Option<String>);

impl Drop for Restore {
    fn drop(&mut self) {
        match &self.1 {
            Some(text) => std::fs::write(&self.0, text).expect("restored"),
            None => {
                let _ = std::fs::remove_file(&self.0);
            }
        }
    }
}

/// The title of the action the `action` edit adds.
const ADDED_ACTION: &str = "Added by the benchmark";

/// Every kind of edit, the four the issue names first.
const ALL: [&str; 16] = [
    "body",
    "summary",
    "severity",
    "due",
    "owner",
    "owner-new",
    "kind",
    "date",
    "year",
    "slug",
    "service",
    "tag-existing",
    "tag",
    "visibility",
    "action",
    "report",
];

/// The names an edit may give a report: the configuration's, and the
/// services and tags of other reports (not the edited one's).
struct Names {
    levels: Vec<String>,
    kinds: Vec<String>,
    /// The handles of `people:`.
    people: Vec<String>,
    services: Vec<String>,
    tags: Vec<String>,
    today: NaiveDate,
}

/// What an edit should have changed, to check that the rebuilt site has it.
enum Expect {
    Nothing,
    Severity(String),
    Due(NaiveDate),
    /// A tag the report has, or has not.
    Tag(String, bool),
    /// A service the report has, or has not.
    Service(String, bool),
    Kind(Option<String>),
    Date(NaiveDate),
    /// Whether the report's slug ends in `-renamed`.
    Renamed(bool),
    /// The first action's owner (checked by the test, not here).
    Owner,
    /// Whether the report is public.
    Public(bool),
    /// Whether the `action` edit's action is there; whether the `report`
    /// edit's report is (checked by counting the site's reports).
    Action(bool),
    Added(bool),
}

impl Expect {
    /// Checks `report`, the edited report in the rebuilt site (`None`: not
    /// in it, which only an internal report on a public site may be).
    fn check(&self, report: Option<&retrospect::model::Report>, audience: Audience) {
        let Some(report) = report else {
            assert!(
                matches!(self, Expect::Public(false)) && audience == Audience::Public,
                "the edited report is in the site"
            );
            return;
        };
        match self {
            Expect::Nothing => {}
            Expect::Severity(level) => assert_eq!(&report.severity, level),
            Expect::Due(due) => assert_eq!(report.actions[0].due, Some(*due)),
            Expect::Tag(tag, has) => assert_eq!(report.tags.contains(tag), *has),
            Expect::Service(service, has) => assert_eq!(report.services.contains(service), *has),
            Expect::Kind(kind) => assert_eq!(&report.kind, kind),
            Expect::Date(date) => assert_eq!(&report.date, date),
            Expect::Renamed(renamed) => {
                assert_eq!(report.slug.as_str().ends_with("-renamed"), *renamed)
            }
            Expect::Owner | Expect::Added(_) => {}
            Expect::Action(there) => assert_eq!(
                report.actions.iter().any(|a| a.title == ADDED_ACTION),
                *there
            ),
            Expect::Public(public) => assert_eq!(
                report.visibility == retrospect::model::Visibility::Public,
                *public
            ),
        }
    }
}

/// The report's text after edit number `n` of `kind`: odd edits change
/// the field, even ones put it back (but the body's and the summary's,
/// which change every time).
fn edited(kind: &str, original: &str, n: usize, names: &Names) -> (String, Expect) {
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    let position = |lines: &[String], prefix: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("the report has a line `{prefix}`"))
    };
    let odd = n % 2 == 1;
    let expect = match kind {
        "body" => {
            lines.push(format!("\nEdit number {n}."));
            Expect::Nothing
        }
        "summary" => {
            let i = position(&lines, "summary: \"");
            lines[i] =
                lines[i].replacen("summary: \"", &format!("summary: \"Edit number {n}. "), 1);
            Expect::Nothing
        }
        "severity" => {
            let i = position(&lines, "severity: ");
            let now = lines[i]["severity: ".len()..].trim().to_string();
            let at = names.levels.iter().position(|l| *l == now).unwrap_or(0);
            let level = match odd {
                false => now,
                true => names.levels[(at + 1) % names.levels.len()].clone(),
            };
            lines[i] = format!("severity: {level}");
            Expect::Severity(level)
        }
        "due" => {
            let i = position(&lines, "    due: ");
            let days = if odd { 10 } else { -10 };
            let due = names.today + chrono::Duration::days(days);
            lines[i] = format!("    due: {due}");
            Expect::Due(due)
        }
        "owner" | "owner-new" => {
            let i = position(&lines, "    owner: ");
            let now = lines[i]["    owner: ".len()..].trim().to_string();
            if odd {
                let other = match kind {
                    "owner" => names
                        .people
                        .iter()
                        .find(|p| **p != now)
                        .expect("people")
                        .clone(),
                    _ => "someone-new".to_string(),
                };
                lines[i] = format!("    owner: {other}");
            }
            Expect::Owner
        }
        "kind" => {
            let kind = names.kinds[n % 2].clone();
            match lines.iter().position(|l| l.starts_with("kind: ")) {
                Some(i) => lines[i] = format!("kind: {kind}"),
                None => lines.insert(position(&lines, "severity: ") + 1, format!("kind: {kind}")),
            }
            Expect::Kind(Some(kind))
        }
        "date" | "year" => {
            let i = position(&lines, "date: ");
            let now: NaiveDate = lines[i]["date: ".len()..].trim().parse().expect("a date");
            // Within the year: a month on, or back; another year: a year
            // back. Every date of the front matter moves with it (when it
            // started, its timeline, its review), but the actions' due dates.
            let days = match (kind, now.month() <= 6) {
                ("year", _) => -365,
                (_, true) => 30,
                (_, false) => -30,
            };
            let shift = if odd { days } else { 0 };
            let date = now + chrono::Duration::days(shift);
            if odd {
                for line in &mut lines {
                    if !line.starts_with("    due: ") {
                        *line = shift_dates(line, shift);
                    }
                }
            }
            Expect::Date(date)
        }
        "slug" => {
            if odd {
                let stem = original_slug(original);
                lines.insert(1, format!("slug: {stem}-renamed"));
            }
            Expect::Renamed(odd)
        }
        "service" => {
            let other = names.services[0].clone();
            if odd {
                let i = position(&lines, "services:");
                list_item(&mut lines, i, &other, true);
            }
            Expect::Service(other, odd)
        }
        "tag" | "tag-existing" => {
            let tag = match kind {
                "tag" => "a-tag-of-its-own".to_string(),
                _ => names.tags[0].clone(),
            };
            if odd {
                let i = position(&lines, "tags:");
                list_item(&mut lines, i, &tag, false);
            }
            Expect::Tag(tag, odd)
        }
        "visibility" => {
            let i = position(&lines, "visibility: ");
            let now = lines[i]["visibility: ".len()..].trim().to_string();
            let public = (now == "public") != odd;
            lines[i] = format!("visibility: {}", if public { "public" } else { "internal" });
            Expect::Public(public)
        }
        "action" => {
            if odd {
                // After the last item of `actions:`, before the next key.
                let i = position(&lines, "actions:");
                let end = (i + 1..lines.len())
                    .find(|&j| !lines[j].starts_with(' '))
                    .unwrap_or(lines.len());
                let owner = names.people.first().expect("people");
                let due = names.today + chrono::Duration::days(5);
                let action = [
                    "  - id: A99".to_string(),
                    format!("    title: \"{ADDED_ACTION}\""),
                    format!("    owner: {owner}"),
                    format!("    due: {due}"),
                    "    status: open".to_string(),
                ];
                lines.splice(end..end, action);
            }
            Expect::Action(odd)
        }
        "report" => {
            // The copy: another file name gives it another slug; without
            // `id:` it takes no other report's id.
            lines.retain(|l| !l.starts_with("id: "));
            Expect::Added(odd)
        }
        other => panic!("no edit of kind {other}: {}", ALL.join(", ")),
    };
    let mut text = lines.join("\n");
    text.push('\n');
    (text, expect)
}

/// Puts `item` first in the list whose key is on line `i`, in its flow
/// (`key: [a, b]`) or block (`key:` then `  - a`) style: in place of the
/// first item (`replace`), or before it.
fn list_item(lines: &mut Vec<String>, i: usize, item: &str, replace: bool) {
    if let Some(at) = lines[i].find('[') {
        let (head, rest) = lines[i].split_at(at + 1);
        let rest = match (replace, rest.find([',', ']'])) {
            (true, Some(end)) => rest[end..].trim_start_matches(',').trim_start().to_string(),
            _ => rest.to_string(),
        };
        let sep = if rest.starts_with(']') { "" } else { ", " };
        lines[i] = format!("{head}{item}{sep}{rest}");
    } else if replace {
        lines[i + 1] = format!("  - {item}");
    } else {
        lines.insert(i + 1, format!("  - {item}"));
    }
}

/// `line` with every date in it (`YYYY-MM-DD`) moved by `days`.
fn shift_dates(line: &str, days: i64) -> String {
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        let date = line
            .get(i..i + 10)
            .filter(|d| bytes[i].is_ascii_digit() && d.as_bytes()[4] == b'-')
            .and_then(|d| d.parse::<NaiveDate>().ok());
        match date {
            Some(d) => {
                out.push_str(&(d + chrono::Duration::days(days)).to_string());
                i += 10;
            }
            None => {
                let c = line[i..].chars().next().expect("a char");
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// A slug no report has, made of the report's id.
fn original_slug(text: &str) -> String {
    let id = text
        .lines()
        .find_map(|l| l.strip_prefix("id: "))
        .expect("the report has an id");
    format!("edited-{}", id.trim().to_lowercase())
}

/// The stages in the order the builder runs them.
const STAGES: [&str; 7] = [
    "configuration",
    "load, parse, validate",
    "git, model, audience",
    "indexes",
    "templates, theme",
    "routes",
    "render changed pages",
];

/// Time the current thread has spent on a CPU (Linux), which time spent
/// waiting for a CPU on a busy machine does not inflate.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn stats(values: &[f64]) -> String {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = match sorted.len() {
        0 => f64::NAN,
        l if l % 2 == 1 => sorted[l / 2],
        l => (sorted[l / 2 - 1] + sorted[l / 2]) / 2.0,
    };
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    // The nearest-rank 95th percentile: the value that 95% of the runs
    // are at or under.
    let p95 = sorted[((0.95 * n).ceil() as usize).clamp(1, sorted.len()) - 1];
    format!(
        "{mean:7.1} ± {sd:5.1}  median {median:7.1}  p95 {p95:7.1}  max {max:7.1}  (min {min:.1})"
    )
}
