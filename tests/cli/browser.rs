//! The built example site in a real browser: Debian's Chromium, driven
//! through chromedriver over the WebDriver protocol (`browser/webdriver.rs`),
//! loading pages from a small static file server on 127.0.0.1.
//!
//! - No page logs a JavaScript error.
//! - On a phone (390×844) and a desktop (1366×900), in the light and the dark
//!   colour scheme: no page is wider than the screen, axe-core finds no
//!   serious or critical violation and no text whose contrast it cannot
//!   judge, every action's due date and status is on screen without
//!   scrolling sideways, whatever scrolls can be reached from the keyboard
//!   and has a name, code labels stay off the code, figures are not a light
//!   box on a dark page, and on a phone the timeline's events get the width
//!   and the first screen of the home and search pages shows a report.
//!   Each page is saved as a screenshot in `target/browser-screenshots/`.
//! - The reader's light/dark choice is applied before the page is drawn,
//!   kept across pages, and pages without JavaScript follow the system.
//! - Search finds what the words typed match, and nothing for words that
//!   appear nowhere; the keyboard reaches the main content and works search.
//!
//! One chromedriver serves the whole run, and Chromium sessions are reused
//! from test to test: a test takes an idle one (or starts one), and before
//! it does, the session is reset: a blank page, no emulation, no cookies,
//! cache or storage of the sites it visited, no script added to new pages,
//! an empty console log. Each test then sets the screen size and colour
//! scheme it needs, through the DevTools protocol.
//!
//! axe-core comes from npm (`$AXE_JS`, set by scripts/test.sh, or
//! `$(npm root -g)/axe-core/axe.min.js`). A missing tool fails the tests,
//! with a message saying how to get it.

mod webdriver;

use crate::support::{TempDir, bin, example_site, run};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use webdriver::{Served, Session, poll, serve_dir};

const TODAY: &str = "2026-11-21";

/// The pages checked for JavaScript errors, relative to the site root.
const PAGES: &[&str] = &[
    "",
    "reports/postgres-failover-latency/",
    "actions/",
    "browse/",
    "severity/major/",
    "search/",
    "search/?q=database",
];

/// The pages whose layout and accessibility are checked at both sizes and
/// in both schemes, with the name of their screenshot. The report has a
/// timeline, code blocks, a figure and actions; the practice report has
/// roles handed over, updates on the timeline, investigations and known
/// issues.
const LAYOUT_PAGES: &[(&str, &str)] = &[
    ("home", ""),
    ("report", "reports/postgres-failover-latency/"),
    ("report-practice", "reports/duplicate-card-captures/"),
    ("kind", "kinds/unavailable/"),
    ("actions", "actions/"),
    ("actions-overdue", "actions/overdue/"),
    ("actions-owners", "actions/owners/"),
    ("actions-owner", "actions/owners/amara-okafor/"),
    ("actions-by-report", "actions/reports/"),
    ("browse", "browse/"),
    ("severity", "severity/major/"),
    ("search", "search/?q=database"),
];

// ---------------------------------------------------------------------------
// The site, built and served.

/// The example site built for the internal audience and served over HTTP,
/// shared by the tests running at the same time (they only read it), like
/// the example builds in build.rs. Stopped, and its folder removed, when
/// the last test using it is done.
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
    serve_dir(out, Some(Box::new(dir)))
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

/// Where the screenshots of a run go: `target/browser-screenshots/`.
fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target folder")
        .join("browser-screenshots")
}

// ---------------------------------------------------------------------------
// A browser for one test.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    fn name(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Size {
    /// 390×844, a phone: touch, and the page's own viewport.
    Phone,
    /// 1366×900.
    Desktop,
}

impl Size {
    /// Width, height, and whether it is a phone.
    fn metrics(self) -> (u32, u32, bool) {
        match self {
            Size::Phone => (390, 844, true),
            Size::Desktop => (1366, 900, false),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Size::Phone => "phone",
            Size::Desktop => "desktop",
        }
    }
}

/// A session waiting for its next test, with what must be cleared first.
struct Idle {
    session: Session,
    origins: BTreeSet<String>,
    scripts: Vec<String>,
}

