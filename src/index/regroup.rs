//! What [`Indexes::patched`] needs beyond moving a report within lists:
//! where each report of the last site is in this one ([`Moves`]), every
//! index renumbered when edited reports moved (another date or slug), and
//! the groups of one kind made again from the reports in one pass, as
//! [`Indexes::build`] makes them (years, kinds, factors, affected groups,
//! owners and teams, and the links between reports), for an edit that
//! changes them.

use super::{
    ActionGroup, ActionRef, Indexes, SlugSet, add_links, factor_groups, insert_sorted, kind_groups,
    named_groups, team_groups,
};
use crate::model::Report;
use crate::site::Site;
use chrono::Datelike;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Where the reports of the last site are in this one.
pub(super) struct Moves {
    /// Each report's index now, by its index in the last site
    /// ([`GONE`] for a report that is no longer in the site); empty when
    /// no report moved.
    new_of_old: Vec<usize>,
    /// The edited reports: (index in the last site, index now), in the
    /// order of the site now.
    pub(super) edited: Vec<(usize, usize)>,
    /// The reports new in this site (a file that appeared, or a report the
    /// audience sees now), by index now, ascending.
    pub(super) added: Vec<usize>,
    /// The reports of the last site that are gone, by index then.
    pub(super) removed: Vec<usize>,
}

/// In [`Moves::new_of_old`], a report of the last site that is gone.
const GONE: usize = usize::MAX;

impl Moves {
    /// `None` when more than `most` reports were edited, added or removed
    /// (reports are matched by file).
    pub(super) fn between(
        before: &[Arc<Report>],
        now: &[Arc<Report>],
        most: usize,
    ) -> Option<Moves> {
        if before.len() == now.len() {
            let differ: Vec<usize> = (0..now.len())
                .filter(|&i| !Arc::ptr_eq(&now[i], &before[i]))
                .take(most + 1)
                .collect();
            if differ.len() <= most
                && differ
                    .iter()
                    .all(|&i| now[i].rel_path == before[i].rel_path)
            {
                return Some(Moves {
                    new_of_old: Vec::new(),
                    edited: differ.into_iter().map(|i| (i, i)).collect(),
                    added: Vec::new(),
                    removed: Vec::new(),
                });
            }
        }
        if before.len().abs_diff(now.len()) > most {
            return None;
        }
        // Some moved, came or went. The reports that did not change are the
        // same (`Arc`) and keep their order: walked side by side, the others
        // are set apart, then matched by file.
        let (mut odd_before, mut odd_now) = (Vec::new(), Vec::new());
        let mut new_of_old = vec![GONE; before.len()];
        let (mut i, mut j) = (0, 0);
        let window = most + 1;
        while i < before.len() && j < now.len() {
            if Arc::ptr_eq(&before[i], &now[j]) {
                new_of_old[i] = j;
                (i, j) = (i + 1, j + 1);
                continue;
            }
            let ahead = |list: &[Arc<Report>], from: usize, x: &Arc<Report>| {
                list[from..]
                    .iter()
                    .take(window)
                    .position(|y| Arc::ptr_eq(x, y))
            };
            if let Some(k) = ahead(before, i + 1, &now[j]) {
                odd_before.extend(i..i + 1 + k);
                i += 1 + k;
            } else if let Some(k) = ahead(now, j + 1, &before[i]) {
                odd_now.extend(j..j + 1 + k);
                j += 1 + k;
            } else {
                odd_before.push(i);
                odd_now.push(j);
                (i, j) = (i + 1, j + 1);
            }
            if odd_before.len() > 2 * most || odd_now.len() > 2 * most {
                return None;
            }
        }
        odd_before.extend(i..before.len());
        odd_now.extend(j..now.len());
        if odd_before.len() > 2 * most || odd_now.len() > 2 * most {
            return None;
        }
        let (mut edited, mut added) = (Vec::new(), Vec::new());
        for &j in &odd_now {
            let matched = odd_before
                .iter()
                .copied()
                .find(|&i| before[i].rel_path == now[j].rel_path);
            match matched {
                Some(i) if new_of_old[i] == GONE => {
                    new_of_old[i] = j;
                    if !Arc::ptr_eq(&before[i], &now[j]) {
                        edited.push((i, j));
                    }
                }
                Some(_) => return None,
                None => added.push(j),
            }
        }
        let removed: Vec<usize> = odd_before
            .iter()
            .copied()
            .filter(|&i| new_of_old[i] == GONE)
            .collect();
        if edited.len() + added.len() + removed.len() > most {
            return None;
        }
        edited.sort_unstable_by_key(|&(_, j)| j);
        let mut removed = removed;
        removed.sort_unstable();
        Some(Moves {
            new_of_old,
            edited,
            added,
            removed,
        })
    }

