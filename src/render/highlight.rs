//! Syntax highlighting with syntect, by CSS classes, so that a light and a
//! dark stylesheet can colour the same HTML.
//!
//! Each token gets one short class for its kind (`hl-k` a keyword, `hl-s` a
//! string, `hl-c` a comment…; see `KINDS`), as Pygments and Hugo's Chroma
//! do, and neighbouring tokens of the same kind share one span. syntect's
//! own HTML nested a span per scope with every scope's name as classes
//! (`<span class="hl-meta hl-function-call hl-arguments hl-shell">`): a
//! third of a report page's bytes were those spans. The stylesheet gives
//! each kind the colour and font style the two syntect themes give the
//! kind's typical scopes.
//!
//! Each rendering thread has its own syntax set: syntect compiles a
//! syntax's regexes on first use and keeps them in the set, and the regex
//! engine's match caches are per regex, so threads sharing one set queue on
//! those caches. Measured on 8,000 code blocks on 2 cores: 5.5 s shared,
//! 2.4 s with a set per thread (see BENCHMARKS.md).
//!
//! The regexes run on Oniguruma (syntect's `regex-onig`), not fancy-regex:
//! the default grammars' look-around patterns made fancy-regex backtrack,
//! and the same blocks took a quarter of the instructions on Oniguruma, with
//! the same output.
//!
//! Results are memoised by language and code: the same snippet (a config
//! file, a command) is highlighted once per process, however many reports
//! quote it. Highlighting is a pure function of those two, so this changes
//! no byte of the output.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};
use syntect::highlighting::{Color, FontStyle, Highlighter, Style, ThemeSet};
use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Highlighted HTML by `lang \0 code`.
static MEMO: LazyLock<RwLock<HashMap<String, Option<String>>>> = LazyLock::new(Default::default);

/// What parsing a line did, by language and line: the parser's state
/// before, the scope operations, and the state after.
/// The parser's state before a line, the scope operations, the state after.
type Parsed = (ParseState, LineOps, ParseState);

#[derive(Default)]
struct LineMemo {
    /// By language, then by line: every state the line was parsed from.
    by_lang: HashMap<String, HashMap<String, Vec<Parsed>>>,
    /// How many (line, state) pairs `by_lang` holds.
    entries: usize,
}

/// At most this many parsed lines are kept per thread (a few tens of MB);
/// when full, the memo starts again, so a long `serve` session or a site of
/// unique code does not grow it without end.
const LINE_MEMO_ENTRIES: usize = 50_000;

/// Lines longer than this are parsed every time: long lines rarely repeat.
const LINE_MEMO_MAX_LEN: usize = 256;
type LineOps = Vec<(usize, ScopeStackOp)>;

thread_local! {
    static SYNTAXES: SyntaxSet = SyntaxSet::load_defaults_newlines();
    /// Lines already parsed, for this thread's syntax set.
    static LINES: RefCell<LineMemo> = RefCell::new(LineMemo::default());
    /// The kind of each scope met so far (an index into `KINDS`, or none).
    static SCOPE_KINDS: RefCell<HashMap<Scope, Option<usize>>> = RefCell::new(HashMap::new());
}

/// A kind of token: its class (after `hl-`), the scopes it stands for (a
/// scope belongs to the kind with the longest of these prefixes), and the
/// scopes whose style the themes give it (outermost first).
struct Kind {
    class: &'static str,
    prefixes: &'static [&'static str],
    typical: &'static [&'static str],
}