/// The sessions no test is using.
static POOL: Mutex<Vec<Idle>> = Mutex::new(Vec::new());

/// A Chromium session for one test, back to the pool when the test ends
/// (or ended, when the test failed).
struct Browser {
    session: Option<Session>,
    /// Origins of the pages visited, whose storage is cleared before the
    /// session is used again.
    origins: RefCell<BTreeSet<String>>,
    /// Scripts added to every new page (`before_each_page`).
    scripts: RefCell<Vec<String>>,
}

impl std::ops::Deref for Browser {
    type Target = Session;
    fn deref(&self) -> &Session {
        self.session.as_ref().expect("a session")
    }
}

impl Browser {
    fn start(scheme: Scheme) -> Browser {
        Browser::with(Size::Desktop, scheme)
    }

    /// A session from the pool, reset, or a new one; showing pages at `size`
    /// in `scheme`.
    fn with(size: Size, scheme: Scheme) -> Browser {
        let session = loop {
            let idle = POOL.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let Some(idle) = idle else {
                break Session::new(&[]).unwrap_or_else(|e| panic!("{e}"));
            };
            if reset(&idle).is_ok() {
                break idle.session;
            }
            // A session that cannot be reset is ended (dropped) here.
        };
        let browser = Browser {
            session: Some(session),
            origins: RefCell::new(BTreeSet::new()),
            scripts: RefCell::new(Vec::new()),
        };
        browser.emulate(size, scheme);
        browser
    }

