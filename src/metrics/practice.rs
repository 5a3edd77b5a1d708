//! What the practice records besides the incident: kinds of incident, out
//! of hours, what became of recommendations, recurrences.

use super::{Compared, Count};
use crate::config::Config;
use crate::model::{Horizon, RecommendationKind, Report};
use crate::site::hours::started_out_of_hours;
use serde::Serialize;

/// Incidents that started in and out of the site's working hours.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Hours {
    pub in_hours: usize,
    pub out_of_hours: usize,
}

pub(super) fn hours(config: &Config, reports: &[&Report]) -> Option<Hours> {
    if config.working_hours.is_empty() {
        return None;
    }
    let out = reports
        .iter()
        .filter(|r| started_out_of_hours(config, r) == Some(true))
        .count();
    Some(Hours {
        in_hours: reports.len() - out,
        out_of_hours: out,
    })
}

/// Incidents by kind, in the configured order (kinds with none left out),
/// and how many have no kind.
pub(super) fn kinds(config: &Config, reports: &[&Report]) -> (Vec<Count>, usize) {
    let counts = config
        .incident_kinds
        .iter()
        .map(|k| Count {
            name: k.name.clone(),
            count: reports
                .iter()
                .filter(|r| r.kind.as_deref() == Some(k.name.as_str()))
                .count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    (counts, reports.iter().filter(|r| r.kind.is_none()).count())
}

pub(super) fn compared_kinds(
    config: &Config,
    current: &[&Report],
    previous: &[&Report],
) -> Vec<Compared> {
    let count = |reports: &[&Report], name: &str| {
        reports
            .iter()
            .filter(|r| r.kind.as_deref() == Some(name))
            .count()
    };
    config
        .incident_kinds
        .iter()
        .map(|k| Compared {
            name: k.name.clone(),
            label: k.label.clone(),
            current: count(current, &k.name),
            previous: count(previous, &k.name),
        })
        .filter(|c| c.current + c.previous > 0)
        .collect()
}

/// Recommendations, and what became of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecommendationFigures {
    pub total: usize,
    /// Carried out by at least one action (`recommendation:` on an action).
    pub with_actions: usize,
    /// Declined, with a reason.
    pub declined: usize,
    /// Neither: no action carries it out and no reason says why.
    pub not_taken_up: usize,
    /// By kind, every kind even when 0; `unrecorded` for none.
    pub by_kind: Vec<Count>,
    /// By horizon (`tactical`, `lasting`, then `unrecorded`).
    pub by_horizon: Vec<Count>,
}

/// A count of 0 for each of `names`, then for `unrecorded`.
fn zeros(names: &[&str]) -> Vec<Count> {
    names
        .iter()
        .chain(&["unrecorded"])
        .map(|n| Count {
            name: n.to_string(),
            count: 0,
        })
        .collect()
}

impl RecommendationFigures {
    pub fn of(reports: &[&Report]) -> RecommendationFigures {
        let mut f = RecommendationFigures {
            total: 0,
            with_actions: 0,
            declined: 0,
            not_taken_up: 0,
            by_kind: zeros(RecommendationKind::NAMES),
            by_horizon: zeros(Horizon::NAMES),
        };
        for r in reports {
            for rec in &r.recommendations {
                f.total += 1;
                if r.actions
                    .iter()
                    .any(|a| a.recommendation.as_deref() == Some(rec.id.as_str()))
                {
                    f.with_actions += 1;
                } else if rec.declined.is_some() {
                    f.declined += 1;
                } else {
                    f.not_taken_up += 1;
                }
                let kind = rec.kind.map_or("unrecorded", |k| k.as_str());
                let horizon = rec.horizon.map_or("unrecorded", |h| h.as_str());
                if let Some(c) = f.by_kind.iter_mut().find(|c| c.name == kind) {
                    c.count += 1;
                }
                if let Some(c) = f.by_horizon.iter_mut().find(|c| c.name == horizon) {
                    c.count += 1;
                }
            }
        }
        f
    }
}
