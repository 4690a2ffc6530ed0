//! Fuzzes vers parsing (strict and lenient), containment and display round trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcyber_ident::vers::Vers;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (range, version) = text.split_once('\n').unwrap_or((text, "1.0.0"));
    if let Ok(vers) = Vers::parse(range) {
        let printed = vers.to_string();
        let again = Vers::parse(&printed).expect("a canonical vers re-parses");
        assert_eq!(again, vers);
        let _ = vers.contains(version);
    }
    if let Ok(vers) = Vers::parse_lenient(range) {
        let _ = vers.contains(version);
        let printed = vers.to_string();
        assert!(Vers::parse_lenient(&printed).is_ok(), "{printed}");
    }
});
