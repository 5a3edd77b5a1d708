//! The command line, as clap sees it. Only commands that work are listed.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "retrospect",
    version,
    about = "Check and publish incident postmortems kept in git",
    long_about = "Retrospect checks incident reports (Markdown with YAML front matter) for \
                  completeness and blameless wording, and publishes them as a static site.",
    after_help = "Run `retrospect help <COMMAND>` for a command's options and examples."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate reports without writing anything: the CI and pre-commit gate
    #[command(after_help = "\
Examples:
  retrospect check                          check the site in the current folder
  retrospect check incidents/               check another site
  retrospect check reports/2024-03-14-db.md check one report (ids still resolved site-wide)
  retrospect check --format github          annotations on a pull request's lines
  retrospect check --format sarif > r.sarif for GitHub code scanning

Exit status: 0 no problems, 1 problems found, 2 could not run.")]
    Check(CheckArgs),
    /// Render the site: HTML pages, feeds and data files
    #[command(after_help = "\
Examples:
  retrospect build                               the site in the current folder, into ./public
  retrospect build example-reports               another site, into example-reports/public
  retrospect build --audience public --base-url https://status.example.com/incidents/
  retrospect build --out /tmp/site --today 2026-01-15

The output folder is replaced only when the build succeeds, and only if it is
empty or was written by Retrospect. Exit status: 0 built, 1 problems in the
reports or templates (nothing written), 2 could not run.")]
    Build(BuildArgs),
    /// Preview the site: build it into memory, serve it, rebuild and reload on every save
    #[command(after_help = "\
Examples:
  retrospect serve                          the site in the current folder, on port 4300
  retrospect serve example-reports --open   another site, opened in the browser
  retrospect serve --port 0                 any free port (the address is printed)
  retrospect serve --audience public        preview what the public build shows

Serves on 127.0.0.1 only. Saving a report, retrospect.yaml, a template or a
theme file rebuilds what changed and reloads open pages. When a change breaks
the site, every page shows the errors (file, line, column) over the last good
version until they are fixed. Nothing is written to disk. Ctrl-C stops.
Exit status: 0 stopped, 2 could not start (no reports/ folder, port in use).")]
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site folder [default: the current folder]
    #[arg(value_name = "SITE")]
    pub site: Option<PathBuf>,

    /// The port to listen on, on 127.0.0.1; 0 picks a free one
    #[arg(long, value_name = "N", default_value_t = 4300)]
    pub port: u16,

    /// Who the site is for: everything (internal) or what is safe to publish (public)
    #[arg(long, value_enum, default_value_t = AudienceArg::Internal)]
    pub audience: AudienceArg,

    /// Open the site in the default browser once it is served
    #[arg(long)]
    pub open: bool,

    /// The date that overdue and due-soon actions are measured against (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site folder [default: the current folder]
    #[arg(value_name = "SITE")]
    pub site: Option<PathBuf>,

    /// Who the site is for: everything (internal) or what is safe to publish (public)
    #[arg(long, value_enum, default_value_t = AudienceArg::Internal)]
    pub audience: AudienceArg,

    /// The output folder [default: SITE/public]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// The URL the site will be served from, for feeds, the sitemap and canonical links
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// The date that overdue and due-soon actions are measured against (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudienceArg {
    /// Everything, with drafts marked; never indexed by search engines
    Internal,
    /// Published public reports only, without internal passages or names
    Public,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A site folder, or report files of one site [default: the current folder]
    #[arg(value_name = "SITE | FILE")]
    pub paths: Vec<PathBuf>,

    /// How to print problems
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Fail (exit 1) on warnings as well as errors
    #[arg(long)]
    pub deny_warnings: bool,

    /// The date that overdue actions are measured against (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text with the source line and a caret (coloured on a terminal)
    Human,
    /// A stable JSON document (see docs/diagnostics.md)
    Json,
    /// GitHub Actions workflow commands, shown as annotations
    Github,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::time::parse_date(s)
}