    /// Shows the pages at `size` (a phone: touch and a mobile viewport) in
    /// `scheme`, from the next page on.
    fn emulate(&self, size: Size, scheme: Scheme) {
        let (width, height, phone) = size.metrics();
        for (cmd, params) in [
            (
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": phone }),
            ),
            (
                "Emulation.setTouchEmulationEnabled",
                json!({ "enabled": phone, "maxTouchPoints": if phone { 5 } else { 1 } }),
            ),
            (
                "Emulation.setEmulatedMedia",
                json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme.name() }] }),
            ),
        ] {
            self.cdp(cmd, params)
                .unwrap_or_else(|e| panic!("{cmd} fails: {e}"));
        }
    }

    fn goto(&self, url: &str) {
        if let Some(rest) = url.strip_prefix("http://")
            && let Some(host) = rest.split('/').next()
        {
            self.origins.borrow_mut().insert(format!("http://{host}"));
        }
        self.session.as_ref().expect("a session").goto(url);
    }

    /// Runs `script` in every page from now on, before the page's own.
    fn before_each_page(&self, script: &str) {
        let added = self
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": script }),
            )
            .unwrap_or_else(|e| panic!("cannot add a script to new pages: {e}"));
        if let Some(id) = added["identifier"].as_str() {
            self.scripts.borrow_mut().push(id.to_string());
        }
    }

    /// Runs `script` until `done` accepts what it returns; fails with
    /// `what` and the last value after 10 s.
    fn wait_for(&self, script: &str, done: impl Fn(&Value) -> bool, what: &str) {
        let mut last = Value::Null;
        let ok = poll(Duration::from_secs(10), || {
            last = self.exec(script, json!([]));
            done(&last)
        });
        assert!(ok, "{what} (after 10 s): {last}");
    }

    /// Waits until the page has loaded (images included) and its scripts
    /// have done what they do on load: the theme switch shown, sortable
    /// tables given their buttons, a search in the address answered.
    fn wait_ready(&self, page: &str) {
        self.wait_for(
            "if (document.readyState !== 'complete') return 'loading';
             if (![...document.images].every((i) => i.complete)) return 'images';
             if (document.querySelector('.theme-toggle[hidden]')) return 'theme.js';
             const unsorted = [...document.querySelectorAll('table[data-sortable]')]
               .filter((t) => t.tBodies[0] && t.tBodies[0].rows.length > 1 && !t.querySelector('.sort-button'));
             if (unsorted.length) return 'sort.js';
             const status = document.getElementById('search-status');
             if (status && new URLSearchParams(location.search).get('q')
                 && (!status.textContent || status.textContent.startsWith('Searching'))) return 'search';
             return 'ready';",
            |v| v == "ready",
            &format!("/{page} is not ready"),
        );
    }

    /// Waits up to 10 s for the search page to settle after a query: its
    /// status line says how many reports were found, or that none were, and
    /// differs from `settled_after`. Returns the status line and the
    /// results' titles and URLs; fails if it does not settle.
    fn search_results(&self, settled_after: &str) -> (String, Vec<(String, String)>) {
        let value = self.exec_async(
            "const [previous, done] = arguments;
             const deadline = Date.now() + 10000;
             (function poll() {
               const status = document.getElementById('search-status').textContent;
               const links = [...document.querySelectorAll('#search-results .search-result h2 a')];
               const settled = status && status !== previous && !status.startsWith('Searching');
               if (settled) {
                 done({ status, results: links.map((a) => [a.textContent, a.getAttribute('href')]) });
               } else if (Date.now() > deadline) {
                 done({ timeout: true, status });
               } else {
                 setTimeout(poll, 20);
               }
             })();",
            json!([settled_after]),
        );
        assert!(
            value.get("timeout").is_none(),
            "the search page does not settle within 10 s (after {settled_after:?}): its status line reads {}",
            value["status"]
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

    /// axe-core on the page: its serious and critical violations, and, with
    /// `contrast_judged`, the text whose contrast it could not judge
    /// ("incomplete"), one line each. (Under an open panel, text is covered
    /// and its contrast cannot be judged: that is not a fault of the page.)
    fn axe_problems(&self, axe: &str, contrast_judged: bool) -> Vec<String> {
        self.exec(&format!("{axe}\n;return typeof axe;"), json!([]));
        let result = self.exec_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations', 'incomplete'] })
                .then((r) => done({ violations: r.violations, incomplete: r.incomplete }),
                      (e) => done({ axeError: String(e) }));",
            json!([]),
        );
        if let Some(e) = result.get("axeError") {
            return vec![format!("axe.run failed: {e}")];
        }
        let nodes = |v: &Value| -> String {
            v["nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| {
                    let summary = n["failureSummary"]
                        .as_str()
                        .or_else(|| n["any"][0]["message"].as_str())
                        .unwrap_or("");
                    let summary: String = summary
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .chars()
                        .take(200)
                        .collect();
                    format!("\n      {} — {summary}", n["target"])
                })
                .collect()
        };
        let mut problems = Vec::new();
        for v in result["violations"].as_array().expect("a list") {
            let impact = v["impact"].as_str().unwrap_or("");
            if impact == "serious" || impact == "critical" {
                problems.push(format!(
                    "axe: {} [{impact}] {}{}",
                    v["id"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap_or(""),
                    nodes(v)
                ));
            }
        }
        for v in result["incomplete"].as_array().expect("a list") {
            if contrast_judged && v["id"] == "color-contrast" {
                problems.push(format!(
                    "axe cannot judge the contrast of {} element(s):{}",
                    v["nodes"].as_array().map_or(0, Vec::len),
                    nodes(v)
                ));
            }
        }
        problems
    }
}

/// Makes an idle session as good as new for the next test.
fn reset(idle: &Idle) -> Result<(), String> {
    let s = &idle.session;
    // Release any key a failed test left pressed.
    s.try_call("DELETE", "/actions", None)?;
    s.try_call("POST", "/url", Some(json!({ "url": "about:blank" })))?;
    for id in &idle.scripts {
        s.cdp(
            "Page.removeScriptToEvaluateOnNewDocument",
            json!({ "identifier": id }),
        )?;
    }
    s.cdp("Emulation.clearDeviceMetricsOverride", json!({}))?;
    s.cdp(
        "Emulation.setTouchEmulationEnabled",
        json!({ "enabled": false }),
    )?;
    s.cdp("Emulation.setEmulatedMedia", json!({ "features": [] }))?;
    s.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": false }),
    )?;
    s.cdp("Network.clearBrowserCookies", json!({}))?;
    s.cdp("Network.clearBrowserCache", json!({}))?;
    for origin in &idle.origins {
        s.cdp(
            "Storage.clearDataForOrigin",
            json!({ "origin": origin, "storageTypes": "all" }),
        )?;
    }
    // Empty the console log.
    s.try_call("POST", "/se/log", Some(json!({ "type": "browser" })))?;
    Ok(())
}

