//! Reminders without a server: each owner's and team's actions.ics (with
//! alarms) and Atom feed, linked from their pages, and reviews.ics.

use crate::support::{TempDir, VALID_REPORT, bin, run};

const CONFIG: &str = "title: Incidents
base_url: https://incidents.example/
people:
  sam: { name: Sam Okoro, team: platform }
  jo: { name: Jo Bloggs, team: payments }
reminders:
  days_before: 5
";

/// Two reports: one with an open action overdue as of 2026-07-10 and one
/// done, one with an action due later and a review still to come.
fn site() -> TempDir {
    let site = TempDir::new("reminders");
    site.write("retrospect.yaml", CONFIG);
    site.write(
        "reports/2025-03-14-cache.md",
        VALID_REPORT.replace(
            "actions:\n  - title: Stagger cache restarts in upgrades\n    owner: sam\n    due: 2026-06-30\n",
            "actions:\n  - title: Stagger cache restarts in upgrades\n    owner: sam\n    due: 2026-06-30\n  - title: Alert on hit ratio\n    owner: sam\n    status: done\n",
        ),
    );
    site.write(
        "reports/2026-07-01-queue.md",
        VALID_REPORT
            .replace("id: INC-2025-010", "id: INC-2026-001")
            .replace("date: 2025-03-14", "date: 2026-07-01")
            .replace("title: Checkout", "title: Queue")
            .replace("status: published", "status: in-review")
            .replace(
                "owner: sam\n    due: 2026-06-30",
                "owner: jo\n    due: 2026-08-15",
            )
            .replace("  date: 2025-03-20", "  date: 2026-07-14"),
    );
    site
}

fn build(site: &TempDir, audience: &str) -> std::path::PathBuf {
    let out = site.0.join(format!("out-{audience}"));
    let built = run(bin()
        .arg("build")
        .arg(&site.0)
        .arg("--out")
        .arg(&out)
        .args(["--audience", audience, "--today", "2026-07-10"]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    out
}

fn read(out: &std::path::Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The VEVENT blocks of a calendar.
fn events(ics: &str) -> Vec<&str> {
    ics.split("BEGIN:VEVENT").skip(1).collect()
}

#[test]
fn each_owner_and_team_has_a_calendar_with_alarms_and_a_feed() {
    let site = site();
    let out = build(&site, "internal");
    let sam = read(&out, "actions/owners/sam-okoro/actions.ics");
    let events_of_sam = events(&sam);
    assert_eq!(
        events_of_sam.len(),
        1,
        "the done action has no event:\n{sam}"
    );
    let event = events_of_sam[0];
    assert!(event.contains("DTSTART;VALUE=DATE:20260630"), "{event}");
    assert!(
        event.contains("SUMMARY:Stagger cache restarts in upgrades (Sam Okoro)"),
        "{event}"
    );
    assert!(
        event.contains("URL:https://incidents.example/reports/cache/"),
        "{event}"
    );
    assert!(event.contains("BEGIN:VALARM"), "{event}");
    // Five days (432,000 seconds) before the start of the due day.
    assert!(
        event.contains("TRIGGER;RELATED=START:-PT432000S"),
        "{event}"
    );
    assert!(
        event.contains("UID:cache-A1-alarm@incidents.example"),
        "{event}"
    );
    assert_eq!(
        event.matches("DTSTAMP:20260710T000000Z").count(),
        2,
        "{event}"
    );
    assert!(event.contains("ACTION:DISPLAY"), "{event}");

    let feed = read(&out, "actions/owners/sam-okoro/feed.xml");
    assert_eq!(feed.matches("<entry>").count(), 1, "{feed}");
    assert!(
        feed.contains("<title>Stagger cache restarts in upgrades (overdue by 10 days)</title>"),
        "{feed}"
    );
    assert!(
        feed.contains("https://incidents.example/actions/owners/sam-okoro/feed.xml"),
        "{feed}"
    );
    let jo = read(&out, "actions/owners/jo-bloggs/feed.xml");
    assert!(jo.contains("(due 15 Aug 2026)"), "{jo}");

    // Teams: the actions of their people.
    let platform = read(&out, "actions/teams/platform/actions.ics");
    assert_eq!(events(&platform).len(), 1);
    assert!(platform.contains("Stagger cache restarts"));
    let payments = read(&out, "actions/teams/payments/actions.ics");
    assert_eq!(events(&payments).len(), 1);
    assert!(
        payments.contains("DTSTART;VALUE=DATE:20260815"),
        "{payments}"
    );

    // Linked from their pages.
    let page = read(&out, "actions/owners/sam-okoro/index.html");
    assert!(
        page.contains("href=\"../../../actions/owners/sam-okoro/actions.ics\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../../actions/owners/sam-okoro/feed.xml\""),
        "{page}"
    );
    let owners = read(&out, "actions/owners/index.html");
    assert!(
        owners.contains("href=\"../../actions/teams/platform/actions.ics\""),
        "{owners}"
    );
    assert!(
        owners.contains("href=\"../../actions/teams/payments/feed.xml\""),
        "{owners}"
    );
}

#[test]
fn reviews_to_come_are_in_reviews_ics_on_the_internal_site_only() {
    let site = site();
    let out = build(&site, "internal");
    let ics = read(&out, "reviews.ics");
    let reviews = events(&ics);
    assert_eq!(reviews.len(), 1, "the 2025 review is past:\n{ics}");
    assert!(reviews[0].contains("DTSTART;VALUE=DATE:20260714"), "{ics}");
    assert!(
        reviews[0].contains("SUMMARY:Review: Queue latency"),
        "{ics}"
    );

    // The review agenda: the meeting run from the report.
    let agenda = read(&out, "reports/queue/agenda/index.html");
    for part in [
        "1. The prime directive",
        "Regardless of what we discover",
        "2. The timeline, walked through",
        "3. What went well",
        "4. What could have gone better",
        "5. The actions to agree",
        "review meeting on <time datetime=\"2026-07-14\">14 July 2026</time>",
    ] {
        assert!(agenda.contains(part), "{part} in:\n{agenda}");
    }
    let report = read(&out, "reports/queue/index.html");
    assert!(
        report.contains("href=\"../../reports/queue/agenda/\""),
        "{report}"
    );

    let public = build(&site, "public");
    assert!(!public.join("reviews.ics").exists());
    assert!(
        !public.join("reports/cache/agenda").exists(),
        "the agenda is internal"
    );
    let page = read(&public, "reports/cache/index.html");
    assert!(!page.contains("agenda"), "no link to it either");
    assert!(
        !public.join("actions/teams").exists(),
        "no people, no teams"
    );
}
