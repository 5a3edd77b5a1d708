//! `retrospect completions SHELL`: a completion script, generated from the
//! command-line definition so it always knows every command and option.

use super::{Fatal, Outcome};
use crate::cli::{Cli, CompletionsArgs};
use clap::CommandFactory;

pub fn run(args: &CompletionsArgs) -> Result<Outcome, Fatal> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "retrospect", &mut script);
    super::print_stdout(&script)?;
    Ok(Outcome::Clean)
}