impl Drop for Browser {
    fn drop(&mut self) {
        let Some(session) = self.session.take() else {
            return;
        };
        // After a failure the session may be in any state: end it.
        if std::thread::panicking() {
            return;
        }
        POOL.lock().unwrap_or_else(|e| e.into_inner()).push(Idle {
            session,
            origins: self.origins.take(),
            scripts: self.scripts.take(),
        });
    }
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const ARROW_UP: &str = "\u{E013}";
const ARROW_DOWN: &str = "\u{E015}";

// ---------------------------------------------------------------------------
// JavaScript errors.

#[test]
fn no_page_logs_a_javascript_error() {
    let site = served();
    let browser = Browser::start(Scheme::Light);
    let favicon = format!("{}favicon.ico ", site.base);
    let mut problems = Vec::new();
    for page in PAGES {
        browser.goto(&format!("{}{page}", site.base));
        // Until the scripts have done what they do as the page opens.
        browser.wait_ready(page);
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

// ---------------------------------------------------------------------------
// Layout and accessibility, on a phone and a desktop, light and dark.

/// What is wrong with the page's layout, one line each (see the module's
/// documentation). Arguments: width, height, phone, dark.
const LAYOUT_JS: &str = r#"
const [width, height, phone, dark, done] = arguments;
(async () => {
  const problems = [];
  const describe = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + [...e.classList].map((c) => '.' + c).join('');
  const clips = (e) => getComputedStyle(e).overflowX !== 'visible';
  const inClippingBox = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (clips(a)) return true;
    return false;
  };

  if (innerWidth !== width) problems.push(`the viewport is ${innerWidth} px wide, not ${width}`);
  const pageWidth = document.documentElement.scrollWidth;
  if (pageWidth > innerWidth) {
    const wide = [...document.body.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5 && !inClippingBox(e))
      .slice(0, 6).map(describe);
    problems.push(`the page is ${pageWidth} px wide on a ${innerWidth} px screen: ${wide.join(', ')}`);
  }

  // Every action's due date and status on screen, not in a box that
  // scrolls sideways.
  for (const cell of document.querySelectorAll('.actions-table:not(.reports-table) :is(td.col-due, td.col-status)')) {
    const r = cell.getBoundingClientRect();
    let off = r.width === 0 || r.left < -0.5 || r.right > innerWidth + 0.5;
    for (let a = cell.parentElement; a && !off; a = a.parentElement) {
      if (!clips(a)) continue;
      const b = a.getBoundingClientRect();
      off = r.left < b.left - 0.5 || r.right > b.right + 0.5;
    }
    if (off) {
      const what = cell.classList.contains('col-due') ? 'due date' : 'status';
      const action = (cell.closest('tr').querySelector('.col-action') || cell).textContent.trim().slice(0, 50);
      problems.push(`the ${what} of “${action}” is not on screen (${Math.round(r.left)} to ${Math.round(r.right)} px)`);
      break;
    }
  }

  // The site's own tables (not a report's, which are named regions) fit:
  // they change layout on a phone instead of hiding columns to the right.
  for (const wrap of document.querySelectorAll('.table-wrap:not([role="region"])')) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      const table = wrap.querySelector('table');
      problems.push(`${table ? describe(table) : describe(wrap)} is ${wrap.scrollWidth} px wide in a ${wrap.clientWidth} px box: its last columns are hidden`);
    }
  }

  // Every link leads somewhere (search engines and screen readers skip an
  // <a> without href).
  const dead = [...document.querySelectorAll('a:not([href])')].map(describe);
  if (dead.length) problems.push(`links without an address: ${dead.join(', ')}`);

  // Whatever scrolls can be reached from the keyboard, and says what it is.
  for (const e of document.body.querySelectorAll('*')) {
    const cs = getComputedStyle(e);
    const x = /auto|scroll/.test(cs.overflowX) && e.scrollWidth > e.clientWidth + 1;
    const y = /auto|scroll/.test(cs.overflowY) && e.scrollHeight > e.clientHeight + 1;
    if ((!x && !y) || e.getClientRects().length === 0 || cs.visibility === 'hidden') continue;
    const named = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby');
    const focusable = e.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
    if (e.tabIndex >= 0 ? !named : !focusable) {
      problems.push(`${describe(e)} scrolls ${x ? 'sideways' : 'down'} but ${e.tabIndex >= 0 ? 'has no accessible name' : 'the keyboard cannot reach it'}`);
    }
  }

  // A code block's language label sits above its code, never over it.
  for (const pre of document.querySelectorAll('pre.code[data-lang]')) {
    const label = getComputedStyle(pre, '::before');
    const box = pre.getBoundingClientRect();
    const top = box.top + parseFloat(getComputedStyle(pre).borderTopWidth) + parseFloat(label.top);
    const bottom = top + parseFloat(label.height);
    const code = pre.querySelector('code').getBoundingClientRect();
    if (label.position !== 'absolute' || !(bottom <= code.top + 0.5)) {
      problems.push(`the ${pre.dataset.lang} label (${label.position}, to ${Math.round(bottom)} px) overlaps its code (from ${Math.round(code.top)} px)`);
    }
  }

  // An SVG figure is drawn light on a light page and dark on a dark one.
  for (const img of document.querySelectorAll('.prose img')) {
    if (!/\.svg$/i.test(new URL(img.src).pathname)) continue;
    try {
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = 80;
      canvas.height = 40;
      const ctx = canvas.getContext('2d');
      ctx.filter = getComputedStyle(img).filter;
      ctx.drawImage(img, 0, 0, 80, 40);
      const d = ctx.getImageData(0, 0, 80, 40).data;
      let sum = 0;
      for (let i = 0; i < d.length; i += 4) sum += (0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2]) / 255;
      const lightness = sum / (d.length / 4);
      if (dark ? lightness > 0.35 : lightness < 0.65) {
        problems.push(`the figure ${img.getAttribute('src')} is ${dark ? 'a light box on the dark page' : 'dark on the light page'} (mean lightness ${lightness.toFixed(2)})`);
      }
    } catch (e) {
      problems.push(`the figure ${img.getAttribute('src')} cannot be measured: ${e}`);
    }
  }

