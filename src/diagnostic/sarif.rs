//! SARIF 2.1.0, the format GitHub code scanning (and many editors) import.

use super::github::repo_relative;
use super::{Code, Diagnostic, Level};
use serde_json::{Value, json};
use std::path::Path;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(diagnostics: &[Diagnostic], repo_root: Option<&Path>) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.id(),
                "name": code.name(),
                "shortDescription": { "text": code.title() },
                "defaultConfiguration": { "level": sarif_level(code.default_level()) },
                "helpUri": format!("https://github.com/retrospect-dev/retrospect/blob/main/docs/diagnostics.md#{}", code.id().to_lowercase()),
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": d.code.id(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
                "level": sarif_level(d.level),
                "message": { "text": text },
            });
            if let Some(file) = &d.file {
                let (line, column, end_column) = d
                    .location
                    .as_ref()
                    .map_or((1, 1, 2), |l| (l.start.line, l.start.column, l.end_column));
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": repo_relative(file, repo_root),
                            "uriBaseId": "%SRCROOT%",
                        },
                        "region": {
                            "startLine": line,
                            "startColumn": column,
                            "endColumn": end_column,
                        }
                    }
                }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "retrospect",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/retrospect-dev/retrospect",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).expect("plain data serialises");
    text.push('\n');
    text
}

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
    }
}
