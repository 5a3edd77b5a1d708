//! What `serve` adds to the pages it serves (never to `build`'s): a small
//! script that reloads the page when the site is rebuilt, and the errors
//! of a rebuild that failed, over the last good page or on a page of their
//! own. The script keeps a WebSocket open to [`LIVE_PATH`]; the server
//! sends `reload` when the page's token is out of date.

use super::rebuild::Problems;
use super::state::{Live, Wake};
use crate::diagnostic;
use crate::render::markdown::escape;
use std::io::{Read, Write};
use std::time::Duration;

/// Where pages connect to hear about rebuilds (under the reserved
/// `__retrospect/`, which no page of a site can have).
pub const LIVE_PATH: &str = "__retrospect/live";

/// How many diagnostics a page shows; the terminal has them all.
const SHOWN: usize = 20;

/// The script: connect, reload on `reload`; when the connection drops
/// (the server stopped or restarted), try again, less and less often, and
/// reload once a server answers with a newer site.
fn script(token: &str) -> String {
    format!(
        "<script>/* retrospect serve: reloads this page when the site is rebuilt */\n\
(() => {{\n\
  const token = \"{token}\";\n\
  let wait = 500;\n\
  const connect = () => {{\n\
    const socket = new WebSocket(`ws://${{location.host}}/{LIVE_PATH}?token=${{token}}`);\n\
    socket.onopen = () => {{ wait = 500; }};\n\
    socket.onmessage = (event) => {{ if (event.data === \"reload\") location.reload(); }};\n\
    socket.onclose = () => {{ setTimeout(connect, wait); wait = Math.min(wait * 2, 10000); }};\n\
  }};\n\
  connect();\n\
}})();\n\
</script>\n"
    )
}

const STYLE: &str = "<style>\n\
#retrospect-serve-problems{position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:60vh;overflow:auto;\
margin:0;padding:1rem 1.5rem;background:#fff4f2;color:#3b0a00;border-top:4px solid #b42318;\
font:14px/1.45 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.25)}\n\
#retrospect-serve-problems h2{margin:0 0 .5rem;font-size:1.1rem;color:#b42318}\n\
#retrospect-serve-problems p{margin:.25rem 0 .75rem}\n\
#retrospect-serve-problems pre{margin:0;padding:.75rem;overflow:auto;background:#fff;color:#1d1d1d;\
border:1px solid #f3c6bf;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;white-space:pre}\n\
</style>\n";

/// The problems as text: each diagnostic as `check` prints it (file,
/// line and column, code, message, the line with a caret, help), then the
/// messages that are not about one report (templates, a missing folder).
pub fn problems_text(problems: &Problems) -> String {
    let mut text = diagnostic::human::render(
        &problems.diagnostics[..problems.diagnostics.len().min(SHOWN)],
        None,
        false,
    );
    for message in &problems.messages {
        text.push_str("error: ");
        text.push_str(message);
        text.push_str("\n\n");
    }
    if problems.diagnostics.len() > SHOWN {
        text.push_str(&format!(
            "… and {} more (the terminal shows them all)\n",
            problems.diagnostics.len() - SHOWN
        ));
    }
    text
}

/// `N errors`.
pub fn count(problems: &Problems) -> String {
    diagnostic::plural(problems.count(), "error", "errors")
}

/// The panel of problems shown over the last good page.
fn panel(problems: &Problems) -> String {
    format!(
        "{STYLE}<section id=\"retrospect-serve-problems\" role=\"alert\" aria-labelledby=\"retrospect-serve-problems-title\">\n\
<h2 id=\"retrospect-serve-problems-title\">The site has {}</h2>\n\
<p>This is the last version that built. The page reloads by itself once the errors are fixed.</p>\n\
<pre>{}</pre>\n</section>\n",
        count(problems),
        escape(&problems_text(problems))
    )
}

