//! The metrics page's chart of the recurring causes per quarter: incidents
//! under each category of contributing factor, a small panel per category
//! on one scale (`chart_panels`), from `Metrics::quarters` (`by_factor`).

use super::chart::Draw;
use super::charts::Series;
use super::contract::{Chart, LegendItem};
use crate::metrics::Metrics;

/// Shown once a report of either window names a factor, as the chart of
/// incidents by factor is.
pub(super) fn factors_by_quarter(m: &Metrics) -> Option<Chart> {
    if m.factors.is_empty() {
        return None;
    }
    let categories: Vec<String> = m.quarters.iter().map(|q| q.quarter.clone()).collect();
    let panels: Vec<Series> = m
        .factors
        .iter()
        .enumerate()
        .map(|(k, f)| Series {
            name: f.label.clone(),
            class: "c1".into(),
            colour: None,
            values: m
                .quarters
                .iter()
                .map(|q| Some(q.by_factor[k] as f64))
                .collect(),
        })
        .collect();
    // The first of the most (categories come in the configured order,
    // quarters oldest first).
    let most = m
        .factors
        .iter()
        .enumerate()
        .flat_map(|(k, f)| m.quarters.iter().map(move |q| (q.by_factor[k], f, q)))
        .rev()
        .max_by_key(|(n, _, _)| *n)
        .filter(|(n, _, _)| *n > 0);
    let summary = format!(
        "Incidents per quarter under each category of contributing factor, one panel per \
         category on the same scale; an incident counts under each category it names, and a \
         quarter without one is left empty. {}",
        match most {
            Some((n, f, q)) => format!(
                "The most in one quarter: {n} under {} in {}.",
                f.label, q.quarter
            ),
            None => String::new(),
        }
    );
    let (id, title) = ("factors-by-quarter", "Recurring causes per quarter");
    let mut columns = vec!["Quarter".to_string()];
    columns.extend(m.factors.iter().map(|f| f.label.clone()));
    columns.push("Incidents".into());
    let rows = m
        .quarters
        .iter()
        .map(|q| {
            let mut row = vec![q.quarter.clone()];
            row.extend(q.by_factor.iter().map(|n| n.to_string()));
            row.push(q.incidents.to_string());
            row
        })
        .collect();
    let legend = vec![LegendItem {
        label: "Incidents naming the category".into(),
        class: "c1".into(),
        colour: None,
    }];
    Some(
        Chart::drawn(
            id,
            title,
            summary,
            Draw::SmallMultiples,
            &categories,
            &panels,
        )
        .table(columns, rows)
        .legend(legend),
    )
}
