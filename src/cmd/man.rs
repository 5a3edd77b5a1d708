//! `retrospect man [COMMAND]`: manual pages in roff, generated from the
//! command-line definition: `retrospect(1)`, and `retrospect-COMMAND(1)`
//! for each command.

use super::Outcome;
use crate::cli::{Cli, ManArgs};
use crate::error::Error;
use clap::CommandFactory;

pub fn run(args: &ManArgs) -> Result<Outcome, Error> {
    let page = page(args.command.as_deref())?;
    super::print_stdout(&page)?;
    Ok(Outcome::Clean)
}

/// The roff source of the main page, or of one command's page.
pub fn page(command: Option<&str>) -> Result<Vec<u8>, Error> {
    let main = Cli::command();
    let command = match command {
        None => main,
        Some(name) => {
            let Some(sub) = main.find_subcommand(name) else {
                let names: Vec<&str> = commands(&main).collect();
                return Err(Error::usage(format!(
                    "there is no command `{name}`; the commands are {}",
                    names.join(", ")
                )));
            };
            // As clap_mangen names the pages of subcommands. The version
            // is the one `retrospect COMMAND -V` prints.
            let full = format!("retrospect-{}", sub.get_name());
            sub.clone()
                .name(full.clone())
                .bin_name(format!("retrospect {}", sub.get_name()))
                .display_name(full)
                .version(crate::release::VERSION)
        }
    };
    // clap_mangen fills the text after the options as one paragraph, which
    // runs the examples' columns together: that text becomes a section of
    // our own, the examples kept line for line.
    let after = command
        .get_after_long_help()
        .or(command.get_after_help())
        .map(|text| text.to_string());
    let command = command
        .after_help(None::<&str>)
        .after_long_help(None::<&str>);
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut out)
        .map_err(|e| Error::io(format!("cannot render the manual page: {e}")))?;
    if let Some(after) = after {
        let mut page = String::from_utf8(out).expect("roff output is UTF-8");
        let section = after_help_section(&after);
        match page.find("\n.SH VERSION\n") {
            Some(at) => page.insert_str(at + 1, &section),
            None => page.push_str(&section),
        }
        out = page.into_bytes();
    }
    Ok(out)
}

/// The text after the options: `Examples:` and the lines under it as an
/// EXAMPLES section in no-fill mode (each line as written), the paragraphs
/// after them filled as usual.
fn after_help_section(text: &str) -> String {
    use clap_mangen::roff::{Roff, roman};
    let mut roff = Roff::new();
    let mut rest = text;
    if let Some(examples) = text.strip_prefix("Examples:\n") {
        let (block, after) = examples.split_once("\n\n").unwrap_or((examples, ""));
        roff.control("SH", ["EXAMPLES"]);
        roff.control("nf", []);
        for line in block.lines() {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
        rest = after;
    } else {
        roff.control("SH", ["NOTES"]);
    }
    for paragraph in rest.split("\n\n").filter(|p| !p.trim().is_empty()) {
        roff.control("PP", []);
        for line in paragraph.lines() {
            roff.text([roman(line)]);
        }
    }
    // `render` handles apostrophes as the page's preamble expects (the
    // page has that preamble already).
    let rendered = roff.render();
    rendered
        .lines()
        .skip_while(|l| l.starts_with(".ie ") || l.starts_with(".el "))
        .map(|l| format!("{l}\n"))
        .collect()
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
        let error = page(Some("nope")).unwrap_err().to_string();
        assert!(error.contains("no command `nope`"), "{error}");
    }
}
