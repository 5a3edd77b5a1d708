//! GitHub Actions workflow commands (`::error file=…,line=…::message`), which
//! GitHub shows as annotations on the lines of a pull request.

use super::{Diagnostic, Level};
use std::fmt::Write as _;
use std::path::{Component, Path};

/// Renders one workflow command per diagnostic. Paths are made relative to
/// `repo_root` (the folder holding `.git`) when given, since GitHub matches
/// annotations by repository-relative path.
pub fn render(diagnostics: &[Diagnostic], repo_root: Option<&Path>) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(file) = &d.file {
            props.push(format!(
                "file={}",
                escape_property(&repo_relative(file, repo_root))
            ));
        }
        if let Some(loc) = &d.location {
            props.push(format!("line={}", loc.start.line));
            props.push(format!("col={}", loc.start.column));
            props.push(format!("endColumn={}", loc.end_column));
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("{} {}", d.code.id(), d.code.name()))
        ));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            escape_data(&message)
        );
    }
    out
}

/// A path with `/` separators, relative to `root` when it lies below it.
pub fn repo_relative(path: &Path, root: Option<&Path>) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let absolute = normalize(&absolute);
    if let Some(root) = root {
        let root = normalize(&std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()));
        if let Ok(rel) = absolute.strip_prefix(&root) {
            return slash_path(rel);
        }
    }
    slash_path(path)
}

/// Removes `.` and resolves `..` lexically.
pub(super) fn normalize(path: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

pub fn slash_path(path: &Path) -> String {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::RootDir => parts.push(String::new()),
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    if parts.len() == 1 && parts[0].is_empty() {
        return "/".into();
    }
    parts.join("/")
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Finds the repository root: the nearest ancestor of `start` holding `.git`.
pub fn find_repo_root(start: &Path) -> Option<std::path::PathBuf> {
    let start = std::path::absolute(start).ok()?;
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_workflow_command_syntax_requires() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn paths_become_repository_relative() {
        let root = std::env::temp_dir().join("repo-root-test");
        let file = root.join("site").join("reports").join("a.md");
        assert_eq!(repo_relative(&file, Some(&root)), "site/reports/a.md");
        assert_eq!(
            repo_relative(Path::new("x/./y.md"), None),
            "x/y.md".to_string()
        );
    }
}
