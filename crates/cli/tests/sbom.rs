//! The `medcyber sbom validate|check|convert|diff` contract.

use assert_cmd::Command;
use serde_json::Value;

fn medcyber() -> Command {
    Command::cargo_bin("medcyber").expect("binary")
}

const PUMP: &str = r#"{
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "metadata": {
    "timestamp": "2026-01-01T00:00:00Z",
    "authors": [{"name": "PSIRT", "email": "psirt@example.com"}],
    "component": {"type": "device", "bom-ref": "pump", "name": "Infusion pump", "version": "3.2",
                  "supplier": {"name": "Example Medical"}}
  },
  "components": [
    {"type": "operating-system", "bom-ref": "rtos", "name": "FreeRTOS", "version": "10.0.1",
     "supplier": {"name": "Amazon"}, "cpe": "cpe:2.3:o:amazon:freertos:10.0.1:*:*:*:*:*:*:*",
     "properties": [{"name": "medcyber:support:level", "value": "limited"},
                    {"name": "medcyber:support:end-of-support", "value": "2027-12-31"}]},
    {"type": "library", "bom-ref": "wolfssl", "name": "wolfSSL", "version": "4.8.1",
     "supplier": {"name": "wolfSSL Inc."}, "purl": "pkg:github/wolfssl/wolfssl@4.8.1",
     "hashes": [{"alg": "SHA-256", "content": "00aa00aa00aa00aa00aa00aa00aa00aa00aa00aa00aa00aa00aa00aa00aa00aa"}],
     "licenses": [{"license": {"id": "GPL-2.0-only"}}]}
  ],
  "dependencies": [{"ref": "pump", "dependsOn": ["rtos", "wolfssl"]}, {"ref": "wolfssl", "dependsOn": ["rtos"]}]
}"#;

fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn validate_reports_each_file_and_exits_by_verdict() {
    let dir = tempfile::tempdir().expect("tmp");
    let good = file(&dir, "good.json", PUMP);
    let bad = file(
        &dir,
        "bad.json",
        &PUMP.replace("\"operating-system\"", "\"gadget\""),
    );
    let junk = file(&dir, "junk.txt", "hello");
    medcyber()
        .args(["sbom", "validate"])
        .arg(&good)
        .assert()
        .code(0);
    let out = medcyber()
        .args(["sbom", "validate", "--format", "json"])
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<Value> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[0]["format"], "CycloneDX");
    assert_eq!(lines[0]["spec_version"], "1.6");
    assert_eq!(lines[1]["valid"], false);
    assert_eq!(lines[1]["errors"][0]["pointer"], "/components/0/type");
    medcyber()
        .args(["sbom", "validate"])
        .arg(&good)
        .arg(&junk)
        .assert()
        .code(2)
        .stdout(predicates::str::contains("not an SBOM"));
}

#[test]
fn check_fda_passes_a_complete_device_sbom() {
    let dir = tempfile::tempdir().expect("tmp");
    let good = file(&dir, "good.json", PUMP);
    let out = medcyber()
        .args(["sbom", "check", "--profile", "fda", "--format", "json"])
        .arg(&good)
        .assert()
        .get_output()
        .stdout
        .clone();
    let reports: Value = serde_json::from_slice(&out).expect("json");
    let support = reports[0]["checks"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == "fda.support"))
        .cloned()
        .unwrap_or_default();
    // Only FreeRTOS carries support data: the pump itself and wolfSSL fail.
    assert_eq!(
        (support["passed"].clone(), support["total"].clone()),
        (1.into(), 3.into()),
        "{support}"
    );
    let failing: Vec<&str> = support["failures"]
        .as_array()
        .map(|f| f.iter().filter_map(|x| x["bom_ref"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(failing, ["pump", "wolfssl"]);
}

#[test]
fn convert_round_trips_through_spdx_and_reports_losses() {
    let dir = tempfile::tempdir().expect("tmp");
    let good = file(&dir, "good.json", PUMP);
    let spdx = dir.path().join("out.spdx");
    medcyber()
        .args(["sbom", "convert", "--to", "spdx-tv", "-o"])
        .arg(&spdx)
        .arg(&good)
        .assert()
        .success();
    let text = std::fs::read_to_string(&spdx).expect("written");
    assert!(
        text.contains("ValidUntilDate: 2027-12-31T00:00:00Z"),
        "{text}"
    );
    assert!(text.contains("medcyber:support:level=limited"), "{text}");
    assert!(text.contains("ExternalRef: SECURITY cpe23Type cpe:2.3:o:amazon:freertos"));
    medcyber()
        .args(["sbom", "validate"])
        .arg(&spdx)
        .assert()
        .code(0);
    let back = medcyber()
        .args(["sbom", "convert", "--to", "cyclonedx-json"])
        .arg(&spdx)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let doc: Value = serde_json::from_slice(&back).expect("json");
    assert_eq!(doc["metadata"]["component"]["name"], "Infusion pump");
    let rtos = doc["components"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "FreeRTOS"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(rtos["type"], "operating-system");
    assert!(rtos["properties"].to_string().contains("2027-12-31"));
}

#[test]
fn diff_lists_changes() {
    let dir = tempfile::tempdir().expect("tmp");
    let old = file(&dir, "old.json", PUMP);
    let new = file(
        &dir,
        "new.json",
        &PUMP
            .replace("\"4.8.1\"", "\"5.6.0\"")
            .replace("wolfssl@4.8.1", "wolfssl@5.6.0"),
    );
    medcyber()
        .args(["sbom", "diff"])
        .arg(&old)
        .arg(&new)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "~ wolfSSL: version 4.8.1 → 5.6.0",
        ));
}

#[test]
fn hostile_xml_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let xxe = file(
        &dir,
        "x.xml",
        r#"<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&x;</name></component></components></bom>"#,
    );
    medcyber()
        .args(["sbom", "convert", "--to", "spdx-json"])
        .arg(&xxe)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("DTD"));
}
