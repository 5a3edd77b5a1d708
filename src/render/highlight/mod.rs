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
//! The rendering threads share one syntax set and one memo of parsed lines
//! (below). The set used to be one per thread, when the regexes ran on
//! fancy-regex, whose match caches made threads queue on each other (5.5 s
//! shared, 2.4 s per thread on 8,000 blocks); Oniguruma keeps no state
//! between searches, and with it one shared set and memo took 12% less CPU
//! and 15% less wall time than one per thread (`examples/highlight_bench.rs`,
//! BENCHMARKS.md, seventh session): each thread no longer compiles every
//! regex, nor parses every line, once for itself.
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

mod kinds;
mod stylesheet;

pub use stylesheet::stylesheet;

use kinds::{KINDS, kind_of};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, RwLock};
use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Highlighted HTML by `lang \0 code`, shared by the rendering threads.
static MEMO: LazyLock<RwLock<Memo>> = LazyLock::new(Default::default);

/// The default grammars; syntect compiles a syntax's regexes on first use.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Lines already parsed, shared by the rendering threads as [`SYNTAXES`]
/// is: a line parsed by one thread is replayed by the others (one memo per
/// thread left each thread to parse every line once: 14% more CPU for
/// highlighting on two threads, BENCHMARKS.md).
static LINES: LazyLock<Mutex<SharedLines>> = LazyLock::new(Default::default);

/// [`LineMemo`], to be shared behind [`LINES`]'s lock.
#[derive(Default)]
struct SharedLines(LineMemo);

// SAFETY: a `ParseState` is plain data (context ids, flags, and for a
// pattern with back-references the captured text and an Oniguruma
// `Region`). The `Region` is not `Send` only because it holds the raw
// pointers of the `OnigRegion` it owns: it allocates them itself, frees
// them when dropped, and shares them with nothing (cloning copies the
// arrays), so moving one to another thread is sound. The memo is only
// touched under the lock.
unsafe impl Send for SharedLines {}

/// The snippets highlighted so far, and how many bytes they hold.
#[derive(Default)]
struct Memo {
    by_key: HashMap<String, Option<String>>,
    bytes: usize,
}

/// At most this many bytes of code and HTML are kept in [`MEMO`]; when
/// full, it starts again, like the line memo, so that a long `serve`
/// session does not grow it without end. (The 10,000-report corpus's
/// 6,150 different blocks take about 12 MB; at 100,000 reports it fills
/// and starts again whatever its size, and a build without it took the
/// same CPU time: 16 MB rather than 32 is that much less at the peak.)
const MEMO_BYTES: usize = 16 * 1024 * 1024;

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

/// At most this many parsed lines are kept (a few tens of MB);
/// when full, the memo starts again, so a long `serve` session or a site of
/// unique code does not grow it without end.
const LINE_MEMO_ENTRIES: usize = 50_000;

/// Lines longer than this are parsed every time: long lines rarely repeat.
const LINE_MEMO_MAX_LEN: usize = 256;
type LineOps = Vec<(usize, ScopeStackOp)>;

thread_local! {
    /// The kind of each scope met so far (an index into `KINDS`, or none).
    static SCOPE_KINDS: RefCell<HashMap<Scope, Option<usize>>> = RefCell::new(HashMap::new());
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
    let replay = |memo: &LineMemo, state: &ParseState| {
        let seen = memo.by_lang.get(lang)?.get(line)?;
        let (_, ops, after) = seen.iter().find(|(before, _, _)| before == state)?;
        Some((ops.clone(), after.clone()))
    };
    if let Some((ops, after)) = LINES.lock().ok().and_then(|memo| replay(&memo.0, state)) {
        *state = after;
        return Some(ops);
    }
    // Parsed outside the lock: the other threads go on replaying meanwhile.
    let before = state.clone();
    let ops = state.parse_line(line, syntaxes).ok()?;
    if let Ok(mut shared) = LINES.lock() {
        let memo = &mut shared.0;
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
    }
    Some(ops)
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
    if let Some(hit) = MEMO
        .read()
        .ok()
        .and_then(|memo| memo.by_key.get(&key).cloned())
    {
        return hit;
    }
    let html = parse_block(code, lang);
    if let Ok(mut memo) = MEMO.write() {
        let bytes = key.len() + html.as_ref().map_or(0, String::len);
        if memo.bytes + bytes > MEMO_BYTES {
            *memo = Memo::default();
        }
        memo.bytes += bytes;
        memo.by_key.insert(key, html.clone());
    }
    html
}

/// Highlights `code` without the memo of whole blocks.
fn parse_block(code: &str, lang: &str) -> Option<String> {
    let syntaxes: &SyntaxSet = &SYNTAXES;
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
    fn lines_highlighted_on_one_thread_come_out_the_same_on_another() {
        let code = "def handler(event):\n    return {'ok': True}\n";
        let here = highlight(code, "python").unwrap();
        // The same lines in a block of their own (so not the memo of whole
        // blocks) on another thread, which replays them from the shared memo.
        let there = std::thread::spawn(move || highlight(&format!("{code}# done\n"), "python"))
            .join()
            .unwrap()
            .unwrap();
        assert!(there.starts_with(&here), "{here}\n{there}");
        assert!(here.contains("<span class=\"hl-k\">def</span>"), "{here}");
    }
}
