//! Small values of the views, made from the model the same way wherever
//! they appear: a time in its report's zone, a link safe for an `href`, what
//! actions say of their report.

use super::TimeView;
use crate::model::Report;
use chrono::{DateTime, FixedOffset};
use std::sync::Arc;

pub(super) fn time_view(t: &DateTime<FixedOffset>, zone: crate::time::Zone) -> TimeView {
    let local = t.with_timezone(&zone.offset_at(t));
    TimeView {
        iso: t.to_rfc3339(),
        display: format!(
            "{}, {}",
            crate::display::short_date(local.date_naive()),
            crate::display::clock(local.time())
        ),
        time: crate::display::clock(local.time()),
    }
}

/// An http(s) link made safe for an `href`: other schemes are dropped, and
/// characters a URL may not hold are percent-encoded.
pub fn web_link(link: &str) -> Option<String> {
    let link = link.trim();
    let lower = link.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let mut out = String::with_capacity(link.len());
    for byte in link.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(byte as char),
            b'-' | b'.' | b'_' | b'~' | b':' | b'/' | b'?' | b'#' | b'[' | b']' | b'@' | b'!'
            | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'%' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    Some(out)
}

/// What each action's view says of its report, made once for all of them:
/// at 100,000 reports (390,000 actions) a copy of each for every action
/// was 70 MB held through the build (BENCHMARKS.md, seventh session).
pub(super) struct OfReport {
    pub(super) slug: Arc<str>,
    pub(super) url: Arc<str>,
    pub(super) title: Arc<str>,
    pub(super) id: Option<Arc<str>>,
}

impl OfReport {
    pub(super) fn new(report: &Report) -> OfReport {
        OfReport {
            slug: report.slug.as_str().into(),
            url: format!("reports/{}/", report.slug).into(),
            title: report.title.as_str().into(),
            id: report.id.as_deref().map(Arc::from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_links_are_http_and_percent_encoded() {
        assert_eq!(
            web_link("https://t.example/T-1?a=\"><svg>").as_deref(),
            Some("https://t.example/T-1?a=%22%3E%3Csvg%3E")
        );
        assert_eq!(web_link("javascript:alert(1)"), None);
        assert_eq!(
            web_link(" HTTPS://t.example/ä").as_deref(),
            Some("HTTPS://t.example/%C3%A4")
        );
    }
}
