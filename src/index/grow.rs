//! [`Indexes::patched`] for reports that came or went (a file added or
//! deleted, or a report the audience sees now or no longer): a new report
//! is put in the groups it names and in the lists of actions, where they
//! sort it; a group that is new, or left with no report, has its kind
//! made again (a pass over the reports), as an edit does.

use super::Changed;
use crate::index::{Group, Indexes};
use crate::site::Site;
use chrono::Datelike;

impl Changed {
    /// What reports that went changed, of the indexes renumbered without
    /// them: a group left with no report goes (its kind is made again),
    /// and so does an owner left with no action.
    pub(super) fn gone(&mut self, ix: &mut Indexes, site: &Site) {
        let empty = |groups: &[Group]| groups.iter().any(|g| g.reports.is_empty());
        self.services |= empty(&ix.by_service);
        self.tags |= empty(&ix.by_tag);
        self.years |= empty(&ix.by_year);
        self.kinds |= empty(&ix.by_kind);
        self.factors |= empty(&ix.by_factor) || empty(&ix.by_affected);
        self.links = true;
        if ix.by_owner.iter().any(|g| g.actions.is_empty()) {
            ix.owners_again(site, false, None);
            self.owners = true;
        }
    }
}

impl Indexes {
    /// Puts report `n`, new in `site` (the indexes hold the others,
    /// renumbered), in its groups and its actions in the lists; a group it
    /// is the first of is left to `changed` (its kind is made again).
    pub(super) fn add_report(&mut self, n: usize, site: &Site, changed: &mut Changed) {
        let report = &site.reports()[n];
        let config = site.config();
        if let Some(level) = config
            .severities
            .iter()
            .position(|l| l.name == report.severity)
        {
            insert_once(&mut self.by_severity[level].reports, n);
        }
        changed.services |= !add_to(&mut self.by_service, &names(&report.services), n);
        changed.tags |= !add_to(&mut self.by_tag, &names(&report.tags), n);
        let year = report.date.year().to_string();
        changed.years |= !add_to(&mut self.by_year, &[year.as_str()], n);
        if let Some(kind) = report
            .kind
            .as_deref()
            .filter(|&kind| config.incident_kinds.iter().any(|k| k.name == kind))
        {
            changed.kinds |= !add_to(&mut self.by_kind, &[kind], n);
        }
        // A category is counted once per factor, as `build` counts it.
        for factor in &report.factors {
            match self
                .by_factor
                .iter_mut()
                .find(|g| g.name == factor.category)
            {
                Some(group) => {
                    let at = group.reports.partition_point(|&r| r <= n);
                    group.reports.insert(at, n);
                }
                None => changed.factors = true,
            }
        }
        let affected: Vec<&str> = super::affected(report).collect();
        changed.factors |= !add_to(&mut self.by_affected, &affected, n);
        if !report.actions.is_empty() {
            insert_once(&mut self.with_actions, n);
        }
        self.move_actions(n, site, false);
        self.move_to_owners(n, site);
        changed.owners = true;
        changed.links = true;
    }
}

/// The names of a list, as `&str`.
fn names(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

/// Puts `n` once in the sorted `list`.
fn insert_once(list: &mut Vec<usize>, n: usize) {
    if let Err(at) = list.binary_search(&n) {
        list.insert(at, n);
    }
}

/// Puts report `n` in the group of each of `names`: `false` when one has
/// no group yet.
fn add_to(groups: &mut [Group], names: &[&str], n: usize) -> bool {
    let mut all = true;
    for name in names {
        match groups.iter_mut().find(|g| g.name == *name) {
            Some(group) => insert_once(&mut group.reports, n),
            None => all = false,
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use crate::index::Indexes;
    use crate::index::patch::tests::example;
    use crate::model::Report;
    use crate::site::{Audience, Untrimmed, audience};
    use chrono::NaiveDate;
    use std::sync::Arc;

    /// The indexes of the site of `before` patched for the site of `after`
    /// (sharing the reports they have in common), and built for it.
    fn both(
        before: &[Arc<Report>],
        after: &[Arc<Report>],
        config: &crate::config::Config,
        today: NaiveDate,
        audience: Audience,
    ) -> (Option<Indexes>, Indexes) {
        let mut trimmed = audience::Trimmed::default();
        let mut site = |reports: &[Arc<Report>]| {
            let model = Untrimmed::new(
                config.clone(),
                today,
                reports.to_vec(),
                Vec::new(),
                Default::default(),
                false,
            );
            audience::trim_again(model, audience, &mut trimmed)
        };
        let (was, now) = (site(before), site(after));
        let patched = Indexes::patched(Indexes::build(&was), was.reports(), &now);
        (patched.map(|(ix, _)| ix), Indexes::build(&now))
    }

    /// A copy of `report` in another file, with another slug (and `edit`).
    fn copy(report: &Report, name: &str, edit: impl Fn(&mut Report)) -> Arc<Report> {
        let mut copy = report.clone();
        copy.rel_path = format!("{name}.md");
        copy.slug = crate::model::Slug::parse(name).unwrap();
        edit(&mut copy);
        Arc::new(copy)
    }

    #[test]
    fn reports_added_or_removed_are_patched_as_built() {
        let (reports, config, today) = example();
        let middle = &reports[reports.len() / 2];
        let added = [
            // Groups that all exist, and actions of known owners.
            copy(middle, "a-copy", |_| {}),
            // New groups: a tag, a service, a year, an owner of its own.
            copy(middle, "zz-new-groups", |r| {
                r.tags.push("a-tag-of-its-own".into());
                r.services = vec!["a-service-of-its-own".into()];
                r.date = NaiveDate::from_ymd_opt(1999, 5, 5).unwrap();
                for a in &mut r.actions {
                    a.owner = "an owner of its own".into();
                }
            }),
            // No actions, and a report another names.
            copy(&reports[0], "aa-first", |r| r.actions.clear()),
        ];
        for audience in [Audience::Internal, Audience::Public] {
            for new in &added {
                let mut after = reports.clone();
                let at = after.partition_point(|r| r.rel_path < new.rel_path);
                after.insert(at, Arc::clone(new));
                // Added, then removed again.
                let (patched, built) = both(&reports, &after, &config, today, audience);
                assert_eq!(patched.expect("patched"), built, "{} added", new.slug);
                let (patched, built) = both(&after, &reports, &config, today, audience);
                assert_eq!(patched.expect("patched"), built, "{} removed", new.slug);
            }
            // Each report of the site removed: its groups and owners may go.
            for i in 0..reports.len() {
                let mut after = reports.clone();
                after.remove(i);
                let (patched, built) = both(&reports, &after, &config, today, audience);
                assert_eq!(patched.expect("patched"), built, "report {i} removed");
            }
        }
    }
}
