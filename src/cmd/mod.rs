//! One module per command. Commands compose the pipeline's stages and print;
//! they hold no rules of the format.

pub mod build;
pub mod check;
pub mod serve;

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
