//! "Last updated" from git: one `git log` for the whole site.

use chrono::{DateTime, FixedOffset};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The date of the last commit touching each file under `SITE/reports/`,
/// keyed by path relative to `reports/`. Empty when the site is not in a git
/// checkout or git is missing. A shallow clone gives wrong dates: the
/// returned warning says so.
pub fn last_updated(site: &Path) -> (BTreeMap<String, DateTime<FixedOffset>>, Option<String>) {
    let mut dates = BTreeMap::new();
    let reports = site.join("reports");
    let Ok(output) = Command::new("git")
        .arg("-C")
        .arg(&reports)
        .args([
            "log",
            "--format=%x00%cI",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            ".",
        ])
        .output()
    else {
        return (dates, None);
    };
    if !output.status.success() {
        return (dates, None);
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut current: Option<DateTime<FixedOffset>> = None;
    for line in text.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = DateTime::parse_from_rfc3339(date.trim()).ok();
        } else if let (Some(date), false) = (current, line.trim().is_empty()) {
            // Newest commits come first: keep the first date seen.
            dates.entry(line.trim().to_string()).or_insert(date);
        }
    }
    let shallow = Command::new("git")
        .arg("-C")
        .arg(&reports)
        .args(["rev-parse", "--is-shallow-repository"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "true");
    let warning = shallow.then(|| {
        "this is a shallow git clone, so \"last updated\" dates may be wrong; fetch the full history (actions/checkout: fetch-depth: 0)".to_string()
    });
    (dates, warning)
}
