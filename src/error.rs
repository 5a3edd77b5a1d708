//! Errors that stop a command, outside the diagnostics of reports: a
//! folder that cannot be read, an output folder that is not ours, a
//! template that fails. Each has a kind, and the exit code follows from
//! the kind (ripgrep's `Error { kind }`), never from the message's words.
//! Problems in reports and in `retrospect.yaml` are not errors of this
//! type: they are `Diagnostic`s, with file, line and column.

use std::fmt;

/// An error that stops a command: what went wrong, in words for the user
/// (naming the file), and of what kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

/// What kind of error it is, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file or folder could not be read or written.
    Io,
    /// There is no site where one was expected: no `reports/` folder, no
    /// `retrospect.yaml` above the current folder, or a theme folder that
    /// `retrospect.yaml` names and that does not exist.
    Site,
    /// Refused, to keep the user's files safe: an output folder that
    /// Retrospect did not write or that holds the site's sources, a file
    /// that leads out of its folder, a file too large.
    Refused,
    /// A template cannot be used: the site's templates do not load (a
    /// syntax error names the line and column), or the report template of
    /// `new` cannot be filled in.
    Template,
    /// A template failed while a page of the site was rendered: a problem
    /// in the site that its author fixes, as a report with an error is.
    Render,
    /// The search index could not be built.
    Search,
    /// The preview server could not listen, or watch the site's files.
    Server,
    /// The command line asks for something that cannot be done (files of
    /// two sites, a folder among files).
    Usage,
}

impl ErrorKind {
    /// The process's exit code for an error of this kind: 1 for a problem
    /// found in the site ([`ErrorKind::Render`]), 2 when the command could
    /// not run (README: exit codes).
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Render => 1,
            _ => 2,
        }
    }
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, without the kind.
    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn io(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Io, message)
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Usage, message)
    }
}

/// A tera error with its chain of causes, which hold the template's name
/// and the position of a syntax error.
pub fn tera_message(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!("\n  {cause}"));
        source = cause.source();
    }
    message
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
