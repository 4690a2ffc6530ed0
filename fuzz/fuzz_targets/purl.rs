//! Fuzzes purl parsing (strict and lenient) and the canonical round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcyber_ident::purl::Purl;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Purl::parse(text);
    if let Ok(purl) = Purl::parse_lenient(text) {
        let canonical = purl.to_string();
        let again = Purl::parse(&canonical).expect("a canonical purl parses strictly");
        assert_eq!(again.to_string(), canonical);
    }
});
