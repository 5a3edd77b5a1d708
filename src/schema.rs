//! JSON Schemas (draft-07, the draft the YAML language server speaks) of a
//! report's front matter and of `retrospect.yaml`, for editors'
//! completion and hover text.
//!
//! Neither is written by hand. The report schema is generated from
//! `parse::keys`, the table the parser looks every key up in; the tests
//! below check that each key's kind there is what the parser reads. The
//! configuration schema is derived (schemars) from the type the loader
//! deserialises, `config::ConfigFile`.

use crate::parse::keys::{self, Key, Kind, Need};
use serde_json::{Map, Value, json};

const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

/// The forms of time `time::parse_time` reads: RFC 3339 (seconds optional),
/// a local date-time, or a time of day. The schema checks the form; values
/// that do not exist (25:00, a daylight-saving gap) are `check`'s job.
const TIME_PATTERN: &str = r"^\s*(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?|\d{2}:\d{2}(:\d{2})?)\s*$";
const DATE_PATTERN: &str = r"^\s*\d{4}-\d{2}-\d{2}\s*$";

/// The names a site defines: its severity levels, roles and kinds of
/// incident, each an enumeration in the schema.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub severities: Vec<String>,
    pub roles: Vec<String>,
    pub kinds: Vec<String>,
    pub factors: Vec<String>,
}

impl Names {
    pub fn of(config: &crate::config::Config) -> Names {
        Names {
            severities: config.severities.iter().map(|l| l.name.clone()).collect(),
            roles: config.roles.iter().map(|r| r.name.clone()).collect(),
            kinds: config
                .incident_kinds
                .iter()
                .map(|k| k.name.clone())
                .collect(),
            factors: config
                .factor_categories
                .iter()
                .map(|c| c.name.clone())
                .collect(),
        }
    }
}

/// The schema of the front matter. `names` are the site's (enumerations);
/// without them a severity, a role and a kind are any text.
pub fn report(names: Option<&Names>) -> Value {
    let mut schema = object(keys::REPORT, false, names);
    let root = schema.as_object_mut().expect("an object schema");
    let mut published_keys: Vec<&str> = keys::REPORT
        .iter()
        .filter(|k| k.need == Need::Published)
        .map(|k| k.name)
        .collect();
    published_keys.sort_unstable();
    let impact_required: Vec<&str> = keys::IMPACT
        .iter()
        .filter(|k| k.need != Need::Optional)
        .map(|k| k.name)
        .collect();
    // What a published report needs besides: its severity may require more
    // (a timeline, actions, a review), which only `check` knows.
    root.insert(
        "if".into(),
        json!({"properties": {"status": {"const": "published"}}, "required": ["status"]}),
    );
    root.insert(
        "then".into(),
        json!({
            "required": published_keys,
            "properties": {"impact": {"type": "object", "required": impact_required}},
        }),
    );
    let mut out = Map::new();
    out.insert("$schema".into(), DRAFT_07.into());
    out.insert("title".into(), "Retrospect report front matter".into());
    out.insert(
        "description".into(),
        "The YAML front matter of an incident report (report format version 1). See docs/format.md."
            .into(),
    );
    out.extend(std::mem::take(root));
    Value::Object(out)
}

/// The schema of `retrospect.yaml`.
pub fn config() -> Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<crate::config::ConfigFile>();
    schema.to_value()
}

/// A mapping of `table`'s keys. `open` allows other keys.
fn object(table: &'static [Key], open: bool, names: Option<&Names>) -> Value {
    let properties: Map<String, Value> = table
        .iter()
        .map(|k| (k.name.to_string(), property(k, names)))
        .collect();
    let required: Vec<&str> = table
        .iter()
        .filter(|k| k.need == Need::Always)
        .map(|k| k.name)
        .collect();
    let mut schema = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": open,
    });
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    schema
}

