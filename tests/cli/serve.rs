//! `retrospect serve` end to end: the real binary on a free port, fetched
//! over HTTP (a plain `TcpStream` client) while the test edits, breaks and
//! fixes the site's files. Every server is stopped with SIGINT, as Ctrl-C
//! does, and waited for; one left running is killed when its test fails.

use crate::support::{TempDir, VALID_REPORT, bin};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const REPORT: &str = "reports/2025-03-14-checkout-latency.md";
const PAGE: &str = "/reports/checkout-latency/";
const TITLE: &str = "Checkout latency after a cache eviction storm";

/// A running `retrospect serve`, with what it printed so far.
pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(site: &Path) -> Server {
        Server::start_with(site, &[])
    }

    /// Starts `retrospect serve SITE` with `args` after the usual ones.
    pub(crate) fn start_with(site: &Path, args: &[&str]) -> Server {
        let mut child = bin()
            .arg("serve")
            .arg(site)
            .args(["--port", "0", "--today", "2026-01-15"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            port: 0,
            stdout,
            stderr,
        };
        let line = server.wait_for_line("serving ", Duration::from_secs(60));
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        server.port = port;
        server
    }

    /// The first line of stdout containing `text`, waiting for it.
    fn wait_for_line(&mut self, text: &str, timeout: Duration) -> String {
        let started = Instant::now();
        loop {
            if let Some(line) = self
                .stdout
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains(text))
            {
                return line.clone();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("serve exited ({status}):\n{}", self.printed());
            }
            assert!(
                started.elapsed() < timeout,
                "no line with {text:?} after {timeout:?}:\n{}",
                self.printed()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What each `rebuilt in … ms (WHAT)` line says changed, in order.
    fn rebuilds(&self) -> Vec<String> {
        let stdout = self.stdout.lock().unwrap();
        stdout
            .iter()
            .filter(|l| l.starts_with("rebuilt in "))
            .map(|l| {
                let what = l.split_once(" (").map_or("", |(_, rest)| rest);
                what.split_once(')')
                    .map_or(what, |(what, _)| what)
                    .to_string()
            })
            .collect()
    }

    /// Waits for the rebuild after the first `after` ones whose line names
    /// `what`, and returns what every rebuild from there up to that one
    /// named. Rebuilds run one after another, so once the server reports a
    /// change made last, every rebuild an earlier change caused is listed.
    fn rebuilds_until(&self, after: usize, what: &str) -> Vec<String> {
        let started = Instant::now();
        loop {
            let rebuilds = self.rebuilds();
            if let Some(at) = rebuilds.iter().skip(after).position(|w| w.contains(what)) {
                return rebuilds[after..=after + at].to_vec();
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no rebuild for {what:?} within 30 s:\n{}",
                self.printed()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn printed(&self) -> String {
        format!(
            "stdout:\n{}\nstderr:\n{}",
            self.stdout.lock().unwrap().join("\n"),
            self.stderr.lock().unwrap().join("\n")
        )
    }

    pub(crate) fn get(&self, path: &str) -> Reply {
        get(self.port, path)
    }

    /// Fetches `path` until `done` holds for the reply (30 s at most: a
    /// deadline for a loaded machine, not a measure of speed).
    pub(crate) fn poll(&self, path: &str, what: &str, done: impl Fn(&Reply) -> bool) -> Reply {
        let started = Instant::now();
        loop {
            let reply = self.get(path);
            if done(&reply) {
                return reply;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{path} never showed {what}; last reply {}:\n{}\n{}",
                reply.status,
                reply.body,
                self.printed()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server as Ctrl-C does, and checks that it exits cleanly.
    pub(crate) fn stop(mut self) {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "serve did not stop on SIGINT within 30 s:\n{}",
                self.printed()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(status.code(), Some(0), "{}", self.printed());
        let printed = self.printed();
        assert!(!printed.contains("panicked"), "{printed}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Only when a test failed before stopping it: never leave it running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Collects a stream's lines on a thread.
fn lines(stream: impl Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let collected = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            collected.lock().unwrap().push(line);
        }
    });
    lines
}

pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: String,
    /// The body as text (lossy: an attachment's bytes need not be text).
    pub(crate) body: String,
    /// The body as sent.
    pub(crate) bytes: Vec<u8>,
}

impl Reply {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// A GET request over a fresh connection.
fn get(port: u16, path: &str) -> Reply {
    get_as(port, path, "127.0.0.1")
}

/// A GET request naming `host` as the server's host.
fn get_as(port: u16, path: &str, host: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("a reply");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers and a body");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let bytes = raw[end + 4..].to_vec();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    Reply {
        status,
        headers: head,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    }
}

/// A site with one valid report, and another that refers to it.
fn site(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    dir.write(REPORT, VALID_REPORT);
    dir.write(
        "reports/2025/2025-04-02-queue-backlog.md",
        "---\ntitle: Queue backlog\ndate: 2025-04-02\nseverity: trivial\nstatus: draft\n\
         started: \"09:00\"\nrelated: [INC-2025-010]\n---\nThe queue grew.\n",
    );
    dir
}

#[test]
fn serve_shows_saved_changes_and_errors_and_recovers() {
    let dir = site("serve-edit");
    let server = Server::start(&dir.0);

    let page = server.get(PAGE);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.contains(TITLE));
    assert!(
        page.body.contains("__retrospect/live"),
        "the live-reload script"
    );
    assert!(!page.body.contains("retrospect-serve-problems"));

    // A page open in a browser hears about the rebuild on its WebSocket.
    let token = page
        .body
        .split("const token = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page's token")
        .to_string();
    let mut socket = live_socket(server.port, &token);

    let edited = VALID_REPORT.replace(TITLE, "Checkout latency, as edited");
    dir.write(REPORT, &edited);
    let page = server.poll(PAGE, "the new title", |r| {
        r.body.contains("Checkout latency, as edited")
    });
    assert_eq!(page.status, 200);
    assert_eq!(read_frame(&mut socket), "reload");

    // Broken: the last good page, with the error's file, line and column.
    dir.write(
        REPORT,
        edited.replace("severity: major", "severity: apocalyptic"),
    );
    let page = server.poll(PAGE, "the error", |r| {
        r.body.contains("retrospect-serve-problems")
    });
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Checkout latency, as edited"),
        "the last good page"
    );
    assert!(page.body.contains("The site has 1 error"), "{}", page.body);
    assert!(page.body.contains("error[R012]"), "{}", page.body);
    assert!(
        page.body.contains("2025-03-14-checkout-latency.md:6:11"),
        "file, line and column: {}",
        page.body
    );
    assert!(page.body.contains("severity: apocalyptic"));
    // Every page shows it, and the terminal too.
    assert!(server.get("/").body.contains("retrospect-serve-problems"));
    assert!(server.printed().contains("error[R012]"));

    // Fixed: the errors go, the page comes back.
    dir.write(REPORT, VALID_REPORT);
    let page = server.poll(PAGE, "the page without errors", |r| {
        !r.body.contains("retrospect-serve-problems") && r.body.contains(TITLE)
    });
    assert_eq!(page.status, 200);
    server.stop();
}

#[test]
fn serve_answers_like_a_static_host() {
    let dir = site("serve-http");
    dir.write("reports/graph.png", b"\x89PNG fake");
    dir.write(
        "reports/2025-05-01-with-graph.md",
        "---\ntitle: With a graph\ndate: 2025-05-01\nseverity: trivial\nstatus: draft\n\
         started: \"09:00\"\n---\n![Latency](graph.png)\n",
    );
    let server = Server::start(&dir.0);

    let folder = server.get("/reports/checkout-latency");
    assert_eq!(folder.status, 301);
    assert_eq!(
        folder.header("Location"),
        Some("/reports/checkout-latency/")
    );
    assert_eq!(
        server.get("/reports/checkout-latency/index.html").status,
        200
    );
    let css = server.get("/assets/style.css");
    assert_eq!(
        (css.status, css.header("Content-Type")),
        (200, Some("text/css; charset=utf-8"))
    );
    assert!(
        !css.body.contains("__retrospect"),
        "only HTML pages get the script"
    );
    let feed = server.get("/feed.xml");
    assert_eq!(feed.header("Content-Type"), Some("application/atom+xml"));
    assert!(
        feed.body.contains("http://127.0.0.1:"),
        "feed links point at the server"
    );
    assert_eq!(
        server.get("/reports.json").header("Content-Type"),
        Some("application/json")
    );

    // An attachment a report links to; one no report links to is absent.
    let graph = server.get("/reports/with-graph/graph.png");
    assert_eq!(
        (graph.status, graph.header("Content-Type")),
        (200, Some("image/png"))
    );

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's 404 page"
    );
    assert!(missing.body.contains("__retrospect/live"));
    for escape in [
        "/../../../etc/passwd",
        "/reports/%2e%2e/%2e%2e/retrospect.yaml",
        "/reports/graph.png",
    ] {
        let reply = server.get(escape);
        assert_eq!(reply.status, 404, "{escape}");
        assert!(
            !reply.body.contains("root:") && !reply.body.contains("PNG fake"),
            "{escape}"
        );
    }
    assert_eq!(
        server.get("/__retrospect/live").status,
        400,
        "a WebSocket only"
    );
    // Only for this machine's names: not for a page whose domain points here.
    let rebound = get_as(server.port, "/", "rebound.example");
    assert_eq!(rebound.status, 403);
    assert!(!rebound.body.contains(TITLE));
    assert_eq!(get_as(server.port, "/", "localhost").status, 200);
    server.stop();
}

/// A draft dated `date`, to be saved as a marker: its rebuild line names it.
fn marker_report(date: &str) -> String {
    format!(
        "---\ntitle: Marker\ndate: {date}\nseverity: trivial\nstatus: draft\n\
         started: \"09:00\"\n---\nA marker.\n"
    )
}

/// The debouncer's window (`DEBOUNCE` in src/serve/watch.rs): saves
/// closer together than this are one change.
const DEBOUNCE: Duration = Duration::from_millis(150);

#[test]
fn several_quick_saves_are_one_rebuild() {
    let dir = site("serve-debounce");
    let server = Server::start(&dir.0);
    assert_eq!(server.rebuilds(), Vec::<String>::new());
    // As an editor that saves a few times in a row. On a loaded machine the
    // test itself may stall between two saves for longer than the window,
    // and then two rebuilds are right: such a round proves nothing, and is
    // tried again (ten rounds at most).
    let mut round = 0;
    let seen = loop {
        round += 1;
        let before = server.rebuilds().len();
        let started = Instant::now();
        for n in 1..=5 {
            dir.write(
                REPORT,
                VALID_REPORT.replace(TITLE, &format!("Round {round}, saved {n} times")),
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        let quick = started.elapsed() < DEBOUNCE - Duration::from_millis(30);
        let last = format!("Round {round}, saved 5 times");
        server.poll(PAGE, "the last save", |r| r.body.contains(&last));
        // Another file, saved once the page shows the last save: its rebuild
        // comes after every rebuild the saves above caused.
        let marker = format!("reports/2025/2025-05-{round:02}-marker-{round}.md");
        dir.write(&marker, marker_report(&format!("2025-05-{round:02}")));
        let seen = server.rebuilds_until(before, &marker["reports/".len()..]);
        if quick {
            break seen;
        }
        assert!(
            round < 10,
            "in ten rounds, five saves never took less than {:?}: the machine is too busy to show \
             that quick saves are one change",
            DEBOUNCE - Duration::from_millis(30)
        );
    };
    assert_eq!(
        seen,
        [
            "reports/2025-03-14-checkout-latency.md".to_string(),
            format!("reports/2025/2025-05-{round:02}-marker-{round}.md")
        ],
        "five quick saves, then another file: two rebuilds\n{}",
        server.printed()
    );
    // Editors' scratch files and the output folder change nothing: the next
    // rebuild is the next real change's alone.
    let before = server.rebuilds().len();
    dir.write("reports/.2025-03-14-checkout-latency.md.swp", "swap");
    dir.write("reports/2025-03-14-checkout-latency.md~", "backup");
    dir.write("reports/#2025-03-14-checkout-latency.md#", "emacs");
    dir.write("public/index.html", "<p>from a build</p>");
    // A change the watcher did report would be a rebuild of its own before
    // the marker's, or be named beside the marker ("3 files in reports/").
    dir.write(
        "reports/2025/2025-06-01-last-marker.md",
        marker_report("2025-06-01"),
    );
    let seen = server.rebuilds_until(before, "2025-06-01-last-marker.md");
    assert_eq!(
        seen,
        ["reports/2025/2025-06-01-last-marker.md"],
        "{}",
        server.printed()
    );
    server.stop();
}

#[test]
fn saving_the_settings_or_a_theme_file_rebuilds() {
    let dir = site("serve-settings");
    let server = Server::start(&dir.0);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(!home.body.contains("Settings Saved Title"), "{}", home.body);

    dir.write("retrospect.yaml", "title: Settings Saved Title\n");
    let page = server.poll(PAGE, "the title from retrospect.yaml", |r| {
        r.body.contains("Settings Saved Title")
    });
    assert!(page.body.contains(TITLE), "{}", page.body);
    // A setting that changes what every report shows: the people map.
    dir.write(
        "retrospect.yaml",
        "title: Settings Saved Title\npeople:\n  sam: {name: Samira Saved, team: payments}\n",
    );
    server.poll(PAGE, "the name from retrospect.yaml", |r| {
        r.body.contains("Samira Saved")
    });
    assert!(
        server
            .rebuilds()
            .iter()
            .any(|w| w.contains("retrospect.yaml")),
        "{}",
        server.printed()
    );

    // A theme file: one that overrides a built-in file, then a new one.
    dir.write("themes/default/style.css", "/* THEME-SAVED-1 */\n");
    let css = server.poll("/assets/style.css", "the saved stylesheet", |r| {
        r.body.contains("THEME-SAVED-1")
    });
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    dir.write("themes/default/style.css", "/* THEME-SAVED-2 */\n");
    server.poll("/assets/style.css", "the stylesheet saved again", |r| {
        r.body.contains("THEME-SAVED-2") && !r.body.contains("THEME-SAVED-1")
    });
    dir.write("themes/default/extra.js", "// THEME-NEW-FILE\n");
    server.poll("/assets/extra.js", "a new theme file", |r| {
        r.status == 200 && r.body.contains("THEME-NEW-FILE")
    });
    assert!(
        server.rebuilds().iter().any(|w| w.contains("theme")),
        "{}",
        server.printed()
    );
    // A broken setting keeps the last good site, with the error on it.
    dir.write("retrospect.yaml", "title: [unclosed\n");
    let page = server.poll(PAGE, "the settings' error", |r| {
        r.body.contains("retrospect-serve-problems")
    });
    assert!(page.body.contains("retrospect.yaml"), "{}", page.body);
    assert!(
        page.body.contains("Settings Saved Title"),
        "the last good site"
    );
    std::fs::remove_file(dir.0.join("retrospect.yaml")).unwrap();
    server.poll(PAGE, "the default settings", |r| {
        !r.body.contains("retrospect-serve-problems") && !r.body.contains("Settings Saved Title")
    });
    server.stop();
}

#[test]
fn a_broken_template_keeps_the_last_good_site() {
    let dir = site("serve-template");
    let server = Server::start(&dir.0);
    dir.write(
        "templates/report.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ report.title }}</h1>{{ report.no_such_field.x }}{% endblock content %}\n",
    );
    let page = server.poll(PAGE, "the template's error", |r| {
        r.body.contains("retrospect-serve-problems")
    });
    assert!(page.body.contains("no_such_field"), "{}", page.body);
    assert!(page.body.contains(TITLE), "the last good page");
    dir.write(
        "templates/report.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Custom: {{ report.title }}</h1>{% endblock content %}\n",
    );
    server.poll(PAGE, "the fixed template", |r| {
        r.body.contains(&format!("Custom: {TITLE}"))
            && !r.body.contains("retrospect-serve-problems")
    });
    server.stop();
}

#[test]
fn a_site_that_never_built_serves_its_errors_until_fixed() {
    let dir = site("serve-first");
    dir.write(
        REPORT,
        VALID_REPORT.replace("status: published", "status: finished"),
    );
    let mut server = Server::start(&dir.0);
    let line = server.wait_for_line("serving ", Duration::from_secs(1));
    assert!(line.contains("the site has 1 error"), "{line}");
    let page = server.get("/");
    assert_eq!(page.status, 500);
    assert!(
        page.body.contains("2025-03-14-checkout-latency.md:7:9"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("__retrospect/live"),
        "it reloads when fixed"
    );
    dir.write(REPORT, VALID_REPORT);
    server.poll("/", "the site", |r| {
        r.status == 200 && r.body.contains(TITLE)
    });
    server.stop();
}

#[test]
fn serve_refuses_what_it_cannot_serve() {
    let dir = TempDir::new("serve-no-site");
    std::fs::remove_dir_all(dir.0.join("reports")).unwrap();
    let out = crate::support::run(bin().arg("serve").arg(&dir.0).args(["--port", "0"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("has no `reports/` folder"),
        "{}",
        out.stderr
    );

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = site("serve-port");
    let out = crate::support::run(bin().arg("serve").arg(&dir.0).args(["--port", &port]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains(&format!("port {port} is in use")),
        "{}",
        out.stderr
    );
}

/// Opens a page's live-reload WebSocket, as the injected script does.
fn live_socket(port: u16, token: &str) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    write!(
        stream,
        "GET /__retrospect/live?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Sec-WebSocket-Version: 13\r\n\r\n"
    )
    .unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0];
        stream.read_exact(&mut byte).expect("a handshake");
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).unwrap();
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    // RFC 6455's example key and its answer.
    assert!(head.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "{head}");
    stream
}

/// The text of the next WebSocket frame from the server (unmasked, short).
fn read_frame(stream: &mut TcpStream) -> String {
    let mut head = [0u8; 2];
    stream.read_exact(&mut head).expect("a frame");
    assert_eq!(head[0], 0x81, "a final text frame");
    let mut text = vec![0; usize::from(head[1] & 0x7f)];
    stream.read_exact(&mut text).unwrap();
    String::from_utf8(text).unwrap()
}

#[test]
fn serve_has_search_and_indexes_saved_changes() {
    let dir = site("serve-search");
    let server = Server::start(&dir.0);
    let page = server.get("search/");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("id=\"search-form\""));
    // The index is built in the background: it appears within seconds, and
    // a saved change reaches it too.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let entry = |server: &Server| server.get("pagefind/pagefind-entry.json");
    loop {
        let reply = entry(&server);
        if reply.status == 200 {
            assert!(reply.body.contains("\"page_count\":2"), "{}", reply.body);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no search index after 60 s:\n{}",
            server.printed()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    dir.write(
        "reports/2025/2025-04-03-third.md",
        "---\ntitle: Third\ndate: 2025-04-03\nseverity: trivial\nstatus: draft\n\
         started: \"09:00\"\n---\nAnother.\n",
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let reply = entry(&server);
        if reply.body.contains("\"page_count\":3") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the index does not follow a new report within 60 s: {}\n{}",
            reply.body,
            server.printed()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    server.stop();
}
