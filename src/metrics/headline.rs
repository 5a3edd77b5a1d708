//! The headline figures as rows of text: the current window against the
//! one before. The metrics page, `retrospect stats` (table and CSV) print
//! these same rows.

use super::{Figures, Metrics, Spread};
use crate::time::format_duration;
use serde::Serialize;

/// What a figure shows when nothing was recorded: never 0.
pub const NOT_RECORDED: &str = "not recorded";

/// One headline figure in both windows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// A stable name, for CSV and scripts: `time_to_resolve_p90`.
    pub key: String,
    /// As people read it: `Time to resolve, p90`.
    pub label: String,
    pub current: String,
    pub previous: String,
    /// Whether the row is a part of the row above (a severity under
    /// incidents): indented on the page.
    pub part: bool,
}

/// The headline rows of `m`.
pub fn rows(m: &Metrics) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut row = |key: String, label: String, part: bool, f: &dyn Fn(&Figures) -> String| {
        rows.push(Row {
            key,
            label,
            current: f(&m.current),
            previous: f(&m.previous),
            part,
        });
    };
    row("incidents".into(), "Incidents".into(), false, &|f| {
        f.incidents.to_string()
    });
    for (i, level) in m.severities.iter().enumerate() {
        row(
            format!("incidents_{}", level.name.replace('-', "_")),
            level.label.clone(),
            true,
            &move |f| f.by_severity[i].count.to_string(),
        );
    }
    type Of = fn(&Figures) -> &Spread;
    let times: [(&str, &str, Of); 3] = [
        ("time_to_detect", "Time to detect", |f| &f.time_to_detect),
        ("time_to_mitigate", "Time to mitigate", |f| {
            &f.time_to_mitigate
        }),
        ("time_to_resolve", "Time to resolve", |f| &f.time_to_resolve),
    ];
    for (key, label, of) in times {
        row(
            format!("{key}_median"),
            format!("{label}, median"),
            false,
            &move |f| duration(of(f).median),
        );
        row(
            format!("{key}_p90"),
            format!("{label}, p90"),
            true,
            &move |f| duration(of(f).p90),
        );
        row(
            format!("{key}_max"),
            format!("{label}, longest"),
            true,
            &move |f| duration(of(f).max),
        );
    }
    row(
        "actions_agreed".into(),
        "Actions agreed".into(),
        false,
        &|f| f.actions.agreed.to_string(),
    );
    row("actions_done".into(), "Done".into(), true, &|f| {
        f.actions.done.to_string()
    });
    row("actions_open".into(), "Open".into(), true, &|f| {
        f.actions.open.to_string()
    });
    row("actions_overdue".into(), "Overdue".into(), true, &|f| {
        f.actions.overdue.to_string()
    });
    row(
        "actions_done_by_due".into(),
        "Done by their due date".into(),
        true,
        &|f| share(f.actions.done_by_due),
    );
    row(
        "actions_slips".into(),
        "Due dates moved later".into(),
        true,
        &|f| {
            f.actions
                .slips
                .map_or(NOT_RECORDED.into(), |n| n.to_string())
        },
    );
    row(
        "recommendations_not_taken_up".into(),
        "Recommendations that led to no action".into(),
        false,
        &|f| {
            format!(
                "{} of {}",
                f.recommendations.not_taken_up, f.recommendations.total
            )
        },
    );
    row(
        "days_to_review_median".into(),
        "Days to the review, median".into(),
        false,
        &|f| days(f.days_to_review.median),
    );
    row(
        "days_to_publish_median".into(),
        "Days to the published report, median".into(),
        false,
        &|f| days(f.days_to_publish.median),
    );
    row(
        "out_of_hours".into(),
        "Started out of hours".into(),
        false,
        &|f| match f.hours {
            Some(h) => format!("{} of {}", h.out_of_hours, h.in_hours + h.out_of_hours),
            None => NOT_RECORDED.into(),
        },
    );
    row(
        "recurrences".into(),
        "Repeats of an earlier incident".into(),
        false,
        &|f| f.recurrences.to_string(),
    );
    rows
}

/// `75 %`, or "not recorded".
pub fn share(share: Option<f64>) -> String {
    share.map_or(NOT_RECORDED.into(), |s| format!("{:.0} %", s * 100.0))
}

/// Incidents by category of contributing factor, one row each (the
/// recurring causes), then those without factors: for `retrospect stats`,
/// after the headline rows (the page has them as a chart and its table).
pub fn factor_rows(m: &Metrics) -> Vec<Row> {
    if m.factors.is_empty() {
        return Vec::new();
    }
    let mut rows = vec![Row {
        key: "incidents_with_factors".into(),
        label: "Incidents by contributing factor".into(),
        current: (m.current.incidents - m.current.factors_unrecorded).to_string(),
        previous: (m.previous.incidents - m.previous.factors_unrecorded).to_string(),
        part: false,
    }];
    rows.extend(m.factors.iter().map(|c| Row {
        key: format!("factor_{}", c.name.replace('-', "_")),
        label: c.label.clone(),
        current: c.current.to_string(),
        previous: c.previous.to_string(),
        part: true,
    }));
    rows
}

/// `1 h 05 min`, or "not recorded".
pub fn duration(seconds: Option<f64>) -> String {
    seconds.map_or(NOT_RECORDED.into(), |s| format_duration(s.round() as i64))
}

/// `4 days`, `4.5 days`, `1 day`, or "not recorded".
pub fn days(days: Option<f64>) -> String {
    match days {
        None => NOT_RECORDED.into(),
        Some(1.0) => "1 day".into(),
        Some(d) if d.fract() == 0.0 => format!("{d:.0} days"),
        Some(d) => format!("{d:.1} days"),
    }
}
