//! `retrospect schema [report|config]`: the JSON Schemas of `crate::schema`,
//! printed for editors.

use super::Outcome;
use crate::cli::{SchemaArgs, SchemaKind};
use crate::error::Error;
use std::path::Path;

pub fn run(args: &SchemaArgs) -> Result<Outcome, Error> {
    let schema = match args.which {
        SchemaKind::Config => crate::schema::config(),
        SchemaKind::Report => {
            // A site's own severity levels, roles and kinds of incident
            // make enumerations; with no site in sight, each is any text.
            let site = match &args.site {
                Some(dir) if !dir.is_dir() => {
                    return Err(Error::usage(format!("{}: no such folder", dir.display())));
                }
                Some(dir) => Some(dir.as_path()),
                None if Path::new(crate::config::CONFIG_FILE).is_file() => Some(Path::new(".")),
                None => None,
            };
            let names = match site {
                Some(dir) => {
                    let Some(config) = super::load_config(dir, "no schema was printed") else {
                        return Ok(Outcome::Failed);
                    };
                    Some(crate::schema::Names::of(&config))
                }
                None => None,
            };
            crate::schema::report(names.as_ref())
        }
    };
    super::print_stdout(crate::schema::to_text(&schema).as_bytes())?;
    Ok(Outcome::Clean)
}
