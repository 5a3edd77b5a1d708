//! `retrospect new "TITLE"`: writes a draft report from the site's template
//! and prints its path. Never overwrites; the new file is then checked by
//! the same pipeline as `check`.

use super::Outcome;
use crate::cli::NewArgs;
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{self, Summary};
use crate::draft::{self, Draft, Existing};
use crate::error::{Error, ErrorKind};
use crate::model::Slug;
use crate::parse::fields::closest;
use crate::pipeline::{self, Options};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub fn run(args: &NewArgs) -> Result<Outcome, Error> {
    let site: PathBuf = super::site_dir::site_dir(args.site.as_deref(), "`--site DIR`")?;
    let shown_site = crate::load::display_path(&site);
    if !site.join(CONFIG_FILE).is_file() && !site.join("reports").is_dir() {
        return Err(Error::new(
            ErrorKind::Site,
            format!(
                "{} is not a Retrospect site: it has neither {CONFIG_FILE} nor a reports/ folder; \
             create one with `retrospect init`, or give the site with --site DIR",
                shown(&shown_site)
            ),
        ));
    }
    let Some(config) = super::load_config(&site, "no report was written") else {
        return Ok(Outcome::Failed);
    };

    let title = args.title.trim();
    if title.is_empty() {
        return Err(Error::usage(
            "the title is empty: say what broke, in a few words",
        ));
    }
    let date = args.date.unwrap_or_else(|| config.timezone.today());
    let severity = severity(args.severity.as_deref(), &config)?;
    let slug = match &args.slug {
        Some(slug) => Slug::parse(slug).ok_or_else(|| {
            Error::usage(format!(
                "`{slug}` is not a slug: use lowercase letters, digits and single hyphens, \
                 such as `{}`",
                non_empty(&Slug::suggest(slug))
            ))
        })?,
        None => draft::slug_from_title(title).ok_or_else(|| {
            Error::io(format!(
                "cannot make a file name from the title `{title}`: give one with --slug, \
                 such as --slug checkout-errors"
            ))
        })?,
    };

    let existing = draft::existing(&site);
    let id = match &args.id {
        Some(id) => {
            let id = id.trim();
            if id.is_empty() {
                return Err(Error::usage("the id is empty"));
            }
            if let Some(other) = existing.iter().find(|e| e.id.as_deref() == Some(id)) {
                return Err(Error::usage(format!(
                    "the id `{id}` is already used by {}; the next free id is `{}`",
                    other.path.display(),
                    draft::next_id(&config, date, &existing)
                )));
            }
            id.to_string()
        }
        None => draft::next_id(&config, date, &existing),
    };
    if let Some(other) = taken_slug(&existing, &slug) {
        return Err(Error::usage(format!(
            "the slug `{slug}` is already used by {}: reports need distinct slugs (their URLs); \
             give another with --slug",
            other.path.display()
        )));
    }

    let draft = Draft {
        title: title.to_string(),
        id,
        date,
        severity,
        slug,
    };
    let (template, template_path) = draft::template(&site, &draft.severity)?;
    let name = template_path.as_ref().map_or_else(
        || "the built-in report template".to_string(),
        |p| p.display().to_string(),
    );
    let text = draft::render(&template, &name, &draft, &config).map_err(|e| {
        Error::new(
            e.kind(),
            format!("cannot fill in the report template: {}", e.message()),
        )
    })?;

    let reports = site.join("reports");
    std::fs::create_dir_all(&reports)
        .map_err(|e| Error::io(format!("cannot create {}: {e}", reports.display())))?;
    let rel = draft.file_name();
    let path = crate::load::display_path(&reports.join(&rel));
    write_new(&path, &text)?;

    // The new file goes through the same checks as `check FILE`.
    let outcome = pipeline::run(
        &site,
        &config,
        &Options {
            today: crate::time::today(),
            only: Some([rel].into_iter().collect()),
            keep_reports: false,
        },
    )?;
    let summary = Summary::of(outcome.checked, &outcome.diagnostics);
    println!("{}", path.display());
    if summary.errors > 0 {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        eprint!(
            "{}",
            diagnostic::human::render(&outcome.diagnostics, None, color)
        );
        eprintln!(
            "warning: the new report does not pass `retrospect check` ({}); {} needs fixing",
            diagnostic::plural(summary.errors, "error", "errors"),
            template_path.map_or_else(
                || "the built-in template".to_string(),
                |p| p.display().to_string()
            )
        );
        return Ok(Outcome::Problems);
    }
    if args.severity.is_none() {
        eprintln!(
            "note: severity `{}`, the most severe level, until you choose (--severity, or in the file)",
            draft.severity
        );
    }
    eprintln!(
        "wrote {} as a draft; next: fill it in, then `retrospect check {}`",
        draft.id,
        path.display()
    );
    Ok(Outcome::Clean)
}

/// The severity asked for, or the most severe level of the site.
fn severity(asked: Option<&str>, config: &Config) -> Result<String, Error> {
    let names: Vec<&str> = config.severities.iter().map(|l| l.name.as_str()).collect();
    match asked {
        None => Ok(names.first().copied().unwrap_or("critical").to_string()),
        Some(asked) if names.contains(&asked) => Ok(asked.to_string()),
        Some(asked) => {
            let hint = closest(asked, names.iter().copied())
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            Err(Error::usage(format!(
                "`{asked}` is not a severity of this site{hint}; the levels are: {}",
                names.join(", ")
            )))
        }
    }
}

fn taken_slug<'e>(existing: &'e [Existing], slug: &Slug) -> Option<&'e Existing> {
    existing
        .iter()
        .find(|e| e.slug.as_deref() == Some(slug.as_str()))
}

/// Creates `path` with `text`; a file already there is an error, never
/// replaced (the check and the creation are one step: `create_new`).
fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::new(
                ErrorKind::Refused,
                format!(
                    "{} already exists, and Retrospect never overwrites a file: \
                     choose another title or --slug, or another --date",
                    path.display()
                ),
            ));
        }
        Err(e) => return Err(Error::io(format!("cannot create {}: {e}", path.display()))),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(format!("cannot write {}: {e}", path.display())))
}

fn shown(path: &Path) -> String {
    if path.as_os_str().is_empty() {
        ".".into()
    } else {
        path.display().to_string()
    }
}

fn non_empty(suggestion: &str) -> &str {
    if suggestion.is_empty() {
        "checkout-errors"
    } else {
        suggestion
    }
}
