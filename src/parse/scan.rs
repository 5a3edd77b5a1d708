//! A cheap look at a report's identity (`id:`, `slug:`, `date:`) without
//! parsing its YAML: for the reports a run does not check, and for `new`'s
//! next free id.

/// What a cheap look at a report finds: its `id:`, `slug:` and `date:`.
pub type Scanned = (Option<String>, Option<String>, Option<chrono::NaiveDate>);

/// A cheap look at a report's `id:`, `slug:` and `date:` without parsing
/// its YAML, for the reports that `check FILE…` does not check.
pub fn scan_identity(text: &str) -> Scanned {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(parts) = crate::parse::split::split(text) else {
        return (None, None, None);
    };
    let (mut id, mut slug, mut date) = (None, None, None);
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
        } else if let Some(rest) = line.strip_prefix("date:") {
            date = value(rest).and_then(|d| crate::time::parse_date(&d).ok());
        }
    }
    (id, slug, date)
}
