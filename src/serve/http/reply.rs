//! What to answer: a file of the site in memory (HTML pages with the
//! live-reload script and the latest problems), a redirect, the 404 page;
//! whether a request may be answered at all (its `Host`, its `Origin`);
//! and a URL's path normalised so that it never leaves the site.

use super::request::Request;
use crate::error::Error;
use crate::output::content_type;
use crate::serve::live::{self, LIVE_PATH};
use crate::serve::rebuild::Problems;
use crate::serve::state::{self, Live, Snapshot};
use std::io::Write;
use std::net::TcpStream;

/// A reply: status, headers, body.
pub(super) struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn with_header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        101 => "Switching Protocols",
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

pub(super) fn write_reply(
    stream: &mut TcpStream,
    reply: &Reply,
    head: bool,
    close: bool,
) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    if close {
        out.push_str("Connection: close\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if !head {
        bytes.extend_from_slice(&reply.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

pub(super) fn respond(request: &Request, live: &Live) -> Reply {
    if !host_allowed(request) {
        return text(
            403,
            "retrospect serve answers requests for 127.0.0.1 and localhost only\n",
        );
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return text(405, "only GET and HEAD are served\n").with_header("Allow", "GET, HEAD");
    }
    let Some(path) = normalise(&request.url) else {
        return text(400, "not a valid path\n");
    };
    if path == LIVE_PATH {
        return text(400, "a WebSocket endpoint for live reload\n");
    }
    let snapshot = live.snapshot();
    reply(&snapshot, &path)
}

/// Whether the request names this machine as its host. A web page cannot
/// then read the preview (internal reports, by default) by pointing its
/// own domain at 127.0.0.1 (DNS rebinding): its requests name its domain.
pub(super) fn host_allowed(request: &Request) -> bool {
    let Some(host) = request.header("Host") else {
        return true;
    };
    local_name(host_name(host))
}

fn host_name(host: &str) -> &str {
    match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    }
}

fn local_name(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "::1"
    )
}

/// Whether a WebSocket handshake's `Origin` is a page of this server. A
/// browser always sends one, so a page of any other site (which could
/// otherwise open a socket a thread each) is refused; a client that is no
/// browser sends none, and cannot be made to by a web page.
pub(super) fn origin_allowed(request: &Request, port: u16) -> bool {
    let Some(origin) = request.header("Origin") else {
        return true;
    };
    let Some(rest) = origin.strip_prefix("http://") else {
        return false;
    };
    let (name, origin_port) = match rest.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((name, after)) => (name, after.strip_prefix(':')),
            None => return false,
        },
        None => match rest.split_once(':') {
            Some((name, p)) => (name, Some(p)),
            None => (rest, None),
        },
    };
    local_name(name) && origin_port == Some(port.to_string().as_str())
}

/// The reply for a normalised `path` (empty for the site root).
fn reply(snapshot: &Snapshot, path: &str) -> Reply {
    if path.starts_with("__retrospect/") {
        return text(404, "no such page\n");
    }
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let Some(site) = &snapshot.site else {
        // Nothing has built yet: every page is the list of problems.
        let problems = snapshot.problems.as_deref().cloned().unwrap_or_default();
        return html(500, live::error_page(&snapshot.token, &problems));
    };
    match site.file(&file) {
        Some(Ok(output)) => match state::bytes(&output) {
            Ok(bytes) => page(snapshot, 200, &file, &bytes),
            Err(e) => text(500, &format!("cannot read {file}: {e}\n")),
        },
        Some(Err(message)) => template_failed(snapshot, message),
        None => {
            // `reports/x` is the folder `reports/x/`, as on a static host.
            let folder = format!("{file}/index.html");
            if !file.ends_with(".html") && matches!(site.file(&folder), Some(Ok(_))) {
                let location = format!("/{file}/");
                return text(301, &format!("moved to {location}\n"))
                    .with_header("Location", &location);
            }
            match site.file("404.html") {
                Some(Ok(output)) => match state::bytes(&output) {
                    Ok(bytes) => page(snapshot, 404, "404.html", &bytes),
                    Err(_) => text(404, "no such page\n"),
                },
                Some(Err(message)) => template_failed(snapshot, message),
                None => text(404, "no such page\n"),
            }
        }
    }
}

