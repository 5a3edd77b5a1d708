//! Lints that make a review weaker without making it wrong. Unknown keys
//! are found while parsing and overdue actions while validating actions;
//! blame-laden wording and a single "root cause" are found here.

use crate::diagnostic::{Code, FileReporter};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// Finds the configured blame-laden phrases as whole words, ignoring case.
pub struct BlameMatcher {
    automaton: AhoCorasick,
    phrases: Vec<String>,
}

impl BlameMatcher {
    pub fn new(phrases: &[String]) -> Option<Self> {
        let phrases: Vec<String> = phrases
            .iter()
            .map(|p| p.trim().to_lowercase())
            .filter(|p| !p.is_empty())
            .collect();
        if phrases.is_empty() {
            return None;
        }
        // Case-sensitive, over text with its ASCII letters lowercased
        // ([`BlameMatcher::find`]): the same matches as ignoring ASCII case
        // (the phrases are lowercase; other bytes match as they are), and
        // aho-corasick can then skip ahead with its SIMD prefilter, which
        // it has no case-insensitive form of (it read the files byte by
        // byte, 5% of `check`).
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&phrases)
            .ok()?;
        Some(BlameMatcher { automaton, phrases })
    }

    /// Every whole-word occurrence in `text`, as byte ranges and phrases.
    pub fn find<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, &'t str)> + 't {
        let lowercase = text.as_bytes().to_ascii_lowercase();
        let matches: Vec<_> = self.automaton.find_iter(&lowercase).collect();
        matches.into_iter().filter_map(move |m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            (!is_word(before) && !is_word(after))
                .then(|| (m.range(), self.phrases[m.pattern().as_usize()].as_str()))
        })
    }

    /// Warns about each occurrence in the file, front matter and body alike.
    pub fn check(&self, r: &mut FileReporter) {
        let hits: Vec<_> = self
            .find(&r.file.text)
            .map(|(range, phrase)| (range, phrase.to_string()))
            .collect();
        for (range, phrase) in hits {
            r.report(Code::BlameLanguage, range, format!("\"{phrase}\" assigns blame to people"))
                .set_help("describe what happened and why it made sense at the time: the conditions, not the person");
        }
    }
}

/// R109: "root cause" (or "root-cause"), as whole words, anywhere in the
/// file: a heading `## Root cause`, "the root cause was…". The plural
/// ("root causes") already says there was more than one, and is left alone.
pub fn check_root_cause(r: &mut FileReporter) {
    let hits = root_cause(&r.file.text);
    for range in hits {
        let found = r.file.text[range.clone()].to_string();
        r.report(
            Code::RootCause,
            range,
            format!("\"{found}\" names a single cause"),
        )
        .set_help("incidents have several contributing factors, each a place to improve; one root cause hides the others and invites blame: list them under `## Contributing factors`");
    }
}

/// Where `text` says "root cause" (one space or a hyphen between, any case)
/// as whole words, not followed by more letters ("causes", "caused").
fn root_cause(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    // Each "root" in any ASCII case is a candidate (an `r` stopped the
    // search at every few letters of prose); "root" cannot overlap itself.
    let lowercase = bytes.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    for start in memchr::memmem::find_iter(&lowercase, b"root") {
        if start < at {
            continue;
        }
        at = start + 1;
        let end = start + "root cause".len();
        if end > bytes.len() || (start > 0 && is_word(bytes[start - 1])) {
            continue;
        }
        let candidate = &bytes[start..end];
        let matches = candidate[..4].eq_ignore_ascii_case(b"root")
            && matches!(candidate[4], b' ' | b'-')
            && candidate[5..].eq_ignore_ascii_case(b"cause")
            && bytes.get(end).is_none_or(|&b| !is_word(b));
        if matches {
            out.push(start..end);
            at = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_root_cause_is_found_and_plurals_are_not() {
        let text = "## Root cause\nThe root-cause was DNS. Root causes vary; it root caused \
                    nothing. Uproot cause. ROOT CAUSE.";
        let found: Vec<&str> = root_cause(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["Root cause", "root-cause", "ROOT CAUSE"]);
    }

    #[test]
    fn finds_whole_phrases_ignoring_case() {
        let phrases: Vec<String> = ["human error", "careless", "blame"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let m = BlameMatcher::new(&phrases).unwrap();
        let text = "It was Human Error. A blameless review; nobody was careless.";
        let hits: Vec<_> = m.find(text).map(|(r, p)| (&text[r], p)).collect();
        assert_eq!(
            hits,
            [("Human Error", "human error"), ("careless", "careless")]
        );
        // ASCII case only, as before: other letters match as written.
        let m = BlameMatcher::new(&["Schuld des".to_string(), "négligé".to_string()]).unwrap();
        let text = "SCHULD DES Teams; NÉGLIGÉ; Négligé, négligé.";
        let hits: Vec<_> = m.find(text).map(|(r, _)| &text[r]).collect();
        assert_eq!(hits, ["SCHULD DES", "Négligé", "négligé"]);
    }
}
