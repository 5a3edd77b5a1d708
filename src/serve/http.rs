//! The HTTP side of `serve`: HTTP/1.1 on 127.0.0.1, a thread per
//! connection (a page's live-reload connection stays open). URLs map to the
//! site's files as a static host maps them: `folder/` is
//! `folder/index.html`, `folder` redirects to `folder/`, unknown paths get
//! the site's 404 page. Paths are normalised: `..` never leaves the site,
//! and files come from the site in memory, never from the disk by name.
//!
//! Requests are parsed by `httparse` (hyper's parser) from a head of at
//! most [`MAX_HEAD`] bytes and [`MAX_HEADERS`] headers; at most
//! [`MAX_CONNECTIONS`] connections are served at once, of which at most
//! [`MAX_LIVE`] live-reload sockets, and the others get `503`. A web page
//! cannot read the preview through DNS rebinding (the `Host` must be this
//! machine) nor open the live-reload socket from another origin (a
//! browser's `Origin` must be this server). tiny_http, used before, read a
//! header line of any length (a 200 MB line grew the server to 570 MB) and
//! started a thread for every connection, with no way to bound either.

use super::live::{self, LIVE_PATH};
use super::rebuild::Problems;
use super::state::{self, Live, Snapshot};
use crate::error::{Error, ErrorKind};
use crate::output::content_type;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// The most bytes a request's line and headers may take.
pub const MAX_HEAD: usize = 64 * 1024;
/// The most headers a request may have.
pub const MAX_HEADERS: usize = 64;
/// The most connections served at once.
pub const MAX_CONNECTIONS: usize = 64;
/// The most live-reload sockets open at once (one per open page).
pub const MAX_LIVE: usize = 32;
/// How long a connection may stay silent (between requests, or within one).
const IDLE: Duration = Duration::from_secs(15);

/// The listening socket, and what its connections share.
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
    stopping: AtomicBool,
    connections: Arc<AtomicUsize>,
    live_sockets: Arc<AtomicUsize>,
}

/// Binds `127.0.0.1:port` (0: any free port).
pub fn bind(port: u16) -> Result<Server, Error> {
    let failed = |message: String| Error::new(ErrorKind::Server, message);
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        failed(if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "port {port} is in use (another `retrospect serve`?): choose another with --port, \
                 or --port 0 for any free port"
            )
        } else {
            format!("cannot listen on 127.0.0.1:{port}: {e}")
        })
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| failed(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    Ok(Server {
        listener,
        addr,
        stopping: AtomicBool::new(false),
        connections: Arc::new(AtomicUsize::new(0)),
        live_sockets: Arc::new(AtomicUsize::new(0)),
    })
}

impl Server {
    /// The port listened on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Makes [`serve`] return: it stops accepting connections.
    pub fn unblock(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wakes the blocked `accept`.
        let _ = TcpStream::connect(self.addr);
    }
}

/// A slot among a bounded number, given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(count: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        count
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(count)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers connections until [`Server::unblock`].
pub fn serve(server: &Server, live: &Arc<Live>) {
    for stream in server.listener.incoming() {
        if server.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(mut stream) = stream else { continue };
        let Some(slot) = Slot::take(&server.connections, MAX_CONNECTIONS) else {
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = write_reply(
                &mut stream,
                &text(503, "too many connections\n"),
                false,
                true,
            );
            continue;
        };
        let live = Arc::clone(live);
        let sockets = Arc::clone(&server.live_sockets);
        let port = server.port();
        std::thread::spawn(move || {
            let _slot = slot;
            connection(stream, &live, &sockets, port);
        });
    }
}

/// A request as far as `serve` reads it.
struct Request {
    method: String,
    url: String,
    /// HTTP/1.1 (keeps the connection open unless told otherwise).
    keep_alive: bool,
    /// The request has a body, which is never read: the connection closes.
    has_body: bool,
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no request could be read.
enum ReadError {
    /// The client went, or said nothing for [`IDLE`].
    Gone,
    /// The head is larger than [`MAX_HEAD`] or has too many headers.
    TooLarge,
    Malformed,
}

/// Reads one request's head from `stream`; `buffer` keeps what was read
/// past it (a pipelined next request).
fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Result<Request, ReadError> {
    let mut chunk = [0u8; 8192];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(buffer) {
            Ok(httparse::Status::Complete(length)) => {
                let headers: Vec<(String, String)> = parsed
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.name.to_string(),
                            String::from_utf8_lossy(h.value).trim().to_string(),
                        )
                    })
                    .collect();
                let mut request = Request {
                    method: parsed.method.unwrap_or("").to_string(),
                    url: parsed.path.unwrap_or("").to_string(),
                    keep_alive: parsed.version == Some(1),
                    has_body: false,
                    headers,
                };
                if request
                    .header("Connection")
                    .is_some_and(|c| c.to_ascii_lowercase().contains("close"))
                {
                    request.keep_alive = false;
                }
                request.has_body = request.header("Transfer-Encoding").is_some()
                    || request
                        .header("Content-Length")
                        .is_some_and(|l| l.trim() != "0");
                buffer.drain(..length);
                return Ok(request);
            }
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => return Err(ReadError::TooLarge),
            Err(_) => return Err(ReadError::Malformed),
        }
        if buffer.len() >= MAX_HEAD {
            return Err(ReadError::TooLarge);
        }
        let room = (MAX_HEAD - buffer.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) | Err(_) => return Err(ReadError::Gone),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Serves the requests of one connection, one after the other.
