//! Indexes over a trimmed site: the groupings that browse and action pages
//! list. Computed once, from the site the audience may see, so a service or
//! owner that only internal reports mention never reaches the public site.

use crate::model::ActionStatus;
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

#[derive(Debug, Clone, Default)]
pub struct Indexes {
    /// In the configuration's order of severities; empty groups kept.
    pub by_severity: Vec<Group>,
    pub by_service: Vec<Group>,
    pub by_tag: Vec<Group>,
    /// Newest year first.
    pub by_year: Vec<Group>,
    /// Every action, sorted by due date (none last), then report and id.
    pub actions: Vec<ActionRef>,
    pub open: Vec<ActionRef>,
    pub overdue: Vec<ActionRef>,
    pub due_soon: Vec<ActionRef>,
    pub done: Vec<ActionRef>,
    pub by_owner: Vec<ActionGroup>,
}

impl Indexes {
    pub fn build(site: &Site) -> Indexes {
        let by_severity = site
            .config
            .severities
            .iter()
            .map(|level| Group {
                name: level.name.clone(),
                slug: level.name.clone(),
                reports: (0..site.reports.len())
                    .filter(|&i| site.reports[i].severity == level.name)
                    .collect(),
            })
            .collect();
        let by_service = groups(site, |r| r.services.clone());
        let by_tag = groups(site, |r| r.tags.clone());
        let mut by_year = groups(site, |r| vec![r.date.year().to_string()]);
        by_year.reverse();

        let mut actions: Vec<ActionRef> = site
            .reports
            .iter()
            .enumerate()
            .flat_map(|(report, r)| {
                (0..r.actions.len()).map(move |action| ActionRef { report, action })
            })
            .collect();
        let action = |a: &ActionRef| &site.reports[a.report].actions[a.action];
        actions.sort_by(|a, b| {
            let (x, y) = (action(a), action(b));
            (x.due.is_none(), x.due, &site.reports[a.report].slug, &x.id).cmp(&(
                y.due.is_none(),
                y.due,
                &site.reports[b.report].slug,
                &y.id,
            ))
        });
        let today = site.today;
        let is_open = |a: &&ActionRef| !action(a).status.is_closed();
        let open: Vec<ActionRef> = actions.iter().filter(is_open).copied().collect();
        let overdue = open
            .iter()
            .filter(|a| action(a).days_overdue(today).is_some())
            .copied()
            .collect();
        let due_soon = open
            .iter()
            .filter(|a| action(a).is_due_within(today, DUE_SOON_DAYS))
            .copied()
            .collect();
        let done = actions
            .iter()
            .filter(|a| action(a).status == ActionStatus::Done)
            .copied()
            .collect();

        let mut owners: BTreeMap<&str, Vec<ActionRef>> = BTreeMap::new();
        for a in &actions {
            owners.entry(action(a).owner.as_str()).or_default().push(*a);
        }
        let mut slugs = SlugSet::default();
        let by_owner = owners
            .into_iter()
            .map(|(name, actions)| ActionGroup {
                name: name.to_string(),
                slug: slugs.unique(name),
                actions,
            })
            .collect();
        Indexes {
            by_severity,
            by_service,
            by_tag,
            by_year,
            actions,
            open,
            overdue,
            due_soon,
            done,
            by_owner,
        }
    }
}

/// Groups reports by the names `keys` gives each, sorted by name.
fn groups(site: &Site, keys: impl Fn(&crate::model::Report) -> Vec<String>) -> Vec<Group> {
    let mut map: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, report) in site.reports.iter().enumerate() {
        let mut names = keys(report);
        names.sort();
        names.dedup();
        for name in names {
            map.entry(name).or_default().push(i);
        }
    }
    let mut slugs = SlugSet::default();
    map.into_iter()
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
