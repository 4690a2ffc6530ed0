//! Properties over random valid vectors of every version: scores lie in [0, 10] on the
//! one-decimal grid, severities agree with scores, printing and re-parsing is the identity.

use medcyber_cvss::{Cvss, parse};
use proptest::prelude::*;

type Table = &'static [(&'static str, &'static [&'static str], bool)];

const V2: Table = &[
    ("AV", &["L", "A", "N"], true),
    ("AC", &["H", "M", "L"], true),
    ("Au", &["M", "S", "N"], true),
    ("C", &["N", "P", "C"], true),
    ("I", &["N", "P", "C"], true),
    ("A", &["N", "P", "C"], true),
    ("E", &["U", "POC", "F", "H", "ND"], false),
    ("RL", &["OF", "TF", "W", "U", "ND"], false),
    ("RC", &["UC", "UR", "C", "ND"], false),
    ("CDP", &["N", "L", "LM", "MH", "H", "ND"], false),
    ("TD", &["N", "L", "M", "H", "ND"], false),
    ("CR", &["L", "M", "H", "ND"], false),
    ("IR", &["L", "M", "H", "ND"], false),
    ("AR", &["L", "M", "H", "ND"], false),
];

const V3: Table = &[
    ("AV", &["N", "A", "L", "P"], true),
    ("AC", &["L", "H"], true),
    ("PR", &["N", "L", "H"], true),
    ("UI", &["N", "R"], true),
    ("S", &["U", "C"], true),
    ("C", &["H", "L", "N"], true),
    ("I", &["H", "L", "N"], true),
    ("A", &["H", "L", "N"], true),
    ("E", &["X", "H", "F", "P", "U"], false),
    ("RL", &["X", "U", "W", "T", "O"], false),
    ("RC", &["X", "C", "R", "U"], false),
    ("CR", &["X", "H", "M", "L"], false),
    ("IR", &["X", "H", "M", "L"], false),
    ("AR", &["X", "H", "M", "L"], false),
    ("MAV", &["X", "N", "A", "L", "P"], false),
    ("MAC", &["X", "L", "H"], false),
    ("MPR", &["X", "N", "L", "H"], false),
    ("MUI", &["X", "N", "R"], false),
    ("MS", &["X", "U", "C"], false),
    ("MC", &["X", "H", "L", "N"], false),
    ("MI", &["X", "H", "L", "N"], false),
    ("MA", &["X", "H", "L", "N"], false),
];

const V4: Table = &[
    ("AV", &["N", "A", "L", "P"], true),
    ("AC", &["L", "H"], true),
    ("AT", &["N", "P"], true),
    ("PR", &["N", "L", "H"], true),
    ("UI", &["N", "P", "A"], true),
    ("VC", &["H", "L", "N"], true),
    ("VI", &["H", "L", "N"], true),
    ("VA", &["H", "L", "N"], true),
    ("SC", &["H", "L", "N"], true),
    ("SI", &["H", "L", "N"], true),
    ("SA", &["H", "L", "N"], true),
    ("E", &["X", "A", "P", "U"], false),
    ("CR", &["X", "H", "M", "L"], false),
    ("IR", &["X", "H", "M", "L"], false),
    ("AR", &["X", "H", "M", "L"], false),
    ("MAV", &["X", "N", "A", "L", "P"], false),
    ("MAC", &["X", "L", "H"], false),
    ("MAT", &["X", "N", "P"], false),
    ("MPR", &["X", "N", "L", "H"], false),
    ("MUI", &["X", "N", "P", "A"], false),
    ("MVC", &["X", "H", "L", "N"], false),
    ("MVI", &["X", "H", "L", "N"], false),
    ("MVA", &["X", "H", "L", "N"], false),
    ("MSC", &["X", "H", "L", "N"], false),
    ("MSI", &["X", "S", "H", "L", "N"], false),
    ("MSA", &["X", "S", "H", "L", "N"], false),
    ("S", &["X", "N", "P"], false),
    ("AU", &["X", "N", "Y"], false),
    ("R", &["X", "A", "U", "I"], false),
    ("V", &["X", "D", "C"], false),
    ("RE", &["X", "L", "M", "H"], false),
    ("U", &["X", "Clear", "Green", "Amber", "Red"], false),
];

/// A random valid vector of `table`: every mandatory metric, each optional one with
/// probability 1/2, values uniform.
fn vector(prefix: &'static str, table: Table) -> impl Strategy<Value = String> {
    prop::collection::vec((any::<bool>(), any::<u8>()), table.len()).prop_map(move |choices| {
        let parts: Vec<String> = table
            .iter()
            .zip(choices)
            .filter(|((_, _, mandatory), (keep, _))| *mandatory || *keep)
            .map(|((key, values, _), (_, pick))| {
                format!("{key}:{}", values[usize::from(pick) % values.len()])
            })
            .collect();
        format!("{prefix}{}", parts.join("/"))
    })
}

fn any_vector() -> impl Strategy<Value = String> {
    prop_oneof![
        vector("", V2),
        vector("CVSS:3.0/", V3),
        vector("CVSS:3.1/", V3),
        vector("CVSS:4.0/", V4),
    ]
}

fn on_grid(x: f64) -> bool {
    (0.0..=10.0).contains(&x) && ((x * 10.0).round() - x * 10.0).abs() < 1e-9
}

proptest! {
    #[test]
    fn scores_are_in_range_and_severities_agree(text in any_vector()) {
        let v = parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        match &v {
            Cvss::V4(x) => {
                let s = x.score();
                prop_assert!(on_grid(s.score), "{} -> {}", text, s.score);
                prop_assert_eq!(s.severity, medcyber_cvss::severity(s.score));
                prop_assert_eq!(s.macro_vector.len(), 6);
            }
            Cvss::V2(x) => {
                let s = x.scores();
                for score in [Some(s.base_score), s.temporal_score, s.environmental_score].into_iter().flatten() {
                    prop_assert!(on_grid(score), "{} -> {}", text, score);
                }
                prop_assert_eq!(s.base_severity, medcyber_cvss::severity_v2(s.base_score));
            }
            Cvss::V3(x) => {
                let s = x.scores();
                for score in [Some(s.base_score), s.temporal_score, s.environmental_score].into_iter().flatten() {
                    prop_assert!(on_grid(score), "{} -> {}", text, score);
                }
                prop_assert_eq!(s.base_severity, medcyber_cvss::severity(s.base_score));
                prop_assert_eq!(s.temporal_severity, s.temporal_score.map(medcyber_cvss::severity));
                prop_assert!(s.temporal_score.unwrap_or(0.0) <= s.base_score + 1e-9);
            }
        }
        // Printing gives the same vector back (metrics in table order).
        let printed = v.to_string();
        let reparsed = parse(&printed);
        prop_assert_eq!(reparsed.as_ref(), Ok(&v), "{} -> {}", text, printed);
    }

    #[test]
    fn a_broken_vector_is_an_error_not_a_panic(text in any_vector(), cut in any::<usize>(), junk in "[A-Z:/]{0,4}") {
        let cut = cut % (text.len() + 1);
        let broken = format!("{}{}", &text[..cut], junk);
        let _ = parse(&broken);
    }
}
