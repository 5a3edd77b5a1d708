//! A new report's text: the report template (the site's
//! `templates/report-SEVERITY.md`, else its `templates/report.md`, else the
//! built-in one) filled in with a title, an
//! id, a date and a severity; the next free id and the slugs already taken.
//! `retrospect new` writes one; `retrospect init` writes the sample report.

use crate::config::Config;
use crate::error::{Error, ErrorKind};
use crate::model::Slug;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

/// The built-in report template: every key, with short guidance.
pub const BUILT_IN_TEMPLATE: &str = include_str!("../templates/report.md");

/// Where a site keeps its own report template.
pub const SITE_TEMPLATE: &str = "templates/report.md";

/// The longest slug made from a title; a longer title is cut at a word.
const TITLE_SLUG_MAX: usize = 60;

/// What goes into a new report.
#[derive(Debug, Clone)]
pub struct Draft {
    pub title: String,
    pub id: String,
    pub date: NaiveDate,
    pub severity: String,
    pub slug: Slug,
}

impl Draft {
    /// The file's path relative to `reports/`: `YYYY-MM-DD-slug.md`.
    pub fn file_name(&self) -> String {
        format!("{}-{}.md", self.date.format("%Y-%m-%d"), self.slug)
    }
}

/// A report of the site, as far as a new report must not clash with it.
#[derive(Debug, Clone)]
pub struct Existing {
    pub path: PathBuf,
    pub id: Option<String>,
    pub slug: Option<String>,
}

/// The ids and slugs of the site's reports, read without parsing their
/// YAML (as `check FILE…` reads the reports it does not check). A site
/// without `reports/` has none.
pub fn existing(site: &Path) -> Vec<Existing> {
    let Ok(files) = crate::load::discover(site) else {
        return Vec::new();
    };
    files
        .reports
        .into_iter()
        .map(|(path, rel)| {
            let text = crate::load::read_report(&path, &rel)
                .map(|file| file.text)
                .unwrap_or_default();
            let (id, slug, _) = crate::parse::scan::scan_identity(&text);
            let slug = slug.or_else(|| {
                let stem = Path::new(&rel).file_stem()?.to_string_lossy().into_owned();
                Some(Slug::stem_without_date(&stem).to_string())
            });
            Existing { path, id, slug }
        })
        .collect()
}

/// The id after the highest of the site's ids for `date`'s year.
pub fn next_id(config: &Config, date: NaiveDate, existing: &[Existing]) -> String {
    config
        .id_pattern
        .next(date.year(), existing.iter().filter_map(|e| e.id.as_deref()))
}

