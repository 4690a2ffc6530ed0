//! `medcyber db import|status` and `medcyber scan` on the real advisory databases in the shared
//! data: what is found, with which evidence, and that an import killed midway leaves the
//! database as it was.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

mod common;
use common::{import, medcyber};

const DEVICE: &str = r#"{
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "metadata": {"timestamp": "2026-11-25T00:00:00Z",
    "component": {"type": "device", "bom-ref": "pump", "name": "Infusion pump", "version": "3.2"}},
  "components": [
    {"type": "library", "bom-ref": "gin", "name": "gin", "version": "v1.5.0",
     "purl": "pkg:golang/github.com/gin-gonic/gin@v1.5.0"},
    {"type": "library", "bom-ref": "gin-new", "name": "gin", "version": "v1.9.1",
     "purl": "pkg:golang/github.com/gin-gonic/gin@v1.9.1"},
    {"type": "library", "bom-ref": "smallvec", "name": "smallvec", "version": "1.6.0",
     "purl": "pkg:cargo/smallvec@1.6.0"},
    {"type": "library", "bom-ref": "django", "name": "Django", "version": "3.2.0",
     "purl": "pkg:pypi/Django@3.2.0"},
    {"type": "operating-system", "bom-ref": "rtos", "name": "FreeRTOS-Kernel", "version": "10.4.3",
     "cpe": "cpe:2.3:o:freertos:freertos-kernel:10.4.3:*:*:*:*:*:*:*"},
    {"type": "operating-system", "bom-ref": "rtos-fixed", "name": "FreeRTOS-Kernel", "version": "10.6.2",
     "cpe": "cpe:2.3:o:freertos:freertos-kernel:10.6.2:*:*:*:*:*:*:*"},
    {"type": "application", "bom-ref": "reader", "name": "Adobe Reader", "version": "9.3",
     "cpe": "cpe:2.3:a:adobe:reader:9.3:*:*:*:*:*:*:*"}
  ]
}"#;

fn status(db: &Path) -> Value {
    let out = medcyber()
        .args(["db", "status", "--format", "json", "--db"])
        .arg(db)
        .output()
        .expect("run");
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("json")
}

