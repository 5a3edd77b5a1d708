//! One module per command. Commands compose the pipeline's stages and print;
//! they hold no rules of the format.

pub mod actions;
pub mod build;
pub mod check;
pub mod completions;
pub mod help;
pub mod init;
pub mod man;
pub mod new;
pub mod schema;
pub mod serve;
pub mod site_dir;

/// How a command ended, mapped to the exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: problems found in the input.
    Problems,
    /// Exit 2: could not run; the reason has been printed.
    Failed,
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

/// Writes a command's output to stdout. A closed pipe (`| head`) is not an
/// error worth a message; anything else is.
pub fn print_stdout(bytes: &[u8]) -> Result<(), Fatal> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fatal(format!("cannot write to standard output: {e}"))),
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
