//! A fast path for the front matter nearly every report has: block
//! mappings and sequences of one-line scalars, quoted strings without
//! escapes, and one-line flow lists and mappings of scalars. It builds the
//! same tree, spans included, as the full parser ([`super::parse`] through
//! granit-parser), several times faster: the YAML parser's events were a
//! third of `check`'s CPU (BENCHMARKS.md).
//!
//! It gives up (`None`) on anything else, and the full parser reads the
//! text from the start: comments, tabs, anchors, aliases, tags, block
//! scalars, escapes, scalars over several lines, flow collections over
//! several lines or nested, keys that are not plain words, duplicate keys,
//! nesting deeper than [`MAX_DEPTH`], and every syntax error. So every
//! error message and limit is the full parser's. Debug builds check each
//! tree it makes against the full parser's (`super::parse`).

use super::scalar::resolve_plain;
use super::{Node, NodeKind};
use std::ops::Range;

/// Deepest nesting taken here; deeper goes to the full parser.
const MAX_DEPTH: usize = 12;
/// Most values taken here; more goes to the full parser (its limit is
/// [`super::MAX_NODES`]).
const MAX_NODES: usize = 10_000;

/// The tree of `text`, or `None` when `text` is not of the simple kind.
pub(super) fn parse(text: &str) -> Option<Node> {
    if !simple_text(text) {
        return None;
    }
    let mut fast = Fast {
        text,
        b: text.as_bytes(),
        pos: 0,
        nodes: 0,
        depth: 0,
    };
    let (indent, at) = fast.next_line(0)?;
    if indent != 0 {
        return None;
    }
    let root = fast.block_map(at)?;
    // The root ends at the end of the text: nothing may follow it.
    (root.span.end == text.len()).then_some(root)
}

/// No character that the fast path leaves to the full parser anywhere:
/// tabs, carriage returns, control characters and other line breaks,
/// comments (`#`, even inside quotes), directives and document markers.
fn simple_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes
        .iter()
        .any(|&b| (b < 0x20 && b != b'\n') || b == 0x7f || b == b'#')
    {
        return false;
    }
    if !text.is_ascii()
        && text.chars().any(|c| {
            matches!(
                c,
                '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
            ) || matches!(c, '\u{fffe}' | '\u{ffff}')
        })
    {
        return false;
    }
    !text
        .split('\n')
        .any(|line| line.starts_with("---") || line.starts_with("...") || line.starts_with('%'))
}

struct Fast<'t> {
    text: &'t str,
    b: &'t [u8],
    /// The start of the next line to read.
    pos: usize,
    nodes: usize,
    depth: usize,
}

