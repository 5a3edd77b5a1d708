//! Indexes over a trimmed site: the groupings that browse and action pages
//! list. Computed once, from the site the audience may see, so a service or
//! owner that only internal reports mention never reaches the public site.

mod patch;
mod regroup;

use crate::model::{Action, ActionStatus, Report};
use crate::site::Site;
use chrono::Datelike;
use std::collections::BTreeMap;

/// Actions due within this many days count as "due soon".
pub const DUE_SOON_DAYS: i64 = 14;

/// A named group of reports (a service, a tag, a year, a severity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// As written in the reports.
    pub name: String,
    /// URL-safe and unique among the groups of its kind.
    pub slug: String,
    /// Indexes into `Site::reports`, newest first.
    pub reports: Vec<usize>,
}

/// An action, by where it is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionRef {
    pub report: usize,
    pub action: usize,
}

/// A group of actions (an owner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionGroup {
    pub name: String,
    pub slug: String,
    pub actions: Vec<ActionRef>,
}

/// A team of `people:` that owns actions: the owner groups of its members
/// and their actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamGroup {
    pub name: String,
    pub slug: String,
    /// Indexes into `Indexes::by_owner`, ascending.
    pub owners: Vec<usize>,
    /// In the order of `Indexes::actions` (by due date).
    pub actions: Vec<ActionRef>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Indexes {
    /// In the configuration's order of severities; empty groups kept.
    pub by_severity: Vec<Group>,
    pub by_service: Vec<Group>,
    pub by_tag: Vec<Group>,
    /// Newest year first.
    pub by_year: Vec<Group>,
    /// The kinds of incident with reports, in the configuration's order.
    pub by_kind: Vec<Group>,
    /// The groups of `impact.affected` (none for the public audience,
    /// unless `public.show_affected`).
    pub by_affected: Vec<Group>,
    /// The categories of contributing factor with reports: the
    /// configuration's in its order, then any other written, by name.
    pub by_factor: Vec<Group>,
    /// The reports that are recurrences of each report, newest first.
    pub recurrences: std::collections::HashMap<usize, Vec<usize>>,
    /// The reports that name each report in `related` (back-links),
    /// newest first.
    pub named_by: std::collections::HashMap<usize, Vec<usize>>,
    /// Every action, sorted by due date (none last), then report and id.
    pub actions: Vec<ActionRef>,
    pub open: Vec<ActionRef>,
    pub overdue: Vec<ActionRef>,
    pub due_soon: Vec<ActionRef>,
    pub done: Vec<ActionRef>,
    pub by_owner: Vec<ActionGroup>,
    /// The teams of `people:` that own actions, by name (internal audience
    /// only: the public one has no people, and its owners are teams
    /// already).
    pub by_team: Vec<TeamGroup>,
    /// The reports that have actions, newest first (indexes into
    /// `Site::reports`).
    pub with_actions: Vec<usize>,
}

