//! The files of a new site (`retrospect init`): settings with every key,
//! a sample report, CI workflows, a pre-commit entry and the JSON Schemas
//! that editors read. The texts are in `templates/init/`, compiled in.

use crate::config::Config;
use crate::draft::{self, Draft, Existing};
use crate::model::Slug;
use chrono::NaiveDate;

/// `retrospect.yaml` with every key and its default, commented.
pub const CONFIG: &str = include_str!("../templates/init/retrospect.yaml");
const SAMPLE_REPORT: &str = include_str!("../templates/init/sample-report.md");
const GITIGNORE: &str = include_str!("../templates/init/gitignore");
const GITHUB_WORKFLOW: &str = include_str!("../templates/init/github-workflow.yml");
const GITLAB_CI: &str = include_str!("../templates/init/gitlab-ci.yml");
const PRE_COMMIT: &str = include_str!("../templates/init/pre-commit-config.yaml");

/// Where the schemas go; `retrospect.yaml`'s modeline points at the first.
pub const CONFIG_SCHEMA: &str = "schemas/config.schema.json";
pub const REPORT_SCHEMA: &str = "schemas/report.schema.json";

const SAMPLE_TITLE: &str = "Sample: checkout errors after a configuration change";
const SAMPLE_SLUG: &str = "sample-checkout-errors";

/// The workflows install the Retrospect that wrote them.
const VERSION_TOKEN: &str = "__RETROSPECT_VERSION__";

/// A file of the new site: its path relative to the site, and its text.
#[derive(Debug, Clone)]
pub struct File {
    pub path: String,
    pub text: String,
}

/// Every file of a new site. `config` is the site's configuration (the
/// defaults, or the settings of a `retrospect.yaml` already there), which
/// the sample report and the report schema follow; `existing` are the
/// reports already there, whose ids the sample's id follows.
pub fn files(
    config: &Config,
    today: NaiveDate,
    existing: &[Existing],
) -> Result<Vec<File>, String> {
    let version = env!("CARGO_PKG_VERSION");
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
    let file = |path: &str, text: String| File {
        path: path.to_string(),
        text,
    };
    Ok(vec![
        file(crate::config::CONFIG_FILE, CONFIG.to_string()),
        file(&format!("reports/{}", sample.file_name()), sample_text),
        file(".gitignore", GITIGNORE.to_string()),
        file(
            ".github/workflows/retrospect.yml",
            GITHUB_WORKFLOW.replace(VERSION_TOKEN, version),
        ),
        file(".gitlab-ci.yml", GITLAB_CI.replace(VERSION_TOKEN, version)),
        file(
            ".pre-commit-config.yaml",
            PRE_COMMIT.replace(VERSION_TOKEN, version),
        ),
        file(
            CONFIG_SCHEMA,
            crate::cmd::schema::to_text(&crate::schema::config()),
        ),
        file(
            REPORT_SCHEMA,
            crate::cmd::schema::to_text(&crate::schema::report(Some(&severities))),
        ),
    ])
}

/// The pre-commit entry, for a site whose `.pre-commit-config.yaml` was
/// already there.
pub fn pre_commit_entry() -> String {
    let start = PRE_COMMIT.find("  - repo:").unwrap_or(0);
    let end = PRE_COMMIT.find("  # Or,").unwrap_or(PRE_COMMIT.len());
    PRE_COMMIT[start..end].replace(VERSION_TOKEN, env!("CARGO_PKG_VERSION"))
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
        for f in &files {
            assert!(!f.text.contains(VERSION_TOKEN), "{}", f.path);
        }
        let sample = files
            .iter()
            .find(|f| f.path.starts_with("reports/"))
            .unwrap();
        assert!(!sample.text.contains("{{"), "{}", sample.text);
        assert_eq!(sample.path, "reports/2026-01-15-sample-checkout-errors.md");
        assert!(sample.text.contains("id: \"INC-2026-001\""));
        assert!(sample.text.contains("due: 2027-03-31"));
        assert!(pre_commit_entry().contains("id: retrospect-check"));
        assert!(!pre_commit_entry().contains("# Or,"));
    }
}
