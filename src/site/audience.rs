//! Trimming a site to its audience, once, right after the model is built.
//! No later stage checks visibility: what the public must not see is not in
//! the value they are handed.

use super::{Audience, Site, Untrimmed};
use crate::config::Config;
use crate::model::{Report, Slug, Status, Visibility};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Shown for an action owner whose team is unknown, to the public.
pub const UNKNOWN_TEAM: &str = "a team member";

/// The site as `audience` may see it: the only way to make a [`Site`].
pub fn trim(site: Untrimmed, audience: Audience) -> Site {
    trim_with(site, audience, None)
}

/// The reports of earlier trims, by the report each was trimmed from: for a
/// site trimmed again after every change (`serve`), where most reports are
/// the very same values (the same `Arc`) as the last time. Holds for one
/// configuration and one audience: start a new one when either changes.
#[derive(Default)]
pub struct Trimmed(HashMap<usize, (Arc<Report>, Arc<Report>)>);

/// [`trim`], reusing the trimmed reports of the last call when they were
/// trimmed from the same report, and remembering this call's.
pub fn trim_again(site: Untrimmed, audience: Audience, memo: &mut Trimmed) -> Site {
    trim_with(site, audience, Some(memo))
}

fn trim_with(mut site: Untrimmed, audience: Audience, mut memo: Option<&mut Trimmed>) -> Site {
    let kept: Option<HashSet<Slug>> = match audience {
        Audience::Internal => None,
        Audience::Public => {
            site.reports
                .retain(|r| r.visibility == Visibility::Public && r.status == Status::Published);
            Some(site.reports.iter().map(|r| r.slug.clone()).collect())
        }
    };
    let mut remembered = HashMap::new();
    let reports = std::mem::take(&mut site.reports);
    site.reports = reports
        .into_iter()
        .map(|source| {
            let key = Arc::as_ptr(&source) as usize;
            // Only reports the audience sees may be named.
            let related: Option<References> = kept.as_ref().map(|kept| References {
                related: source
                    .related
                    .iter()
                    .filter(|slug| kept.contains(*slug))
                    .cloned()
                    .collect(),
                recurrence_of: source
                    .recurrence_of
                    .clone()
                    .filter(|slug| kept.contains(slug)),
            });
            let earlier = memo.as_deref().and_then(|m| m.0.get(&key));
            let mut report = match (earlier, &memo) {
                (Some((_, trimmed)), _) => Arc::clone(trimmed),
                (None, Some(_)) => {
                    let mut report = Arc::clone(&source);
                    trim_report(Arc::make_mut(&mut report), &site.config, audience);
                    report
                }
                // Nothing keeps the report: trimmed in place, not copied.
                (None, None) => {
                    let mut report = source;
                    trim_report(Arc::make_mut(&mut report), &site.config, audience);
                    return report_with(report, related);
                }
            };
            report = report_with(report, related);
            remembered.insert(key, (source, Arc::clone(&report)));
            report
        })
        .collect();
    if let Some(memo) = memo.as_mut() {
        memo.0 = remembered;
    }
    if kept.is_some() {
        // Which files may leave is decided by the links of what is kept:
        // the config's people map and git dates of hidden reports go too.
        let kept_paths: HashSet<&str> = site.reports.iter().map(|r| r.rel_path.as_str()).collect();
        site.last_updated
            .retain(|path, _| kept_paths.contains(path.as_str()));
        // The history of what is kept, with dates but no commits: no
        // authors, messages or ids.
        site.history = std::mem::take(&mut site.history).for_public(&kept_paths);
        site.config.people.clear();
        // Links to the source only where the site allows them.
        if site.config.repository.as_ref().is_some_and(|r| !r.public) {
            site.config.repository = None;
        }
    }
    Site {
        config: site.config,
        audience,
        search: site.search,
        today: site.today,
        reports: site.reports,
        attachments: site.attachments,
        last_updated: site.last_updated,
        history: site.history,
    }
}

/// The other reports a report names that the audience sees.
struct References {
    related: Vec<Slug>,
    recurrence_of: Option<Slug>,
}

/// The report with `related` and `recurrence_of` set, copied only if that
/// changes it.
fn report_with(mut report: Arc<Report>, references: Option<References>) -> Arc<Report> {
    if let Some(refs) = references
        .filter(|r| r.related != report.related || r.recurrence_of != report.recurrence_of)
    {
        let report = Arc::make_mut(&mut report);
        report.related = refs.related;
        report.recurrence_of = refs.recurrence_of;
    }
    report
}

