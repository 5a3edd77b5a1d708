//! `retrospect build` end to end, on the example site and on fixtures: every
//! page is valid HTML (the Nu Html Checker), every link inside the site
//! resolves, nothing a report says can run script, and the feeds and data
//! files parse and agree with each other.
//!
//! The HTML is read with `scraper` (html5ever, the parser ammonia already
//! uses), so attributes are seen the way a browser sees them: entities
//! decoded, unquoted values, odd nesting.

use crate::support::{TempDir, bin, example_site, fixtures, run};
use scraper::{ElementRef, Html, Node};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, Weak};

const TODAY: &str = "2026-11-21";
const PUBLIC_BASE_URL: &str = "https://incidents.example/";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Audience {
    Internal,
    Public,
}

impl Audience {
    const BOTH: [Audience; 2] = [Audience::Internal, Audience::Public];

    fn name(self) -> &'static str {
        match self {
            Audience::Internal => "internal",
            Audience::Public => "public",
        }
    }
}

/// A site built into a temporary folder, removed with the last reference.
struct Built {
    audience: Audience,
    out: PathBuf,
    _dir: TempDir,
}

fn build(site: &Path, audience: Audience, label: &str) -> Built {
    let dir = TempDir::new(label);
    let out = dir.0.join("site");
    let mut cmd = bin();
    cmd.arg("build")
        .arg(site)
        .arg("--out")
        .arg(&out)
        .args(["--today", TODAY]);
    if audience == Audience::Public {
        cmd.args(["--audience", "public", "--base-url", PUBLIC_BASE_URL]);
    }
    let r = run(&mut cmd);
    assert_eq!(
        r.code,
        0,
        "building {} for the {} audience failed:\n{}{}",
        site.display(),
        audience.name(),
        r.stdout,
        r.stderr
    );
    Built {
        audience,
        out,
        _dir: dir,
    }
}

/// The example site built for `audience`. Tests running at the same time
/// share one build (they only read it); it is removed when the last of them
/// is done, and built again if a later test asks for it.
fn example(audience: Audience) -> Arc<Built> {
    static SHARED: [Mutex<Weak<Built>>; 2] = [Mutex::new(Weak::new()), Mutex::new(Weak::new())];
    let mut slot = SHARED[audience as usize]
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(built) = slot.upgrade() {
        return built;
    }
    let built = Arc::new(build(
        &example_site(),
        audience,
        &format!("example-{}", audience.name()),
    ));
    *slot = Arc::downgrade(&built);
    built
}

/// One HTML file of an output, parsed.
struct Page {
    /// Path inside the output, with `/` separators.
    rel: String,
    doc: Html,
}

fn html_pages(root: &Path) -> Vec<Page> {
    let mut pages: Vec<Page> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("the output can be listed"))
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| Page {
            rel: rel_path(root, e.path()),
            doc: Html::parse_document(
                &std::fs::read_to_string(e.path()).unwrap_or_else(|err| {
                    panic!("{} is not UTF-8 text: {err}", e.path().display())
                }),
            ),
        })
        .collect();
    pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    assert!(
        pages.iter().any(|p| p.rel == "index.html"),
        "no index.html in {}",
        root.display()
    );
    pages
}

fn rel_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .expect("inside the output")
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn elements(doc: &Html) -> impl Iterator<Item = ElementRef<'_>> {
    doc.root_element().descendent_elements()
}

/// A start tag as the parser understood it, for messages.
fn describe(el: ElementRef) -> String {
    let mut s = format!("<{}", el.value().name());
    for (name, value) in el.value().attrs() {
        s.push_str(&format!(" {name}={value:?}"));
    }
    s.push('>');
    s
}

// ---------------------------------------------------------------------------
// URLs

/// The scheme of an absolute URL (`https`, `javascript`...), if it has one.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad percent-escape in `{s}`"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("`{s}` does not decode to UTF-8"))
}

