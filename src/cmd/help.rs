//! `retrospect help [COMMAND]`: the same text as `retrospect [COMMAND] --help`.

use super::Outcome;
use crate::cli::{Cli, HelpArgs};
use crate::error::Error;
use clap::CommandFactory;

pub fn run(args: &HelpArgs) -> Result<Outcome, Error> {
    let main = Cli::command();
    let mut argv = vec!["retrospect".to_string()];
    if let Some(name) = &args.command {
        if main.find_subcommand(name).is_none() {
            let names: Vec<&str> = super::man::commands(&main).collect();
            let nearest = crate::parse::fields::closest(name, names.iter().copied())
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            return Err(Error::usage(format!(
                "there is no command `{name}`; {nearest}the commands are {}",
                names.join(", ")
            )));
        }
        argv.push(name.clone());
    }
    argv.push("--help".into());
    // Parsing `--help` ends in clap's "error" that carries the help text.
    match main.try_get_matches_from(argv) {
        Err(help) if help.kind() == clap::error::ErrorKind::DisplayHelp => {
            // On stdout, coloured only on a terminal, as `--help` prints it.
            help.print()
                .map_err(|e| Error::io(format!("cannot write to standard output: {e}")))?;
            Ok(Outcome::Clean)
        }
        Err(other) => Err(Error::usage(other.to_string())),
        Ok(_) => Err(Error::usage("clap printed no help")),
    }
}
