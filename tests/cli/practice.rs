//! The practice on the site (issue 16): what a report page, the home page,
//! the browse and search pages show of roles, updates, who was affected,
//! kinds, working hours, known issues, recommendations and investigations,
//! outcomes, reviews and recurrences, for each audience.

use crate::support::{TempDir, VALID_REPORT, bin, run};
use scraper::{Html, Selector};
use std::path::Path;

const CONFIG: &str = "title: Practice\n\
people:\n  sam: {name: Sam Lee, team: platform}\n  ana: {name: Ana Ruiz, team: support}\n\
working_hours:\n  - {timezone: Europe/London, days: [mon-fri], start: \"09:00\", end: \"17:30\"}\n\
prime_directive: {show: true}\n";

/// A published public report with every addition; it started at 08:00 on
/// a Friday in London: out of hours.
fn first() -> String {
    VALID_REPORT
        .replace("id: INC-2025-010", "id: INC-1")
        .replace("severity: major", "severity: major\nkind: slow")
        .replace("started: \"09:00\"", "started: \"08:00\"")
        .replace(
            "lead: sam\n",
            "lead: sam\nroles:\n  - {role: comms, person: ana, until: \"09:20\"}\n  - {role: comms, person: sam, from: \"09:20\"}\n\
             communications:\n  - {at: \"09:10\", audience: internal, channel: chat, summary: Internal heads-up.}\n\
             \x20 - {at: \"09:15\", audience: clients, channel: email, summary: Checkout is slow for you.}\n\
             investigations:\n  - {question: Why was the alert late?, owner: sam}\n\
             known_issues:\n  - {description: Carts show stale prices., link: \"https://t.example/K\"}\n\
             \x20 - {description: Old receipts were wrong., resolved: 2025-04-01}\n",
        )
        .replace(
            "  data_loss: false\n",
            "  data_loss: true\n  affected: [Web shoppers, {name: Acme Travel, kind: clients}]\n  data_lost: {what: Queued receipts, amount: about 40, recovered: false}\n",
        )
        .replace(
            "recommendations:\n  - Warm caches before moving traffic.\n",
            "recommendations:\n  - Warm caches before moving traffic.\n  - {text: Freeze deploys., declined: Too costly.}\n  - {text: Page two people., kind: process, horizon: lasting}\n",
        )
        .replace(
            "    due: 2026-06-30\n",
            "    due: 2026-06-30\n    recommendation: 1\n  - title: Roll back\n    owner: sam\n    status: done\n    outcome: Rolled back in PR 12.\n",
        )
        .replace("  attendees: [jo, sam]\n", "  attendees: [jo, sam]\n  draft_circulated: 2025-03-17\n")
}

/// The same incident a month later: a recurrence, no review needed.
fn again() -> String {
    VALID_REPORT
        .replace("id: INC-2025-010", "id: INC-2")
        .replace("date: 2025-03-14", "date: 2025-04-14")
        .replace("lead: sam\n", "lead: sam\nrecurrence_of: INC-1\n")
        .replace(
            "Checkout latency after a cache eviction storm",
            "The same cache storm again",
        )
}

fn build(site: &Path, audience: &str) -> std::path::PathBuf {
    let out = site.join(format!("out-{audience}"));
    let result = run(bin().arg("build").arg(site).arg("--out").arg(&out).args([
        "--audience",
        audience,
        "--today",
        "2026-01-15",
    ]));
    assert_eq!(result.code, 0, "{}{}", result.stdout, result.stderr);
    out
}

fn page(out: &Path, path: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join(path)).unwrap())
}

/// The text of every element matching `css`, whitespace collapsed.
fn texts(html: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector)
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn site() -> TempDir {
    let site = TempDir::new("practice");
    site.write("retrospect.yaml", CONFIG);
    site.write("reports/2025-03-14-cache.md", first());
    site.write("reports/2025-04-14-again.md", again());
    let check =
        run(bin()
            .arg("check")
            .arg(&site.0)
            .args(["--today", "2026-01-15", "--deny-warnings"]));
    assert_eq!(check.code, 0, "{}", check.stdout);
    site
}

