//! Medical devices end to end: CISA's medical advisories (CSAF) matched to devices by vendor,
//! product and version; the two real device SBOMs of the medical SBOM case study with their
//! hand-verified findings; VEX documents and ignore rules applied; every output format written.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{import, medcyber};

fn scan(db: &Path, sbom: &Path, extra: &[&str]) -> (Value, String, Option<i32>) {
    let out = medcyber()
        .args(["scan", "--format", "json", "--db"])
        .arg(db)
        .args(extra)
        .arg(sbom)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        stderr,
        out.status.code(),
    )
}

/// (bom_ref, vulnerability id, confidence) of every finding, sorted.
fn found(report: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f.get("suppressed_by").is_none())
        .map(|f| {
            (
                f["component"]["bom_ref"].as_str().unwrap_or("").to_owned(),
                f["vulnerability"]["id"].as_str().unwrap_or("").to_owned(),
                f["confidence"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

fn t(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.to_owned(), b.to_owned(), c.to_owned())
}

/// A CycloneDX VEX saying the Alaris server (the SBOM's described product, by BOM-Link) is not
/// affected by the CVEs of the advisory's finding.
fn cdx_vex_doc(finding: &Value) -> Value {
    let cves: Vec<Value> = finding["vulnerability"]["aliases"]
        .as_array()
        .expect("aliases")
        .iter()
        .filter(|a| a.as_str().is_some_and(|a| a.starts_with("CVE-")))
        .map(|cve| {
            serde_json::json!({
                "id": cve,
                "analysis": {"state": "not_affected", "justification": "requires_environment",
                             "detail": "The server is only reachable from the isolated clinical VLAN."},
                "affects": [{"ref": "urn:cdx:0b2f3a52-5d0c-4a55-9d1e-3c8d8f6e1a01/1#alaris"}]
            })
        })
        .collect();
    assert!(!cves.is_empty());
    serde_json::json!({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "vulnerabilities": cves})
}

const DEVICES: &str = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
 "serialNumber": "urn:uuid:0b2f3a52-5d0c-4a55-9d1e-3c8d8f6e1a01",
 "metadata": {"timestamp": "2026-11-25T00:00:00Z",
   "component": {"type": "device", "bom-ref": "alaris", "name": "Alaris Infusion Central software",
                 "version": "1.2", "supplier": {"name": "BD"}}},
 "components": [
   {"type": "application", "bom-ref": "isc", "name": "IntelliSpace Cardiovascular", "version": "2.1",
    "supplier": {"name": "Koninklijke Philips N.V."}},
   {"type": "application", "bom-ref": "isc-new", "name": "IntelliSpace Cardiovascular", "version": "3.2",
    "supplier": {"name": "Philips"}},
   {"type": "application", "bom-ref": "osimis", "name": "Osimis WebViewer", "version": "1.4.2.0-9d9eff4",
    "supplier": {"name": "Orthanc"}},
   {"type": "application", "bom-ref": "osimis-new", "name": "Osimis WebViewer", "version": "1.4.3",
    "supplier": {"name": "Orthanc"}},
   {"type": "application", "bom-ref": "other-vendor", "name": "Osimis WebViewer", "version": "1.4.2.0-9d9eff4",
    "supplier": {"name": "Someone Else"}}
 ]}"#;

#[test]
fn medical_devices_csaf_vex_and_outputs() {
    let (Some(csaf), Some(vulnrichment), Some(kev), Some(case_study)) = (
        medcyber_testdata::dir("cisa-csaf"),
        medcyber_testdata::dir("cisa-vulnrichment"),
        medcyber_testdata::dir("cisa-kev"),
        medcyber_testdata::dir("medical-sbom-case-study"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("m.db");
    let imported = import(&db, "csaf", &[csaf]);
    assert_eq!(imported["added"], 352);
    assert_eq!(imported["errors"], 0);
    import(&db, "cve5", &[vulnrichment]);
    import(
        &db,
        "kev",
        &[kev.join("known_exploited_vulnerabilities.json")],
    );

    // CISA medical advisories by vendor, product and version range. BD's and Philips' names are
    // written differently in the advisories ("Becton, Dickinson and Company (BD)", "Phillips").
    let devices = dir.path().join("devices.cdx.json");
    std::fs::write(&devices, DEVICES).expect("write");
    let (report, stderr, code) = scan(&db, &devices, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        found(&report),
        [
            t("alaris", "ICSMA-23-047-01", "medium"),
            t("isc", "ICSMA-17-318-01", "medium"),
            t("isc", "ICSMA-18-025-01", "medium"),
            t("isc", "ICSMA-18-226-01", "medium"),
            t("osimis", "ICSMA-24-023-01", "medium"),
        ]
    );
    let alaris = &report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["vulnerability"]["id"] == "ICSMA-23-047-01")
        .expect("alaris")
        .clone();
    assert_eq!(alaris["source"], "csaf");
    assert_eq!(alaris["match_kind"], "product");
    assert!(
        alaris["evidence"]
            .as_str()
            .unwrap_or("")
            .contains("1.2 in vers:generic/>=1.1|<=1.3.2"),
        "{}",
        alaris["evidence"]
    );
    assert!(
        alaris["vulnerability"]["aliases"]
            .as_array()
            .expect("aliases")
            .iter()
            .any(|a| a.as_str().is_some_and(|a| a.starts_with("CVE-2022-"))),
        "{alaris}"
    );

    // The medical SBOM case study (a real device, de-identified): against CISA's vulnrichment
    // records and medical advisories, the one finding checked by hand is FreeRTOS 10.0.1 and
    // CVE-2024-28115 (FreeRTOS kernel before 10.6.2, ARMv7-M MPU ports; the device has a
    // Cortex-M4). The SBOM names FreeRTOS `cpe:2.3:o:amazon:freertos`, CISA's ADP
    // `freertos:freertos-kernel`: the CPE alias joins them, so the confidence is medium.
    let sboms = case_study.join("sboms/case-study");
    let (narrow, _, code) = scan(&db, &sboms.join("narrow.sbom.json"), &[]);
    assert_eq!(code, Some(0));
    assert_eq!(found(&narrow), []);
    let (extended, _, _) = scan(&db, &sboms.join("extended.sbom.json"), &[]);
    let rtos_ref = extended["findings"][0]["component"]["bom_ref"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert_eq!(found(&extended), [t(&rtos_ref, "CVE-2024-28115", "medium")]);
    assert!(
        extended["findings"][0]["evidence"]
            .as_str()
            .unwrap_or("")
            .contains("through the CPE alias amazon:freertos = freertos:freertos-kernel"),
        "{}",
        extended["findings"][0]["evidence"]
    );

    // VEX: the manufacturer states the pump's product is not affected by one advisory's
    // vulnerabilities (CycloneDX VEX about the described product, by bom-ref), and OpenVEX says
    // the Osimis viewer is fixed.
    let cdx_vex = dir.path().join("alaris.vex.json");
    std::fs::write(&cdx_vex, cdx_vex_doc(alaris).to_string()).expect("write");
    let open_vex = dir.path().join("osimis.openvex.json");
    std::fs::write(
        &open_vex,
        r#"{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "urn:x", "author": "Orthanc",
            "timestamp": "2026-01-01T00:00:00Z", "version": 1,
            "statements": [{"vulnerability": {"name": "CVE-2023-7238"},
              "products": [{"@id": "urn:osimis", "identifiers": {"purl": "pkg:generic/osimis"}}],
              "status": "fixed"}]}"#,
    )
    .expect("write");
    let (report, stderr, code) = scan(
        &db,
        &devices,
        &[
            "--vex",
            cdx_vex.to_str().unwrap_or(""),
            "--vex",
            open_vex.to_str().unwrap_or(""),
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let suppressed: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| {
            let s = f.get("suppressed_by")?;
            Some((
                f["vulnerability"]["id"].as_str()?.to_owned(),
                s["justification"].as_str().unwrap_or("").to_owned(),
            ))
        })
        .collect();
    // The statement names the advisory's CVE, so it speaks for the advisory's finding. The
    // OpenVEX purl names no component of this SBOM, so nothing else is suppressed.
    assert_eq!(
        suppressed,
        [(
            "ICSMA-23-047-01".to_owned(),
            "requires_environment".to_owned()
        )]
    );

    // Ignore rules: a live one suppresses, an expired one is reported and does not.
    let ignore = dir.path().join("ignore.yaml");
    std::fs::write(
        &ignore,
        "rules:\n  - id: RA-7\n    vulnerability: ICSMA-18-226-01\n    component: isc\n    reason: Replaced by 3.2 in ward 5; decommissioning ticket CHG-1182.\n    expires: 2999-12-31\n  - vulnerability: ICSMA-24-023-01\n    reason: Old acceptance.\n    expires: 2020-01-01\n",
    )
    .expect("write");
    let (report, stderr, code) = scan(&db, &devices, &["--ignore", ignore.to_str().unwrap_or("")]);
    assert_eq!(code, Some(0));
    assert!(stderr.contains("expired on 2020-01-01"), "{stderr}");
    let ignored: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f.get("suppressed_by").is_some())
        .collect();
    assert_eq!(ignored.len(), 1);
    assert_eq!(ignored[0]["suppressed_by"]["status"], "RA-7");
    assert_eq!(ignored[0]["component"]["bom_ref"], "isc");

    // A broken VEX document or ignore file stops the scan (exit 2) with its location.
    let broken = dir.path().join("broken.vex.json");
    std::fs::write(&broken, r#"{"@context": "https://openvex.dev/ns", "statements": [{"vulnerability": "CVE-1", "status": "affected"}]}"#).expect("write");
    let (_, stderr, code) = scan(&db, &devices, &["--vex", broken.to_str().unwrap_or("")]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("#/statements/0/products"), "{stderr}");
    std::fs::write(&ignore, "rules:\n  - vulnerability: X\n    reason: r\n").expect("write");
    let (_, stderr, code) = scan(&db, &devices, &["--ignore", ignore.to_str().unwrap_or("")]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("expires"), "{stderr}");

    // Every output format is written, and the VEX formats carry the suppression.
    for format in ["sarif", "cyclonedx-vdr", "csaf-vex", "openvex"] {
        let out = medcyber()
            .args([
                "scan",
                "--format",
                format,
                "--author",
                "ACME Hospital",
                "--db",
            ])
            .arg(&db)
            .args(["--vex", cdx_vex.to_str().unwrap_or("")])
            .arg(&devices)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
        let text = doc.to_string();
        assert!(text.contains("ICSMA-18-226-01"), "{format}");
        match format {
            "csaf-vex" => assert!(text.contains("known_not_affected"), "{text}"),
            "openvex" => assert!(text.contains("not_affected"), "{text}"),
            "cyclonedx-vdr" => assert!(text.contains("requires_environment"), "{text}"),
            _ => assert!(text.contains("suppressions"), "{text}"),
        }
    }
}
