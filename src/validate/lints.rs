//! Lints that make a review weaker without making it wrong. Unknown keys
//! are found while parsing and overdue actions while validating actions;
//! blame-laden wording is found here.

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
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
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
        self.automaton.find_iter(text).filter_map(move |m| {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
