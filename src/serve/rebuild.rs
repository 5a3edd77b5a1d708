//! Rebuilding the site after a change: `build`'s pipeline
//! ([`pipeline::prepare`]) with a [`Memo`] of what did not change (each
//! report file's outcome, the trimmed reports, git's dates), the
//! configuration, templates and theme kept too, and the result kept in
//! memory as a [`Plan`] whose pages are rendered when asked for.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::output::Output;
use crate::pipeline::{self, Clock, Memo, OnErrors, Request, Timings};
use crate::render::{self, Plan, theme::ThemeFile, view::KeptViews};
use crate::site::Audience;
use chrono::NaiveDate;
use std::path::PathBuf;
use tera::Tera;

/// What a rebuild needs to know: which files changed since the last one.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Reports, attachments or folders under `reports/`, relative to it.
    pub reports: Vec<String>,
    pub config: bool,
    pub templates: bool,
    pub theme: bool,
    /// Everything may have changed (the watcher lost track): start afresh.
    pub everything: bool,
}

impl Changes {
    pub fn everything() -> Changes {
        Changes {
            everything: true,
            ..Changes::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }

    /// Adds `other`'s changes to these.
    pub fn merge(&mut self, other: Changes) {
        for rel in other.reports {
            if !self.reports.contains(&rel) {
                self.reports.push(rel);
            }
        }
        self.config |= other.config;
        self.templates |= other.templates;
        self.theme |= other.theme;
        self.everything |= other.everything;
    }
}

/// How the site is built: fixed for the whole session.
#[derive(Debug, Clone)]
pub struct Settings {
    pub site: PathBuf,
    pub audience: Audience,
    /// `None`: the current date, read at each rebuild.
    pub today: Option<NaiveDate>,
    /// Replaces `base_url` from the configuration: the server's address.
    pub base_url: String,
}

/// A rebuild that worked.
pub struct Built {
    pub plan: Plan,
    /// Pages rendered while checking the templates (the home page, the 404
    /// page and the pages of the reports that changed), to keep.
    pub rendered: Vec<Output>,
    pub warnings: usize,
    pub timings: Timings,
}

/// Why a rebuild did not give a site: diagnostics with file, line and
/// column (reports, `retrospect.yaml`), or messages (templates, a missing
/// folder), which carry their own position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    pub diagnostics: Vec<Diagnostic>,
    pub messages: Vec<String>,
}

impl Problems {
    fn error(error: crate::error::Error) -> Problems {
        Problems {
            messages: vec![error.to_string()],
            ..Problems::default()
        }
    }

    /// How many errors there are.
    pub fn count(&self) -> usize {
        self.diagnostics.len() + self.messages.len()
    }
}

/// Rebuilds a site again and again, keeping what did not change.
pub struct Builder {
    settings: Settings,
    /// What the pipeline keeps between rebuilds.
    memo: Memo,
    config: Option<Config>,
    tera: Option<Tera>,
    theme: Option<Vec<(String, ThemeFile)>>,
    /// Each report's views, kept from the last site for the next.
    views: KeptViews,
    /// Whether a rebuild has worked yet: there is a last good site to keep.
    built: bool,
}

impl Builder {
    pub fn new(settings: Settings) -> Builder {
        Builder {
            memo: Memo::new(&settings.site),
            settings,
            config: None,
            tera: None,
            theme: None,
            views: KeptViews::default(),
            built: false,
        }
    }

    /// A note about git's history (a shallow clone), to show once.
    pub fn git_warning(&self) -> Option<String> {
        self.memo.git_warning()
    }

    /// Rebuilds after `changes`. On `Err`, what was kept from earlier runs
    /// stays valid, so the next rebuild again reads only what changes.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Built, Problems> {
        let mut clock = Clock::start();
        if changes.everything {
            self.memo.clear();
            self.views.clear();
            self.config = None;
            self.tera = None;
            self.theme = None;
        }
        if changes.config {
            self.config = None;
        }
        if changes.templates {
            self.tera = None;
        }
        if changes.theme {
            self.theme = None;
            self.views.forget_layout();
        }
        for rel in &changes.reports {
            self.memo.forget(rel);
        }
        let config = match &self.config {
            Some(config) => config.clone(),
            None => {
                let mut config =
                    crate::config::load(&self.settings.site).map_err(|diagnostics| Problems {
                        diagnostics,
                        ..Problems::default()
                    })?;
                config.base_url = self.settings.base_url.clone();
                // The rules depend on the configuration, and so do the
                // theme and what the audience sees of people.
                self.memo.clear();
                self.views.clear();
                self.theme = None;
                self.config = Some(config.clone());
                config
            }
        };
        clock.mark("configuration");

        let request = Request {
            site: &self.settings.site,
            config,
            audience: self.settings.audience,
            today: self.settings.today.unwrap_or_else(crate::time::today),
            search: true,
            attachments: true,
            git_dates: true,
            on_errors: OnErrors::Stop,
        };
        let run = pipeline::prepare(request, Some(&mut self.memo)).map_err(Problems::error)?;
        let summary = run.summary();
        clock.extend(run.timings);
        let Some(prepared) = run.prepared else {
            return Err(Problems {
                diagnostics: run
                    .diagnostics
                    .into_iter()
                    .filter(Diagnostic::is_error)
                    .collect(),
                messages: Vec::new(),
            });
        };

        if self.tera.is_none() {
            let tera = render::templates::load(&self.settings.site).map_err(Problems::error)?;
            self.tera = Some(tera);
        }
        if self.theme.is_none() {
            self.theme = Some(
                render::theme::files(&self.settings.site, &prepared.site().config().theme)
                    .map_err(Problems::error)?,
            );
        }
        let (tera, theme) = (self.tera.clone(), self.theme.clone());
        clock.mark("templates, theme");

