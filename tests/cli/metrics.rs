//! The metrics page, `metrics.json` and `retrospect stats`: figures held
//! against values computed by hand on small sites, and the public build
//! holding nothing of the reports it does not show.

use crate::support::{TempDir, bin, chart_table, run};
use serde_json::Value;

/// A report that needs nothing but what is given: `times` is `started,
/// detected, resolved` (`detected` may be empty).
fn report(slug: &str, date: &str, times: [&str; 3], extra: &str) -> String {
    let [started, detected, resolved] = times;
    let detected = if detected.is_empty() {
        String::new()
    } else {
        format!("detected: \"{detected}\"\n")
    };
    format!(
        "---\ntitle: {slug} incident\nslug: {slug}\ndate: {date}\nseverity: low\nsummary: s\n\
         authors: [jo]\nstarted: \"{started}\"\n{detected}resolved: \"{resolved}\"\n\
         impact: {{summary: s}}\n{extra}---\nText.\n"
    )
}

/// Severities that require nothing, so that a report needs only a few keys.
const CONFIG: &str = "title: Figures\ntimezone: UTC\nseverities:\n  - {name: high, colour: \"#b3261e\"}\n  - {name: low}\n\
                      people:\n  jo: {name: Jo Bloggs, team: payments}\n";

fn stats(site: &TempDir, extra: &[&str]) -> Value {
    let out = run(bin()
        .arg("stats")
        .arg(&site.0)
        .args(["--format", "json", "--today", "2026-06-15"])
        .args(extra));
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

fn hand_site() -> TempDir {
    let site = TempDir::new("metrics-hand");
    site.write("retrospect.yaml", CONFIG);
    let published = "status: published\nvisibility: public\n";
    // Detect 10 min, resolve 1 h.
    site.write(
        "reports/a.md",
        report("a", "2026-06-01", ["09:00", "09:10", "10:00"], published),
    );
    // 23:30 in London (22:30 UTC), resolved after midnight: May's; detect
    // 20 min, resolve 70 min.
    site.write(
        "reports/b.md",
        report(
            "b",
            "2026-05-10",
            ["23:30", "23:50", "2026-05-11 00:40"],
            "status: published\nvisibility: internal\ntimezone: Europe/London\n",
        ),
    );
    // India, resolved written in UTC: 30 min; no detection time.
    site.write(
        "reports/c.md",
        report(
            "c",
            "2026-03-02",
            ["10:00", "", "2026-03-02T05:00:00Z"],
            &format!("{published}timezone: \"+05:30\"\n"),
        ),
    );
    // A draft: detect 5 min, resolve 2 h.
    site.write(
        "reports/d.md",
        report(
            "d",
            "2026-01-20",
            ["12:00", "12:05", "14:00"],
            "status: draft\n",
        ),
    );
    site
}

#[test]
fn stats_gives_hand_computed_figures() {
    let site = hand_site();
    let m = stats(&site, &[]);
    let now = &m["current"];
    assert_eq!(m["current_window"]["start"], "2025-06-16");
    assert_eq!(now["incidents"], 3);
    // Resolve 1800, 3600, 4200: odd, the middle one; p90 the 3rd of 3.
    assert_eq!(now["time_to_resolve"]["median"], 3600.0);
    assert_eq!(now["time_to_resolve"]["p90"], 4200.0);
    // Detect 600, 1200 (c has none): even, the mean of the two.
    assert_eq!(now["time_to_detect"]["median"], 900.0);
    assert_eq!(now["time_to_detect"]["count"], 2);
    // Nothing recorded: null, never 0.
    assert_eq!(now["time_to_mitigate"]["median"], Value::Null);
    assert_eq!(m["previous"]["incidents"], 0);
    assert_eq!(m["previous"]["time_to_resolve"]["median"], Value::Null);
    // Every month of both windows, the empty ones too.
    let months = m["months"].as_array().unwrap();
    assert_eq!(months.len(), 25);
    let of =
        |month: &str| months.iter().find(|x| x["month"] == month).unwrap()["incidents"].clone();
    assert_eq!(
        (of("2026-05"), of("2026-04"), of("2026-01")),
        (1.into(), 0.into(), 0.into())
    );

    // Drafts only when asked: detect 300, 600, 1200; resolve 1800 … 7200.
    let m = stats(&site, &["--drafts"]);
    assert_eq!(m["current"]["incidents"], 4);
    assert_eq!(m["current"]["time_to_detect"]["median"], 600.0);
    assert_eq!(m["current"]["time_to_resolve"]["median"], 3900.0);

    // A quarter, against the quarter before.
    let m = stats(&site, &["--since", "2026-04-01", "--until", "2026-06-30"]);
    assert_eq!(m["current"]["incidents"], 2);
    assert_eq!(m["previous_window"]["start"], "2025-12-31");
    assert_eq!(m["previous"]["incidents"], 1);

    // The public's figures: published public reports only.
    let m = stats(&site, &["--audience", "public"]);
    assert_eq!(m["current"]["incidents"], 2);
}

#[test]
fn stats_prints_not_recorded_never_zero_and_refuses_bad_input() {
    let site = TempDir::new("metrics-one");
    site.write("retrospect.yaml", CONFIG);
    site.write(
        "reports/x.md",
        report(
            "x",
            "2026-02-01",
            ["10:00", "", "11:00"],
            "status: published\n",
        ),
    );
    let table = run(bin()
        .arg("stats")
        .arg(&site.0)
        .args(["--today", "2026-06-15"]));
    assert_eq!(table.code, 0, "{}", table.stderr);
    let line = |start: &str| {
        table
            .stdout
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no `{start}` in\n{}", table.stdout))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(line("Incidents "), "Incidents 1 0");
    assert_eq!(
        line("Time to detect, median"),
        "Time to detect, median not recorded not recorded"
    );
    assert_eq!(
        line("Time to resolve, median"),
        "Time to resolve, median 1 h 00 min not recorded"
    );
    let csv =
        run(bin()
            .arg("stats")
            .arg(&site.0)
            .args(["--today", "2026-06-15", "--format", "csv"]));
    assert!(
        csv.stdout
            .starts_with("key,label,current,previous\nincidents,Incidents,1,0\n"),
        "{}",
        csv.stdout
    );

    let bad = run(bin().arg("stats").arg(&site.0).args(["--severity", "hihg"]));
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("no severity `hihg`") && bad.stderr.contains("high, low"),
        "{}",
        bad.stderr
    );
    site.write("reports/broken.md", "---\ntitle: x\n---\n");
    let broken = run(bin().arg("stats").arg(&site.0));
    assert_eq!(broken.code, 1, "{}", broken.stderr);
    assert!(broken.stdout.is_empty());
}

/// Files of a build, by path relative to its folder.
fn read(dir: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_public_metrics_and_suggestions_hold_nothing_hidden() {
    let site = TempDir::new("metrics-leak");
    site.write(
        "retrospect.yaml",
        format!(
            "{CONFIG}  leakmetricsowner9: {{name: Leakmetricsname9, team: leakmetricsteam9}}\n"
        ),
    );
    let public = "status: published\nvisibility: public\nservices: [checkout]\n";
    site.write(
        "reports/p.md",
        report(
            "p",
            "2026-03-01",
            ["09:00", "09:05", "10:00"],
            &format!("{public}actions:\n  - {{title: t, owner: jo, due: 2026-09-01}}\n"),
        )
        .replace("title: p incident", "title: Checkout cache eviction storm"),
    );
    site.write(
        "reports/q.md",
        report(
            "q",
            "2026-04-01",
            ["09:00", "09:05", "10:00"],
            &format!("{public}related: [p]\n"),
        ),
    );
    // Hidden, in the window, and very like p: its service, team, owner,
    // and title must not reach the public figures or suggestions.
    site.write(
        "reports/h.md",
        report(
            "leakmetricsslug9",
            "2026-05-01",
            ["09:00", "09:05", "10:00"],
            "status: published\nvisibility: internal\nservices: [checkout, leakmetricsservice9]\n\
             actions:\n  - {title: LEAKMETRICSACTION9, owner: leakmetricsowner9, due: 2026-09-01}\n",
        )
        .replace("title: leakmetricsslug9 incident", "title: Checkout cache eviction storm LEAKMETRICSTITLE9"),
    );
    let canaries = [
        "leakmetricsslug9",
        "LEAKMETRICSTITLE9",
        "leakmetricsservice9",
        "leakmetricsteam9",
        "Leakmetricsname9",
        "leakmetricsowner9",
    ];
    let build = |audience: &str| {
        let out = site.0.join(format!("out-{audience}"));
        let b = run(bin()
            .arg("build")
            .arg(&site.0)
            .args([
                "--audience",
                audience,
                "--today",
                "2026-06-15",
                "--no-search",
                "--out",
            ])
            .arg(&out));
        assert_eq!(b.code, 0, "{}", b.stderr);
        out
    };
    let public = build("public");
    let files = [
        "metrics.json",
        "metrics/index.html",
        "reports/p/index.html",
        "reports/q/index.html",
    ];
    for file in files {
        let text = read(&public, file);
        for canary in canaries {
            assert!(!text.contains(canary), "{canary} in the public {file}");
        }
    }
    let json: Value = serde_json::from_str(&read(&public, "metrics.json")).unwrap();
    assert_eq!(json["audience"], "public");
    assert_eq!(json["current"]["incidents"], 2);
    assert_eq!(json["teams"][0]["team"], "payments");
    // Back-links: p lists q, which names it.
    let p = read(&public, "reports/p/index.html");
    assert!(
        p.contains("Reports that link here") && p.contains("reports/q/"),
        "{p}"
    );

    // The internal build shows what the public one must not: the canaries
    // are really in their places.
    let internal = build("internal");
    let json = read(&internal, "metrics.json");
    for canary in ["leakmetricsservice9", "leakmetricsteam9"] {
        assert!(
            json.contains(canary),
            "{canary} not in the internal metrics.json"
        );
    }
    assert!(
        !json.contains("Leakmetricsname9"),
        "names are never counted"
    );
    let p = read(&internal, "reports/p/index.html");
    assert!(
        p.contains("Similar incidents") && p.contains("reports/leakmetricsslug9/"),
        "no suggestion:\n{p}"
    );
}

#[test]
fn the_metrics_page_is_the_same_bytes_twice_and_says_not_recorded() {
    let site = hand_site();
    let build = |n: u32| {
        let out = site.0.join(format!("out{n}"));
        let b = run(bin()
            .arg("build")
            .arg(&site.0)
            .args(["--today", "2026-06-15", "--no-search", "--out"])
            .arg(&out));
        assert_eq!(b.code, 0, "{}", b.stderr);
        (read(&out, "metrics/index.html"), read(&out, "metrics.json"))
    };
    let first = build(1);
    assert_eq!(first, build(2));
    let page = first.0;
    assert!(page.contains("<svg class=\"chart-svg\""));
    assert!(
        page.contains(
            "<title id=\"incidents-by-month-t\">Incidents per month, by severity</title>"
        )
    );
    assert!(page.contains("<td class=\"unrecorded\">not recorded</td>"));
    // The severity's colour is the theme's custom property, not a fill.
    assert!(page.contains("style=\"--sev: #b3261e\"") && !page.contains("fill=\""));
}

/// Contributing factors end to end: figures counted by hand in
/// `metrics.json` and `stats`, each category's browse page, and the public
/// build without the category only an internal report names.
#[test]
fn factors_are_counted_browsed_and_kept_from_the_public_by_hand() {
    let site = TempDir::new("metrics-factors");
    site.write(
        "retrospect.yaml",
        format!("{CONFIG}factor_categories:\n  - {{name: third-party, label: Third party}}\n"),
    );
    let public = "status: published\nvisibility: public\n";
    let at = ["09:00", "09:05", "10:00"];
    site.write(
        "reports/a.md",
        report(
            "a",
            "2026-06-01",
            at,
            &format!(
                "{public}factors:\n  - {{category: change, description: A deploy went to every region.}}\n  - third-party\n"
            ),
        ),
    );
    site.write(
        "reports/b.md",
        report(
            "b",
            "2026-01-10",
            at,
            &format!("{public}factors: [change]\n"),
        ),
    );
    // The 12 months before.
    site.write(
        "reports/c.md",
        report(
            "c",
            "2025-03-01",
            at,
            &format!("{public}factors: [change]\n"),
        ),
    );
    // Internal only: its category must not reach the public build.
    site.write(
        "reports/d.md",
        report(
            "d",
            "2026-02-01",
            at,
            "status: published\nvisibility: internal\nfactors: [hardware, change]\n",
        ),
    );
    site.write("reports/e.md", report("e", "2026-03-01", at, public));

    let m = stats(&site, &[]);
    let rows: Vec<(String, u64, u64)> = m["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["label"].as_str().unwrap().to_string(),
                c["current"].as_u64().unwrap(),
                c["previous"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [("Change", 3, 1), ("Hardware", 1, 0), ("Third party", 1, 0)];
    let expected: Vec<(String, u64, u64)> = expected
        .iter()
        .map(|(l, c, p)| (l.to_string(), *c, *p))
        .collect();
    assert_eq!(rows, expected);
    assert_eq!(m["current"]["factors_unrecorded"], 1);
    let q1 = m["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["quarter"] == "2026-Q1")
        .unwrap();
    assert_eq!(q1["by_factor"], serde_json::json!([2, 1, 0]));

    let table = run(bin()
        .arg("stats")
        .arg(&site.0)
        .args(["--today", "2026-06-15"]));
    assert_eq!(table.code, 0, "{}", table.stderr);
    let line = |label: &str| {
        table
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label} in {}", table.stdout))
            .split_whitespace()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
    };
    // Reversed: the 12 months before, then the last 12.
    assert_eq!(line("Incidents by contributing factor"), ["1", "3"]);
    assert_eq!(line("Third party"), ["0", "1"]);

    let build = |audience: &str| {
        let out = site.0.join(format!("out-{audience}"));
        let b = run(bin()
            .arg("build")
            .arg(&site.0)
            .args(["--audience", audience, "--today", "2026-06-15"])
            .args(["--no-search", "--out"])
            .arg(&out));
        assert_eq!(b.code, 0, "{}", b.stderr);
        out
    };
    let internal = build("internal");
    let page = read(&internal, "factors/change/index.html");
    for slug in ["a", "b", "c", "d"] {
        assert!(
            page.contains(&format!("reports/{slug}/")),
            "{slug} on change"
        );
    }
    assert!(!page.contains("reports/e/"));
    assert!(read(&internal, "factors/third-party/index.html").contains("Third party"));
    assert!(read(&internal, "factors/hardware/index.html").contains("reports/d/"));
    let browse = read(&internal, "browse/index.html");
    assert!(browse.contains("factors/hardware/"));
    let report_page = read(&internal, "reports/a/index.html");
    assert!(report_page.contains("A deploy went to every region."));
    assert!(report_page.contains("factors/third-party/"));
    let page = read(&internal, "metrics/index.html");
    assert!(page.contains("Incidents by contributing factor"));
    // The recurring causes per quarter, by hand (Change, Hardware, Third
    // party; then the incidents): c in 2025-Q1; b, d and e (no factor) in
    // 2026-Q1; a in 2026-Q2; every other quarter of both windows empty.
    let quarters = chart_table(&page, "factors-by-quarter");
    assert_eq!(
        quarters,
        [
            "2024-Q2 0 0 0 0",
            "2024-Q3 0 0 0 0",
            "2024-Q4 0 0 0 0",
            "2025-Q1 1 0 0 1",
            "2025-Q2 0 0 0 0",
            "2025-Q3 0 0 0 0",
            "2025-Q4 0 0 0 0",
            "2026-Q1 2 1 0 3",
            "2026-Q2 1 0 1 1",
        ]
    );
    assert!(page.contains(
        "<th scope=\"col\">Quarter</th><th scope=\"col\">Change</th><th scope=\"col\">Hardware</th>\
         <th scope=\"col\">Third party</th><th scope=\"col\">Incidents</th>"
    ));
    assert!(page.contains("The most in one quarter: 2 under Change in 2026-Q1."));

    let public_out = build("public");
    assert!(!public_out.join("factors/hardware").exists());
    assert!(!read(&public_out, "browse/index.html").contains("factors/hardware/"));
    let metrics = read(&public_out, "metrics.json");
    assert!(!metrics.contains("hardware"), "{metrics}");
    assert!(read(&public_out, "factors/change/index.html").contains("reports/a/"));
    // The public's: d is internal, and hardware only d's.
    let quarters = chart_table(
        &read(&public_out, "metrics/index.html"),
        "factors-by-quarter",
    );
    assert_eq!(quarters[7], "2026-Q1 1 0 2");
    assert_eq!(quarters[8], "2026-Q2 1 1 1");
}
