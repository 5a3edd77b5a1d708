//! Reviews on time: a review dated before the incident (R060), a published
//! report whose review came late (R110) and a draft left for long (R111),
//! with their days in `reviews:` of retrospect.yaml; and placeholders left
//! in a report's title, summary, owners, timeline or actions: an error in
//! a published report (R061), a warning in a draft or a report in review
//! (R112). The placeholders are `placeholders:` of retrospect.yaml, the
//! list that also says when a section is empty (R051), and the guidance
//! text of the site's report templates ([`super::guidance`]).

use super::Rules;
use super::guidance::{guidance_in, holds_word};
use crate::diagnostic::{Code, FileReporter};
use crate::model::{Sp, Status};
use crate::parse::FrontMatter;

/// The review rules of one report.
pub fn check(r: &mut FileReporter, fm: &FrontMatter, rules: &Rules) {
    let (Some(date), Some(status)) = (&fm.date, &fm.status) else {
        return;
    };
    let settings = &rules.config.reviews;
    if let Some(review) = fm.review.as_ref().and_then(|rv| rv.date.as_ref()) {
        let days = (review.value - date.value).num_days();
        if days < 0 {
            r.report(
                Code::ReviewBeforeIncident,
                review.span.clone(),
                format!(
                    "the review is dated {}, {} before the incident ({})",
                    review.value,
                    crate::diagnostic::plural(days.unsigned_abs() as usize, "day", "days"),
                    date.value
                ),
            )
            .set_help("a review looks back at an incident: check the year and month of both dates");
        } else if status.value == Status::Published && days > i64::from(settings.late_after_days) {
            r.report(
                Code::LateReview,
                review.span.clone(),
                format!(
                    "the review was held {days} days after the incident; reviews are due within {}",
                    settings.late_after_days
                ),
            )
            .set_help(
                "hold the review while memories are fresh, about a week after the incident; \
                 `reviews.late_after_days` in retrospect.yaml sets the limit",
            );
        }
    }
    if status.value == Status::Draft {
        let age = (rules.today - date.value).num_days();
        if age > i64::from(settings.stale_draft_days) {
            r.report(
                Code::StaleDraft,
                status.span.clone(),
                format!("this report is still a draft {age} days after the incident"),
            )
            .set_help(format!(
                "finish it and hold the review, or set `status: in-review`; drafts older than {} \
                 days are flagged (`reviews.stale_draft_days` in retrospect.yaml)",
                settings.stale_draft_days
            ));
        }
    }
    check_placeholders(r, fm, status.value, rules);
}

/// Each field holding a placeholder, once.
fn check_placeholders(r: &mut FileReporter, fm: &FrontMatter, status: Status, rules: &Rules) {
    let mut fields: Vec<(&str, &Sp<String>)> = Vec::new();
    fields.extend(fm.title.as_ref().map(|t| ("the title", t)));
    fields.extend(fm.summary.as_ref().map(|s| ("the summary", s)));
    if let Some(timeline) = &fm.timeline {
        fields.extend(
            timeline
                .value
                .iter()
                .filter_map(|e| e.event.as_ref().map(|ev| ("a timeline event", ev))),
        );
    }
    if let Some(actions) = &fm.actions {
        for action in &actions.value {
            fields.extend(action.title.as_ref().map(|t| ("an action's title", t)));
            fields.extend(action.owner.as_ref().map(|o| ("an action's owner", o)));
        }
    }
    let (code, help) = if status == Status::Published {
        (
            Code::Placeholder,
            "a published report is read as final: write what is known, or move it back to \
             `status: in-review`",
        )
    } else {
        (
            Code::DraftPlaceholder,
            "fill it in before the report is published, when it becomes an error",
        )
    };
    for (what, field) in fields {
        if let Some(found) = rules.placeholders.find(&field.value) {
            r.report(
                code,
                field.span.clone(),
                format!("{what} still holds the placeholder `{found}`"),
            )
            .set_help(help);
        } else if let Some(found) = guidance_in(&field.value, &rules.guidance) {
            r.report(
                code,
                field.span.clone(),
                format!(
                    "{what} still holds the report template's guidance \"{}\"",
                    found.text
                ),
            )
            .set_help(format!(
                "write what is known in place of the template's guidance; {help}"
            ));
        }
    }
}

/// `placeholders:` of retrospect.yaml, each sorted once into how it is
/// looked for ([`Placeholders::find`]): working that out again for every
/// field (a lowercased copy of each placeholder, for each of the fifty or
/// so fields of a report) was 4% of `check`.
#[derive(Debug, Clone)]
pub struct Placeholders {
    /// The list as written, for [`crate::parse::body::is_placeholder_only`].
    list: Vec<String>,
    /// Each placeholder in the list's order, with how it is found.
    kinds: Vec<(usize, Kind)>,
}

