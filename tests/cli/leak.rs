//! What the public build must never contain, and the qualities of every
//! build: deterministic, atomic, and careful with folders it did not write.

use crate::support::{TempDir, VALID_REPORT, bin, example_site, run};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Every file below `dir`, sorted, with gzip-compressed files decompressed.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let mut bytes = std::fs::read(&path).unwrap();
            if bytes.starts_with(&[0x1f, 0x8b]) {
                let mut plain = Vec::new();
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_end(&mut plain)
                    .expect("valid gzip");
                bytes = plain;
            }
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, bytes));
        }
    }
    out.sort();
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn build(site: &Path, out: &Path, audience: &str) -> crate::support::Run {
    run(bin().arg("build").arg(site).arg("--out").arg(out).args([
        "--audience",
        audience,
        "--today",
        "2026-01-15",
        "--base-url",
        "https://incidents.example/",
    ]))
}

/// A report from VALID_REPORT with its identity and some keys replaced.
fn report(id: &str, title: &str, extra_front: &str, body_extra: &str) -> String {
    VALID_REPORT
        .replace("id: INC-2025-010", &format!("id: {id}"))
        .replace(
            "title: Checkout latency after a cache eviction storm",
            &format!("title: {title}"),
        )
        .replace("visibility: public\n", "")
        .replace("lead: sam\n", &format!("lead: sam\n{extra_front}"))
        .replace(
            "Restarts need a budget.\n",
            &format!("Restarts need a budget.\n\n{body_extra}\n"),
        )
}

