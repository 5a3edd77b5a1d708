//! `retrospect actions`: the action tracker in the terminal. The reports are
//! read by the same pipeline as `build`, trimmed to the internal audience,
//! and indexed by the same `Indexes` (sorted by due date); `--format json`
//! and `csv` are the site's `actions.json` and `actions.csv` exporters. This
//! file only chooses which actions to show, and lays out the table.

use super::Outcome;
use crate::cli::{ActionsArgs, ActionsFormat};
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::error::Error;
use crate::index::{ActionRef, Indexes};
use crate::model::{Action, ActionStatus};
use crate::pipeline::{self, OnErrors, Request};
use crate::render::data;
use crate::render::view::{ActionView, Lookups, Views};
use crate::site::Audience;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub fn run(args: &ActionsArgs) -> Result<Outcome, Error> {
    let site_dir: PathBuf =
        super::site_dir::site_dir(args.site.as_deref(), "`retrospect actions SITE`")?;
    let Some(config) = super::load_config(&site_dir, "no action was listed") else {
        return Ok(Outcome::Failed);
    };
    let today = args.today.unwrap_or_else(crate::time::today);
    let filter = Filter::new(args, &config);
    let run = pipeline::prepare(
        Request {
            site: &site_dir,
            config,
            audience: Audience::Internal,
            today,
            search: false,
            attachments: false,
            // The history is read only where it is shown.
            git_dates: args.slipped || args.format != ActionsFormat::Table,
            on_errors: OnErrors::LeaveOut,
        },
        None,
    )?;
    if let Some(warning) = &run.git_warning {
        eprintln!("warning: {warning}");
    }
    let broken = files_with_errors(&run.diagnostics);
    let prepared = run
        .prepared
        .as_ref()
        .expect("a site, leaving out reports with errors");
    let (model, indexes) = (prepared.site(), prepared.indexes());
    let lookups = Lookups::new(model, indexes);
    let views = Views::new(model, indexes, &lookups);
    let mut selected: Vec<ActionRef> = indexes
        .actions
        .iter()
        .filter(|a| filter.keeps(&model.reports()[a.report].actions[a.action], today))
        .filter(|a| !args.slipped || views.action_of(**a).history.slips > 0)
        .copied()
        .collect();
    if args.slipped {
        // Most slipped first; the sort is stable, so then by due date.
        selected.sort_by_key(|a| std::cmp::Reverse(views.action_of(*a).history.slips));
        if let Some(why) = model.history().unknown_reason() {
            eprintln!(
                "warning: the action history is not known ({why}), so no action is listed as slipped"
            );
        }
    }

    let text = match args.format {
        ActionsFormat::Table => {
            let stdout = std::io::stdout();
            let terminal = stdout.is_terminal();
            let style = Style {
                color: terminal && std::env::var_os("NO_COLOR").is_none(),
                width: terminal
                    .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
                    .flatten(),
            };
            let rows: Vec<&ActionView> = selected.iter().map(|a| views.action_of(*a)).collect();
            table(&rows, style, args.slipped) + &footer(&rows, &filter, today)
        }
        ActionsFormat::Markdown => {
            let rows: Vec<&ActionView> = selected.iter().map(|a| views.action_of(*a)).collect();
            super::digest::markdown(&rows, &filter.describe(args), today, model.config())
        }
        ActionsFormat::Json => data::actions_json_of(&views, &selected),
        ActionsFormat::Csv => data::actions_csv_of(&views, &selected),
    };
    super::print_stdout(text.as_bytes())?;

    for note in filter.unknown_names(indexes, model.config()) {
        eprintln!("note: {note}");
    }
    if broken.is_empty() {
        return Ok(Outcome::Clean);
    }
    eprintln!(
        "warning: {} errors, so {} actions are not listed: {}",
        diagnostic::plural(broken.len(), "report has", "reports have"),
        if broken.len() == 1 { "its" } else { "their" },
        broken
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    eprintln!("  `retrospect check` says what is wrong");
    Ok(Outcome::Problems)
}

/// The files that the pipeline left out because of errors.
fn files_with_errors(diagnostics: &[Diagnostic]) -> BTreeSet<&Path> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.as_deref())
        .collect()
}

