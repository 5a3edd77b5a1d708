//! Reading and checking `retrospect.yaml`.

use super::practice::{self, WorkingHoursFile};
use super::{
    Config, FactorCategoryInfo, IdPattern, IncidentKindInfo, Lints, PersonInfo, PrimeDirective,
    PublicSettings, Reminders, ReviewSettings, RoleInfo, SeverityLevel, Visibility,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::LineIndex;
use crate::time::Zone;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

pub const CONFIG_FILE: &str = "retrospect.yaml";

/// The file as written; every key optional. The JSON Schema of
/// `retrospect.yaml` (`retrospect schema config`) is derived from this type
/// and the types it holds, so the schema and the loader cannot disagree;
/// the doc comments are the schema's descriptions.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "retrospect.yaml",
    description = "The settings of a Retrospect site. Every key is optional; see docs/configuration.md."
)]
pub(crate) struct ConfigFile {
    /// Shown in the site's header and feeds. Default: "Incident reviews".
    title: Option<String>,
    /// A line under the title, and the feed's subtitle. Default: empty.
    description: Option<String>,
    /// Where the public site will live, for feeds and the sitemap, e.g.
    /// "https://status.example.com/incidents/". Default: "/".
    base_url: Option<String>,
    /// Timezone of local times in reports without `timezone:`: an IANA name
    /// (Europe/London) or an offset (+05:30). Default: UTC.
    #[schemars(with = "Option<String>")]
    timezone: Option<Spanned<String>>,
    /// Visibility of reports without `visibility:`. Default: internal, so
    /// that forgetting the key never publishes a report.
    default_visibility: Option<Visibility>,
    /// Pattern of new report ids (`retrospect new`): `{year}` and `{seq}` or
    /// `{seq:N}` (zero-padded to N digits). Default: "INC-{year}-{seq:3}".
    #[schemars(with = "Option<String>")]
    id_pattern: Option<Spanned<String>>,
    /// Severity levels, most severe first; replaces the whole default list
    /// (critical, major, minor, trivial).
    #[schemars(with = "Option<Vec<SeverityLevel>>")]
    severities: Option<Spanned<Vec<Spanned<SeverityLevel>>>>,
    /// People: the handles used in reports, mapped to names and teams.
    people: Option<BTreeMap<String, PersonInfo>>,
    /// What the public audience is shown.
    public: Option<PublicSettings>,
    /// The alarms of each owner's and team's actions.ics: `days_before`
    /// (default 3; 0 for none).
    reminders: Option<Reminders>,
    /// Where the reports' source lives (GitHub, GitLab, Gitea/Forgejo or
    /// patterns): each report links to its source, history and "suggest a
    /// change".
    #[schemars(with = "Option<super::repository::Repository>")]
    repository: Option<Spanned<super::repository::Repository>>,
    /// The level of each lint (warning): off, warn (default) or error.
    lints: Option<Lints>,
    /// Phrases that the blame-language lint (R103) flags, as whole words in
    /// any case; replaces the default list.
    blame_phrases: Option<Vec<String>>,
    /// What counts as an empty section (R051), and as a placeholder left in
    /// a report's title, summary, owners, timeline or actions (R061, R112);
    /// replaces the default list.
    placeholders: Option<Vec<String>>,
    /// Let raw HTML in reports through (sanitised) instead of escaping it.
    /// Default: false.
    allow_raw_html: Option<bool>,
    /// The theme: `default`, or the name of a folder themes/NAME/ of the site.
    /// Default: default.
    theme: Option<String>,
    /// Roles besides the built-in lead, comms, scribe and responder (an
    /// entry named like a built-in one relabels it).
    #[schemars(with = "Option<Vec<RoleInfo>>")]
    roles: Option<Vec<Spanned<RoleInfo>>>,
    /// Kinds of incident besides the built-in unavailable, slow,
    /// broken-functionality, security-vulnerability and data-breach (an
    /// entry named like a built-in one redefines it).
    #[schemars(with = "Option<Vec<IncidentKindInfo>>")]
    incident_kinds: Option<Vec<Spanned<IncidentKindInfo>>>,
    /// Categories of contributing factor besides the built-in change,
    /// capacity, dependency, configuration, monitoring-gap, process,
    /// hardware, security and human-factors (an entry named like a
    /// built-in one redefines it).
    #[schemars(with = "Option<Vec<FactorCategoryInfo>>")]
    factor_categories: Option<Vec<Spanned<FactorCategoryInfo>>>,
    /// When the service is staffed, one entry per time zone; a report says
    /// whether its incident started outside all of them. Default: none.
    #[schemars(with = "Option<Vec<WorkingHoursFile>>")]
    working_hours: Option<Vec<Spanned<WorkingHoursFile>>>,
    /// When reviews are due: the draft `draft_days_before_meeting` (2)
    /// before the meeting, the meeting within `late_after_days` (14) of the
    /// incident, a draft no older than `stale_draft_days` (30).
    reviews: Option<ReviewSettings>,
    /// The retrospective prime directive on every report page.
    prime_directive: Option<PrimeDirective>,
    /// How many rows a long list shows per page (actions, the reports of a
    /// year, severity, service or tag, the reports with actions); the rest
    /// are on `page/2/`, `page/3/`, … below the list's folder. Default: 100.
    #[schemars(range(min = 1))]
    paginate: Option<std::num::NonZeroUsize>,
    /// How many of the newest published reports `feed.xml` holds.
    /// Default: 50.
    #[schemars(range(min = 1))]
    feed_limit: Option<std::num::NonZeroUsize>,
}

