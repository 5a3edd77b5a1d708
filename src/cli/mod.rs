//! The command line, as clap sees it. Only commands that work are listed.

mod args;

pub use args::*;

use clap::{CommandFactory, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "retrospect",
    version,
    // Every command answers -V, as its manual page says.
    propagate_version = true,
    // Our own `help` command, which answers `help --help` like any other.
    disable_help_subcommand = true,
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
  retrospect check --format gitlab > gl-code-quality.json
                                            GitLab's code-quality report on a merge request

Exit status: 0 no problems, 1 problems found, 2 could not run.")]
    Check(CheckArgs),
    /// Render the site: HTML pages, feeds and data files
    #[command(after_help = "\
Examples:
  retrospect build                               the site in the current folder, into ./public
  retrospect build example-reports               another site, into example-reports/public
  retrospect build --audience public --base-url https://status.example.com/incidents/
  retrospect build --out /tmp/site --today 2026-01-15
  retrospect build --no-search                   a quicker preview of a large site

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
    /// Start a report: a draft from the site's template, with the next free id
    #[command(after_help = "\
Examples:
  retrospect new \"Checkout errors after the 14:00 deploy\"
  retrospect new \"Search results stale\" --severity minor --date 2026-01-14
  retrospect new \"DNS outage\" --id INC-2026-040 --slug dns-outage
  $EDITOR \"$(retrospect new 'Payments API timeouts')\"

Writes reports/YYYY-MM-DD-SLUG.md (a draft, from the site's
templates/report-SEVERITY.md, else its templates/report.md, else the
built-in template) and prints its path. It never overwrites: a
file, id or slug that is already taken is an error.
Exit status: 0 written, 1 written but `check` finds errors in it (a site
template's fault), 2 could not run.")]
    New(NewArgs),
    /// Create a site: settings, a sample report, CI workflows, a pre-commit hook
    #[command(after_help = "\
Examples:
  retrospect init incidents      a new site in the folder incidents
  retrospect init                a new site in the current folder, if it is empty
  retrospect init --force        add the files to a folder that is not empty
  retrospect init --retrospect-version 0.2.0
                                 CI files that install another release

Writes retrospect.yaml (every key, commented), a sample report, .gitignore,
a GitHub Actions workflow and .gitlab-ci.yml (check each pull or merge
request, publish the public site from the main branch), a pre-commit hook
and the JSON Schemas that editors read. An existing file is never
overwritten, even with --force.

Inside a git repository, the CI files go to the repository's root, where
GitHub, GitLab and pre-commit look for them, with the site's path filled in.
They install the release of --retrospect-version (this retrospect's version
by default) from --repository, its checksum verified, or build it from source.
Exit status: 0 created, 2 could not run.")]
    Init(InitArgs),
    /// List agreed actions for a stand-up: open, overdue, by owner
    #[command(after_help = "\
Examples:
  retrospect actions                        open and in-progress actions, by due date
  retrospect actions --overdue              only those past their due date
  retrospect actions --owner priya-n --due-within 7
  retrospect actions --team payments --overdue --due-within 14
  retrospect actions --all --format csv > actions.csv
  retrospect actions --overdue --format markdown   a digest to post in a chat
  retrospect actions --slipped --all        actions whose due date moved, from git

Reads the reports as `build` does, for the internal audience: every report,
drafts included, with people's names. --overdue and --due-within together
list both; the other filters narrow the list. --slipped and the JSON and
Markdown formats read each action's history from git (docs/commands.md).
Exit status: 0 listed, 1 listed but some reports have errors and their
actions are missing (see `retrospect check`), 2 could not run.")]
    Actions(ActionsArgs),
    /// Print a report's summary for stakeholders ("In brief"), for an email
    #[command(after_help = "\
Examples:
  retrospect summary INC-2025-003                     plain text, for an email
  retrospect summary postgres-failover-latency --format markdown
  retrospect summary INC-2025-003 --format html > brief.html
  retrospect summary INC-2025-003 --audience public   only what the public site shows

The summary is made from the report's front matter (date with the weekday,
services, how long users were affected, the impact, what happened, the fix,
the actions done and agreed) by the site's templates/summary.md, or the
built-in one, as the report page's \"In brief\" is. --audience public uses
only what the public site shows, without names.
Exit status: 0 printed, 1 the report has errors (see `retrospect check`),
2 could not run (no such report, or not one the audience sees).")]
    Summary(SummaryArgs),
    /// Print the figures of the metrics page: incidents, times, actions
    #[command(after_help = "\
Examples:
  retrospect stats                                  the last 12 months against the 12 before
  retrospect stats --since 2026-07-01 --until 2026-09-30   a quarter, against the one before
  retrospect stats --service checkout --severity critical
  retrospect stats --audience public --format json  the public site's metrics.json

Reads the reports as `build` does. Drafts are left out unless --drafts.
The period before has as many days as the one asked for (12 months by
default). A figure nothing was recorded for says \"not recorded\", never 0.
Medians and p90 are defined in docs/metrics.md.
Exit status: 0 printed, 1 the reports have errors (see `retrospect check`),
2 could not run.")]
    Stats(StatsArgs),
    /// Print the JSON Schema of report front matter or of retrospect.yaml
    #[command(after_help = "\
Examples:
  retrospect schema                                 report front matter, with this site's severities
  retrospect schema config > schemas/config.schema.json
  retrospect schema report --site incidents > schemas/report.schema.json

JSON Schema draft-07, for editors' completion and checks: docs/commands.md
says how to wire it up. `retrospect check` stays the authority: the schema
checks the form of values, not rules across keys or reports.
Exit status: 0 printed, 2 could not run.")]
    Schema(SchemaArgs),
    /// Print a shell completion script
    #[command(after_help = "\
Examples:
  retrospect completions bash > ~/.local/share/bash-completion/completions/retrospect
  retrospect completions zsh > ~/.zfunc/_retrospect    (with fpath+=~/.zfunc in ~/.zshrc)
  retrospect completions fish > ~/.config/fish/completions/retrospect.fish
  retrospect completions powershell >> $PROFILE

Exit status: 0 printed, 2 could not run.")]
    Completions(CompletionsArgs),
    /// Print the manual page, of retrospect or of one command
    #[command(after_help = "\
Examples:
  retrospect man | man -l -                                 read it now
  retrospect man > ~/.local/share/man/man1/retrospect.1
  retrospect man check > ~/.local/share/man/man1/retrospect-check.1

Exit status: 0 printed, 2 could not run.")]
    Man(ManArgs),
    /// Print the help of retrospect or of one command
    #[command(after_help = "\
Examples:
  retrospect help              the commands
  retrospect help check        the options of `check` (as `retrospect check --help`)

Exit status: 0 printed, 2 could not run.")]
    Help(HelpArgs),
}

