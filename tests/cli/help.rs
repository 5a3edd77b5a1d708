//! Every command's `--help`, snapshotted. The commands are discovered from
//! the clap definition, so a new command without a snapshot fails here:
//! `UPDATE_GOLDEN=1 cargo test --test cli help` writes the snapshots
//! (tests/fixtures/help/<command>.txt) for review.

use crate::support::{bin, fixtures, run};
use clap::CommandFactory;
use retrospect::cli::Cli;
use std::collections::BTreeSet;

#[test]
fn every_commands_help_matches_its_snapshot() {
    let dir = fixtures().join("help");
    let update = crate::support::update_golden();
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
                "`{name}` has no help snapshot {}: run UPDATE_GOLDEN=1 cargo test --test cli help, \
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

/// Each command's long options as the clap definition declares them.
fn long_options() -> Vec<(String, Vec<String>)> {
    Cli::command()
        .get_subcommands()
        .filter(|c| c.get_name() != "help")
        .map(|c| {
            let longs = c
                .get_arguments()
                .filter_map(|a| a.get_long())
                .map(|l| format!("--{l}"))
                .collect();
            (c.get_name().to_string(), longs)
        })
        .collect()
}

/// What bash offers for the words typed so far (the last one being
/// completed), from the script `retrospect completions bash` prints, run
/// by bash as it runs it on a TAB.
fn bash_completes(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    const COMPLETE: &str = r#"source "$1"; shift
COMP_WORDS=("$@")
COMP_CWORD=$(( $# - 1 ))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
_retrospect retrospect "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let out = run(std::process::Command::new("bash")
        .args(["--noprofile", "--norc", "-c", COMPLETE, "bash"])
        .arg(script)
        .arg("retrospect")
        .args(words));
    assert_eq!(out.code, 0, "bash: {}", out.stderr);
    assert!(out.stderr.is_empty(), "bash: {}", out.stderr);
    let mut offered: Vec<String> = out
        .stdout
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    offered.sort();
    offered
}

#[test]
fn bash_completes_commands_options_and_values() {
    let dir = crate::support::TempDir::new("completions-bash");
    let out = run(bin().args(["completions", "bash"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let script = dir.write("retrospect.bash", &out.stdout);
    let sorted = |words: &[&str]| {
        let mut v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        v.sort();
        v
    };
    // Every command, and nothing else that is not an option.
    let mut commands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    commands.sort();
    let offered: Vec<String> = bash_completes(&script, &[""])
        .into_iter()
        .filter(|w| !w.starts_with('-'))
        .collect();
    assert_eq!(offered, commands);
    assert_eq!(bash_completes(&script, &["ch"]), ["check"]);
    assert_eq!(
        bash_completes(&script, &["s"]),
        sorted(&["schema", "serve", "stats", "summary"])
    );
    // Each command's own options, and only its own.
    for (command, longs) in long_options() {
        let offered = bash_completes(&script, &[&command, "--"]);
        for long in &longs {
            assert!(
                offered.contains(long),
                "`{command} --` offers {offered:?}, not {long}"
            );
        }
        for extra in offered.iter().filter(|o| !longs.contains(o)) {
            assert!(
                ["--help", "--version"].contains(&extra.as_str()),
                "`{command} --` offers {extra}, an option of another command"
            );
        }
    }
    assert_eq!(
        bash_completes(&script, &["actions", "--due"]),
        ["--due-within"]
    );
    // Values of an option with a fixed set of them.
    assert_eq!(
        bash_completes(&script, &["check", "--format", ""]),
        sorted(&["github", "gitlab", "human", "json", "sarif"])
    );
    assert_eq!(
        bash_completes(&script, &["build", "--audience", "p"]),
        ["public"]
    );
    let shells: Vec<String> = bash_completes(&script, &["completions", ""])
        .into_iter()
        .filter(|w| !w.starts_with('-'))
        .collect();
    assert_eq!(
        shells,
        sorted(&["bash", "elvish", "fish", "powershell", "zsh"])
    );
}

/// The lines of `script` that belong to `command`'s part, for the shells
/// that give each command a block of its own.
fn block<'a>(script: &'a str, start: &str, end: &str) -> &'a str {
    let from = script
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in:\n{script}"));
    let rest = &script[from + start.len()..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn every_shells_completions_offer_each_commands_own_options() {
    let script = |shell: &str| {
        let out = run(bin().args(["completions", shell]));
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        out.stdout
    };
    let (zsh, fish, elvish, powershell) = (
        script("zsh"),
        script("fish"),
        script("elvish"),
        script("powershell"),
    );
    for (command, longs) in long_options() {
        // The command itself, offered where no command is typed yet.
        let needle = format!("-n \"__fish_retrospect_needs_command\" -f -a \"{command}\"");
        assert!(fish.contains(&needle), "fish does not offer {command}");
        assert!(
            block(&elvish, "&'retrospect'= {", "}").contains(&format!("cand {command} ")),
            "elvish does not offer {command}"
        );
        assert!(
            block(&powershell, "'retrospect' {", "break")
                .contains(&format!("[CompletionResult]::new('{command}',")),
            "powershell does not offer {command}"
        );
        assert!(
            zsh.contains(&format!("'{command}:")),
            "zsh does not offer {command}"
        );
        // Its options, in its own part of each script.
        let zsh_part = block(&zsh, &format!("({command})\n"), ";;");
        let elvish_part = block(&elvish, &format!("&'retrospect;{command}'= {{"), "}");
        let powershell_part = block(&powershell, &format!("'retrospect;{command}' {{"), "break");
        for long in &longs {
            // `'--out=[…]`, `'*--owner=[…]` (repeatable), `'(--all)*--status=[…]`.
            let zsh_offers = zsh_part.lines().any(|line| {
                let spec = line.strip_prefix('\'').unwrap_or("");
                let spec = match spec.strip_prefix('(') {
                    Some(rest) => rest.split_once(')').map_or("", |(_, after)| after),
                    None => spec,
                };
                let spec = spec.strip_prefix('*').unwrap_or(spec);
                spec.starts_with(&format!("{long}=[")) || spec.starts_with(&format!("{long}["))
            });
            assert!(zsh_offers, "zsh: {command} {long}");
            let fish_line = format!(
                "complete -c retrospect -n \"__fish_retrospect_using_subcommand {command}\" -l {}",
                &long[2..]
            );
            assert!(
                fish.lines()
                    .any(|l| l == fish_line || l.starts_with(&format!("{fish_line} "))),
                "fish: {command} {long}"
            );
            assert!(
                elvish_part.contains(&format!("cand {long} ")),
                "elvish: {command} {long}"
            );
            assert!(
                powershell_part.contains(&format!("[CompletionResult]::new('{long}',")),
                "powershell: {command} {long}"
            );
        }
    }
    let out = run(bin().args(["completions", "tcsh"]));
    assert_eq!(out.code, 2, "an unknown shell is a usage error");
}

#[test]
fn man_pages_know_every_command() {
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
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
