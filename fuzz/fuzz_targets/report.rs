//! A whole report through `check` and, when valid, the public render.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    retrospect_fuzz::check_and_render_public(text);
});
