//! The medical-device rubric: the bundled data holds together, every decision path gives the
//! documented value, and complete answer sets give golden vectors and scores.

use std::collections::BTreeMap;

use medcyber_cvss::Severity;
use medcyber_cvss::rubric::{Rubric, Session};

fn rubric() -> &'static Rubric {
    Rubric::bundled().unwrap_or_else(|e| panic!("{e}"))
}

/// Answers every question not in `overrides` with `no` (the "nothing applies" baseline of
/// each tree), except those listed.
fn answers(overrides: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut map: BTreeMap<String, String> = rubric()
        .metrics
        .iter()
        .flat_map(|m| m.questions.iter().map(|q| (q.id.clone(), "no".to_owned())))
        .collect();
    for (id, answer) in overrides {
        map.insert((*id).to_owned(), (*answer).to_owned());
    }
    map
}

fn value(overrides: &[(&str, &str)], metric: &str) -> String {
    let a = rubric()
        .evaluate(&answers(overrides))
        .unwrap_or_else(|e| panic!("{e}"));
    a.metrics
        .iter()
        .find(|m| m.metric == metric)
        .map(|m| m.value.clone())
        .unwrap_or_default()
}

#[test]
fn bundled_rubric_is_complete_and_bilingual() {
    let r = rubric();
    let metrics: Vec<&str> = r.metrics.iter().map(|m| m.metric.as_str()).collect();
    assert_eq!(metrics, ["AV", "AC", "PR", "UI", "S", "C", "I", "A"]);
    let questions: usize = r.metrics.iter().map(|m| m.questions.len()).sum();
    assert_eq!(questions, 6 + 1 + 3 + 1 + 1 + 7 + 6 + 6);
    for m in &r.metrics {
        assert!(m.source.contains("MITRE"), "{}", m.metric);
        assert!(!m.name.ja.is_empty() && !m.name.en.is_empty());
        for q in &m.questions {
            assert!(!q.text.ja.is_ascii(), "{} has no Japanese text", q.id);
        }
    }
}

#[test]
fn attack_vector_paths() {
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("XAVN", "yes"), ("XAVT", "yes")], "N"),
        (&[("XAVN", "yes"), ("XAVT", "unknown")], "N"),
        (&[("XAVN", "unknown")], "N"),
        (&[("XAVN", "yes"), ("XAVT", "no"), ("XAVW", "no")], "A"),
        (
            &[
                ("XAVN", "yes"),
                ("XAVT", "no"),
                ("XAVW", "yes"),
                ("XAVR", "yes"),
            ],
            "L",
        ),
        (
            &[
                ("XAVN", "yes"),
                ("XAVT", "no"),
                ("XAVW", "yes"),
                ("XAVR", "no"),
            ],
            "A",
        ),
        (&[("XAVN", "yes"), ("XAVT", "no"), ("XAVW", "unknown")], "A"),
        (&[("XAVN", "no"), ("XAVP", "no")], "L"),
        (&[("XAVN", "no"), ("XAVP", "yes"), ("XAVPA", "yes")], "P"),
        (&[("XAVN", "no"), ("XAVP", "yes"), ("XAVPA", "no")], "P"),
    ];
    for (answers, expected) in cases {
        assert_eq!(value(answers, "AV"), *expected, "{answers:?}");
    }
}

#[test]
fn single_question_and_privilege_paths() {
    assert_eq!(value(&[("XACL", "yes")], "AC"), "L");
    assert_eq!(value(&[("XACL", "no")], "AC"), "H");
    assert_eq!(value(&[("XPRL", "no")], "PR"), "N");
    assert_eq!(value(&[("XPRL", "yes"), ("XPRZ", "no")], "PR"), "N");
    assert_eq!(
        value(&[("XPRL", "yes"), ("XPRZ", "yes"), ("XPRS", "yes")], "PR"),
        "H"
    );
    assert_eq!(
        value(&[("XPRL", "yes"), ("XPRZ", "yes"), ("XPRS", "no")], "PR"),
        "L"
    );
    assert_eq!(value(&[("XUI", "yes")], "UI"), "R");
    assert_eq!(value(&[("XUI", "no")], "UI"), "N");
    assert_eq!(value(&[("XS", "yes")], "S"), "C");
    assert_eq!(value(&[("XS", "unknown")], "S"), "C");
}

#[test]
fn impact_metrics_take_the_highest_category() {
    assert_eq!(value(&[], "C"), "N");
    assert_eq!(value(&[("XCP", "yes"), ("XCPM", "no")], "C"), "L");
    assert_eq!(value(&[("XCP", "yes"), ("XCPM", "yes")], "C"), "H");
    assert_eq!(value(&[("XCP", "yes"), ("XCPM", "unknown")], "C"), "H");
    assert_eq!(
        value(&[("XCP", "yes"), ("XCPM", "no"), ("XCS", "yes")], "C"),
        "H"
    );
    assert_eq!(value(&[("XIT", "yes")], "I"), "H");
    assert_eq!(value(&[("XAW", "unknown")], "A"), "H");
    assert_eq!(value(&[("XAD", "no")], "A"), "N");
}

