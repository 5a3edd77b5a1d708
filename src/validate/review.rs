//! `review:` beyond its types: a review the practice does not need says
//! why, and a draft goes to the attendees some days before the meeting.

use crate::config::ReviewSettings;
use crate::diagnostic::{Code, FileReporter, plural};
use crate::parse::front_matter::RawReview;

pub(super) fn check(r: &mut FileReporter, review: Option<&RawReview>, settings: &ReviewSettings) {
    let Some(review) = review else { return };
    if let Some(needed) = review.needed.as_ref().filter(|n| !n.value) {
        if review.reason.is_none() {
            r.report(
                Code::MissingKey,
                needed.span.clone(),
                "`review.needed` is false, but there is no `reason`",
            )
            .set_help("say why no review meeting is needed: `reason: trivial, no lasting change`");
        }
        if let Some(date) = &review.date {
            r.report(
                Code::Contradiction,
                date.span.clone(),
                "`review.needed` is false, but the review has a `date`",
            )
            .set_help(
                "remove `needed: false` if the review took place, or the `date` if it did not",
            );
        }
    }
    let (Some(draft), Some(meeting)) = (&review.draft_circulated, &review.date) else {
        return;
    };
    let days = (meeting.value - draft.value).num_days();
    let wanted = i64::from(settings.draft_days_before_meeting);
    if days >= wanted {
        return;
    }
    let message = if days < 0 {
        format!(
            "the draft went out {} after the review meeting",
            plural(days.unsigned_abs() as usize, "day", "days")
        )
    } else if days == 0 {
        "the draft went out on the day of the review meeting".to_string()
    } else {
        format!(
            "the draft went out only {} before the review meeting",
            plural(days as usize, "day", "days")
        )
    };
    r.report(Code::LateDraft, draft.span.clone(), message)
        .set_help(format!(
            "circulate the draft at least {} before the meeting, so that attendees come having read it (`reviews: draft_days_before_meeting` in retrospect.yaml)",
            plural(wanted as usize, "day", "days")
        ));
}
