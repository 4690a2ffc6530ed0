//! The `medcyber cpe parse` and `medcyber cpe match` CLI contract.

use assert_cmd::Command;
use predicates::str::contains;

fn medcyber() -> Command {
    Command::cargo_bin("medcyber").expect("binary")
}

#[test]
fn parse_prints_both_bindings_and_the_wfn() {
    medcyber()
        .args(["cpe", "parse", "cpe:2.3:a:Microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*"])
        .assert()
        .success()
        .stdout(
            r#"{"fs":"cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*","uri":"cpe:/a:microsoft:internet_explorer:8.0.6001:beta","wfn":{"part":"a","vendor":"microsoft","product":"internet_explorer","version":"8\\.0\\.6001","update":"beta","edition":"ANY","language":"ANY","sw_edition":"ANY","target_sw":"ANY","target_hw":"ANY","other":"ANY"}}"#
                .to_owned()
                + "\n",
        );
}

#[test]
fn parse_reads_a_uri_with_a_packed_edition() {
    medcyber()
        .args([
            "cpe",
            "parse",
            "cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~",
        ])
        .assert()
        .success()
        .stdout(contains(
            r#""fs":"cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*""#,
        ))
        .stdout(contains(r#""update":"NA""#));
}

#[test]
fn parse_rejects_with_exit_2_and_batch_goes_on() {
    medcyber()
        .args(["cpe", "parse", "cpe:2.3:a:vendor:product"])
        .assert()
        .code(2)
        .stdout(contains(r#"{"error":"invalid CPE"#));
    let out = medcyber()
        .args(["cpe", "parse", "--batch"])
        .write_stdin("cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*\nnot a cpe\n\ncpe:/o:linux:linux_kernel:5.10\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with(r#"{"fs":"cpe:2.3:a:vendor:product:1.0:"#));
    assert!(lines[1].starts_with(r#"{"error":"#));
    assert!(lines[2].starts_with(r#"{"error":"#));
    assert!(lines[3].contains(r#""fs":"cpe:2.3:o:linux:linux_kernel:5.10:*:*:*:*:*:*:*""#));
}

#[test]
fn match_prints_the_relation_and_the_four_functions() {
    medcyber()
        .args([
            "cpe",
            "match",
            "cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*",
            "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
        ])
        .assert()
        .success()
        .stdout("{\"relation\":\"SUPERSET\",\"superset\":true,\"subset\":false,\"equal\":false,\"disjoint\":false}\n");
    let out = medcyber()
        .args(["cpe", "match", "--batch"])
        .write_stdin(concat!(
            "cpe:/a:vendor:product:1.0\tcpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*\n",
            "cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*\tcpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*\n",
            "cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*\tcpe:2.3:a:vendor:product:2.0:*:*:*:*:*:*:*\n",
            "cpe:2.3:a:vendor:*:1.0:*:*:*:*:*:*:*\tcpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*\n",
            "no tab here\n",
        ))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    let relations: Vec<&str> = text
        .lines()
        .map(|l| l.split('"').nth(3).unwrap_or(l))
        .collect();
    assert_eq!(
        relations,
        [
            "EQUAL",
            "SUBSET",
            "DISJOINT",
            "UNDEFINED",
            "expected two fields separated by a tab"
        ]
    );
}
