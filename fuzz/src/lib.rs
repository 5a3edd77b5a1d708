//! What the fuzz targets share: a report's text run through the stages
//! `check` and `build --audience public` run, in memory.

use retrospect::config::Config;
use retrospect::diagnostic::FileReporter;
use retrospect::output::Memory;
use retrospect::render::Plan;
use retrospect::pipeline::Prepared;
use retrospect::site::{Audience, Untrimmed, audience};
use retrospect::source::SourceFile;
use retrospect::validate::{self, Rules};
use std::sync::{Arc, OnceLock};

/// A report as the pipeline reads it (without the disk).
pub fn source(text: &str) -> SourceFile {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    SourceFile {
        path: "reports/2025-01-01-fuzz.md".into(),
        rel_path: "2025-01-01-fuzz.md".into(),
        text: text.to_string(),
    }
}

/// The date "overdue" is measured against, fixed.
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 15).expect("a date")
}

/// The built-in templates, parsed once.
fn templates() -> tera::Tera {
    static TERA: OnceLock<tera::Tera> = OnceLock::new();
    TERA.get_or_init(|| {
        retrospect::render::templates::load(std::path::Path::new("/nonexistent-site"))
            .expect("the built-in templates load")
    })
    .clone()
}

/// `check`, then, when the report is valid, every page and data file of
/// the public site (the search index aside: Pagefind's own).
pub fn check_and_render_public(text: &str) {
    let file = source(text);
    let config = Config::default();
    let rules = Rules::new(&config, today());
    let mut reporter = FileReporter::new(&file);
    let Some(parsed) = retrospect::parse::parse(&mut reporter, &config.placeholders) else {
        return;
    };
    let report = validate::validate(&mut reporter, parsed, &rules);
    let has_errors = reporter.diagnostics.iter().any(|d| d.is_error());
    // Every diagnostic renders in every format.
    let diagnostics = reporter.diagnostics;
    let summary = retrospect::diagnostic::Summary::of(1, &diagnostics);
    let _ = retrospect::diagnostic::human::render(&diagnostics, Some(&summary), false);
    let _ = retrospect::diagnostic::json::render(&diagnostics, &summary);
    let _ = retrospect::diagnostic::sarif::render(&diagnostics, None);
    let _ = retrospect::diagnostic::github::render(&diagnostics, None);
    let (Some(mut report), false) = (report, has_errors) else {
        return;
    };
    report.body.markdown = file.text[report.body.offset..].into();
    let site = Untrimmed::new(
        config,
        today(),
        vec![Arc::new(report)],
        Vec::new(),
        Default::default(),
        false,
    );
    let site = audience::trim(site, Audience::Public);
    let theme =
        retrospect::render::theme::files(std::path::Path::new("/nonexistent-site"), "default")
            .expect("the built-in theme");
    let plan = Plan::new(Prepared::new(site), templates(), theme);
    let memory = Memory::default();
    let _ = plan.render_all(&memory);
}
