//! The periods figures are counted over: the current window and the one
//! before it, and the months and quarters the charts are drawn by. An
//! incident belongs to the day it started in its report's time zone (its
//! `date`), so one that starts at 23:50 on 31 January is January's, even
//! when it ends in February or when UTC already says 1 February.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

/// Days from `start` to `end`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    #[serde(serialize_with = "ymd")]
    pub start: NaiveDate,
    #[serde(serialize_with = "ymd")]
    pub end: NaiveDate,
}

/// A date as `YYYY-MM-DD`.
fn ymd<S: serde::Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&date.format("%Y-%m-%d"))
}

impl Window {
    /// The current window and the one before it. By default the current
    /// one is the last 12 months up to `until` (from the day after the
    /// same date a year before), and the one before is the 12 months
    /// before that. With `since`, the current window starts there and the
    /// one before has as many days.
    pub fn current_and_previous(since: Option<NaiveDate>, until: NaiveDate) -> (Window, Window) {
        match since {
            None => {
                let year = |d: NaiveDate| d.checked_sub_months(Months::new(12)).unwrap_or(d);
                let start = year(until).succ_opt().unwrap_or(until);
                let current = Window { start, end: until };
                let previous = Window {
                    start: year(start),
                    end: start.pred_opt().unwrap_or(start),
                };
                (current, previous)
            }
            Some(start) => {
                let current = Window { start, end: until };
                let days = (until - start).num_days().max(0);
                let end = start.pred_opt().unwrap_or(start);
                let previous = Window {
                    start: end - chrono::Duration::days(days),
                    end,
                };
                (current, previous)
            }
        }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// A calendar month, `2025-03`.
pub fn month_of(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// A calendar quarter, `2025-Q1`.
pub fn quarter_of(date: NaiveDate) -> String {
    format!("{:04}-Q{}", date.year(), date.month0() / 3 + 1)
}

/// Every month from `start`'s to `end`'s, both included, empty ones too.
pub fn months(start: NaiveDate, end: NaiveDate) -> Vec<String> {
    steps(start, end, 1, month_of)
}

/// Every quarter from `start`'s to `end`'s, both included.
pub fn quarters(start: NaiveDate, end: NaiveDate) -> Vec<String> {
    let first =
        NaiveDate::from_ymd_opt(start.year(), start.month0() / 3 * 3 + 1, 1).unwrap_or(start);
    steps(first, end, 3, quarter_of)
}

fn steps(
    start: NaiveDate,
    end: NaiveDate,
    months: u32,
    name: fn(NaiveDate) -> String,
) -> Vec<String> {
    let mut at = start.with_day(1).unwrap_or(start);
    let mut out = Vec::new();
    while at <= end {
        out.push(name(at));
        match at.checked_add_months(Months::new(months)) {
            Some(next) => at = next,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_last_twelve_months_and_the_twelve_before() {
        let (current, previous) = Window::current_and_previous(None, d("2026-12-06"));
        assert_eq!(
            (current.start, current.end),
            (d("2025-12-07"), d("2026-12-06"))
        );
        assert_eq!(
            (previous.start, previous.end),
            (d("2024-12-07"), d("2025-12-06"))
        );
        // A given start: the window before has as many days.
        let (current, previous) =
            Window::current_and_previous(Some(d("2026-07-01")), d("2026-09-30"));
        assert_eq!(current.start, d("2026-07-01"));
        assert_eq!(
            (previous.start, previous.end),
            (d("2026-03-31"), d("2026-06-30"))
        );
        assert_eq!(
            (current.end - current.start),
            (previous.end - previous.start)
        );
    }

    #[test]
    fn months_and_quarters_leave_no_gap() {
        assert_eq!(
            months(d("2025-11-20"), d("2026-02-01")),
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(
            quarters(d("2025-11-20"), d("2026-04-01")),
            ["2025-Q4", "2026-Q1", "2026-Q2"]
        );
        assert_eq!(
            months(d("2026-04-01"), d("2026-03-31")),
            Vec::<String>::new()
        );
    }
}
