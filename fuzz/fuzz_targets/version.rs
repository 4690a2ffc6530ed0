//! Fuzzes every version scheme: validation, comparison (which must be antisymmetric), native
//! range parsing, containment and vers conversion. Input: `scheme-index<TAB>a<TAB>b`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcyber_ident::version::Scheme;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let scheme = Scheme::ALL[usize::from(selector) % Scheme::ALL.len()];
    let (a, b) = text.split_once('\t').unwrap_or((text, "1.0.0"));
    let _ = scheme.validate(a);
    if let (Ok(x), Ok(y)) = (scheme.compare(a, b), scheme.compare(b, a)) {
        assert_eq!(x, y.reverse(), "{scheme}: `{a}` vs `{b}`");
    }
    if let Ok(range) = scheme.parse_native_range(a) {
        let _ = range.contains(b);
        if let Ok(vers) = range.to_vers() {
            let text = vers.to_string();
            assert!(medcyber_ident::vers::Vers::parse_lenient(&text).is_ok(), "{text}");
        }
    }
});
