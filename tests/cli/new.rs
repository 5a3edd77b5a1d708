//! `retrospect new`: the next free id, never overwriting, and a file that
//! passes `check` as a draft.

use crate::support::{TempDir, VALID_REPORT, bin, check_json, front_matter_json, run};
use serde_json::json;
use std::path::PathBuf;

fn new(site: &TempDir, args: &[&str]) -> crate::support::Run {
    run(bin().arg("new").args(args).arg("--site").arg(&site.0))
}

/// A valid report with another id and slug.
fn report_with(id: &str, slug: &str) -> String {
    VALID_REPORT.replace("id: INC-2025-010", &format!("id: {id}\nslug: {slug}"))
}

#[test]
fn new_takes_the_next_free_id_and_passes_check() {
    let site = TempDir::new("new-next-id");
    site.write("reports/a.md", report_with("INC-2025-007", "a"));
    site.write("reports/2025/b.md", report_with("INC-2025-031", "b"));
    site.write("reports/c.md", report_with("INC-2024-099", "c"));
    site.write("reports/_draft.md", report_with("INC-2025-200", "ignored"));

    let out = new(
        &site,
        &[
            "Login: cache stampede after a deploy",
            "--date",
            "2025-06-01",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = PathBuf::from(out.stdout.trim_end());
    assert_eq!(
        path,
        site.0
            .join("reports")
            .join("2025-06-01-login-cache-stampede-after-a-deploy.md")
    );
    assert_eq!(out.stdout.lines().count(), 1, "only the path on stdout");
    let text = std::fs::read_to_string(&path).unwrap();
    let front = front_matter_json(&text);
    assert_eq!(
        front["id"],
        json!("INC-2025-032"),
        "after INC-2025-031, ignoring _draft.md"
    );
    assert_eq!(
        front["title"],
        json!("Login: cache stampede after a deploy")
    );
    assert_eq!(front["date"], json!("2025-06-01"));
    assert_eq!(front["status"], json!("draft"));
    assert_eq!(
        front["severity"],
        json!("critical"),
        "the most severe by default"
    );
    assert!(out.stderr.contains("severity `critical`"), "{}", out.stderr);

    // The new file passes check, alone and with the whole site; its only
    // warning is that it is a draft 228 days after its incident, as of the
    // --today of check_json (R111).
    let (code, json) = check_json(&path, &[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0, "{json:#}");
    assert_eq!(json["summary"]["warnings"], 1, "{json:#}");
    assert_eq!(json["diagnostics"][0]["code"], "R111", "{json:#}");
    let (code, json) = check_json(&site.0, &[]);
    assert_eq!(code, 0, "{json:#}");

    // A year without ids starts at 1.
    let out = new(
        &site,
        &["Another", "--date", "2026-02-01", "--severity", "minor"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(out.stdout.trim_end()).unwrap();
    assert_eq!(front_matter_json(&text)["id"], json!("INC-2026-001"));
    assert_eq!(front_matter_json(&text)["severity"], json!("minor"));
}

#[test]
fn new_follows_the_sites_settings_and_template() {
    let site = TempDir::new("new-settings");
    site.write(
        "retrospect.yaml",
        "timezone: Europe/Paris\nid_pattern: \"PM-{seq:4}\"\nseverities:\n  - name: sev1\n  - name: sev2\n",
    );
    site.write(
        "reports/a.md",
        report_with("PM-0041", "a").replace("major", "sev2"),
    );
    let out = new(
        &site,
        &[
            "Queue backlog",
            "--date",
            "2025-06-01",
            "--severity",
            "sev2",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(out.stdout.trim_end()).unwrap();
    let front = front_matter_json(&text);
    assert_eq!(front["id"], json!("PM-0042"));
    assert_eq!(front["timezone"], json!("Europe/Paris"));
    assert!(text.contains("One of: sev1, sev2."), "{text}");

    site.write(
        "templates/report.md",
        "---\ntitle: {{ title | yaml }}\nid: {{ id }}\ndate: {{ date }}\nseverity: {{ severity }}\nstatus: draft\nstarted: \"08:00\"\n---\nOur own template for {{ title }}.\n",
    );
    let out = new(&site, &["Cron overlap", "--date", "2025-06-02"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(out.stdout.trim_end()).unwrap();
    assert!(
        text.ends_with("Our own template for Cron overlap.\n"),
        "{text}"
    );
    assert!(text.contains("id: PM-0043\n"), "{text}");
    assert!(text.contains("severity: sev1\n"), "{text}");

    // A template of the severity's own comes first; other severities keep
    // templates/report.md.
    site.write(
        "templates/report-sev1.md",
        "---\ntitle: {{ title | yaml }}\nid: {{ id }}\ndate: {{ date }}\nseverity: {{ severity }}\nstatus: draft\nstarted: \"08:00\"\n---\nA sev1: page the incident commander.\n",
    );
    let out = new(
        &site,
        &["Data loss", "--date", "2025-06-02", "--severity", "sev1"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(out.stdout.trim_end()).unwrap();
    assert!(
        text.ends_with("A sev1: page the incident commander.\n"),
        "{text}"
    );
    let out = new(
        &site,
        &["Slow page", "--date", "2025-06-02", "--severity", "sev2"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(out.stdout.trim_end()).unwrap();
    assert!(
        text.ends_with("Our own template for Slow page.\n"),
        "{text}"
    );
    std::fs::remove_file(site.0.join("templates/report-sev1.md")).unwrap();

    // A template that gives a report check refuses: written, and said so.
    site.write("templates/report.md", "---\ntitle: {{ title }}\n---\n");
    let out = new(&site, &["Broken template", "--date", "2025-06-03"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("R010"), "{}", out.stderr);
    assert!(
        out.stderr.contains("templates/report.md needs fixing"),
        "{}",
        out.stderr
    );

    // A template with a syntax error names itself and the line.
    site.write("templates/report.md", "---\ntitle: x\n{% if %}\n---\n");
    let out = new(&site, &["Bad syntax", "--date", "2025-06-04"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("report.md"), "{}", out.stderr);
    assert!(out.stderr.contains("3:"), "{}", out.stderr);
    assert!(!site.0.join("reports/2025-06-04-bad-syntax.md").exists());
}

#[test]
fn new_never_overwrites_a_file() {
    let site = TempDir::new("new-clash");
    let first = new(&site, &["Disk full", "--date", "2025-06-01"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let path = PathBuf::from(first.stdout.trim_end());
    std::fs::write(&path, "my edits").unwrap();

    let again = new(&site, &["Disk full", "--date", "2025-06-01"]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("slug `disk-full` is already used"),
        "{}",
        again.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my edits");

    // A file at that very path, whose own slug is another: still refused.
    let taken = site.write(
        "reports/2025-06-02-dns.md",
        report_with("INC-2025-050", "other"),
    );
    let before = std::fs::read(&taken).unwrap();
    let out = new(&site, &["DNS", "--date", "2025-06-02"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("already exists"), "{}", out.stderr);
    assert!(out.stderr.contains("never overwrites"), "{}", out.stderr);
    assert_eq!(std::fs::read(&taken).unwrap(), before);
}

#[test]
fn new_refuses_bad_input_clearly() {
    let site = TempDir::new("new-bad");
    site.write("reports/a.md", report_with("INC-2025-007", "a"));
    let cases: [(&[&str], &str); 6] = [
        (&["X", "--severity", "majr"], "did you mean `major`?"),
        (&["X", "--id", "INC-2025-007"], "already used by"),
        (&["X", "--slug", "Not A Slug"], "such as `not-a-slug`"),
        (&["   "], "the title is empty"),
        (&["!!!"], "give one with --slug"),
        (&["X", "--date", "2025-02-30"], "2025-02-30"),
    ];
    for (args, needle) in cases {
        let out = new(&site, args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(needle), "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    let out = new(
        &site,
        &["X", "--id", "INC-2025-007", "--date", "2025-05-01"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(!site.0.join("reports/2025-05-01-x.md").exists());
    assert!(
        out.stderr.contains("the next free id is `INC-2025-008`"),
        "{}",
        out.stderr
    );

    let not_a_site = TempDir::new("new-not-a-site");
    std::fs::remove_dir(not_a_site.0.join("reports")).unwrap();
    let out = new(&not_a_site, &["X"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("retrospect init"), "{}", out.stderr);
    assert_eq!(std::fs::read_dir(&not_a_site.0).unwrap().count(), 0);
}

/// The (code, line, message) of each diagnostic of `check --format json`.
fn found(json: &serde_json::Value) -> Vec<(String, u64, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_site_templates_guidance_left_in_a_report_is_a_placeholder() {
    let site = TempDir::new("template-guidance");
    // The summary's text is on line 10 of the report; the first action's
    // owner, on line 35.
    let guided = VALID_REPORT
        .replace(
            "summary: Checkout was slow for 40 minutes while the cache refilled.",
            "summary: >-\n  One paragraph for a reader\n  who was NOT there.",
        )
        .replace("    owner: sam\n", "    owner: the team that owns it\n");
    let report = site.write("reports/guided.md", &guided);
    // Without templates, the guidance is text like any other.
    let (code, json) = check_json(&site.0, &[]);
    assert_eq!((code, found(&json)), (0, vec![]), "{json}");

    site.write(
        "templates/report.md",
        "---\ntitle: {{ title | yaml }}\nsummary: One paragraph for a reader who was not there.\n\
         status: draft\n---\n",
    );
    site.write(
        "templates/report-major.md",
        "---\ntitle: {{ title | yaml }}\nactions:\n  - title: \"{{ title }}: what we agree\"\n    \
         owner: the team that owns it\n---\n",
    );
    let (code, json) = check_json(&site.0, &[]);
    let summary = "the summary still holds the report template's guidance \
                   \"One paragraph for a reader who was not there.\"";
    let owner =
        "an action's owner still holds the report template's guidance \"the team that owns it\"";
    assert_eq!(
        (code, found(&json)),
        (
            1,
            vec![
                ("R061".to_string(), 10, summary.to_string()),
                ("R061".to_string(), 35, owner.to_string()),
            ]
        ),
        "{json}"
    );
    // In a draft, a warning; checking the file alone reads the templates too.
    std::fs::write(
        &report,
        guided.replace("status: published", "status: draft"),
    )
    .unwrap();
    let (code, json) = check_json(&report, &[]);
    assert_eq!(code, 0, "{json}");
    let codes: Vec<(String, u64)> = found(&json)
        .into_iter()
        .filter(|(code, ..)| code == "R112")
        .map(|(code, line, _)| (code, line))
        .collect();
    assert_eq!(
        codes,
        [("R112".to_string(), 10), ("R112".to_string(), 35)],
        "{json}"
    );
}
