//! The one pipeline behind `check`, `build` and `serve`:
//! load → parse → validate → site rules. Files are processed in parallel;
//! results keep the sorted order of the files, so output is deterministic.

use crate::config::{Config, LintLevel};
use crate::diagnostic::{Diagnostic, FileReporter, Level, locate};
use crate::load::{self, SiteFiles};
use crate::model::{Report, Slug};
use crate::parse::{self, ParsedReport};
use crate::source::SourceFile;
use crate::validate::{self, Rules, site::Identity};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;

pub struct Options {
    /// The date that "overdue" is measured against.
    pub today: NaiveDate,
    /// Check only these reports (paths relative to `reports/`); the others
    /// are read just enough to resolve ids and slugs.
    pub only: Option<HashSet<String>>,
    /// Keep the valid reports, with their Markdown, for rendering. `check`
    /// needs only the diagnostics, and skips holding ten thousand bodies.
    pub keep_reports: bool,
}

/// The result of a run: the valid reports and every diagnostic, sorted.
pub struct Outcome {
    /// Reports without errors, in file order, with `related` resolved.
    pub reports: Vec<Report>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many reports were checked.
    pub checked: usize,
    pub files: SiteFiles,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

struct FileOutcome {
    report: Option<Report>,
    identity: Identity,
    diagnostics: Vec<Diagnostic>,
}

/// Runs the pipeline over a site. `Err` means the run could not happen (no
/// `reports/` folder); problems in reports are diagnostics.
pub fn run(site: &Path, config: &Config, options: &Options) -> Result<Outcome, String> {
    let files = load::discover(site)?;
    let rules = Rules::new(config, options.today);
    let is_checked = |rel: &str| options.only.as_ref().is_none_or(|only| only.contains(rel));

    let outcomes: Vec<FileOutcome> = files
        .reports
        .par_iter()
        .map(|(path, rel)| {
            let checked = is_checked(rel);
            match load::read_report(path, rel) {
                Ok(file) if checked => process(&file, &rules, options.keep_reports),
                Ok(file) => identity_only(&file),
                Err(diagnostic) => FileOutcome {
                    report: None,
                    identity: Identity {
                        path: path.clone(),
                        slug: slug_from_name(rel),
                        checked,
                        ..Identity::default()
                    },
                    diagnostics: if checked {
                        vec![*diagnostic]
                    } else {
                        Vec::new()
                    },
                },
            }
        })
        .collect();

    let checked = files
        .reports
        .iter()
        .filter(|(_, rel)| is_checked(rel))
        .count();
    let identities: Vec<Identity> = outcomes.iter().map(|o| o.identity.clone()).collect();
    let (site_diagnostics, related) = validate::site::check(&identities);

    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut reports = Vec::new();
    let files_with_site_errors: HashSet<&Path> = site_diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.as_deref())
        .collect();
    for (outcome, related) in outcomes.into_iter().zip(related) {
        let file_ok = !outcome.diagnostics.iter().any(Diagnostic::is_error)
            && !files_with_site_errors.contains(outcome.identity.path.as_path());
        if let (Some(mut report), true) = (outcome.report, file_ok) {
            report.related = related.iter().filter_map(|s| Slug::parse(s)).collect();
            reports.push(report);
        }
        diagnostics.extend(outcome.diagnostics);
    }
    diagnostics.extend(site_diagnostics);
    let mut diagnostics = apply_lint_levels(diagnostics, config);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(Outcome {
        reports,
        diagnostics,
        checked,
        files,
    })
}

/// Parses and validates one file, and notes what other reports may refer to.
fn process(file: &SourceFile, rules: &Rules, keep_report: bool) -> FileOutcome {
    let mut reporter = FileReporter::new(file);
    let parsed = parse::parse(&mut reporter, &rules.config.placeholders);
    let identity = identity_of(&reporter, parsed.as_ref());
    let mut report = parsed.and_then(|p| validate::validate(&mut reporter, p, rules));
    match &mut report {
        Some(r) if keep_report => r.body.markdown = file.text[r.body.offset..].to_string(),
        _ => report = None,
    }
    FileOutcome {
        report,
        identity,
        diagnostics: reporter.diagnostics,
    }
}

fn identity_of(reporter: &FileReporter, parsed: Option<&ParsedReport>) -> Identity {
    let file = reporter.file;
    let at = |span: &std::ops::Range<usize>| locate(&file.text, reporter.index(), span.clone());
    let Some(parsed) = parsed else {
        return Identity {
            path: file.path.clone(),
            slug: slug_from_name(&file.rel_path),
            checked: true,
            ..Identity::default()
        };
    };
    let fm = &parsed.front;
    let (slug, slug_location) = match &fm.slug {
        Some(s) => (
            Slug::parse(&s.value).map(|s| s.to_string()),
            Some(at(&s.span)),
        ),
        None => (slug_from_name(&file.rel_path), None),
    };
    Identity {
        path: file.path.clone(),
        slug,
        slug_location,
        id: fm
            .id
            .as_ref()
            .map(|id| (id.value.clone(), Some(at(&id.span)))),
        related: fm
            .related
            .iter()
            .map(|r| (r.value.clone(), at(&r.span)))
            .collect(),
        checked: true,
    }
}

fn identity_only(file: &SourceFile) -> FileOutcome {
    let (id, slug) = validate::site::scan_identity(&file.text);
    FileOutcome {
        report: None,
        identity: Identity {
            path: file.path.clone(),
            slug: slug.or_else(|| slug_from_name(&file.rel_path)),
            slug_location: None,
            id: id.map(|id| (id, None)),
            related: Vec::new(),
            checked: false,
        },
        diagnostics: Vec::new(),
    }
}

fn slug_from_name(rel_path: &str) -> Option<String> {
    let stem = Path::new(rel_path).file_stem()?.to_string_lossy();
    Slug::parse(Slug::stem_without_date(&stem)).map(|s| s.to_string())
}

/// Applies `lints:` from the configuration: off drops, error promotes.
fn apply_lint_levels(diagnostics: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            match config.lints.level_of(d.code) {
                Some(LintLevel::Off) => return None,
                Some(LintLevel::Error) => d.level = Level::Error,
                Some(LintLevel::Warn) | None => {}
            }
            Some(d)
        })
        .collect()
}
