//! The floor: the least work any generator of these sites must do, to
//! compare `retrospect build` and `check` with (issue 19). For every report
//! under `SITE/reports/`: read it, parse its front matter into a YAML value,
//! render its Markdown body to HTML with pulldown-cmark, and write one file;
//! nothing else (no validation, no templates, no lists, no highlighting).
//!
//! ```text
//! cargo run --release --example floor -- <SITE> <OUT_DIR>
//! ```
//!
//! OUT_DIR must not exist or be empty; each report is written to
//! `OUT_DIR/<file stem>.html` (flat: no folder per report, which is less
//! work than a site's layout). Files are processed in parallel on every
//! core, as Retrospect does, with its allocator, so that the comparison is
//! of the work done, not of how many cores do it; `RAYON_NUM_THREADS=1`
//! gives the one-core figure. Prints how many reports and bytes it wrote.

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The allocator the `retrospect` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(site), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: floor <SITE> <OUT_DIR>");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    if std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!("floor: {} exists and is not empty", out.display());
        std::process::exit(2);
    }
    std::fs::create_dir_all(&out).unwrap_or_else(|e| fail(&out, e));
    let files: Vec<PathBuf> = walkdir::WalkDir::new(Path::new(&site).join("reports"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let written = AtomicUsize::new(0);
    let values = AtomicUsize::new(0);
    files.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(path, e));
        let (front, body) = split(&text);
        let value: serde_json::Value = serde_saphyr::from_str(front).unwrap_or_else(|e| {
            eprintln!("floor: {}: {e}", path.display());
            std::process::exit(1)
        });
        // Use the value, so that the parse is not optimised away.
        values.fetch_add(value.as_object().map_or(0, |m| m.len()), Ordering::Relaxed);
        let mut page = String::with_capacity(body.len() * 2);
        html::push_html(
            &mut page,
            Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH),
        );
        let name = path.file_stem().unwrap().to_string_lossy();
        let target = out.join(format!("{name}.html"));
        std::fs::write(&target, &page).unwrap_or_else(|e| fail(&target, e));
        written.fetch_add(page.len(), Ordering::Relaxed);
    });
    println!(
        "floor: {} reports ({} front-matter keys), {} bytes of HTML written",
        files.len(),
        values.into_inner(),
        written.into_inner()
    );
}

/// The front matter between the `---` lines, and the body after them.
fn split(text: &str) -> (&str, &str) {
    let rest = text.strip_prefix("---\n").unwrap_or(text);
    match rest.find("\n---\n") {
        Some(end) => (&rest[..end + 1], &rest[end + 5..]),
        None => ("", rest),
    }
}

fn fail(path: &Path, error: std::io::Error) -> ! {
    eprintln!("floor: {}: {error}", path.display());
    std::process::exit(2)
}