    /// Whether any report is at another index than before (or came or
    /// went).
    pub(super) fn moved(&self) -> bool {
        !self.new_of_old.is_empty()
    }
}

impl Indexes {
    /// Renumbers every report in the indexes by `moves`, keeping each list
    /// in the site's order: only the edited reports can be out of it (the
    /// others kept their date and slug, so their order), so only the lists
    /// that hold one are sorted again. The lists of actions keep their
    /// order (by due date, slug and id) but for edited reports whose slug
    /// changed, which the caller moves. The links between reports are left
    /// to [`Indexes::relink`].
    pub(super) fn renumber(&mut self, moves: &Moves) {
        if !moves.moved() {
            return;
        }
        let map = &moves.new_of_old;
        let mut old_edited: Vec<usize> = moves.edited.iter().map(|&(o, _)| o).collect();
        old_edited.sort_unstable();
        // Each index mapped, and those of reports that are gone dropped,
        // in one pass.
        let fix = |list: &mut Vec<usize>| {
            let touched = old_edited.iter().any(|o| list.binary_search(o).is_ok());
            list.retain_mut(|i| {
                *i = map[*i];
                *i != GONE
            });
            if touched {
                list.sort_unstable();
            }
        };
        for groups in [
            &mut self.by_severity,
            &mut self.by_service,
            &mut self.by_tag,
            &mut self.by_year,
            &mut self.by_kind,
            &mut self.by_affected,
            &mut self.by_factor,
        ] {
            for group in groups.iter_mut() {
                fix(&mut group.reports);
            }
        }
        fix(&mut self.with_actions);
        let renumber = |list: &mut Vec<ActionRef>| {
            list.retain_mut(|a| {
                a.report = map[a.report];
                a.report != GONE
            });
        };
        self.action_lists_mut().into_iter().for_each(renumber);
        self.by_owner
            .iter_mut()
            .for_each(|g| renumber(&mut g.actions));
        self.by_team
            .iter_mut()
            .for_each(|t| renumber(&mut t.actions));
    }

    /// The groups of years made again.
    pub(super) fn regroup_years(&mut self, site: &Site) {
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for (i, report) in site.reports().iter().enumerate() {
            years.entry(report.date.year()).or_default().push(i);
        }
        self.by_year = named_groups(years.into_iter().map(|(y, r)| (y.to_string(), r)));
        self.by_year.reverse();
    }

    /// The groups of kinds made again.
    pub(super) fn regroup_kinds(&mut self, site: &Site) {
        let kinds = &site.config().incident_kinds;
        let mut reports: Vec<Vec<usize>> = vec![Vec::new(); kinds.len()];
        for (i, report) in site.reports().iter().enumerate() {
            if let Some(k) = report
                .kind
                .as_deref()
                .and_then(|kind| kinds.iter().position(|k| k.name == kind))
            {
                reports[k].push(i);
            }
        }
        self.by_kind = kind_groups(site.config(), reports);
    }

