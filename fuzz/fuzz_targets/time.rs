//! Dates, times and timezones, in every form a field may hold.
#![no_main]

use libfuzzer_sys::fuzz_target;
use retrospect::time::{Zone, parse_date, parse_time};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let date = retrospect_fuzz::today();
    let _ = parse_date(text);
    let zones = [
        Zone::default(),
        Zone::parse("Europe/London").expect("a zone"),
        Zone::parse("+05:30").expect("an offset"),
    ];
    for zone in zones {
        let _ = parse_time(text, date, zone);
    }
    if let Ok(zone) = Zone::parse(text) {
        let _ = parse_time("2025-03-30 01:30", date, zone);
        let _ = zone.to_string();
    }
});