/// The folder of a page (`reports/x/index.html` → `reports/x`).
fn folder_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Resolves a relative path (no scheme, query or fragment) against a folder
/// of the output, as a browser would, giving a path inside the output. A
/// path naming a folder (`x/`, `..`) means the `index.html` in it.
fn resolve(folder: &str, path: &str) -> Result<String, String> {
    let mut parts: Vec<String> = folder
        .split('/')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let segments: Vec<&str> = path.split('/').collect();
    for segment in &segments {
        match *segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("goes above the root of the site".into());
                }
            }
            s => parts.push(percent_decode(s)?),
        }
    }
    if matches!(segments.last(), Some(&"" | &"." | &"..")) {
        parts.push("index.html".into());
    }
    Ok(parts.join("/"))
}

/// Checks one `href` or `src` of page `page`: a relative link must name a
/// file of the output, and a fragment an element id of the page it names.
fn check_link(
    root: &Path,
    page: &str,
    raw: &str,
    ids: &HashMap<String, HashSet<String>>,
) -> Result<(), String> {
    let url = raw.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    if url.starts_with("//") {
        return Ok(()); // another host
    }
    if let Some(scheme) = scheme(url) {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" | "mailto" => Ok(()),
            _ => Err(format!("unexpected scheme `{scheme}:`")),
        };
    }
    let (before, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (url, None),
    };
    let path = before.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        page.to_string()
    } else if let Some(from_root) = path.strip_prefix('/') {
        if page != "404.html" {
            return Err("root-absolute link: breaks when the site is served from a \
                        sub-path (only 404.html, served at any depth, may use them)"
                .into());
        }
        resolve("", from_root)?
    } else {
        resolve(folder_of(page), path)?
    };
    let file = root.join(&target);
    if !file.is_file() {
        let dir = target.strip_suffix("index.html").unwrap_or(&target);
        return Err(if file.is_dir() {
            format!("`{target}` is a folder: the link needs a trailing `/`")
        } else if target.ends_with("index.html") && !root.join(dir).exists() {
            format!("no page `{dir}` in the output")
        } else {
            format!("no file `{target}` in the output")
        });
    }
    if let Some(fragment) = fragment {
        let fragment = percent_decode(fragment)?;
        if let Some(page_ids) = ids.get(&target) {
            // An empty fragment, or `top` with no such id, is the top of the page.
            if !fragment.is_empty()
                && !page_ids.contains(&fragment)
                && !fragment.eq_ignore_ascii_case("top")
            {
                return Err(format!("no element with id=\"{fragment}\" in `{target}`"));
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// 1. Valid HTML

const HOW_TO_INSTALL: &str = "run scripts/test.sh, which installs Java (Debian \
    default-jre-headless) and the Nu Html Checker (npm install -g vnu-jar), or set \
    VNU_JAR to the path of vnu.jar";

/// `java` and the path of `vnu.jar` (`$VNU_JAR`, else from `npm root -g`).
fn nu_html_checker() -> PathBuf {
    let java = Command::new("java").arg("-version").output();
    assert!(
        java.as_ref().is_ok_and(|o| o.status.success()),
        "`java -version` did not run ({}): {HOW_TO_INSTALL}",
        match &java {
            Ok(o) => String::from_utf8_lossy(&o.stderr).trim().to_string(),
            Err(e) => e.to_string(),
        }
    );
    let jar = match std::env::var_os("VNU_JAR") {
        Some(jar) => PathBuf::from(jar),
        None => {
            let npm = Command::new("npm")
                .args(["root", "-g"])
                .output()
                .unwrap_or_else(|e| panic!("`npm root -g` did not run ({e}): {HOW_TO_INSTALL}"));
            assert!(
                npm.status.success(),
                "`npm root -g` failed ({}): {HOW_TO_INSTALL}",
                String::from_utf8_lossy(&npm.stderr).trim()
            );
            PathBuf::from(String::from_utf8_lossy(&npm.stdout).trim())
                .join("vnu-jar/build/dist/vnu.jar")
        }
    };
    assert!(
        jar.is_file(),
        "the Nu Html Checker is not at {}: {HOW_TO_INSTALL}",
        jar.display()
    );
    jar
}

/// A page with a known error: proves that the checker really checked.
const CANARY: &str = "<!DOCTYPE html><html lang=en><head><title>canary</title></head>\
    <body><p><div></p></body></html>\n";

#[test]
fn every_page_is_valid_html() {
    let jar = nu_html_checker();
    let sites = Audience::BOTH.map(example);
    let canary = TempDir::new("vnu-canary");
    canary.write("canary.html", CANARY);

    // One JVM for everything; C1 only starts faster (2 s instead of 6 s), and
    // needs a bigger stack for the schema.
    let out = Command::new("java")
        .args(["-Xss4m", "-XX:TieredStopAtLevel=1", "-jar"])
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "json"])
        .args(sites.iter().map(|s| &s.out))
        .arg(&canary.0)
        .output()
        .expect("java runs");
    // The report goes to stderr.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: Value = serde_json::from_str(stderr.trim()).unwrap_or_else(|e| {
        panic!(
            "the Nu Html Checker did not print JSON ({e}), exit {:?}\nstdout:\n{}\nstderr:\n{stderr}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let messages = report["messages"]
        .as_array()
        .unwrap_or_else(|| panic!("no `messages` in the checker's JSON:\n{stderr}"));

    let mut canary_errors = 0;
    let mut errors = Vec::new();
    for m in messages {
        if m["type"] == "info" {
            continue;
        }
        let url = m["url"].as_str().unwrap_or("");
        let path = PathBuf::from(
            percent_decode(url.strip_prefix("file:").unwrap_or(url)).unwrap_or(url.into()),
        );
        if path.starts_with(&canary.0) {
            canary_errors += 1;
            continue;
        }
        let place = match sites.iter().find(|s| path.starts_with(&s.out)) {
            Some(s) => format!("{}: {}", s.audience.name(), rel_path(&s.out, &path)),
            None => url.to_string(),
        };
        errors.push(format!(
            "{place}:{}:{}: {}: {}\n    {}",
            m["lastLine"],
            m["firstColumn"]
                .as_u64()
                .or(m["lastColumn"].as_u64())
                .unwrap_or(0),
            m["type"].as_str().unwrap_or("?"),
            m["message"].as_str().unwrap_or("?"),
            m["extract"].as_str().unwrap_or("").replace('\n', "⏎"),
        ));
    }
    assert!(
        canary_errors > 0,
        "the checker found nothing wrong with a broken page, so it checked nothing:\n{stderr}"
    );
    assert!(
        errors.is_empty(),
        "{} HTML errors in the example site (Nu Html Checker):\n{}",
        errors.len(),
        errors.join("\n")
    );
}

// ---------------------------------------------------------------------------
// 2. Links

#[test]
fn every_internal_link_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for audience in Audience::BOTH {
        let site = example(audience);
        let pages = html_pages(&site.out);
        let ids: HashMap<String, HashSet<String>> = pages
            .iter()
            .map(|p| {
                let ids = elements(&p.doc)
                    .filter_map(|e| e.value().id().map(String::from))
                    .collect();
                (p.rel.clone(), ids)
            })
            .collect();
        for page in &pages {
            for el in elements(&page.doc) {
                for (attr, value) in el.value().attrs() {
                    if attr != "href" && attr != "src" {
                        continue;
                    }
                    checked += 1;
                    if let Err(why) = check_link(&site.out, &page.rel, value, &ids) {
                        broken.push(format!(
                            "{}: {}: {attr}=\"{value}\" on <{}>: {why}",
                            audience.name(),
                            page.rel,
                            el.value().name()
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} links: is the site empty?");
    broken.dedup();
    assert!(
        broken.is_empty(),
        "{} broken links (of {checked}):\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn the_link_checker_resolves_like_a_browser() {
    assert_eq!(resolve("reports/x", "../../").unwrap(), "index.html");
    assert_eq!(resolve("reports/x", "..").unwrap(), "reports/index.html");
    assert_eq!(
        resolve("reports/x", "a%20b.txt").unwrap(),
        "reports/x/a b.txt"
    );
    assert_eq!(resolve("", "tags/db/").unwrap(), "tags/db/index.html");
    assert!(resolve("reports", "../../x").is_err());
    assert_eq!(scheme("JavaScript:x"), Some("JavaScript"));
    assert_eq!(scheme("a/b:c"), None);
    assert_eq!(scheme("../x"), None);
}

// ---------------------------------------------------------------------------
// 3. Script from reports is inert

/// What tests/fixtures/build-xss puts in every field of its reports.
const ATTACKS: [&str; 7] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[y](JAVASCRIPT:alert(1))",
    "<a href=\"javascript:alert(1)\">z</a>",
    "<iframe src=\"https://evil.example/frame\"></iframe>",
];

/// Elements that must not come from a report. Templates may use some of
/// them (a chart is an `<svg>`), so they are counted against a twin of the
/// fixture with no markup at all in it: the same site, the same pages.
const FOREIGN: &[&str] = &[
    "iframe", "frame", "frameset", "svg", "math", "object", "embed", "applet", "base", "form",
    "style", "link", "meta",
];

/// Attributes holding a URL that a browser may navigate to or load.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "background",
    "data",
    "cite",
    "ping",
    "srcset",
];

fn runs_code(url: &str) -> bool {
    let url: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:text/html"]
        .iter()
        .any(|p| url.starts_with(p))
}

/// Text a reader sees: the body's text nodes outside script, style and
/// template.
fn visible_text(doc: &Html) -> String {
    let mut text = String::new();
    for node in doc.tree.nodes() {
        let Node::Text(t) = node.value() else {
            continue;
        };
        let mut in_body = false;
        let mut hidden = false;
        for a in node.ancestors() {
            if let Node::Element(e) = a.value() {
                match e.name() {
                    "body" => in_body = true,
                    "script" | "style" | "template" | "noscript" => hidden = true,
                    _ => {}
                }
            }
        }
        if in_body && !hidden {
            text.push_str(t);
        }
    }
    text
}

/// Copies a site, passing each file's text through `edit(relative path, text)`.
fn copy_site(from: &Path, label: &str, edit: impl Fn(&str, String) -> String) -> TempDir {
    let to = TempDir::new(label);
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = rel_path(from, entry.path());
            let text = std::fs::read_to_string(entry.path()).unwrap();
            to.write(&rel, edit(&rel, text));
        }
    }
    to
}

/// Element name → number of such elements in the whole output.
fn count_elements(pages: &[Page]) -> BTreeMap<&'static str, usize> {
    let mut counts: BTreeMap<&str, usize> = FOREIGN.iter().map(|n| (*n, 0)).collect();
    for page in pages {
        for el in elements(&page.doc) {
            if let Some(n) = counts.get_mut(el.value().name()) {
                *n += 1;
            }
        }
    }
    counts
}

/// Everything wrong with the build of `site`, a copy of the XSS fixture
/// whose raw HTML is either escaped or, with `raw_html`, sanitised.
fn xss_problems(site: &Path, label: &str, raw_html: bool) -> Vec<String> {
    let check = run(bin()
        .arg("check")
        .arg(site)
        .args(["--today", TODAY, "--deny-warnings"]));
    assert_eq!(
        check.code, 0,
        "{label}: the fixture must be a valid site:\n{}{}",
        check.stdout, check.stderr
    );
    // The same site with no markup in its reports (every `<` made harmless,
    // headings cut before their markup so that the sections still count):
    // the elements the templates make, and no others.
    let key: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let twin = copy_site(site, &format!("{key}-twin"), |rel, text| {
        if !rel.starts_with("reports/") {
            return text;
        }
        text.lines()
            .map(|line| match line.strip_prefix('#') {
                Some(_) => line
                    .split(['<', '"'])
                    .next()
                    .unwrap()
                    .trim_end()
                    .to_string(),
                None => line.replace('<', "‹"),
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    let built = build(site, Audience::Internal, &key);
    let twin_built = build(&twin.0, Audience::Internal, &format!("{key}-twin-out"));
    let pages = html_pages(&built.out);
    let mut problems = Vec::new();

    let report_page = "reports/xss-everywhere/index.html";
    match pages.iter().find(|p| p.rel == report_page) {
        None => problems.push(format!("{label}: no page {report_page}")),
        Some(page) => {
            let text = visible_text(&page.doc);
            for attack in ATTACKS {
                if !text.contains(attack) {
                    problems.push(format!(
                        "{label}: {report_page}: `{attack}` is not shown as text (dropped, or turned into markup)"
                    ));
                }
            }
            // The body's `<img src=x onerror=…>`: text when escaped, a
            // harmless image when sanitised. Proves which mode was tested.
            let images = elements(&page.doc)
                .filter(|e| e.value().name() == "img" && e.value().attr("src") == Some("x"))
                .count();
            if raw_html != (images > 0) {
                problems.push(format!(
                    "{label}: {report_page}: {images} <img src=x> from the body: raw HTML was {}",
                    if raw_html {
                        "not let through"
                    } else {
                        "let through"
                    }
                ));
            }
        }
    }

    for page in &pages {
        for el in elements(&page.doc) {
            let name = el.value().name();
            let at = |what: &str| format!("{label}: {}: {what}: {}", page.rel, describe(el));
            if name == "script" {
                // Relative, or root-absolute on 404.html (see check_link).
                let inside_assets = el.value().attr("src").is_some_and(|src| {
                    let src = src.trim();
                    let target = match src.strip_prefix('/') {
                        Some(_) if src.starts_with("//") => None,
                        Some(from_root) => (page.rel == "404.html").then(|| resolve("", from_root)),
                        None => scheme(src)
                            .is_none()
                            .then(|| resolve(folder_of(&page.rel), src)),
                    };
                    target.is_some_and(|t| t.is_ok_and(|t| t.starts_with("assets/")))
                });
                if !inside_assets {
                    problems.push(at("a script that is not one of the site's assets"));
                }
            }
            for (attr, value) in el.value().attrs() {
                let attr = attr.to_ascii_lowercase();
                if attr.starts_with("on") {
                    problems.push(at(&format!("an event handler `{attr}`")));
                }
                let urls: Vec<&str> = if attr == "srcset" {
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .collect()
                } else if URL_ATTRIBUTES.contains(&attr.as_str()) {
                    vec![value]
                } else if name == "meta"
                    && attr == "content"
                    && el
                        .value()
                        .attr("http-equiv")
                        .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
                {
                    value.splitn(2, '=').skip(1).collect()
                } else {
                    vec![]
                };
                if urls.iter().any(|u| runs_code(u)) {
                    problems.push(at(&format!("`{attr}` runs code")));
                }
            }
        }
    }

    let counts = count_elements(&pages);
    let expected = count_elements(&html_pages(&twin_built.out));
    for (name, n) in &counts {
        if *n > expected[name] {
            problems.push(format!(
                "{label}: {n} <{name}> elements where the templates make {}; they are:",
                expected[name]
            ));
            for page in &pages {
                for el in elements(&page.doc).filter(|e| e.value().name() == *name) {
                    problems.push(format!("    {}: {}", page.rel, describe(el)));
                }
            }
        }
    }
    problems
}

#[test]
fn scripts_and_event_handlers_from_reports_are_inert() {
    let fixture = fixtures().join("build-xss");
    let escaped = copy_site(&fixture, "xss-escaped", |_, text| text);
    let sanitised = copy_site(&fixture, "xss-sanitised", |rel, text| {
        if rel == "retrospect.yaml" {
            assert!(!text.lines().any(|l| l.starts_with("allow_raw_html")));
            text + "allow_raw_html: true\n"
        } else {
            text
        }
    });
    let mut problems = xss_problems(&escaped.0, "raw HTML escaped", false);
    problems.extend(xss_problems(&sanitised.0, "allow_raw_html: true", true));
    assert!(
        problems.is_empty(),
        "{} ways for a report to run script:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------
// 4. Feeds and data files

/// Top-level `key: value` lines of a YAML file's front matter (or of the
/// whole file when it has none), enough for the flat keys read here.
fn top_level(yaml: &str) -> HashMap<String, String> {
    let body = yaml.strip_prefix("---\n").map_or(yaml, |rest| {
        rest.split_once("\n---").map_or(rest, |(front, _)| front)
    });
    body.lines()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']))
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| {
            let v = v.split(" #").next().unwrap_or("").trim();
            (
                k.trim().to_string(),
                v.trim_matches(['"', '\'']).to_string(),
            )
        })
        .collect()
}

/// How many example reports the feed of `audience` should hold: published
/// ones, and only public ones for the public audience.
fn expected_feed_entries(audience: Audience) -> usize {
    let site = example_site();
    let config = top_level(&std::fs::read_to_string(site.join("retrospect.yaml")).unwrap());
    let default_visibility = config
        .get("default_visibility")
        .map_or("internal", String::as_str);
    walkdir::WalkDir::new(site.join("reports"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            e.file_type().is_file() && name.ends_with(".md") && !name.starts_with(['_', '.'])
        })
        .filter(|e| {
            let text = std::fs::read_to_string(e.path())
                .unwrap()
                .replace("\r\n", "\n");
            let front = top_level(text.trim_start_matches('\u{feff}'));
            let visibility = front
                .get("visibility")
                .map_or(default_visibility, String::as_str);
            front.get("status").map(String::as_str) == Some("published")
                && (audience == Audience::Internal || visibility == "public")
        })
        .count()
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel))
        .unwrap_or_else(|e| panic!("cannot read {rel} of the output: {e}"))
}

/// The events of an iCalendar file, each as its unfolded content lines.
fn ics_events(ics: &str) -> Vec<Vec<String>> {
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "actions.ics must end its lines with CRLF (RFC 5545)"
    );
    let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
    let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"), "{ics}");
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"), "{ics}");
    let mut events = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in lines {
        match line {
            "BEGIN:VEVENT" => {
                assert!(current.is_none(), "nested VEVENT");
                current = Some(Vec::new());
            }
            "END:VEVENT" => events.push(current.take().expect("END:VEVENT without BEGIN")),
            _ => {
                if let Some(event) = current.as_mut() {
                    event.push(line.to_string());
                }
            }
        }
    }
    assert!(current.is_none(), "unclosed VEVENT");
    events
}

/// The value of property `name` (`UID`, `DTSTART`...) of an event.
fn property<'a>(event: &'a [String], name: &str) -> Vec<&'a str> {
    event
        .iter()
        .filter(|l| {
            l.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with([':', ';']))
        })
        .filter_map(|l| l.split_once(':').map(|(_, v)| v))
        .collect()
}

/// `<loc>` values of a sitemap.
fn sitemap_locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .map(|rest| {
            rest.split_once("</loc>")
                .expect("every <loc> is closed")
                .0
                .trim()
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn feeds_and_data_files_parse_and_agree() {
    let config =
        top_level(&std::fs::read_to_string(example_site().join("retrospect.yaml")).unwrap());
    for audience in Audience::BOTH {
        let site = example(audience);
        let out = &site.out;
        let who = audience.name();
        let base_url = match audience {
            Audience::Internal => config["base_url"].clone(),
            Audience::Public => PUBLIC_BASE_URL.to_string(),
        };
        let page_exists = |url: &str, what: &str| {
            let rel = url
                .strip_prefix(&base_url)
                .unwrap_or_else(|| panic!("{who}: {what} `{url}` is not under {base_url}"));
            let target = resolve("", rel).unwrap();
            assert!(
                out.join(&target).is_file(),
                "{who}: {what} `{url}` has no page {target}"
            );
        };

        // reports.json
        let reports: Value = serde_json::from_str(&read(out, "reports.json"))
            .unwrap_or_else(|e| panic!("{who}: reports.json is not JSON: {e}"));
        let reports = reports["reports"]
            .as_array()
            .unwrap_or_else(|| panic!("{who}: reports.json has no `reports` list"));
        for r in reports {
            let url = r["url"].as_str().expect("each report has a url");
            page_exists(&format!("{base_url}{url}"), "reports.json url");
        }
        let published = reports
            .iter()
            .filter(|r| r["status"] == "published")
            .count();
        assert_eq!(
            published,
            expected_feed_entries(audience),
            "{who}: published reports in reports.json"
        );

        // feed.xml
        let feed = atom_syndication::Feed::read_from(std::io::BufReader::new(
            std::fs::File::open(out.join("feed.xml")).unwrap(),
        ))
        .unwrap_or_else(|e| panic!("{who}: feed.xml is not an Atom feed: {e}"));
        assert_eq!(
            feed.entries().len(),
            published,
            "{who}: one feed entry per published report"
        );
        let mut entry_ids = HashSet::new();
        for entry in feed.entries() {
            assert!(
                entry_ids.insert(entry.id()),
                "{who}: feed entry id {} twice",
                entry.id()
            );
            let link = entry
                .links()
                .iter()
                .find(|l| l.rel() == "alternate")
                .unwrap_or_else(|| panic!("{who}: feed entry {} has no link", entry.id()));
            page_exists(link.href(), "feed entry link");
        }

        // actions.json and actions.csv
        let actions: Value = serde_json::from_str(&read(out, "actions.json"))
            .unwrap_or_else(|e| panic!("{who}: actions.json is not JSON: {e}"));
        let actions = actions["actions"]
            .as_array()
            .unwrap_or_else(|| panic!("{who}: actions.json has no `actions` list"));
        assert!(!actions.is_empty(), "{who}: no actions");
        let mut csv = csv::Reader::from_path(out.join("actions.csv")).unwrap();
        let header = csv.headers().expect("actions.csv has a header").clone();
        assert!(!header.is_empty());
        let rows: Vec<csv::StringRecord> = csv
            .records()
            .map(|r| r.unwrap_or_else(|e| panic!("{who}: actions.csv: {e}")))
            .collect();
        assert_eq!(
            actions.len(),
            rows.len(),
            "{who}: actions in actions.json and rows in actions.csv"
        );

        // actions.ics: one event per open or in-progress action with a due date.
        let mut due: Vec<String> = actions
            .iter()
            .filter(|a| matches!(a["status"].as_str(), Some("open" | "in-progress")))
            .filter_map(|a| a["due"].as_str())
            .map(|d| d.replace('-', ""))
            .collect();
        let events = ics_events(&read(out, "actions.ics"));
        assert_eq!(
            events.len(),
            due.len(),
            "{who}: one VEVENT per open or in-progress action with a due date"
        );
        let mut uids = HashSet::new();
        let mut starts = Vec::new();
        for event in &events {
            let uid = property(event, "UID");
            assert_eq!(uid.len(), 1, "{who}: one UID per event: {event:?}");
            assert!(uids.insert(uid[0]), "{who}: UID {} twice", uid[0]);
            starts.extend(property(event, "DTSTART").iter().map(|s| s.to_string()));
        }
        due.sort();
        starts.sort();
        assert_eq!(starts, due, "{who}: the events' dates are the due dates");

        // robots.txt and sitemap.xml
        let robots = read(out, "robots.txt");
        let lines: Vec<&str> = robots.lines().map(str::trim).collect();
        let disallows_all = lines.contains(&"User-agent: *") && lines.contains(&"Disallow: /");
        match audience {
            Audience::Internal => {
                assert!(
                    disallows_all,
                    "internal robots.txt must disallow all:\n{robots}"
                );
                assert!(
                    !out.join("sitemap.xml").exists(),
                    "the internal site must have no sitemap.xml"
                );
            }
            Audience::Public => {
                assert!(!disallows_all, "public robots.txt disallows all:\n{robots}");
                let sitemap = read(out, "sitemap.xml");
                let locs = sitemap_locs(&sitemap);
                let listed: BTreeSet<&str> = locs.iter().map(String::as_str).collect();
                assert_eq!(listed.len(), locs.len(), "a URL twice in sitemap.xml");
                let pages: BTreeSet<String> = html_pages(out)
                    .iter()
                    .filter_map(|p| p.rel.strip_suffix("index.html").map(String::from))
                    .map(|dir| format!("{PUBLIC_BASE_URL}{dir}"))
                    .collect();
                let pages: BTreeSet<&str> = pages.iter().map(String::as_str).collect();
                let missing: Vec<_> = pages.difference(&listed).collect();
                let extra: Vec<_> = listed.difference(&pages).collect();
                assert!(
                    missing.is_empty() && extra.is_empty(),
                    "sitemap.xml should list every page at {PUBLIC_BASE_URL}:\nmissing {missing:#?}\nnot pages {extra:#?}"
                );
            }
        }
    }
}

/// Every page of the internal site tells search engines to stay away
/// (`<meta name="robots" content="noindex">` in its head), as robots.txt
/// does; no page of the public site does, but the 404 page.
#[test]
fn internal_pages_carry_noindex_and_public_pages_do_not() {
    let robots = scraper::Selector::parse(r#"head > meta[name="robots"]"#).unwrap();
    let mut problems = Vec::new();
    for audience in Audience::BOTH {
        let site = example(audience);
        let pages = html_pages(&site.out);
        // Every kind of page: reports, lists, actions, search, 404.
        for kind in ["reports/", "tags/", "actions/", "search/", "404.html"] {
            assert!(
                pages.iter().any(|p| p.rel.starts_with(kind)),
                "{}: no page under {kind}",
                audience.name()
            );
        }
        for page in &pages {
            let noindex = page
                .doc
                .select(&robots)
                .filter_map(|m| m.value().attr("content"))
                .any(|c| {
                    c.split(',')
                        .any(|d| d.trim().eq_ignore_ascii_case("noindex"))
                });
            let expected = audience == Audience::Internal || page.rel == "404.html";
            if noindex != expected {
                problems.push(format!(
                    "{}: {}: {}",
                    audience.name(),
                    page.rel,
                    if expected {
                        "no noindex"
                    } else {
                        "noindex on a public page"
                    }
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn search_is_built_unless_left_out() {
    let built = example(Audience::Internal);
    let out = &built.out;
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "search/index.html",
    ] {
        assert!(out.join(file).is_file(), "the build has no {file}");
    }
    let entry: Value =
        serde_json::from_slice(&std::fs::read(out.join("pagefind/pagefind-entry.json")).unwrap())
            .unwrap();
    let reports = std::fs::read_dir(out.join("reports"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .count();
    assert_eq!(
        entry["languages"]["en"]["page_count"], reports,
        "the index does not have one record per report page: {entry}"
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains(r#"action="search/""#),
        "no search box in the header"
    );
    // The search page starts downloading Pagefind's script and WebAssembly
    // with the page; a preload of a file that is not there would download
    // nothing useful, and the browser would warn.
    let page = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("search/index.html")).unwrap(),
    );
    let selector =
        scraper::Selector::parse(r#"link[rel="preload"], link[rel="modulepreload"]"#).unwrap();
    let preloads: Vec<&str> = page
        .select(&selector)
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(preloads.len(), 2, "{preloads:?}");
    for href in preloads {
        let file = out.join("search").join(href);
        assert!(
            file.is_file(),
            "the search page preloads {href}, which is not there"
        );
    }

    let dir = TempDir::new("no-search");
    let r = run(bin()
        .arg("build")
        .arg(example_site())
        .arg("--out")
        .arg(dir.0.join("site"))
        .args(["--today", TODAY, "--no-search"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let out = dir.0.join("site");
    assert!(!out.join("pagefind").exists() && !out.join("search").exists());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("site-search"), "a search box without search");
}
