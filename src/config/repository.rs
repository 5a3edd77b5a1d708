//! `repository:` of retrospect.yaml: where the reports' source lives, so
//! that each report links to its source, its history and "suggest a
//! change" (GitHub, GitLab, Gitea and Forgejo by their URL schemes; any
//! other host by patterns).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The repository the site's files are in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    /// The repository's web address, e.g. "https://github.com/acme/incidents".
    pub url: String,
    /// `github`, `gitlab`, `gitea` (Gitea, Forgejo, Codeberg) or `pattern`.
    /// Default: from the address (github.com, gitlab.com or a host starting
    /// with `gitlab.`, codeberg.org); any other host needs it.
    #[serde(default)]
    pub host: Option<Host>,
    /// The branch the site is built from. Default: main.
    #[serde(default = "main")]
    pub branch: String,
    /// The site's folder in the repository, e.g. "incidents". Default: its
    /// root.
    #[serde(default)]
    pub folder: String,
    /// With `host: pattern`: the addresses of a report's source, of its
    /// editor, of its history and of a new issue, with `{path}` (the
    /// report's path in the repository), `{branch}` and `{title}` (the
    /// report's title), each percent-encoded.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub edit: Option<String>,
    #[serde(default)]
    pub history: Option<String>,
    #[serde(default)]
    pub suggest: Option<String>,
    /// Whether the public site shows the links too. Default: true.
    #[serde(default = "yes")]
    pub public: bool,
}

fn main() -> String {
    "main".into()
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Host {
    Github,
    Gitlab,
    Gitea,
    Pattern,
}

/// A report's links.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Links {
    pub source_url: Option<String>,
    pub edit_url: Option<String>,
    pub history_url: Option<String>,
    pub suggest_url: Option<String>,
}

impl Repository {
    /// The host, given or told by the address; `None` when neither.
    pub fn host(&self) -> Option<Host> {
        if self.host.is_some() {
            return self.host;
        }
        let name = self.url.split("://").nth(1)?.split('/').next()?;
        match name {
            "github.com" => Some(Host::Github),
            "gitlab.com" => Some(Host::Gitlab),
            "codeberg.org" => Some(Host::Gitea),
            n if n.starts_with("gitlab.") => Some(Host::Gitlab),
            _ => None,
        }
    }

    /// What is wrong with the settings, if anything.
    pub fn problem(&self) -> Option<String> {
        if !self.url.starts_with("https://") && !self.url.starts_with("http://") {
            return Some("`repository.url` must be an http(s) address".into());
        }
        match self.host() {
            None => Some(format!(
                "say which host `{}` is: `repository.host: github`, `gitlab`, `gitea` or `pattern`",
                self.url
            )),
            Some(Host::Pattern) if self.source.is_none() && self.edit.is_none() => Some(
                "with `host: pattern`, give `repository.source` or `repository.edit` (with `{path}`)"
                    .into(),
            ),
            _ => None,
        }
    }

