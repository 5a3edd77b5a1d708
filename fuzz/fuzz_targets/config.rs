//! `retrospect.yaml`: every key, its checks, and the diagnostics' positions.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = std::path::Path::new("retrospect.yaml");
    if let Err(diagnostics) = retrospect::config::parse(text, path) {
        let _ = retrospect::diagnostic::human::render(&diagnostics, None, false);
    }
});
