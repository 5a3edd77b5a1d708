//! Every place the report format keeps from the public audience, each with
//! a canary of its own: a word that appears in that place and nowhere else.
//! No byte of the public build, nor anything `serve --audience public`
//! answers, may hold one (file names and compressed search files
//! included), while the internal build shows each canary that it shows by
//! design, which proves the canary is really in its place.
//!
//! Canaries are single words of letters and a digit (`LEAKDRAFTBODY9`):
//! Pagefind's word index splits words at hyphens and stems endings, and a
//! canary must survive both to be found there.

use crate::leak::{build, contains, files};
use crate::serve::Server;
use crate::support::{TempDir, bin, git_commit, git_init, run};
use std::collections::{BTreeMap, BTreeSet};

/// A word placed in one internal-only place.
struct Canary {
    word: String,
    place: String,
    /// Whether the internal build shows it (people's handles, for one, are
    /// shown as names; an unused person of the people map is shown nowhere).
    internal: bool,
}

fn canary(word: &str, place: &str, internal: bool) -> Canary {
    Canary {
        word: word.to_string(),
        place: place.to_string(),
        internal,
    }
}

/// Reports kept from the public, one per reason, with their report dates
/// (each in a year no other report has: years are pages too).
const HIDDEN: [(&str, &str, &str); 4] = [
    (
        "INTERNAL",
        "status: published\nvisibility: internal\n",
        "2016-02-29",
    ),
    ("DEFAULT", "status: published\n", "2008-02-29"),
    ("DRAFT", "status: draft\nvisibility: public\n", "2004-02-29"),
    (
        "REVIEW",
        "status: in-review\nvisibility: public\n",
        "2000-02-29",
    ),
];

/// When the hidden reports and the public ones were last committed.
const HIDDEN_COMMIT: &str = "2011-11-11T11:11:11+00:00";
const PUBLIC_COMMIT: &str = "2012-12-12T12:12:12+00:00";

/// The text of one report; every field a parameter.
struct Report<'a> {
    title: &'a str,
    id: &'a str,
    slug: &'a str,
    date: &'a str,
    /// `status:` and `visibility:` lines.
    hide: &'a str,
    summary: &'a str,
    service: &'a str,
    tag: &'a str,
    authors: &'a str,
    lead: &'a str,
    impact: &'a str,
    timeline: &'a str,
    recommendation: &'a str,
    /// `(title, owner)` of each action.
    actions: &'a [(&'a str, &'a str)],
    related: &'a str,
    attendees: &'a str,
    review_notes: &'a str,
    /// `internal_notes:` line, or nothing.
    notes: &'a str,
    body: &'a str,
}

impl Report<'_> {
    fn text(&self) -> String {
        let actions: String = self
            .actions
            .iter()
            .map(|(title, owner)| {
                format!("  - title: {title}\n    owner: {owner}\n    due: 2026-06-30\n")
            })
            .collect();
        format!(
            "---\ntitle: {title}\nid: {id}\nslug: {slug}\ndate: {date}\ntimezone: Europe/London\n\
             severity: major\n{hide}summary: {summary}\nservices: [checkout, {service}]\n\
             tags: [cache, {tag}]\nauthors: [{authors}]\nlead: {lead}\nstarted: \"09:00\"\n\
             detected: \"09:05\"\nmitigated: \"09:30\"\nresolved: \"09:40\"\nimpact:\n  \
             summary: {impact}\n  users: about 3,000\n  data_loss: false\ntimeline:\n  - at: \"09:00\"\n    \
             event: {timeline}\n  - at: \"09:05\"\n    event: Latency alert fired.\n  - at: \"09:30\"\n    \
             event: Traffic shifted to the warm region.\nrecommendations:\n  - {recommendation}\n\
             actions:\n{actions}related: [{related}]\nreview:\n  date: {date}\n  attendees: [{attendees}]\n  \
             notes: {review_notes}\n{notes}---\n## What happened\n\n{body}\n\n## Contributing factors\n\n\
             The upgrade restarted all nodes at once.\n\n## Lessons learned\n\nRestarts need a budget.\n",
            title = self.title,
            id = self.id,
            slug = self.slug,
            date = self.date,
            hide = self.hide,
            summary = self.summary,
            service = self.service,
            tag = self.tag,
            authors = self.authors,
            lead = self.lead,
            impact = self.impact,
            timeline = self.timeline,
            recommendation = self.recommendation,
            related = self.related,
            attendees = self.attendees,
            review_notes = self.review_notes,
            notes = self.notes,
            body = self.body,
        )
    }
}

