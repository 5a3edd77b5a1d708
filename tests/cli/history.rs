//! Action history from git: small repositories made in a temporary folder
//! (due dates moved, statuses changed, a file renamed, a shallow clone, a
//! folder without git, a repository git cannot read), and every figure
//! derived from them checked through `actions --format json`, `--slipped`,
//! the digest and the public build.

use crate::support::{TempDir, VALID_REPORT, bin, git, git_commit, git_init, run};
use serde_json::Value;
use std::path::Path;

const AUTHOR: &str = "Retrospect Test";

/// The report with two actions: `FIX-1` and `FIX-2`, as given.
fn report(fix1: (&str, &str), fix2: Option<(&str, &str)>) -> String {
    let mut actions = format!(
        "actions:\n  - id: FIX-1\n    title: Stagger cache restarts in upgrades\n    owner: sam\n    due: {}\n    status: {}\n",
        fix1.0, fix1.1
    );
    if let Some((due, status)) = fix2 {
        actions.push_str(&format!(
            "  - id: FIX-2\n    title: Alert on cache hit ratio\n    owner: jo\n    due: {due}\n    status: {status}\n"
        ));
    }
    VALID_REPORT.replace(
        "actions:\n  - title: Stagger cache restarts in upgrades\n    owner: sam\n    due: 2026-06-30\n",
        &actions,
    )
}

/// A repository whose site is in `site/`: the report agreed, moved three
/// times later and done 12 days late (FIX-1), a second action agreed later
/// and done early (FIX-2), the file renamed on the way, and a second report
/// never committed.
pub(crate) fn repository(dir: &TempDir) -> std::path::PathBuf {
    let site = dir.0.join("site");
    let first = "site/reports/2025-03-14-cache.md";
    let renamed = "site/reports/2025/2025-03-14-cache.md";
    git_init(&dir.0);
    dir.write(first, report(("2026-01-10", "open"), None));
    git_commit(
        &dir.0,
        &[first],
        "2026-01-02T10:00:00+00:00",
        "Agree the actions",
    );
    dir.write(
        first,
        report(("2026-02-07", "in-progress"), Some(("2026-02-10", "open"))),
    );
    git_commit(&dir.0, &[first], "2026-01-09T10:00:00+00:00", "Move FIX-1");
    std::fs::create_dir_all(dir.0.join("site/reports/2025")).unwrap();
    git(&dir.0, &["mv", first, renamed], "2026-02-06T10:00:00+00:00");
    dir.write(
        renamed,
        report(("2026-03-07", "in-progress"), Some(("2026-02-10", "done"))),
    );
    git_commit(
        &dir.0,
        &[renamed],
        "2026-02-06T10:00:00+00:00",
        "Rename, and FIX-2 done",
    );
    dir.write(
        renamed,
        report(("2026-04-04", "in-progress"), Some(("2026-02-10", "done"))),
    );
    git_commit(
        &dir.0,
        &[renamed],
        "2026-03-05T10:00:00+00:00",
        "Move FIX-1 again",
    );
    dir.write(
        renamed,
        report(("2026-04-04", "done"), Some(("2026-02-10", "done"))),
    );
    git_commit(
        &dir.0,
        &[renamed],
        "2026-04-16T18:00:00-07:00",
        "FIX-1 done",
    );
    dir.write(
        "site/reports/2025-04-01-new.md",
        VALID_REPORT
            .replace("id: INC-2025-010", "id: INC-2025-011")
            .replace("title: Checkout", "title: New checkout"),
    );
    site
}

/// `actions --all --format json` (and any other arguments): the actions.
fn actions_json(site: &Path, extra: &[&str]) -> (Vec<Value>, String) {
    let out = run(bin()
        .arg("actions")
        .arg(site)
        .args(["--all", "--format", "json", "--today", "2026-05-01"])
        .args(extra));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    (doc["actions"].as_array().unwrap().clone(), out.stderr)
}

