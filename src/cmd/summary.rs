//! `retrospect summary ID`: a report's summary for stakeholders, the same
//! "In brief" the report page shows, printed for an email. The site is
//! read as `build` reads it, trimmed to the audience asked for, so a public
//! summary holds only what the public site shows.

use super::Outcome;
use crate::cli::{AudienceArg, SummaryArgs, SummaryFormat};
use crate::error::{Error, ErrorKind};
use crate::pipeline::{self, OnErrors, Request};
use crate::render::summary;
use crate::site::Audience;
use std::path::PathBuf;

pub fn run(args: &SummaryArgs) -> Result<Outcome, Error> {
    let site_dir: PathBuf = super::site_dir::site_dir(args.site.as_deref(), "`--site DIR`")?;
    let Some(config) = super::load_config(&site_dir, "no summary was printed") else {
        return Ok(Outcome::Failed);
    };
    let audience = match args.audience {
        AudienceArg::Internal => Audience::Internal,
        AudienceArg::Public => Audience::Public,
    };
    let tera = crate::render::templates::load(&site_dir)?;
    let run = pipeline::prepare(
        Request {
            site: &site_dir,
            config,
            audience,
            today: args.today.unwrap_or_else(crate::time::today),
            search: false,
            attachments: false,
            git_dates: false,
            on_errors: OnErrors::LeaveOut,
        },
        None,
    )?;
    let prepared = run
        .prepared
        .as_ref()
        .expect("a site, leaving out reports with errors");
    let site = prepared.site();
    let wanted = args.report.trim();
    let Some(report) = site
        .reports()
        .iter()
        .find(|r| r.id.as_deref() == Some(wanted) || r.slug.as_str() == wanted)
    else {
        let broken = run.diagnostics.iter().filter(|d| d.is_error()).count();
        if broken > 0 {
            eprintln!(
                "error: no report `{wanted}` among the reports without errors; {}: `retrospect check` says what is wrong",
                crate::diagnostic::plural(broken, "error was found", "errors were found")
            );
            return Ok(Outcome::Problems);
        }
        let names = site
            .reports()
            .iter()
            .flat_map(|r| r.id.iter().map(String::as_str).chain([r.slug.as_str()]));
        let hint = crate::parse::fields::closest(wanted, names)
            .map(|close| format!("; did you mean `{close}`?"))
            .unwrap_or_default();
        let whose = match audience {
            Audience::Internal => "no report of the site",
            Audience::Public => "no published public report",
        };
        return Err(Error::new(
            ErrorKind::Usage,
            format!("`{wanted}` is the id or slug of {whose}{hint}"),
        ));
    };
    let first = summary::first_occurrence(site, report);
    let markdown = summary::markdown(&tera, site, report, first, false)?;
    let text = match args.format {
        SummaryFormat::Markdown => markdown,
        SummaryFormat::Text => summary::text(&markdown),
        SummaryFormat::Html => summary::html(&markdown, site.config().allow_raw_html),
    };
    super::print_stdout(text.as_bytes())?;
    Ok(Outcome::Clean)
}
