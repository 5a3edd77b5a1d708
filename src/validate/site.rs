//! Rules across reports: unique slugs and ids, and `related` and
//! `recurrence_of` entries that resolve. Run over the identities of every
//! report of the site, so that `check FILE…` still sees the whole site.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::parse::fields::closest;
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// What other reports may refer to, with where it was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub path: PathBuf,
    pub slug: Option<String>,
    /// Where the slug was written (`None` when it comes from the file name).
    pub slug_location: Option<Location>,
    pub id: Option<(String, Option<Location>)>,
    pub related: Vec<(String, Location)>,
    /// The report's date, when valid (a recurrence is of an earlier one).
    pub date: Option<chrono::NaiveDate>,
    /// `recurrence_of`, with where it is written.
    pub recurrence_of: Option<(String, Location)>,
    /// Diagnostics are reported for this file (all files, or the ones named
    /// on the command line).
    pub checked: bool,
}

/// What a report's references resolve to: slugs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    pub related: Vec<String>,
    pub recurrence_of: Option<String>,
}

/// What a reference (in `related` or `recurrence_of`) names: the report
/// with that id, else the one with that slug. `check` resolves every
/// reference by it, and `serve` the references of a report that came.
pub struct Targets<'a> {
    slug_of_id: HashMap<&'a str, &'a str>,
    slugs: HashSet<&'a str>,
}

impl<'a> Targets<'a> {
    pub fn new(identities: impl IntoIterator<Item = &'a Identity>) -> Targets<'a> {
        let mut targets = Targets {
            slug_of_id: HashMap::new(),
            slugs: HashSet::new(),
        };
        for x in identities {
            if let Some(slug) = x.slug.as_deref() {
                targets.slugs.insert(slug);
                if let Some((id, _)) = &x.id {
                    targets.slug_of_id.insert(id, slug);
                }
            }
        }
        targets
    }

    /// The slug of the report `reference` names, if any.
    pub fn of(&self, reference: &str) -> Option<&'a str> {
        self.slug_of_id
            .get(reference)
            .copied()
            .or_else(|| self.slugs.get(reference).copied())
    }
}