/// What one report shows to the audience. `related` and `recurrence_of`
/// are left to the caller: which reports the audience sees is a matter of
/// the whole site.
fn trim_report(report: &mut Report, config: &Config, audience: Audience) {
    match audience {
        Audience::Internal => name_people(report, config),
        Audience::Public => {
            report.internal_notes = None;
            report.body.markdown = report.body.public_markdown();
            report.body.internal_passages.clear();
            // Updates meant for the organisation stay in it.
            report.communications.retain(|c| c.audience.is_external());
            if !config.public.show_affected
                && let Some(impact) = &mut report.impact
            {
                impact.affected.clear();
            }
            if config.public.show_people {
                name_people(report, config);
            } else {
                hide_people(report, config);
            }
        }
    }
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
    for role in &mut report.roles {
        role.person = name(&role.person);
    }
    for by in report
        .communications
        .iter_mut()
        .filter_map(|c| c.by.as_mut())
    {
        *by = name(by);
    }
    for owner in report
        .investigations
        .iter_mut()
        .filter_map(|i| i.owner.as_mut())
    {
        *owner = name(owner);
    }
}

/// Public audience: no names. Action owners and the people holding roles
/// become their team; who sent an update and who investigates go.
fn hide_people(report: &mut Report, config: &Config) {
    let team = |person: &str| {
        config
            .people
            .get(person)
            .and_then(|p| p.team.clone())
            .unwrap_or_else(|| UNKNOWN_TEAM.to_string())
    };
    report.authors.clear();
    report.lead = None;
    if let Some(review) = &mut report.review {
        review.attendees.clear();
    }
    for action in &mut report.actions {
        action.owner = team(&action.owner);
    }
    for role in &mut report.roles {
        role.person = team(&role.person);
    }
    for communication in &mut report.communications {
        communication.by = None;
    }
    for investigation in &mut report.investigations {
        investigation.owner = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn site(dir: &std::path::Path, config: &Config) -> Untrimmed {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let options = crate::pipeline::Options {
            today,
            only: None,
            keep_reports: true,
        };
        let outcome = crate::pipeline::run(dir, config, &options).unwrap();
        assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
        Untrimmed::new(
            config.clone(),
            today,
            outcome.reports,
            Vec::new(),
            Default::default(),
            false,
        )
    }

    fn report(slug: &str, visibility: &str, related: &str) -> String {
        format!(
            "---\ntitle: {slug}\nslug: {slug}\ndate: 2025-03-14\nseverity: trivial\nstatus: published\n\
             visibility: {visibility}\nsummary: s\nauthors: [jo]\nstarted: \"09:00\"\nresolved: \"10:00\"\n\
             impact: {{summary: s}}\nrelated: [{related}]\nactions:\n  - title: t\n    owner: jo\n    due: 2026-06-01\n---\n\
             Text.\n<!-- internal -->\nSecret.\n<!-- /internal -->\n"
        )
    }

    /// Slug, related, authors, first action's owner, body.
    type Shown = (String, Vec<String>, Vec<String>, String, String);

    /// What the audience sees of each report, in order.
    fn shown(site: &Site) -> Vec<Shown> {
        site.reports()
            .iter()
            .map(|r| {
                (
                    r.slug.to_string(),
                    r.related.iter().map(|s| s.to_string()).collect(),
                    r.authors.clone(),
                    r.actions[0].owner.clone(),
                    r.body.markdown.unpack().unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn trimming_again_gives_what_trimming_gives_and_shares_what_did_not_change() {
        let dir = std::env::temp_dir().join(format!("retrospect-trim-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("reports")).unwrap();
        let write = |name: &str, text: String| {
            std::fs::write(dir.join("reports").join(name), text).unwrap()
        };
        write("a.md", report("a", "public", "b, c"));
        write("b.md", report("b", "internal", ""));
        write("c.md", report("c", "public", ""));
        let mut config = Config::default();
        config.people.insert(
            "jo".into(),
            crate::config::PersonInfo {
                name: Some("Jo Bloggs".into()),
                team: Some("payments".into()),
            },
        );
        for audience in [Audience::Internal, Audience::Public] {
            let mut memo = Trimmed::default();
            let first = site(&dir, &config);
            let once = trim_again(first.clone(), audience, &mut memo);
            assert_eq!(shown(&once), shown(&trim(first.clone(), audience)));
            // The same reports again: the very same trimmed values.
            let twice = trim_again(first.clone(), audience, &mut memo);
            assert_eq!(shown(&twice), shown(&once));
            for (x, y) in once.reports().iter().zip(twice.reports()) {
                assert!(Arc::ptr_eq(x, y));
            }
            // `b` becomes public: `a` may now name it, though `a` did not change.
            let mut again = first.clone();
            let b = again
                .reports
                .iter_mut()
                .find(|r| r.slug.as_str() == "b")
                .unwrap();
            Arc::make_mut(b).visibility = Visibility::Public;
            let fresh = trim(again.clone(), audience);
            let reused = trim_again(again, audience, &mut memo);
            assert_eq!(shown(&reused), shown(&fresh));
        }
        let public = trim(site(&dir, &config), Audience::Public);
        let shown = shown(&public);
        let a = shown.iter().find(|r| r.0 == "a").unwrap();
        assert_eq!(
            (a.1.clone(), a.2.clone(), a.3.as_str()),
            (vec!["c".to_string()], vec![], "payments")
        );
        assert!(!a.4.contains("Secret"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
