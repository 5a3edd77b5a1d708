//! Long lists cut into pages (`paginate`) and the feed bounded
//! (`feed_limit`): every item on exactly one page, in the list's order, the
//! first page at the list's own URL, links between the pages, the totals
//! kept; the data files stay whole.

use crate::support::{TempDir, bin, copy_tree, example_site, run};
use scraper::{Html, Selector};
use std::path::Path;

/// The example site with these lines added to its configuration, built
/// for the internal audience into `SITE/out`.
fn built(label: &str, config: &str) -> TempDir {
    let site = TempDir::new(label);
    copy_tree(&example_site(), &site.0);
    let yaml = site.0.join("retrospect.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}\n{config}")).unwrap();
    let out = run(bin()
        .arg("build")
        .arg(&site.0)
        .arg("--out")
        .arg(site.0.join("out"))
        .args(["--today", "2026-01-15", "--no-search"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    site
}

fn html(out: &Path, rel: &str) -> Html {
    let path = out.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

/// The `href` of each link of `rel` (`prev`, `next`) in the page's pager.
fn pager_link(page: &Html, rel: &str) -> Option<String> {
    let selector = Selector::parse(&format!(r#"nav.pager a[rel="{rel}"]"#)).unwrap();
    page.select(&selector)
        .next()
        .map(|a| a.value().attr("href").unwrap().to_string())
}

/// The rows of each page of the list whose first page is `first`
/// (`actions/`), following the pages' own `next` links, with the number of
/// pages.
fn rows_of_list(out: &Path, first: &str, rows: &str) -> (Vec<String>, usize) {
    let row = Selector::parse(rows).unwrap();
    let (mut all, mut pages, mut folder) = (Vec::new(), 0, first.to_string());
    loop {
        let page = html(out, &format!("{folder}index.html"));
        pages += 1;
        let here: Vec<String> = page.select(&row).map(|r| r.html()).collect();
        assert!(
            !here.is_empty() && here.len() <= 3,
            "{folder}: {} rows",
            here.len()
        );
        all.extend(here);
        let prev = pager_link(&page, "prev");
        assert_eq!(
            prev.is_some(),
            pages > 1,
            "{folder}: a link to the page before"
        );
        match pager_link(&page, "next") {
            // Links are relative to the page: from its root.
            Some(next) => {
                let depth = folder.matches('/').count();
                let root = "../".repeat(depth);
                folder = next
                    .strip_prefix(&root)
                    .expect("a link from the root")
                    .to_string();
                assert_eq!(folder, format!("{first}page/{}/", pages + 1));
            }
            None => break,
        }
    }
    (all, pages)
}

#[test]
fn long_lists_are_cut_into_pages_with_every_item_on_one() {
    let site = built("pages", "paginate: 3\nfeed_limit: 2\n");
    let out = site.0.join("out");
    let actions: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("actions.json")).unwrap()).unwrap();
    let total = actions["actions"].as_array().unwrap().len();
    assert!(total > 6, "the example site has {total} actions");

    // Every action once, in the order of actions.json (soonest due first).
    let (rows, pages) = rows_of_list(&out, "actions/", "table.actions-table tbody tr");
    assert_eq!(pages, total.div_ceil(3));
    assert_eq!(rows.len(), total);
    for (row, action) in rows.iter().zip(actions["actions"].as_array().unwrap()) {
        let (title, report) = (&action["title_html"], &action["report_url"]);
        let title = title.as_str().unwrap();
        let report = report.as_str().unwrap();
        assert!(
            row.contains(title) && row.contains(report),
            "{action} not in {row}"
        );
    }
    assert!(
        !out.join(format!("actions/page/{}/index.html", pages + 1))
            .exists()
    );
    // The totals are the whole list's, on every page.
    let last =
        std::fs::read_to_string(out.join(format!("actions/page/{pages}/index.html"))).unwrap();
    assert!(last.contains(&format!("All actions ({total})")), "{last}");
    assert!(last.contains(&format!("of {total}</p>")), "{last}");

    // A group of reports, and the reports with actions, likewise.
    let mut paged_groups = 0;
    for entry in std::fs::read_dir(out.join("severity")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let first = format!("severity/{name}/");
        if std::fs::read_to_string(out.join(&first).join("index.html"))
            .unwrap()
            .contains("No reports yet.")
        {
            continue;
        }
        let (rows, pages) = rows_of_list(&out, &first, "ol.report-list > li");
        paged_groups += usize::from(pages > 1);
        assert_eq!(pages, rows.len().div_ceil(3), "{first}");
    }
    assert!(paged_groups > 0, "a severity with more than 3 reports");
    let (groups, pages) = rows_of_list(&out, "actions/reports/", "section.report-group");
    assert!(pages > 1 && groups.len() > 3);

    // The feed: the newest two published reports.
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let feed = atom_syndication::Feed::read_from(feed.as_bytes()).unwrap();
    assert_eq!(feed.entries().len(), 2);
}

#[test]
fn by_default_the_example_site_has_one_page_per_list_and_every_report_in_its_feed() {
    let site = built("pages-default", "");
    let out = site.0.join("out");
    let paged = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.path().to_string_lossy().contains("/page/"));
    assert!(!paged, "a list of the example site on more than one page");
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let feed = atom_syndication::Feed::read_from(feed.as_bytes()).unwrap();
    let reports: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("reports.json")).unwrap()).unwrap();
    let published = reports["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "published")
        .count();
    assert!(published > 2);
    assert_eq!(feed.entries().len(), published);
}

#[test]
fn each_browse_list_names_its_own_section_in_the_breadcrumb() {
    let site = built("pages-breadcrumb", "");
    let out = site.0.join("out");
    let lists = [
        ("severity", "severity", "Severity"),
        ("services", "service", "Services"),
        ("tags", "tag", "Tags"),
        ("kinds", "kind", "Kinds of incident"),
        ("affected", "affected", "Affected groups"),
        ("factors", "factor", "Contributing factors"),
        ("years", "year", "Years"),
    ];
    let crumb = Selector::parse("nav.breadcrumb li:nth-child(2) a").unwrap();
    for (folder, kind, label) in lists {
        let first = std::fs::read_dir(out.join(folder))
            .unwrap_or_else(|e| panic!("{folder}/: {e}"))
            .filter_map(Result::ok)
            .find(|e| e.path().join("index.html").is_file())
            .unwrap_or_else(|| panic!("a page in {folder}/"));
        let rel = format!(
            "{folder}/{}/index.html",
            first.file_name().to_string_lossy()
        );
        let page = html(&out, &rel);
        let link = page
            .select(&crumb)
            .next()
            .unwrap_or_else(|| panic!("{rel}: a breadcrumb"));
        assert_eq!(link.text().collect::<String>(), label, "{rel}");
        let href = link.value().attr("href").unwrap();
        assert!(
            href.ends_with(&format!("browse/#browse-{kind}")),
            "{rel}: {href}"
        );
    }
}

/// The home page is given the newest 30 reports and the first ten overdue
/// actions and actions due soon (`HOME_REPORTS`, `HOME_ACTIONS`): it lists
/// those, shows five of each kind of action, and counts them all from the
/// whole site, not from what it was given.
#[test]
fn the_home_page_lists_the_newest_and_counts_every_action_it_does_not_show() {
    let dir = TempDir::new("pages-home");
    let site = dir.0.join("site");
    crate::corpus::gen_corpus::generate(300, 7, crate::corpus::gen_corpus::Shape::Realistic, &site)
        .unwrap();
    let out = dir.0.join("out");
    let built = run(bin().arg("build").arg(&site).arg("--out").arg(&out).args([
        "--today",
        "2026-01-15",
        "--no-search",
    ]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    let json = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(name)).unwrap()).unwrap()
    };
    let (reports, actions) = (json("reports.json"), json("actions.json"));
    let reports = reports["reports"].as_array().unwrap();
    let actions = actions["actions"].as_array().unwrap();
    let page = html(&out, "index.html");
    let texts = |selector: &str| -> Vec<String> {
        let selector = Selector::parse(selector).unwrap();
        page.select(&selector)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    };

    // The newest 30 reports, in the order of reports.json (newest first).
    let newest: Vec<String> = reports[..30]
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts(".home-reports .report-list > li .card-title"), newest);

    // Five overdue actions, the most overdue first, and all of them counted.
    let mut overdue: Vec<(i64, String)> = actions
        .iter()
        .filter_map(|a| {
            Some((
                a["overdue_days"].as_i64()?,
                a["title"].as_str()?.to_string(),
            ))
        })
        .collect();
    assert!(
        overdue.len() > 10,
        "more than the home page is given: {}",
        overdue.len()
    );
    overdue.sort_by_key(|a| std::cmp::Reverse(a.0));
    let shown = texts("section[aria-labelledby=overdue-title] .digest-title");
    assert_eq!(shown.len(), 5, "{shown:?}");
    for (title, (days, expected)) in shown.iter().zip(&overdue) {
        assert_eq!(title, expected, "overdue by {days} days");
    }
    assert_eq!(
        texts("section[aria-labelledby=overdue-title] .panel-foot"),
        [format!("All {} overdue actions", overdue.len())]
    );

    // Due soon: counted from the whole site too.
    let soon = actions.iter().filter(|a| a["due_soon"] == true).count();
    let foot = if soon > 5 {
        format!("All {soon} actions due soon")
    } else {
        "Actions due soon in a table".to_string()
    };
    assert_eq!(
        texts("section[aria-labelledby=soon-title] .panel-foot"),
        [foot]
    );
}
