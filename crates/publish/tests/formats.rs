//! Every output format from one scan result: each document validates against its standard's
//! own schema (CycloneDX 1.6, CSAF 2.0 with the FIRST CVSS schemas, OpenVEX), satisfies the
//! rules the schema cannot state (the CSAF VEX profile's remediation and justification
//! requirements), and reads back through medcyber's own VEX reader to the same statuses.

use medcyber_model::advisory::{SeverityScore, Source};
use medcyber_model::finding::{FindingComponent, FindingVulnerability, Suppression};
use medcyber_model::sbom::Party;
use medcyber_model::vex::VexStatus;
use medcyber_model::{Component, ComponentKind, Confidence, Finding, MatchKind, Sbom, Severity};
use medcyber_publish::{Context, Format, write};
use serde_json::Value;

fn sbom() -> Sbom {
    let c = |r: &str, name: &str, v: &str, purl: &str| Component {
        bom_ref: r.into(),
        kind: ComponentKind::Library,
        name: name.into(),
        version: Some(v.into()),
        purl: Some(purl.into()),
        ..Component::default()
    };
    let mut device = c(
        "pump",
        "Infusion pump",
        "3.2",
        "pkg:generic/acme/infusion-pump@3.2",
    );
    device.kind = ComponentKind::Device;
    Sbom {
        serial_number: Some("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79".into()),
        supplier: Some(Party {
            name: Some("ACME Medical".into()),
            ..Party::default()
        }),
        subject: vec!["pump".into()],
        components: vec![
            device,
            c(
                "ssl",
                "wolfssl",
                "4.8.1",
                "pkg:github/wolfssl/wolfssl@4.8.1",
            ),
            c(
                "gin",
                "gin",
                "v1.5.0",
                "pkg:golang/github.com/gin-gonic/gin@v1.5.0",
            ),
            c(
                "rtos",
                "FreeRTOS",
                "10.0.1",
                "pkg:github/freertos/freertos@10.0.1",
            ),
            c(
                "json",
                "Newtonsoft.Json",
                "9.0.1",
                "pkg:nuget/Newtonsoft.Json@9.0.1",
            ),
        ],
        ..Sbom::default()
    }
}

fn finding(bom_ref: &str, id: &str, aliases: &[&str], suppressed: Option<Suppression>) -> Finding {
    let s = sbom();
    let c = s
        .components
        .iter()
        .find(|c| c.bom_ref == bom_ref)
        .expect("component");
    Finding {
        component: FindingComponent {
            bom_ref: c.bom_ref.clone(),
            name: c.name.clone(),
            version: c.version.clone(),
            purl: c.purl.clone(),
            cpe: None,
        },
        vulnerability: FindingVulnerability {
            id: id.into(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            summary: Some(format!("{id} summary")),
        },
        source: Source::Osv,
        database: Some("Go".into()),
        severity: vec![SeverityScore {
            kind: "CVSS_V3".into(),
            vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H".into(),
            score: Some(9.8),
            assessor: Some("nvd@nist.gov".into()),
        }],
        severity_level: Some(Severity::Critical),
        kev: false,
        kev_entry: None,
        epss: None,
        fixed_versions: vec!["1.6.0".into()],
        evidence: "pkg: SEMVER range [introduced 0, fixed 1.6.0]".into(),
        match_kind: MatchKind::Purl,
        confidence: Confidence::High,
        suppressed_by: suppressed,
    }
}

fn vex(status: &str, justification: Option<&str>, detail: Option<&str>) -> Option<Suppression> {
    Some(Suppression {
        kind: "vex".into(),
        status: status.into(),
        justification: justification.map(str::to_owned),
        detail: detail.map(str::to_owned),
        action: None,
        source: "supplier.vex.json".into(),
    })
}

fn findings() -> Vec<Finding> {
    vec![
        finding(
            "gin",
            "GO-2020-0001",
            &["CVE-2020-36567", "GHSA-6vm3-jj99-7229"],
            None,
        ),
        finding(
            "ssl",
            "CVE-2022-42905",
            &[],
            vex(
                "not_affected",
                Some("code_not_reachable"),
                Some("TLS 1.3 is disabled"),
            ),
        ),
        finding(
            "rtos",
            "CVE-2024-28115",
            &[],
            vex("not_affected", None, Some("No MPU port is built")),
        ),
        finding(
            "json",
            "GHSA-5crp-9r3c-p9vr",
            &["CVE-2024-21907"],
            vex("fixed", None, None),
        ),
        finding(
            "rtos",
            "CVE-2021-31571",
            &[],
            Some(Suppression {
                kind: "ignore".into(),
                status: "RA-1".into(),
                justification: None,
                detail: Some("accepted (until 2027-01-01)".into()),
                action: None,
                source: "ignore file".into(),
            }),
        ),
    ]
}

fn document(format: Format) -> Value {
    let s = sbom();
    let f = findings();
    write(
        format,
        &Context {
            sbom: &s,
            sbom_uri: "device.cdx.json",
            findings: &f,
            author: "ACME Medical",
            namespace: "https://acme.example/",
            timestamp: "2026-11-25T10:00:00Z",
            tool_version: "0.1.0",
        },
    )
}

struct Local(std::collections::HashMap<String, Value>);

impl jsonschema::Retrieve for Local {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        self.0
            .get(uri.as_str().trim_end_matches('#'))
            .cloned()
            .ok_or_else(|| format!("{uri} is not local").into())
    }
}

