//! Fuzzes the CVSS vector parser of every version and the scoring: a parsed vector prints to
//! a vector that parses back equal, and its scores lie in [0, 10]; the input as an environment
//! (a product's CVSS profile) of a 3.1 and a 4.0 vector rescores within [0, 10] or is refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcyber_cvss::{Cvss, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for base in [
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    ] {
        if let Ok(v) = medcyber_cvss::with_environment(base, text) {
            let (score, _) = v.environmental();
            assert!((0.0..=10.0).contains(&score), "{text}: {score}");
        }
    }
    let Ok(v) = parse(text) else {
        return;
    };
    assert_eq!(parse(&v.to_string()).as_ref(), Ok(&v), "{text}");
    let scores: Vec<f64> = match &v {
        Cvss::V2(x) => {
            let s = x.scores();
            [Some(s.base_score), s.temporal_score, s.environmental_score]
                .into_iter()
                .flatten()
                .collect()
        }
        Cvss::V3(x) => {
            let s = x.scores();
            [Some(s.base_score), s.temporal_score, s.environmental_score]
                .into_iter()
                .flatten()
                .collect()
        }
        Cvss::V4(x) => vec![x.score().score],
    };
    assert!(
        scores.iter().all(|s| (0.0..=10.0).contains(s)),
        "{text}: {scores:?}"
    );
});
