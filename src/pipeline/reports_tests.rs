//! Tests of the pipeline up to validation, and of its cache (`serve`).
use super::super::cache::{Cache, run_cached};
use super::*;

fn report(title: &str, slug: &str, related: &str) -> String {
    format!(
        "---\ntitle: {title}\nslug: {slug}\ndate: 2025-03-14\nseverity: trivial\nstatus: in-review\n\
         started: \"09:00\"\nrelated: [{related}]\n---\nBody.\n"
    )
}

fn options() -> Options {
    Options {
        today: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
        only: None,
        keep_reports: true,
    }
}

/// Titles of the valid reports, sorted, codes of the errors, and how
/// many warnings there are (a cached run counts them, not lists them).
fn summary(outcome: &Outcome) -> (Vec<String>, Vec<&'static str>, usize) {
    let mut titles: Vec<String> = outcome.reports.iter().map(|r| r.title.clone()).collect();
    titles.sort();
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error());
    let listed = outcome.diagnostics.len() - errors.clone().count();
    (
        titles,
        errors.map(|d| d.code.id()).collect(),
        listed + outcome.unlisted_warnings,
    )
}

#[test]
fn a_cached_run_rereads_only_forgotten_files_and_agrees_with_a_full_run() {
    let site = std::env::temp_dir().join(format!("retrospect-pipeline-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(site.join("reports/2025")).unwrap();
    let write =
        |rel: &str, text: &str| std::fs::write(site.join("reports").join(rel), text).unwrap();
    write("a.md", &report("Alpha", "alpha", "beta"));
    write("2025/b.md", &report("Beta", "beta", ""));
    let config = Config::default();
    let mut cache = Cache::default();
    let first = run_cached(&site, &config, &options(), &mut cache).unwrap();
    assert_eq!(summary(&first).0, ["Alpha", "Beta"]);
    assert_eq!(cache.len(), 2);

    // Not forgotten: the old outcome is used, the file is not read.
    write("a.md", &report("Alpha two", "alpha", "beta"));
    let stale = run_cached(&site, &config, &options(), &mut cache).unwrap();
    assert_eq!(summary(&stale).0, ["Alpha", "Beta"]);

    // Forgotten: read again. A new file is read once named; the site
    // rules run over every file, so the new slug clash is found in both.
    cache.forget("a.md");
    write("c.md", &report("Gamma", "beta", ""));
    cache.forget("c.md");
    let second = run_cached(&site, &config, &options(), &mut cache).unwrap();
    let full = run(&site, &config, &options()).unwrap();
    assert_eq!(summary(&second), summary(&full));
    assert_eq!(summary(&second).0, ["Alpha two"]);
    assert_eq!(
        summary(&second).1,
        ["R041", "R041"],
        "{:?}",
        second.diagnostics
    );

    // A folder forgotten forgets what is below it; removed files go.
    std::fs::remove_file(site.join("reports/c.md")).unwrap();
    cache.forget("c.md");
    write("2025/b.md", &report("Beta two", "beta", ""));
    cache.forget("2025");
    let third = run_cached(&site, &config, &options(), &mut cache).unwrap();
    assert_eq!(summary(&third).0, ["Alpha two", "Beta two"]);
    assert_eq!(cache.len(), 2);
    assert_eq!(
        third
            .reports
            .iter()
            .find(|r| r.title == "Alpha two")
            .unwrap()
            .related
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>(),
        ["beta"]
    );
    assert_eq!(
        summary(&third),
        summary(&run(&site, &config, &options()).unwrap())
    );

    // Beta's slug changes: the rules across reports run again, and
    // Alpha's `related` no longer resolves.
    write("2025/b.md", &report("Beta two", "beta-renamed", ""));
    cache.forget("2025/b.md");
    let fourth = run_cached(&site, &config, &options(), &mut cache).unwrap();
    let full = run(&site, &config, &options()).unwrap();
    assert_eq!(summary(&fourth), summary(&full));
    assert_eq!(summary(&fourth).0, ["Beta two"]);
    assert_eq!(summary(&fourth).1, ["R043"]);

    // Alpha's title changes, not what it is called or names: the rules'
    // results are kept (the same error), as a full run finds.
    write("a.md", &report("Alpha three", "alpha", "beta"));
    cache.forget("a.md");
    let fifth = run_cached(&site, &config, &options(), &mut cache).unwrap();
    let full = run(&site, &config, &options()).unwrap();
    assert_eq!(summary(&fifth), summary(&full));
    assert_eq!(summary(&fifth).1, ["R043"]);
    assert_eq!(fifth.diagnostics, full.diagnostics);
    let _ = std::fs::remove_dir_all(&site);
}

#[test]
fn a_cached_run_after_a_date_edit_agrees_with_a_full_run() {
    let site = std::env::temp_dir().join(format!("retrospect-dates-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(site.join("reports")).unwrap();
    let write = |slug: &str, date: &str, recurrence: &str| {
        let text = format!(
            "---\ntitle: {slug}\nslug: {slug}\ndate: {date}\nseverity: trivial\n\
             status: in-review\nstarted: \"09:00\"\n{recurrence}---\nBody.\n"
        );
        std::fs::write(site.join(format!("reports/{slug}.md")), text).unwrap();
    };
    write("alpha", "2025-03-14", "");
    write("beta", "2025-03-14", "");
    write("gamma", "2025-04-01", "recurrence_of: beta\n");
    let config = Config::default();
    let mut cache = Cache::default();
    let first = run_cached(&site, &config, &options(), &mut cache).unwrap();
    assert_eq!(summary(&first).1, Vec::<&str>::new());
    // (slug, date, recurrence, errors after the edit)
    let edits: [(&str, &str, &str, usize); 4] = [
        // Named by no recurrence: the rules' results are kept.
        ("alpha", "2025-05-01", "", 0),
        // Beta is now later than its recurrence: an error in gamma.
        ("beta", "2025-06-01", "", 1),
        // Gamma, which names beta, moves after it: no error.
        ("gamma", "2025-07-01", "recurrence_of: beta\n", 0),
        ("alpha", "2024-01-01", "", 0),
    ];
    for (slug, date, recurrence, errors) in edits {
        write(slug, date, recurrence);
        cache.forget(&format!("{slug}.md"));
        let cached = run_cached(&site, &config, &options(), &mut cache).unwrap();
        let full = run(&site, &config, &options()).unwrap();
        assert_eq!(summary(&cached), summary(&full), "{slug} on {date}");
        assert_eq!(summary(&cached).1.len(), errors, "{slug} on {date}");
    }
    let _ = std::fs::remove_dir_all(&site);
}

#[test]
fn a_cached_run_after_a_slug_edit_agrees_with_a_full_run() {
    let site = std::env::temp_dir().join(format!("retrospect-slugs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(site.join("reports")).unwrap();
    let write = |file: &str, head: &str| {
        let text = format!(
            "---\n{head}title: {file}\ndate: 2025-03-14\nseverity: trivial\n\
             status: in-review\nstarted: \"09:00\"\n---\nBody.\n"
        );
        std::fs::write(site.join(format!("reports/{file}.md")), text).unwrap();
    };
    write("alpha", "id: INC-1\n");
    write("beta", "id: INC-2\n");
    write("gamma", "id: INC-3\nrelated: [INC-2]\n");
    let config = Config::default();
    let mut cache = Cache::default();
    run_cached(&site, &config, &options(), &mut cache).unwrap();
    // (file, front matter, errors after the edit)
    let edits: [(&str, &str, usize); 6] = [
        // Named by nothing: the rules' results are kept.
        ("alpha", "id: INC-1\nslug: first\n", 0),
        // Named by its id: gamma's link now resolves to another slug.
        ("beta", "id: INC-2\nslug: second\n", 0),
        // Alpha takes beta's slug: both have an error.
        ("alpha", "id: INC-1\nslug: second\n", 2),
        ("alpha", "slug: first\nid: INC-1\n", 0),
        // Gamma names alpha's slug, then alpha renames itself.
        ("gamma", "id: INC-3\nrelated: [first]\n", 0),
        ("alpha", "id: INC-1\nslug: renamed\n", 1),
    ];
    for (file, head, errors) in edits {
        write(file, head);
        cache.forget(&format!("{file}.md"));
        let cached = run_cached(&site, &config, &options(), &mut cache).unwrap();
        let full = run(&site, &config, &options()).unwrap();
        assert_eq!(summary(&cached), summary(&full), "{file}: {head}");
        assert_eq!(
            cached.diagnostics,
            full.diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect::<Vec<_>>(),
            "{file}: {head}"
        );
        assert_eq!(summary(&cached).1.len(), errors, "{file}: {head}");
        // What `related` resolves to is what a full run resolves.
        let related = |o: &Outcome| {
            let mut r: Vec<(String, Vec<String>)> = o
                .reports
                .iter()
                .map(|r| {
                    (
                        r.title.clone(),
                        r.related.iter().map(|s| s.to_string()).collect(),
                    )
                })
                .collect();
            r.sort();
            r
        };
        assert_eq!(related(&cached), related(&full), "{file}: {head}");
    }
    let _ = std::fs::remove_dir_all(&site);
}