/// Which actions to show. Owners and teams match in any case; owners by
/// handle or by name, since the internal audience sees names.
struct Filter {
    /// Each `--owner` as given, with the lowercase handles and names it
    /// stands for.
    owners: Vec<(String, HashSet<String>)>,
    teams: Vec<String>,
    /// Lowercase owner as shown (name, else handle) → lowercase team.
    team_of: HashMap<String, String>,
    /// `None`: every status.
    statuses: Option<Vec<ActionStatus>>,
    overdue: bool,
    due_within: Option<i64>,
}

impl Filter {
    fn new(args: &ActionsArgs, config: &Config) -> Filter {
        let lower = |s: &str| s.trim().to_lowercase();
        let owners = args
            .owner
            .iter()
            .map(|given| {
                let owner = lower(given);
                let mut names = HashSet::new();
                for (handle, person) in &config.people {
                    let name = person.name.as_deref().map(lower);
                    if lower(handle) == owner || name.as_deref() == Some(owner.as_str()) {
                        names.insert(lower(handle));
                        names.extend(name);
                    }
                }
                names.insert(owner);
                (given.clone(), names)
            })
            .collect();
        let team_of = config
            .people
            .iter()
            .filter_map(|(handle, person)| {
                let shown = person.name.as_deref().unwrap_or(handle);
                Some((lower(shown), lower(person.team.as_deref()?)))
            })
            .collect();
        let statuses = if args.all {
            None
        } else if args.status.is_empty() {
            Some(vec![ActionStatus::Open, ActionStatus::InProgress])
        } else {
            Some(args.status.iter().map(|s| s.status()).collect())
        };
        Filter {
            owners,
            teams: args.team.iter().map(|t| lower(t)).collect(),
            team_of,
            statuses,
            overdue: args.overdue,
            due_within: args.due_within.map(i64::from),
        }
    }

    /// Whether to show an action (its owner already shown as the internal
    /// audience sees it).
    fn keeps(&self, action: &Action, today: NaiveDate) -> bool {
        let owner = action.owner.to_lowercase();
        let by_owner =
            self.owners.is_empty() || self.owners.iter().any(|(_, names)| names.contains(&owner));
        let by_team = self.teams.is_empty()
            || self
                .team_of
                .get(&owner)
                .is_some_and(|team| self.teams.contains(team));
        let by_status = self
            .statuses
            .as_ref()
            .is_none_or(|s| s.contains(&action.status));
        // --overdue and --due-within together: either one.
        let by_due = (!self.overdue && self.due_within.is_none())
            || (self.overdue && action.days_overdue(today).is_some())
            || self
                .due_within
                .is_some_and(|days| action.is_due_within(today, days));
        by_owner && by_team && by_status && by_due
    }

    /// Notes for owners and teams that match nothing at all, so that a typo
    /// is not mistaken for "nothing to do".
    fn unknown_names(&self, indexes: &Indexes, config: &Config) -> Vec<String> {
        let mut notes = Vec::new();
        let owners: Vec<&str> = indexes.by_owner.iter().map(|g| g.name.as_str()).collect();
        for (given, names) in &self.owners {
            if !owners.iter().any(|o| names.contains(&o.to_lowercase())) {
                notes.push(format!(
                    "no action has the owner `{given}`; the owners are: {}",
                    owners.join(", ")
                ));
            }
        }
        let teams: BTreeSet<String> = config
            .people
            .values()
            .filter_map(|p| p.team.as_deref().map(str::to_lowercase))
            .collect();
        for team in &self.teams {
            if !teams.contains(team) {
                let listed = if teams.is_empty() {
                    "no one in `people:` of retrospect.yaml has a team".to_string()
                } else {
                    format!(
                        "the teams are: {}",
                        teams.iter().cloned().collect::<Vec<_>>().join(", ")
                    )
                };
                notes.push(format!("no one is in the team `{team}`; {listed}"));
            }
        }
        notes
    }

    /// What the list holds, in words, for the digest's heading:
    /// `Overdue actions`, `Actions due within 7 days`, `Actions`.
    fn describe(&self, args: &ActionsArgs) -> String {
        let mut what = match (self.overdue, self.due_within) {
            (true, Some(days)) => format!("Actions overdue or due within {days} days"),
            (true, None) => "Overdue actions".to_string(),
            (false, Some(days)) => format!("Actions due within {days} days"),
            (false, None) => "Actions".to_string(),
        };
        if args.slipped {
            what.push_str(" whose due date slipped");
        }
        let mut whose: Vec<&str> = args.owner.iter().map(String::as_str).collect();
        whose.extend(args.team.iter().map(String::as_str));
        if !whose.is_empty() {
            what.push_str(&format!(" of {}", whose.join(", ")));
        }
        what
    }