/// The token kinds, named as Pygments names them. A token's kind is that
/// of its innermost scope that has one; a token with none (plain text,
/// punctuation, `meta.` scopes) gets no span and the code's own colour.
const KINDS: &[Kind] = &[
    Kind {
        class: "c",
        prefixes: &["comment"],
        typical: &["comment.line"],
    },
    Kind {
        class: "s",
        prefixes: &["string"],
        typical: &["string.quoted.double"],
    },
    Kind {
        class: "sd",
        prefixes: &["punctuation.definition.string"],
        typical: &[
            "string.quoted.double",
            "punctuation.definition.string.begin",
        ],
    },
    Kind {
        class: "se",
        prefixes: &["constant.character.escape"],
        typical: &["string.quoted.double", "constant.character.escape"],
    },
    Kind {
        class: "sr",
        prefixes: &["string.regexp"],
        typical: &["string.regexp"],
    },
    Kind {
        class: "si",
        prefixes: &["punctuation.section.embedded"],
        typical: &["string.quoted.double", "punctuation.section.embedded"],
    },
    Kind {
        class: "m",
        prefixes: &["constant.numeric"],
        typical: &["constant.numeric"],
    },
    Kind {
        class: "kc",
        prefixes: &["constant.language"],
        typical: &["constant.language"],
    },
    Kind {
        class: "no",
        prefixes: &["constant", "support.constant", "variable.other.constant"],
        typical: &["constant.other"],
    },
    Kind {
        class: "k",
        prefixes: &["keyword", "storage"],
        typical: &["keyword.control"],
    },
    Kind {
        class: "o",
        prefixes: &["keyword.operator"],
        typical: &["keyword.operator"],
    },
    Kind {
        class: "nf",
        prefixes: &["entity.name.function"],
        typical: &["entity.name.function"],
    },
    Kind {
        class: "fc",
        prefixes: &["variable.function"],
        typical: &["variable.function"],
    },
    Kind {
        class: "nb",
        prefixes: &["support.function"],
        typical: &["support.function"],
    },
    Kind {
        class: "nc",
        prefixes: &[
            "entity.name.class",
            "support.class",
            "entity.other.inherited-class",
        ],
        typical: &["entity.name.class"],
    },
    Kind {
        class: "kt",
        prefixes: &["support.type"],
        typical: &["support.type"],
    },
    Kind {
        class: "nt",
        prefixes: &["entity.name.tag"],
        typical: &["entity.name.tag"],
    },
    Kind {
        class: "na",
        prefixes: &["entity.other.attribute-name"],
        typical: &["entity.other.attribute-name"],
    },
    Kind {
        class: "v",
        prefixes: &["variable"],
        typical: &["variable.other"],
    },
    Kind {
        class: "vp",
        prefixes: &["variable.parameter"],
        typical: &["variable.parameter"],
    },
    Kind {
        class: "gh",
        prefixes: &["markup.heading", "entity.name.section"],
        typical: &["markup.heading", "entity.name.section"],
    },
    Kind {
        class: "gi",
        prefixes: &["markup.inserted"],
        typical: &["markup.inserted"],
    },
    Kind {
        class: "gd",
        prefixes: &["markup.deleted"],
        typical: &["markup.deleted"],
    },
    Kind {
        class: "gc",
        prefixes: &["markup.changed"],
        typical: &["markup.changed"],
    },
    Kind {
        class: "gu",
        prefixes: &["meta.diff.header", "meta.diff.range"],
        typical: &["meta.diff.range"],
    },
    Kind {
        class: "gs",
        prefixes: &["markup.bold"],
        typical: &["markup.bold"],
    },
    Kind {
        class: "ge",
        prefixes: &["markup.italic"],
        typical: &["markup.italic"],
    },
    Kind {
        class: "gr",
        prefixes: &["markup.raw"],
        typical: &["markup.raw.inline"],
    },
    Kind {
        class: "gl",
        prefixes: &["markup.list"],
        typical: &["markup.list"],
    },
    Kind {
        class: "gq",
        prefixes: &["markup.quote"],
        typical: &["markup.quote"],
    },
    Kind {
        class: "err",
        prefixes: &["invalid"],
        typical: &["invalid.illegal"],
    },
];