#[derive(Debug, clap::Args)]
pub struct HelpArgs {
    /// A command, for its options and examples [default: the list of commands]
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// Parses the command line, or exits with clap's message. A mistyped
/// command is answered with the command nearest by edit distance (clap's
/// own similarity puts `schema` before `check` for `chek`).
pub fn parse() -> Cli {
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(mut error) => {
            if error.kind() == clap::error::ErrorKind::InvalidSubcommand {
                suggest_nearest_command(&mut error);
            }
            error.exit()
        }
    }
}

fn suggest_nearest_command(error: &mut clap::Error) {
    use clap::error::{ContextKind, ContextValue};
    let Some(ContextValue::String(typed)) = error.get(ContextKind::InvalidSubcommand) else {
        return;
    };
    let main = Cli::command();
    let names = main.get_subcommands().map(|c| c.get_name());
    if let Some(nearest) = crate::parse::fields::closest(typed, names) {
        error.insert(
            ContextKind::SuggestedSubcommand,
            ContextValue::Strings(vec![nearest.to_string()]),
        );
    }
}

pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::time::parse_date(s)
}

/// A release version, `X.Y.Z` with an optional pre-release (`-rc.1`); a
/// leading `v`, as in the tag, is dropped.
pub(crate) fn parse_version(s: &str) -> Result<String, String> {
    let version = s.trim().trim_start_matches('v');
    let (core, pre) = version.split_once('-').unwrap_or((version, ""));
    let numbers: Vec<&str> = core.split('.').collect();
    let valid = numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && pre
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if valid && !(version.contains('-') && pre.is_empty()) {
        Ok(version.to_string())
    } else {
        Err(format!(
            "`{s}` is not a release version: write it as X.Y.Z, e.g. {}",
            crate::release::VERSION
        ))
    }
}

/// A repository URL, `https://…` (or `http://`, `file://` for a mirror of
/// one's own), without a trailing `/`.
pub(crate) fn parse_repository(s: &str) -> Result<String, String> {
    let url = s.trim().trim_end_matches('/');
    let scheme_ok = ["https://", "http://", "file://"]
        .iter()
        .any(|scheme| url.len() > scheme.len() && url.starts_with(scheme));
    if scheme_ok && !url.contains(char::is_whitespace) && !url.contains(['"', '\'', '\\']) {
        Ok(url.to_string())
    } else {
        Err(format!(
            "`{s}` is not a repository URL: give its https:// address, e.g. {}",
            crate::release::REPOSITORY
        ))
    }
}