/// A served HTML page: the live-reload script, and the problems, if any,
/// added before `</body>`.
pub fn inject(html: &[u8], token: &str, problems: Option<&Problems>) -> Vec<u8> {
    let mut added = problems.map(panel).unwrap_or_default();
    added.push_str(&script(token));
    let at = find_last_ignoring_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + added.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(added.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// A page of its own for problems: when no site has built yet, or a
/// template fails on the page asked for.
pub fn error_page(token: &str, problems: &Problems) -> Vec<u8> {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>The site has {count} · retrospect serve</title>\n{STYLE}\
<style>body{{margin:0;font:16px/1.5 system-ui,sans-serif}}#retrospect-serve-problems{{position:static;max-height:none;min-height:100vh;box-sizing:border-box;box-shadow:none}}</style>\n\
</head>\n<body>\n<main id=\"retrospect-serve-problems\" aria-labelledby=\"retrospect-serve-problems-title\">\n\
<h1 id=\"retrospect-serve-problems-title\">The site has {count}</h1>\n\
<p>Nothing can be shown until they are fixed; this page reloads by itself when they are.</p>\n\
<pre>{text}</pre>\n</main>\n{script}</body>\n</html>\n",
        count = count(problems),
        text = escape(&problems_text(problems)),
        script = script(token),
    )
    .into_bytes()
}

/// Serves one page's WebSocket until the site changes (then `reload`),
/// the server stops, or the page goes. `stream` is the connection after
/// the handshake.
pub fn keep_page_informed<S: Read + Write>(stream: S, token: &str, live: &Live) {
    use tungstenite::protocol::{Message, Role, WebSocket};
    let mut socket = WebSocket::from_raw_socket(stream, Role::Server, None);
    loop {
        match live.wait(token, Duration::from_secs(20)) {
            Wake::Changed => {
                let _ = socket.send(Message::text("reload"));
                let _ = socket.close(None);
                let _ = socket.flush();
                return;
            }
            Wake::Stopping => {
                let _ = socket.close(None);
                let _ = socket.flush();
                return;
            }
            // A page that went away shows as a failed write.
            Wake::TimedOut => {
                if socket.send(Message::Ping(Vec::new().into())).is_err() {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Diagnostic};

    fn problems() -> Problems {
        let text = "---\nseverity: <b>urgent</b>\n---\n";
        let index = crate::source::LineIndex::new(text);
        Problems {
            diagnostics: vec![
                Diagnostic::new(Code::InvalidValue, "`<b>urgent</b>` is not a severity")
                    .in_file("reports/2025-01-01-x.md")
                    .at_span(text, &index, 14..27),
            ],
            messages: vec!["a template has an error: <oops>".into()],
        }
    }

    #[test]
    fn problems_are_shown_escaped_with_file_line_and_column() {
        let page = String::from_utf8(inject(
            b"<html><body><p>Old</p></BODY></html>",
            "t-1",
            Some(&problems()),
        ))
        .unwrap();
        assert!(page.starts_with("<html><body><p>Old</p><style>"), "{page}");
        assert!(page.ends_with("</script>\n</BODY></html>"), "{page}");
        assert!(page.contains("The site has 2 errors"));
        assert!(page.contains("reports/2025-01-01-x.md:2:11"), "{page}");
        assert!(page.contains("&lt;b&gt;urgent&lt;/b&gt;"));
        assert!(page.contains("&lt;oops&gt;"));
        assert!(!page.contains("<b>urgent"));
        assert!(page.contains("const token = \"t-1\";"));

        let alone = String::from_utf8(error_page("t-2", &problems())).unwrap();
        assert!(
            alone.contains("<h1 id=\"retrospect-serve-problems-title\">The site has 2 errors</h1>")
        );
        assert!(alone.contains("reports/2025-01-01-x.md:2:11"));
        // A page without `</body>` gets the script at its end.
        assert!(
            String::from_utf8(inject(b"<p>x", "t", None))
                .unwrap()
                .starts_with("<p>x<script>")
        );
    }
}
