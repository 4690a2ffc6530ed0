//! Every vector of the Red Hat `cvss` test suite (`redhat-cvss/tests/vectors_*`: v2, v3.0,
//! v3.1 and v4.0, including the calculator cross-checks with environmental metrics and the v4
//! supplemental, security and threat files) gives the expected scores.

mod common;

use medcyber_cvss::{Cvss, parse};

/// `<vector> - (<base>, <temporal>, <environmental>)`, `<vector> - (<score>,)` or
/// `<vector> - <score>`; `None` where the group is absent.
fn expected(line: &str) -> Option<(&str, Vec<Option<f64>>)> {
    let (vector, scores) = line.split_once(" - ")?;
    let scores = scores
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s == "None" {
                None
            } else {
                s.parse::<f64>().ok()
            }
        })
        .collect();
    Some((vector.trim(), scores))
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

#[test]
fn every_redhat_vector_scores_as_expected() {
    let Some(lines) = common::redhat_vector_lines() else {
        return;
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, line) in &lines {
        let Some((vector, want)) = expected(line) else {
            panic!("{name}: unreadable line `{line}`");
        };
        let got: Vec<Option<f64>> = match parse(vector) {
            Ok(Cvss::V4(v)) => vec![Some(v.score().score)],
            Ok(Cvss::V3(v)) => {
                let s = v.scores();
                vec![Some(s.base_score), s.temporal_score, s.environmental_score]
            }
            Ok(Cvss::V2(v)) => {
                let s = v.scores();
                vec![Some(s.base_score), s.temporal_score, s.environmental_score]
            }
            Err(e) => {
                failures.push(format!("{name}: {vector}: {e}"));
                continue;
            }
        };
        checked += 1;
        if want.len() != got.len() || !want.iter().zip(&got).all(|(w, g)| close(*w, *g)) {
            failures.push(format!("{name}: {vector}: expected {want:?}, got {got:?}"));
        }
    }
    assert!(checked > 7000, "only {checked} vectors read");
    assert!(
        failures.is_empty(),
        "{} of {checked} vectors differ:\n{}",
        failures.len(),
        failures[..failures.len().min(30)].join("\n")
    );
}
