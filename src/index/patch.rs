//! The indexes of a site that differs from the last one by a few edited
//! reports (`serve`), patched instead of built again: an edit that leaves
//! every group as it was (the body, the summary, the title) keeps them as
//! they are; one that moves a report to another severity, or changes an
//! action's due date or status, moves the report or the action within the
//! lists; one that moves the report among the reports (another date or
//! slug) renumbers the indexes and puts it in its place; one that changes
//! a report's services, tags, year, kind, factors, affected groups, links
//! or an action's owner makes the groups of that kind again (a pass over
//! the reports or the actions, not the whole build). An edit that adds,
//! removes or renames actions puts the report's actions in the lists
//! again; a report added or removed is put in or taken out (`grow.rs`).
//! Only more than a few edited reports are left to [`Indexes::build`].

use super::regroup::Moves;
use super::{ActionRef, Group, Indexes, add_names, insert_sorted, lists_of, named_groups};
use crate::model::Report;
use crate::site::Site;
use chrono::Datelike;
use std::collections::BTreeMap;
use std::sync::Arc;

/// More edited reports than this, and the indexes are built again.
const MOST: usize = 16;

#[path = "grow.rs"]
mod grow;

/// What the edited reports changed, of what the indexes group by.
#[derive(Default)]
struct Changed {
    services: bool,
    tags: bool,
    years: bool,
    kinds: bool,
    factors: bool,
    links: bool,
    owners: bool,
}

impl Indexes {
    /// `previous`, the indexes of a site with reports `before`, brought up
    /// to date for `site`: `None` when they cannot be patched, and must be
    /// built. Same `today`, configuration and audience as `previous`. With
    /// the indexes, whether every group kept its name and slug (else the
    /// pages of groups may have moved; the reports' pages are found by
    /// slug, wherever the reports moved).
    pub fn patched(
        previous: Indexes,
        before: &[Arc<Report>],
        site: &Site,
    ) -> Option<(Indexes, bool)> {
        let now = site.reports();
        let moves = Moves::between(before, now, MOST)?;
        let configured = |name: &str| site.config().severities.iter().any(|l| l.name == name);
        if !moves
            .edited
            .iter()
            .all(|&(o, n)| patchable(&before[o], &now[n], site))
            || !moves.added.iter().all(|&n| configured(&now[n].severity))
        {
            return None;
        }
        let mut ix = previous;
        // The owners' and teams' slugs, to tell whether their pages moved.
        let owners: Vec<String> = ix.by_owner.iter().map(|g| g.slug.clone()).collect();
        let teams: Vec<String> = ix.by_team.iter().map(|t| t.slug.clone()).collect();
        ix.renumber(&moves);
        let mut changed = Changed::default();
        if !moves.removed.is_empty() {
            changed.gone(&mut ix, site);
        }
        let mut same = true;
        for &(o, i) in &moves.edited {
            let (old, new) = (&before[o], &now[i]);
            changed.services |= old.services != new.services;
            changed.tags |= old.tags != new.tags;
            changed.years |= old.date.year() != new.date.year();
            changed.kinds |= old.kind != new.kind;
            changed.factors |= !same_factors(old, new);
            changed.links |= old.slug != new.slug
                || old.related != new.related
                || old.recurrence_of != new.recurrence_of;
            // Actions added or taken away: the report's actions are put
            // in every list again, as when their owners change.
            let actions = !same_actions(old, new);
            if actions && old.actions.is_empty() != new.actions.is_empty() {
                ix.with_actions.retain(|&r| r != i);
                if !new.actions.is_empty() {
                    let at = ix.with_actions.partition_point(|&r| r < i);
                    ix.with_actions.insert(at, i);
                }
            }
            let owners = actions
                || old
                    .actions
                    .iter()
                    .zip(&new.actions)
                    .any(|(a, b)| a.owner != b.owner);
            changed.owners |= owners;
            if old.severity != new.severity {
                ix.move_severity(i, old, new, site);
            }
            let moved = old.slug != new.slug
                || old
                    .actions
                    .iter()
                    .zip(&new.actions)
                    .any(|(a, b)| a.due != b.due || a.status != b.status);
            if moved || owners {
                ix.move_actions(i, site, !owners);
            }
            if owners {
                ix.move_to_owners(i, site);
            }
        }
        for &n in &moves.added {
            ix.add_report(n, site, &mut changed);
        }
        if moves.moved() || changed.links {
            ix.relink(site);
        }
        if changed.services {
            let groups = groups_of(site, |r| &r.services);
            same &= same_names(&ix.by_service, &groups);
            ix.by_service = groups;
        }
        if changed.tags {
            let groups = groups_of(site, |r| &r.tags);
            same &= same_names(&ix.by_tag, &groups);
            ix.by_tag = groups;
        }
        let mut regroup =
            |ix: &mut Indexes, groups: fn(&Indexes) -> &[Group], again: &dyn Fn(&mut Indexes)| {
                let names: Vec<(String, String)> = groups(ix)
                    .iter()
                    .map(|g| (g.name.clone(), g.slug.clone()))
                    .collect();
                again(ix);
                same &= names
                    .iter()
                    .map(|(n, s)| (n.as_str(), s.as_str()))
                    .eq(groups(ix)
                        .iter()
                        .map(|g| (g.name.as_str(), g.slug.as_str())));
            };
        if changed.years {
            regroup(&mut ix, |ix| &ix.by_year, &|ix| ix.regroup_years(site));
        }
        if changed.kinds {
            regroup(&mut ix, |ix| &ix.by_kind, &|ix| ix.regroup_kinds(site));
        }
        if changed.factors {
            let affected: Vec<(String, String)> = ix
                .by_affected
                .iter()
                .map(|g| (g.name.clone(), g.slug.clone()))
                .collect();
            regroup(&mut ix, |ix| &ix.by_factor, &|ix| ix.regroup_factors(site));
            same &= affected.iter().map(|(n, s)| (n.as_str(), s.as_str())).eq(ix
                .by_affected
                .iter()
                .map(|g| (g.name.as_str(), g.slug.as_str())));
        }
        if changed.owners {
            same &= owners.iter().eq(ix.by_owner.iter().map(|g| &g.slug))
                && teams.iter().eq(ix.by_team.iter().map(|t| &t.slug));
        }
        Some((ix, same))
    }

