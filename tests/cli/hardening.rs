//! Hostile and careless input, end to end: no input may panic the binary,
//! hang it, or make it read or publish a file from outside the site.
//! (What the public build must never contain is in leak.rs.)

use crate::support::{TempDir, VALID_REPORT, bin, run};

/// Runs `check` on a site in one `--format`, returning the exit code and
/// standard output.
fn check_as(site: &std::path::Path, format: &str) -> (i32, String) {
    let out = run(bin()
        .arg("check")
        .arg(site)
        .args(["--format", format, "--today", "2026-01-15"]));
    (out.code, out.stdout + &out.stderr)
}

/// Each date and time field with a character that is not ASCII where a
/// digit belongs: an error naming the file and line in every format, never
/// a panic (which printed nothing in JSON or SARIF, and killed `serve`).
#[test]
fn non_ascii_in_dates_and_times_is_an_error_in_every_format() {
    let cases = [
        ("started: \"09:00\"", "started: \"2025-01-0é\"", 14),
        ("detected: \"09:05\"", "detected: \"12:0é\"", 15),
        (
            "mitigated: \"09:30\"",
            "mitigated: \"2025-03-14 0é:30\"",
            16,
        ),
        (
            "resolved: \"09:40\"",
            "resolved: \"2025-03-14T09:40+0é:00\"",
            17,
        ),
        ("date: 2025-03-14", "date: 2025-03-1é", 4),
        ("timezone: Europe/London", "timezone: \"+é12\"", 5),
        ("  - at: \"09:05\"", "  - at: \"0é:05\"", 25),
        ("    due: 2026-06-30", "    due: 2026-0é-30", 34),
        ("  date: 2025-03-20", "  date: 2025-0é-20", 36),
    ];
    for (from, to, line) in cases {
        assert!(VALID_REPORT.contains(from), "{from}");
        let site = TempDir::new("non-ascii-time");
        site.write(
            "reports/2025-03-14-case.md",
            VALID_REPORT.replacen(from, to, 1),
        );
        for format in ["human", "json", "github", "sarif"] {
            let (code, out) = check_as(&site.0, format);
            assert_eq!(code, 1, "{to} in {format}:\n{out}");
            let located = match format {
                "human" => format!("reports/2025-03-14-case.md:{line}:"),
                "json" => format!("\"line\": {line},"),
                "github" => format!("reports/2025-03-14-case.md,line={line},"),
                _ => format!("\"startLine\": {line}"),
            };
            assert!(out.contains(&located), "{to} in {format}:\n{out}");
            assert!(
                out.contains("2025-03-14-case.md"),
                "{to} in {format}:\n{out}"
            );
        }
    }
}

/// Issue 12, finding 4: a FIFO as a report made `check` and `build` wait
/// for good, and `/dev/zero` as a report was read until memory ran out.
/// Both are refused at once, as is a report that is a link out of the site.
#[cfg(unix)]
#[test]
fn a_report_that_never_ends_is_refused_at_once() {
    let site = TempDir::new("never-ends");
    site.write("reports/2025-03-14-ok.md", VALID_REPORT);
    let fifo = site.0.join("reports/2025-03-15-fifo.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", site.0.join("reports/2025-03-16-zero.md")).unwrap();
    for command in ["check", "build"] {
        let mut cmd = bin();
        cmd.arg(command)
            .arg(&site.0)
            .args(["--today", "2026-01-15"]);
        if command == "build" {
            cmd.arg("--out").arg(site.0.join("out"));
        }
        // `timeout` ends a hang; a refusal is immediate.
        let mut timed = std::process::Command::new("timeout");
        timed
            .arg("60")
            .arg(cmd.get_program())
            .args(cmd.get_args())
            .env("NO_COLOR", "1");
        let out = run(&mut timed);
        assert_eq!(out.code, 1, "{command}:\n{}{}", out.stdout, out.stderr);
        let printed = out.stdout + &out.stderr;
        assert!(
            printed.contains("2025-03-15-fifo.md") && printed.contains("FIFO"),
            "{printed}"
        );
        assert!(
            printed.contains("2025-03-16-zero.md") && printed.contains("/dev/zero"),
            "{printed}"
        );
    }
    assert!(!site.0.join("out").exists());
}

