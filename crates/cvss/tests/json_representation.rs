//! The FIRST CVSS JSON representation: what medcyber writes for every Red Hat test vector
//! validates against the official schema of its version and reads back to the same vector;
//! stated values that contradict the vector are rejected.

mod common;

use medcyber_cvss::json::{from_json, to_json};
use medcyber_cvss::{Cvss, parse};
use serde_json::{Value, json};

fn schema(dir: &std::path::Path, version: &str) -> jsonschema::Validator {
    let path = dir.join(format!("tests/schemas/cvss-v{version}.json"));
    let schema: Value = medcyber_testdata::read_json(&path);
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_test_vector_round_trips_through_valid_json() {
    let Some(dir) = medcyber_testdata::dir("redhat-cvss") else {
        return;
    };
    let validators: Vec<(&str, jsonschema::Validator)> = ["2.0", "3.0", "3.1", "4.0"]
        .into_iter()
        .map(|v| (v, schema(&dir, v)))
        .collect();
    let Some(lines) = common::redhat_vector_lines() else {
        return;
    };
    let mut checked = 0;
    for (name, line) in &lines {
        let Some((vector, _)) = line.split_once(" - ") else {
            continue;
        };
        let cvss = parse(vector.trim()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let value = to_json(&cvss);
        let version = cvss.version().as_str();
        let validator = validators
            .iter()
            .find(|(v, _)| *v == version)
            .map(|(_, s)| s)
            .unwrap_or_else(|| panic!("{version}"));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {vector}: {errors:?}\n{value}");
        assert_eq!(from_json(&value).as_ref(), Ok(&cvss), "{name}: {vector}");
        checked += 1;
    }
    assert!(checked > 7000, "{checked}");
}

#[test]
fn contradictions_are_rejected() {
    let cvss =
        parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").unwrap_or_else(|e| panic!("{e}"));
    let good = to_json(&cvss);
    assert_eq!(good["baseScore"], 9.8);
    assert_eq!(good["attackVector"], "NETWORK");
    assert_eq!(good["environmentalSeverity"], "CRITICAL");
    let mut wrong_score = good.clone();
    wrong_score["baseScore"] = json!(7.5);
    assert!(from_json(&wrong_score).is_err_and(|e| e.message.contains("baseScore")));
    let mut wrong_metric = good.clone();
    wrong_metric["attackVector"] = json!("LOCAL");
    assert!(from_json(&wrong_metric).is_err_and(|e| e.message.contains("attackVector")));
    let mut wrong_version = good.clone();
    wrong_version["version"] = json!("3.0");
    assert!(from_json(&wrong_version).is_err());
    let mut unset = good.clone();
    unset["modifiedScope"] = json!("CHANGED");
    assert!(from_json(&unset).is_err_and(|e| e.message.contains("modifiedScope")));
    let mut not_defined = good;
    not_defined["modifiedScope"] = json!("NOT_DEFINED");
    assert!(matches!(from_json(&not_defined), Ok(Cvss::V3(_))));
    // Objects that are not a CVSS JSON representation.
    assert!(
        from_json(&json!({"version": "3.1"})).is_err_and(|e| e.message.contains("vectorString"))
    );
    assert!(
        from_json(&json!({"vectorString": "AV:N/AC:L/Au:N/C:P/I:P/A:P"}))
            .is_err_and(|e| e.message.contains("version"))
    );
    // NVD-style v2 object.
    let v2 = json!({"version": "2.0", "vectorString": "AV:N/AC:L/Au:N/C:P/I:P/A:P", "accessVector": "NETWORK", "baseScore": 7.5});
    assert!(matches!(from_json(&v2), Ok(Cvss::V2(_))));
}
