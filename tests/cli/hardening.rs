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
