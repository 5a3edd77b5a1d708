//! How the model's values read on the site and in the search index: dates,
//! offsets on a timeline, labels made from keys, free-form values, the one
//! severity lookup, and Markdown as plain text. `render` and `search` both
//! import it, and it imports neither of them. (Durations are
//! `time::format_duration`; the labels of statuses are the model's.)

use crate::config::Config;
use crate::parse::body::markdown_options;
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use pulldown_cmark::{Event, Parser, TagEnd};

/// `14 March 2025`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// `Friday 14 March 2025`.
pub fn long_date_with_weekday(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// A duration in words, for people who do not read `1 h 08 min`: `45
/// minutes`, `1 hour 8 minutes`, `3 hours`, `2 days 3 hours` (days and
/// hours only, past a day).
pub fn duration_words(seconds: i64) -> String {
    let minutes = seconds.max(0) / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let unit = |n: i64, one: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {one}s"),
    };
    let parts = match (days, hours, mins) {
        (0, 0, m) => vec![unit(m, "minute")],
        (0, h, 0) => vec![unit(h, "hour")],
        (0, h, m) => vec![unit(h, "hour"), unit(m, "minute")],
        (d, 0, _) => vec![unit(d, "day")],
        (d, h, _) => vec![unit(d, "day"), unit(h, "hour")],
    };
    parts.join(" ")
}

/// `14 Mar 2025`: chrono's `%-d %b %Y`, written directly (pages show
/// hundreds of thousands of dates, and a format string is parsed on every
/// use); chrono writes the years it pads or signs differently.
pub fn short_date(date: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    if (0..=9999).contains(&date.year()) {
        format!(
            "{} {} {:04}",
            date.day(),
            MONTHS[date.month0() as usize],
            date.year()
        )
    } else {
        date.format("%-d %b %Y").to_string()
    }
}

/// `09:05`: chrono's `%H:%M`, written directly.
pub fn clock(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// `+0:08`, `+1d 02:05`, `−0:30` (a real minus sign): minutes from an
/// incident's start, as a stopwatch reads.
pub fn offset(minutes: i64) -> String {
    let sign = if minutes < 0 { "\u{2212}" } else { "+" };
    let m = minutes.abs();
    let (days, hours, mins) = (m / 1440, m / 60 % 24, m % 60);
    if days > 0 {
        format!("{sign}{days}d {hours:02}:{mins:02}")
    } else {
        format!("{sign}{hours}:{mins:02}")
    }
}

/// `failed_requests` → `Failed requests`.
pub fn label(key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A free-form value as text: numbers with thousands separators, lists
/// joined, booleans as yes/no, maps as `key: value` pairs.
pub fn display_value(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "Yes" } else { "No" }.into(),
        Value::Number(n) => match n.as_u64() {
            Some(u) => crate::diagnostic::group_thousands(u as usize),
            None => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(display_value)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{}: {}", label(k), display_value(v)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// A severity as the site shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Severity<'a> {
    /// The configured label; the name itself for a severity the
    /// configuration does not have.
    pub label: &'a str,
    /// A CSS colour, or empty.
    pub colour: &'a str,
    pub description: &'a str,
    /// Position in the configuration, 0 = most severe; `None` for a
    /// severity the configuration does not have.
    pub rank: Option<usize>,
}

/// How the severity `name` is shown: the one lookup behind every badge,
/// list, facet and index entry.
pub fn severity<'a>(config: &'a Config, name: &'a str) -> Severity<'a> {
    match config.severities.iter().position(|l| l.name == name) {
        Some(rank) => {
            let level = &config.severities[rank];
            Severity {
                label: &level.label,
                colour: &level.colour,
                description: &level.description,
                rank: Some(rank),
            }
        }
        None => Severity {
            label: name,
            colour: "",
            description: "",
            rank: None,
        },
    }
}

/// The text of Markdown, without markup (for meta descriptions and the
/// search index). Blocks are kept apart by a space, so that a heading's last
/// word and the next paragraph's first do not run together.
pub fn plain(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) if !out.ends_with(char::is_whitespace) => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_clocks_read_as_chrono_writes_them() {
        let days = [
            (2025, 3, 14),
            (2024, 12, 1),
            (999, 1, 31),
            (12345, 6, 7),
            (-44, 3, 15),
        ];
        for (y, m, d) in days {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(short_date(date), date.format("%-d %b %Y").to_string());
        }
        for (h, m) in [(0, 0), (9, 5), (23, 59)] {
            let time = NaiveTime::from_hms_opt(h, m, 0).unwrap();
            assert_eq!(clock(time), time.format("%H:%M").to_string());
        }
    }

    #[test]
    fn offsets_read_like_a_stopwatch() {
        assert_eq!(offset(8), "+0:08");
        assert_eq!(offset(125), "+2:05");
        assert_eq!(offset(1440 + 125), "+1d 02:05");
        assert_eq!(offset(-30), "\u{2212}0:30");
        assert_eq!(label("failed_requests"), "Failed requests");
        assert_eq!(display_value(&serde_json::json!(18730)), "18,730");
        assert_eq!(display_value(&serde_json::json!(["a", 2])), "a, 2");
    }

    #[test]
    fn durations_and_dates_read_as_words() {
        assert_eq!(duration_words(45 * 60), "45 minutes");
        assert_eq!(duration_words(60), "1 minute");
        assert_eq!(duration_words(3 * 3600), "3 hours");
        assert_eq!(duration_words(3600 + 8 * 60), "1 hour 8 minutes");
        assert_eq!(duration_words(2 * 86400 + 3 * 3600 + 59), "2 days 3 hours");
        assert_eq!(duration_words(86400 + 120), "1 day");
        let date = NaiveDate::from_ymd_opt(2023, 2, 1).unwrap();
        assert_eq!(long_date_with_weekday(date), "Wednesday 1 February 2023");
    }

    #[test]
    fn plain_text_keeps_blocks_apart() {
        assert_eq!(
            plain(
                "## What we learned\nWe learned *that*.\n\n| a | b |\n|---|---|\n| c | d |\n\n- one\n- two"
            ),
            "What we learned We learned that. a b c d one two"
        );
    }

    #[test]
    fn a_severity_the_configuration_lacks_shows_its_name() {
        let config = Config::default();
        let known = severity(&config, &config.severities[1].name);
        assert_eq!(known.rank, Some(1));
        assert_eq!(known.label, config.severities[1].label);
        let unknown = severity(&config, "cosmic");
        assert_eq!(
            (unknown.label, unknown.colour, unknown.rank),
            ("cosmic", "", None)
        );
    }
}
