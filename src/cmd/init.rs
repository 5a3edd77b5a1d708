//! `retrospect init [DIR]`: a new site. Refuses a folder that is not empty
//! unless `--force`, and never overwrites a file, even then.

use super::{Fatal, Outcome};
use crate::cli::InitArgs;
use crate::scaffold;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(args: &InitArgs) -> Result<Outcome, Fatal> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let shown = shown(&dir);
    if dir.exists() && !dir.is_dir() {
        return Err(Fatal(format!("{shown} is a file, not a folder")));
    }
    if dir.is_dir() && !args.force {
        let entries = contents(&dir)?;
        if !entries.is_empty() {
            let listed: Vec<&str> = entries.iter().take(3).map(String::as_str).collect();
            let more = if entries.len() > 3 { ", …" } else { "" };
            return Err(Fatal(format!(
                "{shown} is not empty ({}{more}): `retrospect init --force` adds the site's files \
                 to it and keeps every file already there",
                listed.join(", ")
            )));
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| Fatal(format!("cannot create {shown}: {e}")))?;

    // A retrospect.yaml already there (with --force) is kept, and the sample
    // report and the schema follow its severities and id pattern.
    let config = if dir.join(crate::config::CONFIG_FILE).is_file() {
        super::load_config(&dir, "the sample report follows the defaults").unwrap_or_default()
    } else {
        crate::config::Config::default()
    };
    let existing = crate::draft::existing(&dir);
    let files = scaffold::files(&config, config.timezone.today(), &existing)
        .map_err(|e| Fatal(format!("cannot write the sample report: {e}")))?;

    let mut created = Vec::new();
    let mut kept = Vec::new();
    for file in &files {
        let path = dir.join(&file.path);
        if write_new(&path, &file.text)? {
            created.push(file.path.as_str());
        } else {
            kept.push(file.path.as_str());
        }
    }

    let mut out = String::new();
    if created.is_empty() {
        out.push_str(&format!(
            "{shown} already has every file `init` writes; nothing was changed\n"
        ));
    } else {
        out.push_str(&format!("created a Retrospect site in {shown}:\n"));
        for path in &created {
            out.push_str(&format!("  {path}\n"));
        }
    }
    if !kept.is_empty() {
        out.push_str("kept, as they were already there:\n");
        for path in &kept {
            out.push_str(&format!("  {path}\n"));
        }
    }
    if kept.contains(&".pre-commit-config.yaml") {
        out.push_str(&format!(
            "\nTo check reports before each commit, add to .pre-commit-config.yaml under `repos:`\n{}",
            scaffold::pre_commit_entry()
        ));
    }
    if kept.contains(&".gitignore") && !ignores_public(&dir.join(".gitignore")) {
        out.push_str("\nAdd `/public/` to .gitignore: it is where `retrospect build` writes.\n");
    }
    out.push_str("\nNext:\n");
    if shown != "." {
        out.push_str(&format!("  cd {shown}\n"));
    }
    out.push_str(
        "  retrospect check                 the sample report passes\n  \
         retrospect build                 the site, in public/\n  \
         retrospect new \"What broke\"      your first report\n",
    );
    super::print_stdout(out.as_bytes())?;
    Ok(Outcome::Clean)
}

/// The names in a folder, ignoring `.git` (a fresh clone is "empty").
fn contents(dir: &Path) -> Result<Vec<String>, Fatal> {
    let read =
        std::fs::read_dir(dir).map_err(|e| Fatal(format!("cannot read {}: {e}", dir.display())))?;
    let mut names: Vec<String> = read
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".git")
        .collect();
    names.sort();
    Ok(names)
}

/// Writes a new file; `false` when one is already there (it is kept).
fn write_new(path: &Path, text: &str) -> Result<bool, Fatal> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Fatal(format!("cannot create {}: {e}", parent.display())))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(Fatal(format!("cannot create {}: {e}", path.display()))),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?;
    Ok(true)
}

fn ignores_public(gitignore: &Path) -> bool {
    std::fs::read_to_string(gitignore).is_ok_and(|text| {
        text.lines()
            .map(str::trim)
            .any(|l| matches!(l, "public" | "public/" | "/public" | "/public/"))
    })
}

fn shown(dir: &Path) -> String {
    let shown = crate::load::display_path(dir);
    if shown.as_os_str().is_empty() {
        ".".into()
    } else {
        shown.display().to_string()
    }
}