    /// The groups of contributing factors and of affected groups made again.
    pub(super) fn regroup_factors(&mut self, site: &Site) {
        let mut factors: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut affected: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, report) in site.reports().iter().enumerate() {
            for factor in &report.factors {
                factors.entry(factor.category.as_str()).or_default().push(i);
            }
            for group in report.impact.iter().flat_map(|im| &im.affected) {
                let reports = affected.entry(group.name.as_str()).or_default();
                if reports.last() != Some(&i) {
                    reports.push(i);
                }
            }
        }
        self.by_factor = factor_groups(site.config(), factors);
        self.by_affected = named_groups(affected.into_iter().map(|(n, r)| (n.to_string(), r)));
    }

    /// The site's lists of actions: every action, open, overdue, due soon,
    /// done (the owners' and teams' lists aside).
    pub(super) fn action_lists_mut(&mut self) -> [&mut Vec<ActionRef>; 5] {
        [
            &mut self.actions,
            &mut self.open,
            &mut self.overdue,
            &mut self.due_soon,
            &mut self.done,
        ]
    }

    /// The reports that name each report (`related`, `recurrence_of`)
    /// found again.
    pub(super) fn relink(&mut self, site: &Site) {
        let by_slug: HashMap<&str, usize> = site
            .reports()
            .iter()
            .enumerate()
            .map(|(i, r)| (r.slug.as_str(), i))
            .collect();
        let (mut recurrences, mut named_by): (HashMap<_, Vec<_>>, HashMap<_, Vec<_>>) =
            Default::default();
        for (i, report) in site.reports().iter().enumerate() {
            add_links(i, report, &by_slug, &mut recurrences, &mut named_by);
        }
        self.recurrences = recurrences;
        self.named_by = named_by;
    }

    /// Puts report `i`'s actions (taken out of every owner's and team's
    /// list) back in their owners' and teams' lists: an owner no action had
    /// gets a group, one left with no action loses its group, and then
    /// every owner's slug and every team's owners are worked out again (a
    /// pass over the owners and the people, not the actions).
    pub(super) fn move_to_owners(&mut self, i: usize, site: &Site) {
        let report = &site.reports()[i];
        let insert = |list: &mut Vec<ActionRef>, a: ActionRef| insert_sorted(list, a, site);
        for group in &mut self.by_owner {
            group.actions.retain(|a| a.report != i);
        }
        for team in &mut self.by_team {
            team.actions.retain(|a| a.report != i);
        }
        let mut reshaped = false;
        for (j, action) in report.actions.iter().enumerate() {
            let at = match self
                .by_owner
                .binary_search_by(|g| g.name.as_str().cmp(action.owner.as_str()))
            {
                Ok(at) => at,
                Err(at) => {
                    self.by_owner.insert(
                        at,
                        ActionGroup {
                            name: action.owner.clone(),
                            slug: String::new(),
                            actions: Vec::new(),
                        },
                    );
                    reshaped = true;
                    at
                }
            };
            insert(
                &mut self.by_owner[at].actions,
                ActionRef {
                    report: i,
                    action: j,
                },
            );
        }
        self.owners_again(site, reshaped, Some(i));
    }

    /// The owners' groups after report `report`'s actions were put in
    /// them (`reshaped`: an owner's group is new), or after reports went:
    /// a group left with no action goes, every owner's slug is worked out
    /// again if a group came or went, and the teams are made again, each
    /// keeping its actions by name (and given `report`'s).
    pub(super) fn owners_again(&mut self, site: &Site, mut reshaped: bool, report: Option<usize>) {
        let owners = self.by_owner.len();
        self.by_owner.retain(|g| !g.actions.is_empty());
        reshaped |= self.by_owner.len() != owners;
        if reshaped {
            let mut slugs = SlugSet::default();
            for group in &mut self.by_owner {
                group.slug = slugs.unique(&group.name);
            }
        }
        // The teams, with their actions kept by name.
        let mut kept: HashMap<String, Vec<ActionRef>> = std::mem::take(&mut self.by_team)
            .into_iter()
            .map(|t| (t.name, t.actions))
            .collect();
        self.by_team = team_groups(site, &self.by_owner);
        for team in &mut self.by_team {
            team.actions = kept.remove(&team.name).unwrap_or_default();
            let names: Vec<&str> = team
                .owners
                .iter()
                .map(|&o| self.by_owner[o].name.as_str())
                .collect();
            let Some(i) = report else { continue };
            for (j, action) in site.reports()[i].actions.iter().enumerate() {
                if names.contains(&action.owner.as_str()) {
                    let a = ActionRef {
                        report: i,
                        action: j,
                    };
                    insert_sorted(&mut team.actions, a, site);
                }
            }
        }
    }
}
