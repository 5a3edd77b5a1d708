//! The built example site in a real browser: Debian's Chromium, driven
//! through chromedriver over the WebDriver protocol, loading pages from a
//! small static file server on 127.0.0.1. No page logs a JavaScript error,
//! axe-core finds no serious or critical accessibility violation in the light
//! or the dark colour scheme, and the keyboard reaches the main content.
//!
//! The WebDriver client is a few plain HTTP/1.1 requests to chromedriver on
//! the loopback interface, written over `std::net` with `serde_json`: no TLS,
//! no async runtime, no new dependency. The browser and chromedriver are the
//! Debian packages at fixed paths (scripts/test.sh installs them), never one
//! that a tool downloads; axe-core comes from npm (`$AXE_JS`, set by
//! scripts/test.sh, or `$(npm root -g)/axe-core/axe.min.js`). A missing tool
//! fails the tests, with a message saying how to get it.

use crate::support::{TempDir, bin, example_site, run};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::thread;
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const TODAY: &str = "2026-11-21";

/// The pages every browser test visits, relative to the site root.
const PAGES: &[&str] = &[
    "",
    "reports/postgres-failover-latency/",
    "actions/",
    "browse/",
    "severity/major/",
    "search/",
    "search/?q=database",
];

// ---------------------------------------------------------------------------
// The site, built and served.

/// The example site built for the internal audience and served over HTTP on
/// 127.0.0.1. The server stops, and the folder is removed, when dropped.
struct Served {
    base: String,
    /// Every response's path, size and size sent (compressed), for the
    /// benchmark.
    log: Arc<Mutex<Vec<(String, usize, usize)>>>,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
    thread: Option<thread::JoinHandle<()>>,
    _dir: Option<TempDir>,
}

/// The served site, shared by the tests running at the same time (they only
/// read it), like the example builds in build.rs.
fn served() -> Arc<Served> {
    static SHARED: Mutex<Weak<Served>> = Mutex::new(Weak::new());
    shared(&SHARED, "internal")
}

/// The example site's public build, served like [`served`].
fn served_public() -> Arc<Served> {
    static SHARED: Mutex<Weak<Served>> = Mutex::new(Weak::new());
    shared(&SHARED, "public")
}

fn shared(slot: &Mutex<Weak<Served>>, audience: &str) -> Arc<Served> {
    let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(s) = slot.upgrade() {
        return s;
    }
    let s = Arc::new(serve_example(audience));
    *slot = Arc::downgrade(&s);
    s
}

fn serve_example(audience: &str) -> Served {
    let dir = TempDir::new("browser");
    let out = dir.0.join("site");
    let r = run(bin()
        .arg("build")
        .arg(example_site())
        .arg("--out")
        .arg(&out)
        .args(["--audience", audience, "--today", TODAY]));
    assert_eq!(
        r.code, 0,
        "building the example site failed:\n{}{}",
        r.stdout, r.stderr
    );
    serve_dir(out, Some(dir))
}

/// Serves the built site in `out` on a free port of 127.0.0.1; `dir` is
/// removed with the server.
fn serve_dir(out: PathBuf, dir: Option<TempDir>) -> Served {
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
        _dir: dir,
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
fn serve_one(
    mut conn: TcpStream,
    root: &Path,
    log: &Mutex<Vec<(String, usize, usize)>>,
) -> std::io::Result<()> {
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

// ---------------------------------------------------------------------------
// A minimal WebDriver client.

fn require_tool(path: &str, package: &str) {
    assert!(
        Path::new(path).is_file(),
        "{path} is missing: the browser tests need Debian's {package} package \
         (scripts/test.sh installs it)"
    );
}

fn axe_source() -> String {
    let path = match std::env::var_os("AXE_JS") {
        Some(p) => PathBuf::from(p),
        None => {
            let out = Command::new("npm")
                .args(["root", "--global"])
                .stderr(Stdio::null())
                .output()
                .unwrap_or_else(|e| {
                    panic!("axe-core is needed: AXE_JS is not set and npm does not run ({e}); run scripts/test.sh")
                });
            PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
                .join("axe-core")
                .join("axe.min.js")
        }
    };
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is needed at {} ({e}): run scripts/test.sh, or `npm install -g axe-core`",
            path.display()
        )
    })
}