fn connection(mut stream: TcpStream, live: &Live, sockets: &Arc<AtomicUsize>, port: u16) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(IDLE));
    let mut buffer = Vec::new();
    loop {
        let request = match read_request(&mut stream, &mut buffer) {
            Ok(request) => request,
            Err(ReadError::Gone) => return,
            Err(ReadError::TooLarge) => {
                let reply = text(431, "the request's headers are too large\n");
                let _ = write_reply(&mut stream, &reply, false, true);
                return;
            }
            Err(ReadError::Malformed) => {
                let _ = write_reply(
                    &mut stream,
                    &text(400, "not an HTTP request\n"),
                    false,
                    true,
                );
                return;
            }
        };
        if normalise(&request.url).as_deref() == Some(LIVE_PATH) && host_allowed(&request) {
            return live_socket(stream, &request, live, sockets, port);
        }
        let head = request.method == "HEAD";
        // A panic while rendering a page is that page's error, not the
        // server's end.
        let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| respond(&request, live)))
            .unwrap_or_else(|panic| {
                let problems = Problems {
                    messages: vec![format!(
                        "Retrospect failed while rendering this page: {}; please report it (SECURITY.md says how)",
                        panic_message(&panic)
                    )],
                    ..Problems::default()
                };
                html(500, live::error_page(&live.snapshot().token, &problems))
            });
        let close = !request.keep_alive || request.has_body;
        if write_reply(&mut stream, &reply, head, close).is_err() || close {
            return;
        }
    }
}

/// What a panic said.
pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

/// A reply: status, headers, body.
struct Reply {
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

fn write_reply(
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

fn respond(request: &Request, live: &Live) -> Reply {
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
fn host_allowed(request: &Request) -> bool {
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
fn origin_allowed(request: &Request, port: u16) -> bool {
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

fn html(status: u16, body: Vec<u8>) -> Reply {
    with_headers(status, body, "text/html; charset=utf-8")
}

fn text(status: u16, body: &str) -> Reply {
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

/// A page's live-reload connection: the WebSocket handshake, then this
/// thread tells the page when to reload.
fn live_socket(
    mut stream: TcpStream,
    request: &Request,
    live: &Live,
    sockets: &Arc<AtomicUsize>,
    port: u16,
) {
    let refuse = |stream: &mut TcpStream, reply: Reply| {
        let _ = write_reply(stream, &reply, false, true);
    };
    if request.method != "GET" {
        return refuse(&mut stream, text(405, "only GET and HEAD are served\n"));
    }
    if !origin_allowed(request, port) {
        return refuse(
            &mut stream,
            text(403, "live reload is for the pages of this server only\n"),
        );
    }
    let key = request.header("Sec-WebSocket-Key").map(str::to_string);
    let upgrade = request
        .header("Upgrade")
        .is_some_and(|u| u.eq_ignore_ascii_case("websocket"));
    let (Some(key), true) = (key, upgrade) else {
        return refuse(
            &mut stream,
            text(400, "a WebSocket endpoint for live reload\n"),
        );
    };
    let Some(_slot) = Slot::take(sockets, MAX_LIVE) else {
        return refuse(&mut stream, text(503, "too many live-reload connections\n"));
    };
    let token = request
        .url
        .split_once('?')
        .and_then(|(_, query)| query.split('&').find_map(|p| p.strip_prefix("token=")))
        .unwrap_or("")
        .to_string();
    let accept = tungstenite::handshake::derive_accept_key(key.as_bytes());
    let handshake = format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
    );
    if stream.write_all(handshake.as_bytes()).is_err() {
        return;
    }
    let _ = stream.set_read_timeout(None);
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
