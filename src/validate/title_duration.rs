//! R104: a title that states how long the incident lasted ("…for 38
//! minutes", "a 45-minute outage") while its times say otherwise.
//!
//! Only explicit phrasings are read, so that a number in a title is never
//! mistaken for a duration: "for N unit", "lasting N unit", "N-unit" and
//! "N unit(s) of", with N in digits or a small number word ("for two
//! hours", "for an hour"; digits only before "of"). The stated duration is compared with every span
//! a title may mean: from `started` or `detected` to `mitigated` (how long
//! users were affected) or to `resolved` (until the incident was closed).
//! It contradicts the times only when it is far from all of them: more than
//! half its unit and more than 15% of it away (twice that after "about",
//! "nearly", "over" and the like). A duration just after a word that makes
//! it a setting ("cached … for a day", "timeout", "lease") is not read.

use crate::diagnostic::{Code, FileReporter};
use crate::model::Sp;
use crate::time::format_duration;
use chrono::{DateTime, FixedOffset};

/// A duration a title states: seconds, the unit's length in seconds, whether
/// it is hedged ("about"), and the words that say it, lowercased.
#[derive(Debug, PartialEq)]
struct Stated {
    seconds: f64,
    unit: f64,
    hedged: bool,
    phrase: String,
}

const HEDGES: &[&str] = &[
    "about",
    "around",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "over",
    "under",
    "some",
    "~",
];

/// Words that make a duration close after them a setting, not how long the
/// incident lasted: "the CDN cached config for a day", "a lease of 30
/// seconds".
const SETTINGS: &[&str] = &[
    "cache",
    "cached",
    "caching",
    "ttl",
    "timeout",
    "lease",
    "kept",
    "retained",
    "retention",
    "stored",
    "expiry",
    "valid",
    "backoff",
    "retried",
    "retries",
    "scheduled",
];

fn unit_seconds(word: &str) -> Option<f64> {
    Some(match word {
        "second" | "seconds" | "sec" | "secs" => 1.0,
        "minute" | "minutes" | "min" | "mins" => 60.0,
        "hour" | "hours" | "hr" | "hrs" | "h" => 3600.0,
        "day" | "days" => 86400.0,
        "week" | "weeks" => 604800.0,
        _ => return None,
    })
}

fn number(word: &str) -> Option<f64> {
    const WORDS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    if let Some(i) = WORDS.iter().position(|w| *w == word) {
        return Some(i as f64 + 1.0);
    }
    if matches!(word, "a" | "an") {
        return Some(1.0);
    }
    let digits = word.strip_prefix('~').unwrap_or(word);
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    digits.parse::<f64>().ok().filter(|n| *n > 0.0)
}

/// The first duration the title states, if it states one in a form read
/// here.
fn stated(title: &str) -> Option<Stated> {
    let lower = title.to_lowercase();
    // Words without the punctuation around them ("(38", "minutes),").
    let words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '~' && c != '.'))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    let found = |at: usize, len: usize, n: f64, unit: f64, hedged: bool| Stated {
        seconds: n * unit,
        unit,
        hedged,
        phrase: words[at..at + len].join(" "),
    };
    for i in 0..words.len() {
        // "45-minute outage"
        if let Some((n, unit)) = words[i].split_once('-')
            && let (Some(n), Some(unit)) = (number(n), unit_seconds(unit))
        {
            return Some(found(i, 1, n, unit, false));
        }
        let Some(n) = number(words[i]) else { continue };
        let Some(unit) = words.get(i + 1).and_then(|u| unit_seconds(u)) else {
            continue;
        };
        // "a"/"an" only before a singular unit: "for an hour".
        if matches!(words[i], "a" | "an") && words[i + 1].ends_with('s') {
            continue;
        }
        let mut start = i;
        let mut hedged = words[i].starts_with('~');
        if start > 0 && HEDGES.contains(&words[start - 1]) {
            start -= 1;
            hedged = true;
        }
        let setting = words[start.saturating_sub(4)..start]
            .iter()
            .any(|w| SETTINGS.contains(w));
        let introduced = start > 0 && matches!(words[start - 1], "for" | "lasting") && !setting;
        let of_after = words.get(i + 2) == Some(&"of");
        if introduced {
            return Some(found(start - 1, i + 2 - (start - 1), n, unit, hedged));
        }
        // "90 minutes of downtime", in digits only: "two days of planning"
        // is not how long an incident lasted.
        if of_after && words[i].starts_with(|c: char| c.is_ascii_digit()) {
            return Some(found(start, i + 3 - start, n, unit, hedged));
        }
    }
    None
}

