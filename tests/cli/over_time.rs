//! Open and overdue actions over time (the metrics page, `metrics.json`,
//! `stats --format json`): counted at the end of each month from a small
//! git repository made in a temporary folder, against values worked out by
//! hand; and, without git, the present state with a note saying so.

use crate::support::{TempDir, VALID_REPORT, bin, chart_table as table, git_commit, git_init, run};
use serde_json::Value;
use std::path::Path;

/// The incident of 10 December 2025 with two actions as given (`due`,
/// `status`; an empty due date is none).
fn report(fix1: (&str, &str), fix2: &str) -> String {
    let actions = format!(
        "actions:\n  - id: FIX-1\n    title: Stagger cache restarts\n    owner: sam\n    due: {}\n    status: {}\n\
         \x20 - id: FIX-2\n    title: Alert on hit ratio\n    owner: jo\n    status: {fix2}\n",
        fix1.0, fix1.1
    );
    VALID_REPORT
        .replace(
            "actions:\n  - title: Stagger cache restarts in upgrades\n    owner: sam\n    due: 2026-06-30\n",
            &actions,
        )
        .replace("date: 2025-03-14", "date: 2025-12-10")
        .replace("date: 2025-03-20", "date: 2025-12-10")
}

/// A repository whose site is in `site/`: FIX-1 agreed on 5 January due 15
/// February, moved on 3 March to 20 April, done on 10 May; FIX-2 agreed on
/// 5 January without a due date, dropped (won't do) on 3 March; an internal
/// report's action agreed on 5 January and still open; and a report whose
/// open action is in no commit yet.
fn repository(dir: &TempDir) -> std::path::PathBuf {
    let file = "site/reports/2025-12-10-cache.md";
    let internal = "site/reports/2025-12-11-internal.md";
    git_init(&dir.0);
    dir.write("site/retrospect.yaml", "title: Over time\n");
    dir.write(file, report(("2026-02-15", "open"), "open"));
    dir.write(
        internal,
        VALID_REPORT
            .replace("id: INC-2025-010", "id: INC-2025-012")
            .replace("visibility: public", "visibility: internal")
            .replace("date: 2025-03-14", "date: 2025-12-11")
            .replace("date: 2025-03-20", "date: 2025-12-11")
            .replace("  - title: Stagger", "  - id: INT-1\n    title: Stagger"),
    );
    git_commit(
        &dir.0,
        &["site/retrospect.yaml", file, internal],
        "2026-01-05T10:00:00+00:00",
        "Agree the actions",
    );
    dir.write(file, report(("2026-04-20", "in-progress"), "wont-do"));
    git_commit(
        &dir.0,
        &[file],
        "2026-03-03T10:00:00+00:00",
        "Move FIX-1, drop FIX-2",
    );
    dir.write(file, report(("2026-04-20", "done"), "wont-do"));
    git_commit(&dir.0, &[file], "2026-05-10T10:00:00+00:00", "FIX-1 done");
    dir.write(
        "site/reports/2026-06-01-new.md",
        VALID_REPORT
            .replace("id: INC-2025-010", "id: INC-2026-001")
            .replace("date: 2025-03-14", "date: 2026-06-01")
            .replace("date: 2025-03-20", "date: 2026-06-01")
            .replace("  - title: Stagger", "  - id: NEW-1\n    title: Stagger"),
    );
    dir.0.join("site")
}