impl Indexes {
    /// One pass over the reports and one over the actions: `serve` builds
    /// the indexes again after every change, on sites of thousands of
    /// reports.
    pub fn build(site: &Site) -> Indexes {
        let mut by_severity: Vec<Vec<usize>> = vec![Vec::new(); site.config().severities.len()];
        let mut services: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut tags: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        let mut kinds: Vec<Vec<usize>> = vec![Vec::new(); site.config().incident_kinds.len()];
        let mut affected: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut factors: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut recurrences: std::collections::HashMap<usize, Vec<usize>> = Default::default();
        let mut named_by: std::collections::HashMap<usize, Vec<usize>> = Default::default();
        let by_slug: std::collections::HashMap<&str, usize> = site
            .reports()
            .iter()
            .enumerate()
            .map(|(i, r)| (r.slug.as_str(), i))
            .collect();
        // Each action with its sort key: due date (none last), then report
        // slug and action id, which make every key unique.
        let mut keyed: Vec<Keyed> = Vec::new();
        let today = site.today();
        let mut owner_ids: std::collections::HashMap<&str, usize> = Default::default();
        let mut owner_names: Vec<&str> = Vec::new();
        for (i, report) in site.reports().iter().enumerate() {
            if let Some(level) = site
                .config()
                .severities
                .iter()
                .position(|l| l.name == report.severity)
            {
                by_severity[level].push(i);
            }
            add_names(&mut services, &report.services, i);
            add_names(&mut tags, &report.tags, i);
            if let Some(k) = report.kind.as_deref().and_then(|kind| {
                site.config()
                    .incident_kinds
                    .iter()
                    .position(|k| k.name == kind)
            }) {
                kinds[k].push(i);
            }
            for factor in &report.factors {
                factors.entry(factor.category.as_str()).or_default().push(i);
            }
            for group in report.impact.iter().flat_map(|im| &im.affected) {
                let reports = affected.entry(group.name.as_str()).or_default();
                if reports.last() != Some(&i) {
                    reports.push(i);
                }
            }
            add_links(i, report, &by_slug, &mut recurrences, &mut named_by);
            years.entry(report.date.year()).or_default().push(i);
            for (j, action) in report.actions.iter().enumerate() {
                let key = sort_key(report, action);
                let next = owner_names.len();
                let owner = *owner_ids.entry(action.owner.as_str()).or_insert(next);
                if owner == next {
                    owner_names.push(action.owner.as_str());
                }
                // What the lists need of the action, read now, in the
                // reports' order: read after sorting, each action is a cache
                // miss (a third of this function's time at 10,000 reports).
                let Lists {
                    open,
                    overdue,
                    due_soon,
                    done,
                } = lists_of(action, today);
                keyed.push(Keyed {
                    key,
                    at: ActionRef {
                        report: i,
                        action: j,
                    },
                    open,
                    overdue,
                    due_soon,
                    done,
                    owner,
                });
            }
        }
        let by_severity = site
            .config()
            .severities
            .iter()
            .zip(by_severity)
            .map(|(level, reports)| Group {
                name: level.name.clone(),
                slug: level.name.clone(),
                reports,
            })
            .collect();
        let mut by_year = named_groups(years.into_iter().map(|(y, r)| (y.to_string(), r)));
        by_year.reverse();
        let by_kind = kind_groups(site.config(), kinds);

        keyed.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        let (mut actions, mut open, mut overdue, mut due_soon, mut done) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        // Owners by name, each with its actions in the order of `actions`.
        let mut by_name: Vec<usize> = (0..owner_names.len()).collect();
        by_name.sort_unstable_by_key(|&o| owner_names[o]);
        let mut rank = vec![0; owner_names.len()];
        for (r, &o) in by_name.iter().enumerate() {
            rank[o] = r;
        }
        let mut owner_actions: Vec<Vec<ActionRef>> = vec![Vec::new(); owner_names.len()];
        let mut owner_of = Vec::with_capacity(keyed.len());
        for k in keyed {
            let a = k.at;
            actions.push(a);
            if k.open {
                open.push(a);
            }
            if k.overdue {
                overdue.push(a);
            }
            if k.due_soon {
                due_soon.push(a);
            }
            if k.done {
                done.push(a);
            }
            owner_actions[rank[k.owner]].push(a);
            owner_of.push(rank[k.owner]);
        }
        let mut slugs = SlugSet::default();
        let by_owner = by_name
            .iter()
            .zip(owner_actions)
            .map(|(&o, actions)| ActionGroup {
                name: owner_names[o].to_string(),
                slug: slugs.unique(owner_names[o]),
                actions,
            })
            .collect::<Vec<_>>();
        let by_team = teams(site, &by_owner, &actions, &owner_of);
        Indexes {
            by_severity,
            by_service: named_groups(services.into_iter().map(|(n, r)| (n.to_string(), r))),
            by_tag: named_groups(tags.into_iter().map(|(n, r)| (n.to_string(), r))),
            by_year,
            by_kind,
            by_affected: named_groups(affected.into_iter().map(|(n, r)| (n.to_string(), r))),
            by_factor: factor_groups(site.config(), factors),
            recurrences,
            named_by,
            actions,
            open,
            overdue,
            due_soon,
            done,
            by_owner,
            by_team,
            with_actions: (0..site.reports().len())
                .filter(|&i| !site.reports()[i].actions.is_empty())
                .collect(),
        }
    }
}

