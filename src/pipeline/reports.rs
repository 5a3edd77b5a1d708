//! The stages up to validation: load → parse → validate → the rules across
//! reports. `check` stops here; [`super::prepare`] goes on from here.
//! Files are processed in parallel; results keep the sorted order of the
//! files, so output is deterministic.

use crate::config::{Config, LintLevel};
use crate::diagnostic::{Diagnostic, FileReporter, Level, locate};
use crate::error::Error;
use crate::load::{self, SiteFiles};
use crate::model::{Packed, Report, Slug};
use crate::parse::{self, ParsedReport};
use crate::source::SourceFile;
use crate::validate::{
    self, Rules,
    site::{Identity, Resolved},
};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

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
    pub reports: Vec<Arc<Report>>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many reports were checked.
    pub checked: usize,
    /// Warnings counted but not in `diagnostics`: a cached run
    /// ([`super::run_cached`], `serve`) lists errors only, and counts the
    /// warnings, which `serve` shows as a number.
    pub unlisted_warnings: usize,
    pub files: SiteFiles,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Runs the pipeline over a site. `Err` means the run could not happen (no
/// `reports/` folder); problems in reports are diagnostics.
pub fn run(site: &Path, config: &Config, options: &Options) -> Result<Outcome, Error> {
    let markdown = match options.keep_reports {
        true => Markdown::Packed,
        false => Markdown::Dropped,
    };
    run_keeping(site, config, options, markdown)
}

/// How a kept report holds its Markdown body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Markdown {
    /// Not at all (`check`'s notes on drafts).
    Dropped,
    /// Compressed in memory ([`Packed::new`]): `serve`, whose files change
    /// under it.
    Packed,
    /// Left in its file, read again when its page is rendered
    /// ([`Packed::in_file`]): a build, which renders each body once; at
    /// 100,000 reports the compressed bodies were 310 MB (BENCHMARKS.md,
    /// seventh session).
    InFile,
}

/// [`run`] for a build: each valid report's body is left in its file.
pub(super) fn run_leaving_bodies(
    site: &Path,
    config: &Config,
    options: &Options,
) -> Result<Outcome, Error> {
    run_keeping(site, config, options, Markdown::InFile)
}

/// [`run`], keeping of each valid report (when `options.keep_reports`)
/// only what `check`'s notes on drafts read: what names it, its status,
/// title, summary, services, tags, kind, factors and links to others; not
/// its Markdown, timeline, actions or other lists, which are freed as each
/// report is checked, on the thread that checked it.
pub fn run_for_notes(site: &Path, config: &Config, options: &Options) -> Result<Outcome, Error> {
    run_keeping(site, config, options, Markdown::Dropped)
}

fn run_keeping(
    site: &Path,
    config: &Config,
    options: &Options,
    markdown: Markdown,
) -> Result<Outcome, Error> {
    let files = load::discover(site)?;
    let rules = Rules::for_site(config, options.today, site);
    // Resolved once: every report is below it. If it cannot be, each
    // report says why.
    let root = load::ReportsRoot::of(&files.reports);
    let outcomes: Vec<FileOutcome> = files
        .reports
        .par_iter()
        .map(|(path, rel)| read_and_process(path, rel, &rules, options, markdown, root.as_ref()))
        .collect();
    Ok(assemble(files, outcomes, config))
}

/// Reads and checks one file; a valid report is kept when
/// `options.keep_reports`, with its Markdown held as `markdown` says. `root` is
/// the `reports/` folder resolved, when the caller did.
pub(super) fn read_and_process(
    path: &Path,
    rel: &str,
    rules: &Rules,
    options: &Options,
    markdown: Markdown,
    root: Option<&load::ReportsRoot>,
) -> FileOutcome {
    let checked = options.only.as_ref().is_none_or(|only| only.contains(rel));
    let read = match root {
        Some(root) => load::read_report_in(root, path, rel),
        None => load::read_report(path, rel),
    };
    match read {
        Ok(file) if checked => process(&file, rules, options.keep_reports, markdown),
        Ok(file) => identity_only(&file),
        Err(diagnostic) => FileOutcome {
            report: None,
            identity: Arc::new(Identity {
                path: path.to_path_buf(),
                slug: slug_from_name(rel),
                checked,
                ..Identity::default()
            }),
            diagnostics: if checked {
                vec![*diagnostic]
            } else {
                Vec::new()
            },
        },
    }
}

