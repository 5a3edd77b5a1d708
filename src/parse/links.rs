//! A body's relative links to files beside the report: the one place a
//! link's target is read, for the attachment rules and for copying
//! attachments alike.

use std::ops::Range;

/// A relative link of a body to a file beside the report: the path it
/// names below the report's folder (percent-decoded, without `.` or `..`
/// parts, which never name an attachment), and where the link is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalLink {
    pub path: String,
    pub span: Range<usize>,
}

/// The path below the report's folder that a link's URL names, when it is
/// a relative link to a file (no scheme, not `/…` or `#…`): the one place
/// a link's target is percent-decoded, for the check (`R058`) and for
/// copying attachments beside the page alike.
pub fn local_target(url: &str) -> Option<String> {
    let url = url.split(['#', '?']).next().unwrap_or("");
    if url.is_empty() || url.starts_with('/') || has_scheme(url) {
        return None;
    }
    let path = percent_encoding::percent_decode_str(url)
        .decode_utf8_lossy()
        .into_owned();
    (!path.split('/').any(|part| part == ".." || part == ".")).then_some(path)
}

/// Whether a URL starts with a scheme (`https:`, `javascript:`).
pub fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}