  if (phone) {
    const event = document.querySelector('.timeline td.tl-event');
    if (event && event.getBoundingClientRect().width < 0.75 * innerWidth) {
      problems.push(`a timeline event gets ${Math.round(event.getBoundingClientRect().width)} px of the ${innerWidth} px screen`);
    }
    const kind = document.body.classList.contains('page-home') ? 'report'
      : document.body.classList.contains('page-search') ? 'search result' : null;
    if (kind) {
      const first = document.querySelector(kind === 'report' ? '.report-list .card-title' : '#search-results .search-result h2');
      const end = first ? first.getBoundingClientRect().bottom : null;
      if (end === null || end > innerHeight) {
        problems.push(`the first screen (${innerHeight} px) shows no ${kind}: the first title ends at ${end === null ? 'nowhere' : Math.round(end) + ' px'}`);
      }
    }
  }
  done(problems);
})().catch((e) => done([`the layout check failed: ${e}`]));
"#;

fn check_layout(size: Size, scheme: Scheme) {
    let site = served();
    let axe = axe_source();
    let browser = Browser::with(size, scheme);
    let (width, height, phone) = size.metrics();
    let shots = screenshot_dir().join(format!("{}-{}", size.name(), scheme.name()));
    let mut problems = Vec::new();
    for (name, page) in LAYOUT_PAGES {
        browser.goto(&format!("{}{page}", site.base));
        browser.wait_ready(page);
        assert_eq!(
            browser.prefers_dark(),
            scheme == Scheme::Dark,
            "prefers-color-scheme is not {scheme:?} on /{page}"
        );
        let found = browser.exec_async(
            LAYOUT_JS,
            json!([width, height, phone, scheme == Scheme::Dark]),
        );
        let found = found.as_array().expect("a list of problems").iter();
        let found = found.map(|p| p.as_str().unwrap_or("?").to_string());
        let found = found.chain(browser.axe_problems(&axe, true));
        problems.extend(found.map(|p| format!("/{page} ({size:?}, {scheme:?}): {p}")));
        browser.screenshot(&shots.join(format!("{name}.png")));
    }
    assert!(
        problems.is_empty(),
        "{} problem(s); screenshots in {}:\n{}",
        problems.len(),
        shots.display(),
        problems.join("\n")
    );
}

