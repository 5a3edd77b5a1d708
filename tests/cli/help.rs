//! Every command's `--help`, snapshotted. The commands are discovered from
//! the clap definition, so a new command without a snapshot fails here:
//! `UPDATE_SNAPSHOTS=1 cargo test --test cli help` writes the snapshots
//! (tests/fixtures/help/<command>.txt) for review.

use crate::support::{bin, fixtures, run};
use clap::CommandFactory;
use retrospect::cli::Cli;
use std::collections::BTreeSet;

#[test]
fn every_commands_help_matches_its_snapshot() {
    let dir = fixtures().join("help");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let main = Cli::command();
    // `retrospect.txt` is the top-level help; `help` is clap's own command.
    let mut commands: Vec<Option<String>> = vec![None];
    commands.extend(
        main.get_subcommands()
            .map(|c| c.get_name().to_string())
            .filter(|n| n != "help")
            .map(Some),
    );
    let mut problems = Vec::new();
    let mut expected_files = BTreeSet::new();
    for command in &commands {
        let name = command.as_deref().unwrap_or("retrospect");
        let file = dir.join(format!("{name}.txt"));
        expected_files.insert(format!("{name}.txt"));
        // A fixed width: clap wraps help to the terminal, and to COLUMNS.
        let out = run(bin()
            .env("COLUMNS", "100")
            .env("LINES", "50")
            .args(command.as_slice())
            .arg("--help"));
        assert_eq!(out.code, 0, "{name} --help: {}", out.stderr);
        assert!(out.stdout.contains("Usage: retrospect"), "{name}");
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&file, &out.stdout).unwrap();
            continue;
        }
        match std::fs::read_to_string(&file) {
            Ok(expected) if expected == out.stdout => {}
            Ok(expected) => problems.push(format!(
                "`{name} --help` differs from {}:\n--- expected\n{expected}\n--- actual\n{}",
                file.display(),
                out.stdout
            )),
            Err(_) => problems.push(format!(
                "`{name}` has no help snapshot {}: run UPDATE_SNAPSHOTS=1 cargo test --test cli help, \
                 and review the file",
                file.display()
            )),
        }
    }
    // A snapshot of a command that no longer exists is stale.
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !expected_files.contains(&name) {
                problems.push(format!("{name} is the snapshot of no command"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn every_command_has_examples_and_exit_codes_in_its_help() {
    for command in Cli::command()
        .get_subcommands()
        .filter(|c| c.get_name() != "help")
    {
        let name = command.get_name();
        let after = command
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(after.contains("Examples:"), "{name} has no examples");
        assert!(
            after.contains("Exit status"),
            "{name} does not say its exit codes"
        );
        assert!(command.get_about().is_some(), "{name} has no about line");
    }
}

#[test]
fn completions_and_man_pages_know_every_command() {
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(bin().args(["completions", shell]));
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        for name in &names {
            assert!(
                out.stdout.contains(name.as_str()),
                "{shell} completes {name}"
            );
        }
        assert!(
            out.stdout.contains("due-within"),
            "{shell} completes options"
        );
    }
    let out = run(bin().args(["completions", "tcsh"]));
    assert_eq!(out.code, 2, "an unknown shell is a usage error");

    let out = run(bin().arg("man"));
    assert_eq!(out.code, 0);
    assert!(out.stdout.starts_with(".ie"), "roff: {}", &out.stdout[..40]);
    for name in &names {
        assert!(
            out.stdout
                .contains(&format!("retrospect\\-{}(1)", name.replace('-', "\\-"))),
            "{name}"
        );
        let page = run(bin().args(["man", name]));
        assert_eq!(page.code, 0, "{name}: {}", page.stderr);
        assert!(
            page.stdout.contains(&format!(".TH retrospect-{name} 1")),
            "{name}"
        );
    }
    let out = run(bin().args(["man", "serv"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("there is no command `serv`"),
        "{}",
        out.stderr
    );
}

/// The commands that have a manual page of their own (all but `help`).
fn command_names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect()
}

/// The manual page as `man` shows it, through nroff (groff), in ASCII.
fn rendered_man_page(command: &str) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let roff = run(bin().args(["man", command])).stdout;
    let mut nroff = Command::new("nroff")
        .args(["-man", "-Tascii"])
        .env("MANWIDTH", "120")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("nroff (groff-base) renders manual pages");
    nroff
        .stdin
        .take()
        .unwrap()
        .write_all(roff.as_bytes())
        .unwrap();
    let out = nroff.wait_with_output().unwrap();
    assert!(out.status.success());
    // Backspace overstrikes (bold) out, as `col -b` does.
    let mut text = String::new();
    for c in String::from_utf8(out.stdout).unwrap().chars() {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    text
}

#[test]
fn man_page_examples_keep_their_columns() {
    for command in command_names() {
        let page = rendered_man_page(&command);
        let examples: Vec<&str> = page
            .lines()
            .skip_while(|l| l.trim() != "EXAMPLES")
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .collect();
        assert!(
            examples.len() >= 2,
            "{command}: no EXAMPLES section:\n{page}"
        );
        // Each example is a line of its own, as `--help` shows it.
        let help = run(bin().args([command.as_str(), "--help"])).stdout;
        for line in &examples {
            assert!(
                help.lines().any(|h| h.trim() == line.trim()),
                "{command}: `{line}` is not a line of --help:\n{page}"
            );
        }
    }
    // The columns of `check`'s examples line up, as written.
    let page = rendered_man_page("check");
    let column = |text: &str| {
        page.lines()
            .find_map(|l| l.find(text))
            .unwrap_or_else(|| panic!("no `{text}`:\n{page}"))
    };
    assert_eq!(
        column("check the site in the current folder"),
        column("check another site")
    );
}

#[test]
fn every_option_a_manual_page_lists_works() {
    for command in command_names() {
        let page = run(bin().args(["man", &command])).stdout;
        assert!(page.contains("\\fB\\-V\\fR"), "{command} lists -V");
        let out = run(bin().args([command.as_str(), "-V"]));
        assert_eq!(out.code, 0, "{command} -V: {}", out.stderr);
        assert!(
            out.stdout
                .trim_end()
                .ends_with(retrospect::release::VERSION),
            "{command} -V: {}",
            out.stdout
        );
    }
}

#[test]
fn help_answers_like_every_command_and_typos_get_the_nearest_command() {
    let out = run(bin().args(["help", "--help"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Usage: retrospect help [COMMAND]"),
        "{}",
        out.stdout
    );
    let help = run(bin().env("COLUMNS", "100").args(["help", "check"]));
    let flag = run(bin().env("COLUMNS", "100").args(["check", "--help"]));
    assert_eq!((help.code, &help.stdout), (0, &flag.stdout));
    let out = run(bin().args(["help", "chek"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `check`?"),
        "{}",
        out.stderr
    );

    let out = run(bin().arg("chek"));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("a similar subcommand exists: 'check'"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("'schema'"), "{}", out.stderr);
}
