//! One module per command. Commands compose the pipeline's stages and print;
//! they hold no rules of the format.

pub mod actions;
pub mod build;
pub mod check;
pub mod completions;
mod digest;
pub mod help;
pub mod init;
mod looks_like;
pub mod man;
pub mod new;
pub mod schema;
pub mod serve;
pub mod site_dir;
pub mod stats;
pub mod summary;

use crate::error::{Error, ErrorKind};

/// How a command ended, mapped to the exit code by `main`. A command that
/// cannot do its job returns an [`Error`] instead, whose kind gives the
/// exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: problems found in the input.
    Problems,
    /// Exit 2: could not run; the reason has been printed.
    Failed,
}

impl Outcome {
    /// How a command ends after printing `kind`'s error itself.
    pub fn after(kind: ErrorKind) -> Outcome {
        match kind.exit_code() {
            1 => Outcome::Problems,
            _ => Outcome::Failed,
        }
    }

    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Problems => 1,
            Outcome::Failed => 2,
        }
    }
}

/// Writes a command's output to stdout. A closed pipe (`| head`) is not an
/// error worth a message; anything else is.
pub fn print_stdout(bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io(format!("cannot write to standard output: {e}"))),
    }
}

/// Loads a site's `retrospect.yaml`. When it has errors, prints them with
/// `consequence` (what did not happen) on stderr and returns `None`: the
/// command stops with exit code 2.
pub fn load_config(site: &std::path::Path, consequence: &str) -> Option<crate::config::Config> {
    use std::io::IsTerminal;
    match crate::config::load(site) {
        Ok(config) => Some(config),
        Err(diagnostics) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            eprint!(
                "{}",
                crate::diagnostic::human::render(&diagnostics, None, color)
            );
            eprintln!("error: `retrospect.yaml` has errors; {consequence}");
            None
        }
    }
}