/// Issue 12, finding 7: `--out` at the site, or at its parent with a
/// `.retrospect-output` marker there, replaced the folder and deleted the
/// reports. It is refused, whatever marker is there, and nothing changes.
#[test]
fn out_is_refused_when_it_holds_the_sites_sources() {
    let dir = TempDir::new("out-sources");
    let site = dir.0.join("site");
    std::fs::create_dir_all(site.join("reports")).unwrap();
    std::fs::write(site.join("reports/2025-03-14-a.md"), VALID_REPORT).unwrap();
    std::fs::write(site.join("retrospect.yaml"), "title: Ops\n").unwrap();
    for out in [site.clone(), dir.0.clone(), site.join("reports")] {
        std::fs::write(out.join(".retrospect-output"), "").unwrap();
        let result = run(bin()
            .arg("build")
            .arg(&site)
            .arg("--out")
            .arg(&out)
            .args(["--today", "2026-01-15"]));
        assert_eq!(result.code, 2, "{}: {}", out.display(), result.stderr);
        assert!(
            result.stderr.contains("which a build would delete"),
            "{}",
            result.stderr
        );
        assert_eq!(
            std::fs::read_to_string(site.join("reports/2025-03-14-a.md")).unwrap(),
            VALID_REPORT
        );
        std::fs::remove_file(out.join(".retrospect-output")).unwrap();
    }
}

