//! A rebuild after one report's edit of any field gives the site a fresh
//! `build` of the edited site gives, page for page and file for file: the
//! views, rows and indexes kept between rebuilds never show an old value.

use super::tests::built;
use super::*;
use crate::output::Memory;

fn everything(plan: &Plan) -> Vec<Output> {
    let memory = Memory::default();
    plan.render_all(&memory).unwrap();
    memory.into_sorted()
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The site as `build` makes it (no memo, no kept views), and how many
/// warnings its reports have.
fn fresh(settings: &Settings) -> (Vec<Output>, usize) {
    let site = &settings.site;
    let mut config = crate::config::load(site).unwrap();
    config.base_url = settings.base_url.clone();
    let theme = config.theme.clone();
    let run = pipeline::prepare(
        Request {
            site,
            config,
            audience: settings.audience,
            today: settings.today.unwrap(),
            search: true,
            attachments: true,
            git_dates: true,
            on_errors: OnErrors::Stop,
        },
        None,
    )
    .unwrap();
    let warnings = run.summary().warnings;
    let plan = Plan::new(
        run.prepared.expect("no errors"),
        render::templates::load(site).unwrap(),
        render::theme::files(site, &theme).unwrap(),
    );
    (everything(&plan), warnings)
}

/// Replaces the first `from` in the file (which must hold it).
fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_rebuild_after_an_edit_of_any_field_is_a_fresh_build_of_the_edited_site() {
    let dir = std::env::temp_dir().join(format!("retrospect-edits-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-reports");
    let rel = "2026/2026-04-07-node-pool-upgrade-dispatch-outage.md";
    let edits: [(&str, &str, &str); 20] = [
        ("body", "## ", "A line added.\n\n## "),
        (
            "summary",
            "An automatic Kubernetes",
            "A scheduled Kubernetes",
        ),
        ("severity", "severity: major", "severity: minor"),
        // Overdue, then due soon: the action moves between the lists.
        ("due", "due: 2026-12-18", "due: 2025-12-01"),
        ("due again", "due: 2025-12-01", "due: 2026-01-20"),
        ("status", "status: in-progress", "status: done"),
        // A service no other report names: its list and URL are new.
        (
            "services",
            "services: [dispatch-matcher,",
            "services: [a-new-service, dispatch-matcher,",
        ),
        ("owner", "owner: amara-o", "owner: lukas-b"),
        // A service whose slug, `postgres-ledger`, is taken from the one
        // two other reports name, whose pages then link to `postgres-ledger-2`.
        (
            "slugs",
            "services: [a-new-service,",
            "services: [postgres ledger,",
        ),
        // A tag no other report has: a new group, and its page.
        (
            "tags",
            "tags: [kubernetes,",
            "tags: [a-new-tag, kubernetes,",
        ),
        // Another year: the report moves among the reports (it is the
        // newest of 2025 now), and from one year's list to another's.
        ("year", "date: 2026-04-07", "date: 2025-04-07"),
        // Within the year: it moves among the reports, not between years.
        ("date", "date: 2025-04-07", "date: 2025-09-30"),
        // An owner no other action has: a new owner's page and files.
        ("new owner", "owner: lukas-b", "owner: someone-new"),
        ("kind", "kind: unavailable", "kind: slow"),
        // The same category twice, then another one.
        ("factors", "{category: change,", "{category: capacity,"),
        // A slug of its own: its page moves, and the lists that link to it.
        (
            "slug",
            "id: INC-2026-003",
            "id: INC-2026-003\nslug: a-slug-of-its-own",
        ),
        // Public: on the public site the report appears.
        ("visibility", "visibility: internal", "visibility: public"),
        // Back to the owner it had: the new owner's pages go.
        ("owner back", "owner: someone-new", "owner: lukas-b"),
        // An action added between the two, of an owner no action has;
        // then taken away again.
        ("action added", "  - id: A2\n", NEW_ACTION),
        ("action removed", NEW_ACTION, "  - id: A2\n"),
    ];
    for audience in [Audience::Internal, Audience::Public] {
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&source, &dir);
        // Lists of 7 a page: moving a report from the 8 major ones to the 7
        // minor ones (the severity edit) takes a page from one list and
        // gives one to the other, so the route table changes.
        let config = dir.join("retrospect.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("{text}\npaginate: 7\n")).unwrap();
        let (settings, mut builder) = built(&dir, audience);
        let path = dir.join("reports").join(rel);
        for (kind, from, to) in edits {
            edit(&path, from, to);
            let built = builder
                .rebuild(&Changes {
                    reports: vec![rel.to_string()],
                    ..Changes::default()
                })
                .unwrap_or_else(|p| panic!("{kind}: {p:?}"));
            same_as_fresh(kind, audience, &built, &settings);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The action the `action added` edit adds, before the report's `A2`.
const NEW_ACTION: &str = "  - id: A9\n    title: \"A new action\"\n    owner: an-owner-of-its-own\n    \
                          due: 2026-01-20\n    status: open\n  - id: A2\n";

/// Checks that `built`, rebuilt after an edit, is what a fresh build of
/// the edited site gives: every file, the route table, the warnings, and
/// the pages the rebuild rendered.
fn same_as_fresh(kind: &str, audience: Audience, built: &Built, settings: &Settings) {
    let (fresh, warnings) = fresh(settings);
    assert_eq!(built.warnings, warnings, "{kind}: the warnings counted");
    let incremental = everything(&built.plan);
    let paths = |o: &[Output]| o.iter().map(|o| o.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&incremental), paths(&fresh), "{kind}: the same files");
    for (a, b) in incremental.iter().zip(&fresh) {
        assert!(a == b, "{kind} ({audience:?}): {} differs", a.path);
    }
    // The server finds every file by its path: the route table is
    // this site's (attachments are found through their report).
    let mut routed: Vec<String> = built.plan.paths();
    routed.sort();
    let mut expected = paths(&fresh);
    expected.retain(|p| p.ends_with(".html") || !p.starts_with("reports/"));
    assert_eq!(routed, expected, "{kind}: the route table");
    // What the server serves first, rendered alone, is the same.
    for (path, kept) in built.rendered.iter().map(|o| (&o.path, o)) {
        let whole = fresh.iter().find(|o| &o.path == path).unwrap();
        assert!(
            kept == whole,
            "{kind}: {path} rendered by the rebuild differs"
        );
    }
    for path in ["reports.json", "actions.json", "actions/index.html"] {
        let alone = built.plan.render_path(path).unwrap().unwrap();
        let whole = fresh.iter().find(|o| o.path == path).unwrap();
        assert!(alone[0] == *whole, "{kind}: {path} rendered alone differs");
    }
}

#[test]
fn a_rebuild_after_a_report_came_or_went_is_a_fresh_build_of_the_site() {
    let dir = std::env::temp_dir().join(format!("retrospect-came-{}", std::process::id()));
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-reports");
    let reports = dir.join("reports");
    let read = |rel: &str| std::fs::read_to_string(reports.join(rel)).unwrap();
    // An internal report copied (without its id), as the benchmark adds
    // one; a public one with a tag, a service and an owner of its own (new
    // groups and pages); and a report another names in `related:`.
    let internal = "2026/2026-04-07-node-pool-upgrade-dispatch-outage.md";
    let public = "2025/2025-03-14-postgres-failover-latency.md";
    let named = "2025/2025-01-22-partner-webhook-tls-expiry.md";
    for audience in [Audience::Internal, Audience::Public] {
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&source, &dir);
        let (settings, mut builder) = built(&dir, audience);
        let without_id = |text: String| {
            let id = text.lines().find(|l| l.starts_with("id: ")).unwrap();
            text.replacen(&format!("{id}\n"), "", 1)
        };
        let copies = [
            ("2026/2026-04-08-a-copy.md", without_id(read(internal))),
            (
                "2025/2025-03-15-new-groups.md",
                without_id(read(public))
                    .replacen("tags: [", "tags: [a-tag-of-its-own, ", 1)
                    .replacen("services: [", "services: [a-service-of-its-own, ", 1)
                    .replace("owner: ", "owner: x-"),
            ),
        ];
        let named_text = read(named);
        let mut rebuild = |kind: &str, rel: &str| {
            let built = builder.rebuild(&Changes {
                reports: vec![rel.to_string()],
                ..Changes::default()
            });
            built.map(|built| same_as_fresh(kind, audience, &built, &settings))
        };
        for (rel, text) in &copies {
            std::fs::write(reports.join(rel), text).unwrap();
            rebuild(&format!("{rel} added"), rel).unwrap();
            std::fs::remove_file(reports.join(rel)).unwrap();
            rebuild(&format!("{rel} removed"), rel).unwrap();
        }
        // Taken away, another report names what is not there (an error
        // or a warning, as `lints:` says); back, the site is whole again.
        std::fs::remove_file(reports.join(named)).unwrap();
        let _ = rebuild("named removed", named);
        std::fs::write(reports.join(named), &named_text).unwrap();
        rebuild("named added", named).unwrap();
        // Both copies at once, then both gone.
        for (rel, text) in &copies {
            std::fs::write(reports.join(rel), text).unwrap();
        }
        let both = Changes {
            reports: copies.iter().map(|(rel, _)| rel.to_string()).collect(),
            ..Changes::default()
        };
        same_as_fresh(
            "both added",
            audience,
            &builder.rebuild(&both).unwrap(),
            &settings,
        );
        for (rel, _) in &copies {
            std::fs::remove_file(reports.join(rel)).unwrap();
        }
        same_as_fresh(
            "both removed",
            audience,
            &builder.rebuild(&both).unwrap(),
            &settings,
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
