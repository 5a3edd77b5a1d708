//! The templates: built into the binary, overridable file by file by a
//! site's `templates/` folder. Tera 1.x: the engine Zola runs, stable and
//! documented; a template parse error names the template, line and column.

use crate::error::{Error, ErrorKind};
use std::path::Path;
use tera::Tera;

/// The built-in templates, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("report.html", include_str!("../../templates/report.html")),
    ("agenda.html", include_str!("../../templates/agenda.html")),
    ("actions.html", include_str!("../../templates/actions.html")),
    ("owners.html", include_str!("../../templates/owners.html")),
    (
        "actions_by_report.html",
        include_str!("../../templates/actions_by_report.html"),
    ),
    ("browse.html", include_str!("../../templates/browse.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("metrics.html", include_str!("../../templates/metrics.html")),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "action_row.html",
        include_str!("../../templates/action_row.html"),
    ),
    (
        "report_row.html",
        include_str!("../../templates/report_row.html"),
    ),
    ("header.html", include_str!("../../templates/header.html")),
    ("footer.html", include_str!("../../templates/footer.html")),
    (SUMMARY, include_str!("../../templates/summary.md")),
];

/// The summary for stakeholders' template, built in and overridable
/// (`render::summary`).
pub const SUMMARY: &str = "summary.md";

/// A template larger than this is refused.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// Loads the built-in templates with the site's overrides
/// (`SITE/templates/*.html` and `SITE/templates/summary.md`).
/// Errors name the template and, for syntax errors, the line and column.
pub fn load(site: &Path) -> Result<Tera, Error> {
    load_templates(site).map_err(|e| {
        Error::new(
            e.kind(),
            format!("a template has an error: {}", e.message()),
        )
    })
}

fn load_templates(site: &Path) -> Result<Tera, Error> {
    let mut templates: Vec<(String, String)> = BUILT_IN
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let dir = site.join("templates");
    if dir.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| Error::io(format!("cannot read {}: {e}", dir.display())))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            // Pages and fragments, and the summary for stakeholders.
            .filter(|p| {
                p.extension().is_some_and(|e| e == "html")
                    || p.file_name().is_some_and(|n| n == SUMMARY)
            })
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            let text = crate::confine::read_text(&dir, &path, MAX_TEMPLATE_BYTES)?;
            match templates.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => {
                    slot.1 = text;
                    // Noted, for `built_in`.
                    templates.push((format!("{OVERRIDDEN}{name}"), String::new()));
                }
                None => templates.push((name, text)),
            }
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(templates)
        .map_err(|e| Error::new(ErrorKind::Template, describe(&e, &dir)))?;
    Ok(tera)
}

/// Names an empty template that marks a built-in template the site
/// overrides (no file name can start with NUL).
const OVERRIDDEN: &str = "\0overridden/";

/// The built-in templates that the site's `templates/` replaces.
pub fn overridden(tera: &Tera) -> impl Iterator<Item = &str> {
    tera.get_template_names()
        .filter_map(|t| t.strip_prefix(OVERRIDDEN))
}

/// Whether every one of these templates is the built-in one, not a site's.
pub fn built_in(tera: &Tera, names: &[&str]) -> bool {
    !overridden(tera).any(|name| names.contains(&name))
}

/// Escapes text for HTML: `&`, `<`, `>`, `"` and `'`. Unlike tera's
/// default it leaves `/` alone, so URLs stay readable in the source.
/// Tera calls it for every value a template prints.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 16);
    // Writing to a string cannot fail.
    let _ = write_escaped(&mut out, input);
    out
}