#[test]
fn pages_fit_a_phone_in_the_light_scheme() {
    check_layout(Size::Phone, Scheme::Light);
}

#[test]
fn pages_fit_a_phone_in_the_dark_scheme() {
    check_layout(Size::Phone, Scheme::Dark);
}

#[test]
fn pages_fit_a_desktop_in_the_light_scheme() {
    check_layout(Size::Desktop, Scheme::Light);
}

#[test]
fn pages_fit_a_desktop_in_the_dark_scheme() {
    check_layout(Size::Desktop, Scheme::Dark);
}

// ---------------------------------------------------------------------------
// The reader's choice of light or dark.

/// The theme the page has when its body starts: what it is first drawn
/// with (the inline script in <head> has run by then, the page's other
/// scripts have not).
const FIRST_THEME_JS: &str = "new MutationObserver((records, observer) => {
  if (!document.body) return;
  observer.disconnect();
  const meta = document.querySelector('meta[name=\"color-scheme\"]');
  window.__firstTheme = { theme: document.documentElement.getAttribute('data-theme'),
                          scheme: meta && meta.content };
}).observe(document, { childList: true, subtree: true });";

/// The page's theme: the attribute, the stored choice, the switch, the
/// colours in use, and how the page started.
const THEME_STATE_JS: &str = "const root = getComputedStyle(document.documentElement);
  const toggle = document.querySelector('.theme-toggle');
  const token = document.querySelector('pre.code .hl-k');
  let stored = null;
  try { stored = localStorage.getItem('retrospect-theme'); } catch (e) { stored = 'unreadable'; }
  return {
    theme: document.documentElement.getAttribute('data-theme'),
    stored,
    pressed: toggle && toggle.getAttribute('aria-pressed'),
    shown: !!toggle && toggle.getClientRects().length > 0,
    background: getComputedStyle(document.body).backgroundColor,
    first: window.__firstTheme || null,
    colours: ['--bg', '--fg', '--link', '--code-bg', '--danger', '--warn']
      .map((p) => root.getPropertyValue(p).trim())
      .concat(token ? [getComputedStyle(token).color] : []),
  };";

const LIGHT_BG: &str = "rgb(255, 255, 255)";
const DARK_BG: &str = "rgb(18, 20, 24)";