fn property(key: &Key, names: Option<&Names>) -> Value {
    let named = |list: Option<&Vec<String>>, nullable: bool| match list {
        Some(list) => json!({"enum": choices(list.iter().map(String::as_str), nullable)}),
        None => json!({"type": types(&["string"], nullable), "pattern": r"\S"}),
    };
    // An empty value counts as absent: fine for an optional key, an error
    // for a required one.
    let nullable = key.need != Need::Always;
    let mut schema = match key.kind {
        Kind::Text => {
            let mut s = json!({"type": types(&["string", "number", "boolean"], nullable)});
            if !nullable {
                s["pattern"] = json!(r"\S");
            }
            s
        }
        Kind::Slug => json!({
            "type": types(&["string"], nullable),
            "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
            "maxLength": crate::model::Slug::MAX_LEN,
        }),
        Kind::Timezone => json!({"type": types(&["string"], nullable), "pattern": r"\S"}),
        Kind::Date => json!({
            "type": types(&["string"], nullable),
            "pattern": DATE_PATTERN,
            "format": "date",
        }),
        Kind::Time => json!({"type": types(&["string"], nullable), "pattern": TIME_PATTERN}),
        Kind::Choice(names) => json!({"enum": choices(names.iter().copied(), nullable)}),
        Kind::Severity => named(names.map(|n| &n.severities), nullable),
        Kind::Role => named(names.map(|n| &n.roles), nullable),
        Kind::IncidentKind => named(names.map(|n| &n.kinds), nullable),
        // Another category is a warning, not an error: the schema suggests.
        Kind::FactorCategory => {
            let mut s = json!({"type": types(&["string"], nullable), "pattern": r"\S"});
            if let Some(names) = names {
                s["examples"] = json!(names.factors);
            }
            s
        }
        Kind::Bool => json!({"type": types(&["boolean"], nullable)}),
        Kind::Texts => json!({
            "type": types(&["array"], nullable),
            "items": {"type": ["string", "number", "boolean", "null"]},
        }),
        Kind::Map { keys, open } => {
            let mut s = object(keys, open, names);
            s["type"] = types(&["object"], nullable);
            s
        }
        Kind::Entries { keys, .. } => json!({
            "type": types(&["array"], nullable),
            "items": {"anyOf": [
                {"type": ["string", "number", "boolean"]},
                object(keys, false, names),
            ]},
        }),
        Kind::List(keys) => {
            let mut item = object(keys, false, names);
            if std::ptr::eq(keys, keys::ACTION) {
                // `due` unless the action is done or dropped (default: open).
                item["if"] = json!({
                    "properties": {"status": {"enum": ["done", "wont-do"]}},
                    "required": ["status"],
                });
                item["else"] = json!({"required": ["due"]});
            }
            json!({"type": types(&["array"], nullable), "items": item})
        }
        Kind::Any => json!({}),
    };
    schema["description"] = json!(key.doc);
    schema
}

fn types(names: &[&str], nullable: bool) -> Value {
    let mut all: Vec<&str> = names.to_vec();
    if nullable {
        all.push("null");
    }
    match all.as_slice() {
        [one] => json!(one),
        many => json!(many),
    }
}

fn choices<'a>(names: impl Iterator<Item = &'a str>, nullable: bool) -> Value {
    let mut all: Vec<Value> = names.map(|n| json!(n)).collect();
    if nullable {
        all.push(Value::Null);
    }
    Value::Array(all)
}