/// Issue 12, finding 8: a build killed with `kill -9` left its staging
/// folder for good. The next build removes it.
#[test]
fn the_next_build_removes_the_staging_of_a_killed_build() {
    let dir = TempDir::new("stale-staging");
    dir.write("reports/2025-03-14-a.md", VALID_REPORT);
    let out = dir.0.join("public");
    let mut child = bin()
        .arg("build")
        .arg(&dir.0)
        .arg("--out")
        .arg(&out)
        .args(["--today", "2026-01-15"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let staging = dir.0.join(format!(".public.retrospect-new-{}", child.id()));
    let started = std::time::Instant::now();
    while !staging.exists() && started.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let killed = std::process::Command::new("kill")
        .args(["-9", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let _ = child.wait();
    if !staging.exists() {
        // The build finished first on this machine: leave a staging folder
        // as a killed build would, with the id of a process that is gone.
        std::fs::create_dir_all(staging.join("reports")).unwrap();
        std::fs::write(staging.join(".retrospect-output"), "").unwrap();
    }
    let result = run(bin()
        .arg("build")
        .arg(&dir.0)
        .arg("--out")
        .arg(&out)
        .args(["--today", "2026-01-15"]));
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        !staging.exists(),
        "the killed build's staging is still there"
    );
    let left: Vec<String> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("retrospect-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Issue 12, finding 8: `actions.csv` wrote cells starting with `=`, `+`,
/// `-` or `@` unchanged; a spreadsheet runs them as formulas.
#[test]
fn actions_csv_holds_no_formulas() {
    let site = TempDir::new("csv-formulas");
    let report = VALID_REPORT
        .replace(
            "  - title: Stagger cache restarts in upgrades\n    owner: sam",
            "  - title: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"click\\\")\"\n    owner: \"@sam\"\n    priority: \"+p1\"",
        )
        .replace(
            "title: Checkout latency after a cache eviction storm",
            "title: \"-1+1 checkout\"",
        );
    site.write("reports/2025-03-14-csv.md", &report);
    let out = site.0.join("out");
    let result = run(bin()
        .arg("build")
        .arg(&site.0)
        .arg("--out")
        .arg(&out)
        .args(["--today", "2026-01-15"]));
    assert_eq!(result.code, 0, "{}", result.stderr);
    let csv = std::fs::read_to_string(out.join("actions.csv")).unwrap();
    let mut rows = csv.lines().skip(1);
    let row = rows.next().expect("one action");
    for cell in ["'=HYPERLINK(", "'@sam", "'+p1", "'-1+1 checkout"] {
        assert!(row.contains(cell), "{cell} not neutralised: {row}");
    }
    for line in csv.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell} in {line}");
        }
    }
    // The same in `retrospect actions --format csv`.
    let listed =
        run(bin()
            .arg("actions")
            .arg(&site.0)
            .args(["--format", "csv", "--today", "2026-01-15"]));
    assert!(listed.stdout.contains("'=HYPERLINK("), "{}", listed.stdout);
}

/// A `retrospect serve` on a free port, for the tests below (tests/cli/
/// serve.rs has the fuller one).
struct Served {
    child: std::process::Child,
    port: u16,
    out: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Served {
    fn start(site: &std::path::Path, envs: &[(&str, &str)]) -> Served {
        use std::io::BufRead;
        let mut cmd = bin();
        cmd.arg("serve")
            .arg(site)
            .args(["--port", "0", "--today", "2026-01-15"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let out = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let out = std::sync::Arc::clone(&out);
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(stream)
                    .lines()
                    .map_while(Result::ok)
                {
                    let mut out = out.lock().unwrap();
                    out.push_str(&line);
                    out.push('\n');
                }
            });
        }
        let started = std::time::Instant::now();
        let port = loop {
            let printed = out.lock().unwrap().clone();
            if let Some(port) = printed
                .split("http://127.0.0.1:")
                .nth(1)
                .and_then(|r| r.split('/').next())
                .and_then(|p| p.parse().ok())
            {
                break port;
            }
            assert!(
                started.elapsed().as_secs() < 60,
                "serve did not start:\n{printed}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        Served { child, port, out }
    }

    /// The raw reply to a raw request.
    fn send(&self, request: &str) -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    }

    fn get(&self, path: &str) -> String {
        self.send(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    /// Fetches `path` until the reply holds `text` (20 s at most).
    fn poll(&self, path: &str, text: &str) -> String {
        let started = std::time::Instant::now();
        loop {
            let reply = self.get(path);
            if reply.contains(text) {
                return reply;
            }
            assert!(
                started.elapsed().as_secs() < 20,
                "{path} never showed {text:?}: {reply}\n{}",
                self.out.lock().unwrap()
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    /// Stops it as Ctrl-C does; it must exit cleanly.
    fn stop(mut self) -> String {
        let pid = self.child.id().to_string();
        assert!(
            std::process::Command::new("kill")
                .args(["-INT", &pid])
                .status()
                .unwrap()
                .success()
        );
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                started.elapsed().as_secs() < 30,
                "serve ignored SIGINT for 30 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        assert_eq!(status.code(), Some(0));
        self.out.lock().unwrap().clone()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

const PAGE: &str = "/reports/checkout-latency/";

/// Issue 12, finding 5 (and the "no input panics" item): a panic in a
/// rebuild killed `serve`. It is shown as that rebuild's error, on every
/// page, and the next rebuild recovers. (The panic is asked for through a
/// debug-only hook, so that the test keeps a panic to survive after every
/// panic found is fixed.)
#[test]
fn serve_survives_a_panic_in_a_rebuild() {
    let site = TempDir::new("serve-panic");
    site.write("reports/2025-03-14-checkout-latency.md", VALID_REPORT);
    let served = Served::start(
        &site.0,
        &[("RETROSPECT_TEST_PANIC_IN_REBUILD", "reports/panic.txt")],
    );
    served.poll(PAGE, "200 OK");
    site.write("reports/panic.txt", "x");
    let reply = served.poll(PAGE, "failed while rebuilding");
    assert!(reply.contains("retrospect-serve-problems"), "{reply}");
    std::fs::remove_file(site.0.join("reports/panic.txt")).unwrap();
    site.write(
        "reports/2025-03-14-checkout-latency.md",
        VALID_REPORT.replace("Restarts need a budget.", "Restarts need a budget, again."),
    );
    let reply = served.poll(PAGE, "Restarts need a budget, again.");
    assert!(!reply.contains("failed while rebuilding"), "{reply}");
    let printed = served.stop();
    assert!(printed.contains("failed while rebuilding"), "{printed}");
}

/// Issue 12, finding 4 in `serve`: a FIFO saved as a report made a rebuild
/// wait for good (and `serve` ignore SIGTERM). The rebuild fails at once
/// with the file named, and `serve` still stops on Ctrl-C.
#[cfg(unix)]
#[test]
fn serve_refuses_a_fifo_report_without_waiting() {
    let site = TempDir::new("serve-fifo");
    site.write("reports/2025-03-14-checkout-latency.md", VALID_REPORT);
    let served = Served::start(&site.0, &[]);
    served.poll(PAGE, "200 OK");
    let fifo = site.0.join("reports/2025-03-15-fifo.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reply = served.poll(PAGE, "2025-03-15-fifo.md");
    assert!(reply.contains("FIFO"), "{reply}");
    served.stop();
}

/// Issue 12, finding 8: `serve` accepted WebSocket connections from any
/// `Origin` (a thread each), and grew to 570 MB on one 200 MB header line.
/// A foreign origin is refused, a header past the bound gets 431 (read no
/// further), and connections past the bound get 503 until some close.
#[test]
fn serve_bounds_origins_headers_and_connections() {
    use std::io::{Read, Write};
    let site = TempDir::new("serve-bounds");
    site.write("reports/2025-03-14-checkout-latency.md", VALID_REPORT);
    let served = Served::start(&site.0, &[]);
    served.poll(PAGE, "200 OK");
    let port = served.port;
    let handshake = |origin: &str| {
        format!(
            "GET /__retrospect/live?token=x HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{origin}\
             Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
             Sec-WebSocket-Version: 13\r\n\r\n"
        )
    };
    for origin in ["http://evil.example", "http://127.0.0.1:1", "null"] {
        let reply = served.send(&handshake(&format!("Origin: {origin}\r\n")));
        assert!(reply.starts_with("HTTP/1.1 403"), "{origin}: {reply}");
    }
    // The page's own origin opens it (and the token is old: `reload`).
    let mut socket = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    socket
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    socket
        .write_all(handshake(&format!("Origin: http://localhost:{port}\r\n")).as_bytes())
        .unwrap();
    let mut head = [0u8; 12];
    socket.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 101");
    drop(socket);

    // One header line of 1 MB: refused once the bound is read.
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    write!(stream, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ").unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    for _ in 0..16 {
        if stream.write_all(&chunk).is_err() {
            break;
        }
        sent += chunk.len();
    }
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(
        reply.starts_with("HTTP/1.1 431"),
        "after {sent} bytes: {reply}"
    );

    // Idle connections up to the bound; the next is turned away.
    let idle: Vec<std::net::TcpStream> = (0..64)
        .map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    // The server takes them in as fast as the machine lets it: until it
    // holds all 64, a request may still be answered.
    let started = std::time::Instant::now();
    loop {
        let reply = served.get("/");
        if reply.starts_with("HTTP/1.1 503") {
            break;
        }
        assert!(
            reply.starts_with("HTTP/1.1 200") && started.elapsed().as_secs() < 30,
            "no 503 within 30 s of opening 64 idle connections: {reply}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    drop(idle);
    served.poll("/", "200 OK");
    served.stop();
}

/// Issue 12, "every file the build reads": templates, theme files and
/// `retrospect.yaml` are read only from inside the site, as reports are.
/// A template linked to `/etc/passwd` would be rendered into every page,
/// a theme folder linked to `/proc/self` copied whole.
#[cfg(unix)]
#[test]
fn templates_themes_and_config_are_read_only_from_the_site() {
    use std::os::unix::fs::symlink;
    let outside = TempDir::new("outside-secrets");
    outside.write("secret.css", "LEAK-THEME-SECRET");
    outside.write("footer.html", "LEAK-TEMPLATE-SECRET");
    for case in ["template", "theme", "config"] {
        let site = TempDir::new("site-files");
        site.write("reports/2025-03-14-checkout-latency.md", VALID_REPORT);
        match case {
            "template" => {
                std::fs::create_dir_all(site.0.join("templates")).unwrap();
                symlink(
                    outside.0.join("footer.html"),
                    site.0.join("templates/footer.html"),
                )
                .unwrap();
            }
            "theme" => {
                std::fs::create_dir_all(site.0.join("themes")).unwrap();
                symlink(&outside.0, site.0.join("themes/default")).unwrap();
            }
            _ => symlink("/proc/self/environ", site.0.join("retrospect.yaml")).unwrap(),
        }
        let out = site.0.join("out");
        let result = run(bin()
            .arg("build")
            .arg(&site.0)
            .arg("--out")
            .arg(&out)
            .args(["--today", "2026-01-15"]));
        // A file the build cannot read is not a problem in a report or a
        // template's text: the build could not run (exit 2), as for an
        // unreadable retrospect.yaml.
        assert_eq!(result.code, 2, "{case}: {}", result.stderr);
        assert!(
            result.stderr.contains("outside the folder it belongs to"),
            "{case}: {}",
            result.stderr
        );
        assert!(!out.exists(), "{case}: something was written");
        assert!(
            !result.stderr.contains("LEAK-") && !result.stdout.contains("LEAK-"),
            "{case}"
        );
    }
}