/// An action's place in every list of actions: due date (none last), then
/// its report's slug and its id, which make every key unique.
type SortKey<'a> = (bool, Option<chrono::NaiveDate>, &'a str, &'a str);

/// The [`SortKey`] of `action`, of `report`.
fn sort_key<'a>(report: &'a Report, action: &'a Action) -> SortKey<'a> {
    (
        action.due.is_none(),
        action.due,
        report.slug.as_str(),
        action.id.as_str(),
    )
}

/// The groups of incident kinds, in the configuration's order, from the
/// reports of each (`reports[k]` for the `k`th kind); a kind without a
/// report has no group.
fn kind_groups(config: &crate::config::Config, reports: Vec<Vec<usize>>) -> Vec<Group> {
    config
        .incident_kinds
        .iter()
        .zip(reports)
        .filter(|(_, reports)| !reports.is_empty())
        .map(|(kind, reports)| Group {
            name: kind.name.clone(),
            slug: kind.name.clone(),
            reports,
        })
        .collect()
}

/// Puts `a` in `list`, sorted by [`sort_key`], where it sorts.
fn insert_sorted(list: &mut Vec<ActionRef>, a: ActionRef, site: &Site) {
    let key = |a: &ActionRef| {
        let r = &site.reports()[a.report];
        sort_key(r, &r.actions[a.action])
    };
    let k = key(&a);
    let at = list.partition_point(|b| key(b) < k);
    list.insert(at, a);
}

/// The reports report `i` names, found by slug in `by_slug`: it is a
/// recurrence of the first (`recurrence_of`), and names the others
/// (`related`). For a build and for a patch alike.
fn add_links(
    i: usize,
    report: &Report,
    by_slug: &std::collections::HashMap<&str, usize>,
    recurrences: &mut std::collections::HashMap<usize, Vec<usize>>,
    named_by: &mut std::collections::HashMap<usize, Vec<usize>>,
) {
    if let Some(&first) = report
        .recurrence_of
        .as_ref()
        .and_then(|slug| by_slug.get(slug.as_str()))
    {
        recurrences.entry(first).or_default().push(i);
    }
    for slug in &report.related {
        if let Some(&named) = by_slug.get(slug.as_str()) {
            named_by.entry(named).or_default().push(i);
        }
    }
}

/// Which of the lists of actions an action is in, on a day.
struct Lists {
    open: bool,
    overdue: bool,
    due_soon: bool,
    done: bool,
}

/// The lists `action` is in on `today`.
fn lists_of(action: &Action, today: chrono::NaiveDate) -> Lists {
    let open = !action.status.is_closed();
    Lists {
        open,
        overdue: open && action.days_overdue(today).is_some(),
        due_soon: open && action.is_due_within(today, DUE_SOON_DAYS),
        done: action.status == ActionStatus::Done,
    }
}

/// An action with its sort key and what the lists of actions need of it.
struct Keyed<'a> {
    key: SortKey<'a>,
    at: ActionRef,
    open: bool,
    overdue: bool,
    due_soon: bool,
    done: bool,
    /// Its owner, numbered in the order first met.
    owner: usize,
}

