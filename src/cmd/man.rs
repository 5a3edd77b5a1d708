//! `retrospect man [COMMAND]`: manual pages in roff, generated from the
//! command-line definition: `retrospect(1)`, and `retrospect-COMMAND(1)`
//! for each command.

use super::{Fatal, Outcome};
use crate::cli::{Cli, ManArgs};
use clap::CommandFactory;

pub fn run(args: &ManArgs) -> Result<Outcome, Fatal> {
    let page = page(args.command.as_deref())?;
    super::print_stdout(&page)?;
    Ok(Outcome::Clean)
}

/// The roff source of the main page, or of one command's page.
pub fn page(command: Option<&str>) -> Result<Vec<u8>, Fatal> {
    let main = Cli::command();
    let command = match command {
        None => main,
        Some(name) => {
            let Some(sub) = main.find_subcommand(name) else {
                let names: Vec<&str> = commands(&main).collect();
                return Err(Fatal(format!(
                    "there is no command `{name}`; the commands are {}",
                    names.join(", ")
                )));
            };
            // As clap_mangen names the pages of subcommands.
            let full = format!("retrospect-{}", sub.get_name());
            sub.clone()
                .name(full.clone())
                .bin_name(format!("retrospect {}", sub.get_name()))
                .display_name(full)
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut out)
        .map_err(|e| Fatal(format!("cannot render the manual page: {e}")))?;
    Ok(out)
}

/// The names of the commands (without clap's `help`).
pub fn commands(main: &clap::Command) -> impl Iterator<Item = &str> {
    main.get_subcommands()
        .map(|c| c.get_name())
        .filter(|n| *n != "help")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_page_naming_it() {
        let main = Cli::command();
        let main_page = String::from_utf8(page(None).unwrap()).unwrap();
        assert!(main_page.contains(".TH retrospect 1"), "{main_page}");
        for name in commands(&main) {
            assert!(main_page.contains(name), "the main page lists {name}");
            let sub = String::from_utf8(page(Some(name)).unwrap()).unwrap();
            assert!(
                sub.contains(&format!(".TH retrospect-{name} 1")),
                "{name}: {sub}"
            );
        }
        let error = page(Some("nope")).unwrap_err();
        assert!(error.0.contains("no command `nope`"), "{}", error.0);
    }
}