        let plan = Plan::keeping(
            prepared,
            tera.expect("loaded"),
            theme.expect("listed"),
            &mut self.views,
        );
        clock.mark("routes");

        // A template's mistake may show only when a page is rendered: render
        // the pages that are asked for first after a change, and after a
        // change to templates or settings one page of each template, so
        // that a broken template keeps the last good site instead of
        // breaking it. (Before the first site there is none to keep: a
        // page that fails shows its error when asked for.)
        let mut paths = vec!["index.html".to_string(), "404.html".to_string()];
        let settings = changes.templates || changes.theme || changes.config || changes.everything;
        if settings && self.built {
            for sample in plan.samples() {
                if !paths.contains(&sample) {
                    paths.push(sample);
                }
            }
        }
        paths.extend(
            plan.site()
                .reports()
                .iter()
                .filter(|r| changes.reports.contains(&r.rel_path))
                .map(|r| format!("reports/{}/index.html", r.slug)),
        );
        let mut rendered = Vec::new();
        for path in &paths {
            if let Some(outputs) = plan.render_path(path) {
                rendered.extend(outputs.map_err(Problems::error)?);
            }
        }
        clock.mark("render changed pages");
        self.built = true;
        Ok(Built {
            plan,
            rendered,
            warnings: summary.warnings,
            timings: clock.finish(),
        })
    }
}

#[cfg(test)]
#[path = "rebuild_edits.rs"]
mod edits;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Memory;

    fn everything(plan: &Plan) -> Vec<Output> {
        let memory = Memory::default();
        plan.render_all(&memory).unwrap();
        memory.into_sorted()
    }

    fn report(title: &str, slug: &str, visibility: &str, related: &str) -> String {
        [
            "---".to_string(),
            format!("title: {title}"),
            format!("id: INC-{slug}"),
            format!("slug: {slug}"),
            "date: 2025-03-14".into(),
            "severity: trivial".into(),
            "status: published".into(),
            format!("visibility: {visibility}"),
            "summary: s".into(),
            "authors: [jo]".into(),
            "started: \"09:00\"".into(),
            "resolved: \"10:00\"".into(),
            "impact: {summary: s}".into(),
            "services: [api]".into(),
            format!("related: [{related}]"),
            "actions:".into(),
            format!("  - title: t {slug}"),
            "    owner: jo".into(),
            "    due: 2026-06-01".into(),
            "---".into(),
            "Text.".into(),
        ]
        .join("\n")
    }

    /// A builder of `site` for `audience`, on 15 January 2026, that has
    /// built the whole site once; and its settings.
    pub(super) fn built(site: &std::path::Path, audience: Audience) -> (Settings, Builder) {
        let settings = Settings {
            site: site.to_path_buf(),
            audience,
            today: NaiveDate::from_ymd_opt(2026, 1, 15),
            base_url: "http://127.0.0.1:4300/".into(),
        };
        let mut builder = Builder::new(settings.clone());
        builder.rebuild(&Changes::everything()).unwrap();
        (settings, builder)
    }

    #[test]
    fn a_rebuild_after_changes_gives_the_site_a_fresh_build_gives() {
        let dir = std::env::temp_dir().join(format!("retrospect-rebuild-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("reports/2025")).unwrap();
        let write =
            |rel: &str, text: String| std::fs::write(dir.join("reports").join(rel), text).unwrap();
        write("a.md", report("Alpha", "alpha", "public", "INC-beta"));
        write("2025/b.md", report("Beta", "beta", "internal", ""));
        write("2025/c.md", report("Gamma", "gamma", "public", "alpha"));
        for audience in [Audience::Internal, Audience::Public] {
            let (settings, mut builder) = built(&dir, audience);

            // Beta goes public, a new report appears, Gamma is broken.
            write("2025/b.md", report("Beta", "beta", "public", ""));
            write("d.md", report("Delta", "delta", "public", "beta"));
            write("2025/c.md", report("Gamma", "gamma", "secret", "alpha"));
            let changes = |rels: &[&str]| Changes {
                reports: rels.iter().map(|r| r.to_string()).collect(),
                ..Changes::default()
            };
            let problems = builder.rebuild(&changes(&["2025/b.md", "d.md", "2025/c.md"]));
            let problems = problems.err().expect("Gamma has an error");
            assert_eq!(problems.diagnostics.len(), 1, "{problems:?}");
            assert!(problems.diagnostics[0].message.contains("secret"));

            // Fixed; then the next rebuild is what a fresh start builds.
            write("2025/c.md", report("Gamma two", "gamma", "public", "alpha"));
            let built = builder.rebuild(&changes(&["2025/c.md"])).unwrap();
            let fresh = Builder::new(settings)
                .rebuild(&Changes::everything())
                .unwrap();
            let (incremental, fresh) = (everything(&built.plan), everything(&fresh.plan));
            assert_eq!(incremental.len(), fresh.len());
            for (a, b) in incremental.iter().zip(&fresh) {
                assert_eq!(a, b, "{} differs", a.path);
            }
            assert!(
                incremental
                    .iter()
                    .any(|o| o.path == "reports/delta/index.html")
            );
            let beta_shown = incremental
                .iter()
                .any(|o| o.path == "reports/beta/index.html");
            assert!(beta_shown);
            std::fs::remove_file(dir.join("reports/d.md")).unwrap();
            write("2025/b.md", report("Beta", "beta", "internal", ""));
            write("2025/c.md", report("Gamma", "gamma", "public", "alpha"));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