/// One HTTP/1.1 request to chromedriver on 127.0.0.1, returning the JSON
/// answer's `value`, or panicking with WebDriver's error.
fn http_json(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut conn = TcpStream::connect(("127.0.0.1", port))
        .map_err(|e| format!("connect to chromedriver: {e}"))?;
    conn.set_read_timeout(Some(Duration::from_secs(90)))
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

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scheme {
    Light,
    Dark,
}

/// A chromedriver process with one Chromium session, both ended when dropped.
struct Browser {
    port: u16,
    session: String,
    driver: Child,
    _profile: TempDir,
}

impl Browser {
    fn start(scheme: Scheme) -> Browser {
        require_tool(CHROMIUM, "chromium");
        require_tool(CHROMEDRIVER, "chromium-driver");
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").expect("a free port");
            l.local_addr().unwrap().port()
        };
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{CHROMEDRIVER} does not start: {e}"));
        let profile = TempDir::new("chromium-profile");
        let mut browser = Browser {
            port,
            session: String::new(),
            driver,
            _profile: profile,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match http_json(port, "GET", "/status", None) {
                Ok(v) if v.get("ready") == Some(&Value::Bool(true)) => break,
                other => {
                    assert!(
                        Instant::now() < deadline,
                        "chromedriver is not ready after 20 s: {other:?}"
                    );
                    thread::sleep(Duration::from_millis(50));
                }
            }
        }
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--window-size=1280,900".into(),
            format!(
                "--user-data-dir={}",
                browser._profile.0.join("profile").display()
            ),
        ];
        match scheme {
            Scheme::Light => args.push("--blink-settings=preferredColorScheme=1".into()),
            Scheme::Dark => {
                args.push("--force-dark-mode".into());
                args.push("--blink-settings=preferredColorScheme=0".into());
            }
        }
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "script": 30000, "pageLoad": 30000 },
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
                }
            }
        });
        let value = http_json(port, "POST", "/session", Some(&caps))
            .unwrap_or_else(|e| panic!("Chromium does not start through chromedriver: {e}"));
        browser.session = value["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        browser
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        http_json(self.port, method, &path, body.as_ref()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn exec(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Runs `script` every 50 ms until `done` accepts what it returns;
    /// fails with `what` and the last value after 10 s.
    fn wait_for(&self, script: &str, done: impl Fn(&Value) -> bool, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let value = self.exec(script, json!([]));
            if done(&value) {
                return;
            }
            assert!(Instant::now() < deadline, "{what}: {value}");
            thread::sleep(Duration::from_millis(50));
        }
    }

    fn exec_async(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// The browser console's entries since the last call.
    fn console(&self) -> Vec<Value> {
        match self.call("POST", "/se/log", Some(json!({ "type": "browser" }))) {
            Value::Array(entries) => entries,
            other => panic!("the browser log is not a list: {other}"),
        }
    }

    fn press(&self, key: &str) {
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
    fn type_text(&self, text: &str) {
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

    /// Waits up to 10 s for the search page to settle after a query: its
    /// status line says how many reports were found, or that none were.
    /// Returns the status line and the results' titles and URLs.
    fn search_results(&self, settled_after: &str) -> (String, Vec<(String, String)>) {
        let value = self.exec_async(
            "const [previous, done] = arguments;
             const deadline = Date.now() + 10000;
             (function poll() {
               const status = document.getElementById('search-status').textContent;
               const links = [...document.querySelectorAll('#search-results .search-result h2 a')];
               const settled = status && status !== previous && !status.startsWith('Searching');
               if (settled || Date.now() > deadline) {
                 done({ status, results: links.map(a => [a.textContent, a.getAttribute('href')]) });
               } else {
                 setTimeout(poll, 20);
               }
             })();",
            json!([settled_after]),
        );
        let status = value["status"].as_str().unwrap_or("").to_string();
        let results = value["results"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|r| {
                (
                    r[0].as_str().unwrap_or("").to_string(),
                    r[1].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        (status, results)
    }

    fn prefers_dark(&self) -> bool {
        self.exec(
            "return matchMedia('(prefers-color-scheme: dark)').matches;",
            json!([]),
        )
        .as_bool()
        .expect("a boolean")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = http_json(self.port, "DELETE", &path, None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const ARROW_UP: &str = "\u{E013}";
const ARROW_DOWN: &str = "\u{E015}";

// ---------------------------------------------------------------------------
// The tests.

#[test]
fn no_page_logs_a_javascript_error() {
    let site = served();
    let browser = Browser::start(Scheme::Light);
    let favicon = format!("{}favicon.ico ", site.base);
    let mut problems = Vec::new();
    for page in PAGES {
        let url = format!("{}{page}", site.base);
        browser.goto(&url);
        // Give anything scheduled after load (timers, promises) a moment.
        browser.exec_async(
            "const done = arguments[arguments.length - 1]; setTimeout(done, 100);",
            json!([]),
        );
        for entry in browser.console() {
            let message = entry["message"].as_str().unwrap_or("");
            // Chromium asks for /favicon.ico by itself when a page names no
            // icon; the site never links to it, so its 404 is not the page's.
            if message.starts_with(&favicon) {
                continue;
            }
            if entry["level"] == "SEVERE" {
                problems.push(format!("/{page}: {}", entry["message"]));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the browser console has errors:\n{}",
        problems.join("\n")
    );
}

#[test]
fn accessibility_has_no_serious_or_critical_violations() {
    let site = served();
    let axe = axe_source();
    let mut problems = Vec::new();
    for scheme in [Scheme::Light, Scheme::Dark] {
        let browser = Browser::start(scheme);
        for page in PAGES {
            let url = format!("{}{page}", site.base);
            browser.goto(&url);
            assert_eq!(
                browser.prefers_dark(),
                scheme == Scheme::Dark,
                "prefers-color-scheme is not the {scheme:?} one on /{page}"
            );
            browser.exec(&format!("{axe}\n;return typeof axe;"), json!([]));
            let result = browser.exec_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations), e => done({ axeError: String(e) }));",
                json!([]),
            );
            if let Some(e) = result.get("axeError") {
                panic!("axe.run failed on /{page} ({scheme:?}): {e}");
            }
            for v in result.as_array().expect("a list of violations") {
                let impact = v["impact"].as_str().unwrap_or("");
                if impact != "serious" && impact != "critical" {
                    continue;
                }
                let targets: Vec<String> = v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|n| {
                        let summary = n["failureSummary"].as_str().unwrap_or("");
                        let summary: String = summary
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                            .chars()
                            .take(200)
                            .collect();
                        format!("      {} — {summary}", n["target"])
                    })
                    .collect();
                problems.push(format!(
                    "/{page} ({scheme:?}): {} [{impact}] {}\n{}",
                    v["id"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap_or(""),
                    targets.join("\n")
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "axe-core found serious or critical violations:\n{}",
        problems.join("\n")
    );
}

#[test]
fn keyboard_reaches_the_main_content() {
    let site = served();
    let browser = Browser::start(Scheme::Light);
    browser.goto(&format!("{}reports/postgres-failover-latency/", site.base));

    const FOCUSED: &str = "const e = document.activeElement;
        if (!e || e === document.body) return null;
        const r = e.getBoundingClientRect();
        return { tag: e.tagName.toLowerCase(), id: e.id, href: e.getAttribute('href'),
                 text: (e.textContent || '').trim().slice(0, 60),
                 width: r.width, height: r.height };";

    browser.press(TAB);
    let first = browser.exec(FOCUSED, json!([]));
    assert_eq!(
        first["href"], "#main",
        "the first Tab does not reach the skip link, but {first}"
    );
    browser.press(ENTER);
    let moved = browser.exec(
        "return { hash: location.hash, focus: document.activeElement && document.activeElement.id };",
        json!([]),
    );
    assert!(
        moved["hash"] == "#main" || moved["focus"] == "main",
        "Enter on the skip link moves neither focus nor location to #main: {moved}"
    );

    let mut seen = 0;
    for i in 0..40 {
        browser.press(TAB);
        let focused = browser.exec(FOCUSED, json!([]));
        if focused.is_null() {
            continue;
        }
        seen += 1;
        let w = focused["width"].as_f64().unwrap_or(0.0);
        let h = focused["height"].as_f64().unwrap_or(0.0);
        assert!(
            w > 0.0 && h > 0.0,
            "Tab #{} after the skip link focuses an invisible element: {focused}",
            i + 1
        );
    }
    assert!(seen > 0, "Tab never focuses anything after the skip link");
}

// ---------------------------------------------------------------------------
// Search.

/// The example reports whose Markdown contains `word` (any case), by file
/// name: what the tests below expect is checked against the sources, so a
/// change to the example site cannot make them pass by accident.
fn reports_containing(word: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walk(&example_site().join("reports")) {
        if entry.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&entry).unwrap().to_lowercase();
            if text.contains(&word.to_lowercase()) {
                found.push(entry.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    found
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn search_finds_filters_and_says_when_nothing_matches() {
    // "pgbouncer" is in one example report only.
    assert_eq!(
        reports_containing("pgbouncer"),
        ["2025-03-14-postgres-failover-latency.md"]
    );
    let site = served();
    let browser = Browser::start(Scheme::Light);

    // Typed into the header's box on another page, then Enter.
    browser.goto(&format!("{}browse/", site.base));
    browser.exec(
        "document.getElementById('site-search-q').focus();",
        json!([]),
    );
    browser.type_text("pgbouncer");
    browser.press(ENTER);
    let (status, results) = browser.search_results("");
    assert!(
        !results.is_empty(),
        "no result for a word one report has: {status:?}"
    );
    assert!(
        results[0].1.ends_with("reports/postgres-failover-latency/"),
        "the report with the word is not first: {results:?}"
    );
    let url = browser.exec("return location.href;", json!([]));
    assert!(
        url.as_str().unwrap().ends_with("search/?q=pgbouncer"),
        "the URL does not carry the query: {url}"
    );

    // A word in many reports, then narrowed by severity.
    browser.goto(&format!("{}search/?q=database", site.base));
    let (status, all) = browser.search_results("");
    assert!(
        all.len() >= 2,
        "too few results to narrow: {status:?} {all:?}"
    );
    let marked = browser.exec(
        "return document.querySelectorAll('#search-results mark').length;",
        json!([]),
    );
    assert!(
        marked.as_u64().unwrap() > 0,
        "the snippets do not highlight the matched word"
    );
    let severities = browser.exec(
        "return [...document.querySelectorAll('#search-results .sev')].map(e => e.textContent);",
        json!([]),
    );
    let chosen = severities[0].as_str().unwrap().to_string();
    browser.exec(
        "const s = document.getElementById('search-filter-severity');
         s.value = arguments[0];
         s.dispatchEvent(new Event('change'));",
        json!([chosen]),
    );
    let (status_narrowed, narrowed) = browser.search_results(&status);
    assert!(
        !narrowed.is_empty() && narrowed.len() < all.len(),
        "the {chosen} filter does not narrow {} results: {status_narrowed:?}",
        all.len()
    );
    let shown = browser.exec(
        "return [...document.querySelectorAll('#search-results .sev')].map(e => e.textContent);",
        json!([]),
    );
    assert!(
        shown
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s == &json!(chosen)),
        "a result of another severity is shown with the {chosen} filter: {shown}"
    );
    let url = browser.exec("return location.search;", json!([]));
    assert!(
        url.as_str().unwrap().contains("severity="),
        "the URL does not carry the filter: {url}"
    );

    // Nothing matches.
    browser.goto(&format!("{}search/?q=zqxjvwordless", site.base));
    let (status, results) = browser.search_results("");
    assert!(results.is_empty(), "{results:?}");
    assert!(
        status.starts_with("No report matches"),
        "a search without results does not say so: {status:?}"
    );
}

#[test]
fn search_works_from_the_keyboard_alone() {
    let site = served();
    let browser = Browser::start(Scheme::Light);
    browser.goto(&format!("{}search/", site.base));
    let active = "return document.activeElement && (document.activeElement.id || document.activeElement.getAttribute('href'));";
    assert_eq!(
        browser.exec(active, json!([])),
        json!("search-q"),
        "the search page does not start in its box"
    );
    browser.type_text("database");
    let (_, results) = browser.search_results("");
    assert!(results.len() >= 2, "{results:?}");

    browser.press(ARROW_DOWN);
    assert_eq!(browser.exec(active, json!([])), json!(results[0].1));
    browser.press(ARROW_DOWN);
    assert_eq!(browser.exec(active, json!([])), json!(results[1].1));
    browser.press(ARROW_UP);
    assert_eq!(browser.exec(active, json!([])), json!(results[0].1));
    browser.press(ESCAPE);
    assert_eq!(
        browser.exec(active, json!([])),
        json!("search-q"),
        "Escape in the results does not go back to the box"
    );
    browser.press(ESCAPE);
    let (status, cleared) = (
        browser.exec(
            "return document.getElementById('search-q').value;",
            json!([]),
        ),
        browser.exec(
            "return document.querySelectorAll('#search-results li').length;",
            json!([]),
        ),
    );
    assert_eq!(status, json!(""), "Escape in the box does not clear it");
    assert_eq!(cleared, json!(0), "clearing the box leaves results");

    browser.type_text("pgbouncer");
    let (_, results) = browser.search_results("");
    browser.press(ARROW_DOWN);
    browser.press(ENTER);
    let first = results[0].1.replace("../", "");
    browser.wait_for(
        "return location.pathname;",
        |at| at.as_str().is_some_and(|at| at.ends_with(&first)),
        "Enter on a result does not open it",
    );
}

#[test]
fn the_header_box_shows_results_as_you_type() {
    let site = served();
    let browser = Browser::start(Scheme::Dark);
    browser.goto(&format!("{}actions/", site.base));
    browser.exec(
        "document.getElementById('site-search-q').focus();",
        json!([]),
    );
    browser.type_text("pgbouncer");
    let panel = browser.exec_async(
        "const done = arguments[arguments.length - 1];
         const deadline = Date.now() + 10000;
         (function poll() {
           const panel = document.getElementById('site-search-panel');
           const links = panel ? [...panel.querySelectorAll('.search-result a')] : [];
           if ((panel && !panel.hidden && links.length) || Date.now() > deadline) {
             done({ open: panel && !panel.hidden, links: links.map(a => a.getAttribute('href')) });
           } else { setTimeout(poll, 20); }
         })();",
        json!([]),
    );
    assert_eq!(
        panel["open"],
        json!(true),
        "no results under the box: {panel}"
    );
    assert_eq!(
        panel["links"],
        json!(["../reports/postgres-failover-latency/"]),
        "the header's results are not the one report with the word"
    );

    // Accessible while open, in the dark scheme.
    browser.exec(&format!("{}\n;return typeof axe;", axe_source()), json!([]));
    let violations = browser.exec_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { resultTypes: ['violations'] })
            .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                                        .map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '))));",
        json!([]),
    );
    assert_eq!(violations, json!([]), "axe-core, with the results open");

    let active = "return document.activeElement && (document.activeElement.id || document.activeElement.getAttribute('href'));";
    browser.press(ARROW_DOWN);
    assert_eq!(
        browser.exec(active, json!([])),
        json!("../reports/postgres-failover-latency/")
    );
    browser.press(ESCAPE);
    assert_eq!(browser.exec(active, json!([])), json!("site-search-q"));
    let hidden = browser.exec(
        "return document.getElementById('site-search-panel').hidden;",
        json!([]),
    );
    assert_eq!(hidden, json!(true), "Escape does not close the results");
    // Enter goes to the search page with the query.
    browser.press(ENTER);
    browser.wait_for(
        "return location.pathname + location.search;",
        |at| at == &json!("/search/?q=pgbouncer"),
        "Enter does not open the search page",
    );
}

#[test]
fn the_public_search_finds_no_internal_report() {
    // "kafka" is only in reports the public build leaves out.
    let found = reports_containing("kafka");
    assert!(!found.is_empty());
    for file in &found {
        let text = std::fs::read_to_string(
            walk(&example_site().join("reports"))
                .into_iter()
                .find(|p| p.ends_with(file))
                .unwrap(),
        )
        .unwrap();
        assert!(
            text.contains("visibility: internal") || !text.contains("status: published"),
            "{file} is public: pick another word"
        );
    }
    let internal = served();
    let public = served_public();
    let browser = Browser::start(Scheme::Light);
    browser.goto(&format!("{}search/?q=kafka", internal.base));
    let (_, results) = browser.search_results("");
    assert_eq!(
        results.len(),
        found.len(),
        "the internal search does not find every report with the word: {results:?}"
    );
    browser.goto(&format!("{}search/?q=kafka", public.base));
    let (status, results) = browser.search_results("");
    assert!(
        results.is_empty(),
        "the public search finds internal reports: {results:?}"
    );
    assert!(status.starts_with("No report matches"), "{status:?}");
}

// ---------------------------------------------------------------------------
// A benchmark, not a test: run by scripts/bench.sh (see BENCHMARKS.md).

/// The first query on a cold search page of a large built site: the time
/// from submitting the query to the first result on screen, and every byte
/// the page downloaded (the page, its styles and scripts, Pagefind's script,
/// WebAssembly, index and fragments). `RETROSPECT_BENCH_SITE` is the built
/// site; `RETROSPECT_BENCH_QUERIES` the queries, comma-separated. Each query
/// runs in a new browser with an empty profile, so nothing is cached.
/// Prints its figures; asserts only that each query found something.
#[test]
#[ignore = "a benchmark: scripts/bench.sh runs it on a built 10,000-report site"]
fn bench_search_first_query() {
    let site = std::env::var_os("RETROSPECT_BENCH_SITE")
        .expect("RETROSPECT_BENCH_SITE: a built site to search");
    let queries = std::env::var("RETROSPECT_BENCH_QUERIES")
        .unwrap_or_else(|_| "database,failover timeout,certificate".to_string());
    let served = serve_dir(PathBuf::from(site), None);
    for query in queries.split(',') {
        let browser = Browser::start(Scheme::Light);
        served.log.lock().unwrap().clear();
        browser.goto(&format!("{}search/", served.base));
        let r = browser.exec_async(
            "const [query, done] = arguments;
             const form = document.getElementById('search-form');
             document.getElementById('search-q').value = query;
             const start = performance.now();
             form.requestSubmit();
             (function poll() {
               if (document.querySelector('#search-results li')) {
                 const ms = performance.now() - start;
                 // Every download, from its start to its end, relative to
                 // the submit (negative: before it).
                 const waterfall = performance.getEntriesByType('resource').map((e) => [
                   new URL(e.name).pathname, e.startTime - start, e.responseEnd - start,
                 ]);
                 done({ ms, waterfall, found: document.getElementById('search-status').textContent });
               } else if (performance.now() - start > 20000) {
                 done({ timeout: true });
               } else {
                 setTimeout(poll, 1);
               }
             })();",
            json!([query]),
        );
        assert!(r.get("timeout").is_none(), "no result for {query:?}");
        // What the first query downloaded, not the next one.
        let log = served.log.lock().unwrap().clone();
        // The next query on the same page, with the engine loaded: what
        // typing feels like after the first word.
        let next = browser.exec_async(
            "const [query, done] = arguments;
             const form = document.getElementById('search-form');
             document.getElementById('search-results').replaceChildren();
             document.getElementById('search-q').value = query;
             const start = performance.now();
             form.requestSubmit();
             (function poll() {
               if (document.querySelector('#search-results li')) {
                 done({ ms: performance.now() - start });
               } else if (performance.now() - start > 20000) {
                 done({ timeout: true });
               } else {
                 setTimeout(poll, 1);
               }
             })();",
            json!([format!("{query} incident")]),
        );
        let mut kinds: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        for (path, raw, sent) in &log {
            let kind = match path.split("/pagefind/").nth(1) {
                Some(rest) if rest.contains('/') => {
                    format!("pagefind {}/", rest.split('/').next().unwrap())
                }
                Some(rest) => format!("pagefind {rest}"),
                None => path.clone(),
            };
            let e = kinds.entry(kind).or_default();
            e.0 += 1;
            e.1 += raw;
            e.2 += sent;
        }
        let search: usize = log
            .iter()
            .filter(|(p, _, _)| p.contains("/pagefind/") || p.ends_with("/search.js"))
            .map(|(_, _, sent)| sent)
            .sum();
        let all: usize = log.iter().map(|(_, _, sent)| sent).sum();
        println!(
            "query {query:?}: results on screen {:.0} ms after submitting, the next \
             query {:.0} ms; search files (scripts, index, chunks, fragments) {:.1} KB sent; the whole page {:.1} KB ({})",
            r["ms"].as_f64().unwrap(),
            next["ms"].as_f64().unwrap_or(f64::NAN),
            search as f64 / 1000.0,
            all as f64 / 1000.0,
            r["found"].as_str().unwrap_or(""),
        );
        for (kind, (n, raw, sent)) in kinds {
            println!(
                "    {kind}: {n} file(s), {:.1} KB, {:.1} KB sent",
                raw as f64 / 1000.0,
                sent as f64 / 1000.0
            );
        }
        if std::env::var_os("RETROSPECT_BENCH_WATERFALL").is_some() {
            for entry in r["waterfall"].as_array().into_iter().flatten() {
                println!(
                    "    {:>6.0} → {:>6.0} ms  {}",
                    entry[1].as_f64().unwrap_or(f64::NAN),
                    entry[2].as_f64().unwrap_or(f64::NAN),
                    entry[0].as_str().unwrap_or("")
                );
            }
        }
    }
}

#[test]
fn opened_as_a_file_search_says_why_it_cannot_work() {
    let dir = TempDir::new("browser-file");
    let out = dir.0.join("site");
    let r = run(bin()
        .arg("build")
        .arg(example_site())
        .arg("--out")
        .arg(&out)
        .args(["--today", TODAY]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let browser = Browser::start(Scheme::Light);
    let url = format!("file://{}/search/index.html?q=database", out.display());
    browser.goto(&url);
    let (status, results) = browser.search_results("");
    assert!(results.is_empty());
    assert!(
        status.starts_with("Search needs the site served over HTTP"),
        "a page opened as a file does not say why search fails: {status:?}"
    );
}
