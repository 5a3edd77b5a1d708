//! The part of an old version's front matter that its history needs: the
//! report's `status` and its `actions`, cut out by lines before any YAML
//! is parsed. A report's front matter is mostly its timeline, summary and
//! impact; parsing only these two entries made reading a long history
//! about three times cheaper (BENCHMARKS.md, "Action history from git").
//!
//! The cut is made only where the layout leaves no doubt: a top-level
//! mapping written in block style, each entry starting at the first
//! column with a plain key. Anything else (a flow mapping, a quoted or
//! complex key, an anchor, alias or tag on a top-level value, a quoted or
//! flow value that goes on past its line, an entry written twice) gives
//! `None`, and the caller parses the whole front matter as before.

/// The lines of the top-level `status` and `actions` entries of
/// `front_matter`, in their order, or `None` when the front matter is not
/// laid out plainly enough to cut (the caller then parses all of it).
pub fn excerpt(front_matter: &str) -> Option<String> {
    let mut kept = String::new();
    // Whether the lines of the entry being read are kept.
    let mut keeping = false;
    let (mut status, mut actions) = (false, false);
    // Before the first entry, only blank lines and comments: an indented
    // mapping or a sequence at the top is not cut.
    let mut started = false;
    for line in front_matter.split_inclusive('\n') {
        if continues_entry(line) {
            if !started && !line.trim().is_empty() && !line.trim_start().starts_with('#') {
                return None;
            }
            if keeping {
                kept.push_str(line);
            }
            continue;
        }
        let (key, value) = entry(line)?;
        started = true;
        // An entry written twice is left to the whole parse (an error).
        let seen = match key {
            "status" => Some(&mut status),
            "actions" => Some(&mut actions),
            _ => None,
        };
        keeping = seen.is_some();
        if seen.is_some_and(|seen| std::mem::replace(seen, true)) {
            return None;
        }
        if !value_ends_on_its_line(value) {
            return None;
        }
        if keeping {
            kept.push_str(line);
        }
    }
    Some(kept)
}

/// A line that belongs to the entry above it: blank, a comment, indented,
/// or an item of a sequence written at the first column (`actions:` then
/// `- id: A1` is plain YAML).
fn continues_entry(line: &str) -> bool {
    let text = line.trim_end_matches(['\n', '\r']);
    match text.as_bytes().first() {
        None | Some(b' ' | b'#') => true,
        Some(b'-') => matches!(text.as_bytes().get(1), None | Some(b' ')),
        _ => false,
    }
}

/// A top-level `key: value` line with a plain key: the key and the rest
/// of the line after the colon. `None` for anything else.
fn entry(line: &str) -> Option<(&str, &str)> {
    let text = line.trim_end_matches(['\n', '\r']);
    let first = *text.as_bytes().first()?;
    if !(first.is_ascii_alphanumeric() || first == b'_') {
        return None;
    }
    let bytes = text.as_bytes();
    let colon = (0..bytes.len())
        .find(|&i| bytes[i] == b':' && matches!(bytes.get(i + 1), None | Some(b' ')))?;
    let key = text[..colon].trim_end();
    if key.contains(['#', '\t', '"', '\'']) {
        return None;
    }
    Some((key, &text[colon + 1..]))
}

/// Whether a top-level value (what follows `key:` on its line) is either
/// continued only by indented lines or complete on its line: a quoted or
/// flow value must close there, and anchors, aliases and tags (which may
/// tie the entry to another) send the caller to the whole front matter.
fn value_ends_on_its_line(value: &str) -> bool {
    let value = value.trim();
    match value.as_bytes().first() {
        None => true,
        Some(b'&' | b'*' | b'!' | b'?' | b'%' | b'@' | b'`') => false,
        Some(b'"') => closes_double_quoted(&value[1..]),
        Some(b'\'') => closes_single_quoted(&value[1..]),
        Some(b'[') => value.ends_with(']'),
        Some(b'{') => value.ends_with('}'),
        _ => true,
    }
}

/// The rest of a double-quoted scalar closes on this line.
fn closes_double_quoted(rest: &str) -> bool {
    let mut escaped = false;
    for c in rest.chars() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => return true,
            _ => {}
        }
    }
    false
}

/// The rest of a single-quoted scalar closes on this line (`''` is a quote
/// inside it).
fn closes_single_quoted(rest: &str) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            if chars.peek() == Some(&'\'') {
                chars.next();
            } else {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_and_actions_are_cut_out_whatever_their_place() {
        let text = "title: \"A: b\"\nstatus: published\ntimeline:\n  - at: \"04:38\"\n    event: x\n\
                    actions:\n# a comment\n- id: A1\n  due: 2026-01-10\n\n  - nested: y\nimpact:\n  users: all\n";
        assert_eq!(
            excerpt(text).as_deref(),
            Some(
                "status: published\nactions:\n# a comment\n- id: A1\n  due: 2026-01-10\n\n  - nested: y\n"
            )
        );
        assert_eq!(excerpt("title: t\n").as_deref(), Some(""));
        assert_eq!(
            excerpt("actions: []\r\nstatus: draft # later\r\n").as_deref(),
            Some("actions: []\r\nstatus: draft # later\r\n")
        );
    }

    #[test]
    fn anything_not_plain_is_left_to_the_whole_parse() {
        for text in [
            "{status: published}\n",
            "\"status\": published\n",
            "? status\n: published\n",
            "status: published\nstatus: draft\n",
            "actions: []\nactions: []\n",
            "actions: *list\n",
            "base: &list []\nactions: *list\n",
            "actions: !!seq []\n",
            "summary: \"goes on\nstatus: published\"\n",
            "summary: 'it''s\nstatus: x'\n",
            "tags: [a,\nb]\n",
            "[unclosed\n",
            "\tstatus: draft\n",
            "no colon here\n",
            "- a list\n",
            "  status: indented\n",
        ] {
            assert_eq!(excerpt(text), None, "{text:?}");
        }
        // Closed on their line, these are plain.
        for text in [
            "summary: \"a \\\" b\"\n",
            "summary: 'it''s'\n",
            "tags: [a, b]\n",
            "key:with: colon\n",
            "# comment first\n\ntitle: t\n",
        ] {
            assert_eq!(excerpt(text).as_deref(), Some(""), "{text:?}");
        }
    }
}
