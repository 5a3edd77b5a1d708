//! SARIF 2.1.0, the format GitHub code scanning (and many editors) import.

use super::github::slash_path;
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
                "helpUri": format!("{}/blob/main/docs/diagnostics.md#{}", crate::release::REPOSITORY, code.id().to_lowercase()),
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
                        "artifactLocation": artifact_location(file, repo_root),
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
                    "informationUri": crate::release::REPOSITORY,
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

/// Where a file is, as code scanning expects it: a URI relative to the
/// repository root, with `uriBaseId` `%SRCROOT%`. Outside a repository
/// there is no such root: an absolute `file://` URI, without a base.
fn artifact_location(file: &Path, repo_root: Option<&Path>) -> Value {
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let absolute = super::github::normalize(&absolute);
    let relative = repo_root.and_then(|root| {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        absolute
            .strip_prefix(super::github::normalize(&root))
            .ok()
            .map(slash_path)
    });
    match relative {
        Some(rel) => json!({ "uri": encode_path(&rel), "uriBaseId": "%SRCROOT%" }),
        None => {
            let path = slash_path(&absolute);
            let path = if path.starts_with('/') {
                path
            } else {
                format!("/{path}")
            };
            json!({ "uri": format!("file://{}", encode_path(&path)) })
        }
    }
}

/// Percent-encodes a path for a URI (RFC 3986): a space is `%20`.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
    }
}
