//! Figures checked against values computed by hand on a small site.

use super::*;
use crate::config::{Config, PersonInfo, Requirements};
use crate::site::{Audience, Untrimmed, audience};

/// One report: `times` is `started, detected, resolved` (detected may be
/// empty), `extra` more front matter.
fn report(slug: &str, date: &str, severity: &str, times: [&str; 3], extra: &str) -> String {
    let [started, detected, resolved] = times;
    let detected = if detected.is_empty() {
        String::new()
    } else {
        format!("detected: \"{detected}\"\n")
    };
    format!(
        "---\ntitle: {slug}\nslug: {slug}\ndate: {date}\nseverity: {severity}\nsummary: s\n\
         authors: [jo]\nstarted: \"{started}\"\n{detected}resolved: \"{resolved}\"\n\
         impact: {{summary: s}}\n{extra}---\nText.\n"
    )
}

/// The site of `files`, trimmed to `audience`, on 15 June 2026.
fn site(name: &str, files: &[(&str, String)], audience: Audience) -> Site {
    let dir =
        std::env::temp_dir().join(format!("retrospect-metrics-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join("reports").join(file), text).unwrap();
    }
    let mut config = Config::default();
    for level in &mut config.severities {
        level.requires = Requirements::default();
    }
    config.people.insert(
        "jo".into(),
        PersonInfo {
            name: Some("Jo Bloggs".into()),
            team: Some("payments".into()),
        },
    );
    let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
    let options = crate::pipeline::Options {
        today,
        only: None,
        keep_reports: true,
    };
    let outcome = crate::pipeline::run(&dir, &config, &options).unwrap();
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    let untrimmed = Untrimmed::new(
        config,
        today,
        outcome.reports,
        Vec::new(),
        Default::default(),
        false,
    );
    let _ = std::fs::remove_dir_all(&dir);
    audience::trim(untrimmed, audience)
}

fn fixture() -> Vec<(&'static str, String)> {
    let public = "status: published\nvisibility: public\n";
    vec![
        // Detect 10 min, resolve 1 h; an open action due 1 June: overdue.
        (
            "a.md",
            report(
                "a",
                "2026-06-01",
                "critical",
                ["09:00", "09:10", "10:00"],
                &format!("{public}actions:\n  - {{title: t, owner: jo, due: 2026-06-01}}\n"),
            ),
        ),
        // Starts before midnight in London (summer time), resolved after:
        // May's, detect 20 min, resolve 70 min. Internal.
        (
            "b.md",
            report(
                "b",
                "2026-05-10",
                "major",
                ["23:30", "23:50", "2026-05-11 00:40"],
                "status: published\nvisibility: internal\ntimezone: Europe/London\n\
             actions:\n  - {title: t, owner: sam, due: 2026-07-01, status: done}\n\
             recommendations:\n  - Do it.\n  - {text: Maybe, kind: process, declined: Too dear.}\n  - Think.\n",
            ),
        ),
        // India: resolved written in UTC, 30 min after the start; no
        // detection time recorded.
        (
            "c.md",
            report(
                "c",
                "2026-03-02",
                "trivial",
                ["10:00", "", "2026-03-02T05:00:00Z"],
                &format!("{public}timezone: \"+05:30\"\nrecurrence_of: e\n"),
            ),
        ),
        // A draft: counted only when asked.
        (
            "d.md",
            report(
                "d",
                "2026-01-20",
                "minor",
                ["12:00", "12:05", "14:00"],
                "status: draft\n",
            ),
        ),
        // The year before: detect 15 min, resolve 90 min.
        (
            "e.md",
            report(
                "e",
                "2025-04-10",
                "major",
                ["08:00", "08:15", "09:30"],
                public,
            ),
        ),
    ]
}

#[test]
fn headline_figures_by_hand() {
    let site = site("hand", &fixture(), Audience::Internal);
    let m = compute(&site, &Options::site(site.today()));
    assert_eq!(m.current_window.start, "2025-06-16".parse().unwrap());
    let now = &m.current;
    // a, b, c; the draft d is left out.
    assert_eq!(now.incidents, 3);
    let by_severity: Vec<usize> = now.by_severity.iter().map(|c| c.count).collect();
    assert_eq!(by_severity, [1, 1, 0, 1]);
    // Resolve: 1800, 3600, 4200 s: an odd count, the middle one.
    assert_eq!(
        now.time_to_resolve,
        Spread {
            count: 3,
            median: Some(3600.0),
            p90: Some(4200.0),
            max: Some(4200.0)
        }
    );
    // Detect: 600 and 1200 s (c recorded none): an even count, the mean.
    assert_eq!(
        now.time_to_detect,
        Spread {
            count: 2,
            median: Some(900.0),
            p90: Some(1200.0),
            max: Some(1200.0)
        }
    );
    // No one recorded mitigation: nothing, not 0.
    assert_eq!(now.time_to_mitigate.median, None);
    assert_eq!(
        (
            now.actions.agreed,
            now.actions.done,
            now.actions.open,
            now.actions.overdue
        ),
        (2, 1, 1, 1)
    );
    assert_eq!(now.actions.done_by_due, None);
    let r = &now.recommendations;
    assert_eq!(
        (r.total, r.with_actions, r.declined, r.not_taken_up),
        (3, 0, 1, 2)
    );
    assert_eq!(now.recurrences, 1);
    assert_eq!(now.hours, None);
    // The year before: e alone.
    assert_eq!(m.previous.incidents, 1);
    assert_eq!(m.previous.time_to_detect.median, Some(900.0));
    assert_eq!(m.previous.time_to_resolve.max, Some(5400.0));
}

#[test]
fn months_are_local_and_empty_ones_are_kept() {
    let site = site("months", &fixture(), Audience::Internal);
    let m = compute(&site, &Options::site(site.today()));
    // 16 June 2024 to 15 June 2026: 25 months, every one listed.
    assert_eq!(m.months.len(), 25);
    assert_eq!(
        (m.months[0].month.as_str(), m.months[24].month.as_str()),
        ("2024-06", "2026-06")
    );
    let of = |month: &str| {
        m.months
            .iter()
            .find(|x| x.month == month)
            .unwrap()
            .incidents
    };
    // b started at 23:30 on 10 May in London (22:30 UTC): May's.
    assert_eq!(
        (of("2026-05"), of("2026-04"), of("2026-01"), of("2026-06")),
        (1, 0, 0, 1)
    );
    assert_eq!(m.quarters.first().unwrap().quarter, "2024-Q2");
    let q = m.quarters.iter().find(|q| q.quarter == "2026-Q2").unwrap();
    // a and b: resolve 3600 and 4200.
    assert_eq!((q.incidents, q.time_to_resolve.median), (2, Some(3900.0)));
    // Teams: jo is in payments; sam is in none.
    let teams: Vec<(&str, usize)> = m
        .teams
        .iter()
        .map(|t| (t.team.as_str(), t.actions.agreed))
        .collect();
    assert_eq!(teams, [(actions::NO_TEAM, 1), ("payments", 1)]);
}

#[test]
fn drafts_only_when_asked_and_filters() {
    let site = site("drafts", &fixture(), Audience::Internal);
    let options = Options {
        drafts: true,
        ..Options::site(site.today())
    };
    let m = compute(&site, &options);
    assert_eq!(m.current.incidents, 4);
    // Detect 300, 600, 1200: the middle; resolve 1800, 3600, 4200, 7200.
    assert_eq!(m.current.time_to_detect.median, Some(600.0));
    assert_eq!(m.current.time_to_resolve.median, Some(3900.0));
    let options = Options {
        severities: vec!["major".into()],
        ..Options::site(site.today())
    };
    assert_eq!(compute(&site, &options).current.incidents, 1);
}

#[test]
fn the_public_figures_count_public_reports_and_teams_only() {
    let site = site("public", &fixture(), Audience::Public);
    let m = compute(&site, &Options::site(site.today()));
    // b is internal, d a draft.
    assert_eq!(m.current.incidents, 2);
    let teams: Vec<&str> = m.teams.iter().map(|t| t.team.as_str()).collect();
    assert_eq!(teams, ["payments"]);
    let json = serde_json::to_string(&m).unwrap();
    assert!(
        !json.contains("Jo Bloggs") && !json.contains("\"jo\""),
        "{json}"
    );
}

#[test]
fn one_report_without_times_gives_an_honest_page() {
    let files = vec![(
        "x.md",
        report(
            "x",
            "2026-02-01",
            "trivial",
            ["10:00", "", "11:00"],
            "status: published\n",
        ),
    )];
    let site = site("one", &files, Audience::Internal);
    let m = compute(&site, &Options::site(site.today()));
    let rows = headline::rows(&m);
    let row = |key: &str| rows.iter().find(|r| r.key == key).unwrap().clone();
    assert_eq!(row("incidents").current, "1");
    assert_eq!(row("incidents").previous, "0");
    assert_eq!(row("time_to_detect_median").current, headline::NOT_RECORDED);
    assert_eq!(row("time_to_resolve_median").current, "1 h 00 min");
    assert_eq!(
        row("time_to_resolve_median").previous,
        headline::NOT_RECORDED
    );
    assert_eq!(row("days_to_review_median").current, headline::NOT_RECORDED);
}

#[test]
fn similar_incidents_share_rare_terms_and_skip_linked_and_weak_ones() {
    let r = |slug: &str, title: &str, services: &str, extra: &str| {
        (
            format!("{slug}.md"),
            report(
                slug,
                "2026-03-01",
                "minor",
                ["10:00", "10:05", "11:00"],
                &format!("status: published\nservices: [{services}]\n{extra}"),
            )
            .replacen(&format!("title: {slug}\n"), &format!("title: {title}\n"), 1),
        )
    };
    let files = [
        r("a", "Checkout cache eviction storm", "checkout", ""),
        r("b", "Cache eviction storm slowed checkout", "checkout", ""),
        r(
            "c",
            "Cache eviction storm in checkout",
            "checkout",
            "related: [a]\n",
        ),
        r("d", "Login outage after certificate expiry", "login", ""),
        r("e", "Certificate expiry broke login", "login", ""),
        r("f", "Printer jam in the office", "printing", ""),
    ];
    let files: Vec<(&str, String)> = files.iter().map(|(f, t)| (f.as_str(), t.clone())).collect();
    let site = site("similar", &files, Audience::Internal);
    let slugs: Vec<&str> = site.reports().iter().map(|r| r.slug.as_str()).collect();
    let found = similar::similar(site.reports());
    let of = |slug: &str| -> Vec<&str> {
        let i = slugs.iter().position(|s| *s == slug).unwrap();
        found[i].iter().map(|&j| slugs[j]).collect()
    };
    assert_eq!(of("a"), ["b"], "c is already linked to a");
    // As alike as each other: the newer first, then by slug (descending).
    assert_eq!(of("b"), ["c", "a"]);
    assert_eq!(of("d"), ["e"]);
    assert_eq!(
        of("f"),
        Vec::<&str>::new(),
        "nothing like it: no weak match"
    );
}

#[test]
fn incidents_by_factor_category_by_hand() {
    let r = |slug: &str, date: &str, extra: &str| {
        let text = report(slug, date, "minor", ["10:00", "10:05", "11:00"], extra);
        (format!("{slug}.md"), text)
    };
    let public = "status: published\nvisibility: public\n";
    let files = [
        r(
            "a",
            "2026-06-01",
            &format!("{public}factors: [change, monitoring-gap]\n"),
        ),
        // A category written twice counts once.
        r(
            "b",
            "2026-02-10",
            &format!("{public}factors: [change, {{category: change}}]\n"),
        ),
        // The 12 months before, internal only.
        r(
            "c",
            "2025-03-01",
            "status: published\nvisibility: internal\nfactors: [capacity, change]\n",
        ),
        r("d", "2026-04-01", public),
        // A category the site does not define: counted under its name.
        r("e", "2026-05-01", &format!("{public}factors: [leaky]\n")),
    ];
    let files: Vec<(&str, String)> = files.iter().map(|(f, t)| (f.as_str(), t.clone())).collect();
    let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();

    let internal = site("factors", &files, Audience::Internal);
    let m = compute(&internal, &Options::site(today));
    let rows: Vec<(&str, &str, usize, usize)> = m
        .factors
        .iter()
        .map(|c| (c.name.as_str(), c.label.as_str(), c.current, c.previous))
        .collect();
    assert_eq!(
        rows,
        [
            ("change", "Change", 2, 1),
            ("capacity", "Capacity", 0, 1),
            ("monitoring-gap", "Monitoring gap", 1, 0),
            ("leaky", "leaky", 1, 0),
        ]
    );
    assert_eq!(m.current.factors_unrecorded, 1);
    assert_eq!(m.previous.factors_unrecorded, 0);
    let quarter = |q: &str| {
        m.quarters
            .iter()
            .find(|x| x.quarter == q)
            .unwrap()
            .by_factor
            .clone()
    };
    assert_eq!(quarter("2026-Q2"), [1, 0, 1, 1]);
    assert_eq!(quarter("2026-Q1"), [1, 0, 0, 0]);
    assert_eq!(quarter("2025-Q1"), [1, 1, 0, 0]);
    assert_eq!(quarter("2025-Q3"), [0, 0, 0, 0]);

    // The public site never counts the internal report's category.
    let public_site = site("factors-public", &files, Audience::Public);
    let m = compute(&public_site, &Options::site(today));
    let names: Vec<&str> = m.factors.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["change", "monitoring-gap", "leaky"]);
    assert_eq!(m.factors[0].previous, 0);
}