/// A site (a git repository of its own) with a canary in every place the
/// format keeps from the public, and the canaries.
fn leak_site() -> (TempDir, Vec<Canary>) {
    let site = TempDir::new("canaries");
    let mut canaries = Vec::new();
    site.write(
        "retrospect.yaml",
        "title: Canaries\npeople:\n\
         \x20 sam: {name: Leaknamesam9, team: payments}\n\
         \x20 jo: {name: Leaknamejo9}\n\
         \x20 leakauthormapped9: {name: Leaknameauthor9, team: payments}\n\
         \x20 leakleadmapped9: {name: Leaknamelead9}\n\
         \x20 leakattendeemapped9: {name: Leaknameattendee9}\n\
         \x20 leakownermapped9: {name: Leaknameowner9, team: payments}\n\
         \x20 leakhiddenowner9: {name: Leaknamehiddenowner9, team: leakteamhidden9}\n\
         \x20 leakunused9: {name: Leaknameunused9, team: leakteamunused9}\n\
         incident_kinds:\n  - {name: leakkindinternal9}\n\
         factor_categories:\n  - {name: leakfactorinternal9}\n",
    );
    for (word, place, internal) in [
        ("Leaknamesam9", "a lead's and an owner's name", true),
        ("Leaknamejo9", "an author's and an attendee's name", true),
        ("leakauthormapped9", "an author's handle", false),
        ("Leaknameauthor9", "an author's name", true),
        ("leakauthorraw9", "an author's handle, not in people", true),
        ("leakleadmapped9", "a lead's handle", false),
        ("Leaknamelead9", "a lead's name", true),
        ("leakleadraw9", "a lead's handle, not in people", true),
        ("leakattendeemapped9", "a review attendee's handle", false),
        ("Leaknameattendee9", "a review attendee's name", true),
        (
            "leakattendeeraw9",
            "a review attendee's handle, not in people",
            true,
        ),
        ("leakownermapped9", "an action owner's handle", false),
        ("Leaknameowner9", "an action owner's name", true),
        (
            "leakownerraw9",
            "an action owner's handle, not in people",
            true,
        ),
        (
            "leakhiddenowner9",
            "the handle of an owner in hidden reports only",
            false,
        ),
        (
            "Leaknamehiddenowner9",
            "the name of an owner in hidden reports only",
            true,
        ),
        (
            "leakteamhidden9",
            "the team of an owner in hidden reports only",
            false,
        ),
        (
            "leakunused9",
            "a handle in people that no report names",
            false,
        ),
        (
            "Leaknameunused9",
            "a name in people that no report names",
            false,
        ),
        (
            "leakteamunused9",
            "a team in people that no report names",
            false,
        ),
        ("LEAKPASSAGE9", "an internal passage", true),
        ("LEAKNOTES9", "internal_notes", true),
        (
            "LEAKPASSAGEATTACHMENT9",
            "an attachment linked only from an internal passage",
            true,
        ),
        (
            "leakpassagefile9",
            "the name of an attachment linked only from an internal passage",
            true,
        ),
        ("2011-11-11", "the git date of the hidden reports", true),
        // The practice (issue 16).
        ("leakrolehandle9", "a role's person", true),
        ("LEAKINTERNALUPDATE9", "an update sent inside", true),
        ("leakupdateauthor9", "who sent an update", true),
        ("LEAKAFFECTEDGROUP9", "an affected group", true),
        ("leakaffectedclient9", "an affected client", true),
        ("leakinvestigator9", "an investigation's owner", true),
        (
            "leakkindinternal9",
            "a kind of incident only a hidden report has",
            true,
        ),
        (
            "leakfactorinternal9",
            "a category of contributing factor only a hidden report has",
            true,
        ),
        (
            "leakfactortext9",
            "the description of a hidden report's contributing factor",
            true,
        ),
        (
            "11 November 2011",
            "the git date of the hidden reports, as shown",
            true,
        ),
    ] {
        canaries.push(canary(word, place, internal));
    }

    // The public reports: their internal parts must go, and `related`
    // must name only the public one of the reports it lists.
    let public = Report {
        title: "Public incident",
        id: "INC-1",
        slug: "public",
        date: "2025-03-14",
        hide: "status: published\nvisibility: public\n",
        summary: "Checkout was slow while the cache refilled.",
        service: "payments-api",
        tag: "latency",
        authors: "leakauthorraw9, leakauthormapped9, jo",
        lead: "leakleadraw9",
        impact: "One in five checkouts took longer than ten seconds.",
        timeline: "Cache nodes restarted by the platform upgrade.",
        recommendation: "Warm caches before moving traffic.",
        actions: &[
            ("Stagger cache restarts", "leakownerraw9"),
            ("Budget the restarts", "leakownermapped9"),
            ("Alert on cold caches", "sam"),
        ],
        related: "LEAKIDINTERNAL9, leakslugdraft9, INC-2",
        attendees: "leakattendeeraw9, leakattendeemapped9, jo",
        review_notes: "Blameless review, 45 minutes.",
        notes: "internal_notes: LEAKNOTES9 in the notes.\n",
        body: "Public text stays, PUBLICWORD9.\n\n<!-- internal -->\n\
               LEAKPASSAGE9 in a passage, with [the log](leakpassagefile9.txt).\n\
               <!-- /internal -->",
    };
    // The practice's internal parts (issue 16): who held a role, who sent
    // an update and what was said inside, who was affected, who
    // investigates; the first occurrence is a hidden report.
    let practice = "roles:\n  - {role: comms, person: leakrolehandle9}\n\
        communications:\n\
        \x20 - {at: \"09:10\", audience: internal, channel: chat, summary: LEAKINTERNALUPDATE9 said inside}\n\
        \x20 - {at: \"09:20\", audience: clients, channel: email, summary: Public update stays, by: leakupdateauthor9}\n\
        investigations:\n  - {question: Why so slow?, owner: leakinvestigator9}\n\
        recurrence_of: LEAKIDINTERNAL9\n";
    site.write(
        "reports/2025-03-14-public.md",
        public
            .text()
            .replace("related:", &format!("{practice}related:"))
            .replace(
                "  data_loss: false\n",
                "  data_loss: false\n  affected: [LEAKAFFECTEDGROUP9, {name: leakaffectedclient9, kind: clients}]\n",
            ),
    );
    site.write(
        "reports/leakpassagefile9.txt",
        "LEAKPASSAGEATTACHMENT9 in a file only an internal passage links to\n",
    );
    let second = Report {
        title: "Second public incident",
        id: "INC-2",
        slug: "public-two",
        date: "2025-04-01",
        lead: "leakleadmapped9",
        authors: "jo",
        attendees: "jo",
        actions: &[("Page the right team", "sam")],
        related: "",
        notes: "",
        body: "More public text.",
        ..public
    };
    site.write("reports/2025-04-01-public-two.md", second.text());

    let mut hidden_files = Vec::new();
    for (kind, hide, date) in HIDDEN {
        let k = kind.to_lowercase();
        let word = |place: &str| format!("LEAK{kind}{place}9");
        let (title, summary, body, timeline, action, recommendation, impact, review) = (
            word("TITLE"),
            word("SUMMARY"),
            word("BODY"),
            word("TIMELINE"),
            word("ACTION"),
            word("RECOMMENDATION"),
            word("IMPACT"),
            word("REVIEWNOTES"),
        );
        let id = format!("LEAKID{kind}9");
        let (slug, service, tag, file) = (
            format!("leakslug{k}9"),
            format!("leakservice{k}9"),
            format!("leaktag{k}9"),
            format!("leakfile{k}9"),
        );
        let attachment = word("ATTACHMENT");
        let shown_date = format!("29 February {}", &date[..4]);
        let body_text = format!("{body} in the body, with [a log]({file}.txt).");
        let report = Report {
            title: &title,
            id: &id,
            slug: &slug,
            date,
            hide,
            summary: &summary,
            service: &service,
            tag: &tag,
            authors: "jo",
            lead: "sam",
            impact: &impact,
            timeline: &timeline,
            recommendation: &recommendation,
            actions: &[(&action, "leakhiddenowner9")],
            related: "INC-1",
            attendees: "jo",
            review_notes: &review,
            notes: "",
            body: &body_text,
        };
        let name = format!("reports/{date}-{k}.md");
        let kind_line = if kind == "INTERNAL" {
            "severity: major\nkind: leakkindinternal9\nfactors:\n  - {category: leakfactorinternal9, description: leakfactortext9}\n"
        } else {
            "severity: major\n"
        };
        site.write(&name, report.text().replace("severity: major\n", kind_line));
        site.write(
            &format!("reports/{file}.txt"),
            format!("{attachment} in a file only a hidden report links to\n"),
        );
        hidden_files.push(name);
        hidden_files.push(format!("reports/{file}.txt"));
        let of = |what: &str| format!("the {what} of a report that is {}", kind.to_lowercase());
        for (word, place) in [
            (title, of("title")),
            (id, of("id")),
            (slug, of("slug")),
            (summary, of("summary")),
            (body, of("body")),
            (timeline, of("timeline")),
            (action, of("action's title")),
            (recommendation, of("recommendation")),
            (impact, of("impact")),
            (review, of("review notes")),
            (service, of("service (its only report)")),
            (tag, of("tag (its only report)")),
            (attachment, of("attachment")),
            (file, of("attachment's file name")),
            (date.to_string(), of("date")),
            (shown_date, of("date, as shown")),
        ] {
            canaries.push(canary(&word, &place, true));
        }
    }
    canaries.push(canary(
        "Leakcommitauthor9",
        "the author of a public report's commit (action history)",
        true,
    ));
    canaries.push(canary(
        "Leakcommitmessage9",
        "the message of a public report's commit (action history)",
        true,
    ));

    git_init(&site.0);
    let hidden: Vec<&str> = hidden_files.iter().map(String::as_str).collect();
    git_commit(&site.0, &hidden, HIDDEN_COMMIT, "Hidden reports");
    // The public reports' history: its dates are public, the commit that
    // made it (its author and message) is not.
    crate::support::git(
        &site.0,
        &[
            "add",
            "--",
            "retrospect.yaml",
            "reports/2025-03-14-public.md",
            "reports/2025-04-01-public-two.md",
            "reports/leakpassagefile9.txt",
        ],
        PUBLIC_COMMIT,
    );
    crate::support::git(
        &site.0,
        &[
            "commit",
            "--quiet",
            "--no-verify",
            "--no-gpg-sign",
            "--author",
            "Leakcommitauthor9 <leak@retrospect.invalid>",
            "-m",
            "Public reports, Leakcommitmessage9",
        ],
        PUBLIC_COMMIT,
    );
    let check = run(bin()
        .arg("check")
        .arg(&site.0)
        .args(["--today", "2026-01-15"]));
    assert_eq!(
        check.code, 0,
        "the fixture must be valid:\n{}",
        check.stdout
    );
    (site, canaries)
}