/// The kind of a scope: the kind with the longest prefix of it (prefixes
/// end at a dot: `string` is a prefix of `string.quoted`, not of `strings`).
fn kind_of_scope(scope: &str) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, kind) in KINDS.iter().enumerate() {
        for prefix in kind.prefixes {
            let matches = scope.starts_with(prefix)
                && matches!(scope.as_bytes().get(prefix.len()), None | Some(b'.'));
            if matches && best.is_none_or(|(len, _)| prefix.len() > len) {
                best = Some((prefix.len(), i));
            }
        }
    }
    best.map(|(_, i)| i)
}

/// The kind of the token under this stack of scopes.
fn kind_of(stack: &[Scope], kinds: &mut HashMap<Scope, Option<usize>>) -> Option<usize> {
    stack.iter().rev().find_map(|scope| {
        *kinds
            .entry(*scope)
            .or_insert_with(|| kind_of_scope(&scope.build_string()))
    })
}

/// Builds the HTML: one span per run of tokens of the same kind; spaces
/// between two tokens of one kind stay inside its span.
struct Writer {
    html: String,
    open: Option<usize>,
    /// Spaces after the open span, not written yet.
    pending: String,
}

impl Writer {
    fn text(&mut self, text: &str, kind: Option<usize>) {
        if text.is_empty() {
            return;
        }
        if kind.is_none() && self.open.is_some() && text.bytes().all(|b| b == b' ' || b == b'\t') {
            self.pending.push_str(text);
            return;
        }
        if kind != self.open {
            if self.open.is_some() {
                self.html.push_str("</span>");
            }
            push_escaped(&mut self.html, &self.pending);
            self.pending.clear();
            if let Some(k) = kind {
                self.html.push_str("<span class=\"hl-");
                self.html.push_str(KINDS[k].class);
                self.html.push_str("\">");
            }
            self.open = kind;
        } else {
            push_escaped(&mut self.html, &self.pending);
            self.pending.clear();
        }
        push_escaped(&mut self.html, text);
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        push_escaped(&mut self.html, &self.pending);
        self.html
    }
}

fn push_escaped(out: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html(&mut *out, text).expect("writing to a String");
}

/// Parses a line, or replays what parsing it did before from the same
/// state. Parsing is a pure function of the state and the line, and code
/// blocks repeat lines far more than whole blocks (the 6,150 different
/// blocks of the 10,000-report corpus have 51,700 lines but only 2,400
/// different ones), and the parser's regexes are its slowest part:
/// about a microsecond per byte.
fn parse_line(
    state: &mut ParseState,
    line: &str,
    lang: &str,
    syntaxes: &SyntaxSet,
) -> Option<LineOps> {
    if line.len() > LINE_MEMO_MAX_LEN {
        return state.parse_line(line, syntaxes).ok();
    }
    LINES.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(seen) = memo.by_lang.get(lang).and_then(|lines| lines.get(line))
            && let Some((_, ops, after)) = seen.iter().find(|(before, _, _)| before == state)
        {
            *state = after.clone();
            return Some(ops.clone());
        }
        let before = state.clone();
        let ops = state.parse_line(line, syntaxes).ok()?;
        if memo.entries >= LINE_MEMO_ENTRIES {
            memo.by_lang.clear();
            memo.entries = 0;
        }
        memo.entries += 1;
        memo.by_lang
            .entry(lang.to_string())
            .or_default()
            .entry(line.to_string())
            .or_default()
            .push((before, ops.clone(), state.clone()));
        Some(ops)
    })
}

/// Aliases people write in fences that syntect knows by another token.
fn token(lang: &str) -> &str {
    match lang {
        "sh" | "shell" | "console" | "zsh" => "bash",
        "yml" => "yaml",
        "py" => "python",
        "rs" => "rust",
        "js" | "node" => "javascript",
        "golang" => "go",
        other => other,
    }
}

