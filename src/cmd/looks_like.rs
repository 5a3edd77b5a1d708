//! `check --format human`'s notes: a draft that looks like a report
//! already written ("looks like INC-2025-014: same service, same factor"),
//! from the similar-incident search, so that a reviewer sees a repeat
//! before the review meeting.

use crate::model::{Report, Status};
use std::sync::Arc;

/// One note per draft among `checked` (paths relative to `reports/`; all
/// when `None`) that looks like a report that is not a draft.
pub(super) fn notes(
    reports: &[Arc<Report>],
    checked: Option<&std::collections::HashSet<String>>,
) -> Vec<String> {
    // Only the drafts checked are searched for: the index is made once.
    let index = crate::metrics::similar::Index::new(reports);
    let mut out = Vec::new();
    for (i, draft) in reports.iter().enumerate() {
        if draft.status != Status::Draft || checked.is_some_and(|c| !c.contains(&draft.rel_path)) {
            continue;
        }
        let alike: Vec<String> = index
            .similar_to(reports, i)
            .iter()
            .map(|&j| &reports[j])
            .filter(|r| r.status != Status::Draft)
            .map(|r| {
                format!(
                    "{}: {}",
                    r.id.as_deref().unwrap_or(r.slug.as_str()),
                    shared(draft, r)
                )
            })
            .collect();
        if !alike.is_empty() {
            out.push(format!(
                "note: reports/{} looks like {}",
                draft.rel_path,
                alike.join("; ")
            ));
        }
    }
    out
}

/// What two reports share: `same service checkout, same factor change`.
fn shared(a: &Report, b: &Report) -> String {
    let mut parts = Vec::new();
    let services: Vec<&str> = a
        .services
        .iter()
        .filter(|s| b.services.contains(s))
        .map(String::as_str)
        .collect();
    if !services.is_empty() {
        parts.push(format!("same service {}", services.join(", ")));
    }
    if a.kind.is_some() && a.kind == b.kind {
        parts.push(format!("same kind {}", a.kind.as_deref().unwrap_or("")));
    }
    let factors: Vec<&str> = a
        .factors
        .iter()
        .filter(|f| b.factors.iter().any(|g| g.category == f.category))
        .map(|f| f.category.as_str())
        .collect();
    if !factors.is_empty() {
        parts.push(format!("same factor {}", factors.join(", ")));
    }
    if parts.is_empty() {
        parts.push("alike in title and summary".into());
    }
    parts.join(", ")
}
