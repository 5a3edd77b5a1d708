//! `retrospect completions SHELL`: a completion script, generated from the
//! command-line definition so it always knows every command and option.

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};
use crate::error::Error;
use clap::CommandFactory;

pub fn run(args: &CompletionsArgs) -> Result<Outcome, Error> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "retrospect", &mut script);
    super::print_stdout(&script)?;
    Ok(Outcome::Clean)
}
