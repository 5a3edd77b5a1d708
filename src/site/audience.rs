//! Trimming a site to its audience, once, right after the model is built.
//! No later stage checks visibility: what the public must not see is not in
//! the value they are handed.

use super::{Audience, Site};
use crate::config::{Config, Visibility};
use crate::model::{Report, Slug, Status};
use std::collections::HashSet;

/// Shown for an action owner whose team is unknown, to the public.
pub const UNKNOWN_TEAM: &str = "a team member";

/// The site as `audience` may see it.
pub fn trim(mut site: Site, audience: Audience) -> Site {
    site.audience = audience;
    match audience {
        Audience::Internal => {
            for report in &mut site.reports {
                name_people(report, &site.config);
            }
        }
        Audience::Public => {
            site.reports
                .retain(|r| r.visibility == Visibility::Public && r.status == Status::Published);
            let kept: HashSet<Slug> = site.reports.iter().map(|r| r.slug.clone()).collect();
            let show_people = site.config.public.show_people;
            for report in &mut site.reports {
                report.related.retain(|slug| kept.contains(slug));
                report.internal_notes = None;
                report.body.markdown = report.body.without_internal_passages();
                report.body.internal_passages.clear();
                if show_people {
                    name_people(report, &site.config);
                } else {
                    hide_people(report, &site.config);
                }
            }
            // Which files may leave is decided by the links of what is kept:
            // the config's people map and git dates of hidden reports go too.
            let kept_paths: HashSet<&str> =
                site.reports.iter().map(|r| r.rel_path.as_str()).collect();
            site.last_updated
                .retain(|path, _| kept_paths.contains(path.as_str()));
            site.config.people.clear();
        }
    }
    site
}

/// Internal audience (and public with `show_people`): handles become names.
fn name_people(report: &mut Report, config: &Config) {
    let name = |handle: &str| {
        config
            .people
            .get(handle)
            .and_then(|p| p.name.clone())
            .unwrap_or_else(|| handle.to_string())
    };
    for author in &mut report.authors {
        *author = name(author);
    }
    if let Some(lead) = &mut report.lead {
        *lead = name(lead);
    }
    if let Some(review) = &mut report.review {
        for attendee in &mut review.attendees {
            *attendee = name(attendee);
        }
    }
    for action in &mut report.actions {
        action.owner = name(&action.owner);
    }
}

/// Public audience: no names. Owners become their team.
fn hide_people(report: &mut Report, config: &Config) {
    report.authors.clear();
    report.lead = None;
    if let Some(review) = &mut report.review {
        review.attendees.clear();
    }
    for action in &mut report.actions {
        action.owner = config
            .people
            .get(&action.owner)
            .and_then(|p| p.team.clone())
            .unwrap_or_else(|| UNKNOWN_TEAM.to_string());
    }
}