/// What one report file gave: its report when valid, what other reports
/// may refer to, and its diagnostics.
pub(super) struct FileOutcome {
    pub(super) report: Option<Arc<Report>>,
    pub(super) identity: Arc<Identity>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// Sets `report`'s `related` and `recurrence_of` to the slugs `resolved`
/// names, and says whether they changed. A report that `serve` keeps is
/// copied only then, and compared first without parsing a slug.
pub(super) fn resolve_links(report: &mut Arc<Report>, resolved: &Resolved) -> bool {
    let same = report
        .related
        .iter()
        .map(Slug::as_str)
        .eq(resolved.related.iter().map(String::as_str))
        && report.recurrence_of.as_ref().map(Slug::as_str) == resolved.recurrence_of.as_deref();
    if same {
        return false;
    }
    let related: Vec<Slug> = resolved
        .related
        .iter()
        .filter_map(|s| Slug::parse(s))
        .collect();
    let recurrence_of = resolved.recurrence_of.as_deref().and_then(Slug::parse);
    if report.related == related && report.recurrence_of == recurrence_of {
        return false;
    }
    let changed = Arc::make_mut(report);
    changed.related = related;
    changed.recurrence_of = recurrence_of;
    true
}

/// The step across files: the site-wide rules over every file's identity,
/// then the valid reports with `related` resolved, and every diagnostic
/// sorted.
fn assemble(files: SiteFiles, outcomes: Vec<FileOutcome>, config: &Config) -> Outcome {
    let checked = outcomes.iter().filter(|o| o.identity.checked).count();
    let identities: Vec<&Identity> = outcomes.iter().map(|o| &*o.identity).collect();
    let (site_diagnostics, related) = validate::site::check(&identities);

    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut reports = Vec::new();
    let files_with_site_errors: HashSet<&Path> = site_diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.as_deref())
        .collect();
    for (outcome, resolved) in outcomes.into_iter().zip(related) {
        // (A path is hashed component by component: not for every file of
        // a site without errors across reports.)
        let file_ok = !outcome.diagnostics.iter().any(Diagnostic::is_error)
            && (files_with_site_errors.is_empty()
                || !files_with_site_errors.contains(outcome.identity.path.as_path()));
        if let (Some(mut report), true) = (outcome.report, file_ok) {
            resolve_links(&mut report, &resolved);
            reports.push(report);
        }
        diagnostics.extend(outcome.diagnostics);
    }
    diagnostics.extend(site_diagnostics);
    let mut diagnostics = apply_lint_levels(diagnostics, config);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Outcome {
        reports,
        diagnostics,
        checked,
        unlisted_warnings: 0,
        files,
    }
}

/// Parses and validates one file, and notes what other reports may refer to.
fn process(file: &SourceFile, rules: &Rules, keep_report: bool, markdown: Markdown) -> FileOutcome {
    let mut reporter = FileReporter::new(file);
    let parsed = parse::parse(&mut reporter, &rules.config.placeholders);
    let identity = identity_of(&reporter, parsed.as_ref());
    let mut report = parsed.and_then(|p| validate::validate(&mut reporter, p, rules));
    match &mut report {
        Some(r) if keep_report && markdown == Markdown::Packed => {
            r.body.markdown = Packed::new(&file.text[r.body.offset..]);
        }
        Some(r) if keep_report && markdown == Markdown::InFile => {
            r.body.markdown = Packed::in_file(&file.path, &file.text, r.body.offset);
        }
        Some(r) if keep_report => slim(r),
        _ => report = None,
    }
    FileOutcome {
        report: report.map(Arc::new),
        identity: Arc::new(identity),
        diagnostics: reporter.diagnostics,
    }
}

/// A report without what [`run_for_notes`] does not keep.
fn slim(r: &mut Report) {
    r.authors = Vec::new();
    r.lead = None;
    r.roles = Vec::new();
    r.impact = None;
    r.timeline = Vec::new();
    r.communications = Vec::new();
    r.recommendations = Vec::new();
    r.actions = Vec::new();
    r.investigations = Vec::new();
    r.known_issues = Vec::new();
    r.review = None;
    r.internal_notes = None;
    r.extra = serde_json::Value::Null;
    r.body.sections = Vec::new();
    r.body.internal_passages = Vec::new();
}

fn identity_of(reporter: &FileReporter, parsed: Option<&ParsedReport>) -> Identity {
    let file = reporter.file;
    let Some(parsed) = parsed else {
        return Identity {
            path: file.path.clone(),
            slug: slug_from_name(&file.rel_path),
            checked: true,
            ..Identity::default()
        };
    };
    let fm = &parsed.front;
    // The fields are in the front matter: lines past it need no index.
    let end = (fm.slug.iter().map(|s| &s.span))
        .chain(fm.id.iter().map(|s| &s.span))
        .chain(fm.related.iter().map(|s| &s.span))
        .chain(fm.recurrence_of.iter().map(|s| &s.span))
        .map(|span| span.end.max(span.start))
        .max()
        .unwrap_or(0);
    let index = reporter.index_to(end);
    let at = |span: &std::ops::Range<usize>| locate(&file.text, &index, span.clone());
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
        date: fm.date.as_ref().map(|d| d.value),
        recurrence_of: fm
            .recurrence_of
            .as_ref()
            .map(|r| (r.value.clone(), at(&r.span))),
        checked: true,
    }
}

fn identity_only(file: &SourceFile) -> FileOutcome {
    let (id, slug, date) = validate::site::scan_identity(&file.text);
    FileOutcome {
        report: None,
        identity: Arc::new(Identity {
            path: file.path.clone(),
            slug: slug.or_else(|| slug_from_name(&file.rel_path)),
            slug_location: None,
            id: id.map(|id| (id, None)),
            related: Vec::new(),
            date,
            recurrence_of: None,
            checked: false,
        }),
        diagnostics: Vec::new(),
    }
}

fn slug_from_name(rel_path: &str) -> Option<String> {
    let stem = Path::new(rel_path).file_stem()?.to_string_lossy();
    Slug::parse(Slug::stem_without_date(&stem)).map(|s| s.to_string())
}

/// Applies `lints:` from the configuration: off drops, error promotes.
pub(super) fn apply_lint_levels(diagnostics: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
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

#[cfg(test)]
#[path = "reports_tests.rs"]
mod tests;