/// A slug made from a title: lowercase ASCII words joined by hyphens, cut
/// at a word boundary to at most 60 characters. `None` when the title has
/// no letters or digits to make one from.
pub fn slug_from_title(title: &str) -> Option<Slug> {
    let full = Slug::suggest(title);
    let mut slug = String::new();
    for word in full.split('-').filter(|w| !w.is_empty()) {
        let extra = if slug.is_empty() { 0 } else { 1 } + word.len();
        if slug.len() + extra > TITLE_SLUG_MAX {
            if slug.is_empty() {
                slug.push_str(&word[..TITLE_SLUG_MAX]);
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    Slug::parse(&slug)
}

/// The site's template for `severity` (`templates/report-SEVERITY.md`),
/// else its template (`templates/report.md`), and where it is; else the
/// built-in one.
pub fn template(site: &Path, severity: &str) -> Result<(String, Option<PathBuf>), Error> {
    // A severity is a slug (lowercase letters, digits, hyphens), so the
    // name stays in templates/.
    let per_severity = format!("templates/report-{severity}.md");
    let candidates = [per_severity.as_str(), SITE_TEMPLATE];
    for candidate in candidates {
        let path = crate::load::display_path(&site.join(candidate));
        match std::fs::symlink_metadata(&path) {
            Ok(_) => {
                let folder = path.parent().unwrap_or(site);
                let text = crate::confine::read_text(folder, &path, crate::load::MAX_REPORT_BYTES)?;
                return Ok((text, Some(path)));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("cannot read {}: {e}", path.display()))),
        }
    }
    Ok((BUILT_IN_TEMPLATE.to_string(), None))
}

/// Fills in a template (tera syntax). Variables: `title`, `id`, `date`,
/// `year`, `timezone`, `severity`, `severities`, `kinds`, `roles`,
/// `visibility`, `slug`; the
/// filter `yaml` quotes a value for the front matter. `name` is for errors.
pub fn render(template: &str, name: &str, draft: &Draft, config: &Config) -> Result<String, Error> {
    let failed = |e: tera::Error| Error::new(ErrorKind::Template, crate::error::tera_message(&e));
    let mut tera = tera::Tera::default();
    tera.autoescape_on(Vec::new());
    tera.register_filter("yaml", yaml_filter);
    tera.add_raw_template(name, template).map_err(failed)?;
    let mut context = tera::Context::new();
    context.insert("title", &draft.title);
    context.insert("id", &draft.id);
    context.insert("date", &draft.date.format("%Y-%m-%d").to_string());
    context.insert("year", &draft.date.year());
    context.insert("timezone", &config.timezone.to_string());
    context.insert("severity", &draft.severity);
    let severities: Vec<&str> = config.severities.iter().map(|l| l.name.as_str()).collect();
    context.insert("severities", &severities);
    let kinds: Vec<&str> = config
        .incident_kinds
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    context.insert("kinds", &kinds);
    let roles: Vec<&str> = config.roles.iter().map(|r| r.name.as_str()).collect();
    context.insert("roles", &roles);
    context.insert("visibility", config.default_visibility.as_str());
    context.insert("slug", draft.slug.as_str());
    tera.render(name, &context).map_err(failed)
}

/// `{{ title | yaml }}`: a string as a YAML double-quoted scalar (JSON's
/// string syntax is a subset of it), so any title is safe in front matter.
fn yaml_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = match value {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(
        serde_json::to_string(&text).expect("a string serialises"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_titles_are_short_and_valid() {
        let slug = |t: &str| slug_from_title(t).map(|s| s.to_string());
        assert_eq!(
            slug("Checkout errors after the 14:00 deploy"),
            Some("checkout-errors-after-the-14-00-deploy".into())
        );
        assert_eq!(slug("Café: 5xx!"), Some("cafe-5xx".into()));
        assert_eq!(slug("!!!"), None);
        let long = slug(&"word ".repeat(30)).unwrap();
        assert!(
            long.len() <= TITLE_SLUG_MAX && !long.ends_with('-'),
            "{long}"
        );
        let one_long_word = slug(&"x".repeat(80)).unwrap();
        assert_eq!(one_long_word.len(), TITLE_SLUG_MAX);
    }

    #[test]
    fn the_built_in_template_quotes_any_title() {
        let config = Config::default();
        let draft = Draft {
            title: "DNS: \"#1\" outage\n — 'quoted' {{ braces }}".into(),
            id: "INC-2026-001".into(),
            date: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
            severity: "major".into(),
            slug: Slug::parse("dns").unwrap(),
        };
        let text = render(BUILT_IN_TEMPLATE, "report.md", &draft, &config).unwrap();
        let parts = crate::parse::split::split(&text).unwrap();
        let tree = crate::yaml::parse(&text[parts.front_matter]).unwrap();
        let json = crate::parse::fields::to_json(&tree);
        assert_eq!(json["title"], serde_json::json!(draft.title));
        assert_eq!(json["id"], serde_json::json!("INC-2026-001"));
        assert_eq!(json["status"], serde_json::json!("draft"));
    }

    #[test]
    fn template_errors_name_the_template_and_line() {
        let draft = Draft {
            title: "t".into(),
            id: "x".into(),
            date: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
            severity: "major".into(),
            slug: Slug::parse("t").unwrap(),
        };
        let error = render(
            "---\ntitle: {{ title }}\n{% if %}\n",
            "templates/report.md",
            &draft,
            &Config::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("templates/report.md"), "{error}");
        assert!(error.contains("3:"), "{error}");
    }
}
