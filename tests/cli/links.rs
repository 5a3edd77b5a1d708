//! Edit, history and "suggest a change" links from `repository:` in
//! retrospect.yaml, on the internal site, and on the public one only when
//! the site allows it.

use crate::support::{TempDir, VALID_REPORT, bin, run};

fn build(site: &TempDir, audience: &str) -> String {
    let out = site.0.join(format!("out-{audience}"));
    let built = run(bin()
        .arg("build")
        .arg(&site.0)
        .arg("--out")
        .arg(&out)
        .args(["--audience", audience, "--today", "2026-01-15"]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    std::fs::read_to_string(out.join("reports/cache/index.html")).unwrap()
}

#[test]
fn reports_link_to_their_source_history_and_a_suggestion() {
    let site = TempDir::new("links");
    site.write(
        "retrospect.yaml",
        "repository:\n  url: https://gitlab.com/acme/ops\n  folder: incidents\n  branch: live\n  public: false\n",
    );
    site.write("reports/2025/2025-03-14-cache.md", VALID_REPORT);
    let page = build(&site, "internal");
    for link in [
        "href=\"https://gitlab.com/acme/ops/-/blob/live/incidents/reports/2025/2025-03-14-cache.md\"",
        "href=\"https://gitlab.com/acme/ops/-/edit/live/incidents/reports/2025/2025-03-14-cache.md\"",
        "href=\"https://gitlab.com/acme/ops/-/commits/live/incidents/reports/2025/2025-03-14-cache.md\"",
        "href=\"https://gitlab.com/acme/ops/-/issues/new?issue[title]=Suggestion%20for%20%22Checkout%20latency%20after%20a%20cache%20eviction%20storm%22\"",
    ] {
        assert!(page.contains(link), "{link} in:\n{page}");
    }
    let public = build(&site, "public");
    assert!(
        !public.contains("gitlab.com"),
        "public: false keeps them off"
    );

    site.write(
        "retrospect.yaml",
        "repository:\n  url: https://github.com/acme/ops\n",
    );
    let public = build(&site, "public");
    assert!(
        public.contains(
            "href=\"https://github.com/acme/ops/commits/main/reports/2025/2025-03-14-cache.md\""
        ),
        "{public}"
    );
}

#[test]
fn a_repository_whose_host_is_unknown_is_a_configuration_error() {
    let site = TempDir::new("links-bad");
    site.write(
        "retrospect.yaml",
        "title: x\nrepository:\n  url: https://git.example/ops\n",
    );
    site.write("reports/2025-03-14-cache.md", VALID_REPORT);
    let out = run(bin().arg("check").arg(&site.0));
    assert_eq!(out.code, 2, "{}", out.stdout);
    let text = format!("{}{}", out.stdout, out.stderr);
    assert!(text.contains("R090"), "{text}");
    assert!(text.contains("repository.host"), "{text}");
    assert!(text.contains("retrospect.yaml:3:"), "{text}");
}