/// A configuration larger than this is refused.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Loads `SITE/retrospect.yaml`, or the defaults when there is none.
pub fn load(site: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = crate::load::display_path(&site.join(CONFIG_FILE));
    // Read as reports are: inside the site, a regular file, size-limited.
    let read = match std::fs::symlink_metadata(&path) {
        Err(e) => Err(e),
        Ok(_) => crate::confine::Root::new(site).and_then(|root| {
            root.read(&path, MAX_CONFIG_BYTES)
                .map_err(|refusal| std::io::Error::other(refusal.to_string()))
        }),
    };
    let text = match read {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                return Err(vec![
                    Diagnostic::new(Code::InvalidConfig, "the file is not UTF-8 text")
                        .in_file(&path),
                ]);
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => {
            return Err(vec![
                Diagnostic::new(Code::InvalidConfig, format!("cannot read the file: {e}"))
                    .in_file(&path),
            ]);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    parse(text, &path)
}

/// Parses the text of a configuration file; `path` is for messages.
pub fn parse(text: &str, path: &Path) -> Result<Config, Vec<Diagnostic>> {
    let index = LineIndex::new(text);
    let error_at = |line: u64, column: u64, message: String| {
        let start = index.offset(text, line as usize, column as usize);
        let end = crate::diagnostic::next_char_boundary(text, start);
        Diagnostic::new(Code::InvalidConfig, message)
            .in_file(path)
            .at_span(text, &index, start..end)
    };
    let spanned_error = |location: serde_saphyr::Location, message: String| {
        error_at(location.line().max(1), location.column().max(1), message)
    };
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    let options = serde_saphyr::options! {
        budget: Some(crate::yaml::budget()),
        strict_booleans: true,
        with_snippet: false,
    };
    let file: ConfigFile = match serde_saphyr::from_str_with_options(text, options) {
        Ok(file) => file,
        Err(e) => {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            let mut message = e.without_snippet().to_string();
            if let Some(at) = message.find(" at line ") {
                message.truncate(at);
            }
            return Err(vec![
                error_at(line.max(1), column.max(1), message)
                    .with_help("see docs/configuration.md for every key and its default"),
            ]);
        }
    };

    let mut config = Config::default();
    let mut errors = Vec::new();
    if let Some(v) = file.title {
        config.title = v;
    }
    if let Some(v) = file.description {
        config.description = v;
    }
    if let Some(v) = file.base_url {
        config.base_url = v;
    }
    if let Some(tz) = file.timezone {
        match Zone::parse(&tz.value) {
            Ok(zone) => config.timezone = zone,
            Err(message) => errors.push(spanned_error(tz.referenced, message).with_help(
                "use an IANA name such as `Europe/London`, or an offset such as `+05:30`",
            )),
        }
    }
    if let Some(v) = file.default_visibility {
        config.default_visibility = v;
    }
    if let Some(pattern) = file.id_pattern {
        match IdPattern::parse(&pattern.value) {
            Ok(parsed) => config.id_pattern = parsed,
            Err(message) => errors.push(
                spanned_error(pattern.referenced, message)
                    .with_help("for example `INC-{year}-{seq:3}`"),
            ),
        }
    }
    if let Some(levels) = file.severities {
        if levels.value.is_empty() {
            errors.push(spanned_error(
                levels.referenced,
                "`severities` must list at least one level".into(),
            ));
        }
        let mut seen = HashSet::new();
        for level in &levels.value {
            let name = &level.value.name;
            if !crate::model::Slug::is_valid(name) {
                errors.push(spanned_error(
                    level.referenced,
                    format!("severity name `{name}` must be lowercase letters, digits and hyphens"),
                ));
            } else if !seen.insert(name.clone()) {
                errors.push(spanned_error(
                    level.referenced,
                    format!("severity `{name}` is listed twice"),
                ));
            }
        }
        for level in &levels.value {
            check_paths(
                &level.value.requires.keys,
                (level.referenced, &spanned_error),
                &mut errors,
            );
        }
        config.severities = levels
            .value
            .into_iter()
            .map(|l| {
                let mut level = l.value;
                if level.label.is_empty() {
                    level.label = capitalise(&level.name);
                }
                level
            })
            .collect();
    }
    if let Some(roles) = file.roles {
        for role in &roles {
            check_name(
                "role",
                &role.value.name,
                (role.referenced, &spanned_error),
                &mut errors,
            );
        }
        let roles = roles.into_iter().map(|r| {
            let mut role = r.value;
            if role.label.is_empty() {
                role.label = capitalise(&role.name.replace('-', " "));
            }
            role
        });
        practice::extend(&mut config.roles, roles.collect(), |r| &r.name);
    }
    if let Some(kinds) = file.incident_kinds {
        for kind in &kinds {
            let at = (kind.referenced, &spanned_error as &dyn Fn(_, _) -> _);
            check_name("kind", &kind.value.name, at, &mut errors);
            check_paths(&kind.value.requires, at, &mut errors);
        }
        let kinds = kinds.into_iter().map(|k| {
            let mut kind = k.value;
            if kind.label.is_empty() {
                kind.label = capitalise(&kind.name.replace('-', " "));
            }
            kind
        });
        practice::extend(&mut config.incident_kinds, kinds.collect(), |k| &k.name);
    }
    if let Some(categories) = file.factor_categories {
        for category in &categories {
            let at = (category.referenced, &spanned_error as &dyn Fn(_, _) -> _);
            check_name("factor category", &category.value.name, at, &mut errors);
        }
        let categories = categories.into_iter().map(|c| {
            let mut category = c.value;
            if category.label.is_empty() {
                category.label = capitalise(&category.name.replace('-', " "));
            }
            category
        });
        practice::extend(&mut config.factor_categories, categories.collect(), |c| {
            &c.name
        });
    }
    if let Some(hours) = file.working_hours {
        for entry in hours {
            match entry.value.check(config.timezone) {
                Ok(hours) => config.working_hours.push(hours),
                Err(message) => errors.push(
                    spanned_error(entry.referenced, format!("`working_hours`: {message}"))
                        .with_help("for example `{timezone: Europe/London, days: [mon-fri], start: \"09:00\", end: \"17:30\"}`"),
                ),
            }
        }
    }
    if let Some(v) = file.prime_directive {
        config.prime_directive = v;
        if config.prime_directive.text.trim().is_empty() {
            config.prime_directive.text = practice::PRIME_DIRECTIVE.into();
        }
    }
    if let Some(v) = file.people {
        config.people = v;
    }
    if let Some(v) = file.public {
        config.public = v;
    }
    if let Some(v) = file.reviews {
        config.reviews = v;
    }
    if let Some(v) = file.reminders {
        config.reminders = v;
    }
    if let Some(repository) = file.repository {
        match repository.value.problem() {
            Some(message) => errors.push(spanned_error(repository.referenced, message)),
            None => config.repository = Some(repository.value),
        }
    }
    if let Some(v) = file.lints {
        config.lints = v;
    }
    if let Some(v) = file.blame_phrases {
        config.blame_phrases = v.into_iter().filter(|p| !p.trim().is_empty()).collect();
    }
    if let Some(v) = file.placeholders {
        config.placeholders = v;
    }
    if let Some(v) = file.allow_raw_html {
        config.allow_raw_html = v;
    }
    if let Some(v) = file.theme {
        config.theme = v;
    }
    if let Some(v) = file.paginate {
        config.paginate = v.get();
    }
    if let Some(v) = file.feed_limit {
        config.feed_limit = v.get();
    }
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors)
    }
}

