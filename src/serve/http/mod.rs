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

mod reply;
mod request;

pub use reply::normalise;

use super::live::{self, LIVE_PATH};
use super::rebuild::Problems;
use super::state::Live;
use crate::error::{Error, ErrorKind};
use reply::{Reply, host_allowed, html, origin_allowed, respond, text, write_reply};
use request::{ReadError, Request, read_request};
use std::io::Write;
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
