//! The templates: built into the binary, overridable file by file by a
//! site's `templates/` folder. Tera 1.x: the engine Zola runs, stable and
//! documented; a template parse error names the template, line and column.

use std::path::Path;
use tera::Tera;

/// The built-in templates, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("report.html", include_str!("../../templates/report.html")),
    ("actions.html", include_str!("../../templates/actions.html")),
    ("owners.html", include_str!("../../templates/owners.html")),
    (
        "actions_by_report.html",
        include_str!("../../templates/actions_by_report.html"),
    ),
    ("browse.html", include_str!("../../templates/browse.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("404.html", include_str!("../../templates/404.html")),
];

/// Loads the built-in templates with the site's overrides (`SITE/templates/*.html`).
/// Errors name the template and, for syntax errors, the line and column.
pub fn load(site: &Path) -> Result<Tera, String> {
    let mut templates: Vec<(String, String)> = BUILT_IN
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let dir = site.join("templates");
    if dir.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            match templates.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => templates.push((name, text)),
            }
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(templates)
        .map_err(|e| describe(&e, &dir))?;
    Ok(tera)
}

/// Escapes text for HTML: `&`, `<`, `>`, `"` and `'`. Unlike tera's
/// default it leaves `/` alone, so URLs stay readable in the source.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// A tera error with its chain of causes, which hold the template name and
/// the position of syntax errors.
pub fn describe(error: &tera::Error, dir: &Path) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!("\n  {cause}"));
        source = cause.source();
    }
    if dir.is_dir() {
        message.push_str(&format!("\n  (site templates are in {})", dir.display()));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_templates_parse() {
        load(Path::new("/nonexistent")).unwrap();
    }

    #[test]
    fn a_broken_override_names_the_template_and_line() {
        let site = std::env::temp_dir().join(format!("retrospect-tpl-{}", std::process::id()));
        std::fs::create_dir_all(site.join("templates")).unwrap();
        std::fs::write(
            site.join("templates/report.html"),
            "<p>\n{% if %}{% endif %}\n</p>\n",
        )
        .unwrap();
        let error = load(&site).unwrap_err();
        let _ = std::fs::remove_dir_all(&site);
        assert!(error.contains("report.html"), "{error}");
        assert!(error.contains("--> 2:"), "{error}");
    }
}
