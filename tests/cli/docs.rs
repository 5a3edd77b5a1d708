//! The documentation's links: every relative link in README.md, the docs
//! and CHANGELOG.md names a file of this repository. The docs are read on
//! GitHub and in a clone; a link outside the repository is dead in both.

use std::path::{Component, Path, PathBuf};

/// The targets of a Markdown text's links and images, as a Markdown reader
/// sees them: a link written inside code is an example, not a link.
fn link_targets(text: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(text)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn relative_links_in_the_docs_name_files_of_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = vec![root.join("README.md"), root.join("CHANGELOG.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let mut problems = Vec::new();
    for file in &files {
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for target in link_targets(&text) {
            let path = target.split('#').next().unwrap_or("");
            if path.is_empty() || path.contains("://") || path.starts_with("mailto:") {
                continue;
            }
            // Resolved lexically, as a browser and GitHub do.
            let mut resolved = file.parent().unwrap().to_path_buf();
            for component in Path::new(path).components() {
                match component {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::Normal(part) => resolved.push(part),
                    _ => {}
                }
            }
            let shown = file.strip_prefix(root).unwrap().display().to_string();
            if !resolved.starts_with(root) {
                problems.push(format!("{shown}: `{target}` is outside the repository"));
            } else if !resolved.exists() {
                problems.push(format!("{shown}: `{target}` does not exist"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_readme_installs_the_version_of_cargo_toml() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let version = retrospect::release::VERSION;
    let mut found = 0;
    let patterns = ["rev: v", "--tag v", "retrospect/v", "VERSION="];
    for (at, _) in patterns.iter().flat_map(|p| readme.match_indices(p)) {
        let rest = &readme[at..];
        let start = rest.find(|c: char| c.is_ascii_digit()).unwrap();
        let written: String = rest[start..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let written = written.trim_end_matches('.');
        assert_eq!(
            written,
            version,
            "README.md: `{}`",
            &rest[..start + written.len()]
        );
        found += 1;
    }
    assert!(
        found >= 3,
        "the install lines and the pre-commit rev name the version"
    );
}