    /// The links of the report at `rel_path` (below `reports/`), titled
    /// `title`.
    pub fn links(&self, rel_path: &str, title: &str) -> Links {
        use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
        const SEGMENT: &AsciiSet = &CONTROLS
            .add(b' ')
            .add(b'"')
            .add(b'#')
            .add(b'%')
            .add(b'<')
            .add(b'>')
            .add(b'?')
            .add(b'`')
            .add(b'{')
            .add(b'}');
        const QUERY: &AsciiSet = &SEGMENT.add(b'&').add(b'+').add(b'=').add(b'/');
        let folder = self.folder.trim_matches('/');
        let path = if folder.is_empty() {
            format!("reports/{rel_path}")
        } else {
            format!("{folder}/reports/{rel_path}")
        };
        let path = utf8_percent_encode(&path, SEGMENT).to_string();
        let branch = utf8_percent_encode(&self.branch, QUERY).to_string();
        let issue = format!("Suggestion for \"{title}\"");
        let issue = utf8_percent_encode(&issue, QUERY).to_string();
        let url = self.url.trim_end_matches('/');
        let fill = |pattern: &Option<String>| {
            pattern.as_ref().map(|p| {
                p.replace("{path}", &path)
                    .replace("{branch}", &branch)
                    .replace("{title}", &issue)
            })
        };
        match self.host() {
            Some(Host::Github) => Links {
                source_url: Some(format!("{url}/blob/{branch}/{path}")),
                edit_url: Some(format!("{url}/edit/{branch}/{path}")),
                history_url: Some(format!("{url}/commits/{branch}/{path}")),
                suggest_url: Some(format!("{url}/issues/new?title={issue}")),
            },
            Some(Host::Gitlab) => Links {
                source_url: Some(format!("{url}/-/blob/{branch}/{path}")),
                edit_url: Some(format!("{url}/-/edit/{branch}/{path}")),
                history_url: Some(format!("{url}/-/commits/{branch}/{path}")),
                suggest_url: Some(format!("{url}/-/issues/new?issue[title]={issue}")),
            },
            Some(Host::Gitea) => Links {
                source_url: Some(format!("{url}/src/branch/{branch}/{path}")),
                edit_url: Some(format!("{url}/_edit/{branch}/{path}")),
                history_url: Some(format!("{url}/commits/branch/{branch}/{path}")),
                suggest_url: Some(format!("{url}/issues/new?title={issue}")),
            },
            Some(Host::Pattern) => Links {
                source_url: fill(&self.source),
                edit_url: fill(&self.edit),
                history_url: fill(&self.history),
                suggest_url: fill(&self.suggest),
            },
            None => Links::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(url: &str) -> Repository {
        Repository {
            url: url.into(),
            host: None,
            branch: "main".into(),
            folder: "incidents".into(),
            source: None,
            edit: None,
            history: None,
            suggest: None,
            public: true,
        }
    }

    #[test]
    fn each_host_gets_its_own_addresses() {
        let links = repo("https://github.com/acme/ops/").links("2025/a b.md", "DNS & co");
        assert_eq!(
            links.source_url.as_deref(),
            Some("https://github.com/acme/ops/blob/main/incidents/reports/2025/a%20b.md")
        );
        assert_eq!(
            links.edit_url.as_deref(),
            Some("https://github.com/acme/ops/edit/main/incidents/reports/2025/a%20b.md")
        );
        assert_eq!(
            links.history_url.as_deref(),
            Some("https://github.com/acme/ops/commits/main/incidents/reports/2025/a%20b.md")
        );
        assert_eq!(
            links.suggest_url.as_deref(),
            Some(
                "https://github.com/acme/ops/issues/new?title=Suggestion%20for%20%22DNS%20%26%20co%22"
            )
        );
        let unknown = repo("https://git.example.com/ops").links("a.md", "t");
        assert!(
            unknown.source_url.is_none(),
            "git.example.com is not told by its name"
        );
        let gitlab = repo("https://gitlab.acme.dev/ops").links("a.md", "t");
        assert_eq!(
            gitlab.history_url.as_deref(),
            Some("https://gitlab.acme.dev/ops/-/commits/main/incidents/reports/a.md")
        );
        let gitea = repo("https://codeberg.org/acme/ops").links("a.md", "t");
        assert_eq!(
            gitea.edit_url.as_deref(),
            Some("https://codeberg.org/acme/ops/_edit/main/incidents/reports/a.md")
        );
        let mut pattern = repo("https://git.example/ops");
        pattern.host = Some(Host::Pattern);
        pattern.source = Some("https://git.example/ops/view/{branch}/{path}".into());
        let links = pattern.links("a.md", "t");
        assert_eq!(
            links.source_url.as_deref(),
            Some("https://git.example/ops/view/main/incidents/reports/a.md")
        );
        assert_eq!(links.edit_url, None);
    }

    #[test]
    fn settings_that_cannot_work_are_refused() {
        assert!(repo("https://git.example/ops").problem().is_some());
        assert!(repo("git@github.com:acme/ops").problem().is_some());
        assert!(repo("https://github.com/acme/ops").problem().is_none());
        let mut pattern = repo("https://git.example/ops");
        pattern.host = Some(Host::Pattern);
        assert!(pattern.problem().is_some());
    }
}
