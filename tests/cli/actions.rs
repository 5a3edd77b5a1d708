//! `retrospect actions` on the example site: golden outputs (with a fixed
//! `--today`), and the filters checked row by row against the JSON output.

use crate::support::{TempDir, VALID_REPORT, assert_golden, bin, example_site, fixtures, run};
use chrono::NaiveDate;
use serde_json::Value;

const TODAY: &str = "2026-01-15";

fn actions(args: &[&str]) -> crate::support::Run {
    let out = run(bin()
        .arg("actions")
        .arg(example_site())
        .args(["--today", TODAY])
        .args(args));
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    out
}

/// The actions `--format json` lists for these filters.
fn listed(args: &[&str]) -> Vec<Value> {
    let out = actions(&[args, &["--format", "json"]].concat());
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["audience"], "internal");
    assert_eq!(doc["generated"], TODAY);
    doc["actions"].as_array().unwrap().clone()
}

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

fn due(action: &Value) -> Option<NaiveDate> {
    action["due"].as_str().map(|d| d.parse().unwrap())
}

#[test]
fn golden_tables_and_exports() {
    let dir = fixtures().join("actions");
    // A copy outside git: the JSON's history is then the same in a
    // checkout, in a source tarball, and after any commit.
    let copy = TempDir::new("actions-golden");
    crate::support::copy_tree(&example_site(), &copy.0);
    for (file, args) in [
        ("default.txt", vec![]),
        ("overdue.txt", vec!["--overdue"]),
        ("owner-amara-o.txt", vec!["--owner", "amara-o", "--all"]),
        (
            "team-payments-soon.txt",
            vec!["--team", "payments", "--overdue", "--due-within", "120"],
        ),
        ("done.txt", vec!["--status", "done", "--status", "wont-do"]),
        // Done actions are never overdue.
        ("nothing.txt", vec!["--status", "done", "--overdue"]),
        ("all.csv", vec!["--all", "--format", "csv"]),
        ("overdue.json", vec!["--overdue", "--format", "json"]),
    ] {
        let out = run(bin()
            .arg("actions")
            .arg(&copy.0)
            .args(["--today", TODAY])
            .args(&args));
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert_golden(&dir.join(file), &out.stdout);
    }
}

#[test]
fn the_table_is_sorted_by_due_date_and_says_what_it_hides() {
    let out = actions(&[]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("REPORT  "), "{}", lines[0]);
    for column in ["ACTION", "OWNER", "DUE", "STATUS", "OVERDUE", "TITLE"] {
        assert!(lines[0].contains(column), "{column}");
    }
    let rows = listed(&[]);
    assert_eq!(lines.len(), rows.len() + 3, "header, rows, blank, footer");
    let dues: Vec<Option<NaiveDate>> = rows.iter().map(due).collect();
    let mut sorted = dues.clone();
    sorted.sort_by_key(|d| (d.is_none(), *d));
    assert_eq!(dues, sorted, "by due date, undated last");
    let overdue = rows
        .iter()
        .filter(|a| a["overdue_days"].is_number())
        .count();
    assert_eq!(
        *lines.last().unwrap(),
        format!(
            "{} actions, {overdue} overdue, as of {TODAY}. Done and dropped actions are not shown: --all shows them.",
            rows.len()
        )
    );
    // By default, only what is still to do.
    assert!(
        rows.iter()
            .all(|a| a["status"] == "open" || a["status"] == "in-progress")
    );
    // `--all` adds exactly the done and dropped ones, and there are some.
    let all = listed(&["--all"]);
    let closed = all
        .iter()
        .filter(|a| a["status"] == "done" || a["status"] == "wont-do")
        .count();
    assert!(all.iter().any(|a| a["status"] == "done"));
    assert_eq!(all.len(), rows.len() + closed, "{all:#?}");
}

