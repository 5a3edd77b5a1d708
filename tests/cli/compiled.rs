//! The built-in report, agenda, actions and list pages, the action and
//! report rows and the summary for stakeholders (`summary.md`, in each
//! report page's "In brief") are compiled (askama, from `templates/compiled/`); a site
//! that overrides their templates gets them from tera. The two copies must
//! not drift: each site here is built as it is (the compiled pages) and
//! again with verbatim copies of the built-in templates of [`COMPILED`] in
//! its `templates/` (tera's pages), and every file of the two outputs must
//! be byte for byte the same.

use crate::support::{
    TempDir, VALID_REPORT, bin, copy_tree, example_site, fixtures, git_commit, git_init, run,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::corpus::gen_corpus;

/// The built-in templates with compiled copies.
const COMPILED: &[&str] = &[
    "report.html",
    "agenda.html",
    "actions.html",
    "action_row.html",
    "list.html",
    "report_row.html",
    "actions_by_report.html",
    "owners.html",
    "browse.html",
    "index.html",
    "summary.md",
];

/// The folders of the lists of reports (`list.html`).
const LISTS: &[&str] = &[
    "severity/",
    "services/",
    "tags/",
    "kinds/",
    "affected/",
    "factors/",
    "years/",
];

/// How many pages of each kind were compared.
#[derive(Debug, Default)]
struct Compared {
    reports: usize,
    agendas: usize,
    /// Pages of lists of reports, and of those the ones that show their
    /// reports as a table of rows (more than 40 reports).
    lists: usize,
    list_tables: usize,
}

/// Every file of a built site, by path relative to it.
fn files(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn build(site: &Path, out: &Path, audience: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let result = run(bin().arg("build").arg(site).arg("--out").arg(out).args([
        "--audience",
        audience,
        "--today",
        "2026-01-15",
        "--no-search",
    ]));
    assert_eq!(result.code, 0, "{}{}", result.stdout, result.stderr);
    files(out)
}

/// Builds the site in `root` (its folder `site`) both ways, in both
/// audiences, and asserts the same bytes; returns how many pages of each
/// kind were compared, so that a site without any fails.
fn assert_same(root: &Path, site: &str) -> Compared {
    let tera = TempDir::new("compiled-tera");
    copy_tree(root, &tera.0);
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for name in COMPILED {
        let copy = tera.0.join(site).join("templates").join(name);
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        std::fs::copy(templates.join(name), copy).unwrap();
    }
    let outs = TempDir::new("compiled-out");
    let mut compared = Compared::default();
    let mut actions = 0;
    for audience in ["internal", "public"] {
        let compiled = build(
            &root.join(site),
            &outs.0.join(format!("compiled-{audience}")),
            audience,
        );
        let through_tera = build(
            &tera.0.join(site),
            &outs.0.join(format!("tera-{audience}")),
            audience,
        );
        assert_eq!(
            compiled.keys().collect::<Vec<_>>(),
            through_tera.keys().collect::<Vec<_>>(),
            "the same files"
        );
        for (path, bytes) in &compiled {
            let other = &through_tera[path];
            if bytes != other {
                let at = bytes.iter().zip(other).take_while(|(x, y)| x == y).count();
                let around = |b: &[u8]| {
                    let end = (at + 200).min(b.len());
                    String::from_utf8_lossy(&b[at.saturating_sub(200)..end]).into_owned()
                };
                panic!(
                    "{site} ({audience}): {} differs at byte {at}:\ncompiled: {}\ntera:     {}",
                    path.display(),
                    around(bytes),
                    around(other),
                );
            }
            let name = path.to_string_lossy();
            if !name.ends_with("index.html") {
                continue;
            }
            if name.starts_with("actions/") {
                actions += 1;
            }
            if name.starts_with("reports/") && name.ends_with("/agenda/index.html") {
                compared.agendas += 1;
            } else if name.starts_with("reports/") {
                compared.reports += 1;
            }
            if LISTS.iter().any(|l| name.starts_with(l)) {
                compared.lists += 1;
                let html = String::from_utf8_lossy(bytes);
                if html.contains("reports-table") {
                    compared.list_tables += 1;
                }
            }
        }
    }
    assert!(actions > 0, "{site}: no actions pages");
    assert!(compared.lists > 0, "{site}: no list pages");
    compared
}

/// A site folder copied into a temporary one (the source is never written).
fn copied(from: &Path) -> TempDir {
    let dir = TempDir::new("compiled-site");
    copy_tree(from, &dir.0.join("site"));
    dir
}

#[test]
fn the_example_site_is_the_same_through_tera_and_compiled() {
    let dir = copied(&example_site());
    let Compared {
        reports, agendas, ..
    } = assert_same(&dir.0, "site");
    // Each report's page in the internal site (with its agenda), and the
    // public site's.
    let count = crate::support::example_reports().len();
    assert_eq!(agendas, count);
    assert!(reports > count, "{reports} pages");
}

#[test]
fn the_fixtures_are_the_same_through_tera_and_compiled() {
    // Markup and scripts in every field a report has.
    let dir = copied(&fixtures().join("build-xss"));
    let Compared {
        reports, agendas, ..
    } = assert_same(&dir.0, "site");
    assert!(
        reports >= 2 && agendas == 2,
        "{reports} pages, {agendas} agendas"
    );
    // Roles, updates, who was affected, data lost, known issues,
    // investigations, declined recommendations, a recurrence.
    let practice = crate::practice::site();
    let dir = copied(&practice.0);
    assert_same(&dir.0, "site");
}

#[test]
fn action_histories_are_the_same_through_tera_and_compiled() {
    let dir = TempDir::new("compiled-history");
    crate::history::repository(&dir);
    let compared = assert_same(&dir.0, "site");
    assert!(compared.reports >= 2);
}

/// Drafts and reviews (banners), an internal report and an internal
/// passage, an attachment, the site's own severities with markup in their
/// words, repository links, and the site's own header and footer (which
/// the compiled pages print as tera's fragments).
#[test]
fn a_site_with_its_own_severities_header_and_footer_is_the_same() {
    let dir = TempDir::new("compiled-own");
    dir.write(
        "site/retrospect.yaml",
        "title: \"Ops <&> 'team'\"\ndescription: \"What \\\"broke\\\"\"\n\
         base_url: https://ops.example/\n\
         repository: {url: \"https://github.com/acme/incidents\"}\n\
         severities:\n\
         \x20 - {name: sev1, label: \"Sev <1>\", description: \"Down & out\", colour: \"#b3261e\"}\n\
         \x20 - {name: sev2, label: Sev 2, colour: \"#8a5300\"}\n",
    );
    dir.write(
        "site/templates/header.html",
        "<p class=\"own-header\">{{ site.title }} {{ root }}</p>\n",
    );
    dir.write("site/templates/footer.html", "<footer>own</footer>\n");
    let report = VALID_REPORT
        .replace("severity: major", "severity: sev1")
        .replace(
            "Restarts need a budget.\n",
            "Restarts need a budget. ![graph](graph.svg)\n\n<!-- internal -->\nOnly for us: <b>\n<!-- /internal -->\n",
        );
    dir.write("site/reports/2025-03-14-cache.md", &report);
    dir.write(
        "site/reports/graph.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    dir.write(
        "site/reports/2025-03-15-draft.md",
        report
            .replace("id: INC-2025-010", "id: INC-2025-011")
            .replace("status: published", "status: draft")
            .replace("severity: sev1", "severity: sev2")
            .replace("visibility: public", "visibility: internal"),
    );
    dir.write(
        "site/reports/2025-03-16-review.md",
        report
            .replace("id: INC-2025-010", "id: INC-2025-012")
            .replace("status: published", "status: in-review"),
    );
    git_init(&dir.0);
    git_commit(&dir.0, &["site"], "2026-01-02T10:00:00+00:00", "Reports");
    let Compared {
        reports, agendas, ..
    } = assert_same(&dir.0, "site");
    assert!(
        reports >= 4 && agendas == 3,
        "{reports} pages, {agendas} agendas"
    );
}

/// A generated site of 300 reports in pages of 30: lists long enough to
/// be tables of rows and to have later pages, severities, services, tags,
/// kinds, contributing factors and years of every size.
#[test]
fn a_generated_site_with_long_lists_is_the_same() {
    let dir = TempDir::new("compiled-generated");
    let site = dir.0.join("site");
    gen_corpus::generate(300, 7, gen_corpus::Shape::Realistic, &site).unwrap();
    let config = std::fs::read_to_string(site.join("retrospect.yaml")).unwrap();
    assert!(!config.contains("paginate"), "{config}");
    std::fs::write(site.join("retrospect.yaml"), config + "paginate: 30\n").unwrap();
    let compared = assert_same(&dir.0, "site");
    assert!(compared.reports >= 300, "{compared:?}");
    // Tables of rows, and later pages of them, in both audiences.
    assert!(compared.list_tables >= 8, "{compared:?}");
    assert!(compared.lists > compared.list_tables, "{compared:?}");
}

/// The branches the other sites do not reach: a site whose one report has
/// no actions (the empty actions-by-report and owners pages, a home page
/// with nothing overdue), and one with more open known issues than the
/// home page lists (its count of them all).
#[test]
fn empty_lists_and_many_known_issues_are_the_same() {
    let dir = TempDir::new("compiled-empty");
    let no_actions = VALID_REPORT
        .replace("severity: major", "severity: trivial")
        .replace(
            "actions:\n  - title: Stagger cache restarts in upgrades\n    owner: sam\n    due: 2026-06-30\n",
            "",
        );
    assert!(!no_actions.contains("actions:"), "{no_actions}");
    dir.write("site/reports/2025-03-14-cache.md", &no_actions);
    assert_same(&dir.0, "site");

    let dir = TempDir::new("compiled-known");
    let issues: String = (1..=9)
        .map(|n| format!("  - {{description: \"Issue <{n}>\", link: \"https://t.example/{n}\"}}\n"))
        .collect();
    let report = VALID_REPORT.replace(
        "lead: sam\n",
        &format!("lead: sam\nknown_issues:\n{issues}"),
    );
    dir.write("site/reports/2025-03-14-cache.md", &report);
    assert_same(&dir.0, "site");
}