/// A template failed on this page (the pages rendered while rebuilding were
/// fine): its error, on a page of its own.
fn template_failed(snapshot: &Snapshot, error: Error) -> Reply {
    let problems = Problems {
        messages: vec![error.to_string()],
        ..Problems::default()
    };
    html(500, live::error_page(&snapshot.token, &problems))
}

/// A file of the site; HTML pages get the live-reload script, and the
/// problems of the latest rebuild if it failed.
fn page(snapshot: &Snapshot, status: u16, file: &str, bytes: &[u8]) -> Reply {
    let kind = content_type(file);
    let body = if kind.starts_with("text/html") {
        live::inject(bytes, &snapshot.token, snapshot.problems.as_deref())
    } else {
        bytes.to_vec()
    };
    with_headers(status, body, kind)
}

pub(super) fn html(status: u16, body: Vec<u8>) -> Reply {
    with_headers(status, body, "text/html; charset=utf-8")
}

pub(super) fn text(status: u16, body: &str) -> Reply {
    with_headers(
        status,
        body.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    )
}

fn with_headers(status: u16, body: Vec<u8>, content_type: &str) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body,
    }
    .with_header("Content-Type", content_type)
    // A preview: always the latest build.
    .with_header("Cache-Control", "no-store")
    .with_header("X-Content-Type-Options", "nosniff")
}

/// The site path of a request's URL: without query and fragment,
/// percent-decoded, `.` and empty segments dropped, `..` going up but never
/// above the root; a trailing `/` kept. `None` for what cannot be a path
/// (not UTF-8, a NUL or a backslash).
pub fn normalise(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let mut out = parts.join("/");
    let folder = decoded.ends_with('/') || decoded.ends_with("/.") || decoded.ends_with("/..");
    if folder && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// A URL's path percent-decoded, strictly: `None` when a `%` does not
/// start an escape of two hex digits, or when the bytes are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let escapes_whole = s.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_whole {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8().ok()?;
    Some(decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_and_never_leave_the_site() {
        let n = |url: &str| normalise(url);
        assert_eq!(n("/").as_deref(), Some(""));
        assert_eq!(n("/reports/db/").as_deref(), Some("reports/db/"));
        assert_eq!(n("/reports/db").as_deref(), Some("reports/db"));
        assert_eq!(n("/reports/db/?x=1#top").as_deref(), Some("reports/db/"));
        assert_eq!(
            n("//reports/./db//index.html").as_deref(),
            Some("reports/db/index.html")
        );
        assert_eq!(n("/../../etc/passwd").as_deref(), Some("etc/passwd"));
        assert_eq!(n("/reports/%2e%2e/%2E%2E/x").as_deref(), Some("x"));
        assert_eq!(n("/reports/db/..").as_deref(), Some("reports/"));
        assert_eq!(n("/a%20b.png").as_deref(), Some("a b.png"));
        for bad in ["/%ff", "/a%0", "/a%zz", "/a%00b", "/a%5cb"] {
            assert_eq!(n(bad), None, "{bad}");
        }
    }

    fn request(headers: &[(&str, &str)]) -> Request {
        Request {
            method: "GET".into(),
            url: "/".into(),
            keep_alive: true,
            has_body: false,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn live_reload_is_for_this_servers_pages_only() {
        for origin in [
            "http://127.0.0.1:4000",
            "http://localhost:4000",
            "http://[::1]:4000",
            "http://LOCALHOST:4000",
        ] {
            assert!(
                origin_allowed(&request(&[("Origin", origin)]), 4000),
                "{origin}"
            );
        }
        for origin in [
            "http://127.0.0.1:4001",
            "http://127.0.0.1",
            "https://127.0.0.1:4000",
            "http://evil.example:4000",
            "http://127.0.0.1.evil.example:4000",
            "null",
            "",
        ] {
            assert!(
                !origin_allowed(&request(&[("Origin", origin)]), 4000),
                "{origin}"
            );
        }
        assert!(origin_allowed(&request(&[]), 4000), "no browser, no Origin");
        assert!(host_allowed(&request(&[("Host", "127.0.0.1:4000")])));
        assert!(!host_allowed(&request(&[("Host", "evil.example")])));
    }
}