/// The teams of the site's people that own actions (internal audience
/// only), each with its owners' actions in the order of `actions`
/// (`owner_of` holds each action's index in `by_owner`).
fn teams(
    site: &Site,
    by_owner: &[ActionGroup],
    actions: &[ActionRef],
    owner_of: &[usize],
) -> Vec<TeamGroup> {
    let mut groups = team_groups(site, by_owner);
    if groups.is_empty() {
        return groups;
    }
    // Each owner's teams, to give every action to its owner's teams in one
    // pass over the actions.
    let mut of_owner: Vec<Vec<usize>> = vec![Vec::new(); by_owner.len()];
    for (t, team) in groups.iter().enumerate() {
        for &o in &team.owners {
            of_owner[o].push(t);
        }
    }
    for (a, &o) in actions.iter().zip(owner_of) {
        for &t in &of_owner[o] {
            groups[t].actions.push(*a);
        }
    }
    groups
}

/// The teams of the site's people that own actions (internal audience
/// only), by name, with their owners (indexes in `by_owner`) and slugs,
/// and no actions yet.
fn team_groups(site: &Site, by_owner: &[ActionGroup]) -> Vec<TeamGroup> {
    if site.audience() != crate::site::Audience::Internal {
        return Vec::new();
    }
    let owner_index: std::collections::HashMap<&str, usize> = by_owner
        .iter()
        .enumerate()
        .map(|(i, g)| (g.name.as_str(), i))
        .collect();
    let mut teams: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (handle, person) in &site.config().people {
        let Some(team) = person.team.as_deref() else {
            continue;
        };
        let shown = person.name.as_deref().unwrap_or(handle);
        if let Some(&i) = owner_index.get(shown) {
            teams.entry(team).or_default().push(i);
        }
    }
    let mut taken = std::collections::HashSet::new();
    teams
        .into_iter()
        .map(|(name, mut owners)| {
            owners.sort_unstable();
            owners.dedup();
            let base = crate::model::Slug::suggest(name);
            let base = if base.is_empty() { "team".into() } else { base };
            let mut slug = base.clone();
            let mut n = 1;
            while !taken.insert(slug.clone()) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            TeamGroup {
                name: name.to_string(),
                slug,
                owners,
                actions: Vec::new(),
            }
        })
        .collect()
}

/// Adds report `i` to the group of each name (once, if a name is repeated).
fn add_names<'a>(map: &mut BTreeMap<&'a str, Vec<usize>>, names: &'a [String], i: usize) {
    for name in names {
        let reports = map.entry(name.as_str()).or_default();
        if reports.last() != Some(&i) {
            reports.push(i);
        }
    }
}

/// The factor groups: the configuration's categories first, in its order.
fn factor_groups(
    config: &crate::config::Config,
    mut factors: BTreeMap<&str, Vec<usize>>,
) -> Vec<Group> {
    let mut ordered: Vec<(String, Vec<usize>)> = config
        .factor_categories
        .iter()
        .filter_map(|c| Some((c.name.clone(), factors.remove(c.name.as_str())?)))
        .collect();
    ordered.extend(factors.into_iter().map(|(n, r)| (n.to_string(), r)));
    named_groups(ordered.into_iter())
}

/// Groups in the order given, each with a slug unique among them.
fn named_groups(groups: impl Iterator<Item = (String, Vec<usize>)>) -> Vec<Group> {
    let mut slugs = SlugSet::default();
    groups
        .map(|(name, reports)| Group {
            slug: slugs.unique(&name),
            name,
            reports,
        })
        .collect()
}

/// Hands out slugs that are unique within one kind of page.
#[derive(Default)]
pub struct SlugSet(std::collections::HashSet<String>);

impl SlugSet {
    pub fn unique(&mut self, name: &str) -> String {
        let mut base = slug::slugify(name);
        if base.is_empty() {
            base = "other".into();
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.0.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_never_empty() {
        let mut set = SlugSet::default();
        assert_eq!(set.unique("Payments API"), "payments-api");
        assert_eq!(set.unique("payments api"), "payments-api-2");
        assert_eq!(set.unique("!!!"), "other");
    }
}