    fn move_severity(&mut self, i: usize, old: &Report, new: &Report, site: &Site) {
        let level = |name: &str| site.config().severities.iter().position(|l| l.name == name);
        if let Some(from) = level(&old.severity) {
            let reports = &mut self.by_severity[from].reports;
            if let Ok(at) = reports.binary_search(&i) {
                reports.remove(at);
            }
        }
        if let Some(to) = level(&new.severity) {
            let reports = &mut self.by_severity[to].reports;
            if let Err(at) = reports.binary_search(&i) {
                reports.insert(at, i);
            }
        }
    }

    /// Takes report `i`'s actions out of every list of actions and puts
    /// them back where their due dates, statuses and slug now sort them;
    /// the lists of owners and teams too when `owners` (else the caller
    /// makes them again).
    fn move_actions(&mut self, i: usize, site: &Site, owners: bool) {
        let report = &site.reports()[i];
        let today = site.today();
        let insert = |list: &mut Vec<ActionRef>, a: ActionRef| insert_sorted(list, a, site);
        for list in self.action_lists_mut() {
            list.retain(|a| a.report != i);
        }
        if owners {
            self.take_from_owners(i);
        }
        for (j, action) in report.actions.iter().enumerate() {
            let a = ActionRef {
                report: i,
                action: j,
            };
            let lists = lists_of(action, today);
            insert(&mut self.actions, a);
            for (list, member) in [
                (&mut self.open, lists.open),
                (&mut self.overdue, lists.overdue),
                (&mut self.due_soon, lists.due_soon),
                (&mut self.done, lists.done),
            ] {
                if member {
                    insert(list, a);
                }
            }
            if !owners {
                continue;
            }
            // Owners are sorted by name, and their names are unique.
            let owner = self
                .by_owner
                .binary_search_by(|g| g.name.as_str().cmp(action.owner.as_str()))
                .expect("an owner of the last site");
            insert(&mut self.by_owner[owner].actions, a);
            for team in &mut self.by_team {
                if team.owners.binary_search(&owner).is_ok() {
                    insert(&mut team.actions, a);
                }
            }
        }
    }