#[test]
fn shared_factor_categories_make_incidents_alike() {
    let r = |slug: &str, title: &str, service: &str, extra: &str| {
        let text = report(
            slug,
            "2026-03-01",
            "minor",
            ["10:00", "10:05", "11:00"],
            &format!("status: published\nservices: [{service}]\n{extra}"),
        )
        .replacen(&format!("title: {slug}\n"), &format!("title: {title}\n"), 1);
        (format!("{slug}.md"), text)
    };
    let found = |factors: &str| {
        let files = [
            r("g", "Alpha", "x", factors),
            r("h", "Beta", "x", factors),
            r("i", "Gamma", "z", ""),
            r("j", "Delta", "w", ""),
        ];
        let files: Vec<(&str, String)> =
            files.iter().map(|(f, t)| (f.as_str(), t.clone())).collect();
        let site = site(
            &format!("similar-factors-{}", factors.len()),
            &files,
            Audience::Internal,
        );
        let g = site
            .reports()
            .iter()
            .position(|r| r.slug.as_str() == "g")
            .unwrap();
        similar::similar(site.reports())[g]
            .iter()
            .map(|&j| site.reports()[j].slug.to_string())
            .collect::<Vec<_>>()
    };
    // A shared service alone is a weak match; with two shared categories
    // of contributing factor it is a suggestion.
    assert!(found("").is_empty());
    assert_eq!(found("factors: [hardware, capacity]\n"), ["h"]);
}
