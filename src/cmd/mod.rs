//! One module per command. Commands compose the pipeline's stages and print;
//! they hold no rules of the format.

pub mod check;

use std::path::Path;

/// How a command ended, mapped to the exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: problems found in the input.
    Problems,
}

/// An error that stops a command before it could do its job (exit 2).
#[derive(Debug)]
pub struct Fatal(pub String);

impl<T: Into<String>> From<T> for Fatal {
    fn from(message: T) -> Self {
        Fatal(message.into())
    }
}

pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Loads the site's configuration, printing its errors as diagnostics.
pub fn load_config(site: &Path) -> Result<crate::config::Config, Fatal> {
    crate::config::load(site).map_err(|diagnostics| {
        let summary = crate::diagnostic::Summary::of(0, &diagnostics);
        let text = crate::diagnostic::human::render(&diagnostics, &summary, false);
        let body = text
            .rsplit_once("checked")
            .map_or(text.as_str(), |(before, _)| before);
        Fatal(format!(
            "{}the configuration has errors; nothing was checked",
            body
        ))
    })
}
