//! Fuzzes the npm, semver, cargo and golang schemes: versions, comparisons, node-semver ranges
//! and their vers conversion.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcyber_ident::version::Scheme;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\t').unwrap_or((text, "1.0.0"));
    for scheme in [Scheme::Npm, Scheme::Semver, Scheme::Cargo, Scheme::Golang] {
        if let (Ok(x), Ok(y)) = (scheme.compare(a, b), scheme.compare(b, a)) {
            assert_eq!(x, y.reverse(), "{scheme} antisymmetry");
        }
    }
    if let Ok(range) = Scheme::Npm.parse_native_range(a) {
        let _ = range.contains(b);
        let _ = range.to_vers().map(|v| v.to_string());
    }
});