#[test]
fn the_reader_chooses_light_or_dark_and_the_choice_is_kept() {
    let site = served();
    let browser = Browser::with(Size::Desktop, Scheme::Light);
    browser.before_each_page(FIRST_THEME_JS);
    let report = format!("{}reports/postgres-failover-latency/", site.base);
    let actions = format!("{}actions/", site.base);
    let state = |page: &str| {
        browser.wait_ready(page);
        browser.exec(THEME_STATE_JS, json!([]))
    };
    let press_the_switch = || {
        browser.exec(
            "document.querySelector('.theme-toggle').focus();",
            json!([]),
        );
        browser.press(ENTER);
    };

    // By default, the system's scheme.
    browser.goto(&report);
    let light = state("report");
    assert_eq!(light["theme"], Value::Null, "{light}");
    assert_eq!(light["stored"], Value::Null, "{light}");
    assert_eq!(light["shown"], true, "the switch is not shown: {light}");
    assert_eq!(light["pressed"], "false", "{light}");
    assert_eq!(light["background"], LIGHT_BG, "{light}");

    // Chosen from the keyboard: dark at once, and kept.
    press_the_switch();
    let chosen_dark = browser.exec(THEME_STATE_JS, json!([]));
    assert_eq!(chosen_dark["theme"], "dark", "{chosen_dark}");
    assert_eq!(chosen_dark["stored"], "dark", "{chosen_dark}");
    assert_eq!(chosen_dark["pressed"], "true", "{chosen_dark}");
    assert_eq!(chosen_dark["background"], DARK_BG, "{chosen_dark}");

    // The next page is dark from its first line.
    browser.goto(&actions);
    let next = state("actions");
    assert_eq!(
        next["first"],
        json!({ "theme": "dark", "scheme": "dark" }),
        "the page does not start dark: {next}"
    );
    assert_eq!(next["background"], DARK_BG, "{next}");

    // Back to light, the system's own scheme: the choice is forgotten.
    press_the_switch();
    let back = browser.exec(THEME_STATE_JS, json!([]));
    assert_eq!(back["theme"], Value::Null, "{back}");
    assert_eq!(back["stored"], Value::Null, "{back}");
    assert_eq!(back["background"], LIGHT_BG, "{back}");

    // The system turns dark: the page follows, in the same colours as the
    // chosen dark, code included.
    browser.emulate(Size::Desktop, Scheme::Dark);
    browser.goto(&report);
    let system_dark = state("report");
    assert_eq!(system_dark["theme"], Value::Null, "{system_dark}");
    assert_eq!(system_dark["pressed"], "true", "{system_dark}");
    assert_eq!(
        system_dark["colours"], chosen_dark["colours"],
        "the chosen dark and the system's dark differ"
    );

    // Light chosen on a dark system: kept from page to page.
    press_the_switch();
    browser.goto(&report);
    let chosen_light = state("report");
    assert_eq!(chosen_light["stored"], "light", "{chosen_light}");
    assert_eq!(
        chosen_light["first"],
        json!({ "theme": "light", "scheme": "light" }),
        "the page does not start light: {chosen_light}"
    );
    assert_eq!(chosen_light["background"], LIGHT_BG, "{chosen_light}");
    assert_eq!(chosen_light["colours"], light["colours"]);

    // Without JavaScript, the page follows the system, without a switch.
    browser
        .cdp(
            "Emulation.setScriptExecutionDisabled",
            json!({ "value": true }),
        )
        .unwrap();
    browser.goto(&report);
    let no_js = browser.exec(
        "return { background: getComputedStyle(document.body).backgroundColor,
                  theme: document.documentElement.getAttribute('data-theme'),
                  shown: document.querySelector('.theme-toggle').getClientRects().length > 0,
                  text: document.querySelector('main h1').textContent };",
        json!([]),
    );
    assert_eq!(no_js["theme"], Value::Null, "{no_js}");
    assert_eq!(no_js["background"], DARK_BG, "{no_js}");
    assert_eq!(no_js["shown"], false, "the switch shows without JavaScript");
    assert_eq!(
        no_js["text"], "Booking API slowdown during a Postgres primary failover",
        "{no_js}"
    );
}

// ---------------------------------------------------------------------------
// The keyboard.

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

/// Waits up to 10 s for the header's panel to open with results, or to say
/// that nothing matches; returns whether it is open, its status line and
/// its links, or `timeout`.
fn header_panel(browser: &Browser) -> Value {
    browser.exec_async(
        "const done = arguments[arguments.length - 1];
         const deadline = Date.now() + 10000;
         (function poll() {
           const panel = document.getElementById('site-search-panel');
           const status = panel ? panel.querySelector('.site-search-status').textContent : '';
           const links = panel ? [...panel.querySelectorAll('.search-result a')] : [];
           if (panel && !panel.hidden && (links.length || status.startsWith('No report'))) {
             done({ open: true, status, links: links.map((a) => a.getAttribute('href')),
                    all: panel.querySelector('.site-search-all').getAttribute('href') });
           } else if (Date.now() > deadline) {
             done({ timeout: true, open: !!panel && !panel.hidden, status });
           } else {
             setTimeout(poll, 20);
           }
         })();",
        json!([]),
    )
}

/// The example reports that hold `word` as a whole word (any case), and
/// those that hold a longer word starting with it, by file name.
fn reports_with_word(word: &str) -> (Vec<String>, Vec<String>) {
    let (mut whole, mut longer) = (Vec::new(), Vec::new());
    let word = word.to_lowercase();
    for entry in walk(&example_site().join("reports")) {
        if entry.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&entry).unwrap().to_lowercase();
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.contains(&word.as_str()) {
            whole.push(name.clone());
        }
        if words
            .iter()
            .any(|w| w.len() > word.len() && w.starts_with(&word))
        {
            longer.push(name);
        }
    }
    whole.sort();
    longer.sort();
    (whole, longer)
}

