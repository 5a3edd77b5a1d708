//! The JSON output of `check --format json`. The shape is documented in
//! `docs/diagnostics.md` and versioned by `"version"`; fields are only ever
//! added, never renamed or removed, within a version.

use super::{Diagnostic, Summary};
use serde::Serialize;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    name: &'static str,
    level: &'static str,
    message: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_column: Option<usize>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSummary {
    reports: usize,
    errors: usize,
    warnings: usize,
}

pub fn render(diagnostics: &[Diagnostic], summary: &Summary) -> String {
    let output = Output {
        version: 1,
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                code: d.code.id(),
                name: d.code.name(),
                level: d.level.as_str(),
                message: &d.message,
                file: d.file.as_ref().map(|p| super::github::slash_path(p)),
                line: d.location.as_ref().map(|l| l.start.line),
                column: d.location.as_ref().map(|l| l.start.column),
                end_column: d.location.as_ref().map(|l| l.end_column),
                help: d.help.as_deref(),
            })
            .collect(),
        summary: JsonSummary {
            reports: summary.reports,
            errors: summary.errors,
            warnings: summary.warnings,
        },
    };
    let mut text = serde_json::to_string_pretty(&output).expect("plain data serialises");
    text.push('\n');
    text
}