/// Places a unique marker in every place the public must not see, and
/// proves that no byte of the public build holds any of them (compressed
/// files opened, file names included), while the internal build holds them
/// all.
#[test]
fn the_public_build_leaks_nothing_internal() {
    let site = TempDir::new("leak");
    site.write(
        "retrospect.yaml",
        "title: Leak test\npeople:\n  sam: {name: Leakname Samira, team: payments}\n  jo: {name: Leakname Jo}\n\
         incident_kinds:\n  - {name: leak-kind-only-internal}\n",
    );
    let markers = [
        "LEAK-INTERNAL-VISIBILITY",
        "LEAK-DEFAULT-VISIBILITY",
        "LEAK-DRAFT",
        "LEAK-IN-REVIEW",
        "LEAK-PASSAGE",
        "LEAK-NOTES",
        "Leakname Samira",
        "Leakname Jo",
        "leak-service-only-internal",
        "leak-tag-only-internal",
        "LEAK-ATTACHMENT",
        "leak-owner-handle",
        // The practice (issue 16): who held a role, who sent an update and
        // what was said inside, who was affected, who investigates, the
        // first occurrence when it is internal, a kind only internal
        // reports have.
        "leak-role-handle",
        "LEAK-INTERNAL-UPDATE",
        "leak-update-author",
        "LEAK-AFFECTED-GROUP",
        "leak-affected-client",
        "leak-investigator",
        "LEAK-RECURRENCE-TARGET",
        "leak-kind-only-internal",
    ];
    let practice = "roles:\n  - {role: comms, person: leak-role-handle}\n\
        communications:\n\
        \x20 - {at: \"09:10\", audience: internal, channel: chat, summary: LEAK-INTERNAL-UPDATE said inside}\n\
        \x20 - {at: \"09:20\", audience: clients, channel: email, summary: Public update stays, by: leak-update-author}\n\
        investigations:\n  - {question: Why so slow?, owner: leak-investigator}\n\
        recurrence_of: INC-6\n";
    // A public, published report: its internal parts must go.
    site.write(
        "reports/2025-03-14-public.md",
        report(
            "INC-1",
            "Public incident",
            &format!("visibility: public\ninternal_notes: LEAK-NOTES in the notes\nrelated: [INC-2, secret]\n{practice}"),
            "<!-- internal -->\nLEAK-PASSAGE in a passage.\n<!-- /internal -->\n\nPublic text stays.",
        )
        .replace(
            "  data_loss: false\n",
            "  data_loss: false\n  affected: [LEAK-AFFECTED-GROUP, {name: leak-affected-client, kind: clients}]\n",
        )
        .replace("authors: [jo]", "authors: [jo, leak-owner-handle]")
        .replace("    due: 2026-06-30\nreview:", "    due: 2026-06-30\n  - title: Second\n    owner: leak-owner-handle\n    due: 2026-06-30\nreview:"),
    );
    site.write(
        "reports/2025-03-15-secret.md",
        report(
            "INC-2",
            "LEAK-INTERNAL-VISIBILITY title",
            "visibility: internal\n",
            "See ![graph](leak.txt).",
        )
        .replace(
            "services: [checkout]",
            "services: [checkout, leak-service-only-internal]",
        )
        .replace("tags: [cache]", "tags: [leak-tag-only-internal]")
        .replace(
            "severity: major",
            "severity: major\nkind: leak-kind-only-internal",
        ),
    );
    site.write(
        "reports/2025-03-01-first.md",
        report(
            "INC-6",
            "LEAK-RECURRENCE-TARGET title",
            "visibility: internal\n",
            "",
        )
        .replace("date: 2025-03-14", "date: 2025-03-01"),
    );
    site.write(
        "reports/leak.txt",
        "LEAK-ATTACHMENT in a file only an internal report links to\n",
    );
    site.write(
        "reports/2025-03-16-default.md",
        report("INC-3", "LEAK-DEFAULT-VISIBILITY title", "", ""),
    );
    site.write(
        "reports/2025-03-17-draft.md",
        report("INC-4", "LEAK-DRAFT title", "visibility: public\n", "")
            .replace("status: published", "status: draft"),
    );
    site.write(
        "reports/2025-03-18-review.md",
        report("INC-5", "LEAK-IN-REVIEW title", "visibility: public\n", "")
            .replace("status: published", "status: in-review"),
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

    let public = site.0.join("out-public");
    let out = build(&site.0, &public, "public");
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let public_files = files(&public);
    assert!(public_files.len() > 10);
    let mut leaks = Vec::new();
    for (path, bytes) in &public_files {
        for marker in markers {
            if contains(bytes, marker) || contains(path.as_bytes(), marker) {
                leaks.push(format!("{marker} in {path}"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "the public build leaks:\n{}",
        leaks.join("\n")
    );
    // The search index is part of what was searched above: its fragments
    // (compressed) hold the text of the reports, and this test reads them.
    let fragments: Vec<&Vec<u8>> = public_files
        .iter()
        .filter(|(path, _)| path.starts_with("pagefind/fragment/"))
        .map(|(_, bytes)| bytes)
        .collect();
    assert!(
        !fragments.is_empty(),
        "the public build has no search index"
    );
    assert!(
        fragments.iter().any(|b| contains(b, "Public text stays")),
        "the search index's text is not readable by this test"
    );
    // What the public may see is there: the report, its public text, the
    // owner's team, and "a team member" for an owner with no team.
    let all: Vec<u8> = public_files.iter().flat_map(|(_, b)| b.clone()).collect();
    for expected in [
        "Public incident",
        "Public text stays.",
        "Public update stays",
        "Why so slow?",
        "payments",
        "a team member",
    ] {
        assert!(
            contains(&all, expected),
            "the public build lacks {expected:?}"
        );
    }

    let internal = site.0.join("out-internal");
    let out = build(&site.0, &internal, "internal");
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let internal_files = files(&internal);
    let all: Vec<u8> = internal_files
        .iter()
        .flat_map(|(p, b)| p.bytes().chain(b.iter().copied()).collect::<Vec<_>>())
        .collect();
    for marker in markers.iter().filter(|m| **m != "leak-owner-handle") {
        assert!(contains(&all, marker), "the internal build lacks {marker}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_name() == "public" {
            continue;
        }
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn builds_are_deterministic() {
    let dir = TempDir::new("determinism");
    let (a, b) = (dir.0.join("a"), dir.0.join("b"));
    for (out, threads) in [(&a, "1"), (&b, "2")] {
        let result = run(bin()
            .env("RAYON_NUM_THREADS", threads)
            .arg("build")
            .arg(example_site())
            .arg("--out")
            .arg(out)
            .args(["--today", "2026-01-15"]));
        assert_eq!(result.code, 0, "{}", result.stderr);
    }
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(
        fa.iter().map(|f| &f.0).collect::<Vec<_>>(),
        fb.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((path, x), (_, y)) in fa.iter().zip(&fb) {
        assert!(x == y, "{path} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let dir = TempDir::new("atomic");
    let site = dir.0.join("site");
    copy_dir(&example_site(), &site);
    let out: PathBuf = dir.0.join("public");
    assert_eq!(build(&site, &out, "internal").code, 0);
    let before = files(&out);

    // A report with an error: exit 1, nothing written.
    let report = site.join("reports/2025/2025-03-14-postgres-failover-latency.md");
    let original = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        original.replace("severity: major", "severity: cataclysmic"),
    )
    .unwrap();
    let result = build(&site, &out, "internal");
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(result.stderr.contains("R012"), "{}", result.stderr);
    assert!(files(&out) == before, "the previous site changed");
    std::fs::write(&report, original).unwrap();

    // A broken template override: exit 1, nothing written.
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(site.join("templates/report.html"), "{% extends \"base.html\" %}{% block content %}{{ report.title | no_such_filter }}{% endblock content %}").unwrap();
    let result = build(&site, &out, "internal");
    assert_ne!(result.code, 0);
    assert!(result.stderr.contains("report.html"), "{}", result.stderr);
    assert!(files(&out) == before, "the previous site changed");
    // Nothing is left beside the output folder.
    let mut names: Vec<String> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["public", "reports", "site"]);
}

#[test]
fn a_folder_not_written_by_retrospect_is_refused() {
    let dir = TempDir::new("refuse");
    let out = dir.0.join("docs");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.md"), "precious").unwrap();
    let result = build(&example_site(), &out, "internal");
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.contains("not written by Retrospect"),
        "{}",
        result.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.md")).unwrap(),
        "precious"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    // An empty folder is fine, and so is one Retrospect wrote before.
    let empty = dir.0.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert_eq!(build(&example_site(), &empty, "internal").code, 0);
    assert_eq!(build(&example_site(), &empty, "internal").code, 0);
}

#[test]
fn last_updated_comes_from_git_and_only_from_git() {
    let dir = TempDir::new("git-dates");
    // The example site is in this repository's git checkout.
    let out = dir.0.join("example");
    assert_eq!(build(&example_site(), &out, "internal").code, 0);
    let page =
        std::fs::read_to_string(out.join("reports/postgres-failover-latency/index.html")).unwrap();
    assert!(page.contains("Last updated"), "a git checkout has dates");
    // A site outside any git checkout has none, and says nothing.
    let site = TempDir::new("no-git");
    site.write("reports/2025-03-14-cache.md", VALID_REPORT);
    let out = dir.0.join("plain");
    assert_eq!(build(&site.0, &out, "internal").code, 0);
    let page = std::fs::read_to_string(out.join("reports/cache/index.html")).unwrap();
    assert!(!page.contains("Last updated"), "no git, no date");
}

#[test]
fn a_site_overrides_templates_and_theme_files_one_by_one() {
    let site = TempDir::new("overrides");
    site.write("reports/2025-03-14-cache.md", VALID_REPORT);
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Nothing here: OVERRIDDEN-404</h1>{% endblock content %}",
    );
    site.write("themes/default/style.css", "/* OVERRIDDEN-CSS */\n");
    site.write(
        "themes/default/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    let out = site.0.join("out");
    let result = build(&site.0, &out, "internal");
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        std::fs::read_to_string(out.join("404.html"))
            .unwrap()
            .contains("OVERRIDDEN-404")
    );
    assert_eq!(
        std::fs::read_to_string(out.join("assets/style.css")).unwrap(),
        "/* OVERRIDDEN-CSS */\n"
    );
    assert!(
        out.join("assets/logo.svg").is_file(),
        "extra theme files are added"
    );
    assert!(
        out.join("assets/syntax.css").is_file(),
        "files not overridden stay built in"
    );
    // The report page still uses the built-in template.
    assert!(
        std::fs::read_to_string(out.join("reports/cache/index.html"))
            .unwrap()
            .contains("Checkout latency")
    );
}

/// Issue 12, finding 1: a report linking to a file that is a symlink out of
/// the site published that file (`/proc/self/environ` holds CI's tokens),
/// and `check` passed. Now every link out of `reports/` (or into a hidden
/// folder) is an error in `check` and `build`, on the line of the link, and
/// a symlinked report leading out of the site is refused; a link inside
/// `reports/` still works.
#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused_and_never_published() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new("leak-symlinks");
    let site = dir.0.join("site");
    let secret_file = dir.0.join("outside-secret.txt");
    std::fs::write(&secret_file, "LEAK-OUTSIDE-FILE\n").unwrap();
    std::fs::create_dir_all(site.join("reports/.git")).unwrap();
    std::fs::write(site.join("reports/.git/config"), "LEAK-GIT-CONFIG\n").unwrap();
    std::fs::write(site.join("reports/inside.txt"), "INSIDE-ATTACHMENT\n").unwrap();
    let reports = site.join("reports");
    symlink("/proc/self/environ", reports.join("env.txt")).unwrap();
    symlink(&secret_file, reports.join("outside.txt")).unwrap();
    symlink("../../outside-secret.txt", reports.join("relative.txt")).unwrap();
    symlink(".git/config", reports.join("git.txt")).unwrap();
    symlink("inside.txt", reports.join("alias.txt")).unwrap();
    let links = "[env](env.txt)\n[out](outside.txt)\n[rel](relative.txt)\n[git](git.txt)\n";
    let body = report("INC-1", "Links", "visibility: public\n", links);
    std::fs::write(reports.join("2025-03-14-links.md"), &body).unwrap();
    let first_link = body.lines().position(|l| l == "[env](env.txt)").unwrap() + 1;

    let check = run(bin()
        .arg("check")
        .arg(&site)
        .args(["--today", "2026-01-15"]));
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    for line in first_link..first_link + 4 {
        let at = format!("reports/2025-03-14-links.md:{line}:1");
        assert!(
            check.stdout.contains(&at),
            "no error at {at}:\n{}",
            check.stdout
        );
    }
    assert_eq!(check.stdout.matches("R058").count(), 4, "{}", check.stdout);
    for audience in ["public", "internal"] {
        let out = dir.0.join(format!("out-{audience}"));
        let result = build(&site, &out, audience);
        assert_eq!(result.code, 1, "{}", result.stderr);
        assert!(!out.exists(), "nothing is written");
    }

    // A report that is a symlink out of the site is not read at all.
    std::fs::remove_file(reports.join("2025-03-14-links.md")).unwrap();
    std::fs::write(
        dir.0.join("elsewhere.md"),
        report("INC-2", "LEAK-OUTSIDE-REPORT", "visibility: public\n", ""),
    )
    .unwrap();
    symlink(
        dir.0.join("elsewhere.md"),
        reports.join("2025-03-15-elsewhere.md"),
    )
    .unwrap();
    let check = run(bin()
        .arg("check")
        .arg(&site)
        .args(["--today", "2026-01-15"]));
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("R001"), "{}", check.stdout);
    std::fs::remove_file(reports.join("2025-03-15-elsewhere.md")).unwrap();

    // Links inside `reports/`, symlinked or not, still work; the links out
    // are still listed, but nothing links to them now.
    std::fs::write(
        reports.join("2025-03-14-links.md"),
        report(
            "INC-1",
            "Links",
            "visibility: public\n",
            "[a](alias.txt) [i](inside.txt)",
        ),
    )
    .unwrap();
    let out = dir.0.join("out-ok");
    let result = build(&site, &out, "public");
    assert_eq!(result.code, 0, "{}", result.stderr);
    let built = files(&out);
    let copied = |name: &str| {
        built
            .iter()
            .any(|(p, _)| p == &format!("reports/links/{name}"))
    };
    assert!(
        copied("alias.txt") && copied("inside.txt"),
        "{:?}",
        built.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (path, bytes) in &built {
        for marker in [
            "LEAK-OUTSIDE-FILE",
            "LEAK-GIT-CONFIG",
            "LEAK-OUTSIDE-REPORT",
        ] {
            assert!(!contains(bytes, marker), "{marker} in {path}");
        }
    }
}

/// Issue 12, findings 2 and 8: a comment over several lines showed its
/// text on the pages, and comments in titles, summaries and action titles
/// were hidden on pages but verbatim in the data files. Comments of every
/// shape, in the body and in the front matter, reach no byte of either
/// build (pages, search index, feeds, JSON, CSV, iCalendar).
#[test]
fn comments_of_every_shape_reach_no_output() {
    let site = TempDir::new("leak-comments");
    let shapes = [
        "<!--\nLEAK-COMMENT multi-line\n-->",
        "<!-- LEAK-COMMENT starts the first line\nand goes on -->",
        "<div>\n<!--\nLEAK-COMMENT in a div\n-->\n</div>",
        "- an item\n\n  <!--\n  LEAK-COMMENT in a list\n  -->",
        "> quoted\n>\n> <!--\n> LEAK-COMMENT in a quote\n> -->",
        "Text <!-- LEAK-COMMENT inline --> and more.",
        "Text <!-- LEAK-COMMENT inline\nover lines --> and more.",
        "| a |\n|---|\n| <!-- LEAK-COMMENT in a cell --> |",
        "### A heading <!-- LEAK-COMMENT in a heading -->",
        "<!---->",
        "<!-- LEAK-COMMENT closed the browser's way --!>",
    ];
    let body = shapes.join("\n\n");
    let front = "visibility: public\n";
    let text = report(
        "INC-1",
        "Comments <!-- LEAK-COMMENT title -->",
        front,
        &body,
    )
    .replace(
        "summary: Checkout was slow",
        "summary: <!-- LEAK-COMMENT summary --> Checkout was slow",
    )
    .replace(
        "  - title: Stagger cache restarts in upgrades",
        "  - title: Stagger cache restarts <!-- LEAK-COMMENT action -->",
    )
    .replace(
        "    event: Latency alert fired.",
        "    event: Latency alert fired. <!-- LEAK-COMMENT timeline -->",
    )
    .replace(
        "  - Warm caches before moving traffic.",
        "  - Warm caches first. <!-- LEAK-COMMENT recommendation -->",
    )
    .replace(
        "  summary: One in five",
        "  summary: <!-- LEAK-COMMENT impact --> One in five",
    );
    site.write("reports/2025-03-14-comments.md", &text);
    let check = run(bin()
        .arg("check")
        .arg(&site.0)
        .args(["--today", "2026-01-15"]));
    assert_eq!(
        check.code, 0,
        "the fixture must be valid:\n{}",
        check.stdout
    );
    for audience in ["public", "internal"] {
        let out = site.0.join(format!("out-{audience}"));
        let result = build(&site.0, &out, audience);
        assert_eq!(result.code, 0, "{}", result.stderr);
        let built = files(&out);
        for wanted in [
            "actions.json",
            "actions.csv",
            "actions.ics",
            "feed.xml",
            "reports.json",
        ] {
            assert!(
                built.iter().any(|(p, _)| p == wanted),
                "{wanted} was not built"
            );
        }
        let mut leaks = Vec::new();
        for (path, bytes) in &built {
            for marker in ["LEAK-COMMENT", "&lt;!--", "<!--"] {
                let page_comment = marker == "<!--" && path.ends_with(".html");
                if contains(bytes, marker) && !page_comment {
                    leaks.push(format!("{marker} in {path}"));
                }
            }
            // The pages' own templates may hold comments; no report's may.
            if path.ends_with(".html") && contains(bytes, "LEAK-COMMENT") {
                leaks.push(format!("LEAK-COMMENT in {path}"));
            }
        }
        assert!(leaks.is_empty(), "{audience}:\n{}", leaks.join("\n"));
        let all: Vec<u8> = built.iter().flat_map(|(_, b)| b.clone()).collect();
        assert!(
            contains(&all, "Checkout was slow"),
            "the summary is still there"
        );
    }
}

/// Issue 12, finding 3: near misses of the internal markers passed `check`
/// and published the passage, in the page and the search index. Each is an
/// error in `check` and `build` now; nothing is written.
#[test]
fn near_miss_markers_fail_check_and_build() {
    let near_misses = [
        ("<!--- internal --->", "<!--- /internal --->"),
        ("<!-- internal: -->", "<!-- /internal: -->"),
        ("<!-- begin internal -->", "<!-- end internal -->"),
        ("<!-- inter\u{200b}nal -->", "<!-- /inter\u{200b}nal -->"),
        ("<!-- \u{456}nternal -->", "<!-- /\u{456}nternal -->"),
        ("<!-- ｉｎｔｅｒｎａｌ -->", "<!-- /ｉｎｔｅｒｎａｌ -->"),
        ("<!-- interal -->", "<!-- /interal -->"),
        ("<!—internal—>", "<!—/internal—>"),
        ("<!-- internal -- >", "<!-- /internal -- >"),
    ];
    for (open, close) in near_misses {
        let site = TempDir::new("leak-near-miss");
        let passage = format!("{open}\nLEAK-NEAR-MISS passage.\n{close}\n\nPublic text.");
        site.write(
            "reports/2025-03-14-near.md",
            report("INC-1", "Near miss", "visibility: public\n", &passage),
        );
        let check = run(bin()
            .arg("check")
            .arg(&site.0)
            .args(["--today", "2026-01-15"]));
        assert_eq!(check.code, 1, "{open}: check passed:\n{}", check.stdout);
        let out = site.0.join("out");
        let result = build(&site.0, &out, "public");
        assert_eq!(
            result.code, 1,
            "{open}: build did not fail:\n{}",
            result.stderr
        );
        assert!(!out.exists(), "{open}: something was written");
    }
    // The canonical markers, with any spacing and case, keep working.
    for (open, close) in [
        ("<!--INTERNAL-->", "<!--/INTERNAL-->"),
        ("<!--   Internal  -->", "<!-- / internal -->"),
    ] {
        let site = TempDir::new("leak-markers");
        let passage = format!("{open}\nLEAK-NEAR-MISS passage.\n{close}\n\nPublic text.");
        site.write(
            "reports/2025-03-14-near.md",
            report("INC-1", "Markers", "visibility: public\n", &passage),
        );
        let out = site.0.join("out");
        let result = build(&site.0, &out, "public");
        assert_eq!(result.code, 0, "{open}: {}", result.stderr);
        for (path, bytes) in files(&out) {
            assert!(!contains(&bytes, "LEAK-NEAR-MISS"), "{open}: in {path}");
        }
    }
}