    /// What the default status filter hides, for the footer.
    fn hides_closed(&self) -> bool {
        self.statuses
            .as_ref()
            .is_some_and(|s| !s.iter().any(|s| s.is_closed()))
    }
}

#[derive(Debug, Clone, Copy)]
struct Style {
    color: bool,
    /// The terminal's width, to shorten titles to; `None` when not a terminal.
    width: Option<usize>,
}

const HEADERS: [&str; 7] = [
    "REPORT", "ACTION", "OWNER", "DUE", "STATUS", "OVERDUE", "TITLE",
];
const GAP: &str = "  ";

/// The rows as aligned columns; the title, the widest, last. With
/// `slipped`, a `SLIPPED` column (how many times the due date moved later)
/// before the title.
fn table(rows: &[&ActionView], style: Style, slipped: bool) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut headers: Vec<&str> = HEADERS.to_vec();
    if slipped {
        headers.insert(6, "SLIPPED");
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|a| {
            let mut row = vec![
                a.report_id.as_ref().unwrap_or(&a.report_slug).to_string(),
                a.id.clone(),
                a.owner.clone(),
                a.due.clone().unwrap_or_else(|| "-".into()),
                a.status.to_string(),
                a.overdue_days
                    .map(|d| diagnostic::plural(d as usize, "day", "days"))
                    .unwrap_or_default(),
                a.title.clone(),
            ];
            if slipped {
                row.insert(6, a.history.slips.to_string());
            }
            row.iter().map(|cell| printable(cell)).collect()
        })
        .collect();
    let last = headers.len() - 1;
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let before_title: usize = widths[..last].iter().sum::<usize>() + GAP.len() * last;
    let title_room = style
        .width
        .map(|w| w.saturating_sub(before_title))
        .filter(|room| *room >= 20);

    let mut out = String::new();
    let header: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    out.push_str(&line(&header, &widths, title_room, style, true, false));
    for (row, view) in cells.iter().zip(rows) {
        out.push_str(&line(
            row,
            &widths,
            title_room,
            style,
            false,
            view.overdue_days.is_some(),
        ));
    }
    out
}

fn line(
    cells: &[String],
    widths: &[usize],
    title_room: Option<usize>,
    style: Style,
    header: bool,
    overdue: bool,
) -> String {
    let mut out = String::new();
    let last = cells.len() - 1;
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        let text = match i {
            _ if i == last => shorten(cell, title_room),
            // Days overdue and slips are numbers: aligned right.
            5.. if !header => format!("{cell:>width$}"),
            _ => format!("{cell:<width$}"),
        };
        let text = match (style.color, header, i == 5 && overdue) {
            (true, true, _) => format!("\x1b[1m{text}\x1b[0m"),
            (true, false, true) => format!("\x1b[1;31m{text}\x1b[0m"),
            _ => text,
        };
        out.push_str(&text);
        if i < last {
            out.push_str(GAP);
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// A cell on one line, without control characters: a title written as a
/// YAML block, or holding an escape sequence, cannot break the table or
/// the terminal.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A title cut to `room` characters with an ellipsis, on a terminal.
fn shorten(title: &str, room: Option<usize>) -> String {
    match room {
        Some(room) if title.chars().count() > room => {
            let cut: String = title.chars().take(room - 1).collect();
            format!("{}…", cut.trim_end())
        }
        _ => title.to_string(),
    }
}

/// The line under the table: how many, as of when, and what is hidden.
fn footer(rows: &[&ActionView], filter: &Filter, today: NaiveDate) -> String {
    let overdue = rows.iter().filter(|a| a.overdue_days.is_some()).count();
    let hidden = if filter.hides_closed() {
        " Done and dropped actions are not shown: --all shows them."
    } else {
        ""
    };
    if rows.is_empty() {
        return format!("No actions match, as of {today}.{hidden}\n");
    }
    format!(
        "\n{}, {} overdue, as of {today}.{hidden}\n",
        diagnostic::plural(rows.len(), "action", "actions"),
        overdue
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_hold_no_control_characters() {
        assert_eq!(printable("two\nlines\x1b[31m"), "two lines [31m");
    }

    #[test]
    fn titles_are_shortened_only_when_there_is_a_width() {
        assert_eq!(shorten("Add external checks", None), "Add external checks");
        assert_eq!(shorten("Add external checks", Some(8)), "Add ext…");
        assert_eq!(shorten("Short", Some(8)), "Short");
    }
}
