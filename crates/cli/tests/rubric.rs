//! `medcyber cvss rubric`: from an answers file (YAML and JSON), interactively with undo, in
//! English and Japanese.

use assert_cmd::Command;
use predicates::str::contains;

fn medcyber() -> Command {
    Command::cargo_bin("medcyber").expect("binary")
}

const ANSWERS_YAML: &str = "# infusion pump on the hospital network
XAVN: yes
XAVT: yes
XACL: yes
XPRL: no
XUI: no
XS: no
XCP: no
XCD: no
XCT: no
XCW: no
XCS: no
XCO: no
XIP: no
XID: no
XIT: yes
XIW: no
XIS: no
XIO: no
XAP: no
XAD: no
XAT: yes
XAW: no
XAS: no
XAO: no
";

#[test]
fn answers_file_gives_the_json_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("answers.yaml");
    std::fs::write(&path, ANSWERS_YAML).expect("write");
    let out = medcyber()
        .args(["cvss", "rubric", "--format", "json", "--answers"])
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let record: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(
        record["vector"],
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H"
    );
    assert_eq!(record["base_score"], 9.1);
    assert_eq!(record["base_severity"], "Critical");
    assert_eq!(record["version"], "3.1");
    assert_eq!(record["answers"]["XIT"], "yes");
    let av = &record["metrics"][0];
    assert_eq!(
        (
            av["metric"].as_str(),
            av["value"].as_str(),
            av["decided_by"].as_str()
        ),
        (Some("AV"), Some("N"), Some("XAVT"))
    );
    assert_eq!(av["steps"].as_array().map(Vec::len), Some(2));
    assert!(av["source"].as_str().is_some_and(|s| s.contains("MITRE")));
    assert_eq!(av["verified"], "partial");
    // The same answers as JSON, Japanese text output.
    let json_path = dir.path().join("answers.json");
    let map: serde_json::Map<String, serde_json::Value> = ANSWERS_YAML
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.to_owned())))
        .collect();
    std::fs::write(&json_path, serde_json::to_string(&map).expect("json")).expect("write");
    medcyber()
        .args(["cvss", "rubric", "--lang", "ja", "--answers"])
        .arg(&json_path)
        .assert()
        .success()
        .stdout(contains(
            "ベクトル: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H",
        ))
        .stdout(contains("基本値: 9.1 (Critical)"))
        .stdout(contains("根拠 (XIT)"));
}

#[test]
fn incomplete_or_wrong_answers_are_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("answers.yaml");
    std::fs::write(&path, "XAVN: yes\nXAVT: yes\n").expect("write");
    medcyber()
        .args(["cvss", "rubric", "--answers"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(contains("no answer for question XACL"));
    std::fs::write(&path, "XAVN: perhaps\n").expect("write");
    medcyber()
        .args(["cvss", "rubric", "--answers"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(contains("`perhaps` is not yes, no or unknown"));
}

#[test]
fn interactive_with_help_and_back() {
    // y (XAVN), ? (help), n (XAVT), b (back to XAVT), y (XAVT) -> AV:N, then all `n`.
    let mut input = String::from("y\n?\nn\nb\ny\n");
    input.push_str(&"n\n".repeat(30));
    medcyber()
        .args(["cvss", "rubric"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(contains(
            "Vector: CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:N",
        ))
        .stderr(contains(
            "XAVT Does the network use OSI layer 3 or 4 protocols",
        ))
        .stderr(contains(
            "Routable protocols let an attacker reach the device",
        ));
    // Quitting or running out of input is not a result.
    medcyber()
        .args(["cvss", "rubric"])
        .write_stdin("y\nq\n")
        .assert()
        .code(2);
    medcyber()
        .args(["cvss", "rubric", "--lang", "ja"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(contains("攻撃者は"));
}
