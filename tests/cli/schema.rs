//! `retrospect schema`: the schemas validate every example report and the
//! example configuration with a real JSON Schema validator, and reject the
//! obvious bad inputs.

use crate::support::{
    TempDir, VALID_REPORT, bin, example_reports, example_site, front_matter_json, run,
    schema_errors, validator, yaml_json,
};
use serde_json::{Value, json};

/// A change to a valid front matter.
type Mutation = Box<dyn Fn(&mut Value)>;

fn schema(args: &[&str]) -> Value {
    let out = run(bin().arg("schema").args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", out.stdout))
}

#[test]
fn every_example_report_matches_the_report_schema() {
    let site = example_site();
    let schema = schema(&["report", "--site", site.to_str().unwrap()]);
    assert_eq!(
        schema["$schema"],
        json!("http://json-schema.org/draft-07/schema#")
    );
    assert_eq!(
        schema["properties"]["severity"]["enum"],
        json!(["critical", "major", "minor", "trivial"]),
        "the site's severities; required, so not null"
    );
    let validator = validator(&schema);
    for path in example_reports() {
        let text = std::fs::read_to_string(&path).unwrap();
        let errors = schema_errors(&validator, &front_matter_json(&text));
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn the_report_schema_rejects_the_obvious_bad_inputs() {
    let site = example_site();
    let schema = schema(&["report", "--site", site.to_str().unwrap()]);
    let validator = validator(&schema);
    let good = front_matter_json(VALID_REPORT);
    assert_eq!(schema_errors(&validator, &good), Vec::<String>::new());

    let cases: Vec<(&str, Mutation)> = vec![
        (
            "no title",
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("title");
            }),
        ),
        ("empty title", Box::new(|v| v["title"] = json!(null))),
        (
            "unknown status",
            Box::new(|v| v["status"] = json!("finished")),
        ),
        (
            "unknown severity",
            Box::new(|v| v["severity"] = json!("majr")),
        ),
        (
            "impossible date",
            Box::new(|v| v["date"] = json!("2024-02-30")),
        ),
        (
            "date in another form",
            Box::new(|v| v["date"] = json!("14/03/2025")),
        ),
        (
            "time in no form",
            Box::new(|v| v["started"] = json!("half past nine")),
        ),
        (
            "a list as a string",
            Box::new(|v| v["services"] = json!("checkout")),
        ),
        ("misspelt key", Box::new(|v| v["severty"] = json!("major"))),
        (
            "a slug that is a path",
            Box::new(|v| v["slug"] = json!("../etc")),
        ),
        (
            "a visibility typo",
            Box::new(|v| v["visibility"] = json!("publik")),
        ),
        (
            "published without a summary",
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("summary");
            }),
        ),
        (
            "published impact without its summary",
            Box::new(|v| {
                v["impact"].as_object_mut().unwrap().remove("summary");
            }),
        ),
        (
            "data_loss not a boolean",
            Box::new(|v| v["impact"]["data_loss"] = json!("maybe")),
        ),
        (
            "an action without an owner",
            Box::new(|v| {
                v["actions"][0].as_object_mut().unwrap().remove("owner");
            }),
        ),
        (
            "an open action without a due date",
            Box::new(|v| {
                v["actions"][0].as_object_mut().unwrap().remove("due");
            }),
        ),
        (
            "an action status typo",
            Box::new(|v| v["actions"][0]["status"] = json!("finished")),
        ),
        (
            "an unknown action key",
            Box::new(|v| v["actions"][0]["ownr"] = json!("sam")),
        ),
        (
            "a timeline entry without event",
            Box::new(|v| v["timeline"][0] = json!({"at": "09:00"})),
        ),
        (
            "a review that is a list",
            Box::new(|v| v["review"] = json!(["jo"])),
        ),
    ];
    for (what, mutate) in cases {
        let mut bad = good.clone();
        mutate(&mut bad);
        assert!(
            !schema_errors(&validator, &bad).is_empty(),
            "the schema accepted {what}: {bad:#}"
        );
    }

    // What the format allows, the schema allows too.
    let allowed: Vec<(&str, Mutation)> = vec![
        (
            "a done action without a due date",
            Box::new(|v| {
                v["actions"][0]["status"] = json!("done");
                v["actions"][0].as_object_mut().unwrap().remove("due");
            }),
        ),
        (
            "a draft without the published keys",
            Box::new(|v| {
                v["status"] = json!("draft");
                for key in ["summary", "authors", "resolved", "impact"] {
                    v.as_object_mut().unwrap().remove(key);
                }
            }),
        ),
        ("a number as an id", Box::new(|v| v["id"] = json!(2024))),
        (
            "an RFC 3339 time",
            Box::new(|v| v["resolved"] = json!("2025-03-14T09:40:00+01:00")),
        ),
        (
            "an empty optional key",
            Box::new(|v| v["lead"] = json!(null)),
        ),
        (
            "other impact keys",
            Box::new(|v| v["impact"]["regions"] = json!(["eu"])),
        ),
    ];
    for (what, mutate) in allowed {
        let mut fine = good.clone();
        mutate(&mut fine);
        let errors = schema_errors(&validator, &fine);
        assert!(errors.is_empty(), "the schema refused {what}: {errors:#?}");
    }
}

#[test]
fn without_a_site_a_severity_is_any_text() {
    let dir = TempDir::new("schema-no-site");
    let out = run(bin().current_dir(&dir.0).args(["schema", "report"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let schema: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(schema["properties"]["severity"].get("enum").is_none());
    // In a site folder, its own levels.
    dir.write(
        "retrospect.yaml",
        "severities:\n  - name: sev1\n  - name: sev2\n",
    );
    let out = run(bin().current_dir(&dir.0).args(["schema"]));
    let schema: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        schema["properties"]["severity"]["enum"],
        json!(["sev1", "sev2"])
    );
    // A broken configuration is reported, not guessed around.
    dir.write("retrospect.yaml", "severities: 3\n");
    let out = run(bin().current_dir(&dir.0).args(["schema"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("retrospect.yaml"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

#[test]
fn the_config_schema_accepts_the_example_and_rejects_typos() {
    let schema = schema(&["config"]);
    let validator = validator(&schema);
    let example = std::fs::read_to_string(example_site().join("retrospect.yaml")).unwrap();
    let example = yaml_json(&example);
    assert_eq!(schema_errors(&validator, &example), Vec::<String>::new());
    for bad in [
        "titel: Ops\n",
        "default_visibility: secret\n",
        "lints:\n  blame-language: loud\n",
        "severities:\n  - name: high\n    requires: {reviw: true}\n",
        "people:\n  jo: {nme: Jo}\n",
        "allow_raw_html: sometimes\n",
    ] {
        assert!(
            !schema_errors(&validator, &yaml_json(bad)).is_empty(),
            "the config schema accepted {bad:?}"
        );
    }
}