fn find<'a>(actions: &'a [Value], report: &str, id: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["report_id"] == report && a["id"] == id)
        .unwrap_or_else(|| panic!("no {report} {id}"))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_figure_of_an_action_comes_from_its_commits() {
    let dir = TempDir::new("history");
    let site = repository(&dir);
    let (actions, stderr) = actions_json(&site, &[]);
    assert!(!stderr.contains("warning"), "{stderr}");

    let h = &find(&actions, "INC-2025-010", "FIX-1")["history"];
    assert_eq!(h["state"], "known");
    assert_eq!(h["agreed"], "2026-01-02");
    assert_eq!(h["agreed_commit"]["author"], AUTHOR);
    assert_eq!(h["agreed_commit"]["subject"], "Agree the actions");
    assert_eq!(h["agreed_commit"]["id"].as_str().unwrap().len(), 40);
    assert_eq!(
        strings(&h["due_dates"]),
        ["2026-01-10", "2026-02-07", "2026-03-07", "2026-04-04"]
    );
    let moves: Vec<(&str, &str, &str, &str)> = h["due_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["from"].as_str().unwrap(),
                c["to"].as_str().unwrap(),
                c["date"].as_str().unwrap(),
                c["commit"]["subject"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("2026-01-10", "2026-02-07", "2026-01-09", "Move FIX-1"),
            // Made in the commit that renamed the file: followed.
            (
                "2026-02-07",
                "2026-03-07",
                "2026-02-06",
                "Rename, and FIX-2 done"
            ),
            ("2026-03-07", "2026-04-04", "2026-03-05", "Move FIX-1 again"),
        ]
    );
    assert_eq!(h["slips"], 3);
    let statuses: Vec<(&str, &str, &str)> = h["status_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["from"].as_str().unwrap(),
                c["to"].as_str().unwrap(),
                c["date"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("open", "in-progress", "2026-01-09"),
            // The committer's own day (18:00 at -07:00), not UTC's.
            ("in-progress", "done", "2026-04-16"),
        ]
    );
    assert_eq!(h["done"], "2026-04-16");
    assert_eq!(h["days_late"], 12);
    assert_eq!(h["uncommitted"], false);
    assert_eq!(
        h["summary"],
        "due moved 3 times: 10 Jan 2026 → 7 Feb 2026 → 7 Mar 2026 → 4 Apr 2026; done 12 days late"
    );

    let h = &find(&actions, "INC-2025-010", "FIX-2")["history"];
    assert_eq!(h["agreed"], "2026-01-09");
    assert_eq!(strings(&h["due_dates"]), ["2026-02-10"]);
    assert_eq!(h["slips"], 0);
    assert_eq!(h["done"], "2026-02-06");
    assert_eq!(h["days_late"], -4);
    assert_eq!(h["summary"], "done on time");

    // Never committed: said so, with no figures.
    let h = &find(&actions, "INC-2025-011", "A1")["history"];
    assert_eq!(h["state"], "not-committed");
    assert_eq!(h["agreed"], Value::Null);
    assert_eq!(h["slips"], 0);
}

#[test]
fn an_edit_not_yet_committed_is_marked_and_dated_by_no_commit() {
    let dir = TempDir::new("history-uncommitted");
    let site = repository(&dir);
    dir.write(
        "site/reports/2025/2025-03-14-cache.md",
        report(("2026-04-04", "done"), Some(("2026-03-01", "done"))),
    );
    let (actions, _) = actions_json(&site, &[]);
    let h = &find(&actions, "INC-2025-010", "FIX-2")["history"];
    assert_eq!(h["uncommitted"], true);
    assert_eq!(h["slips"], 0, "a slip is counted when committed");
    assert_eq!(strings(&h["due_dates"]), ["2026-02-10"]);
}