#[test]
fn golden_assessments() {
    // An infusion pump reachable over the hospital IP network, no login, therapy alterable.
    let a = rubric()
        .evaluate(&answers(&[
            ("XAVN", "yes"),
            ("XAVT", "yes"),
            ("XACL", "yes"),
            ("XIT", "yes"),
            ("XAT", "yes"),
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H");
    assert_eq!((a.base_score, a.base_severity), (9.1, Severity::Critical));
    // A programmer reached over short-range telemetry, maintainer login, few patients' PHI.
    let a = rubric()
        .evaluate(&answers(&[
            ("XAVN", "yes"),
            ("XAVT", "no"),
            ("XAVW", "yes"),
            ("XAVR", "yes"),
            ("XACL", "no"),
            ("XPRL", "yes"),
            ("XPRZ", "yes"),
            ("XPRS", "yes"),
            ("XCP", "yes"),
            ("XCPM", "no"),
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.vector, "CVSS:3.1/AV:L/AC:H/PR:H/UI:N/S:U/C:L/I:N/A:N");
    assert_eq!((a.base_score, a.base_severity), (1.9, Severity::Low));
    let c = &a.metrics[5];
    assert_eq!(c.decided_by, "XCPM");
    assert_eq!(c.steps.len(), 7);
}

#[test]
fn evaluate_rejects_incomplete_and_unknown_answers() {
    let mut partial = answers(&[]);
    partial.remove("XS");
    assert!(
        rubric()
            .evaluate(&partial)
            .is_err_and(|e| e.0.contains("XS"))
    );
    let mut typo = answers(&[]);
    typo.insert("XAVQ".to_owned(), "yes".to_owned());
    assert!(
        rubric()
            .evaluate(&typo)
            .is_err_and(|e| e.0.contains("XAVQ"))
    );
    let bad = answers(&[("XUI", "maybe")]);
    assert!(rubric().evaluate(&bad).is_err());
}

#[test]
fn session_asks_in_order_and_undoes() {
    let mut s = Session::new(rubric());
    assert_eq!(s.next_question().map(|q| q.id.as_str()), Some("XAVN"));
    s.answer("y").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.next_question().map(|q| q.id.as_str()), Some("XAVT"));
    s.answer("n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.next_question().map(|q| q.id.as_str()), Some("XAVW"));
    assert!(s.undo());
    assert_eq!(s.next_question().map(|q| q.id.as_str()), Some("XAVT"));
    s.answer("はい").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.next_question().map(|q| q.id.as_str()), Some("XACL"));
    assert!(s.answer("perhaps").is_err());
    while s.next_question().is_some() {
        s.answer("no").unwrap_or_else(|e| panic!("{e}"));
    }
    let a = s.assessment().unwrap_or_else(|| panic!("complete"));
    assert_eq!(a.vector, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:N");
    assert_eq!(a.base_score, 0.0);
}

/// The checks `Rubric::new` makes on the data, each broken once.
#[test]
fn inconsistent_rubric_data_is_rejected() {
    use medcyber_cvss::rubric::Outcome;
    let good = rubric().metrics.clone();
    assert!(Rubric::new(good.clone()).is_ok());
    let broken = |f: &dyn Fn(&mut Vec<medcyber_cvss::rubric::MetricFlow>)| {
        let mut m = good.clone();
        f(&mut m);
        Rubric::new(m).map(|_| ()).map_err(|e| e.0)
    };
    let err = |r: Result<(), String>, what: &str| {
        assert!(
            r.as_ref().is_err_and(|e| e.contains(what)),
            "{r:?} should mention {what}"
        );
    };
    err(broken(&|m| m.swap(0, 1)), "in that order");
    err(
        broken(&|m| m[1].questions[0].id = "XAVN".to_owned()),
        "defined twice",
    );
    err(
        broken(&|m| m[0].questions[0].text.ja.clear()),
        "text missing",
    );
    err(
        broken(&|m| {
            m[1].questions[0].answers.remove("unknown");
        }),
        "no outcome for `unknown`",
    );
    err(
        broken(&|m| {
            m[1].questions[0].answers.insert(
                "yes".to_owned(),
                Outcome {
                    next: Some("XNONE".to_owned()),
                    value: None,
                    reason: None,
                },
            );
        }),
        "unknown question XNONE",
    );
    err(
        broken(&|m| {
            m[1].questions[0].answers.insert(
                "yes".to_owned(),
                Outcome {
                    next: None,
                    value: Some("Q".to_owned()),
                    reason: None,
                },
            );
        }),
        "must give a next question or a value",
    );
    err(
        broken(&|m| {
            if let Some(o) = m[1].questions[0].answers.get_mut("yes") {
                o.reason = None;
            }
        }),
        "without a reason",
    );
    err(
        broken(&|m| m[0].roots = vec!["XAVN".to_owned(), "XAVP".to_owned()]),
        "one root",
    );
    err(
        broken(&|m| m[2].roots = vec!["XAVN".to_owned()]),
        "unknown root",
    );
    // XPRZ `yes` back to XPRL: a cycle.
    err(
        broken(&|m| {
            if let Some(o) = m[2].questions[1].answers.get_mut("yes") {
                o.next = Some("XPRL".to_owned());
            }
        }),
        "cycle",
    );
}
