//! The files of a new site (`retrospect init`): settings with every key,
//! a sample report, the JSON Schemas that editors read, and, at the root of
//! the repository, CI workflows and a pre-commit entry. The texts are in
//! `templates/init/` (and the installer the CI files carry in
//! `scripts/install.sh`), compiled in.

use crate::config::Config;
use crate::draft::{self, Draft, Existing};
use crate::error::Error;
use crate::model::Slug;
use chrono::NaiveDate;

/// `retrospect.yaml` with every key and its default, commented.
pub const CONFIG: &str = include_str!("../templates/init/retrospect.yaml");
const SAMPLE_REPORT: &str = include_str!("../templates/init/sample-report.md");
const GITIGNORE: &str = include_str!("../templates/init/gitignore");
const GITHUB_WORKFLOW: &str = include_str!("../templates/init/github-workflow.yml");
const GITLAB_CI: &str = include_str!("../templates/init/gitlab-ci.yml");
const PRE_COMMIT: &str = include_str!("../templates/init/pre-commit-config.yaml");

/// The release installer: the CI files embed it, the GitHub Action
/// (`action.yml`) and the `Dockerfile` run it.
pub const INSTALL_SCRIPT: &str = include_str!("../scripts/install.sh");

/// Where the schemas go; `retrospect.yaml`'s modeline points at the first.
pub const CONFIG_SCHEMA: &str = "schemas/config.schema.json";
pub const REPORT_SCHEMA: &str = "schemas/report.schema.json";

/// Where GitHub, GitLab and pre-commit look for their files, relative to
/// the repository root.
pub const GITHUB_WORKFLOW_PATH: &str = ".github/workflows/retrospect.yml";
pub const GITLAB_CI_PATH: &str = ".gitlab-ci.yml";
pub const PRE_COMMIT_PATH: &str = ".pre-commit-config.yaml";

const SAMPLE_TITLE: &str = "Sample: checkout errors after a configuration change";
const SAMPLE_SLUG: &str = "sample-checkout-errors";

/// A file to write: its path relative to the site (for the CI files, to
/// the repository root), and its text.
#[derive(Debug, Clone)]
pub struct File {
    pub path: String,
    pub text: String,
}

fn file(path: &str, text: String) -> File {
    File {
        path: path.to_string(),
        text,
    }
}

/// The files of the site itself, the CI files aside ([`ci_files`]).
/// `config` is the site's configuration (the defaults, or the settings of a
/// `retrospect.yaml` already there), which the sample report and the
/// report schema follow; `existing` are the reports already there, whose
/// ids the sample's id follows.
pub fn files(config: &Config, today: NaiveDate, existing: &[Existing]) -> Result<Vec<File>, Error> {
    let severities: Vec<String> = config.severities.iter().map(|l| l.name.clone()).collect();
    // The sample shows a full review: `major` where the site has it.
    let severity = severities
        .iter()
        .find(|s| *s == "major")
        .or(severities.first())
        .cloned()
        .unwrap_or_else(|| "major".into());
    let sample = Draft {
        title: SAMPLE_TITLE.into(),
        id: draft::next_id(config, today, existing),
        date: today,
        severity,
        slug: Slug::parse(SAMPLE_SLUG).expect("a valid slug"),
    };
    let sample_text = draft::render(SAMPLE_REPORT, "the sample report", &sample, config)?;
    Ok(vec![
        file(crate::config::CONFIG_FILE, CONFIG.to_string()),
        file(&format!("reports/{}", sample.file_name()), sample_text),
        file(".gitignore", GITIGNORE.to_string()),
        file(
            CONFIG_SCHEMA,
            crate::schema::to_text(&crate::schema::config()),
        ),
        file(
            REPORT_SCHEMA,
            crate::schema::to_text(&crate::schema::report(Some(&crate::schema::Names::of(
                config,
            )))),
        ),
    ])
}

/// What the CI files install, and where they find the site.
#[derive(Debug, Clone)]
pub struct Ci {
    /// The Retrospect release they install: by default this binary's.
    pub version: String,
    /// Where releases come from and are built from.
    pub repository: String,
    /// The site's folder relative to the repository root, with `/`
    /// separators; empty when the site is the root.
    pub site: String,
}

impl Default for Ci {
    fn default() -> Self {
        Ci {
            version: crate::release::VERSION.to_string(),
            repository: crate::release::REPOSITORY.to_string(),
            site: String::new(),
        }
    }
}

