//! `retrospect stats`: the metrics page's figures in the terminal. The site
//! is read as `build` reads it and trimmed to the audience asked for; the
//! figures are `crate::metrics`'s, the JSON is the site's `metrics.json`.

use super::Outcome;
use crate::cli::{AudienceArg, StatsArgs, StatsFormat};
use crate::diagnostic;
use crate::error::{Error, ErrorKind};
use crate::metrics::{self, Options, headline};
use crate::pipeline::{self, OnErrors, Request};
use crate::render::view::{Lookups, Views};
use crate::site::Audience;
use std::path::PathBuf;

pub fn run(args: &StatsArgs) -> Result<Outcome, Error> {
    let site_dir: PathBuf =
        super::site_dir::site_dir(args.site.as_deref(), "`retrospect stats SITE`")?;
    let Some(config) = super::load_config(&site_dir, "no figures were printed") else {
        return Ok(Outcome::Failed);
    };
    for level in &args.severity {
        if config.severity(level).is_none() {
            let names: Vec<&str> = config.severities.iter().map(|s| s.name.as_str()).collect();
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "no severity `{level}` in this site; its severities are {}",
                    names.join(", ")
                ),
            ));
        }
    }
    let today = args.today.unwrap_or_else(crate::time::today);
    let until = args.until.unwrap_or(today);
    if args.since.is_some_and(|since| since > until) {
        return Err(Error::new(
            ErrorKind::Usage,
            "--since is after --until".to_string(),
        ));
    }
    let audience = match args.audience {
        AudienceArg::Internal => Audience::Internal,
        AudienceArg::Public => Audience::Public,
    };
    let run = pipeline::prepare(
        Request {
            site: &site_dir,
            config,
            audience,
            today,
            search: false,
            attachments: false,
            // Done by the due date and slips come from the history.
            git_dates: true,
            on_errors: OnErrors::Stop,
        },
        None,
    )?;
    if let Some(warning) = &run.git_warning {
        eprintln!("warning: {warning}");
    }
    let Some(prepared) = run.prepared.as_ref() else {
        let errors = run.diagnostics.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "error: {}; no figures were printed: `retrospect check` says what is wrong",
            diagnostic::plural(errors, "error was found", "errors were found")
        );
        return Ok(Outcome::Problems);
    };
    let site = prepared.site();
    let options = Options {
        until,
        since: args.since,
        services: args.service.clone(),
        severities: args.severity.clone(),
        drafts: args.drafts,
    };
    let m = metrics::compute(site, &options);
    let text = match args.format {
        StatsFormat::Json => {
            let lookups = Lookups::new(site, prepared.indexes());
            let views = Views::new(site, prepared.indexes(), &lookups);
            crate::render::data::metrics_json(&views, &m)
        }
        StatsFormat::Csv => {
            let mut rows = headline::rows(&m);
            rows.extend(headline::factor_rows(&m));
            csv(&rows)
        }
        StatsFormat::Table => table(&m),
    };
    super::print_stdout(text.as_bytes())?;
    for service in &args.service {
        if !site.reports().iter().any(|r| r.services.contains(service)) {
            eprintln!("note: no report names the service `{service}`");
        }
    }
    Ok(Outcome::Clean)
}

fn csv(rows: &[headline::Row]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["key", "label", "current", "previous"]);
    for row in rows {
        let _ = writer.write_record([&row.key, &row.label, &row.current, &row.previous]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn table(m: &metrics::Metrics) -> String {
    let mut rows = headline::rows(m);
    rows.extend(headline::factor_rows(m));
    let period = |w: &metrics::Window| format!("{} to {}", w.start, w.end);
    let (now, before) = (period(&m.current_window), period(&m.previous_window));
    let label = |r: &headline::Row| {
        if r.part {
            format!("  {}", r.label)
        } else {
            r.label.clone()
        }
    };
    let width = |f: &dyn Fn(&headline::Row) -> usize, head: usize| {
        rows.iter().map(f).max().unwrap_or(0).max(head)
    };
    let w0 = width(&|r| label(r).chars().count(), 6);
    let w1 = width(&|r| r.current.chars().count(), now.len());
    let mut out = format!("{:w0$}  {now:w1$}  {before}\n", "Figure");
    for r in &rows {
        out.push_str(&format!(
            "{:w0$}  {:w1$}  {}\n",
            label(r),
            r.current,
            r.previous
        ));
    }
    let mut scope = Vec::new();
    if !m.only_services.is_empty() {
        scope.push(format!("services {}", m.only_services.join(", ")));
    }
    if !m.only_severities.is_empty() {
        scope.push(format!("severities {}", m.only_severities.join(", ")));
    }
    scope.push(if m.drafts {
        "drafts counted".into()
    } else {
        "drafts left out".into()
    });
    out.push_str(&format!("\n{}.\n", scope.join("; ")));
    out
}
