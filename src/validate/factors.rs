//! `factors:`, the contributing factors: each a category of the site's
//! (R113 warns about any other, naming the closest) and how it contributed.

use super::practice::require;
use crate::config::Config;
use crate::diagnostic::{Code, FileReporter};
use crate::model::Factor;
use crate::parse::entries::RawEntry;
use crate::parse::fields::closest;

/// The factors of a report. A category the site does not define is kept
/// (a site that turns R113 off uses its own words); a category written
/// twice counts once, the first description kept.
pub(super) fn check(r: &mut FileReporter, raw: &[RawEntry], config: &Config) -> Vec<Factor> {
    let mut out: Vec<Factor> = Vec::with_capacity(raw.len());
    for entry in raw {
        if !require(r, entry, "factor", &["category"]) {
            continue;
        }
        let Some(category) = entry.text("category") else {
            continue;
        };
        if config.factor_category(&category.value).is_none() {
            let names = config.factor_categories.iter().map(|c| c.name.as_str());
            let diagnostic = r.report(
                Code::UnknownFactor,
                category.span.clone(),
                format!(
                    "`{}` is not a category of contributing factor of this site",
                    category.value
                ),
            );
            match closest(&category.value, names.clone()) {
                Some(close) => diagnostic.set_help(format!("did you mean `{close}`?")),
                None => diagnostic.set_help(format!(
                    "known categories: {} (add others under `factor_categories:` in retrospect.yaml)",
                    names.collect::<Vec<_>>().join(", ")
                )),
            };
        }
        if out.iter().any(|f| f.category == category.value) {
            continue;
        }
        out.push(Factor {
            category: category.value.clone(),
            description: entry.string("description"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::diagnostic::{Code, Diagnostic, FileReporter};
    use crate::model::Report;
    use crate::source::SourceFile;

    fn read(factors: &str, config: &Config) -> (Option<Report>, Vec<Diagnostic>) {
        let text = format!(
            "---\ntitle: t\ndate: 2024-03-14\nseverity: trivial\nstatus: draft\n\
             started: \"09:00\"\nfactors:\n{factors}---\nBody.\n"
        );
        let file = SourceFile {
            path: "reports/x.md".into(),
            rel_path: "x.md".into(),
            text,
        };
        let mut reporter = FileReporter::new(&file);
        let rules = crate::validate::Rules::new(config, chrono::NaiveDate::MIN);
        let parsed = crate::parse::parse(&mut reporter, &config.placeholders).unwrap();
        let report = crate::validate::validate(&mut reporter, parsed, &rules);
        (report, reporter.diagnostics)
    }

    #[test]
    fn factors_are_read_as_categories_or_mappings() {
        let (report, problems) = read(
            "  - change\n  - {category: human-factors, description: No preview.}\n  - change\n",
            &Config::default(),
        );
        assert!(problems.is_empty(), "{problems:?}");
        let factors = report.unwrap().factors;
        let read: Vec<(&str, Option<&str>)> = factors
            .iter()
            .map(|f| (f.category.as_str(), f.description.as_deref()))
            .collect();
        assert_eq!(
            read,
            [("change", None), ("human-factors", Some("No preview."))]
        );
    }

    #[test]
    fn an_unknown_category_is_a_warning_naming_the_closest_and_is_kept() {
        let (report, problems) = read("  - {category: capacty}\n", &Config::default());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, Code::UnknownFactor);
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean `capacity`?")
        );
        assert_eq!(report.unwrap().factors[0].category, "capacty");

        let mut config = Config::default();
        config
            .factor_categories
            .push(crate::config::FactorCategoryInfo {
                name: "capacty".into(),
                label: "Capacty".into(),
                description: String::new(),
            });
        assert!(read("  - capacty\n", &config).1.is_empty());
    }

    #[test]
    fn a_factor_without_a_category_is_an_error() {
        let (_, problems) = read("  - {description: Something.}\n", &Config::default());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, Code::MissingKey);
    }
}