fn osv_count(status: &Value) -> u64 {
    status["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s[0] == "osv")
        .map(|s| s[1].as_u64().expect("count"))
        .unwrap_or(0)
}

#[test]
fn scan_finds_and_explains() {
    let (Some(go), Some(pypa), Some(rustsec), Some(vulnrichment), Some(kev)) = (
        medcyber_testdata::dir("go-vulndb"),
        medcyber_testdata::dir("pypa-advisory-db"),
        medcyber_testdata::dir("rustsec-advisory-db"),
        medcyber_testdata::dir("cisa-vulnrichment"),
        medcyber_testdata::dir("cisa-kev"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("m.db");
    let osv = import(
        &db,
        "osv",
        &[go.join("data/osv"), pypa.clone(), rustsec.join("osv")],
    );
    assert_eq!(osv["added"], 4291 + 2661 + 1206);
    assert_eq!(osv["errors"], 0);
    // Re-running skips every unchanged record.
    let again = import(&db, "osv", &[go.join("data/osv")]);
    assert_eq!(
        (again["added"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(4291))
    );
    let cve5 = import(&db, "cve5", &[vulnrichment]);
    assert_eq!(cve5["added"], 757);
    import(
        &db,
        "kev",
        &[kev.join("known_exploited_vulnerabilities.json")],
    );

    let sbom = dir.path().join("device.cdx.json");
    std::fs::write(&sbom, DEVICE).expect("write");
    let out = medcyber()
        .args(["scan", "--format", "json", "--db"])
        .arg(&db)
        .arg(&sbom)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = report["findings"].as_array().expect("findings");
    let find = |bom_ref: &str, id: &str| {
        findings
            .iter()
            .find(|f| f["component"]["bom_ref"] == bom_ref && f["vulnerability"]["id"] == id)
    };
    let gin = find("gin", "GO-2020-0001").expect("GO-2020-0001 on gin 1.5.0");
    assert_eq!(gin["fixed_versions"], serde_json::json!(["1.6.0"]));
    assert_eq!(gin["confidence"], "high");
    assert_eq!(gin["match_kind"], "purl");
    assert!(
        gin["evidence"]
            .as_str()
            .expect("evidence")
            .contains("SEMVER range [introduced 0, fixed 1.6.0]"),
        "{}",
        gin["evidence"]
    );
    assert!(
        !findings
            .iter()
            .any(|f| f["component"]["bom_ref"] == "gin-new"
                && f["vulnerability"]["id"] == "GO-2020-0001"),
        "1.9.1 is fixed"
    );
    let smallvec = find("smallvec", "RUSTSEC-2021-0003").expect("RUSTSEC-2021-0003");
    assert_eq!(smallvec["severity_level"], "Critical");
    assert!(find("django", "PYSEC-2021-7").is_some());
    // CISA's ADP CPE data: FreeRTOS-Kernel before 10.6.2.
    let rtos = find("rtos", "CVE-2024-28115").expect("CVE-2024-28115");
    assert_eq!(rtos["source"], "cve5");
    assert_eq!(rtos["match_kind"], "cpe");
    assert!(find("rtos-fixed", "CVE-2024-28115").is_none());
    // A CVE 5 record in CISA's KEV catalog: flagged, with the KEV entry.
    let reader = find("reader", "CVE-2011-0611").expect("CVE-2011-0611");
    assert_eq!(reader["kev"], true);
    assert_eq!(reader["kev_entry"]["cve"], "CVE-2011-0611");
    assert_eq!(reader["fixed_versions"], serde_json::json!(["9.4.4"]));

    // --fail-on: kev fails, and so does critical.
    medcyber()
        .args(["scan", "--fail-on", "kev", "--db"])
        .arg(&db)
        .arg(&sbom)
        .assert()
        .code(1);
    // A high bar on confidence leaves only the exact ones.
    let out = medcyber()
        .args([
            "scan",
            "--format",
            "json",
            "--min-confidence",
            "high",
            "--db",
        ])
        .arg(&db)
        .arg(&sbom)
        .output()
        .expect("run");
    let high: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        high["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .all(|f| f["confidence"] == "high")
    );
    // The table names each finding.
    medcyber()
        .args(["scan", "--db"])
        .arg(&db)
        .arg(&sbom)
        .assert()
        .success()
        .stdout(predicates::str::contains("GO-2020-0001"))
        .stdout(predicates::str::contains("findings"));
}

#[test]
fn a_killed_import_leaves_the_previous_state_and_the_rerun_completes() {
    let (Some(go), Some(pypa)) = (
        medcyber_testdata::dir("go-vulndb"),
        medcyber_testdata::dir("pypa-advisory-db"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("m.db");
    import(&db, "osv", &[go.join("data/osv")]);
    assert_eq!(osv_count(&status(&db)), 4291);
    let bin = assert_cmd::cargo::cargo_bin("medcyber");
    // Kill the second import at several moments; each time the store holds exactly the
    // first import.
    for delay_ms in [50, 200, 400] {
        let mut child = std::process::Command::new(&bin)
            .args(["db", "import", "--source", "osv", "--db"])
            .arg(&db)
            .arg(&pypa)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let count = osv_count(&status(&db));
        assert!(
            count == 4291 || count == 4291 + 2661,
            "after a kill at {delay_ms} ms the store holds {count} OSV records: partial"
        );
    }
    let rerun = import(&db, "osv", &[pypa]);
    assert_eq!(rerun["errors"], 0);
    assert_eq!(osv_count(&status(&db)), 4291 + 2661);
}

#[test]
fn bad_inputs_fail_cleanly() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("m.db");
    // A missing input: exit 2, nothing imported.
    medcyber()
        .args(["db", "import", "--source", "osv", "--db"])
        .arg(&db)
        .arg(dir.path().join("missing"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing"));
    assert_eq!(osv_count(&status(&db)), 0);
    // A broken record among good ones: reported with its file, the rest imported, exit 1.
    let feed = dir.path().join("feed");
    std::fs::create_dir(&feed).expect("mkdir");
    std::fs::write(
        feed.join("GOOD-1.json"),
        r#"{"id": "GOOD-1", "modified": "2024-01-01T00:00:00Z"}"#,
    )
    .expect("write");
    std::fs::write(feed.join("BAD-1.json"), r#"{"id": "BAD-1", "modified": "#).expect("write");
    medcyber()
        .args(["db", "import", "--source", "osv", "--db"])
        .arg(&db)
        .arg(&feed)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("BAD-1.json"));
    assert_eq!(osv_count(&status(&db)), 1);
    // A scan of a broken SBOM: exit 2 with the location.
    let sbom = dir.path().join("bad.json");
    std::fs::write(
        &sbom,
        r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [}"#,
    )
    .expect("write");
    medcyber()
        .args(["scan", "--db"])
        .arg(&db)
        .arg(&sbom)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.json"));
}