impl Fast<'_> {
    /// The next line from `from` (a line's start) that is not blank: its
    /// indent and where its content starts. `None` at the end of the text.
    fn next_line(&self, mut from: usize) -> Option<(usize, usize)> {
        while from < self.b.len() {
            let spaces = self.b[from..].iter().take_while(|&&b| b == b' ').count();
            let at = from + spaces;
            match self.b.get(at) {
                None => return None,
                Some(b'\n') => from = at + 1,
                Some(_) => return Some((spaces, at)),
            }
        }
        None
    }

    fn line_end(&self, from: usize) -> usize {
        memchr::memchr(b'\n', &self.b[from..]).map_or(self.b.len(), |i| from + i)
    }

    fn line_start(&self, at: usize) -> usize {
        memchr::memrchr(b'\n', &self.b[..at]).map_or(0, |i| i + 1)
    }

    /// The line after the one ending at `line_end`.
    fn after(&self, line_end: usize) -> usize {
        (line_end + 1).min(self.b.len())
    }

    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(())
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// A block mapping whose first key starts at `at`; its indent is that
    /// key's column. Ends where the next token at a lower indent starts.
    fn block_map(&mut self, at: usize) -> Option<Node> {
        self.enter()?;
        let indent = at - self.line_start(at);
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let mut key_at = at;
        let end = loop {
            let line_end = self.line_end(key_at);
            let colon = key_end(&self.b[key_at..line_end])? + key_at;
            let key = self.plain(key_at..colon)?;
            if let NodeKind::Str(name) = &key.kind
                && entries
                    .iter()
                    .any(|(k, _)| matches!(&k.kind, NodeKind::Str(s) if s == name))
            {
                return None;
            }
            let value_at = colon + 1 + spaces(&self.b[colon + 1..line_end]);
            let value = if value_at == line_end {
                self.pos = self.after(line_end);
                match self.next_line(self.pos) {
                    Some((deeper, first)) if deeper > indent => {
                        if self.b[first] == b'-' {
                            self.block_seq(first)?
                        } else {
                            self.block_map(first)?
                        }
                    }
                    // A list at the key's own indent: left to the parser.
                    Some((same, first)) if same == indent && self.b[first] == b'-' => return None,
                    _ => {
                        self.count()?;
                        Node {
                            kind: NodeKind::Null,
                            span: colon..colon,
                        }
                    }
                }
            } else if self.b[value_at] == b'|' {
                self.literal(value_at, line_end, indent)?
            } else {
                let value = self.inline(value_at, line_end)?;
                self.pos = self.after(line_end);
                value
            };
            entries.push((key, value));
            match self.next_line(self.pos) {
                None => break self.b.len(),
                Some((same, first)) if same == indent => key_at = first,
                Some((less, first)) if less < indent => break first,
                Some(_) => return None,
            }
        };
        self.depth -= 1;
        self.count()?;
        Some(Node {
            kind: NodeKind::Map(entries),
            span: at..end,
        })
    }

    /// A block sequence whose first `-` is at `at`.
    fn block_seq(&mut self, at: usize) -> Option<Node> {
        self.enter()?;
        let indent = at - self.line_start(at);
        let mut items = Vec::new();
        let mut dash = at;
        let end = loop {
            let line_end = self.line_end(dash);
            if self.b.get(dash + 1) != Some(&b' ') {
                return None;
            }
            let item_at = dash + 1 + spaces(&self.b[dash + 1..line_end]);
            if item_at == line_end {
                return None;
            }
            let item = match self.b[item_at] {
                b'-' | b'[' | b'{' | b'"' | b'\'' => {
                    let item = self.inline(item_at, line_end)?;
                    self.pos = self.after(line_end);
                    item
                }
                _ if key_end(&self.b[item_at..line_end]).is_some() => self.block_map(item_at)?,
                _ => {
                    let item = self.inline(item_at, line_end)?;
                    self.pos = self.after(line_end);
                    item
                }
            };
            items.push(item);
            match self.next_line(self.pos) {
                None => break self.b.len(),
                Some((same, first)) if same == indent && self.b[first] == b'-' => dash = first,
                Some((less, first)) if less < indent => break first,
                Some(_) => return None,
            }
        };
        self.depth -= 1;
        self.count()?;
        Some(Node {
            kind: NodeKind::Seq(items),
            span: at..end,
        })
    }

    /// A literal block scalar (`|` or `|-`) of a key at `indent`, its
    /// header at `at`: the lines below, indented as the first of them, each
    /// without that indent. Its span runs from its first character to the
    /// next token (as the parser's does), and [`Fast::pos`] moves there.
    fn literal(&mut self, at: usize, line_end: usize, indent: usize) -> Option<Node> {
        let header = &self.b[at..line_end];
        let strip = header.starts_with(b"|-");
        let rest = if strip { &header[2..] } else { &header[1..] };
        if spaces(rest) != rest.len() {
            return None;
        }
        let first = self.after(line_end);
        let inner = spaces(&self.b[first..]);
        // A first line that is blank or not indented deeper: to the parser.
        if inner <= indent || matches!(self.b.get(first + inner), None | Some(b'\n')) {
            return None;
        }
        let mut value = String::new();
        let mut line = first;
        let end = loop {
            if line >= self.b.len() {
                break self.b.len();
            }
            let end = self.line_end(line);
            let text = &self.text[line..end];
            if text.is_empty() {
                value.push('\n');
            } else {
                let lead = spaces(text.as_bytes());
                if lead == text.len() {
                    // Spaces alone on a line: to the parser.
                    return None;
                }
                if lead < inner {
                    break line + lead;
                }
                value.push_str(&text[inner..]);
                value.push('\n');
            }
            line = self.after(end);
            if end == self.b.len() {
                break self.b.len();
            }
        };
        let kept = value.trim_end_matches('\n').len();
        value.truncate(kept);
        if !strip {
            value.push('\n');
        }
        self.pos = self.line_start(end.min(self.b.len()));
        if end == self.b.len() {
            self.pos = self.b.len();
        }
        self.count()?;
        Some(Node {
            kind: NodeKind::Str(value),
            span: first + inner..end,
        })
    }

    /// A value that starts at `at` and is the rest of its line.
    fn inline(&mut self, at: usize, line_end: usize) -> Option<Node> {
        let (node, end) = match self.b[at] {
            b'"' | b'\'' => self.quoted(at, line_end)?,
            b'[' => self.flow(at, line_end, b']')?,
            b'{' => self.flow(at, line_end, b'}')?,
            _ => {
                let value = trim_end(&self.b[at..line_end]);
                let plain = &self.b[at..at + value];
                if !plain_start(plain)
                    || key_end(plain).is_some()
                    || plain.ends_with(b":")
                    || plain.windows(2).any(|w| w == b": ")
                {
                    return None;
                }
                (self.plain(at..at + value)?, at + value)
            }
        };
        (spaces(&self.b[end..line_end]) == line_end - end).then_some(node)
    }

    /// A quoted scalar on one line, without escapes; and where it ends.
    fn quoted(&mut self, at: usize, line_end: usize) -> Option<(Node, usize)> {
        let quote = self.b[at];
        let close = at + 1 + memchr::memchr(quote, &self.b[at + 1..line_end])?;
        let content = &self.text[at + 1..close];
        if (quote == b'"' && content.contains('\\'))
            || (quote == b'\'' && self.b.get(close + 1) == Some(&b'\''))
        {
            return None;
        }
        self.count()?;
        let node = Node {
            kind: NodeKind::Str(content.to_owned()),
            span: at..close + 1,
        };
        Some((node, close + 1))
    }

    /// A flow list or mapping of scalars on one line, from its opening
    /// bracket at `at` to `close`; and where it ends.
    fn flow(&mut self, at: usize, line_end: usize, close: u8) -> Option<(Node, usize)> {
        self.enter()?;
        let map = close == b'}';
        let mut items = Vec::new();
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let mut i = at + 1;
        i += spaces(&self.b[i..line_end]);
        let end = if self.b.get(i) == Some(&close) {
            i + 1
        } else {
            loop {
                if map {
                    let colon = i + flow_key_end(&self.b[i..line_end])?;
                    let key = self.plain(i..colon)?;
                    if let NodeKind::Str(name) = &key.kind
                        && entries
                            .iter()
                            .any(|(k, _)| matches!(&k.kind, NodeKind::Str(s) if s == name))
                    {
                        return None;
                    }
                    i = colon + 1 + spaces(&self.b[colon + 1..line_end]);
                    let (value, after) = self.flow_scalar(i, line_end)?;
                    entries.push((key, value));
                    i = after;
                } else {
                    let (item, after) = self.flow_scalar(i, line_end)?;
                    items.push(item);
                    i = after;
                }
                i += spaces(&self.b[i..line_end]);
                match self.b.get(i) {
                    Some(b',') => {
                        i += 1;
                        i += spaces(&self.b[i..line_end]);
                        if i >= line_end || matches!(self.b[i], b',' | b']' | b'}') {
                            return None;
                        }
                    }
                    Some(&c) if c == close => break i + 1,
                    _ => return None,
                }
            }
        };
        self.depth -= 1;
        self.count()?;
        let kind = if map {
            NodeKind::Map(entries)
        } else {
            NodeKind::Seq(items)
        };
        Some((
            Node {
                kind,
                span: at..end,
            },
            end,
        ))
    }

    /// A scalar inside a flow collection, quoted or plain; and where it ends.
    fn flow_scalar(&mut self, at: usize, line_end: usize) -> Option<(Node, usize)> {
        if at >= line_end {
            return None;
        }
        if matches!(self.b[at], b'"' | b'\'') {
            return self.quoted(at, line_end);
        }
        let len = self.b[at..line_end]
            .iter()
            .position(|&b| matches!(b, b',' | b']' | b'}'))
            .unwrap_or(line_end - at);
        let chunk = &self.b[at..at + len];
        let len = trim_end(chunk);
        let plain = &chunk[..len];
        if len == 0
            || !plain_start(plain)
            || plain.iter().any(|&b| matches!(b, b'[' | b'{'))
            || plain
                .windows(2)
                .any(|w| w[0] == b':' && matches!(w[1], b' ' | b','))
            || plain.ends_with(b":")
        {
            return None;
        }
        Some((self.plain(at..at + len)?, at + len))
    }

    /// A plain scalar, resolved as the full parser resolves it.
    fn plain(&mut self, span: Range<usize>) -> Option<Node> {
        self.count()?;
        Some(Node {
            kind: resolve_plain(&self.text[span.clone()]),
            span,
        })
    }
}