/// The GitHub workflow, the GitLab pipeline and the pre-commit config, with
/// paths relative to the repository root. Both pipelines carry a copy of
/// the installer, so that they work as written, with nothing to fetch but
/// the release itself.
pub fn ci_files(ci: &Ci) -> Vec<File> {
    vec![
        file(GITHUB_WORKFLOW_PATH, fill(GITHUB_WORKFLOW, ci, 10)),
        file(GITLAB_CI_PATH, fill(GITLAB_CI, ci, 6)),
        file(PRE_COMMIT_PATH, fill(PRE_COMMIT, ci, 0)),
    ]
}

/// The pre-commit entry, for a repository whose `.pre-commit-config.yaml`
/// was already there.
pub fn pre_commit_entry(ci: &Ci) -> String {
    let text = fill(PRE_COMMIT, ci, 0);
    let start = text.find("  - repo:").unwrap_or(0);
    let end = text.find("  # Or,").unwrap_or(text.len());
    text[start..end].to_string()
}

/// The installer as a CI step runs it: in a subshell, so that its `set -eu`
/// and `exit` stay inside (GitLab runs all the lines of a job in one
/// shell), without the `#!` line, indented for a YAML block scalar.
fn install_step(indent: usize) -> String {
    let body = INSTALL_SCRIPT
        .split_once('\n')
        .map_or(INSTALL_SCRIPT, |(_, rest)| rest);
    let pad = " ".repeat(indent);
    let mut out = format!("{pad}(\n");
    for line in body.lines() {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push_str(&pad);
    out.push(')');
    out
}

fn fill(template: &str, ci: &Ci, indent: usize) -> String {
    let (site_arg, site_dir, pre_commit_args) = if ci.site.is_empty() {
        (
            String::new(),
            String::new(),
            "        # args: [incidents/]        # when the site is not the repository's root\n"
                .to_string(),
        )
    } else {
        (
            format!(" {}", shell_word(&ci.site)),
            format!("{}/", ci.site),
            format!("        args: [{}]\n", yaml_string(&ci.site)),
        )
    };
    template
        .replace("__INSTALL_SCRIPT__", &install_step(indent))
        .replace("__RETROSPECT_VERSION__", &ci.version)
        .replace("__RETROSPECT_REPOSITORY__", &ci.repository)
        .replace("__SITE_ARG__", &site_arg)
        .replace(
            "\"__SITE_DIR__public\"",
            &yaml_string(&format!("{site_dir}public")),
        )
        .replace("__PRE_COMMIT_ARGS__", &pre_commit_args)
}

/// A word for a shell command line, single-quoted when it needs to be.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// A YAML double-quoted string (a JSON string is one).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `retrospect.yaml` as `init` writes it holds the defaults, key by key:
    /// if a default changes, this fails until the file follows.
    #[test]
    fn the_written_config_is_the_defaults() {
        let config = crate::config::parse(CONFIG, std::path::Path::new("retrospect.yaml"))
            .unwrap_or_else(|e| panic!("{e:#?}"));
        assert_eq!(format!("{config:?}"), format!("{:?}", Config::default()));
        assert!(CONFIG.starts_with(&format!(
            "# yaml-language-server: $schema={CONFIG_SCHEMA}\n"
        )));
    }

    #[test]
    fn every_file_is_filled_in() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let files = files(&Config::default(), today, &[]).unwrap();
        let sample = files
            .iter()
            .find(|f| f.path.starts_with("reports/"))
            .unwrap();
        assert!(!sample.text.contains("{{"), "{}", sample.text);
        assert_eq!(sample.path, "reports/2026-01-15-sample-checkout-errors.md");
        assert!(sample.text.contains("id: \"INC-2026-001\""));
        assert!(sample.text.contains("due: 2027-03-31"));
        for site in ["", "ops/incidents", "post mortems"] {
            let ci = Ci {
                site: site.into(),
                ..Ci::default()
            };
            for f in ci_files(&ci) {
                assert!(!f.text.contains("__"), "{site}: {}\n{}", f.path, f.text);
            }
            let entry = pre_commit_entry(&ci);
            assert!(entry.contains("id: retrospect-check"), "{entry}");
            assert!(!entry.contains("# Or,"), "{entry}");
        }
    }

    #[test]
    fn site_paths_are_quoted_for_the_shell_and_yaml() {
        assert_eq!(shell_word("ops/incidents"), "ops/incidents");
        assert_eq!(shell_word("post mortems"), "'post mortems'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(yaml_string("a \"b\""), "\"a \\\"b\\\"\"");
    }
}