/// Whether `actual` seconds agree with what the title states.
fn agrees(stated: &Stated, actual: f64) -> bool {
    let scale = if stated.hedged { 2.0 } else { 1.0 };
    let tolerance = (stated.unit / 2.0).max(0.15 * stated.seconds) * scale;
    (actual - stated.seconds).abs() <= tolerance
}

type Time = Option<Sp<DateTime<FixedOffset>>>;

/// Warns when the title states a duration that none of the report's spans
/// comes near.
pub fn check(
    r: &mut FileReporter,
    title: &Sp<String>,
    [started, detected, mitigated, resolved]: [&Time; 4],
) {
    let Some(stated) = stated(&title.value) else {
        return;
    };
    let mut spans = Vec::new();
    for (from_name, from) in [("started", started), ("detected", detected)] {
        for (to_name, to) in [("mitigated", mitigated), ("resolved", resolved)] {
            if let (Some(from), Some(to)) = (from, to) {
                let seconds = (to.value - from.value).num_seconds();
                if seconds >= 0 {
                    spans.push((from_name, to_name, seconds));
                }
            }
        }
    }
    if spans.is_empty() || spans.iter().any(|(_, _, s)| agrees(&stated, *s as f64)) {
        return;
    }
    // Point at the phrase when the title's text holds it as written.
    let raw = r.file.text.get(title.span.clone()).unwrap_or("");
    let span = raw
        .to_lowercase()
        .find(&stated.phrase)
        .filter(|_| raw.len() == raw.to_lowercase().len())
        .map(|at| title.span.start + at..title.span.start + at + stated.phrase.len())
        .unwrap_or_else(|| title.span.clone());
    let times: Vec<String> = spans
        .iter()
        .map(|(from, to, s)| format!("{from} to {to} {}", format_duration(*s)))
        .collect();
    r.report(
        Code::TitleDuration,
        span,
        format!(
            "the title says \"{}\", but the report's times give {}",
            stated.phrase,
            times.join(", ")
        ),
    )
    .set_help("correct the title or the times; a title usually says how long users were affected, from `started` to `mitigated`");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(title: &str) -> Option<(f64, bool, String)> {
        stated(title).map(|s| (s.seconds, s.hedged, s.phrase))
    }

    #[test]
    fn reads_only_explicit_durations() {
        assert_eq!(
            read("Surge pricing applied in every city for 38 minutes"),
            Some((2280.0, false, "for 38 minutes".into()))
        );
        assert_eq!(
            read("A 45-minute outage of checkout"),
            Some((2700.0, false, "45-minute".into()))
        );
        assert_eq!(
            read("Bookings failed for about two hours"),
            Some((7200.0, true, "for about two hours".into()))
        );
        assert_eq!(
            read("Riders held in the waiting room for 20 minutes"),
            Some((1200.0, false, "for 20 minutes".into()))
        );
        assert_eq!(
            read("Payouts stopped for an hour"),
            Some((3600.0, false, "for an hour".into()))
        );
        assert_eq!(
            read("90 minutes of degraded search (EU)"),
            Some((5400.0, false, "90 minutes of".into()))
        );
        assert_eq!(
            read("Status page down for 1.5 hours"),
            Some((5400.0, false, "for 1.5 hours".into()))
        );
        for none in [
            "Checkout 500 errors after a deploy",
            "Queue backed up 3 hours after the release",
            "Retries every 5 minutes filled the disk",
            "Two days of planning lost",
            "For a few hours nothing worked",
            "Expired TLS certificate on the partner webhook",
            "Fare estimates out of date after the CDN cached config for a day",
            "Sessions dropped when a lease was held for 30 seconds",
        ] {
            assert_eq!(read(none), None, "{none}");
        }
    }

    #[test]
    fn agreement_allows_rounding_and_hedges() {
        let s = |title: &str| stated(title).unwrap();
        assert!(agrees(&s("for 38 minutes"), 38.0 * 60.0));
        assert!(agrees(&s("for 38 minutes"), 43.0 * 60.0));
        assert!(!agrees(&s("for 38 minutes"), 60.0 * 60.0));
        assert!(agrees(&s("for 2 hours"), 100.0 * 60.0));
        assert!(!agrees(&s("for 2 hours"), 60.0 * 60.0));
        assert!(agrees(&s("for about 2 hours"), 75.0 * 60.0));
        assert!(!agrees(&s("for 3 days"), 42.0 * 3600.0));
    }
}
