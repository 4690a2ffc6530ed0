//! Fuzzes the CVSS vector parser of every version and the scoring: a parsed vector prints to
//! a vector that parses back equal, and its scores lie in [0, 10].
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcyber_cvss::{Cvss, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
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
