//! The arguments of each command, as clap reads them.

use super::{parse_date, parse_repository, parse_version};
use clap::ValueEnum;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// What broke, in a few words: the report's title
    #[arg(value_name = "TITLE")]
    pub title: String,

    /// One of the site's severity levels [default: the most severe]
    #[arg(long, value_name = "LEVEL")]
    pub severity: Option<String>,

    /// The day the incident started (YYYY-MM-DD) [default: today in the site's timezone]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,

    /// The report's id [default: the next free id of the site's id_pattern]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// The slug in the file name and URL [default: made from the title]
    #[arg(long, value_name = "SLUG")]
    pub slug: Option<String>,

    /// The site folder [default: the current folder]
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder for the new site, created if needed [default: the current folder]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Add the files to a folder that is not empty (existing files are kept)
    #[arg(long)]
    pub force: bool,

    /// The Retrospect release the CI files install and the pre-commit hook
    /// pins (X.Y.Z) [default: the version of this retrospect]
    #[arg(long, value_name = "X.Y.Z", value_parser = parse_version)]
    pub retrospect_version: Option<String>,

    /// The repository the CI files download Retrospect from, and build it
    /// from when there is no release binary (a fork or a mirror) [default:
    /// the repository of this retrospect]
    #[arg(long, value_name = "URL", value_parser = parse_repository)]
    pub repository: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ActionsArgs {
    /// The site folder [default: the current folder]
    #[arg(value_name = "SITE")]
    pub site: Option<PathBuf>,

    /// Only actions of this owner: a handle or a name, in any case (repeatable)
    #[arg(long, value_name = "WHO")]
    pub owner: Vec<String>,

    /// Only actions whose owner is in this team, from `people:` in retrospect.yaml (repeatable)
    #[arg(long, value_name = "TEAM")]
    pub team: Vec<String>,

    /// Only actions with this status (repeatable) [default: open and in-progress]
    #[arg(long, value_enum, value_name = "STATUS", conflicts_with = "all")]
    pub status: Vec<ActionStatusArg>,

    /// Every action, done and dropped ones included
    #[arg(long)]
    pub all: bool,

    /// Only actions past their due date
    #[arg(long)]
    pub overdue: bool,

    /// Only actions due within this many days from today (today included)
    #[arg(long, value_name = "DAYS")]
    pub due_within: Option<u32>,

    /// Only actions whose due date moved later at least once (from git), most slipped first
    #[arg(long)]
    pub slipped: bool,

    /// How to print the list: a table, the site's actions.json or actions.csv format, or a
    /// Markdown digest by owner to post in a chat or an issue
    #[arg(long, value_enum, default_value_t = ActionsFormat::Table)]
    pub format: ActionsFormat,

    /// The date that overdue and due dates are measured against (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ActionStatusArg {
    Open,
    InProgress,
    Done,
    WontDo,
}

impl ActionStatusArg {
    pub fn status(self) -> crate::model::ActionStatus {
        use crate::model::ActionStatus;
        match self {
            ActionStatusArg::Open => ActionStatus::Open,
            ActionStatusArg::InProgress => ActionStatus::InProgress,
            ActionStatusArg::Done => ActionStatus::Done,
            ActionStatusArg::WontDo => ActionStatus::WontDo,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ActionsFormat {
    /// Aligned columns, sorted by due date
    Table,
    /// The document of the site's actions.json
    Json,
    /// The columns of the site's actions.csv
    Csv,
    /// A digest by owner, in Markdown
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
    /// The report: its id (INC-2025-003) or its slug
    #[arg(value_name = "ID")]
    pub report: String,

    /// How to print it
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,

    /// Who the summary is for: everything (internal) or what the public site shows
    #[arg(long, value_enum, default_value_t = AudienceArg::Internal)]
    pub audience: AudienceArg,

    /// The site folder [default: the current folder]
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,

    /// The date that open known issues are measured against (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    /// Plain text: paragraphs and `- ` lists, for an email
    Text,
    /// Markdown, as the template writes it
    Markdown,
    /// An HTML fragment, as the report page shows it
    Html,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which schema
    #[arg(value_enum, default_value_t = SchemaKind::Report)]
    pub which: SchemaKind,

    /// The site whose severity levels the report schema lists [default: the
    /// current folder, if it has a retrospect.yaml]
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// The front matter of a report
    Report,
    /// retrospect.yaml
    Config,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// A command, for its own page (retrospect-COMMAND) [default: the main page]
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
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

    /// Leave out the search index, the search page and the header's search box
    /// (a quicker build of a large site, for a preview)
    #[arg(long)]
    pub no_search: bool,
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
    /// GitLab Code Quality JSON, for a merge request's code-quality report
    Gitlab,
}

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// The site folder [default: the current folder]
    #[arg(value_name = "SITE")]
    pub site: Option<PathBuf>,

    /// How to print the figures
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,

    /// The first day of the period (YYYY-MM-DD) [default: 12 months before --until]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<chrono::NaiveDate>,

    /// The last day of the period (YYYY-MM-DD) [default: --today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<chrono::NaiveDate>,

    /// Only incidents affecting this service (repeatable)
    #[arg(long, value_name = "NAME")]
    pub service: Vec<String>,

    /// Only incidents of this severity (repeatable)
    #[arg(long, value_name = "LEVEL")]
    pub severity: Vec<String>,

    /// Whose figures: every report (internal) or what the public site shows
    #[arg(long, value_enum, default_value_t = AudienceArg::Internal)]
    pub audience: AudienceArg,

    /// Count drafts too (left out by default)
    #[arg(long)]
    pub drafts: bool,

    /// The date that overdue actions are measured against (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// The headline figures, aligned for a terminal
    Table,
    /// Every figure, as the site's metrics.json
    Json,
    /// The headline figures: key, label, current, previous
    Csv,
}