/// The years of the hidden reports, which must not be a page of the
/// public site (as `years/2016/`): a path segment, not text, since a
/// year's digits may occur by chance in the search index's hashes.
fn hidden_years() -> Vec<&'static str> {
    HIDDEN.iter().map(|(_, _, date)| &date[..4]).collect()
}

/// Every canary found in `(path, bytes)`, as "WORD (PLACE) in PATH".
fn leaks<'a>(
    canaries: &[Canary],
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in files {
        for c in canaries {
            if contains(bytes, &c.word) || contains(path.as_bytes(), &c.word) {
                found.push(format!("{} ({}) in {path}", c.word, c.place));
            }
        }
        if !path.starts_with("pagefind/") {
            for year in hidden_years() {
                if path.split('/').any(|segment| segment == year) {
                    found.push(format!(
                        "the year {year} of a hidden report, as the page {path}"
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn the_public_build_leaks_nothing_internal() {
    let (site, canaries) = leak_site();
    let public = site.0.join("out-public");
    let out = build(&site.0, &public, "public");
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let public_files = files(&public);
    let found = leaks(
        &canaries,
        public_files.iter().map(|(p, b)| (p.as_str(), b.as_slice())),
    );
    assert!(
        found.is_empty(),
        "the public build leaks:\n{}",
        found.join("\n")
    );

    // The report pages are those of the two public reports, and no other.
    let pages: BTreeSet<&str> = public_files
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| p.starts_with("reports/") && p.ends_with("/index.html"))
        .collect();
    assert_eq!(
        pages,
        BTreeSet::from(["reports/public-two/index.html", "reports/public/index.html"])
    );
    // The practice's public parts are shown, so their internal parts were
    // next to them when they were removed.
    let page = &public_files
        .iter()
        .find(|(p, _)| p == "reports/public/index.html")
        .unwrap()
        .1;
    for shown in ["Public update stays", "Why so slow?"] {
        assert!(contains(page, shown), "the public page lacks {shown:?}");
    }
    // The search index is part of what was searched above, and this test
    // reads it: its fragments (the text) and its word index (words).
    let text_of = |prefix: &str| -> Vec<u8> {
        public_files
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .flat_map(|(_, b)| b.clone())
            .collect()
    };
    assert!(
        contains(&text_of("pagefind/fragment/"), "Public text stays"),
        "the search index's text is not readable by this test"
    );
    assert!(
        contains(&text_of("pagefind/index/"), "publicword9"),
        "the search index's words are not readable by this test"
    );
    // What the public may see is there: the public text, `related` naming
    // the public report, owners as their team or "a team member", and the
    // public reports' git date.
    let page = |slug: &str| {
        let path = format!("reports/{slug}/index.html");
        public_files
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, b)| b.clone())
            .unwrap_or_else(|| panic!("no {path}"))
    };
    let report = page("public");
    for expected in [
        "Public text stays",
        "payments",
        "a team member",
        "reports/public-two/",
        "2012-12-12",
    ] {
        assert!(
            contains(&report, expected),
            "the public report's page lacks {expected:?}"
        );
    }

    // The internal build shows every canary it shows by design.
    let internal = site.0.join("out-internal");
    let out = build(&site.0, &internal, "internal");
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let internal_files = files(&internal);
    let missing: Vec<String> = canaries
        .iter()
        .filter(|c| c.internal)
        .filter(|c| {
            !internal_files
                .iter()
                .any(|(p, b)| contains(b, &c.word) || contains(p.as_bytes(), &c.word))
        })
        .map(|c| format!("{} ({})", c.word, c.place))
        .collect();
    assert!(
        missing.is_empty(),
        "the internal build lacks these canaries, so they prove nothing:\n{}",
        missing.join("\n")
    );
}

/// `serve --audience public` answers only what the public build holds.
/// Asked for every file of both builds (whatever the internal site has
/// that the public one has not must be "not found"), every link of every
/// page it serves, and every file its search index names, it never sends
/// a canary.
#[test]
fn serve_for_the_public_leaks_nothing_internal() {
    let (site, canaries) = leak_site();
    let public = site.0.join("out-public");
    let internal = site.0.join("out-internal");
    for (out, audience) in [(&public, "public"), (&internal, "internal")] {
        let result = build(&site.0, out, audience);
        assert_eq!(result.code, 0, "{}", result.stderr);
    }
    let public_paths: BTreeSet<String> = files(&public).into_iter().map(|(p, _)| p).collect();
    let internal_paths: BTreeSet<String> = files(&internal).into_iter().map(|(p, _)| p).collect();
    // Only in the output folder, never served.
    let marker = ".retrospect-output";

    let server = Server::start_with(&site.0, &["--audience", "public"]);
    // The search index is built in the background: wait for it.
    let entry = server.poll("/pagefind/pagefind-entry.json", "a search index", |r| {
        r.status == 200
    });

    let mut served: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut queue: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    for path in &public_paths {
        if path == marker || path.starts_with("pagefind/") {
            continue;
        }
        let reply = server.get(&format!("/{path}"));
        if reply.status != 200 {
            problems.push(format!(
                "{path}: {} from serve, but in the public build",
                reply.status
            ));
        }
        served.insert(path.clone(), reply.bytes);
    }
    for path in internal_paths.difference(&public_paths) {
        if path == marker || path.starts_with("pagefind/") {
            continue;
        }
        let reply = server.get(&format!("/{path}"));
        if reply.status != 404 {
            problems.push(format!(
                "{path}: {} from serve, but only in the internal build",
                reply.status
            ));
        }
        // Asked for by a name that holds canaries: only the reply counts.
        let found = leaks(&canaries, [("the reply", reply.bytes.as_slice())]);
        problems.extend(found.into_iter().map(|f| format!("asked for {path}: {f}")));
    }

    // Every link of every page served, as a browser would follow it.
    let pages: Vec<(String, Vec<u8>)> = served
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    for (path, bytes) in pages {
        let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        for el in doc.root_element().descendent_elements() {
            for (attr, value) in el.value().attrs() {
                if attr != "href" && attr != "src" {
                    continue;
                }
                let value = value.split(['#', '?']).next().unwrap_or("");
                if value.is_empty() || value.contains(':') || value.starts_with("//") {
                    continue;
                }
                if let Some(target) = resolve(folder, value) {
                    queue.push(target);
                }
            }
        }
    }

    // The search index: the entry names the metadata, which names the
    // word index, filter and fragment files by hash.
    let entry_json: serde_json::Value = serde_json::from_slice(&entry.bytes).unwrap();
    let hash = entry_json["languages"]["en"]["hash"]
        .as_str()
        .unwrap_or_else(|| panic!("no language hash in {entry_json}"));
    served.insert("pagefind/pagefind-entry.json".into(), entry.bytes.clone());
    queue.push(format!("pagefind/pagefind.{hash}.pf_meta"));
    let mut search_files = 0;
    while let Some(path) = queue.pop() {
        if served.contains_key(&path) {
            continue;
        }
        let reply = server.get(&format!("/{path}"));
        let bytes = gunzip(reply.bytes);
        if path.starts_with("pagefind/") && reply.status == 200 {
            search_files += 1;
            for name in hashes(&bytes) {
                for kind in ["fragment", "index", "filter"] {
                    queue.push(format!("pagefind/{kind}/{name}.pf_{kind}"));
                }
            }
        }
        served.insert(path, bytes);
    }
    let fragments: Vec<&Vec<u8>> = served
        .iter()
        .filter(|(p, _)| p.starts_with("pagefind/fragment/"))
        .map(|(_, b)| b)
        .collect();
    assert!(
        fragments.iter().any(|b| contains(b, "Public text stays"))
            && served
                .iter()
                .any(|(p, b)| p.starts_with("pagefind/index/") && contains(b, "publicword9")),
        "the crawl did not reach the search index's text and words ({search_files} files):\n{:?}",
        served.keys().collect::<Vec<_>>()
    );

    let found = leaks(
        &canaries,
        served.iter().map(|(p, b)| (p.as_str(), b.as_slice())),
    );
    problems.extend(found);
    assert!(
        problems.is_empty(),
        "serve --audience public:\n{}",
        problems.join("\n")
    );
    let report = served
        .get("reports/public/index.html")
        .expect("the public report was served");
    assert!(contains(report, "Public text stays"));
    server.stop();
}

/// A relative link from a page in `folder`, as a path of the site (a
/// folder meaning its `index.html`); `None` above the site's root.
fn resolve(folder: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    let segments: Vec<&str> = link.split('/').collect();
    if link.starts_with('/') {
        parts.clear();
    }
    for segment in &segments {
        match *segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if matches!(segments.last(), Some(&"" | &"." | &"..")) {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// Pagefind's files are gzip streams; anything else is kept as it is.
fn gunzip(bytes: Vec<u8>) -> Vec<u8> {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes;
    }
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_end(&mut plain)
        .expect("valid gzip");
    plain
}

/// The file hashes a Pagefind file names (`en_1a2b3c4`).
fn hashes(bytes: &[u8]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in bytes.windows(3).enumerate().filter(|(_, w)| *w == b"en_") {
        let hex: String = bytes[i + 3..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit())
            .map(|&b| b as char)
            .collect();
        if hex.len() >= 7 {
            found.insert(format!("en_{hex}"));
        }
    }
    found
}

/// Site settings with the people of VALID_REPORT, and `show_people` as
/// given (or not set at all).
fn people_site(show_people: Option<bool>) -> TempDir {
    let site = TempDir::new("show-people");
    let setting = show_people.map_or(String::new(), |on| {
        format!("public:\n  show_people: {on}\n")
    });
    site.write(
        "retrospect.yaml",
        format!(
            "people:\n  sam: {{name: Samira Named, team: payments}}\n  jo: {{name: Jo Named}}\n{setting}"
        ),
    );
    site.write(
        "reports/2025-03-14-cache.md",
        crate::support::VALID_REPORT.replace("authors: [jo]", "authors: [jo, rawauthor]"),
    );
    site
}

/// `public.show_people`: unset and `false`, the public sees teams and no
/// names; `true`, the same names as the internal site. The internal site
/// names people whatever the setting.
#[test]
fn show_people_names_people_to_the_public_only_when_set() {
    for show_people in [None, Some(false), Some(true)] {
        let site = people_site(show_people);
        for audience in ["public", "internal"] {
            let out = site.0.join(format!("out-{audience}"));
            let result = build(&site.0, &out, audience);
            assert_eq!(
                result.code, 0,
                "{show_people:?} {audience}: {}",
                result.stderr
            );
            let named = audience == "internal" || show_people == Some(true);
            let built = files(&out);
            let all: Vec<u8> = built
                .iter()
                .flat_map(|(p, b)| p.bytes().chain(b.iter().copied()).collect::<Vec<_>>())
                .collect();
            let page = std::fs::read_to_string(out.join("reports/cache/index.html")).unwrap();
            let what = format!("show_people {show_people:?}, {audience}");
            // The report page: authors, lead, attendees and the owner.
            for name in ["Samira Named", "Jo Named", "rawauthor"] {
                assert_eq!(page.contains(name), named, "{what}: {name} on the page");
                assert_eq!(contains(&all, name), named, "{what}: {name} in the build");
            }
            let actions: serde_json::Value =
                serde_json::from_slice(&std::fs::read(out.join("actions.json")).unwrap()).unwrap();
            let owner = &actions["actions"][0]["owner"];
            assert_eq!(
                owner,
                if named { "Samira Named" } else { "payments" },
                "{what}: {actions}"
            );
            let owners_page = if named {
                "actions/owners/samira-named/index.html"
            } else {
                "actions/owners/payments/index.html"
            };
            assert!(out.join(owners_page).is_file(), "{what}: no {owners_page}");
        }
    }
}
