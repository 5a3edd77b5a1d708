//! Tests of the render stage: a page rendered alone is the page of the
//! whole site; a site whose templates are copies of the built-in ones is
//! the same site; long lists are cut into pages; and docs/templates.md
//! describes exactly the variables templates receive.

use super::*;
use crate::output::Memory;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// The plan of the site in `site_dir`, for the internal audience.
fn plan(site_dir: &Path) -> Plan {
    let config = crate::config::load(site_dir).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let options = crate::pipeline::Options {
        today,
        only: None,
        keep_reports: true,
    };
    let outcome = crate::pipeline::run(site_dir, &config, &options).unwrap();
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    let site = crate::site::Untrimmed::new(
        config,
        today,
        outcome.reports,
        outcome.files.attachments,
        Default::default(),
        true,
    );
    let site = crate::site::audience::trim(site, crate::site::Audience::Internal);
    let site = Prepared::new(site);
    let tera = templates::load(site_dir).unwrap();
    let theme = theme::files(site_dir, "default").unwrap();
    Plan::new(site, tera, theme)
}

#[test]
fn one_file_rendered_alone_is_the_same_as_in_the_whole_site() {
    let dir = std::env::temp_dir().join(format!("retrospect-plan-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    let report = |title: &str, link: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2025-03-14\nseverity: minor\nstatus: draft\nstarted: \"09:00\"\n\
             services: [db]\nactions:\n  - title: Fix it\n    owner: sam\n    due: 2025-06-01\n---\n\
             See [the graph]({link}).\n"
        )
    };
    std::fs::write(
        dir.join("reports/2025-03-14-db.md"),
        report("Database", "graph.png"),
    )
    .unwrap();
    std::fs::write(dir.join("reports/2025-03-15-web.md"), report("Web", "")).unwrap();
    std::fs::write(dir.join("reports/graph.png"), b"png").unwrap();
    std::fs::write(dir.join("reports/unlinked.png"), b"png").unwrap();
    let plan = plan(&dir);
    // A plan that never renders the whole site renders each page's own
    // rows (as `serve` does); the bytes must be the same.
    let lazy = self::plan(&dir);

    let all = Memory::default();
    let stats = plan.render_all(&all).unwrap();
    let all = all.into_sorted();
    assert_eq!(stats.pages, plan.page_count());
    assert!(all.iter().any(|o| o.path == "reports/db/graph.png"));
    for output in &all {
        let lazily = lazy
            .render_path(&output.path)
            .unwrap_or_else(|| panic!("{} has no route", output.path))
            .unwrap();
        assert!(lazily.contains(output), "{} differs when lazy", output.path);
        let alone = plan
            .render_path(&output.path)
            .unwrap_or_else(|| panic!("{} has no route", output.path))
            .unwrap();
        assert!(alone.contains(output), "{} differs", output.path);
    }
    let paths = plan.paths();
    let mut listed: Vec<&str> = paths.iter().map(String::as_str).collect();
    listed.push("reports/db/graph.png");
    listed.sort();
    let mut written: Vec<&str> = all.iter().map(|o| o.path.as_str()).collect();
    written.sort();
    assert_eq!(listed, written);

    // One page per kind of page (so per template), the smallest.
    let samples = plan.samples();
    let samples: Vec<&str> = samples.iter().map(String::as_str).collect();
    // Twelve kinds: the metrics page is one, and the review agenda
    // another (internal sites only).
    assert_eq!(samples.len(), 12, "{samples:?}");
    assert!(samples.contains(&"404.html") && samples.contains(&"actions/owners/sam/index.html"));
    assert!(
        samples.contains(&"reports/web/index.html"),
        "the shorter report: {samples:?}"
    );
    for missing in [
        "nope.html",
        "reports/db/unlinked.png",
        "reports/web/graph.png",
        "reports/x/a.png",
    ] {
        assert!(plan.render_path(missing).is_none(), "{missing}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The example site, copied into a folder of its own with 41 short drafts
/// more in 2019, so that a list page has more than 40 reports, and with
/// `templates` (name, text) in its `templates/`.
fn example_site(name: &str, templates: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("retrospect-render-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-reports");
    for entry in walkdir::WalkDir::new(&example) {
        let entry = entry.unwrap();
        let to = dir.join(entry.path().strip_prefix(&example).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    std::fs::create_dir_all(dir.join("reports/2019")).unwrap();
    for n in 1..=41 {
        let report = format!(
            "---\ntitle: Filler {n}\ndate: 2019-01-{:02}\nseverity: minor\nstatus: draft\n\
             started: \"09:00\"\nservices: [api]\nactions:\n  - title: Check {n}\n    owner: priya-n\n    due: 2019-06-01\n    status: done\n---\nText.\n",
            n % 28 + 1
        );
        std::fs::write(dir.join(format!("reports/2019/filler-{n}.md")), report).unwrap();
    }
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    for (name, text) in templates {
        std::fs::write(dir.join("templates").join(name), text).unwrap();
    }
    dir
}

fn render_all(plan: &Plan) -> Vec<Output> {
    let memory = Memory::default();
    plan.render_all(&memory).unwrap();
    memory.into_sorted()
}

/// A site whose templates are copies of the built-in ones is the same
/// site, byte for byte: the built-in templates get no variable of their
/// own, and a site's templates lose none.
#[test]
fn copies_of_the_built_in_templates_make_the_same_site() {
    let copies: Vec<(&str, &str)> = templates::BUILT_IN
        .iter()
        .filter(|(name, _)| {
            [
                "actions.html",
                "actions_by_report.html",
                "list.html",
                "base.html",
                "macros.html",
                // A site's own rows are rendered for each depth, not shared
                // with a mark where `root` goes: the same bytes.
                "action_row.html",
                "report_row.html",
            ]
            .contains(name)
        })
        .copied()
        .collect();
    let built_in = example_site("built-in", &[]);
    let copied = example_site("copied", &copies);
    let (lean, full) = (plan(&built_in), plan(&copied));
    let (lean, full) = (render_all(&lean), render_all(&full));
    assert!(lean.iter().any(|o| o.path == "years/2019/index.html"));
    assert_eq!(lean.len(), full.len());
    // Attachments are copied from each site's own folder: their bytes.
    let bytes = |o: &Output| match &o.content {
        crate::output::Content::Bytes(b) => b.clone(),
        crate::output::Content::Copy(path) => std::fs::read(path).unwrap(),
    };
    for (a, b) in lean.iter().zip(&full) {
        assert_eq!(a.path, b.path);
        assert!(bytes(a) == bytes(b), "{} differs", a.path);
    }
    let _ = std::fs::remove_dir_all(&built_in);
    let _ = std::fs::remove_dir_all(&copied);
}

/// Issue 19: on a site cut into pages, an action's rows and a report's row
/// shared by tables of every depth (with a mark where `root` goes) are the
/// bytes of rows rendered for each page alone (as `serve` does); an action
/// or a report whose title holds the mark keeps it.
#[test]
fn paged_lists_rendered_alone_are_the_same_as_in_the_whole_site() {
    let dir = example_site("paged", &[]);
    let config = dir.join("retrospect.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\npaginate: 3\n")).unwrap();
    let mark = "\u{FDD0}\u{FDD1}";
    let filler = dir.join("reports/2019/filler-7.md");
    let text = std::fs::read_to_string(&filler).unwrap();
    std::fs::write(
        &filler,
        text.replace("title: Check 7", &format!("title: Check {mark} 7"))
            .replace("title: Filler 7", &format!("title: Filler {mark} 7")),
    )
    .unwrap();
    let (whole, lazy) = (plan(&dir), plan(&dir));
    let all = render_all(&whole);
    let html = |o: &Output| match &o.content {
        crate::output::Content::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
        crate::output::Content::Copy(_) => String::new(),
    };
    let pages: Vec<&Output> = all.iter().filter(|o| o.path.ends_with(".html")).collect();
    assert!(pages.iter().any(|o| o.path == "actions/page/2/index.html"));
    assert!(
        pages
            .iter()
            .any(|o| o.path == "actions/owners/priya-natarajan/page/2/index.html")
    );
    let with_mark = pages
        .iter()
        .filter(|o| html(o).contains(&format!("Check {mark} 7")))
        .count();
    // Its report's page, and its page of each list it is on.
    assert!(
        with_mark >= 4,
        "{with_mark} pages show the action with the mark"
    );
    // The report's row, on its year's, severity's and service's lists.
    let listed = pages
        .iter()
        .filter(|o| !o.path.starts_with("reports/"))
        .filter(|o| html(o).contains(&format!("Filler {mark} 7</a>")))
        .count();
    assert!(listed >= 3, "{listed} lists show the report with the mark");
    for output in pages {
        let alone = lazy.render_path(&output.path).unwrap().unwrap();
        assert!(alone.contains(output), "{} differs when alone", output.path);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every template of a site that prints the variables it gets.
const DUMP: &str = "{{ __tera_context }}";

/// The first JSON value in `text` (rows are concatenated).
fn first_json(text: &str) -> Value {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("no JSON in {text:.200}"))
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|map| map.keys().cloned().collect())
        .unwrap_or_default()
}

/// A documented table: each row's field names, and the `{…}` shape its
/// meaning gives (the fields of a map, or of a list's items).
type Table = Vec<(Vec<String>, Option<BTreeSet<String>>)>;

/// The tables of docs/templates.md, by the heading above each.
fn documented() -> std::collections::BTreeMap<String, Table> {
    let docs = include_str!("../../docs/templates.md");
    let mut tables = std::collections::BTreeMap::<String, Table>::new();
    let mut heading = String::new();
    for line in docs.lines() {
        if line.starts_with("## ") {
            heading.clear();
        }
        if let Some(title) = line.strip_prefix("### ") {
            heading = title.trim().to_string();
            // A heading without a table documents no variables.
            tables.entry(heading.clone()).or_default();
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if heading.is_empty()
            || !line.starts_with('|')
            || cells.len() < 4
            || cells[1].starts_with("---")
        {
            continue;
        }
        if matches!(cells[1], "field" | "template") {
            continue;
        }
        let mut names = backticked(cells[1]);
        if heading == "Fragments" {
            // The template, then its variables.
            names.extend(backticked(cells[2]));
        }
        let shape = cells[3].split_once('{').and_then(|(_, rest)| {
            let inside = rest.split_once('}')?.0;
            Some(
                inside
                    .split(',')
                    .filter_map(|part| part.split_whitespace().next())
                    .map(|name| {
                        name.trim_matches(|c: char| !c.is_alphanumeric() && c != '_')
                            .to_string()
                    })
                    .collect(),
            )
        });
        tables
            .entry(heading.clone())
            .or_default()
            .push((names, shape));
    }
    tables
}

/// The names in backticks in `text`, without marks such as `¹`.
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|name| name.trim_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '.'))
        .map(str::to_string)
        .collect()
}

/// Checks one documented table against the variables of `objects` (every
/// page of a kind): the same names, and each `{…}` shape against the first
/// value of the field that has one.
fn check(
    tables: &std::collections::BTreeMap<String, Table>,
    heading: &str,
    objects: &[&Value],
    extra: &BTreeSet<String>,
) {
    // `### An action (in …)` is found by `An action`.
    let table = tables
        .iter()
        .find(|(title, _)| *title == heading || title.starts_with(&format!("{heading} (")))
        .map(|(_, table)| table)
        .unwrap_or_else(|| panic!("docs/templates.md has no `### {heading}`"));
    let mut documented: BTreeSet<String> = extra.clone();
    for (names, shape) in table {
        documented.extend(names.iter().cloned());
        let Some(shape) = shape else { continue };
        for name in names {
            let example = objects.iter().find_map(|o| match &o[name.as_str()] {
                Value::Array(items) => items.first().cloned(),
                Value::Object(map) if !map.is_empty() => Some(Value::Object(map.clone())),
                _ => None,
            });
            if let Some(example) = example {
                assert_eq!(
                    &keys(&example),
                    shape,
                    "the fields of `{name}` under `### {heading}`"
                );
            }
        }
    }
    for object in objects {
        assert_eq!(
            keys(object),
            documented,
            "the variables under `### {heading}`"
        );
    }
}

/// docs/templates.md describes exactly the variables each template gets:
/// every page's template of a site prints them, and each documented table
/// must name the same fields, and the same fields of the maps it shows
/// as `{…}`.
#[test]
fn docs_describe_exactly_what_templates_receive() {
    let mut dumps: Vec<(&str, &str)> = templates::BUILT_IN
        .iter()
        .filter(|(name, _)| !["base.html", "macros.html"].contains(name))
        .map(|(name, _)| (*name, DUMP))
        .collect();
    dumps.push(("base.html", DUMP));
    let dir = example_site("docs", &dumps);
    let plan = plan(&dir);
    let outputs = render_all(&plan);
    let page = |path: &str| -> Value {
        let output = outputs
            .iter()
            .find(|o| o.path == path)
            .unwrap_or_else(|| panic!("no {path}"));
        match &output.content {
            crate::output::Content::Bytes(bytes) => first_json(std::str::from_utf8(bytes).unwrap()),
            crate::output::Content::Copy(_) => panic!("{path} is a copy"),
        }
    };
    let pages_under = |prefix: &str| -> Vec<Value> {
        outputs
            .iter()
            .filter(|o| o.path.starts_with(prefix) && o.path.ends_with("index.html"))
            .filter(|o| o.path.matches('/').count() == prefix.matches('/').count() + 1)
            .map(|o| page(&o.path))
            .collect()
    };
    let tables = documented();
    let none = BTreeSet::new();
    let without = |page: &Value| -> Value {
        let mut page = page.clone();
        let map = page.as_object_mut().unwrap();
        map.remove("site");
        map.remove("page");
        page
    };

    let home = page("index.html");
    check(&tables, "`site`", &[&home["site"]], &none);
    check(&tables, "`page`", &[&home["page"]], &none);
    let reports = pages_under("reports/");
    let report_views: Vec<&Value> = reports.iter().map(|r| &r["report"]).collect();
    let summary = &home["reports"][0];
    check(&tables, "A report summary", &[summary], &none);
    check(
        &tables,
        "A report view (`report`)",
        &report_views,
        &keys(summary),
    );
    let actions = page("actions/index.html");
    check(&tables, "An action", &[&actions["actions"][0]], &none);

    let owners = pages_under("actions/owners/");
    let years = pages_under("years/");
    for (template, pages) in [
        ("index.html", vec![home.clone()]),
        ("report.html", reports.clone()),
        (
            "agenda.html",
            outputs
                .iter()
                .filter(|o| o.path.ends_with("/agenda/index.html"))
                .map(|o| page(&o.path))
                .collect(),
        ),
        ("actions.html", [vec![actions.clone()], owners].concat()),
        ("owners.html", vec![page("actions/owners/index.html")]),
        (
            "actions_by_report.html",
            vec![page("actions/reports/index.html")],
        ),
        ("browse.html", vec![page("browse/index.html")]),
        ("list.html", years),
        ("search.html", vec![page("search/index.html")]),
        ("metrics.html", vec![page("metrics/index.html")]),
        ("404.html", vec![page("404.html")]),
    ] {
        let pages: Vec<Value> = pages.iter().map(without).collect();
        let pages: Vec<&Value> = pages.iter().collect();
        check(&tables, &format!("`{template}`"), &pages, &none);
    }

    // The fragments: their variables, in the table under `### Fragments`.
    let fragments = &tables["Fragments"];
    let variables = |template: &str| -> BTreeSet<String> {
        let (names, _) = fragments
            .iter()
            .find(|(names, _)| names.first().map(String::as_str) == Some(template))
            .unwrap_or_else(|| panic!("no row for `{template}` under `### Fragments`"));
        names[1..].iter().cloned().collect()
    };
    let action = keys(&actions["actions"][0]);
    let row = first_json(actions["action_rows_html"].as_str().unwrap());
    assert_eq!(keys(&row), &action | &variables("action_row.html"));
    let list = page("years/2019/index.html");
    let row = first_json(list["report_rows_html"].as_str().unwrap());
    assert_eq!(keys(&row), &keys(summary) | &variables("report_row.html"));
    let header = first_json(home["page"]["header_html"].as_str().unwrap());
    assert_eq!(keys(&header), variables("header.html"));
    let footer = first_json(home["page"]["footer_html"].as_str().unwrap());
    assert_eq!(keys(&footer), variables("footer.html"));

    // `summary.md` gets the summary's view of each report.
    let summaries: Vec<Value> = plan
        .site()
        .reports()
        .iter()
        .map(|r| {
            let first = summary::first_occurrence(plan.site(), r);
            engine::value(&summary::view(plan.site(), r, first, true))
        })
        .collect();
    let summaries: Vec<&Value> = summaries.iter().collect();
    check(&tables, "`summary.md`", &summaries, &none);
    let _ = std::fs::remove_dir_all(&dir);
}