#[test]
fn each_filter_keeps_exactly_what_it_says() {
    let all = listed(&["--all"]);
    let count = |keep: &dyn Fn(&Value) -> bool| all.iter().filter(|a| keep(a)).count();

    let overdue = listed(&["--overdue"]);
    assert!(!overdue.is_empty());
    assert!(overdue.iter().all(|a| due(a).unwrap() < today()));
    assert_eq!(overdue.len(), count(&|a| a["overdue_days"].is_number()));

    let soon = listed(&["--due-within", "30"]);
    let in_30_days = |a: &Value| {
        let open = a["status"] == "open" || a["status"] == "in-progress";
        open && due(a).is_some_and(|d| d >= today() && (d - today()).num_days() <= 30)
    };
    assert!(soon.iter().all(in_30_days));
    assert_eq!(soon.len(), count(&in_30_days));

    let both = listed(&["--overdue", "--due-within", "30"]);
    assert_eq!(both.len(), overdue.len() + soon.len(), "either one");

    // An owner by handle, by name in any case: the same actions.
    let by_handle = listed(&["--owner", "amara-o", "--all"]);
    let by_name = listed(&["--owner", "AMARA OKAFOR", "--all"]);
    assert_eq!(by_handle, by_name);
    assert!(!by_handle.is_empty());
    assert!(by_handle.iter().all(|a| a["owner"] == "Amara Okafor"));
    assert_eq!(by_handle.len(), count(&|a| a["owner"] == "Amara Okafor"));

    let two = listed(&["--owner", "amara-o", "--owner", "lukas-b", "--all"]);
    assert_eq!(
        two.len(),
        count(&|a| a["owner"] == "Amara Okafor" || a["owner"] == "Lukas Becker")
    );

    // A team, from `people:` of the example's retrospect.yaml.
    let payments = listed(&["--team", "payments", "--all"]);
    assert!(!payments.is_empty());
    assert!(
        payments
            .iter()
            .all(|a| a["owner"] == "Priya Natarajan" || a["owner"] == "Tom Hargreaves")
    );

    let done = listed(&["--status", "done"]);
    assert!(!done.is_empty());
    assert!(done.iter().all(|a| a["status"] == "done"));
    assert_eq!(done.len(), count(&|a| a["status"] == "done"));
}

#[test]
fn json_and_csv_are_the_sites_own_files() {
    let out_dir = TempDir::new("actions-vs-build");
    let build = run(bin().arg("build").arg(example_site()).args([
        "--out",
        out_dir.0.join("site").to_str().unwrap(),
        "--today",
        TODAY,
    ]));
    assert_eq!(build.code, 0, "{}", build.stderr);
    for (format, file) in [("json", "actions.json"), ("csv", "actions.csv")] {
        let listed = actions(&["--all", "--format", format]);
        let built = std::fs::read_to_string(out_dir.0.join("site").join(file)).unwrap();
        assert_eq!(listed.stdout, built, "{file}");
    }
}

#[test]
fn names_that_match_nothing_are_pointed_out() {
    let out = actions(&["--owner", "amara", "--team", "paymnets"]);
    assert!(
        out.stdout
            .starts_with("No actions match, as of 2026-01-15.")
    );
    assert!(
        out.stderr
            .contains("no action has the owner `amara`; the owners are: Amara Okafor"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "no one is in the team `paymnets`; the teams are: data, mobile, payments, platform"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn reports_with_errors_are_named_and_the_rest_is_listed() {
    let site = TempDir::new("actions-errors");
    site.write("reports/2025-03-14-cache.md", VALID_REPORT);
    site.write(
        "reports/2025-04-01-broken.md",
        VALID_REPORT
            .replace("id: INC-2025-010", "id: INC-2025-011")
            .replace("status: published", "status: finished"),
    );
    let out = run(bin().arg("actions").arg(&site.0).args(["--today", TODAY]));
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("Stagger cache restarts in upgrades"));
    assert_eq!(
        out.stdout.matches("Stagger cache").count(),
        1,
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("1 report has errors"), "{}", out.stderr);
    assert!(
        out.stderr.contains("2025-04-01-broken.md"),
        "{}",
        out.stderr
    );

    site.write("retrospect.yaml", "titel: x\n");
    let out = run(bin().arg("actions").arg(&site.0));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("R090"), "{}", out.stderr);
    assert!(out.stdout.is_empty());

    let out = run(bin().arg("actions").arg(site.0.join("nowhere")));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no `reports/` folder"),
        "{}",
        out.stderr
    );
}
