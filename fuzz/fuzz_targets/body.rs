//! The body: sections, internal markers, comments and links as the check
//! sees them; and the HTML, table of contents and plain text render makes.
//! A passage the analysis finds is gone from the public body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use retrospect::diagnostic::FileReporter;
use retrospect::render::markdown;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = retrospect_fuzz::source(text);
    let mut reporter = FileReporter::new(&file);
    let placeholders = retrospect::config::Config::default().placeholders;
    let (body, _) =
        retrospect::parse::body::analyse(&mut reporter, 0..file.text.len(), &placeholders);
    let body = retrospect::model::Body {
        markdown: file.text.as_str().into(),
        ..body
    };
    // Held in memory: reading it cannot fail.
    let public = body
        .without_internal_passages()
        .expect("a body held in memory");
    for raw in [false, true] {
        let _ = markdown::body(&public, raw);
    }
    let _ = markdown::inline(text);
    let _ = retrospect::display::plain(text);
    let stripped = retrospect::parse::comments::strip(text);
    assert!(!stripped.contains("<!--"), "a comment survived stripping");
});
