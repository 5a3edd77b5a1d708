//! A minimal WebDriver client for Debian's Chromium and chromedriver, and a
//! small static file server for a built site: what the browser tests
//! (`tests/cli/browser.rs`) and the search benchmark
//! (`examples/search_first_query.rs`) share. One copy, included by both.
//!
//! The client is a few plain HTTP/1.1 requests to chromedriver on the
//! loopback interface, over `std::net` with `serde_json`: no TLS, no async
//! runtime, no new dependency. The browser and chromedriver are the Debian
//! packages at fixed paths (scripts/test.sh installs them), never one that
//! a tool downloads. A missing tool fails with a message saying how to get
//! it.
//!
//! chromedriver is started once per process, on a port it chooses itself
//! (`--port=0`, read back from its first lines), in a process group of its
//! own. A watchdog shell holds a pipe from this process and kills the group,
//! browsers included, when the pipe closes: when the process ends, however
//! it ends.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Component, Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::thread;
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub fn require_tool(path: &str, package: &str) {
    assert!(
        Path::new(path).is_file(),
        "{path} is missing: the browser tests need Debian's {package} package \
         (scripts/test.sh installs it)"
    );
}

// ---------------------------------------------------------------------------
// chromedriver

/// The chromedriver of this process.
pub struct Driver {
    port: u16,
    /// Where each session's Chromium profile goes; removed by the watchdog.
    profiles: PathBuf,
    /// Closing it (when the process ends) makes the watchdog kill
    /// chromedriver and every browser it started.
    _watchdog_pipe: Mutex<ChildStdin>,
    /// The two processes, never waited for: they end with this process.
    _processes: Mutex<[Child; 2]>,
}

/// chromedriver, started on first use and kept for the life of the process.
pub fn driver() -> &'static Driver {
    static DRIVER: OnceLock<Driver> = OnceLock::new();
    DRIVER.get_or_init(Driver::start)
}

impl Driver {
    fn start() -> Driver {
        require_tool(CHROMIUM, "chromium");
        require_tool(CHROMEDRIVER, "chromium-driver");
        let profiles =
            std::env::temp_dir().join(format!("retrospect-chromium-{}", std::process::id()));
        std::fs::create_dir_all(&profiles)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", profiles.display()));
        let mut child = Command::new(CHROMEDRIVER)
            .args(["--port=0", "--allowed-ips=127.0.0.1"])
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{CHROMEDRIVER} does not start: {e}"));
        let group = child.id().to_string();
        let mut watchdog = Command::new("sh")
            .args([
                "-c",
                "read _ignored; kill -KILL -\"$0\" 2>/dev/null; sleep 1; rm -rf \"$1\"",
                &group,
            ])
            .arg(&profiles)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("the watchdog shell does not start: {e}"));
        let pipe = watchdog.stdin.take().expect("a pipe to the watchdog");

        // chromedriver says which port it chose: "ChromeDriver was started
        // successfully on port 40765." Its output is read to the end, so
        // that it never blocks on a full pipe.
        let stdout = child.stdout.take().expect("chromedriver's output");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(port) = line
                    .split("started successfully on port ")
                    .nth(1)
                    .and_then(|p| p.trim_end_matches('.').trim().parse::<u16>().ok())
                {
                    let _ = tx.send(port);
                }
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| {
                panic!("{CHROMEDRIVER} did not say which port it listens on within 30 s")
            });
        let driver = Driver {
            port,
            profiles,
            _watchdog_pipe: Mutex::new(pipe),
            _processes: Mutex::new([child, watchdog]),
        };
        let mut last = None;
        let ready = poll(Duration::from_secs(30), || {
            match http_json(port, "GET", "/status", None) {
                Ok(v) if v.get("ready") == Some(&Value::Bool(true)) => true,
                other => {
                    last = Some(other);
                    false
                }
            }
        });
        assert!(ready, "chromedriver is not ready after 30 s: {last:?}");
        driver
    }
}

/// Calls `done` until it says yes or `within` has passed; true if it did.
/// Between calls it waits a little longer each time, up to 100 ms.
pub fn poll(within: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    let mut pause = Duration::from_millis(5);
    loop {
        if done() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(100));
    }
}

// ---------------------------------------------------------------------------
// A session: one Chromium.

/// A WebDriver session: a Chromium with an empty profile of its own, ended
/// (and its profile removed) when dropped.
pub struct Session {
    port: u16,
    pub id: String,
    profile: PathBuf,
}