#[derive(Debug, Clone)]
enum Kind {
    /// Punctuation alone (`...`): only when the text is nothing else; its
    /// searcher made once (`str::contains` makes one on every call).
    Punctuation(Box<memchr::memmem::Finder<'static>>),
    /// No lowercase letter (`TODO`): a whole word, in capitals.
    Capitals,
    /// Lowercase letters (`lorem ipsum`): a whole word in any case; the
    /// placeholder lowercased.
    AnyCase(String),
}

impl Placeholders {
    pub fn new(list: &[String]) -> Placeholders {
        let kinds = list
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.trim().is_empty())
            .map(|(at, p)| {
                let kind = if !p.chars().any(char::is_alphanumeric) {
                    Kind::Punctuation(Box::new(
                        memchr::memmem::Finder::new(p.as_bytes()).into_owned(),
                    ))
                } else if !p.chars().any(char::is_lowercase) {
                    Kind::Capitals
                } else {
                    Kind::AnyCase(p.to_lowercase())
                };
                (at, kind)
            })
            .collect();
        Placeholders {
            list: list.to_vec(),
            kinds,
        }
    }

    /// The first placeholder that `text` holds, if any: a placeholder with
    /// letters as a whole word (in capitals, such as `TODO`, only in
    /// capitals, so that "todo list" is not one; otherwise in any case,
    /// such as `lorem ipsum`), and one of punctuation alone (`...`) only
    /// when the text is nothing else.
    pub fn find(&self, text: &str) -> Option<&str> {
        if text.trim().is_empty() {
            return None;
        }
        // Worked out once, and only when a placeholder needs them.
        let only = std::cell::OnceCell::new();
        let lowercase = std::cell::OnceCell::new();
        self.kinds
            .iter()
            .find(|(at, kind)| {
                let p = &self.list[*at];
                match kind {
                    Kind::Punctuation(finder) => {
                        finder.find(text.as_bytes()).is_some()
                            && *only.get_or_init(|| {
                                crate::parse::body::is_placeholder_only(text, &self.list)
                            })
                    }
                    Kind::Capitals => holds_word(text, p),
                    // ASCII text lowercases to itself byte for byte: the
                    // same matches without the lowercased copy.
                    Kind::AnyCase(lower) if text.is_ascii() => {
                        holds_word_ignoring_ascii_case(text, lower)
                    }
                    Kind::AnyCase(lower) => {
                        holds_word(lowercase.get_or_init(|| text.to_lowercase()), lower)
                    }
                }
            })
            .map(|(at, _)| self.list[*at].as_str())
    }
}

/// [`holds_word`] of an ASCII text's lowercased copy and `lower`, a
/// lowercase needle, without the copy: matches found from the needle's
/// first byte in either case, as [`holds_word`] finds them.
fn holds_word_ignoring_ascii_case(ascii: &str, lower: &str) -> bool {
    let (bytes, needle) = (ascii.as_bytes(), lower.as_bytes());
    let Some(&first) = needle.first() else {
        return holds_word(ascii, lower);
    };
    if !lower.is_ascii() {
        return false;
    }
    let word = |at: usize, len: usize| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + len).copied();
        !before.is_some_and(|b| b.is_ascii_alphanumeric())
            && !after.is_some_and(|b| b.is_ascii_alphanumeric())
    };
    let mut from = 0;
    while let Some(i) = memchr::memchr2(first, first.to_ascii_uppercase(), &bytes[from..]) {
        let at = from + i;
        if bytes.len() - at >= needle.len()
            && bytes[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
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
    use super::Placeholders;

    #[test]
    fn ascii_text_finds_what_its_lowercased_copy_finds() {
        let texts = [
            "Fill in later",
            "fill-in",
            "refill in",
            "FILL IN",
            "a fill inx",
            "x fill in",
            "fill infill in",
            "",
            "fi",
        ];
        for text in texts {
            for needle in ["fill in", "lorem ipsum", "f", "é"] {
                assert_eq!(
                    super::holds_word_ignoring_ascii_case(text, needle),
                    super::holds_word(&text.to_lowercase(), needle),
                    "{text:?} {needle:?}"
                );
            }
        }
    }

    #[test]
    fn placeholders_are_whole_words_and_capitals_stay_capitals() {
        let list = Placeholders::new(&crate::config::Config::default().placeholders);
        for (text, found) in [
            ("TODO", Some("TODO")),
            ("Checkout was slow (TBD how long)", Some("TBD")),
            ("Owner: XXX", Some("XXX")),
            ("Lorem ipsum dolor", Some("lorem ipsum")),
            ("...", Some("...")),
            ("Fix the todo list", None),
            ("TODOS are not TODO-ish", Some("TODO")),
            ("Restarted... then recovered", None),
            ("MAXXXIMUM", None),
            ("", None),
        ] {
            assert_eq!(list.find(text), found, "{text:?}");
        }
    }
}
