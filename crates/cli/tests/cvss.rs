//! The `medcyber cvss score` CLI contract.

use assert_cmd::Command;
use predicates::str::contains;

fn medcyber() -> Command {
    Command::cargo_bin("medcyber").expect("binary")
}

fn batch(input: &str) -> Vec<serde_json::Value> {
    let out = medcyber()
        .args(["cvss", "score", "--batch"])
        .write_stdin(input.to_owned())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn json_records_for_every_version() {
    let records = batch(concat!(
        "AV:N/AC:L/Au:N/C:P/I:P/A:P\n",
        "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:H/IR:H/AR:H\n",
        "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N/E:H/RL:O/RC:C/CR:H/IR:H/AR:H/MAV:N/MAC:L/MPR:L/MUI:N/MS:C/MC:H/MI:H/MA:H\n",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P\n",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H\n",
    ));
    assert_eq!(records.len(), 6);
    let v2 = &records[0];
    assert_eq!(v2["version"], "2.0");
    assert_eq!(v2["base_score"], 7.5);
    assert_eq!(v2["base_severity"], "High");
    assert!(v2["temporal_score"].is_null() && v2["environmental_score"].is_null());
    assert_eq!(records[1]["temporal_score"], 6.2);
    assert!(records[1]["environmental_score"].is_number());
    // vectors_calculator3: (9.3, 8.9, 9.5).
    let v30 = &records[2];
    assert_eq!(
        (v30["version"].as_str(), v30["base_score"].as_f64()),
        (Some("3.0"), Some(9.3))
    );
    assert_eq!(
        (
            v30["temporal_score"].as_f64(),
            v30["environmental_score"].as_f64()
        ),
        (Some(8.9), Some(9.5))
    );
    assert_eq!(v30["environmental_severity"], "Critical");
    let v31 = &records[3];
    assert_eq!(v31["temporal_score"], 9.8);
    assert_eq!(v31["environmental_severity"], "Critical");
    let v4 = &records[4];
    assert_eq!(v4["version"], "4.0");
    assert_eq!(v4["score"], 8.9);
    assert_eq!(v4["severity"], "High");
    assert_eq!(v4["macro_vector"], "000210");
    assert_eq!(v4["nomenclature"], "CVSS-BT");
    let bad = &records[5];
    assert_eq!(bad["vector"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H");
    assert!(
        bad["error"]
            .as_str()
            .is_some_and(|e| e.contains("missing mandatory metric A") && e.contains("byte 40"))
    );
}

#[test]
fn malformed_vectors_are_located_errors() {
    let records = batch(concat!(
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:N\n",
        "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1\n",
        "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n",
        "AV:N/AC:L/Au:N/C:P/I:P/A:P/\n",
        "\n",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N\n",
    ));
    let errors: Vec<&str> = records
        .iter()
        .map(|r| r["error"].as_str().unwrap_or("NO ERROR"))
        .collect();
    assert!(errors[0].contains("AV given twice"), "{errors:?}");
    assert!(
        errors[1].contains("`Q` is not a value of AV") && errors[1].contains("byte 12"),
        "{errors:?}"
    );
    assert!(errors[2].contains("unknown metric `ZZ`"), "{errors:?}");
    assert!(
        errors[3].contains("unknown CVSS version prefix"),
        "{errors:?}"
    );
    assert!(errors[4].contains("empty metric"), "{errors:?}");
    assert!(errors[5].contains("no metrics"), "{errors:?}");
    // SI:S exists only as the environmental MSI:S.
    assert!(errors[6].contains("`S` is not a value of SI"), "{errors:?}");
}

#[test]
fn table_and_exit_codes() {
    medcyber()
        .args([
            "cvss",
            "score",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        ])
        .assert()
        .success()
        .stdout(contains("VERSION  BASE  TEMPORAL  ENVIRONMENTAL  SEVERITY"))
        .stdout(contains("3.1       9.8       9.8            9.8  Critical"));
    medcyber()
        .args([
            "cvss",
            "score",
            "--format",
            "json",
            "AV:N/AC:L/Au:N/C:P/I:P/A:P",
            "nonsense",
        ])
        .assert()
        .code(2)
        .stdout(contains(r#""base_score":7.5"#))
        .stdout(contains(r#"{"vector":"nonsense","error":"#));
}

#[test]
fn first_json_representation() {
    medcyber()
        .args([
            "cvss",
            "score",
            "--format",
            "cvss-json",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        ])
        .assert()
        .success()
        .stdout(contains(r#""attackVector":"NETWORK""#))
        .stdout(contains(r#""baseSeverity":"CRITICAL""#))
        .stdout(contains(r#""version":"3.1""#));
}