/// `escape_html`, written to `out`: tera's pages and the compiled ones
/// (`compiled::Escape`) escape alike. It copies the runs between special
/// characters whole rather than character by character, and finds them
/// eight bytes at a time ([`next_special`]): most values have none.
pub(super) fn write_escaped<W: std::fmt::Write>(mut out: W, input: &str) -> std::fmt::Result {
    let bytes = input.as_bytes();
    let mut start = 0;
    while let Some(i) = next_special(bytes, start) {
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#x27;",
        };
        // The special characters are ASCII: `i` is a character boundary.
        out.write_str(&input[start..i])?;
        out.write_str(entity)?;
        start = i + 1;
    }
    out.write_str(&input[start..])
}

/// The index of the first of `&<>"'` in `bytes` at or after `from`.
/// Eight bytes at a time: a byte of the word equal to one of them is a
/// zero byte of the word XORed with that character repeated, and the
/// classic test `(x - 0x01…) & !x & 0x80…` sets the high bit of the
/// lowest zero byte exactly (the borrow it may set above it is past it).
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let found = [b'&', b'<', b'>', b'"', b'\''].iter().fold(0, |found, &c| {
            found | zero_bytes(word ^ (ONES * u64::from(c)))
        });
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    let i = rest
        .iter()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))?;
    Some(at + i)
}

/// A tera error with its chain of causes, which hold the template name and
/// the position of syntax errors.
pub fn describe(error: &tera::Error, dir: &Path) -> String {
    let mut message = crate::error::tera_message(error);
    if dir.is_dir() {
        message.push_str(&format!("\n  (site templates are in {})", dir.display()));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_special_character_at_every_offset_of_a_word() {
        // Against the plain byte-by-byte search, at every position of the
        // first and second words and the tail, with specials before and
        // after and bytes whose XOR with a special is 0x01 or 0x80 (the
        // values that would fool a careless zero-byte test).
        let fillers = [
            "a",
            "'",
            "é",
            "\u{7f}",
            "\u{27}\u{26}",
            "%",
            "=",
            "?",
            "\u{a6}",
        ];
        for len in 0..20 {
            for at in 0..len {
                for special in ["&", "<", ">", "\"", "'"] {
                    for filler in fillers {
                        let mut text: String = filler.repeat(len);
                        text.truncate(text.floor_char_boundary(len));
                        let at = text.floor_char_boundary(at);
                        text.insert_str(at, special);
                        let slow = |from: usize| {
                            text.bytes()
                                .enumerate()
                                .skip(from)
                                .find(|(_, b)| b"&<>\"'".contains(b))
                                .map(|(i, _)| i)
                        };
                        for from in 0..=text.len() {
                            assert_eq!(
                                next_special(text.as_bytes(), from),
                                slow(from),
                                "{text:?} {from}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn escapes_the_five_characters_and_nothing_else() {
        assert_eq!(
            escape_html("a<b>&\"c\" 'd' / é€"),
            "a&lt;b&gt;&amp;&quot;c&quot; &#x27;d&#x27; / é€"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("<"), "&lt;");
    }

    #[test]
    fn built_in_templates_parse() {
        let tera = load(Path::new("/nonexistent")).unwrap();
        assert!(built_in(&tera, &["actions.html", "base.html"]));
    }

    #[test]
    fn overrides_are_known() {
        let site = std::env::temp_dir().join(format!("retrospect-ovr-{}", std::process::id()));
        std::fs::create_dir_all(site.join("templates")).unwrap();
        std::fs::write(
            site.join("templates/base.html"),
            "{% block content %}{% endblock content %}",
        )
        .unwrap();
        std::fs::write(site.join("templates/extra.html"), "x").unwrap();
        let tera = load(&site).unwrap();
        let _ = std::fs::remove_dir_all(&site);
        assert!(!built_in(&tera, &["actions.html", "base.html"]));
        assert!(built_in(&tera, &["actions.html", "macros.html"]));
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
        let error = load(&site).unwrap_err().to_string();
        let _ = std::fs::remove_dir_all(&site);
        assert!(error.contains("report.html"), "{error}");
        assert!(error.contains("--> 2:"), "{error}");
    }
}