#[test]
fn a_report_page_shows_the_practice_to_the_internal_audience() {
    let site = site();
    let out = build(&site.0, "internal");
    let report = page(&out, "reports/cache/index.html");
    let all = texts(&report, "article.report").join(" ");
    // Roles, with the hand-over of comms, by name.
    assert_eq!(
        texts(&report, ".roles li"),
        [
            "Incident lead Sam Lee",
            "Communications Ana Ruiz until 09:20",
            "Communications Sam Lee from 09:20"
        ]
    );
    assert!(all.contains("Kind Slow"), "{all}");
    assert!(all.contains("Started out of hours."), "{all}");
    assert!(all.contains("The prime directive: Regardless of what we discover"));
    // Updates: listed, and on their own lane of the timeline, in order.
    assert_eq!(
        texts(&report, ".update-text"),
        ["Internal heads-up.", "Checkout is slow for you."]
    );
    let lanes = texts(&report, ".timeline tbody tr.tl-update .tl-event");
    assert_eq!(
        lanes,
        [
            "Update to internal chat: Internal heads-up.",
            "Update to clients email: Checkout is slow for you."
        ]
    );
    let rows = texts(&report, ".timeline tbody tr .tl-time");
    assert_eq!(rows, ["09:00", "09:05", "09:10", "09:15", "09:30"]);
    // Who was affected, and what was lost.
    assert_eq!(
        texts(&report, ".chips-affected .chip"),
        ["Web shoppers", "Acme Travel"]
    );
    assert!(
        all.contains("Queued receipts : about 40; not recovered"),
        "{all}"
    );
    // What became of each recommendation.
    assert_eq!(
        texts(
            &report,
            ".recommendations:not(.investigations) .rec-outcome"
        ),
        [
            "Became action A1.",
            "Declined: Too costly.",
            "Not taken up."
        ]
    );
    assert_eq!(
        texts(&report, ".investigations li"),
        ["I1 Why was the alert late? (Sam Lee) Open."]
    );
    assert_eq!(
        texts(&report, ".known-issues li"),
        [
            "K1 Carts show stale prices. Tracker : K1 Open",
            "K2 Old receipts were wrong. Resolved 1 April 2025"
        ]
    );
    // The outcome of the done action, and not of the open one.
    assert_eq!(
        texts(&report, ".actions-table .outcome"),
        ["Outcome: Rolled back in PR 12."]
    );
    assert!(all.contains("Draft circulated 17 March 2025"), "{all}");
    // The first occurrence lists its recurrence, which links back.
    assert!(all.contains("Recurrences"), "{all}");
    let again = page(&out, "reports/again/index.html");
    let again_text = texts(&again, "article.report").join(" ");
    assert!(
        again_text.contains("Recurrence of INC-1: Checkout latency"),
        "{again_text}"
    );
    // The home page lists the open known issue only.
    let home = page(&out, "index.html");
    assert_eq!(
        texts(&home, ".known-issues-panel .digest-title"),
        ["Carts show stale prices. Tracker : K1"]
    );
    // Kinds and affected groups are browsed and searched.
    assert!(out.join("kinds/slow/index.html").is_file());
    assert!(out.join("affected/acme-travel/index.html").is_file());
    let search = page(&out, "search/index.html");
    let filters = texts(&search, "select[data-filter] option");
    for value in ["Slow", "Acme Travel", "Web shoppers"] {
        assert!(filters.iter().any(|f| f == value), "{filters:?}");
    }
}

#[test]
fn the_public_sees_the_practice_without_names_or_internal_parts() {
    let site = site();
    let out = build(&site.0, "public");
    let report = page(&out, "reports/cache/index.html");
    let all = texts(&report, "article.report").join(" ");
    assert_eq!(
        texts(&report, ".roles li"),
        [
            "Incident lead platform",
            "Communications support until 09:20",
            "Communications platform from 09:20"
        ]
    );
    assert_eq!(
        texts(&report, ".update-text"),
        ["Checkout is slow for you."]
    );
    assert!(texts(&report, ".chips-affected").is_empty(), "{all}");
    assert_eq!(
        texts(&report, ".investigations li"),
        ["I1 Why was the alert late? Open."]
    );
    // Still broken is said on the report, not on the public home page.
    assert_eq!(texts(&report, ".known-issues li").len(), 2);
    assert!(texts(&page(&out, "index.html"), ".known-issues-panel").is_empty());
    assert!(!out.join("affected").exists());
    let browse = texts(&page(&out, "browse/index.html"), "h2");
    assert!(!browse.iter().any(|h| h.contains("affected")), "{browse:?}");
    for name in [
        "Sam Lee",
        "Ana Ruiz",
        "Acme Travel",
        "Web shoppers",
        "Internal heads-up",
    ] {
        let built = walk(&out);
        assert!(
            !built.iter().any(|text| text.contains(name)),
            "{name} is in the public build"
        );
    }
}

/// The text of every HTML and JSON file below `dir`.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path
            .extension()
            .is_some_and(|e| e == "html" || e == "json" || e == "xml")
        {
            out.push(std::fs::read_to_string(&path).unwrap());
        }
    }
    out
}