/// Checks the site-wide rules and resolves `related` and `recurrence_of`
/// to slugs, by index of identity.
pub fn check<I: Borrow<Identity>>(identities: &[I]) -> (Vec<Diagnostic>, Vec<Resolved>) {
    let identities: Vec<&Identity> = identities.iter().map(Borrow::borrow).collect();
    let mut diagnostics = Vec::new();
    let mut by_slug: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, identity) in identities.iter().enumerate() {
        if let Some(slug) = &identity.slug {
            by_slug.entry(slug).or_default().push(i);
        }
        if let Some((id, _)) = &identity.id {
            by_id.entry(id).or_default().push(i);
        }
    }
    let others = |group: &[usize], me: usize| {
        group
            .iter()
            .filter(|&&j| j != me)
            .map(|&j| identities[j].path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (slug, group) in by_slug.iter().filter(|(_, g)| g.len() > 1) {
        for &i in group.iter().filter(|&&i| identities[i].checked) {
            let mut d = Diagnostic::new(
                Code::DuplicateSlug,
                format!("slug `{slug}` is also used by {}", others(group, i)),
            )
            .in_file(&identities[i].path)
            .with_help("set a distinct `slug:` in one of them; each report needs its own URL");
            d.location = identities[i].slug_location.clone();
            diagnostics.push(d);
        }
    }
    for (id, group) in by_id.iter().filter(|(_, g)| g.len() > 1) {
        for &i in group.iter().filter(|&&i| identities[i].checked) {
            let mut d = Diagnostic::new(
                Code::DuplicateId,
                format!("id `{id}` is also used by {}", others(group, i)),
            )
            .in_file(&identities[i].path)
            .with_help("ids are unique across the site; give one of them the next free id");
            d.location = identities[i].id.as_ref().and_then(|(_, l)| l.clone());
            diagnostics.push(d);
        }
    }
    let targets = Targets::new(identities.iter().copied());
    let target_of = |reference: &str| targets.of(reference);
    // Ids differ from each other by a digit or two, so only a
    // one-character slip is worth suggesting.
    let near = |reference: &str| {
        let candidates = targets
            .slug_of_id
            .keys()
            .copied()
            .chain(by_slug.keys().copied());
        let near = candidates.filter(|c| {
            strsim::damerau_levenshtein(&reference.to_lowercase(), &c.to_lowercase()) <= 1
        });
        closest(reference, near).map(|close| format!("did you mean `{close}`?"))
    };
    let mut resolved = Vec::with_capacity(identities.len());
    for identity in &identities {
        let mut slugs = Vec::new();
        for (reference, location) in &identity.related {
            let target = target_of(reference.as_str());
            match target {
                Some(slug) => slugs.push(slug.to_string()),
                None if identity.checked => {
                    let mut d = Diagnostic::new(
                        Code::UnresolvedRelated,
                        format!("`related` names `{reference}`, which is no report's id or slug"),
                    )
                    .in_file(&identity.path);
                    d.location = Some(location.clone());
                    d.help = near(reference);
                    diagnostics.push(d);
                }
                None => {}
            }
        }
        let recurrence_of = identity
            .recurrence_of
            .as_ref()
            .and_then(|(reference, location)| {
                let target = target_of(reference.as_str());
                let earlier = target.map(|slug| {
                    let other = by_slug[slug].iter().map(|&j| identities[j]).next();
                    let later = other
                        .and_then(|o| o.date.zip(identity.date))
                        .is_some_and(|(theirs, ours)| theirs > ours);
                    (slug, later || identity.slug.as_deref() == Some(slug))
                });
                let problem = match earlier {
                    Some((slug, false)) => return Some(slug.to_string()),
                    Some((_, true)) if identity.slug.as_deref() == target => {
                        ("`recurrence_of` names this report itself".to_string(), None)
                    }
                    Some((_, true)) => (
                        format!("`recurrence_of` names `{reference}`, which is a later incident"),
                        Some(
                            "name the first occurrence; the later report may name this one"
                                .to_string(),
                        ),
                    ),
                    None => (
                        format!(
                            "`recurrence_of` names `{reference}`, which is no report's id or slug"
                        ),
                        near(reference),
                    ),
                };
                if identity.checked {
                    let mut d = Diagnostic::new(Code::UnresolvedRecurrence, problem.0)
                        .in_file(&identity.path);
                    d.location = Some(location.clone());
                    d.help = problem.1;
                    diagnostics.push(d);
                }
                None
            });
        resolved.push(Resolved {
            related: slugs,
            recurrence_of,
        });
    }
    (diagnostics, resolved)
}

pub use crate::parse::scan::{Scanned, scan_identity};

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(path: &str, slug: &str, id: Option<&str>, related: &[&str]) -> Identity {
        let loc = Location {
            start: crate::source::Position { line: 1, column: 1 },
            end_column: 2,
            source_line: String::new(),
        };
        Identity {
            path: path.into(),
            slug: Some(slug.into()),
            slug_location: None,
            id: id.map(|i| (i.to_string(), Some(loc.clone()))),
            related: related
                .iter()
                .map(|r| (r.to_string(), loc.clone()))
                .collect(),
            date: None,
            recurrence_of: None,
            checked: true,
        }
    }

    #[test]
    fn duplicates_and_unresolved_references_are_found() {
        let ids = [
            identity("a.md", "db", Some("INC-1"), &["INC-2", "cache"]),
            identity("b.md", "db", Some("INC-2"), &["INC-9"]),
            identity("c.md", "cache", Some("INC-2"), &[]),
        ];
        let (diagnostics, resolved) = check(&ids);
        let codes: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.code, d.file.clone().unwrap()))
            .collect();
        assert!(codes.contains(&(Code::DuplicateSlug, "a.md".into())));
        assert!(codes.contains(&(Code::DuplicateSlug, "b.md".into())));
        assert!(codes.contains(&(Code::DuplicateId, "c.md".into())));
        assert!(codes.contains(&(Code::UnresolvedRelated, "b.md".into())));
        assert_eq!(resolved[0].related.len(), 2);
    }

    #[test]
    fn a_recurrence_is_of_an_earlier_report_of_the_site() {
        let day = |d: &str| Some(d.parse().unwrap());
        let loc = Location {
            start: crate::source::Position { line: 1, column: 1 },
            end_column: 2,
            source_line: String::new(),
        };
        let mut ids = [
            identity("a.md", "ddos-1", Some("INC-1"), &[]),
            identity("b.md", "ddos-2", Some("INC-2"), &[]),
            identity("c.md", "ddos-3", Some("INC-3"), &[]),
        ];
        ids[0].date = day("2025-01-01");
        ids[1].date = day("2025-02-01");
        ids[2].date = day("2025-03-01");
        ids[1].recurrence_of = Some(("INC-1".into(), loc.clone()));
        ids[2].recurrence_of = Some(("ddos-2".into(), loc.clone()));
        ids[0].recurrence_of = Some(("INC-3".into(), loc.clone()));
        let (diagnostics, resolved) = check(&ids);
        let found: Vec<_> = resolved
            .iter()
            .map(|r| r.recurrence_of.as_deref())
            .collect();
        assert_eq!(found, [None, Some("ddos-1"), Some("ddos-2")]);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::UnresolvedRecurrence);
        assert!(diagnostics[0].message.contains("later incident"));
        ids[0].recurrence_of = Some(("INC-4".into(), loc));
        let (diagnostics, _) = check(&ids);
        assert!(
            diagnostics[0].message.contains("no report"),
            "{diagnostics:?}"
        );
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean `INC-1`?")
        );
    }

    #[test]
    fn scans_identity_without_yaml() {
        let text =
            "---\ntitle: x\nid: \"INC-7\" # note\nslug: my-slug\ndate: 2025-03-14\n---\nid: body\n";
        assert_eq!(
            scan_identity(text),
            (
                Some("INC-7".into()),
                Some("my-slug".into()),
                Some("2025-03-14".parse().unwrap())
            )
        );
    }
}