/// Highlighted HTML for a code block's text (without `<pre>`), or `None`
/// when the language is unknown: the caller escapes the text instead.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let lang = token(lang.trim());
    if lang.is_empty() {
        return None;
    }
    let key = format!("{lang}\0{code}");
    if let Some(hit) = MEMO.read().ok().and_then(|memo| memo.get(&key).cloned()) {
        return hit;
    }
    let html = SYNTAXES.with(|syntaxes| {
        let syntax = syntaxes.find_syntax_by_token(lang)?;
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = Writer {
            html: String::with_capacity(code.len() * 2),
            open: None,
            pending: String::new(),
        };
        SCOPE_KINDS.with(|kinds| {
            let kinds = &mut kinds.borrow_mut();
            for line in LinesWithEndings::from(code) {
                let ops = parse_line(&mut state, line, lang, syntaxes)?;
                let mut at = 0;
                for (pos, op) in ops {
                    if pos > at {
                        out.text(&line[at..pos], kind_of(stack.as_slice(), kinds));
                        at = pos;
                    }
                    stack.apply(&op).ok()?;
                }
                out.text(&line[at..], kind_of(stack.as_slice(), kinds));
            }
            Some(())
        })?;
        Some(out.finish())
    });
    if let Ok(mut memo) = MEMO.write() {
        memo.insert(key, html.clone());
    }
    html
}

/// The stylesheet for highlighted code: a light theme, and a dark one for
/// `prefers-color-scheme: dark`, one rule per kind of token with the style
/// the theme gives the kind's typical scopes. The themes' colours are
/// adjusted until each reaches WCAG AA contrast (4.5:1) on the code
/// background the default theme draws (`--code-bg`): several of them are
/// fainter (2.7:1 to 3.9:1).
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let rules = |name: &str, dark: bool| {
        let Some(theme) = themes.themes.get(name) else {
            return String::new();
        };
        let highlighter = Highlighter::new(theme);
        let default = highlighter.get_default();
        let mut css = String::new();
        for kind in KINDS {
            let scopes: Vec<Scope> = kind
                .typical
                .iter()
                .filter_map(|s| Scope::new(s).ok())
                .collect();
            let style = highlighter.style_for_stack(&scopes);
            css.push_str(&rule(kind.class, style, default, dark));
        }
        css
    };
    // The dark rules apply when the system asks for dark and the reader has
    // not chosen light, or when the reader has chosen dark (the theme's
    // theme.js sets `data-theme` on <html>).
    let dark = with_contrast(&rules("base16-ocean.dark", true), DARK_CODE_BG, true);
    format!(
        "/* Code highlighting: light, then dark (colours from syntect's InspiredGitHub and base16-ocean.dark themes, raised to WCAG AA). */\n{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n{}",
        with_contrast(&rules("InspiredGitHub", false), LIGHT_CODE_BG, false),
        dark.replace(".hl-", ":root:not([data-theme=\"light\"]) .hl-"),
        dark.replace(".hl-", ":root[data-theme=\"dark\"] .hl-")
    )
}

/// One kind's rule. The dark rules come second and set every property, so
/// that nothing of the light rule shows through.
fn rule(class: &str, style: Style, default: Style, dark: bool) -> String {
    let hex = |c: Color| format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
    let mut css = format!(".hl-{class} {{\n color: {};\n", hex(style.foreground));
    if style.background != default.background {
        css.push_str(&format!(" background-color: {};\n", hex(style.background)));
    } else if dark {
        css.push_str(" background-color: transparent;\n");
    }
    let font = style.font_style;
    for (flag, property, on, off) in [
        (FontStyle::BOLD, "font-weight", "bold", "normal"),
        (FontStyle::ITALIC, "font-style", "italic", "normal"),
        (FontStyle::UNDERLINE, "text-decoration", "underline", "none"),
    ] {
        if font.contains(flag) {
            css.push_str(&format!(" {property}: {on};\n"));
        } else if dark {
            css.push_str(&format!(" {property}: {off};\n"));
        }
    }
    css.push_str("}\n");
    css
}

/// `--code-bg` of the default theme, light and dark.
const LIGHT_CODE_BG: (u8, u8, u8) = (0xf6, 0xf8, 0xfa);
const DARK_CODE_BG: (u8, u8, u8) = (0x2b, 0x30, 0x3b);
const MIN_CONTRAST: f64 = 4.6;

