//! Reading a request's head: parsed by `httparse` from at most
//! [`MAX_HEAD`] bytes and [`MAX_HEADERS`] headers.

use super::{MAX_HEAD, MAX_HEADERS};
use std::io::Read;
use std::net::TcpStream;

/// A request as far as `serve` reads it.
pub(super) struct Request {
    pub(super) method: String,
    pub(super) url: String,
    /// HTTP/1.1 (keeps the connection open unless told otherwise).
    pub(super) keep_alive: bool,
    /// The request has a body, which is never read: the connection closes.
    pub(super) has_body: bool,
    pub(super) headers: Vec<(String, String)>,
}

impl Request {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no request could be read.
pub(super) enum ReadError {
    /// The client went, or said nothing for [`super::IDLE`].
    Gone,
    /// The head is larger than [`MAX_HEAD`] or has too many headers.
    TooLarge,
    Malformed,
}

/// Reads one request's head from `stream`; `buffer` keeps what was read
/// past it (a pipelined next request).
pub(super) fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> Result<Request, ReadError> {
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
