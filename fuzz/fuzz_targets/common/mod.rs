//! The checks every version-scheme fuzz target runs (one target per scheme, so that each
//! scheme's parser gets its own corpus and its own time in CI).

use medcyber_ident::version::Scheme;

/// Input: `a<TAB>b` (`b` defaults to `1.0.0`). Validation, comparison (which must be
/// antisymmetric and reflexive), native range parsing, containment, and the vers conversion
/// (whose output must parse again).
pub fn check_scheme(scheme: Scheme, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\t').unwrap_or((text, "1.0.0"));
    let _ = scheme.validate(a);
    if let (Ok(x), Ok(y)) = (scheme.compare(a, b), scheme.compare(b, a)) {
        assert_eq!(x, y.reverse(), "{scheme}: `{a}` vs `{b}`");
    }
    if let Ok(x) = scheme.compare(a, a) {
        assert_eq!(x, std::cmp::Ordering::Equal, "{scheme}: `{a}` vs itself");
    }
    if let Ok(range) = scheme.parse_native_range(a) {
        let _ = range.contains(b);
        if let Ok(vers) = range.to_vers() {
            let text = vers.to_string();
            assert!(
                medcyber_ident::vers::Vers::parse_lenient(&text).is_ok(),
                "{text}"
            );
        }
    }
}
