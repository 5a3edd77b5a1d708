//! The recurring causes: incidents by category of contributing factor
//! (`factors:`). An incident counts once under each category it names, so
//! the counts of an incident with two factors add up to two; incidents
//! without factors are counted apart.

use super::Compared;
use crate::config::Config;
use crate::model::Report;

fn names(report: &Report, name: &str) -> bool {
    report.factors.iter().any(|f| f.category == name)
}

/// Incidents by category in both windows: the configuration's categories
/// in its order, then any other a report names, by name; categories with
/// no incident in either window left out.
pub(super) fn compared(
    config: &Config,
    current: &[&Report],
    previous: &[&Report],
) -> Vec<Compared> {
    let mut others: Vec<&str> = current
        .iter()
        .chain(previous)
        .flat_map(|r| &r.factors)
        .map(|f| f.category.as_str())
        .filter(|c| config.factor_category(c).is_none())
        .collect();
    others.sort_unstable();
    others.dedup();
    let count = |reports: &[&Report], name: &str| reports.iter().filter(|r| names(r, name)).count();
    config
        .factor_categories
        .iter()
        .map(|c| (c.name.as_str(), c.label.as_str()))
        .chain(others.into_iter().map(|name| (name, name)))
        .map(|(name, label)| Compared {
            name: name.to_string(),
            label: label.to_string(),
            current: count(current, name),
            previous: count(previous, name),
        })
        .filter(|c| c.current + c.previous > 0)
        .collect()
}

/// How many of `reports` name each of `categories`, in their order.
pub(super) fn counts(categories: &[Compared], reports: &[&Report]) -> Vec<usize> {
    categories
        .iter()
        .map(|c| reports.iter().filter(|r| names(r, &c.name)).count())
        .collect()
}

/// How many of `reports` name no factor.
pub(super) fn unrecorded(reports: &[&Report]) -> usize {
    reports.iter().filter(|r| r.factors.is_empty()).count()
}