#[test]
fn search_finds_nothing_for_words_that_appear_nowhere() {
    // Made-up words, checked against the sources. Pagefind alone matches a
    // word it does not know to the longest indexed word it starts with, so
    // "qqqqq" found a report holding "q".
    let made_up = ["qqqqq", "xyzzyplugh", "zqxjvwordless"];
    for word in made_up {
        assert!(
            reports_containing(word).is_empty(),
            "{word} is in a report: pick another word"
        );
    }
    assert!(!reports_containing("pgbouncer").is_empty());
    let site = served();
    let browser = Browser::start(Scheme::Light);
    for query in made_up
        .iter()
        .map(|w| w.to_string())
        .chain(["pgbouncer qqqqq".to_string()])
    {
        browser.goto(&format!(
            "{}search/?q={}",
            site.base,
            query.replace(' ', "+")
        ));
        let (status, results) = browser.search_results("");
        assert!(
            results.is_empty(),
            "{query:?} finds reports: {status:?} {results:?}"
        );
        assert!(
            status.starts_with("No report matches"),
            "{query:?}: a search without results does not say so: {status:?}"
        );
    }

    // The same in the header's box, which shows a link to the search page
    // whatever it found.
    browser.goto(&format!("{}browse/", site.base));
    browser.wait_ready("browse/");
    browser.exec(
        "document.getElementById('site-search-q').focus();",
        json!([]),
    );
    browser.type_text("xyzzyplugh");
    let panel = header_panel(&browser);
    assert!(
        panel.get("timeout").is_none(),
        "the panel does not settle: {panel}"
    );
    assert_eq!(panel["links"], json!([]), "{panel}");
    assert!(
        panel["status"]
            .as_str()
            .is_some_and(|s| s.starts_with("No report matches")),
        "{panel}"
    );
    assert_eq!(panel["all"], "../search/?q=xyzzyplugh", "{panel}");

    // A word being typed still finds the reports with longer words that
    // start with it.
    browser.goto(&format!("{}search/?q=pgboun", site.base));
    let (status, results) = browser.search_results("");
    assert_eq!(results.len(), 1, "{status:?} {results:?}");
}

#[test]
fn search_puts_the_report_with_the_word_first() {
    // Each word is whole in one report and the start of longer words in
    // others ("wind" and "window"), which Pagefind alone ranked first.
    let cases = [
        ("wind", "2026-01-13-surge-pricing-flag-rollout.md"),
        ("mode", "2025-11-18-rate-limiter-partner-lockout.md"),
        ("far", "2026-01-13-surge-pricing-flag-rollout.md"),
    ];
    let site = served();
    let browser = Browser::start(Scheme::Light);
    for (word, report) in cases {
        let (whole, longer) = reports_with_word(word);
        assert_eq!(whole, [report], "{word}: pick another word");
        assert!(
            longer.iter().any(|r| r != report),
            "{word} starts no longer word in another report: pick another word"
        );
        browser.goto(&format!("{}search/?q={word}", site.base));
        let (status, results) = browser.search_results("");
        assert!(
            results.len() > 1,
            "{word}: the reports with longer words are not found: {status:?} {results:?}"
        );
        let slug = report[11..].trim_end_matches(".md");
        assert!(
            results[0].1.ends_with(&format!("reports/{slug}/")),
            "{word}: the report with the word is not first: {results:?}"
        );
    }
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
    // Enter submits the form: the search page opens.
    browser.wait_for(
        "return location.pathname;",
        |at| at.as_str().is_some_and(|at| at.ends_with("/search/")),
        "Enter in the header's box does not open the search page",
    );
    browser.wait_ready("search/?q=pgbouncer");
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
    let panel = header_panel(&browser);
    assert!(
        panel.get("timeout").is_none() && panel["open"] == json!(true),
        "no results under the box within 10 s: {panel}"
    );
    assert_eq!(
        panel["links"],
        json!(["../reports/postgres-failover-latency/"]),
        "the header's results are not the one report with the word"
    );

    // Accessible while open, in the dark scheme.
    let problems = browser.axe_problems(&axe_source(), false);
    assert!(
        problems.is_empty(),
        "axe-core, with the results open:\n{}",
        problems.join("\n")
    );

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