/// Where a plain key (`name:` then a space or the end of the line) ends in
/// `line`, when the line starts with one; keys are plain words.
fn key_end(line: &[u8]) -> Option<usize> {
    let len = line
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    let first_ok = line
        .first()
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let separated = line[len] == b':' && line.get(len + 1).is_none_or(|&b| b == b' ');
    (len > 0 && first_ok && separated && len <= 1024).then_some(len)
}

/// [`key_end`] inside a flow mapping: the `:` is followed by a space.
fn flow_key_end(line: &[u8]) -> Option<usize> {
    key_end(line).filter(|&len| line.get(len + 1) == Some(&b' '))
}

/// Whether a plain scalar may start so, in either context.
fn plain_start(plain: &[u8]) -> bool {
    match plain.first() {
        None => false,
        Some(
            b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b',' | b'[' | b']' | b'{'
            | b'}' | b'"' | b'\'',
        ) => false,
        Some(b'-' | b'?' | b':') => plain.get(1).is_some_and(|&b| b != b' '),
        Some(_) => true,
    }
}

fn spaces(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|&&b| b == b' ').count()
}

/// The length of `bytes` without its trailing spaces.
fn trim_end(bytes: &[u8]) -> usize {
    bytes.len() - bytes.iter().rev().take_while(|&&b| b == b' ').count()
}

#[cfg(test)]
mod tests;
