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
        .replace(
            "    event: Traffic shifted to the warm region.\n",
            "    event: Traffic shifted to the warm region.\n    kind: mitigate\n",
        )
}

/// The same incident a month later: a recurrence, no review needed.
fn again() -> String {
    VALID_REPORT
        .replace("id: INC-2025-010", "id: INC-2")
        .replace("date: 2025-03-14", "date: 2025-04-14")
        // Its review after it (R060).
        .replace("  date: 2025-03-20", "  date: 2025-04-20")
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

pub(crate) fn site() -> TempDir {
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

fn summary(site: &Path, args: &[&str]) -> crate::support::Run {
    run(bin()
        .arg("summary")
        .args(args)
        .arg("--site")
        .arg(site)
        .args(["--today", "2026-01-15"]))
}

#[test]
fn the_summary_for_stakeholders_reads_as_plain_sentences() {
    let site = site();
    let out = summary(&site.0, &["INC-1"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "On Friday 14 March 2025, checkout was slow for 1 hour 30 minutes, starting outside \
         working hours. One in five checkouts took longer than ten seconds. Affected: about \
         3,000. Data lost: Queued receipts (about 40), not recovered.\n\
         \n\
         What happened. Checkout was slow for 40 minutes while the cache refilled.\n\
         \n\
         The fix. Traffic shifted to the warm region. The incident was closed 1 hour 40 \
         minutes after it began.\n\
         \n\
         As a result we have done the following:\n\
         \n\
         - Roll back: Rolled back in PR 12.\n\
         \n\
         We have agreed to:\n\
         \n\
         - Stagger cache restarts in upgrades, by 30 Jun 2026\n\
         \n\
         Still outstanding:\n\
         \n\
         - Carts show stale prices.\n\
         \n\
         The full report: reports/cache/\n"
    );
    // The report page opens with the same summary, without the link.
    let built = build(&site.0, "internal");
    let report = page(&built, "reports/cache/index.html");
    let brief = texts(&report, "#in-brief p").join("\n");
    assert!(
        brief.starts_with("On Friday 14 March 2025, checkout was slow"),
        "{brief}"
    );
    assert!(!brief.contains("The full report"), "{brief}");
    // Markdown and HTML, by slug too.
    let markdown = summary(&site.0, &["cache", "--format", "markdown"]);
    assert!(
        markdown.stdout.contains("**What happened.**"),
        "{}",
        markdown.stdout
    );
    let html = summary(&site.0, &["INC-1", "--format", "html"]);
    assert!(
        html.stdout.starts_with("<p>On Friday 14 March 2025"),
        "{}",
        html.stdout
    );
    assert!(
        html.stdout
            .contains("<li>Roll back: Rolled back in PR 12.</li>")
    );
    // A recurrence says so, here and in "In brief" on its page.
    let again = summary(&site.0, &["INC-2"]);
    let repeat = "It was a repeat of an earlier incident, \"Checkout latency after a cache eviction storm\".";
    assert!(again.stdout.contains(repeat), "{}", again.stdout);
    let out = build(&site.0, "internal");
    let brief = texts(&page(&out, "reports/again/index.html"), ".in-brief").join(" ");
    assert!(brief.contains(repeat), "{brief}");
}

#[test]
fn a_summary_is_of_a_report_the_audience_sees_and_follows_the_sites_template() {
    let site = site();
    site.write(
        "reports/2025-05-01-inside.md",
        VALID_REPORT
            .replace("id: INC-2025-010", "id: INC-3")
            .replace("visibility: public", "visibility: internal")
            .replace("date: 2025-03-14", "date: 2025-05-01")
            .replace("  date: 2025-03-20", "  date: 2025-05-07"),
    );
    let public = summary(&site.0, &["INC-3", "--audience", "public"]);
    assert_eq!(public.code, 2, "{}", public.stdout);
    assert!(
        public.stderr.contains("no published public report"),
        "{}",
        public.stderr
    );
    assert!(public.stdout.is_empty());
    let typo = summary(&site.0, &["INC-"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("did you mean `INC-1`?"),
        "{}",
        typo.stderr
    );
    // A site's own template, for the command and the page alike.
    site.write(
        "templates/summary.md",
        "Brief: {{ title }}, {{ date_long }}{% if on_page %} (on the page){% endif %}.\n",
    );
    let own = summary(&site.0, &["INC-1"]);
    assert_eq!(
        own.stdout,
        "Brief: Checkout latency after a cache eviction storm, Friday 14 March 2025.\n"
    );
    let built = build(&site.0, "internal");
    let brief = texts(&page(&built, "reports/cache/index.html"), "#in-brief p");
    assert_eq!(
        brief,
        [
            "Brief: Checkout latency after a cache eviction storm, Friday 14 March 2025 (on the page)."
        ]
    );
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
