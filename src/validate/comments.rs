//! HTML comments in the front matter's text: cut from every value before
//! anything else reads it, so that no page, feed or data file holds one
//! (a page hid a comment in a summary; `feed.xml`, `actions.json`,
//! `actions.csv` and `actions.ics` printed it). A marker, or what reads
//! like one, works only in the body: in a value it is an error (`R056`),
//! and so is a comment that never closes (`R057`).

use crate::diagnostic::{Code, FileReporter};
use crate::model::Sp;
use crate::parse::FrontMatter;
use crate::parse::comments;
use crate::parse::entries::RawEntry;

/// Removes the comments from every text value of the front matter,
/// reporting markers and unclosed comments.
pub(super) fn remove(r: &mut FileReporter, fm: &mut FrontMatter) {
    let mut values: Vec<&mut Sp<String>> = Vec::new();
    values.extend(fm.title.as_mut());
    values.extend(fm.summary.as_mut());
    values.extend(fm.lead.as_mut());
    values.extend(fm.internal_notes.as_mut());
    values.extend(fm.services.iter_mut());
    values.extend(fm.tags.iter_mut());
    values.extend(fm.authors.iter_mut());
    values.extend(fm.kind.as_mut());
    values.extend(fm.recurrence_of.as_mut());
    for list in [
        &mut fm.roles,
        &mut fm.communications,
        &mut fm.recommendations,
        &mut fm.investigations,
        &mut fm.known_issues,
        &mut fm.factors,
    ] {
        for entry in Option::iter_mut(list).flat_map(|l| l.value.iter_mut()) {
            values.extend(RawEntry::texts_mut(entry));
        }
    }
    if let Some(impact) = fm.impact.as_mut() {
        values.extend(impact.summary.as_mut());
        values.extend(impact.users.as_mut());
        for entry in impact.affected.iter_mut().chain(impact.data_lost.as_mut()) {
            values.extend(RawEntry::texts_mut(entry));
        }
    }
    if let Some(timeline) = fm.timeline.as_mut() {
        for entry in &mut timeline.value {
            values.extend(entry.event.as_mut());
            values.extend(entry.kind.as_mut());
        }
    }
    if let Some(actions) = fm.actions.as_mut() {
        for action in &mut actions.value {
            values.extend(action.title.as_mut());
            values.extend(action.owner.as_mut());
            values.extend(action.priority.as_mut());
            values.extend(action.recommendation.as_mut());
            values.extend(action.outcome.as_mut());
        }
    }
    if let Some(review) = fm.review.as_mut() {
        values.extend(review.notes.as_mut());
        values.extend(review.reason.as_mut());
        values.extend(review.attendees.iter_mut());
    }
    for value in values {
        clean(r, value);
    }
}

fn clean(r: &mut FileReporter, value: &mut Sp<String>) {
    let text = &value.value;
    if !text.contains("<!--") && !comments::comment_shaped(text) {
        return;
    }
    let found = comments::find(text);
    let marker = found.iter().any(|c| {
        let inner = &text[c.inner.clone()];
        c.closed && (comments::marker(inner).is_some() || comments::reads_like_marker(inner))
    });
    let rest = comments::strip(text).into_owned();
    if found.iter().any(|c| !c.closed) {
        r.report(
            Code::UnclosedComment,
            value.span.clone(),
            "this value holds an HTML comment that is never closed",
        )
        .set_help("end the comment with `-->`, or remove it");
    } else if marker || (comments::comment_shaped(&rest) && comments::reads_like_marker(&rest)) {
        r.report(
            Code::MalformedInternalMarker,
            value.span.clone(),
            "internal markers work only in the body, not in the front matter",
        )
        .set_help("put text for the internal site only in `internal_notes`, or in an internal passage of the body");
    }
    value.value = rest.trim().to_string();
}
