//! The guidance text of a site's own report templates
//! (`templates/report.md`, `templates/report-SEVERITY.md`): what a report
//! made by `retrospect new` holds in its title, summary, timeline events or
//! actions before anyone has written a word. Left in a report, it is a
//! placeholder (R061 in a published report, R112 in a draft), like `TODO`.
//!
//! A template is read as `new` uses it: rendered, with markers for the
//! values `new` fills in (title, id, slug, severity), then parsed as a
//! report. Each text of those fields that holds no marker is guidance.
//! The built-in template has none: its guidance is in YAML and HTML
//! comments, and its sections hold `TODO`, already a placeholder.

use crate::config::Config;
use crate::diagnostic::FileReporter;
use crate::draft::Draft;
use crate::model::Slug;
use crate::source::SourceFile;
use std::path::Path;

/// What `new` would have filled in: a value holding it is not guidance.
const MARKER: &str = "retrospect-template-value";

/// One template's guidance text, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guidance {
    pub text: String,
    /// `text` with runs of white space made one space, in lower case: what
    /// is matched.
    folded: String,
}

impl Guidance {
    pub fn new(text: &str) -> Guidance {
        Guidance {
            text: text.trim().to_string(),
            folded: fold(text),
        }
    }
}

fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The guidance of every report template of the site in `site`, in the
/// order of their file names, each text once. A site without templates
/// has none, and so has a template that cannot be read or rendered
/// (`retrospect new` says what is wrong with it).
pub fn of_site(site: &Path, config: &Config) -> Vec<Guidance> {
    let folder = site.join("templates");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| {
            name == "report.md" || (name.starts_with("report-") && name.ends_with(".md"))
        })
        .collect();
    names.sort();
    let mut found: Vec<Guidance> = Vec::new();
    for name in names {
        let path = folder.join(&name);
        let Ok(text) = crate::confine::read_text(&folder, &path, crate::load::MAX_REPORT_BYTES)
        else {
            continue;
        };
        for guidance in of_template(&text, &name, config) {
            if !found.iter().any(|g| g.folded == guidance.folded) {
                found.push(guidance);
            }
        }
    }
    found
}

/// The guidance of one template.
pub fn of_template(template: &str, name: &str, config: &Config) -> Vec<Guidance> {
    let draft = Draft {
        title: MARKER.into(),
        id: MARKER.into(),
        date: chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date"),
        severity: MARKER.into(),
        slug: Slug::parse(MARKER).expect("a slug"),
    };
    let Ok(text) = crate::draft::render(template, name, &draft, config) else {
        return Vec::new();
    };
    let file = SourceFile {
        path: name.into(),
        rel_path: name.into(),
        text,
    };
    let mut reporter = FileReporter::new(&file);
    let Some(parsed) = crate::parse::parse(&mut reporter, &config.placeholders) else {
        return Vec::new();
    };
    let fm = parsed.front;
    let mut texts: Vec<String> = Vec::new();
    texts.extend(fm.title.map(|t| t.value));
    texts.extend(fm.summary.map(|s| s.value));
    for entry in fm.timeline.map(|t| t.value).unwrap_or_default() {
        texts.extend(entry.event.map(|e| e.value));
    }
    for action in fm.actions.map(|a| a.value).unwrap_or_default() {
        texts.extend(action.title.map(|t| t.value));
        texts.extend(action.owner.map(|o| o.value));
    }
    texts
        .iter()
        .filter(|t| !t.trim().is_empty() && !t.to_lowercase().contains(MARKER))
        .map(|t| Guidance::new(t))
        .collect()
}

/// The first guidance that `text` holds, if any: its words, in any case
/// and spacing, with no letter or digit right before or after them (a
/// guidance of punctuation alone only when the text is nothing else).
pub fn guidance_in<'g>(text: &str, guidance: &'g [Guidance]) -> Option<&'g Guidance> {
    if guidance.is_empty() {
        return None;
    }
    let text = fold(text);
    guidance.iter().find(|g| {
        if !g.folded.chars().any(char::is_alphanumeric) {
            return text == g.folded;
        }
        holds_word(&text, &g.folded)
    })
}

/// Whether `haystack` holds `needle` with no letter or digit right before
/// or after it.
pub fn holds_word(haystack: &str, needle: &str) -> bool {
    let word = |at: usize, len: usize| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + len..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    if needle.is_empty() {
        return haystack.match_indices(needle).any(|(at, _)| word(at, 0));
    }
    // Leftmost matches that do not overlap, as `match_indices` finds them,
    // found from the needle's first byte: setting up a substring searcher
    // on every call cost more than the search in these short texts.
    // Matches of a non-empty needle start and end on character boundaries.
    let (bytes, first) = (haystack.as_bytes(), needle.as_bytes()[0]);
    let mut from = 0;
    while let Some(i) = memchr::memchr(first, &bytes[from..]) {
        let at = from + i;
        if bytes[at..].starts_with(needle.as_bytes()) {
            if word(at, needle.len()) {
                return true;
            }
            from = at + needle.len();
        } else {
            from = at + 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(template: &str) -> Vec<String> {
        of_template(template, "report.md", &Config::default())
            .into_iter()
            .map(|g| g.text)
            .collect()
    }

    #[test]
    fn guidance_is_the_fields_new_leaves_as_the_template_wrote_them() {
        let template = "---\ntitle: {{ title | yaml }}\nseverity: {{ severity }}\nsummary: >\n  \
                        One paragraph for a reader\n  who was not there.\ntimeline:\n  - at: \"09:00\"\n    \
                        event: \"What was seen first, by whom\"\n  - at: \"09:10\"\n    event: \"{{ title }} began\"\n\
                        actions:\n  - title: An action to agree\n    owner: \"@owner\"\n    due: 2024-01-01\n\
                        status: draft\n---\n\n## What happened\n\nDescribe it.\n";
        assert_eq!(
            texts(template),
            [
                "One paragraph for a reader who was not there.",
                "What was seen first, by whom",
                "An action to agree",
                "@owner"
            ]
        );
    }

    #[test]
    fn the_built_in_template_and_broken_ones_have_none() {
        assert_eq!(texts(crate::draft::BUILT_IN_TEMPLATE), Vec::<String>::new());
        assert_eq!(texts("---\ntitle: {% if %}\n---\n"), Vec::<String>::new());
        assert_eq!(texts("no front matter"), Vec::<String>::new());
    }

    #[test]
    fn guidance_matches_as_whole_words_in_any_case_and_spacing() {
        let list = [
            Guidance::new("One paragraph for a reader who was not there."),
            Guidance::new("@owner"),
        ];
        let found = |text: &str| guidance_in(text, &list).map(|g| g.text.as_str());
        assert_eq!(
            found("one paragraph   for a reader\nwho was not there."),
            Some("One paragraph for a reader who was not there.")
        );
        assert_eq!(found("@owner"), Some("@owner"));
        // As `match_indices` finds them: leftmost, not overlapping.
        assert!(!holds_word("XXX", "XX"));
        assert!(!holds_word("ax-x-x ", "x-x"));
        assert!(holds_word("a x-x", "x-x"));
        assert!(holds_word("é TODO.", "TODO"));
        assert!(!holds_word("TODOS", "TODO"));
        assert_eq!(found("@owners"), None);
        assert_eq!(found("A paragraph for a reader"), None);
        assert_eq!(guidance_in("anything", &[]), None);
        let dash = [Guidance::new("-")];
        assert_eq!(guidance_in("a - b", &dash), None);
        assert!(guidance_in(" - ", &dash).is_some());
    }
}
