//! The data files as their standards say: the Atom feed's author and
//! summaries, actions.ics read back by a calendar parser, and the Open Graph
//! and Twitter card tags of the pages.

use crate::support::{TempDir, VALID_REPORT, bin, run};
use std::path::Path;

const BASE: &str = "https://status.example.com/incidents/";

/// A public site of one report whose summary has Markdown in it, built
/// with an absolute address into `out`.
fn public_site(label: &str) -> TempDir {
    let site = TempDir::new(label);
    site.write("retrospect.yaml", "title: Example Ops\n");
    site.write(
        "reports/2025-03-14-cache.md",
        VALID_REPORT.replace(
            "summary: Checkout was slow for 40 minutes while the cache refilled.",
            "summary: \"Checkout was slow while `cache-warm` *refilled* the cache.\"",
        ),
    );
    let out = run(bin().arg("build").arg(&site.0).args([
        "--audience",
        "public",
        "--base-url",
        BASE,
        "--today",
        "2026-01-15",
        "--no-search",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    site
}

fn read(site: &TempDir, rel: &str) -> String {
    std::fs::read_to_string(site.0.join("public").join(rel)).unwrap()
}

#[test]
fn the_feed_has_an_author_and_summaries_rendered_from_markdown() {
    let site = public_site("data-feed");
    let xml = read(&site, "feed.xml");
    let feed = atom_syndication::Feed::read_from(xml.as_bytes()).unwrap();
    // Atom (RFC 4287 4.1.1): a feed without an author in every entry has one.
    assert_eq!(feed.authors().len(), 1, "{xml}");
    assert_eq!(feed.authors()[0].name(), "Example Ops");
    assert_eq!(feed.authors()[0].uri(), Some(BASE));
    let summary = feed.entries()[0].summary().expect("a summary");
    assert_eq!(summary.r#type, atom_syndication::TextType::Html, "{xml}");
    assert_eq!(
        summary.value,
        "Checkout was slow while <code>cache-warm</code> <em>refilled</em> the cache."
    );
    assert!(!summary.value.contains('`'), "{xml}");
}

#[test]
fn actions_ics_reads_back_with_a_url_and_a_stable_uid_per_action() {
    let site = public_site("data-ics");
    let text = read(&site, "actions.ics");
    let mut parser = ical::IcalParser::new(text.as_bytes());
    let calendar = parser
        .next()
        .expect("one calendar")
        .unwrap_or_else(|e| panic!("{e}:\n{text}"));
    assert!(parser.next().is_none());
    assert_eq!(calendar.events.len(), 1, "{text}");
    let event = &calendar.events[0];
    let value = |name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_else(|| panic!("no {name}:\n{text}"))
    };
    // RFC 5545: UID and DTSTAMP are required; a date-only DTSTART.
    assert_eq!(value("UID"), "cache-A1@status.example.com");
    assert_eq!(value("DTSTAMP"), "20260115T000000Z");
    assert_eq!(value("DTSTART"), "20260630");
    assert_eq!(value("TRANSP"), "TRANSPARENT");
    assert!(value("SUMMARY").starts_with("Stagger cache restarts in upgrades"));
    let url = value("URL");
    assert_eq!(url, format!("{BASE}reports/cache/"));
    let page = url.strip_prefix(BASE).unwrap();
    assert!(
        site.0
            .join("public")
            .join(page)
            .join("index.html")
            .is_file()
    );
    // The same input gives the same calendar, UIDs included.
    let again = public_site("data-ics-again");
    assert_eq!(read(&again, "actions.ics"), text);
}

#[test]
fn pages_carry_open_graph_and_twitter_card_tags() {
    let site = public_site("data-og");
    let html = read(&site, "reports/cache/index.html");
    let doc = scraper::Html::parse_document(&html);
    let meta = |attr: &str, name: &str| {
        let selector = scraper::Selector::parse(&format!("meta[{attr}=\"{name}\"]")).unwrap();
        let found: Vec<_> = doc.select(&selector).collect();
        assert_eq!(found.len(), 1, "one {name}:\n{html}");
        found[0].value().attr("content").unwrap().to_string()
    };
    assert_eq!(
        meta("property", "og:title"),
        "Checkout latency after a cache eviction storm"
    );
    assert_eq!(meta("property", "og:type"), "article");
    assert_eq!(meta("property", "og:site_name"), "Example Ops");
    assert_eq!(meta("property", "og:url"), format!("{BASE}reports/cache/"));
    let description = "Checkout was slow while cache-warm refilled the cache.";
    assert_eq!(meta("property", "og:description"), description);
    assert_eq!(meta("name", "twitter:card"), "summary");
    assert_eq!(
        meta("name", "twitter:title"),
        "Checkout latency after a cache eviction storm"
    );
    assert_eq!(meta("name", "twitter:description"), description);

    // Other pages: the site's name and address, no article.
    let home = read(&site, "index.html");
    assert!(
        home.contains("<meta property=\"og:type\" content=\"website\">"),
        "{home}"
    );
    assert!(
        home.contains(&format!("<meta property=\"og:url\" content=\"{BASE}\">")),
        "{home}"
    );
    // Without an absolute address there is no og:url (no canonical URL).
    let internal = TempDir::new("data-og-internal");
    internal.write("reports/2025-03-14-cache.md", VALID_REPORT);
    let out =
        run(bin()
            .arg("build")
            .arg(&internal.0)
            .args(["--today", "2026-01-15", "--no-search"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page =
        std::fs::read_to_string(Path::new(&internal.0).join("public/reports/cache/index.html"))
            .unwrap();
    assert!(page.contains("property=\"og:title\""), "{page}");
    assert!(!page.contains("og:url"), "{page}");
}
