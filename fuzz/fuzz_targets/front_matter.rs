//! Front matter: splitting, YAML with its limits, typed keys and their
//! diagnostics (with positions).
#![no_main]

use libfuzzer_sys::fuzz_target;
use retrospect::diagnostic::FileReporter;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Most inputs should reach the YAML: give them the fences.
    for text in [text.to_string(), format!("---\n{text}\n---\n")] {
        let file = retrospect_fuzz::source(&text);
        let mut reporter = FileReporter::new(&file);
        let _ = retrospect::parse::parse(&mut reporter, &[]);
    }
});