impl Session {
    /// A new Chromium, headless, with the given extra command-line
    /// arguments.
    pub fn new(extra_args: &[&str]) -> Result<Session, String> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let driver = driver();
        let profile = driver
            .profiles
            .join(format!("p{}", COUNTER.fetch_add(1, Ordering::SeqCst)));
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--hide-scrollbars".into(),
            "--window-size=1366,900".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        args.extend(extra_args.iter().map(|a| a.to_string()));
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "script": 60000, "pageLoad": 30000 },
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
                }
            }
        });
        let value = http_json(driver.port, "POST", "/session", Some(&caps))
            .map_err(|e| format!("Chromium does not start through chromedriver: {e}"))?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session id in {value}"))?
            .to_string();
        Ok(Session {
            port: driver.port,
            id,
            profile,
        })
    }

    pub fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let path = format!("/session/{}{path}", self.id);
        http_json(self.port, method, &path, body.as_ref())
    }

    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn exec(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Runs `script` with a callback as its last argument and returns what
    /// it passes to the callback.
    pub fn exec_async(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// A Chrome DevTools Protocol command on the current tab.
    pub fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        self.try_call(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    /// The browser console's entries since the last call.
    pub fn console(&self) -> Vec<Value> {
        match self.call("POST", "/se/log", Some(json!({ "type": "browser" }))) {
            Value::Array(entries) => entries,
            other => panic!("the browser log is not a list: {other}"),
        }
    }

    /// Presses and releases one key (a character, or a WebDriver key code
    /// such as `\u{E007}` for Enter) in the focused element.
    pub fn press(&self, key: &str) {
        self.call(
            "POST",
            "/actions",
            Some(json!({ "actions": [{
                "type": "key",
                "id": "keyboard",
                "actions": [
                    { "type": "keyDown", "value": key },
                    { "type": "keyUp", "value": key },
                ],
            }]})),
        );
    }

    /// Types `text` into the element that has the focus, key by key, as a
    /// person would.
    pub fn type_text(&self, text: &str) {
        let mut actions = Vec::new();
        for c in text.chars() {
            actions.push(json!({ "type": "keyDown", "value": c.to_string() }));
            actions.push(json!({ "type": "keyUp", "value": c.to_string() }));
        }
        self.call(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
    }

    /// The whole page, beyond the viewport, as a PNG file.
    pub fn screenshot(&self, path: &Path) {
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({ "format": "png", "captureBeyondViewport": true }),
            )
            .unwrap_or_else(|e| panic!("no screenshot of the page: {e}"));
        let data = shot["data"].as_str().expect("a base64 PNG");
        let png = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, data)
            .expect("valid base64 from Chromium");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = http_json(self.port, "DELETE", &format!("/session/{}", self.id), None);
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// One HTTP/1.1 request to chromedriver on 127.0.0.1, returning the JSON
/// answer's `value`, or WebDriver's error.
pub fn http_json(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<Value, String> {
    let mut conn = TcpStream::connect(("127.0.0.1", port))
        .map_err(|e| format!("connect to chromedriver: {e}"))?;
    conn.set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    conn.write_all(request.as_bytes())
        .map_err(|e| format!("write to chromedriver: {e}"))?;
    let mut reader = BufReader::new(conn);
    let mut status = String::new();
    reader.read_line(&mut status).map_err(|e| e.to_string())?;
    let mut length = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 || line.trim().is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap_or((&line, ""));
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        if name == "content-length" {
            length = value.parse::<usize>().ok();
        } else if name == "transfer-encoding" && value.eq_ignore_ascii_case("chunked") {
            chunked = true;
        }
    }
    let mut bytes = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).map_err(|e| e.to_string())?;
            let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|e| format!("bad chunk size: {e}"))?;
            if size == 0 {
                break;
            }
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).map_err(|e| e.to_string())?;
            bytes.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(n) = length {
        bytes.resize(n, 0);
        reader.read_exact(&mut bytes).map_err(|e| e.to_string())?;
    } else {
        reader.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    }
    let json: Value = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "chromedriver's answer to {method} {path} is not JSON ({e}): {status}{}",
            String::from_utf8_lossy(&bytes)
        )
    })?;
    let value = json.get("value").cloned().unwrap_or(Value::Null);
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        return Err(format!(
            "WebDriver {method} {path}: {error}: {}",
            value.get("message").and_then(Value::as_str).unwrap_or("")
        ));
    }
    Ok(value)
}