fn stats_json(site: &Path, audience: &str) -> Value {
    let out = run(bin().arg("stats").arg(site).args([
        "--format",
        "json",
        "--today",
        "2026-06-15",
        "--audience",
        audience,
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

/// Each month's `at_end` as (month, open, overdue), the months with any.
fn at_end(m: &Value) -> Vec<(String, u64, u64)> {
    m["months"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["at_end"]["open"].as_u64() != Some(0))
        .map(|x| {
            (
                x["month"].as_str().unwrap().to_string(),
                x["at_end"]["open"].as_u64().unwrap(),
                x["at_end"]["overdue"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn rows(expected: &[(&str, u64, u64)]) -> Vec<(String, u64, u64)> {
    expected
        .iter()
        .map(|(m, o, d)| (m.to_string(), *o, *d))
        .collect()
}

fn build(site: &Path, out: &Path, audience: &str) -> String {
    let built = run(bin().arg("build").arg(site).arg("--out").arg(out).args([
        "--today",
        "2026-06-15",
        "--audience",
        audience,
    ]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    std::fs::read_to_string(out.join("metrics/index.html")).unwrap()
}

#[test]
fn open_and_overdue_at_each_months_end_come_from_the_commits() {
    let dir = TempDir::new("over-time");
    let site = repository(&dir);
    let m = stats_json(&site, "internal");
    assert_eq!(m["history_unknown"], Value::Null);
    // By hand, at the end of each month: nothing before January (the
    // incident is December's, but its actions were agreed on 5 January).
    // January: FIX-1 (due 15 Feb), FIX-2 (no due date) and INT-1 (due 30
    // June) open, none overdue. February: FIX-1 past 15 Feb. March: FIX-2
    // dropped, FIX-1 moved to 20 April. April: FIX-1 past 20 April. May:
    // FIX-1 done. June (to the 15th): INT-1 alone. NEW-1 is in no commit.
    let internal = [
        ("2026-01", 3, 0),
        ("2026-02", 3, 1),
        ("2026-03", 2, 0),
        ("2026-04", 2, 1),
        ("2026-05", 1, 0),
        ("2026-06", 1, 0),
    ];
    assert_eq!(at_end(&m), rows(&internal));
    assert_eq!(m["actions_without_history"], 1);
    let month = |name: &str| crate::support::month(&m, name).clone();
    assert_eq!(
        month("2025-12")["at_end"],
        serde_json::json!({"open": 0, "overdue": 0})
    );
    // The actions of the month's incidents as they stand today are still
    // there, beside.
    assert_eq!(month("2025-12")["actions"]["agreed"], 3);
    assert_eq!(month("2025-12")["actions"]["open"], 1);

    // The public's figures: INT-1 is an internal report's.
    let public = [
        ("2026-01", 2, 0),
        ("2026-02", 2, 1),
        ("2026-03", 1, 0),
        ("2026-04", 1, 1),
    ];
    assert_eq!(at_end(&stats_json(&site, "public")), rows(&public));

    let page = build(&site, &dir.0.join("out"), "internal");
    assert!(!page.contains("id=\"actions-by-month\""), "replaced");
    let table = table(&page, "open-actions-by-month");
    assert_eq!(table.len(), 25, "every month of both windows: {table:?}");
    assert_eq!(table[0], "2024-06 0 0");
    for (month, open, overdue) in internal {
        let row = format!("{month} {open} {overdue}");
        assert!(table.contains(&row), "{row} in {table:?}");
    }
    assert!(page.contains(
        "At the end of the last month, 1 open, 0 of them overdue. The most open: 3 at the end of 2026-01. \
         History not known for 1 action (not committed yet): not counted."
    ));
    let page = build(&site, &dir.0.join("out-public"), "public");
    assert!(table_has(&page, "2026-04 1 1"));
    // NEW-1 is a public report's.
    assert!(page.contains("History not known for 1 action (not committed yet)"));
}

fn table_has(page: &str, row: &str) -> bool {
    table(page, "open-actions-by-month")
        .iter()
        .any(|r| r == row)
}

#[test]
fn without_git_the_chart_is_todays_state_and_says_so() {
    let dir = TempDir::new("over-time-git");
    let site = repository(&dir);
    let plain = TempDir::new("over-time-nogit");
    crate::support::copy_tree(&site, &plain.0);
    let m = stats_json(&plain.0, "internal");
    assert_eq!(
        m["history_unknown"],
        "the site was not built from a git checkout"
    );
    assert!(
        m["months"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["at_end"].is_null())
    );
    assert_eq!(m["actions_without_history"], 4);
    let page = build(&plain.0, &plain.0.join("out"), "internal");
    assert!(!page.contains("open-actions-by-month"));
    assert!(
        page.contains(
            "From today&#x27;s state: history not known for 4 actions (the site was not built from a git checkout)."
        ),
        "the fallback note"
    );
    // The present state: December's incidents' three actions, one open.
    assert!(table(&page, "actions-by-month").contains(&"2025-12 3 2 1 0".to_string()));
}