/// A place in `retrospect.yaml`, with the function that makes an error there.
type Located<'a> = (
    serde_saphyr::Location,
    &'a dyn Fn(serde_saphyr::Location, String) -> Diagnostic,
);

/// A role's or a kind's name: what reports write, and a URL.
fn check_name(what: &str, name: &str, at: Located, errors: &mut Vec<Diagnostic>) {
    if !crate::model::Slug::is_valid(name) {
        errors.push((at.1)(
            at.0,
            format!("{what} name `{name}` must be lowercase letters, digits and hyphens"),
        ));
    }
}

/// Key paths a configuration requires must be keys of the format.
fn check_paths(paths: &[String], at: Located, errors: &mut Vec<Diagnostic>) {
    for path in paths.iter().filter(|p| !practice::requirable(p)) {
        errors.push(
            (at.1)(at.0, format!("`{path}` is not a key a report can be required to have"))
                .with_help("give a key of the front matter (`communications`), of `impact` or `review` (`impact.data_lost`), or of `impact.data_lost` (`impact.data_lost.notified`)"),
        );
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(text, Path::new("retrospect.yaml"))
    }

    #[test]
    fn empty_config_is_all_defaults() {
        let config = parse_str("").unwrap();
        assert_eq!(config.severities.len(), 4);
        assert_eq!(config.default_visibility, Visibility::Internal);
        assert_eq!(config.timezone.to_string(), "UTC");
    }

    #[test]
    fn keys_are_read() {
        let config = parse_str(
            "title: Ops\ntimezone: Europe/Paris\npeople:\n  jo: {name: Jo, team: payments}\nlints:\n  blame-language: off\n",
        )
        .unwrap();
        assert_eq!(config.title, "Ops");
        assert_eq!(config.timezone.to_string(), "Europe/Paris");
        assert_eq!(config.people["jo"].team.as_deref(), Some("payments"));
        assert_eq!(config.lints.blame_language, super::super::LintLevel::Off);
    }

    #[test]
    fn unknown_keys_and_bad_values_point_at_their_line() {
        let errors = parse_str("title: Ops\ntitel: x\n").unwrap_err();
        let loc = errors[0].location.as_ref().unwrap();
        assert_eq!(loc.start.line, 2);
        assert!(errors[0].message.contains("titel"), "{}", errors[0].message);

        let errors = parse_str("title: Ops\ntimezone: Mars/Base\n").unwrap_err();
        assert_eq!(errors[0].location.as_ref().unwrap().start.line, 2);
        assert_eq!(errors[0].location.as_ref().unwrap().start.column, 11);

        let errors = parse_str("severities:\n  - name: high\n  - name: high\n").unwrap_err();
        assert!(errors[0].message.contains("listed twice"));
        assert_eq!(errors[0].location.as_ref().unwrap().start.line, 3);
    }
}