/// A schema as a file holds it (`retrospect schema` prints it, `init`
/// writes it for editors): pretty, ending in a newline.
pub fn to_text(schema: &Value) -> String {
    serde_json::to_string_pretty(schema).expect("plain data") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::diagnostic::{Code, FileReporter};
    use crate::source::SourceFile;

    /// Parses and validates a report's text; returns the diagnostics.
    fn check(text: &str) -> Vec<crate::diagnostic::Diagnostic> {
        let file = SourceFile {
            path: "reports/x.md".into(),
            rel_path: "x.md".into(),
            text: text.to_string(),
        };
        let mut reporter = FileReporter::new(&file);
        let config = Config::default();
        let rules = crate::validate::Rules::new(&config, chrono::NaiveDate::MIN);
        if let Some(parsed) = crate::parse::parse(&mut reporter, &config.placeholders) {
            crate::validate::validate(&mut reporter, parsed, &rules);
        }
        reporter.diagnostics
    }

    const BASE: &str =
        "title: t\ndate: 2024-03-14\nseverity: trivial\nstatus: draft\nstarted: \"09:00\"\n";

    /// A value of a kind, as YAML, that the parser must accept.
    fn valid(kind: Kind) -> String {
        match kind {
            Kind::Text => "some text".into(),
            Kind::Slug => "a-slug-2".into(),
            Kind::Timezone => "Europe/London".into(),
            Kind::Date => "2024-03-14".into(),
            Kind::Time => "\"09:30\"".into(),
            Kind::Choice(names) => names[0].into(),
            Kind::Severity => "minor".into(),
            Kind::Role => "comms".into(),
            Kind::IncidentKind => "slow".into(),
            Kind::FactorCategory => "change".into(),
            Kind::Entries { keys, .. } => format!("[plain text, {}]", mapping(keys)),
            Kind::Bool => "true".into(),
            Kind::Texts => "[a, b]".into(),
            Kind::Map { keys, .. } => mapping(keys),
            Kind::List(keys) => format!("[{}]", mapping(keys)),
            Kind::Any => "{anything: [1, 2]}".into(),
        }
    }

    fn mapping(keys: &[Key]) -> String {
        let entries: Vec<String> = keys
            .iter()
            .map(|k| format!("{}: {}", k.name, valid(k.kind)))
            .collect();
        format!("{{{}}}", entries.join(", "))
    }

    /// A value of the wrong kind, that the parser must refuse.
    fn invalid(kind: Kind) -> Option<&'static str> {
        match kind {
            Kind::Text => Some("[a, list]"),
            Kind::Slug => Some("Not/A Slug"),
            Kind::Timezone => Some("Mars/Olympus"),
            Kind::Date => Some("14/03/2024"),
            Kind::Time => Some("half past nine"),
            Kind::Choice(_) | Kind::Severity | Kind::Role | Kind::IncidentKind => {
                Some("no-such-value")
            }
            Kind::Entries { .. } => Some("a string"),
            Kind::Bool => Some("maybe"),
            Kind::Texts => Some("{a: map}"),
            Kind::Map { .. } => Some("a string"),
            Kind::List(_) => Some("a string"),
            Kind::FactorCategory | Kind::Any => None,
        }
    }

    /// Every key of the table, written with a value of its kind, is read
    /// without a complaint; with a value of another kind it is refused. So
    /// the kinds the schema is built from are the kinds the parser reads.
    #[test]
    fn the_parser_reads_each_key_as_the_table_says() {
        for key in keys::REPORT.iter().filter(|k| k.need != Need::Always) {
            let text = format!("---\n{BASE}{}: {}\n---\n", key.name, valid(key.kind));
            let problems = check(&text);
            // An action's `recommendation` must name one of the report's:
            // a rule across keys, not a type.
            assert!(
                problems
                    .iter()
                    .all(|d| !d.is_error() || d.code == Code::UnknownRecommendation),
                "{}: {problems:#?}",
                key.name
            );
            assert!(
                problems.iter().all(|d| d.code != Code::UnknownKey),
                "{}: {problems:#?}",
                key.name
            );
            if let Some(bad) = invalid(key.kind) {
                let text = format!("---\n{BASE}{}: {bad}\n---\n", key.name);
                assert!(
                    check(&text).iter().any(|d| d.is_error()),
                    "{}: {bad} was accepted",
                    key.name
                );
            }
        }
        for table in [keys::IMPACT, keys::TIMELINE, keys::ACTION, keys::REVIEW] {
            let (outer, wrap): (&str, fn(String) -> String) = if std::ptr::eq(table, keys::IMPACT) {
                ("impact", |m| m)
            } else if std::ptr::eq(table, keys::REVIEW) {
                ("review", |m| m)
            } else if std::ptr::eq(table, keys::TIMELINE) {
                ("timeline", |m| format!("[{m}]"))
            } else {
                ("actions", |m| format!("[{m}]"))
            };
            for key in table {
                if let Some(bad) = invalid(key.kind) {
                    let entries: Vec<String> = table
                        .iter()
                        .map(|k| {
                            let value = if k.name == key.name {
                                bad.to_string()
                            } else {
                                valid(k.kind)
                            };
                            format!("{}: {value}", k.name)
                        })
                        .collect();
                    let map = wrap(format!("{{{}}}", entries.join(", ")));
                    let text = format!("---\n{BASE}{outer}: {map}\n---\n");
                    assert!(
                        check(&text).iter().any(|d| d.is_error()),
                        "{outer}.{}: {bad} was accepted",
                        key.name
                    );
                }
            }
        }
    }

    /// The keys the parser knows are the schema's properties, and a key
    /// the table does not have is unknown to the parser.
    #[test]
    fn schema_properties_are_the_keys_the_parser_knows() {
        let schema = report(None);
        let properties: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut names: Vec<&str> = keys::names(keys::REPORT).collect();
        let mut sorted = properties.clone();
        sorted.sort_unstable();
        names.sort_unstable();
        assert_eq!(sorted, names);
        let problems = check(&format!("---\n{BASE}not_a_key: 1\n---\n"));
        assert!(problems.iter().any(|d| d.code == Code::UnknownKey));
        assert_eq!(schema["additionalProperties"], json!(false));
        let action = &schema["properties"]["actions"]["items"]["properties"];
        assert_eq!(
            action.as_object().unwrap().keys().count(),
            keys::ACTION.len()
        );
    }

    /// The keys the table marks as required are the ones the validator
    /// asks for: always, and once published.
    #[test]
    fn required_keys_are_the_ones_the_validator_requires() {
        let missing = |text: &str| -> Vec<String> {
            let mut keys: Vec<String> = check(text)
                .iter()
                .filter(|d| d.code == Code::MissingKey)
                .filter_map(|d| d.message.split('`').nth(1).map(str::to_string))
                .collect();
            keys.sort();
            keys
        };
        let mut always: Vec<&str> = keys::REPORT
            .iter()
            .filter(|k| k.need == Need::Always)
            .map(|k| k.name)
            .collect();
        always.sort_unstable();
        assert_eq!(missing("---\nid: x\n---\n"), always);
        let mut published: Vec<&str> = keys::REPORT
            .iter()
            .filter(|k| k.need == Need::Published)
            .map(|k| k.name)
            .collect();
        published.sort_unstable();
        let text = BASE.replace("status: draft", "status: published");
        assert_eq!(missing(&format!("---\n{text}---\n")), published);
        assert_eq!(
            report(None)["then"]["required"],
            json!(published),
            "the schema's published keys"
        );
    }

    #[test]
    fn severities_become_an_enumeration() {
        let mut config = crate::config::Config::default();
        config.severities.truncate(2);
        config.severities[0].name = "sev1".into();
        config.severities[1].name = "sev2".into();
        let schema = report(Some(&Names::of(&config)));
        assert_eq!(
            schema["properties"]["severity"]["enum"],
            json!(["sev1", "sev2"])
        );
        assert_eq!(
            schema["properties"]["roles"]["items"]["properties"]["role"]["enum"],
            json!(["lead", "comms", "scribe", "responder"])
        );
        assert_eq!(
            schema["properties"]["kind"]["enum"][4],
            json!("data-breach")
        );
        assert_eq!(schema["$schema"], json!(DRAFT_07));
    }

    #[test]
    fn the_config_schema_is_draft_07_and_closed() {
        let schema = config();
        assert_eq!(schema["$schema"], json!(DRAFT_07));
        assert_eq!(schema["additionalProperties"], json!(false));
        let properties = schema["properties"].as_object().unwrap();
        for key in ["title", "timezone", "id_pattern", "severities", "lints"] {
            assert!(properties.contains_key(key), "{key}");
        }
    }
}
