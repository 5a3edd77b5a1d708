//! `retrospect init [DIR]`: a new site. Refuses a folder that is not empty
//! unless `--force`, and never overwrites a file, even then. Inside a git
//! repository the CI files go to the repository's root, where GitHub,
//! GitLab and pre-commit look for them, with the site's path filled in.

use super::Outcome;
use crate::cli::InitArgs;
use crate::error::Error;
use crate::scaffold::{self, Ci};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(args: &InitArgs) -> Result<Outcome, Error> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let shown_dir = shown(&dir);
    if dir.exists() && !dir.is_dir() {
        return Err(Error::usage(format!("{shown_dir} is a file, not a folder")));
    }
    if dir.is_dir() && !args.force {
        let entries = contents(&dir)?;
        if !entries.is_empty() {
            let listed: Vec<&str> = entries.iter().take(3).map(String::as_str).collect();
            let more = if entries.len() > 3 { ", …" } else { "" };
            return Err(Error::usage(format!(
                "{shown_dir} is not empty ({}{more}): `retrospect init --force` adds the site's files \
                 to it and keeps every file already there",
                listed.join(", ")
            )));
        }
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io(format!("cannot create {shown_dir}: {e}")))?;

    // A retrospect.yaml already there (with --force) is kept, and the sample
    // report and the schema follow its severities and id pattern.
    let config = if dir.join(crate::config::CONFIG_FILE).is_file() {
        super::load_config(&dir, "the sample report follows the defaults").unwrap_or_default()
    } else {
        crate::config::Config::default()
    };
    let existing = crate::draft::existing(&dir);
    let files = scaffold::files(&config, config.timezone.today(), &existing)
        .map_err(|e| Error::new(e.kind(), format!("cannot write the sample report: {e}")))?;
    let (ci_dir, site) = ci_place(&dir)?;
    let ci = Ci {
        version: args
            .retrospect_version
            .clone()
            .unwrap_or_else(|| crate::release::VERSION.into()),
        repository: args
            .repository
            .clone()
            .unwrap_or_else(|| crate::release::REPOSITORY.into()),
        site,
    };
    let ci_files = scaffold::ci_files(&ci);
    let at_root = ci_dir != dir;

    let mut created = Vec::new();
    let mut kept = Vec::new();
    let site_files = files.iter().map(|f| (&dir, f, false));
    let ci_written = ci_files.iter().map(|f| (&ci_dir, f, at_root));
    for (base, file, is_ci) in site_files.chain(ci_written) {
        let entry = (file.path.as_str(), is_ci);
        if write_new(&base.join(&file.path), &file.text)? {
            created.push(entry);
        } else {
            kept.push(entry);
        }
    }

    let root_shown = shown(&ci_dir);
    let shown = shown_dir;
    let list = |out: &mut String, entries: &[(&str, bool)], ci: bool| {
        for (path, _) in entries.iter().filter(|(_, is_ci)| *is_ci == ci) {
            out.push_str(&format!("  {path}\n"));
        }
    };
    let mut out = String::new();
    if created.is_empty() {
        out.push_str(&format!(
            "{shown} already has every file `init` writes; nothing was changed\n"
        ));
    } else {
        out.push_str(&format!("created a Retrospect site in {shown}:\n"));
        list(&mut out, &created, false);
        if at_root && created.iter().any(|(_, ci)| *ci) {
            out.push_str(&format!(
                "and, at the root of its git repository ({root_shown}), where CI looks for them, \
                 for the site `{}`:\n",
                ci.site
            ));
            list(&mut out, &created, true);
        }
    }
    if !kept.is_empty() {
        out.push_str("kept, as they were already there:\n");
        for (path, is_ci) in &kept {
            if *is_ci {
                out.push_str(&format!("  {}\n", root_shown_join(&root_shown, path)));
            } else {
                out.push_str(&format!("  {path}\n"));
            }
        }
    }
    let kept_ci = |name: &str| kept.iter().any(|(path, _)| *path == name);
    if kept_ci(scaffold::PRE_COMMIT_PATH) {
        out.push_str(&format!(
            "\nTo check reports before each commit, add to .pre-commit-config.yaml under `repos:`\n{}",
            scaffold::pre_commit_entry(&ci)
        ));
    }
    if kept_ci(scaffold::GITHUB_WORKFLOW_PATH) {
        let site = if ci.site.is_empty() {
            String::new()
        } else {
            format!(" {}", ci.site)
        };
        out.push_str(&format!(
            "\n{} was already there: if it does not check this site yet, add a step \
             `retrospect check --format github{site}` to it.\n",
            scaffold::GITHUB_WORKFLOW_PATH
        ));
    }
    if kept_ci(scaffold::GITLAB_CI_PATH) {
        out.push_str(
            "\nAdd Retrospect's `check` and `pages` jobs to the .gitlab-ci.yml that was already \
             there: docs/commands.md in Retrospect's repository shows them.\n",
        );
    }
    if kept.contains(&(".gitignore", false)) && !ignores_public(&dir.join(".gitignore")) {
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

/// Where the CI files go, and the site's path from there: the root of the
/// git repository holding `dir` (the nearest folder above it with a
/// `.git`), or `dir` itself outside a repository.
fn ci_place(dir: &Path) -> Result<(PathBuf, String), Error> {
    let absolute = dir
        .canonicalize()
        .map_err(|e| Error::io(format!("cannot read {}: {e}", shown(dir))))?;
    let Some(root) = absolute
        .ancestors()
        .skip(1)
        .find(|d| d.join(".git").exists())
    else {
        return Ok((dir.to_path_buf(), String::new()));
    };
    if absolute.join(".git").exists() {
        return Ok((dir.to_path_buf(), String::new()));
    }
    let site = absolute
        .strip_prefix(root)
        .expect("an ancestor")
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    // Shown as the user would reach it: `..` steps from `dir` when it was
    // given relative, else the absolute path.
    let steps = site.split('/').count();
    let root_path = if dir.is_absolute() {
        root.to_path_buf()
    } else {
        let mut parts: Vec<std::path::Component> = dir
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        for _ in 0..steps {
            match parts.last() {
                Some(std::path::Component::Normal(_)) => {
                    parts.pop();
                }
                _ => parts.push(std::path::Component::ParentDir),
            }
        }
        let up: PathBuf = parts.iter().collect();
        if up.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            up
        }
    };
    Ok((root_path, site))
}

fn root_shown_join(root: &str, path: &str) -> String {
    if root == "." {
        path.to_string()
    } else {
        format!("{root}/{path}")
    }
}

/// The names in a folder, ignoring `.git` (a fresh clone is "empty").
fn contents(dir: &Path) -> Result<Vec<String>, Error> {
    let read = std::fs::read_dir(dir)
        .map_err(|e| Error::io(format!("cannot read {}: {e}", dir.display())))?;
    let mut names: Vec<String> = read
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".git")
        .collect();
    names.sort();
    Ok(names)
}

/// Writes a new file; `false` when one is already there (it is kept).
fn write_new(path: &Path, text: &str) -> Result<bool, Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io(format!("cannot create {}: {e}", parent.display())))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(Error::io(format!("cannot create {}: {e}", path.display()))),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(format!("cannot write {}: {e}", path.display())))?;
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
