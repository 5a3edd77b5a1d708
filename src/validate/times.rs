//! Times: the three forms read in the report's timezone, their order, and
//! the timeline's order and window.

use super::first_line;
use crate::diagnostic::{Code, FileReporter};
use crate::model::{Sp, TimelineEntry};
use crate::time::{self, TimeError, Zone};
use chrono::{DateTime, FixedOffset, NaiveDate};

pub(super) fn parse_time(
    r: &mut FileReporter,
    what: &str,
    value: &Sp<String>,
    date: Option<NaiveDate>,
    zone: Option<Zone>,
) -> Option<Sp<DateTime<FixedOffset>>> {
    // Without a valid date or zone the local forms cannot be read; those
    // keys have their own errors, so only a malformed time is reported.
    let resolvable = date.zip(zone);
    let (date, zone) = resolvable.unwrap_or((NaiveDate::MIN, Zone::default()));
    match time::parse_time(&value.value, date, zone) {
        Ok(_) | Err(TimeError::Nonexistent(_) | TimeError::Ambiguous(_))
            if resolvable.is_none() =>
        {
            DateTime::parse_from_rfc3339(value.value.trim())
                .ok()
                .map(|t| Sp::new(t, value.span.clone()))
        }
        Ok(t) => Some(Sp::new(t, value.span.clone())),
        Err(error) => {
            let (code, message, help) = match error {
                TimeError::Malformed(m) => (
                    Code::InvalidTime,
                    m,
                    "a time is RFC 3339, `YYYY-MM-DD HH:MM` in the report's timezone, or `HH:MM` on the report's date",
                ),
                TimeError::Nonexistent(m) => (
                    Code::NonexistentLocalTime,
                    m,
                    "check the time, or write it with an explicit offset",
                ),
                TimeError::Ambiguous(m) => (
                    Code::AmbiguousLocalTime,
                    m,
                    "write the time with an explicit offset, as suggested",
                ),
            };
            r.report(code, value.span.clone(), format!("`{what}`: {message}"))
                .set_help(help);
            None
        }
    }
}

pub(super) fn check_order(
    r: &mut FileReporter,
    times: [(&str, &Option<Sp<DateTime<FixedOffset>>>); 4],
) {
    let mut latest: Option<(&str, &Sp<DateTime<FixedOffset>>)> = None;
    for (name, time) in times {
        let Some(time) = time else { continue };
        if let Some((earlier_name, earlier)) = latest
            && time.value < earlier.value
        {
            r.report(
                Code::TimesOutOfOrder,
                time.span.clone(),
                format!(
                    "`{name}` ({}) is before `{earlier_name}` ({})",
                    time::show(&time.value),
                    time::show(&earlier.value)
                ),
            )
            .set_help("the order is started ≤ detected ≤ mitigated ≤ resolved");
            continue;
        }
        latest = Some((name, time));
    }
}

pub(super) fn check_timeline(
    r: &mut FileReporter,
    entries: &[crate::parse::front_matter::RawTimelineEntry],
    date: Option<NaiveDate>,
    zone: Option<Zone>,
    started: Option<&Sp<DateTime<FixedOffset>>>,
    resolved: Option<&Sp<DateTime<FixedOffset>>>,
) -> Vec<TimelineEntry> {
    let mut out = Vec::with_capacity(entries.len());
    let mut previous: Option<DateTime<FixedOffset>> = None;
    for entry in entries {
        let first_line = first_line(r, entry.span.clone());
        if entry.at.is_none() && !entry.invalid.contains(&"at") {
            r.report(
                Code::MissingKey,
                first_line.clone(),
                "timeline entry has no `at` time",
            );
        }
        if entry.event.is_none() && !entry.invalid.contains(&"event") {
            r.report(
                Code::MissingKey,
                first_line,
                "timeline entry has no `event`",
            );
        }
        let Some(at) = entry
            .at
            .as_ref()
            .and_then(|a| parse_time(r, "at", a, date, zone))
        else {
            continue;
        };
        let kind = entry.kind.as_ref().map(|k| k.value.clone());
        let context = matches!(kind.as_deref(), Some("before" | "after"));
        if let Some(prev) = previous
            && at.value < prev
        {
            r.report(Code::TimelineBackwards, at.span.clone(), format!("this entry ({}) is earlier than the one before it ({})", time::show(&at.value), time::show(&prev)))
                    .set_help("list timeline entries in time order; a timeline that crosses midnight needs the `YYYY-MM-DD HH:MM` form");
        }
        previous = Some(at.value);
        if !context {
            if let Some(start) = started.filter(|s| at.value < s.value) {
                r.report(
                    Code::TimelineOutsideIncident,
                    at.span.clone(),
                    format!(
                        "this entry is before `started` ({})",
                        time::show(&start.value)
                    ),
                )
                .set_help("mark context before the incident with `kind: before`");
            } else if let Some(end) = resolved.filter(|e| at.value > e.value) {
                r.report(
                    Code::TimelineOutsideIncident,
                    at.span.clone(),
                    format!(
                        "this entry is after `resolved` ({})",
                        time::show(&end.value)
                    ),
                )
                .set_help("mark follow-up after the incident with `kind: after`");
            }
        }
        if let Some(event) = &entry.event {
            out.push(TimelineEntry {
                at: at.value,
                event: event.value.clone(),
                kind,
            });
        }
    }
    out
}
