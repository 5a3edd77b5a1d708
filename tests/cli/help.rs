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
