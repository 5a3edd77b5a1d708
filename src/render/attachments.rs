//! Attachments: the files a report's body links to (an image, a log),
//! copied beside its page so that relative links keep working. Only the
//! files that a report the audience sees links to are copied.

use crate::model::Report;
use crate::output::{Content, Output};
use std::collections::HashMap;
use std::path::PathBuf;

/// The files a report's page brings along: `local_links` are its body's
/// relative links (already percent-decoded, without `.` or `..` parts),
/// `known` the site's attachments by path relative to `reports/`.
pub(super) fn of_report(
    report: &Report,
    local_links: &[String],
    known: &HashMap<String, PathBuf>,
) -> Vec<Output> {
    let dir = report.rel_path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out: Vec<Output> = Vec::new();
    for link in local_links {
        let rel = if dir.is_empty() {
            link.clone()
        } else {
            format!("{dir}/{link}")
        };
        if let Some(source) = known.get(rel.as_str()) {
            let path = format!("reports/{}/{link}", report.slug);
            if !out.iter().any(|o| o.path == path) {
                out.push(Output {
                    path,
                    content: Content::Copy(source.clone()),
                });
            }
        }
    }
    out
}
