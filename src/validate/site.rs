//! Rules across reports: unique slugs and ids, and `related` entries that
//! resolve. Run over the identities of every report of the site, so that
//! `check FILE…` still sees the whole site.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::parse::fields::closest;
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// What other reports may refer to, with where it was written.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    pub path: PathBuf,
    pub slug: Option<String>,
    /// Where the slug was written (`None` when it comes from the file name).
    pub slug_location: Option<Location>,
    pub id: Option<(String, Option<Location>)>,
    pub related: Vec<(String, Location)>,
    /// Diagnostics are reported for this file (all files, or the ones named
    /// on the command line).
    pub checked: bool,
}

/// Checks the site-wide rules and resolves `related` entries to slugs: the
/// result maps (index of identity) → resolved slugs.
pub fn check<I: Borrow<Identity>>(identities: &[I]) -> (Vec<Diagnostic>, Vec<Vec<String>>) {
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
    let slug_of_id: HashMap<&str, &str> = identities
        .iter()
        .filter_map(|x| Some((x.id.as_ref()?.0.as_str(), x.slug.as_deref()?)))
        .collect();
    let mut resolved = Vec::with_capacity(identities.len());
    for identity in identities {
        let mut slugs = Vec::new();
        for (reference, location) in &identity.related {
            let target = slug_of_id.get(reference.as_str()).copied().or_else(|| {
                by_slug
                    .contains_key(reference.as_str())
                    .then_some(reference.as_str())
            });
            match target {
                Some(slug) => slugs.push(slug.to_string()),
                None if identity.checked => {
                    let mut d = Diagnostic::new(
                        Code::UnresolvedRelated,
                        format!("`related` names `{reference}`, which is no report's id or slug"),
                    )
                    .in_file(&identity.path);
                    d.location = Some(location.clone());
                    // Ids differ from each other by a digit or two, so only a
                    // one-character slip is worth suggesting.
                    let candidates = slug_of_id.keys().copied().chain(by_slug.keys().copied());
                    let near = candidates.filter(|c| {
                        strsim::damerau_levenshtein(&reference.to_lowercase(), &c.to_lowercase())
                            <= 1
                    });
                    if let Some(close) = closest(reference, near) {
                        d.help = Some(format!("did you mean `{close}`?"));
                    }
                    diagnostics.push(d);
                }
                None => {}
            }
        }
        resolved.push(slugs);
    }
    (diagnostics, resolved)
}

/// A cheap look at a report's `id:` and `slug:` without parsing its YAML,
/// for the reports that `check FILE…` does not check.
pub fn scan_identity(text: &str) -> (Option<String>, Option<String>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(parts) = crate::parse::split::split(text) else {
        return (None, None);
    };
    let (mut id, mut slug) = (None, None);
    for line in text[parts.front_matter].lines() {
        let value = |rest: &str| {
            let rest = rest.split(" #").next().unwrap_or(rest).trim();
            let unquoted = rest
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .or_else(|| rest.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
                .unwrap_or(rest);
            (!unquoted.is_empty()).then(|| unquoted.to_string())
        };
        if let Some(rest) = line.strip_prefix("id:") {
            id = value(rest);
        } else if let Some(rest) = line.strip_prefix("slug:") {
            slug = value(rest);
        }
    }
    (id, slug)
}

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
        assert_eq!(resolved[0].len(), 2);
    }

    #[test]
    fn scans_identity_without_yaml() {
        let text = "---\ntitle: x\nid: \"INC-7\" # note\nslug: my-slug\n---\nid: body\n";
        assert_eq!(
            scan_identity(text),
            (Some("INC-7".into()), Some("my-slug".into()))
        );
    }
}
