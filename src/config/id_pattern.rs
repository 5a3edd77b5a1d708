//! `id_pattern`: how report ids are made (`INC-{year}-{seq:3}`), and which
//! id comes next. `retrospect new` is its user; the configuration checks the
//! pattern when it is loaded, so a typo is an error with a line number
//! rather than a strange id later.

use std::fmt;

/// A parsed `id_pattern`: literal text, `{year}` and one `{seq}` or
/// `{seq:N}` (zero-padded to N digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdPattern {
    text: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Year,
    /// The sequence number, zero-padded to this many digits.
    Seq(usize),
}

impl Default for IdPattern {
    fn default() -> Self {
        IdPattern::parse("INC-{year}-{seq:3}").expect("the default pattern is valid")
    }
}

impl fmt::Display for IdPattern {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl IdPattern {
    /// Parses a pattern. The message of an error says what to write instead.
    pub fn parse(text: &str) -> Result<IdPattern, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            literal.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err("`id_pattern` has a `{` without its `}`".into());
            };
            let placeholder = &after[..close];
            let part = match placeholder {
                "year" => Part::Year,
                "seq" => Part::Seq(1),
                _ => match placeholder.strip_prefix("seq:").map(str::parse::<usize>) {
                    Some(Ok(width)) if (1..=12).contains(&width) => Part::Seq(width),
                    _ => {
                        return Err(format!(
                            "`id_pattern` has an unknown placeholder `{{{placeholder}}}`: \
                             the placeholders are `{{year}}`, `{{seq}}` and `{{seq:N}}` (N from 1 to 12)"
                        ));
                    }
                },
            };
            if !literal.is_empty() {
                parts.push(Part::Literal(std::mem::take(&mut literal)));
            }
            parts.push(part);
            rest = &after[close + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        match parts.iter().filter(|p| matches!(p, Part::Seq(_))).count() {
            0 => Err("`id_pattern` has no `{seq}` placeholder".into()),
            1 => Ok(IdPattern {
                text: text.to_string(),
                parts,
            }),
            _ => Err("`id_pattern` has more than one `{seq}` placeholder".into()),
        }
    }

    /// The id for a year and a sequence number.
    pub fn format(&self, year: i32, seq: u64) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Literal(text) => text.clone(),
                Part::Year => year.to_string(),
                Part::Seq(width) => format!("{seq:0width$}"),
            })
            .collect()
    }

    /// The sequence number of `id` if it is an id of this pattern for
    /// `year`. Any number of digits is accepted, padded or not.
    pub fn seq_of(&self, id: &str, year: i32) -> Option<u64> {
        match_parts(&self.parts, id, &year.to_string())
    }

    /// The id after the highest one of `year` among `existing`; the first
    /// of the year (sequence 1) when there is none.
    pub fn next<'a>(&self, year: i32, existing: impl IntoIterator<Item = &'a str>) -> String {
        let highest = existing
            .into_iter()
            .filter_map(|id| self.seq_of(id, year))
            .max()
            .unwrap_or(0);
        self.format(year, highest.saturating_add(1))
    }
}

/// Matches `text` against `parts`, returning the digits of `{seq}`.
fn match_parts(parts: &[Part], text: &str, year: &str) -> Option<u64> {
    let Some((first, rest)) = parts.split_first() else {
        return text.is_empty().then_some(0);
    };
    match first {
        Part::Literal(literal) => match_parts(rest, text.strip_prefix(literal.as_str())?, year),
        Part::Year => match_parts(rest, text.strip_prefix(year)?, year),
        Part::Seq(_) => {
            let digits = text.bytes().take_while(u8::is_ascii_digit).count();
            // Try the longest run of digits first; a literal that itself
            // starts with a digit may need a shorter one.
            (1..=digits.min(18)).rev().find_map(|n| {
                match_parts(rest, &text[n..], year)?;
                text[..n].parse().ok()
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_finds_the_next_id() {
        let pattern = IdPattern::default();
        assert_eq!(pattern.format(2024, 7), "INC-2024-007");
        assert_eq!(pattern.format(2024, 1234), "INC-2024-1234");
        let existing = ["INC-2024-031", "INC-2024-9", "INC-2023-400", "OPS-2024-900"];
        assert_eq!(pattern.next(2024, existing), "INC-2024-032");
        assert_eq!(pattern.next(2025, existing), "INC-2025-001");
        assert_eq!(pattern.next(2024, []), "INC-2024-001");
    }

    #[test]
    fn matches_only_ids_of_the_pattern_and_year() {
        let pattern = IdPattern::parse("PM{seq:4}-{year}").unwrap();
        assert_eq!(pattern.seq_of("PM0042-2024", 2024), Some(42));
        assert_eq!(pattern.seq_of("PM0042-2023", 2024), None);
        assert_eq!(pattern.seq_of("PM-2024", 2024), None);
        assert_eq!(pattern.seq_of("PM0042-2024x", 2024), None);
        let no_year = IdPattern::parse("{seq}").unwrap();
        assert_eq!(no_year.next(2030, ["7", "12", "x3"]), "13");
        // A literal starting with a digit after the sequence.
        let tricky = IdPattern::parse("{seq}1").unwrap();
        assert_eq!(tricky.seq_of("451", 2024), Some(45));
    }

    #[test]
    fn bad_patterns_say_what_is_wrong() {
        for (pattern, needle) in [
            ("INC-{year}", "no `{seq}`"),
            ("INC-{yaer}-{seq}", "unknown placeholder `{yaer}`"),
            ("INC-{seq:0}", "unknown placeholder `{seq:0}`"),
            ("INC-{seq", "without its `}`"),
            ("{seq}-{seq}", "more than one"),
        ] {
            let error = IdPattern::parse(pattern).unwrap_err();
            assert!(error.contains(needle), "{pattern}: {error}");
        }
        assert_eq!(IdPattern::default().to_string(), "INC-{year}-{seq:3}");
    }
}
