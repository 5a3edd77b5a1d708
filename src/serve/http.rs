//! The HTTP side of `serve`: `tiny_http` on 127.0.0.1, a thread per
//! request (a page's live-reload connection stays open). URLs map to the
//! site's files as a static host maps them: `folder/` is
//! `folder/index.html`, `folder` redirects to `folder/`, unknown paths get
//! the site's 404 page. Paths are normalised: `..` never leaves the site,
//! and files come from the site in memory, never from the disk by name.

use super::live::{self, LIVE_PATH};
use super::rebuild::Problems;
use super::state::{self, Live, Snapshot};
use std::io::Cursor;
use std::sync::Arc;
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

/// Binds `127.0.0.1:port` (0: any free port).
pub fn bind(port: u16) -> Result<Server, String> {
    Server::http(("127.0.0.1", port)).map_err(|e| {
        let in_use = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::AddrInUse);
        if in_use {
            format!(
                "port {port} is in use (another `retrospect serve`?): choose another with --port, \
                 or --port 0 for any free port"
            )
        } else {
            format!("cannot listen on 127.0.0.1:{port}: {e}")
        }
    })
}

/// Answers requests until the server is unblocked.
pub fn serve(server: &Server, live: &Arc<Live>) {
    for request in server.incoming_requests() {
        let live = Arc::clone(live);
        std::thread::spawn(move || respond(request, &live));
    }
}

type Reply = Response<Cursor<Vec<u8>>>;

fn respond(request: Request, live: &Live) {
    if !host_allowed(&request) {
        let _ = request.respond(text(
            403,
            "retrospect serve answers requests for 127.0.0.1 and localhost only\n",
        ));
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let reply =
            text(405, "only GET and HEAD are served\n").with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(reply);
        return;
    }
    let url = request.url().to_string();
    let Some(path) = normalise(&url) else {
        let _ = request.respond(text(400, "not a valid path\n"));
        return;
    };
    if path == LIVE_PATH {
        return live_socket(request, &url, live);
    }
    let snapshot = live.snapshot();
    let _ = request.respond(reply(&snapshot, &path));
}

/// Whether the request names this machine as its host. A web page cannot
/// then read the preview (internal reports, by default) by pointing its
/// own domain at 127.0.0.1 (DNS rebinding): its requests name its domain.
fn host_allowed(request: &Request) -> bool {
    let Some(host) = request.headers().iter().find(|h| h.field.equiv("Host")) else {
        return true;
    };
    let host = host.value.as_str();
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    matches!(name, "127.0.0.1" | "localhost" | "::1")
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
                    .with_header(header("Location", &location));
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
fn template_failed(snapshot: &Snapshot, message: String) -> Reply {
    let problems = Problems {
        messages: vec![message],
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
    with_headers(
        Response::from_data(body).with_status_code(StatusCode(status)),
        kind,
    )
}

fn html(status: u16, body: Vec<u8>) -> Reply {
    with_headers(
        Response::from_data(body).with_status_code(StatusCode(status)),
        "text/html; charset=utf-8",
    )
}

fn text(status: u16, body: &str) -> Reply {
    with_headers(
        Response::from_data(body.as_bytes().to_vec()).with_status_code(StatusCode(status)),
        "text/plain; charset=utf-8",
    )
}

fn with_headers(reply: Reply, content_type: &str) -> Reply {
    reply
        .with_header(header("Content-Type", content_type))
        // A preview: always the latest build.
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

/// A page's live-reload connection: the WebSocket handshake, then a thread
/// that tells the page when to reload.
fn live_socket(request: Request, url: &str, live: &Live) {
    let key = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Sec-WebSocket-Key"))
        .map(|h| h.value.as_str().to_string());
    let upgrade = request
        .headers()
        .iter()
        .any(|h| h.field.equiv("Upgrade") && h.value.as_str().eq_ignore_ascii_case("websocket"));
    let (Some(key), true) = (key, upgrade) else {
        let _ = request.respond(text(400, "a WebSocket endpoint for live reload\n"));
        return;
    };
    let token = url
        .split_once('?')
        .and_then(|(_, query)| query.split('&').find_map(|p| p.strip_prefix("token=")))
        .unwrap_or("")
        .to_string();
    let accept = tungstenite::handshake::derive_accept_key(key.as_bytes());
    let handshake =
        Response::empty(StatusCode(101)).with_header(header("Sec-WebSocket-Accept", &accept));
    let stream = request.upgrade("websocket", handshake);
    live::keep_page_informed(stream, &token, live);
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

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a site's file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path == "feed.xml" => "application/atom+xml",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "log" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
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

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("assets/sort.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("feed.xml"), "application/atom+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("actions.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("reports/db/Graph.PNG"), "image/png");
        assert_eq!(content_type("reports/db/dump"), "application/octet-stream");
    }
}