/// Rewrites every `color: #rrggbb` (not background colours) so that it
/// reaches `MIN_CONTRAST` on `background`, moving it towards black, or
/// towards white on a dark background.
fn with_contrast(css: &str, background: (u8, u8, u8), lighten: bool) -> String {
    let mut out = String::with_capacity(css.len());
    for line in css.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let hex = trimmed
            .strip_prefix("color: #")
            .and_then(|rest| rest.get(..6))
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match hex.and_then(parse_hex) {
            Some(colour) => {
                let fixed = raise_contrast(colour, background, lighten);
                out.push_str(&line.replacen(
                    hex.expect("matched"),
                    &format!("{:02x}{:02x}{:02x}", fixed.0, fixed.1, fixed.2),
                    1,
                ));
            }
            None => out.push_str(line),
        }
    }
    out
}

fn parse_hex(hex: &str) -> Option<(u8, u8, u8)> {
    let n = u32::from_str_radix(hex, 16).ok()?;
    Some(((n >> 16) as u8, (n >> 8) as u8, n as u8))
}

fn raise_contrast(
    mut colour: (u8, u8, u8),
    background: (u8, u8, u8),
    lighten: bool,
) -> (u8, u8, u8) {
    let target: u8 = if lighten { 255 } else { 0 };
    let step = |c: u8| -> u8 {
        let c = f64::from(c);
        (c + (f64::from(target) - c) * 0.08).round() as u8
    };
    for _ in 0..60 {
        if contrast(colour, background) >= MIN_CONTRAST {
            break;
        }
        colour = (step(colour.0), step(colour.1), step(colour.2));
    }
    colour
}

/// WCAG 2 contrast ratio.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    let luminance =
        |(r, g, b): (u8, u8, u8)| 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_by_class() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(highlight("x", "no-such-language").is_none());
        assert!(highlight("x: 1\n", "yml").is_some());
    }

    #[test]
    fn a_remembered_line_is_replayed_only_from_the_same_parser_state() {
        // The same line, first as code and then inside a block comment: the
        // second must not reuse what parsing the first did.
        let code = highlight("let answer = 42;\n", "rust").unwrap();
        assert!(code.contains("<span class=\"hl-k\">let</span>"), "{code}");
        let comment = highlight("/*\nlet answer = 42;\n*/\n", "rust").unwrap();
        assert!(!comment.contains("<span class=\"hl-k\">"), "{comment}");
        assert!(comment.contains("<span class=\"hl-c\">"), "{comment}");
        // And as code again, after the comment, still a keyword.
        let again = highlight("/* x */\nlet answer = 42;\n", "rust").unwrap();
        assert!(again.contains("<span class=\"hl-k\">let</span>"), "{again}");
    }

    #[test]
    fn stylesheet_has_both_schemes_and_every_colour_reaches_aa() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        let (light, dark) = css.split_once("prefers-color-scheme: dark").unwrap();
        for (part, background) in [(light, LIGHT_CODE_BG), (dark, DARK_CODE_BG)] {
            let mut seen = 0;
            for line in part.lines() {
                if let Some(hex) = line.trim_start().strip_prefix("color: #") {
                    let colour = parse_hex(&hex[..6]).unwrap();
                    assert!(
                        contrast(colour, background) >= 4.5,
                        "{line} on {background:?}"
                    );
                    seen += 1;
                }
            }
            assert!(seen > 20, "{seen} colours");
        }
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        // The reader's choice of dark (`data-theme`) gets the same rules as
        // the system's dark scheme.
        let (system, chosen) = dark.split_once("}\n\n}\n").unwrap();
        let system = system.replace(":root:not([data-theme=\"light\"]) ", "");
        let chosen = chosen.replace(":root[data-theme=\"dark\"] ", "");
        assert!(chosen.contains(".hl-k {"), "{chosen}");
        assert_eq!(
            format!("{}}}\n", system.trim_start_matches(") {\n")),
            chosen
        );
    }
}