// ---------------------------------------------------------------------------
// A built site, served.

/// What one response was: its path, its size and the size sent (compressed).
pub type Logged = (String, usize, usize);

/// A built site served over HTTP on 127.0.0.1, as a static host would: `dir/`
/// as `dir/index.html`, text compressed when the browser asks, the site's
/// 404 page for anything else. Stops when dropped.
pub struct Served {
    pub base: String,
    /// Every response, for the benchmark (the tests do not read it).
    #[allow(dead_code)]
    pub log: Arc<Mutex<Vec<Logged>>>,
    stop: Arc<AtomicBool>,
    addr: SocketAddr,
    thread: Option<thread::JoinHandle<()>>,
    /// Kept until the server stops (a temporary folder holding the site).
    _keep: Option<Box<dyn std::any::Any + Send + Sync>>,
}

/// Serves the built site in `out` on a free port of 127.0.0.1; `keep` is
/// dropped with the server.
pub fn serve_dir(out: PathBuf, keep: Option<Box<dyn std::any::Any + Send + Sync>>) -> Served {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let log = Arc::new(Mutex::new(Vec::new()));
    let thread = {
        let stop = stop.clone();
        let log = log.clone();
        thread::spawn(move || {
            for conn in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let root = out.clone();
                let log = log.clone();
                thread::spawn(move || {
                    let _ = serve_one(conn, &root, &log);
                });
            }
        })
    };
    Served {
        base: format!("http://{addr}/"),
        log,
        stop,
        addr,
        thread: Some(thread),
        _keep: keep,
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Answers one request (and closes the connection): GET or HEAD of a file
/// under `root`, `dir/` as `dir/index.html`, `dir` redirected to `dir/`, and
/// anything else the site's 404.html with status 404.
fn serve_one(mut conn: TcpStream, root: &Path, log: &Mutex<Vec<Logged>>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut gzip_ok = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("accept-encoding:") && lower.contains("gzip") {
            gzip_ok = true;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");

    let (status, content_type, body, location) = if method != "GET" && method != "HEAD" {
        ("405 Method Not Allowed", "text/plain", b"".to_vec(), None)
    } else {
        match resolve(root, path) {
            Resolved::File(file) => match std::fs::read(&file) {
                Ok(body) => ("200 OK", content_type(&file), body, None),
                Err(_) => not_found(root),
            },
            Resolved::Redirect(to) => ("301 Moved Permanently", "text/plain", vec![], Some(to)),
            Resolved::NotFound => not_found(root),
        }
    };
    // Text is sent compressed when the browser asks, as static hosts do.
    // (Pagefind's index files are compressed already.)
    let raw = body.len();
    let compress = gzip_ok
        && ["text/", "application/json", "image/svg", "application/xml"]
            .iter()
            .any(|t| content_type.starts_with(t));
    let body = if compress {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&body)?;
        gz.finish()?
    } else {
        body
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if compress {
        head.push_str("Content-Encoding: gzip\r\n");
    }
    if let Some(to) = location {
        head.push_str(&format!("Location: {to}\r\n"));
    }
    head.push_str("\r\n");
    conn.write_all(head.as_bytes())?;
    if method != "HEAD" {
        conn.write_all(&body)?;
    }
    log.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((path.to_string(), raw, body.len()));
    conn.flush()?;
    let _ = conn.shutdown(Shutdown::Write);
    Ok(())
}

enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

fn resolve(root: &Path, url_path: &str) -> Resolved {
    let Some(decoded) = percent_decode(url_path) else {
        return Resolved::NotFound;
    };
    let rel = Path::new(decoded.trim_start_matches('/'));
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Resolved::NotFound;
    }
    let full = root.join(rel);
    if full.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::Redirect(format!("{url_path}/"));
        }
        let index = full.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if full.is_file() {
        Resolved::File(full)
    } else {
        Resolved::NotFound
    }
}

fn not_found(root: &Path) -> (&'static str, &'static str, Vec<u8>, Option<String>) {
    let body = std::fs::read(root.join("404.html")).unwrap_or_default();
    ("404 Not Found", "text/html; charset=utf-8", body, None)
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

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        _ => "application/octet-stream",
    }
}