    /// Takes report `i`'s actions out of its owners' and teams' lists.
    fn take_from_owners(&mut self, i: usize) {
        for group in &mut self.by_owner {
            if group.actions.iter().any(|a| a.report == i) {
                group.actions.retain(|a| a.report != i);
            }
        }
        for team in &mut self.by_team {
            if team.actions.iter().any(|a| a.report == i) {
                team.actions.retain(|a| a.report != i);
            }
        }
    }
}

/// Whether `new`, an edit of `old`, can be patched in: a severity of the
/// configuration (or the same one).
fn patchable(old: &Report, new: &Report, site: &Site) -> bool {
    let configured = |name: &str| site.config().severities.iter().any(|l| l.name == name);
    old.severity == new.severity || (configured(&old.severity) && configured(&new.severity))
}

/// Whether two reports have the same actions, by id, in order (owners, due
/// dates and statuses may differ).
fn same_actions(old: &Report, new: &Report) -> bool {
    old.actions.len() == new.actions.len()
        && old
            .actions
            .iter()
            .zip(&new.actions)
            .all(|(a, b)| a.id == b.id)
}

/// Whether two reports have the same factors' categories and affected
/// groups, in order.
fn same_factors(old: &Report, new: &Report) -> bool {
    old.factors
        .iter()
        .map(|f| &f.category)
        .eq(new.factors.iter().map(|f| &f.category))
        && affected(old).eq(affected(new))
}

/// The groups of services or of tags, as [`Indexes::build`] makes them.
fn groups_of(site: &Site, names: fn(&Report) -> &[String]) -> Vec<Group> {
    let mut map: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, report) in site.reports().iter().enumerate() {
        add_names(&mut map, names(report), i);
    }
    named_groups(map.into_iter().map(|(n, r)| (n.to_string(), r)))
}

/// Whether two lists of groups have the same names and slugs, in order.
fn same_names(a: &[Group], b: &[Group]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| a.name == b.name && a.slug == b.slug)
}

