//! `retrospect check`: the pipeline stopped before rendering.

use super::Outcome;
use crate::cli::{CheckArgs, Format};
use crate::diagnostic::{self, Diagnostic, Summary};
use crate::error::Error;
use crate::pipeline::{self, Options};
use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub fn run(args: &CheckArgs) -> Result<Outcome, Error> {
    let (site, only) = resolve_paths(&args.paths)?;
    let config = match crate::config::load(&site) {
        Ok(config) => config,
        Err(diagnostics) => {
            // A bad configuration is reported in the format asked for, so
            // that CI annotations point at it too; the run stops (exit 2).
            print(args.format, &site, &diagnostics, None);
            eprintln!("error: `retrospect.yaml` has errors; no report was checked");
            return Ok(Outcome::Failed);
        }
    };
    let today = args.today.unwrap_or_else(crate::time::today);
    // Human output notes drafts that look like a report already written,
    // which needs every report of the site, not only those checked: read
    // only when a checked report is a draft (a pre-commit hook on a
    // published report stays as fast as before).
    let human = args.format == Format::Human;
    let options = Options {
        today,
        only: only.clone(),
        keep_reports: human,
    };
    // The notes read a few fields of each report: the rest is not kept.
    let mut outcome = pipeline::run_for_notes(&site, &config, &options)?;
    let summary = Summary::of(outcome.checked, &outcome.diagnostics);
    let kept = std::mem::take(&mut outcome.reports);
    let drafts = kept.iter().any(|r| r.status == crate::model::Status::Draft);
    if human {
        let reports = if !drafts {
            drop_in_parallel(kept);
            Vec::new()
        } else if only.is_some() {
            drop_in_parallel(kept);
            let every = Options {
                today,
                only: None,
                keep_reports: true,
            };
            pipeline::run_for_notes(&site, &config, &every)?.reports
        } else {
            kept
        };
        // The warnings are rendered while the notes' index is made: each
        // has a serial part, which the other fills.
        let (text, notes) = rayon::join(
            || render(args.format, &site, &outcome.diagnostics, None),
            || super::looks_like::notes(&reports, only.as_ref()),
        );
        write(&text, args.format, None);
        let mut out = String::new();
        for note in notes {
            out.push_str(&note);
            out.push_str("\n\n");
        }
        out.push_str(&summary.line());
        out.push('\n');
        super::print_stdout(out.as_bytes())?;
        drop_in_parallel(reports);
    } else {
        print(args.format, &site, &outcome.diagnostics, Some(&summary));
    }
    let failed = summary.errors > 0 || (args.deny_warnings && summary.warnings > 0);
    Ok(if failed {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// Frees the reports kept for the notes on both cores: one by one, ten
/// thousand reports' fields took the main thread a while after the work.
fn drop_in_parallel(reports: Vec<std::sync::Arc<crate::model::Report>>) {
    use rayon::prelude::*;
    reports.into_par_iter().for_each(drop);
}

/// Prints diagnostics in a format. The summary line ends human output; for
/// the machine formats it goes to stderr so stdout stays parseable.
fn print(format: Format, site: &Path, diagnostics: &[Diagnostic], summary: Option<&Summary>) {
    write(&render(format, site, diagnostics, summary), format, summary);
}

/// The diagnostics in a format, as [`print`] prints them.
fn render(
    format: Format,
    site: &Path,
    diagnostics: &[Diagnostic],
    summary: Option<&Summary>,
) -> String {
    let repo_root = diagnostic::github::find_repo_root(site);
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let counts = summary
        .copied()
        .unwrap_or_else(|| Summary::of(0, diagnostics));
    match format {
        Format::Human => diagnostic::human::render(diagnostics, summary, color),
        Format::Json => diagnostic::json::render(diagnostics, &counts),
        Format::Github => diagnostic::github::render(diagnostics, repo_root.as_deref()),
        Format::Sarif => diagnostic::sarif::render(diagnostics, repo_root.as_deref()),
        Format::Gitlab => diagnostic::gitlab::render(
            diagnostics,
            repo_root.as_deref(),
            crate::config::CONFIG_FILE,
        ),
    }
}

/// Writes [`render`]'s text, then the summary line on stderr for the
/// machine formats.
fn write(text: &str, format: Format, summary: Option<&Summary>) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    if let Some(summary) = summary.filter(|_| format != Format::Human) {
        eprintln!("{}", summary.line());
    }
}

/// `check` takes a site folder or files of one site. Files are mapped to
/// their site (the folder whose `reports/` holds them) and to their path
/// relative to `reports/`.
fn resolve_paths(paths: &[PathBuf]) -> Result<(PathBuf, Option<HashSet<String>>), Error> {
    match paths {
        [] => Ok((
            super::site_dir::site_dir(None, "`retrospect check SITE`")?,
            None,
        )),
        [one] if one.is_dir() => Ok((one.clone(), None)),
        files => {
            let mut site: Option<PathBuf> = None;
            let mut only = HashSet::new();
            for file in files {
                if file.is_dir() {
                    return Err(Error::usage(format!(
                        "{} is a folder: give either one site folder or report files",
                        file.display()
                    )));
                }
                if !file.is_file() {
                    return Err(Error::usage(format!("{}: no such file", file.display())));
                }
                let (file_site, rel) = site_of(file)?;
                match &site {
                    Some(s) if !same_dir(s, &file_site) => {
                        return Err(Error::usage(format!(
                            "{} belongs to another site than the files before it",
                            file.display()
                        )));
                    }
                    _ => site = Some(file_site),
                }
                only.insert(rel);
            }
            Ok((site.expect("at least one file"), Some(only)))
        }
    }
}

/// The site holding a report: the nearest ancestor folder named `reports`.
fn site_of(file: &Path) -> Result<(PathBuf, String), Error> {
    let absolute =
        std::path::absolute(file).map_err(|e| Error::usage(format!("{}: {e}", file.display())))?;
    let not_a_report = || {
        Error::usage(format!(
            "{} is not a report: reports are `.md` (or `.markdown`) files under a site's `reports/` folder",
            file.display()
        ))
    };
    if !crate::load::is_report(&absolute) {
        return Err(not_a_report());
    }
    for dir in absolute.ancestors().skip(1) {
        if dir.file_name().is_some_and(|n| n == "reports") {
            let rel = absolute
                .strip_prefix(dir)
                .map_err(|_| not_a_report())?
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let site = dir.parent().ok_or_else(not_a_report)?;
            // Show paths relative to the working folder when the site is below it.
            let cwd = std::env::current_dir().unwrap_or_default();
            let shown = site
                .strip_prefix(&cwd)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| site.to_path_buf());
            let shown = if shown.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                shown
            };
            return Ok((shown, rel));
        }
    }
    Err(not_a_report())
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
