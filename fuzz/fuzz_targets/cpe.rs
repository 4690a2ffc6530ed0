//! Fuzzes CPE parsing (formatted string, URI, WFN notation), the binding round trips and
//! name matching. Input: `source<TAB>target`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcyber_ident::cpe::{Relations, Wfn};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text
        .split_once('\t')
        .unwrap_or((text, "cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*"));
    let Ok(source) = Wfn::parse(a) else {
        return;
    };
    for bound in [source.to_fs(), source.to_uri(), source.to_string()] {
        assert_eq!(Wfn::parse(&bound).as_ref(), Ok(&source), "{a} -> {bound}");
    }
    if let Ok(target) = Wfn::parse(b) {
        let r = Relations::of(&source, &target);
        assert!(!(r.equal && r.disjoint));
        assert!(!r.equal || (r.subset && r.superset));
    }
});
