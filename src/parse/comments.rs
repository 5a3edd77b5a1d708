//! HTML comments in reports, found by what they are: from `<!--` to the
//! first `-->` (or `--!>`, or at once for `<!-->` and `<!--->`), as a
//! browser reads them, whatever lines, blocks or containers they span.
//! Comments never reach any output, so they are cut from every field and
//! from every HTML fragment of a body before anything is rendered; and
//! internal markers are comments, recognised with any spacing or case. A
//! comment, or anything shaped like one, that reads like a marker without
//! being exactly one is an error (`R056`), never a passage left public.

use std::borrow::Cow;
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// One comment in a fragment of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// From `<!--` to the end of its closing `-->` (or of the text, when
    /// it is never closed).
    pub range: Range<usize>,
    /// The text between the delimiters.
    pub inner: Range<usize>,
    pub closed: bool,
}

/// Every comment of `text`, in order.
pub fn find(text: &str) -> Vec<Comment> {
    let mut comments = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find("<!--") {
        let start = at + found;
        let body = start + 4;
        let rest = &text[body..];
        // `<!-->` and `<!--->` are empty comments (the HTML standard's
        // "abrupt closing").
        let (inner_end, end, closed) = if rest.starts_with('>') {
            (body, body + 1, true)
        } else if rest.starts_with("->") {
            (body, body + 2, true)
        } else {
            let close = rest.find("-->").map(|i| (i, 3));
            let bang = rest.find("--!>").map(|i| (i, 4));
            match [close, bang].into_iter().flatten().min() {
                Some((i, len)) => (body + i, body + i + len, true),
                None => (text.len(), text.len(), false),
            }
        };
        comments.push(Comment {
            range: start..end,
            inner: body..inner_end,
            closed,
        });
        at = end;
    }
    comments
}

/// `text` without its comments (an unclosed one runs to the end). What is
/// left cannot start a comment either: `<!<!-- x -->--` leaves `<!--`, so
/// the cut is made again (a few times at most; then what is left of a
/// delimiter is broken up).
pub fn strip(text: &str) -> Cow<'_, str> {
    if !text.contains("<!--") {
        return Cow::Borrowed(text);
    }
    let mut out = cut(text);
    for _ in 0..8 {
        if !out.contains("<!--") {
            return Cow::Owned(out);
        }
        out = cut(&out);
    }
    Cow::Owned(out.replace("<!--", "<!- -"))
}

fn cut(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for comment in find(text) {
        out.push_str(&text[at..comment.range.start]);
        at = comment.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// An internal marker.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Marker {
    Open,
    Close,
}

/// The marker a comment's inner text makes: `internal` or `/internal`,
/// with any spacing (`<!--INTERNAL-->`, `<!-- / internal -->`) and case.
pub fn marker(inner: &str) -> Option<Marker> {
    let inner = inner.trim();
    let (marker, word) = match inner.strip_prefix('/') {
        Some(rest) => (Marker::Close, rest.trim_start()),
        None => (Marker::Open, inner),
    };
    word.eq_ignore_ascii_case("internal").then_some(marker)
}

/// Whether a fragment is shaped like a comment, even a broken one: `<!`
/// (`<! internal >`, `<!—internal—>` with a typographic dash), or an end
/// such as `-->`, `—>` or `–>`.
pub fn comment_shaped(text: &str) -> bool {
    // Each form holds `<` or `>`: most text has neither, and is done here.
    if memchr::memchr2(b'<', b'>', text.as_bytes()).is_none() {
        return false;
    }
    text.contains("<!")
        || ["-->", "--!>", "—>", "–>", "−>"]
            .iter()
            .any(|end| text.contains(end))
}

/// Whether text reads like an internal marker: after folding (compatibility
/// forms such as fullwidth letters made plain, case ignored, invisible
/// characters dropped), its letters hold `internal` with any letter that is
/// not ASCII standing for the one expected there (a Cyrillic `і`), or one
/// of its words is one typo away from `internal` (`interal`, `intenral`).
pub fn reads_like_marker(text: &str) -> bool {
    let folded: String = text
        .nfkc()
        .flat_map(char::to_lowercase)
        .filter(|&c| !is_invisible(c))
        .collect();
    let letters: Vec<char> = folded.chars().filter(|c| c.is_alphanumeric()).collect();
    const WORD: [char; 8] = ['i', 'n', 't', 'e', 'r', 'n', 'a', 'l'];
    let loose = |c: char, want: char| c == want || !c.is_ascii();
    if letters
        .windows(WORD.len())
        .any(|w| w.iter().zip(WORD).all(|(&c, want)| loose(c, want)))
    {
        return true;
    }
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| (7..=9).contains(&w.chars().count()))
        .any(|w| strsim::osa_distance(w, "internal") <= 1)
}

/// Characters that show nothing (Unicode's default-ignorable code points,
/// and the controls): a marker holding one is a near miss.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c as u32,
            0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5
            | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F
            | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_found_as_a_browser_finds_them() {
        let text = "a<!-- x -->b<!---->c<!-->d<!--->e<!-- y --!>f<!-- open";
        let found: Vec<&str> = find(text).iter().map(|c| &text[c.range.clone()]).collect();
        assert_eq!(
            found,
            [
                "<!-- x -->",
                "<!---->",
                "<!-->",
                "<!--->",
                "<!-- y --!>",
                "<!-- open"
            ]
        );
        assert!(!find(text).last().unwrap().closed);
        assert_eq!(strip(text), "abcdef");
        assert_eq!(strip("<!--\nSECRET\n-->\nkept"), "\nkept");
        assert_eq!(strip("no comment"), "no comment");
        // Cutting a comment out cannot make a new one.
        assert_eq!(strip("<!<!-- x -->-- SECRET -->"), "");
        assert!(!strip("<<<!--!--!-- -->-- -->-- -->").contains("<!--"));
    }

    #[test]
    fn markers_allow_spacing_and_case_only() {
        for open in ["internal", " INTERNAL ", "\n internal\t", "Internal"] {
            assert_eq!(marker(open), Some(Marker::Open), "{open:?}");
        }
        for close in ["/internal", " / Internal ", "/INTERNAL"] {
            assert_eq!(marker(close), Some(Marker::Close), "{close:?}");
        }
        for near in [
            "- internal -",
            "internal:",
            "begin internal",
            "end internal",
            "/ /internal",
            "int\u{200b}ernal",
            "\u{456}nternal",
            "ｉｎｔｅｒｎａｌ",
            "interal",
            "intenral",
            "in ternal",
        ] {
            assert_eq!(marker(near), None, "{near:?}");
            assert!(reads_like_marker(near), "{near:?}");
        }
        for unrelated in [
            "what did we learn?",
            "ask Sam",
            "external dashboards",
            "TODO",
        ] {
            assert!(!reads_like_marker(unrelated), "{unrelated:?}");
        }
        assert!(comment_shaped("<!—internal—>") && comment_shaped("<! internal >"));
        assert!(!comment_shaped("internal use only"));
    }
}