/// The names of a report's affected groups, in order.
fn affected(r: &Report) -> impl Iterator<Item = &str> {
    r.impact
        .iter()
        .flat_map(|im| &im.affected)
        .map(|g| g.name.as_str())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::ActionStatus;
    use crate::site::{Audience, Untrimmed, audience};
    use chrono::NaiveDate;

    /// The example site's reports and configuration (`grow`'s tests use
    /// it too).
    pub(in crate::index) fn example() -> (Vec<Arc<Report>>, crate::config::Config, NaiveDate) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-reports");
        let config = crate::config::load(&dir).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let options = crate::pipeline::Options {
            today,
            only: None,
            keep_reports: true,
        };
        let outcome = crate::pipeline::run(&dir, &config, &options).unwrap();
        (outcome.reports, config, today)
    }

    /// The site of `reports`, trimmed as `serve` trims (sharing the
    /// reports that were trimmed before).
    fn site(
        reports: &[Arc<Report>],
        config: &crate::config::Config,
        today: NaiveDate,
        trimmed: &mut audience::Trimmed,
    ) -> Site {
        let model = Untrimmed::new(
            config.clone(),
            today,
            reports.to_vec(),
            Vec::new(),
            Default::default(),
            false,
        );
        audience::trim_again(model, Audience::Internal, trimmed)
    }

    /// Edits the report with actions in the middle of the site with `edit`,
    /// and returns the indexes patched and built, each for the edited site.
    fn both(edit: impl Fn(&mut Report)) -> (Option<Indexes>, Indexes) {
        let (reports, config, today) = example();
        let mut trimmed = audience::Trimmed::default();
        let before = site(&reports, &config, today, &mut trimmed);
        let with_actions: Vec<usize> = (0..before.reports().len())
            .filter(|&i| before.reports()[i].actions.len() > 1)
            .collect();
        let i = with_actions[with_actions.len() / 2];
        // The source of that report edited, the others shared.
        let mut edited = reports.clone();
        let source = edited
            .iter_mut()
            .find(|r| r.slug == before.reports()[i].slug)
            .unwrap();
        edit(Arc::make_mut(source));
        let after = site(&edited, &config, today, &mut trimmed);
        let patched = Indexes::patched(Indexes::build(&before), before.reports(), &after);
        (patched.map(|(ix, _)| ix), Indexes::build(&after))
    }

    #[test]
    fn a_severity_moved_is_patched_as_built() {
        let (patched, built) = both(|r| {
            r.severity = if r.severity == "minor" {
                "major"
            } else {
                "minor"
            }
            .into();
        });
        assert_eq!(patched.expect("patched"), built);
    }

    #[test]
    fn due_dates_and_statuses_moved_are_patched_as_built() {
        let (patched, built) = both(|r| {
            r.actions[0].due = NaiveDate::from_ymd_opt(2026, 1, 20);
            r.actions[1].due = NaiveDate::from_ymd_opt(2020, 1, 1);
            r.actions[1].status = ActionStatus::Done;
        });
        assert_eq!(patched.expect("patched"), built);
        let (patched, built) = both(|r| {
            r.actions[0].due = None;
            r.actions[1].status = ActionStatus::Open;
            r.actions[1].due = NaiveDate::from_ymd_opt(2026, 1, 10);
        });
        assert_eq!(patched.expect("patched"), built);
    }

    #[test]
    fn services_and_tags_are_grouped_again_as_built() {
        let (patched, built) = both(|r| r.tags.push("a-tag-no-report-has".into()));
        assert_eq!(patched.expect("patched"), built);
        let (patched, built) = both(|r| {
            r.services.remove(0);
            r.tags.clear();
        });
        assert_eq!(patched.expect("patched"), built);
    }

    #[test]
    fn owners_new_and_known_are_patched_as_built() {
        let (patched, built) = both(|r| r.actions[0].owner = "someone new".into());
        assert_eq!(patched.expect("patched"), built);
        let (patched, built) = both(|r| {
            let other = r.actions[1].owner.clone();
            r.actions[0].owner = other;
        });
        assert_eq!(patched.expect("patched"), built);
        // Every action of the report to one owner: some owner may have no
        // action left, and its group goes.
        let (patched, built) = both(|r| {
            for a in &mut r.actions {
                a.owner = "the one owner".into();
            }
        });
        assert_eq!(patched.expect("patched"), built);
    }

    #[test]
    fn a_report_moved_by_its_date_or_slug_is_patched_as_built() {
        for days in [1, 40, -40, -400, 400, -4000] {
            let (patched, built) = both(|r| r.date += chrono::Duration::days(days));
            assert_eq!(patched.expect("patched"), built, "{days} days");
        }
        let (patched, built) = both(|r| r.slug = crate::model::Slug::parse("aaa-first").unwrap());
        assert_eq!(patched.expect("patched"), built);
        let (patched, built) = both(|r| {
            r.slug = crate::model::Slug::parse("zzz-last").unwrap();
            r.date = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
            r.severity = "critical".into();
        });
        assert_eq!(patched.expect("patched"), built);
    }

    #[test]
    fn kinds_factors_and_links_are_grouped_again_as_built() {
        let (patched, built) = both(|r| r.kind = Some("slow".into()));
        assert_eq!(patched.expect("patched"), built);
        let (patched, built) = both(|r| r.kind = None);
        assert_eq!(patched.expect("patched"), built);
        let (patched, built) = both(|r| {
            r.factors.truncate(1);
            if let Some(f) = r.factors.first_mut() {
                f.category = "a category of its own".into();
            }
        });
        assert_eq!(patched.expect("patched"), built);
        let (patched, built) = both(|r| r.related.clear());
        assert_eq!(patched.expect("patched"), built);
    }

    #[test]
    fn actions_added_or_taken_away_are_patched_as_built() {
        let (patched, built) = both(|r| {
            let mut action = r.actions[0].clone();
            action.id = "A-new".into();
            action.owner = "an owner of its own".into();
            r.actions.push(action);
        });
        assert_eq!(patched.expect("patched"), built);
        let (patched, built) = both(|r| {
            r.actions.remove(0);
        });
        assert_eq!(patched.expect("patched"), built);
        let (patched, built) = both(|r| r.actions.clear());
        assert_eq!(patched.expect("patched"), built);
    }

    #[test]
    fn a_title_or_body_edit_keeps_the_indexes() {
        let (patched, built) = both(|r| r.title.push_str(" (edited)"));
        assert_eq!(patched.expect("patched"), built);
    }
}