#[test]
fn slipped_lists_only_moved_actions_most_slipped_first() {
    let dir = TempDir::new("history-slipped");
    let site = repository(&dir);
    let out =
        run(bin()
            .arg("actions")
            .arg(&site)
            .args(["--all", "--slipped", "--today", "2026-05-01"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].contains("SLIPPED"), "{}", out.stdout);
    assert_eq!(
        lines.len(),
        4,
        "the header, one row, a blank line, the footer:\n{}",
        out.stdout
    );
    let cells: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(&cells[..2], ["INC-2025-010", "FIX-1"]);
    assert!(cells.contains(&"3"), "{}", lines[1]);
    let (slipped, _) = actions_json(&site, &["--slipped"]);
    assert_eq!(slipped.len(), 1);
    assert_eq!(slipped[0]["id"], "FIX-1");
}

#[test]
fn a_shallow_clone_or_no_git_gives_no_figures() {
    let dir = TempDir::new("history-shallow");
    repository(&dir);
    let clone = TempDir::new("history-clone");
    let url = format!("file://{}", dir.0.display());
    git(
        &clone.0,
        &["clone", "--quiet", "--depth", "1", &url, "repo"],
        "2026-05-01T00:00:00Z",
    );
    let (actions, stderr) = actions_json(&clone.0.join("repo/site"), &[]);
    assert!(stderr.contains("shallow git clone"), "{stderr}");
    for action in &actions {
        let h = &action["history"];
        assert_eq!(h["state"], "unknown");
        assert_eq!(h["note"], "the site was built from a shallow clone");
        assert_eq!(h["slips"], 0);
        assert_eq!(h["agreed"], Value::Null);
        assert_eq!(h["due_dates"], Value::Array(vec![]));
    }

    // The same files outside any repository.
    let plain = TempDir::new("history-nogit");
    crate::support::copy_tree(&dir.0.join("site"), &plain.0);
    let (actions, stderr) = actions_json(&plain.0, &[]);
    assert!(
        !stderr.contains("warning"),
        "no git is no warning: {stderr}"
    );
    assert_eq!(actions.len(), 3);
    for action in &actions {
        assert_eq!(action["history"]["state"], "unknown");
        assert_eq!(
            action["history"]["note"],
            "the site was not built from a git checkout"
        );
    }
    let out = run(bin().arg("actions").arg(&plain.0).args([
        "--all",
        "--slipped",
        "--today",
        "2026-05-01",
    ]));
    assert_eq!(out.code, 0);
    assert!(
        out.stderr.contains("history is not known"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.starts_with("No actions match"), "{}", out.stdout);
}

#[test]
fn a_repository_git_cannot_read_is_a_warning_and_the_build_goes_on() {
    let dir = TempDir::new("history-broken");
    let site = repository(&dir);
    // The objects are gone: the branch names a commit git cannot read.
    let objects = dir.0.join(".git/objects");
    for entry in std::fs::read_dir(&objects).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().len() == 2 {
            std::fs::remove_dir_all(path).unwrap();
        }
    }
    let (actions, stderr) = actions_json(&site, &[]);
    assert!(
        stderr.contains("warning: cannot read the git history"),
        "{stderr}"
    );
    assert!(actions.iter().all(|a| a["history"]["state"] == "unknown"));
    let out = dir.0.join("out");
    let built = run(bin()
        .arg("build")
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .args(["--today", "2026-05-01"]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(built.stderr.contains("cannot read the git history"));
    assert!(out.join("reports/cache/index.html").exists());
}

#[test]
fn the_public_site_has_the_figures_without_commits() {
    let dir = TempDir::new("history-public");
    let site = repository(&dir);
    let out = dir.0.join("public");
    let built = run(bin().arg("build").arg(&site).arg("--out").arg(&out).args([
        "--audience",
        "public",
        "--today",
        "2026-05-01",
    ]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("actions.json")).unwrap()).unwrap();
    let actions = json["actions"].as_array().unwrap();
    let h = &actions
        .iter()
        .find(|a| a["report_id"] == "INC-2025-010" && a["id"] == "FIX-1")
        .unwrap()["history"];
    assert_eq!(h["slips"], 3);
    assert_eq!(h["days_late"], 12);
    assert_eq!(h["agreed_commit"], Value::Null);
    assert!(
        h["due_changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["commit"].is_null())
    );
    let page = std::fs::read_to_string(out.join("reports/cache/index.html")).unwrap();
    assert!(page.contains("Slipped 3 times"), "{page}");
    assert!(
        page.contains("due moved 3 times: 10 Jan 2026 → 7 Feb 2026 → 7 Mar 2026 → 4 Apr 2026; done 12 days late"),
        "{page}"
    );
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            for secret in [AUTHOR, "Move FIX-1", "Agree the actions"] {
                assert!(
                    !text.contains(secret),
                    "{} holds {secret:?}",
                    entry.path().display()
                );
            }
        }
    }
}

#[test]
fn the_report_page_shows_each_actions_history() {
    let dir = TempDir::new("history-page");
    let site = repository(&dir);
    let out = dir.0.join("internal");
    let built = run(bin()
        .arg("build")
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .args(["--today", "2026-05-01"]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = std::fs::read_to_string(out.join("reports/cache/index.html")).unwrap();
    let history = page
        .split("How the actions went")
        .nth(1)
        .expect("a history section")
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        history.contains(
            "<strong>FIX-1</strong>: agreed on <time datetime=\"2026-01-02\">2 Jan 2026</time>"
        ),
        "{history}"
    );
    assert!(history.contains("Slipped 3 times"), "{history}");
    // Internal: each change with its commit.
    assert!(history.contains("due 7 Feb 2026 → 7 Mar 2026 <span class=\"muted\">(Rename, and FIX-2 done, Retrospect Test,"), "{history}");
    assert!(history.contains("In progress → Done"), "{history}");
    assert!(history.contains("<strong>FIX-2</strong>: agreed on <time datetime=\"2026-01-09\">9 Jan 2026</time>; done on time"), "{history}");
    let actions = std::fs::read_to_string(out.join("actions/index.html")).unwrap();
    let slipped = actions
        .split("Most slipped")
        .nth(1)
        .expect("the most slipped")
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        slipped.contains("1 of these 3 actions had their due date moved later"),
        "{slipped}"
    );
    assert_eq!(slipped.matches("<li>").count(), 1, "{slipped}");
    assert!(slipped.contains("slipped 3 times"), "{slipped}");
    let sam = std::fs::read_to_string(out.join("actions/owners/sam/index.html")).unwrap();
    assert!(
        sam.contains("<span class=\"oc-n\">1</span> slipped"),
        "{sam}"
    );
    let jo = std::fs::read_to_string(out.join("actions/owners/jo/index.html")).unwrap();
    assert!(!jo.contains("slipped"), "{jo}");
    let new = std::fs::read_to_string(out.join("reports/new/index.html")).unwrap();
    assert!(
        new.contains("<strong>A1</strong>: not committed yet"),
        "{new}"
    );

    // Outside git: said, with no figure.
    let plain = TempDir::new("history-page-nogit");
    crate::support::copy_tree(&site, &plain.0);
    let out = plain.0.join("out");
    let built = run(bin()
        .arg("build")
        .arg(&plain.0)
        .arg("--out")
        .arg(&out)
        .args(["--today", "2026-05-01"]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = std::fs::read_to_string(out.join("reports/cache/index.html")).unwrap();
    assert!(
        page.contains(
            "The history of these actions is not known: the site was not built from a git checkout."
        ),
        "{page}"
    );
    assert!(!page.contains("Slipped"));
}

#[test]
fn the_digest_groups_by_owner_and_links_reports() {
    let dir = TempDir::new("history-digest");
    let site = repository(&dir);
    dir.write(
        "site/retrospect.yaml",
        "title: Incidents\nbase_url: https://incidents.example/\n",
    );
    let out = run(bin().arg("actions").arg(&site).args([
        "--overdue",
        "--format",
        "markdown",
        "--today",
        "2026-08-01",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "## Overdue actions, as of 2026-08-01\n\n1 action, 1 overdue.\n\n### sam (1)\n\n\
         - A1 Stagger cache restarts in upgrades: [INC-2025-011](https://incidents.example/reports/new/) \
         (due 30 Jun 2026, **32 days overdue**)\n"
    );
}

/// `stats --format json` of `site` on 1 May 2026: the figures, and stderr.
fn stats_json(site: &Path) -> (Value, String) {
    let out = run(bin()
        .arg("stats")
        .arg(site)
        .args(["--format", "json", "--today", "2026-05-01"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    (serde_json::from_str(&out.stdout).unwrap(), out.stderr)
}

const TEAMS: &str = "title: Figures\npeople:\n  sam: {name: Sam Named, team: platform}\n  jo: {name: Jo Named, team: payments}\n";

#[test]
fn the_metrics_count_done_by_due_and_slips_from_the_commits() {
    let dir = TempDir::new("history-metrics");
    let site = repository(&dir);
    dir.write("site/retrospect.yaml", TEAMS);
    let (m, stderr) = stats_json(&site);
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(m["history_unknown"], Value::Null);
    // By hand: in the 12 months to 1 May 2026, FIX-1 (sam, platform) moved
    // later on 9 Jan, 6 Feb and 5 Mar and was done on 16 Apr, 12 days
    // late; FIX-2 (jo, payments) was done on 6 Feb, before its due date.
    // The report never committed counts nowhere.
    let now = &m["current"]["actions"];
    assert_eq!(now["done_by_due"], 0.5);
    assert_eq!(now["done_on_time"], 1);
    assert_eq!(now["done_late"], 1);
    assert_eq!(now["slips"], 3);
    // The 12 months before: nothing happened, and the history is known.
    let before = &m["previous"]["actions"];
    assert_eq!(before["done_by_due"], Value::Null);
    assert_eq!(before["slips"], 0);
    let teams: Vec<(String, u64, u64, u64, Value)> = m["follow_teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["team"].as_str().unwrap().to_string(),
                t["slips"].as_u64().unwrap(),
                t["done_on_time"].as_u64().unwrap(),
                t["done_late"].as_u64().unwrap(),
                t["done_by_due"].clone(),
            )
        })
        .collect();
    assert_eq!(
        teams,
        [
            ("payments".to_string(), 0, 1, 0, Value::from(1.0)),
            ("platform".to_string(), 3, 0, 1, Value::from(0.0)),
        ]
    );
    let month = |name: &str| crate::support::month(&m, name)["actions"].clone();
    assert_eq!(month("2026-01")["slips"], 1);
    assert_eq!(month("2026-01")["done_by_due"], Value::Null);
    assert_eq!(month("2026-02")["slips"], 1);
    assert_eq!(month("2026-02")["done_by_due"], 1.0);
    assert_eq!(month("2026-04")["done_by_due"], 0.0);
    assert_eq!(month("2025-12")["slips"], 0);

    // A day before FIX-1 was done, only FIX-2's completion is in the window.
    let out =
        run(bin()
            .arg("stats")
            .arg(&site)
            .args(["--format", "json", "--today", "2026-04-15"]));
    let earlier: Value = serde_json::from_str(&out.stdout).unwrap();
    let now = &earlier["current"]["actions"];
    assert_eq!(
        (now["done_on_time"].clone(), now["done_late"].clone()),
        (Value::from(1), Value::from(0))
    );
    assert_eq!(now["done_by_due"], 1.0);
    assert_eq!(now["slips"], 3);

    let table = run(bin()
        .arg("stats")
        .arg(&site)
        .args(["--today", "2026-05-01"]));
    let line = |label: &str| {
        table
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label}: {}", table.stdout))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(line("Done by their due date").contains("50 % not recorded"));
    assert!(line("Due dates moved later").ends_with("3 0"));

    let out = dir.0.join("out");
    let built = run(bin()
        .arg("build")
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .args(["--today", "2026-05-01"]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = std::fs::read_to_string(out.join("metrics/index.html")).unwrap();
    assert!(page.contains("Actions done by their due date, by team"));
    assert!(
        page.contains("platform 0 on time, 1 late, 3 moved"),
        "{page}"
    );
}

#[test]
fn without_a_full_history_the_metrics_say_not_recorded() {
    let dir = TempDir::new("history-metrics-shallow");
    repository(&dir);
    let clone = TempDir::new("history-metrics-clone");
    let url = format!("file://{}", dir.0.display());
    git(
        &clone.0,
        &["clone", "--quiet", "--depth", "1", &url, "repo"],
        "2026-05-01T00:00:00Z",
    );
    let (m, stderr) = stats_json(&clone.0.join("repo/site"));
    assert!(stderr.contains("shallow git clone"), "{stderr}");
    assert_eq!(
        m["history_unknown"],
        "the site was built from a shallow clone"
    );
    let plain = TempDir::new("history-metrics-nogit");
    crate::support::copy_tree(&dir.0.join("site"), &plain.0);
    let (n, _) = stats_json(&plain.0);
    assert_eq!(
        n["history_unknown"],
        "the site was not built from a git checkout"
    );
    for m in [m, n] {
        for window in ["current", "previous"] {
            let a = &m[window]["actions"];
            for key in ["done_by_due", "done_on_time", "done_late", "slips"] {
                assert_eq!(a[key], Value::Null, "{window} {key}");
            }
        }
        assert_eq!(m["follow_teams"], Value::Array(vec![]));
        assert!(
            m["months"]
                .as_array()
                .unwrap()
                .iter()
                .all(|x| x["actions"]["slips"].is_null())
        );
    }
}

/// `VALID_REPORT` as another incident: `id`, `date` and `status` given.
fn incident(id: &str, date: &str, status: &str) -> String {
    VALID_REPORT
        .replace("id: INC-2025-010", &format!("id: {id}"))
        .replace("date: 2025-03-14", &format!("date: {date}"))
        // The review on the day of the incident.
        .replace("date: 2025-03-20", &format!("date: {date}"))
        .replace("status: published", &format!("status: {status}"))
}

#[test]
fn days_to_the_published_report_come_from_the_first_published_commit() {
    let dir = TempDir::new("history-published");
    git_init(&dir.0);
    let (a, b) = ("site/reports/a.md", "site/reports/b.md");
    // A: incident on 1 Jan, committed as a draft on 5 Jan, published on
    // 20 Jan (19 days), edited after (still 19).
    dir.write(a, incident("INC-2026-001", "2026-01-01", "draft"));
    git_commit(&dir.0, &[a], "2026-01-05T10:00:00+00:00", "Draft");
    dir.write(a, incident("INC-2026-001", "2026-01-01", "published"));
    git_commit(&dir.0, &[a], "2026-01-20T10:00:00+00:00", "Publish");
    dir.write(
        a,
        incident("INC-2026-001", "2026-01-01", "published").replace("tags: [cache]", "tags: [db]"),
    );
    git_commit(&dir.0, &[a], "2026-03-01T10:00:00+00:00", "Edit");
    // B: incident on 3 Feb, published in its first commit on 10 Feb (7).
    dir.write(b, incident("INC-2026-002", "2026-02-03", "published"));
    git_commit(&dir.0, &[b], "2026-02-10T10:00:00+00:00", "Publish B");
    // C: published now, but never committed: not counted.
    dir.write(
        "site/reports/c.md",
        incident("INC-2026-003", "2026-02-04", "published"),
    );
    let site = dir.0.join("site");
    let (m, _) = stats_json(&site);
    let spread = &m["current"]["days_to_publish"];
    assert_eq!(spread["count"], 2);
    assert_eq!(spread["median"], 13.0, "the mean of 7 and 19");
    assert_eq!(spread["max"], 19.0);
    let csv = run(bin()
        .arg("stats")
        .arg(&site)
        .args(["--format", "csv", "--today", "2026-05-01"]));
    assert!(
        csv.stdout
            .contains("days_to_publish_median,Days to the published report, median")
            || csv.stdout.contains("13 days"),
        "{}",
        csv.stdout
    );
    assert!(csv.stdout.contains("13 days"), "{}", csv.stdout);

    // The same files outside git: not recorded.
    let plain = TempDir::new("history-published-nogit");
    crate::support::copy_tree(&site, &plain.0);
    let (m, _) = stats_json(&plain.0);
    assert_eq!(m["current"]["days_to_publish"]["count"], 0);
    assert_eq!(m["current"]["days_to_publish"]["median"], Value::Null);
}

#[test]
fn each_team_has_a_paged_page_of_its_actions_with_its_figures() {
    let dir = TempDir::new("history-team-page");
    let site = repository(&dir);
    dir.write("site/retrospect.yaml", format!("{TEAMS}paginate: 1\n"));
    let out = dir.0.join("out");
    let built = run(bin()
        .arg("build")
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .args(["--today", "2026-05-01"]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    let read = |path: &str| {
        std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    // sam (platform) owns FIX-1 and the uncommitted report's action: two
    // pages of one action each.
    let platform = read("actions/teams/platform/index.html");
    assert!(
        platform.contains("Actions of the team platform"),
        "{platform}"
    );
    assert!(platform.contains("Stagger cache restarts in upgrades"));
    assert!(
        !platform.contains("Alert on cache hit ratio"),
        "jo's is payments'"
    );
    assert!(platform.contains("Done in the last 12 months: <span class=\"oc-n\">1</span>"));
    assert!(platform.contains("Done by their due date: <span class=\"oc-n\">0 %</span>"));
    assert!(platform.contains("Due dates moved later: <span class=\"oc-n\">3</span>"));
    assert!(platform.contains("href=\"../../../actions/teams/platform/page/2/\""));
    let second = read("actions/teams/platform/page/2/index.html");
    assert!(second.contains("Stagger cache restarts in upgrades"));
    let payments = read("actions/teams/payments/index.html");
    assert!(payments.contains("Alert on cache hit ratio"));
    assert!(payments.contains("Done by their due date: <span class=\"oc-n\">100 %</span>"));
    let owners = read("actions/owners/index.html");
    assert!(
        owners.contains("<a href=\"../../actions/teams/platform/\">platform</a>"),
        "{owners}"
    );

    // The public site has no people, so no team pages.
    let public = dir.0.join("public");
    let built = run(bin()
        .arg("build")
        .arg(&site)
        .arg("--out")
        .arg(&public)
        .args(["--audience", "public", "--today", "2026-05-01"]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(!public.join("actions/teams").exists());
    // Its figures by team hold teams, never the people's names.
    let metrics = std::fs::read_to_string(public.join("metrics.json")).unwrap();
    let m: Value = serde_json::from_str(&metrics).unwrap();
    let teams: Vec<&str> = m["follow_teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["team"].as_str().unwrap())
        .collect();
    assert_eq!(teams, ["payments", "platform"]);
    for name in ["Sam Named", "Jo Named", "\"sam\"", "\"jo\""] {
        assert!(!metrics.contains(name), "{name} in {metrics}");
    }
}

#[test]
fn versions_kept_in_the_git_directory_give_the_same_history_and_never_go_stale() {
    let dir = TempDir::new("history-cache");
    let site = repository(&dir);
    let kept = dir.0.join(".git/retrospect/versions.json");
    let (first, _) = actions_json(&site, &[]);
    assert!(kept.is_file(), "the versions read are kept");
    let (again, _) = actions_json(&site, &[]);
    assert_eq!(again, first, "read from what was kept");

    // History rewritten: the last commit amended to close FIX-1 a month
    // later, with its due date moved once more.
    let renamed = "site/reports/2025/2025-03-14-cache.md";
    dir.write(
        renamed,
        report(("2026-05-02", "done"), Some(("2026-02-10", "done"))),
    );
    git(&dir.0, &["add", "--", renamed], "2026-05-16T18:00:00-07:00");
    git(
        &dir.0,
        &["commit", "--quiet", "--amend", "--no-edit", "--no-verify"],
        "2026-05-16T18:00:00-07:00",
    );
    let (rewritten, _) = actions_json(&site, &[]);
    let h = &find(&rewritten, "INC-2025-010", "FIX-1")["history"];
    assert_eq!(h["slips"], 4, "{h}");
    assert_eq!(h["done"], "2026-05-16");
    assert_eq!(
        strings(&h["due_dates"]),
        [
            "2026-01-10",
            "2026-02-07",
            "2026-03-07",
            "2026-04-04",
            "2026-05-02"
        ]
    );

    // A file that is not one is ignored, and written again.
    std::fs::write(&kept, "{ not json").unwrap();
    let (after_damage, _) = actions_json(&site, &[]);
    assert_eq!(after_damage, rewritten);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&kept).unwrap()).unwrap();
    assert_eq!(written["format"], 2);
    std::fs::remove_dir_all(dir.0.join(".git/retrospect")).unwrap();
    let (fresh, _) = actions_json(&site, &[]);
    assert_eq!(fresh, rewritten, "the same as without what was kept");
}

/// The `git log` commands a run of `actions` started, from git's own trace.
fn logs_run(site: &Path, trace: &Path) -> (Vec<Value>, Vec<String>) {
    let _ = std::fs::remove_file(trace);
    let out = run(bin()
        .arg("actions")
        .arg(site)
        .args(["--all", "--format", "json", "--today", "2026-05-01"])
        .env("GIT_TRACE", trace));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    let logs = std::fs::read_to_string(trace)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            line.split_once("built-in: git log ")
                .map(|(_, args)| args.to_string())
        })
        .collect();
    (doc["actions"].as_array().unwrap().clone(), logs)
}

#[test]
fn the_log_kept_in_the_git_directory_is_read_on_from_where_it_ended() {
    let dir = TempDir::new("history-log-kept");
    let site = repository(&dir);
    let trace = dir.0.join("trace");
    let (first, logs) = logs_run(&site, &trace);
    assert_eq!(logs.len(), 1, "{logs:?}");
    assert!(!logs[0].contains(".."), "the whole log is read: {logs:?}");
    let kept: Vec<_> = std::fs::read_dir(dir.0.join(".git/retrospect"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("log-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");

    // Nothing committed since: no log at all, the same history.
    let (again, logs) = logs_run(&site, &trace);
    assert_eq!(logs, Vec::<String>::new());
    assert_eq!(again, first);

    // A new commit moves FIX-1's due date once more (it is reopened): only
    // that commit is read, and the history is the one a full read gives.
    let renamed = "site/reports/2025/2025-03-14-cache.md";
    dir.write(
        renamed,
        report(("2026-06-01", "in-progress"), Some(("2026-02-10", "done"))),
    );
    git_commit(
        &dir.0,
        &[renamed],
        "2026-04-20T10:00:00+00:00",
        "Reopen FIX-1",
    );
    let (since, logs) = logs_run(&site, &trace);
    assert_eq!(logs.len(), 1, "{logs:?}");
    assert!(logs[0].contains(".."), "only the commits since: {logs:?}");
    let h = &find(&since, "INC-2025-010", "FIX-1")["history"];
    assert_eq!(h["slips"], 4, "{h}");
    assert_eq!(h["done"], Value::Null, "{h}");
    std::fs::remove_dir_all(dir.0.join(".git/retrospect")).unwrap();
    let (full, logs) = logs_run(&site, &trace);
    assert!(!logs[0].contains(".."), "{logs:?}");
    assert_eq!(since, full, "the same as a full read");

    // Another branch, from before the last two commits: its first-parent
    // line does not hold the commit kept, so everything is read again.
    git(
        &dir.0,
        &["checkout", "--quiet", "-b", "older", "HEAD~2"],
        "2026-04-21T10:00:00+00:00",
    );
    let (older, logs) = logs_run(&site, &trace);
    assert!(!logs[0].contains(".."), "{logs:?}");
    assert_eq!(find(&older, "INC-2025-010", "FIX-1")["history"]["slips"], 3);
}
