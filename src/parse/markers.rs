//! The checks of a body's internal markers and HTML comments: a marker
//! that does not stand alone, a comment that reads like a marker without
//! being one, a comment that never closes. A passage meant to be internal
//! must never become public by a typo.

use super::comments::{self, Marker};
use crate::diagnostic::Code;
use std::ops::Range;

/// The problems of one body, gathered before they are reported.
pub(super) type Problems = Vec<(Code, Range<usize>, &'static str)>;

pub(super) const MISPLACED: &str = "an internal marker must stand alone on its own line";
const NEAR_MISS: &str = "this reads like an internal marker, but it is not one: the passage it was meant to hide would be public";
const UNCLOSED_COMMENT: &str =
    "this HTML comment is never closed, so it would hide, or show, more than it should";

/// An HTML fragment of the body (a block or inline HTML, as one text even
/// when Markdown split it into lines), and where each of its pieces is in
/// the file.
pub(super) struct Fragment {
    pub(super) text: String,
    /// (offset in `text`, byte range in the file) of each piece.
    pieces: Vec<(usize, Range<usize>)>,
}

impl Fragment {
    pub(super) fn new() -> Fragment {
        Fragment {
            text: String::new(),
            pieces: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, text: &str, span: Range<usize>) {
        self.pieces.push((self.text.len(), span));
        self.text.push_str(text);
    }

    /// The file's byte range of the piece holding offset `at` of the text.
    fn span_at(&self, at: usize) -> Range<usize> {
        let i = self
            .pieces
            .partition_point(|(start, _)| *start <= at)
            .saturating_sub(1);
        self.pieces.get(i).map_or(0..0, |(_, span)| span.clone())
    }

    pub(super) fn span(&self) -> Range<usize> {
        match (self.pieces.first(), self.pieces.last()) {
            (Some((_, first)), Some((_, last))) => first.start..last.end,
            _ => 0..0,
        }
    }
}

/// A comment or comment-shaped fragment that reads like a marker without
/// being one, or a comment that never closes: each a problem.
pub(super) fn check_comments(fragment: &Fragment, problems: &mut Problems, text: &str) {
    let comments = comments::find(&fragment.text);
    for comment in &comments {
        let span = trim_span(text, fragment.span_at(comment.range.start));
        let inner = &fragment.text[comment.inner.clone()];
        if !comment.closed {
            problems.push((Code::UnclosedComment, span, UNCLOSED_COMMENT));
        } else if comments::marker(inner).is_none() && comments::reads_like_marker(inner) {
            problems.push((Code::MalformedInternalMarker, span, NEAR_MISS));
        }
    }
    // What is left outside the comments may still be shaped like one.
    let rest = comments::strip(&fragment.text);
    if comments::comment_shaped(&rest) && comments::reads_like_marker(&rest) {
        let span = trim_span(text, fragment.span());
        problems.push((Code::MalformedInternalMarker, span, NEAR_MISS));
    }
}

/// Text that holds `<!--` as written (no `-->` after it in the paragraph,
/// or Markdown would have made it HTML) is a comment that never closes;
/// `\\<!--` shows the characters on purpose. Text shaped like a comment
/// that reads like a marker is a near miss.
pub(super) fn check_text(
    (range, joined): &(Range<usize>, std::borrow::Cow<'_, str>),
    problems: &mut Problems,
    text: &str,
) {
    let source = &text[range.clone()];
    // Most text has no `<` at all: no searcher is set up for it.
    let literal = memchr::memchr(b'<', source.as_bytes()).is_some()
        && source
            .match_indices("<!--")
            .any(|(i, _)| !text[..range.start + i].ends_with('\\'));
    if literal {
        problems.push((
            Code::UnclosedComment,
            trim_span(text, range.clone()),
            UNCLOSED_COMMENT,
        ));
    } else if comments::comment_shaped(joined) && comments::reads_like_marker(joined) {
        problems.push((
            Code::MalformedInternalMarker,
            trim_span(text, range.clone()),
            NEAR_MISS,
        ));
    }
}

/// The marker an HTML block is, when it is nothing but one comment.
pub(super) fn block_marker(fragment: &Fragment) -> Option<Marker> {
    let comments = comments::find(&fragment.text);
    match comments.as_slice() {
        [only]
            if only.closed
                && fragment.text[..only.range.start].trim().is_empty()
                && fragment.text[only.range.end..].trim().is_empty() =>
        {
            comments::marker(&fragment.text[only.inner.clone()])
        }
        _ => None,
    }
}

/// Whether a fragment holds a marker among other things (`R055`).
pub(super) fn holds_marker(fragment: &str) -> bool {
    comments::find(fragment)
        .iter()
        .any(|c| c.closed && comments::marker(&fragment[c.inner.clone()]).is_some())
}

/// Shrinks a span to its first line, without the line ending.
pub(super) fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let slice = &text[span.clone()];
    let first_line = slice
        .split('\n')
        .next()
        .unwrap_or("")
        .trim_end_matches('\r');
    span.start..span.start + first_line.len()
}