fn assert_valid(schema: &Value, local: Local, doc: &Value) {
    let validator = jsonschema::options()
        .with_retriever(local)
        .build(schema)
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{doc:#}");
}

fn statuses(doc: &Value) -> Vec<(String, VexStatus)> {
    let bytes = serde_json::to_vec(doc).expect("json");
    let mut out: Vec<(String, VexStatus)> = medcyber_feeds::vex::parse(&bytes, "out")
        .expect("reads back")
        .into_iter()
        .map(|s| (s.vulnerability, s.status))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    out.dedup();
    out
}

/// The status of each finding by its own id (CycloneDX and OpenVEX keep the finding's id; CSAF
/// files each vulnerability under its CVE).
fn by_finding_id() -> Vec<(String, VexStatus)> {
    [
        ("CVE-2021-31571", VexStatus::Affected),
        ("CVE-2022-42905", VexStatus::NotAffected),
        ("CVE-2024-28115", VexStatus::NotAffected),
        ("GHSA-5crp-9r3c-p9vr", VexStatus::Fixed),
        ("GO-2020-0001", VexStatus::Affected),
    ]
    .into_iter()
    .map(|(id, s)| (id.to_owned(), s))
    .collect()
}

#[test]
fn cyclonedx_vdr_is_valid_cyclonedx_and_reads_back() {
    let doc = document(Format::CycloneDxVdr);
    let bytes = serde_json::to_vec(&doc).expect("json");
    let v =
        medcyber_sbom::validate(&bytes, &medcyber_sbom::ReadOptions::default()).expect("validates");
    assert!(v.errors.is_empty(), "{:#?}", v.errors);
    assert!(v.schema_checked);
    assert_eq!(doc["metadata"]["component"]["bom-ref"], "pump");
    assert_eq!(statuses(&doc), by_finding_id());
    let ssl = doc["vulnerabilities"]
        .as_array()
        .expect("vulns")
        .iter()
        .find(|v| v["id"] == "CVE-2022-42905")
        .expect("ssl");
    assert_eq!(ssl["analysis"]["justification"], "code_not_reachable");
}

#[test]
fn csaf_vex_is_valid_csaf_and_meets_the_vex_profile() {
    let Some(oasis) = medcyber_testdata::dir("oasis-csaf") else {
        return;
    };
    let doc = document(Format::CsafVex);
    let base = oasis.join("csaf_2.0");
    let schema = medcyber_testdata::read_json(&base.join("json_schema/csaf_json_schema.json"));
    let mut local = std::collections::HashMap::new();
    for (uri, file) in [
        (
            "https://www.first.org/cvss/cvss-v2.0.json",
            "cvss-v2.0.json",
        ),
        (
            "https://www.first.org/cvss/cvss-v3.0.json",
            "cvss-v3.0.json",
        ),
        (
            "https://www.first.org/cvss/cvss-v3.1.json",
            "cvss-v3.1.json",
        ),
    ] {
        local.insert(
            uri.to_owned(),
            medcyber_testdata::read_json(&base.join("referenced_schema/first").join(file)),
        );
    }
    assert_valid(&schema, Local(local), &doc);
    // Profile 5 (CSAF 2.0 section 4.5; mandatory tests 6.1.27.9 and 6.1.27.10): every
    // known_affected product has a remediation, every known_not_affected one a flag or an
    // impact threat.
    for v in doc["vulnerabilities"].as_array().expect("vulns") {
        assert!(v.get("cve").is_some() || v.get("ids").is_some());
        let covered = |key: &str, filter: &dyn Fn(&Value) -> bool| -> Vec<String> {
            v[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|x| filter(x))
                .flat_map(|x| x["product_ids"].as_array().cloned().unwrap_or_default())
                .filter_map(|p| p.as_str().map(str::to_owned))
                .collect()
        };
        let remediated = covered("remediations", &|_| true);
        let flagged = covered("flags", &|_| true);
        let impact = covered("threats", &|t| t["category"] == "impact");
        for p in v["product_status"]["known_affected"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert!(
                remediated.iter().any(|r| r == p.as_str().unwrap_or("")),
                "{v:#}"
            );
        }
        for p in v["product_status"]["known_not_affected"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let p = p.as_str().unwrap_or("");
            assert!(
                flagged.iter().any(|r| r == p) || impact.iter().any(|r| r == p),
                "{v:#}"
            );
        }
    }
    assert_eq!(
        statuses(&doc),
        [
            ("CVE-2020-36567".into(), VexStatus::Affected),
            ("CVE-2021-31571".into(), VexStatus::Affected),
            ("CVE-2022-42905".into(), VexStatus::NotAffected),
            ("CVE-2024-21907".into(), VexStatus::Fixed),
            ("CVE-2024-28115".into(), VexStatus::NotAffected),
        ]
    );
    // Read back and applied to the same SBOM, the statements speak for the same components.
    let bytes = serde_json::to_vec(&doc).expect("json");
    let statements = medcyber_feeds::vex::parse(&bytes, "out").expect("reads");
    let s = sbom();
    let ssl = s
        .components
        .iter()
        .position(|c| c.bom_ref == "ssl")
        .expect("ssl");
    assert!(
        statements
            .iter()
            .any(|st| st.status == VexStatus::NotAffected
                && medcyber_matcher::vex::applies(st, &["CVE-2022-42905"], &s, ssl))
    );
}

#[test]
fn openvex_is_valid_openvex_and_reads_back() {
    let Some(spec) = medcyber_testdata::dir("openvex-spec") else {
        return;
    };
    let doc = document(Format::OpenVex);
    let schema = medcyber_testdata::read_json(&spec.join("openvex_json_schema.json"));
    assert_valid(&schema, Local(Default::default()), &doc);
    assert_eq!(statuses(&doc), by_finding_id());
    let statements = doc["statements"].as_array().expect("statements");
    let ssl = statements
        .iter()
        .find(|s| s["vulnerability"]["name"] == "CVE-2022-42905")
        .expect("ssl");
    assert_eq!(ssl["justification"], "vulnerable_code_not_in_execute_path");
    assert_eq!(
        ssl["products"][0]["@id"],
        "pkg:generic/acme/infusion-pump@3.2"
    );
    let accepted = statements
        .iter()
        .find(|s| s["vulnerability"]["name"] == "CVE-2021-31571")
        .expect("accepted risk");
    assert!(
        accepted["action_statement"]
            .as_str()
            .unwrap_or("")
            .contains("Risk accepted (RA-1)")
    );
}

#[test]
fn sarif_results_rules_and_suppressions() {
    let doc = document(Format::Sarif);
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 5);
    assert_eq!(rules.len(), 5);
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "device.cdx.json"
        );
    }
    let gin = results
        .iter()
        .find(|r| r["ruleId"] == "GO-2020-0001")
        .expect("gin");
    assert_eq!(gin["level"], "error");
    assert!(gin.get("suppressions").is_none());
    let ssl = results
        .iter()
        .find(|r| r["ruleId"] == "CVE-2022-42905")
        .expect("ssl");
    assert_eq!(ssl["suppressions"][0]["kind"], "external");
    let rule = rules
        .iter()
        .find(|r| r["id"] == "GO-2020-0001")
        .expect("rule");
    assert_eq!(rule["properties"]["security-severity"], "9.8");
}
