//! CVE JSON 5.x records (the CVE Program's `cvelistV5` layout: `cves/YYYY/NNxxx/CVE-*.json`),
//! with the CNA container and the ADP containers — CISA's "vulnrichment" adds CPEs, CVSS and
//! SSVC decision points.
//!
//! An `affected` entry that names CPEs becomes a CPE configuration the matcher evaluates like
//! NVD's: a CPE with a version is one criterion; a CPE with version `*` is bounded by each
//! `versions` entry of status `affected` (`version` to `lessThan` / `lessThanOrEqual`, or the
//! exact version). An entry without CPEs is kept as a vendor/product entry with its versions.
//! Every metric keeps its container as assessor (the CNA's short name, `CISA-ADP`). A
//! `REJECTED` record is marked withdrawn.

use std::path::Path;

use medcyber_model::Advisory;
use medcyber_model::advisory::{
    Affected, ConfigNode, Configuration, CpeMatch, Operator, ProductIdentifiers, ProductStatus,
    ProductVersions, Reference, SeverityScore, Source, Ssvc,
};
use serde::Deserialize;
use serde_json::Value;

use crate::walk;
use crate::{Counting, FeedError, Origin, Record, Sink, Stats};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CveRecord {
    cve_metadata: Metadata,
    #[serde(default)]
    containers: Containers,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metadata {
    cve_id: String,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    date_published: Option<String>,
    #[serde(default)]
    date_updated: Option<String>,
    #[serde(default)]
    assigner_short_name: Option<String>,
}

#[derive(Deserialize, Default)]
struct Containers {
    #[serde(default)]
    cna: Option<Container>,
    #[serde(default)]
    adp: Vec<Container>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Container {
    #[serde(default)]
    provider_metadata: Option<Provider>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    descriptions: Vec<Description>,
    #[serde(default)]
    affected: Vec<CveAffected>,
    #[serde(default)]
    metrics: Vec<Value>,
    #[serde(default)]
    problem_types: Vec<ProblemType>,
    #[serde(default)]
    references: Vec<CveReference>,
    #[serde(default)]
    rejected_reasons: Vec<Description>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Provider {
    #[serde(default)]
    short_name: Option<String>,
}

#[derive(Deserialize)]
struct Description {
    #[serde(default)]
    lang: String,
    value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CveAffected {
    #[serde(default)]
    vendor: Option<String>,
    #[serde(default)]
    product: Option<String>,
    #[serde(default)]
    package_name: Option<String>,
    #[serde(default)]
    cpes: Vec<String>,
    #[serde(default)]
    versions: Vec<CveVersion>,
    #[serde(default)]
    default_status: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CveVersion {
    version: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    version_type: Option<String>,
    #[serde(default)]
    less_than: Option<String>,
    #[serde(default)]
    less_than_or_equal: Option<String>,
}

#[derive(Deserialize)]
struct ProblemType {
    #[serde(default)]
    descriptions: Vec<ProblemDescription>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProblemDescription {
    #[serde(default)]
    cwe_id: Option<String>,
}

#[derive(Deserialize)]
struct CveReference {
    url: String,
    #[serde(default)]
    tags: Vec<String>,
}

/// A usable version bound: not empty, not `*`, and starting with a digit (CNAs write
/// placeholders such as `publication` or `unspecified` that bound nothing).
fn bound(v: Option<&String>) -> Option<String> {
    v.filter(|v| v.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .cloned()
}

/// The CPE with its version attribute replaced (`:` and `\` quoted as the binding requires).
fn with_version(cpe: &str, version: &str) -> Option<String> {
    let parts: Vec<&str> = cpe.splitn(7, ':').collect();
    if parts.len() < 7 || parts[0] != "cpe" || parts[1] != "2.3" {
        return None;
    }
    if version == "*" {
        return Some(format!(
            "{}:{}:{}:{}:{}:*:{}",
            parts[0], parts[1], parts[2], parts[3], parts[4], parts[6]
        ));
    }
    let mut quoted = String::new();
    for c in version.chars() {
        if !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    Some(format!(
        "{}:{}:{}:{}:{}:{}:{}",
        parts[0], parts[1], parts[2], parts[3], parts[4], quoted, parts[6]
    ))
}

fn cpe_version(cpe: &str) -> Option<&str> {
    cpe.split(':').nth(5)
}

fn criteria(entry: &CveAffected) -> Vec<CpeMatch> {
    let affected: Vec<&CveVersion> = entry
        .versions
        .iter()
        .filter(|v| v.status.as_deref() == Some("affected"))
        .filter(|v| v.version_type.as_deref() != Some("git"))
        .collect();
    let mut out = Vec::new();
    for cpe in &entry.cpes {
        if !cpe.starts_with("cpe:2.3:") {
            continue;
        }
        if affected.is_empty() {
            // No version statements: the CPE as given (all versions only when the default
            // status says so).
            if cpe_version(cpe) != Some("*") || entry.default_status.as_deref() == Some("affected")
            {
                out.push(CpeMatch {
                    vulnerable: true,
                    criteria: cpe.clone(),
                    ..CpeMatch::default()
                });
            }
            continue;
        }
        // The version statements decide; CISA's ADP often writes a range's first version into
        // the CPE as well, so the CPE's own version is replaced by each statement's.
        let Some(any) = with_version(cpe, "*") else {
            continue;
        };
        for v in &affected {
            let start = bound(Some(&v.version)).filter(|s| s != "0");
            if v.less_than.is_some() || v.less_than_or_equal.is_some() {
                out.push(CpeMatch {
                    vulnerable: true,
                    criteria: any.clone(),
                    version_start_including: start,
                    version_end_excluding: bound(v.less_than.as_ref()),
                    version_end_including: bound(v.less_than_or_equal.as_ref()),
                    ..CpeMatch::default()
                });
            } else if let Some(exact) = with_version(cpe, &v.version) {
                out.push(CpeMatch {
                    vulnerable: true,
                    criteria: exact,
                    ..CpeMatch::default()
                });
            }
        }
    }
    out.sort_by(|a, b| a.criteria.cmp(&b.criteria));
    out.dedup();
    out
}

fn product_versions(entry: &CveAffected) -> Vec<(ProductVersions, ProductStatus)> {
    let mut out = Vec::new();
    for v in &entry.versions {
        let status = match v.status.as_deref() {
            Some("affected") => ProductStatus::Affected,
            Some("unaffected") => ProductStatus::NotAffected,
            _ => ProductStatus::UnderInvestigation,
        };
        let versions = match (&v.less_than, &v.less_than_or_equal) {
            (Some(lt), _) => crate::product::from_bounds(&v.version, lt, false),
            (None, Some(le)) => crate::product::from_bounds(&v.version, le, true),
            // CNAs also write a whole range into `version` (`< 10.6.2`, `>= 4.0.0, <= 4.1.0`).
            (None, None) if v.version.trim_start().starts_with(['<', '>', '=', '!']) => {
                crate::product::from_text(&v.version.replace(',', "|"))
            }
            (None, None) => ProductVersions::Exact(v.version.clone()),
        };
        out.push((versions, status));
    }
    if out.is_empty() && entry.default_status.as_deref() == Some("affected") {
        out.push((ProductVersions::All, ProductStatus::Affected));
    }
    out
}

fn severity(container: &Container, out: &mut Vec<SeverityScore>, ssvc: &mut Option<Ssvc>) {
    let assessor = container
        .provider_metadata
        .as_ref()
        .and_then(|p| p.short_name.clone());
    for metric in &container.metrics {
        for (key, kind) in [
            ("cvssV4_0", "CVSS_V4"),
            ("cvssV3_1", "CVSS_V3"),
            ("cvssV3_0", "CVSS_V3"),
            ("cvssV2_0", "CVSS_V2"),
        ] {
            if let Some(m) = metric.get(key)
                && let Some(vector) = m.get("vectorString").and_then(Value::as_str)
            {
                out.push(SeverityScore {
                    kind: kind.to_owned(),
                    vector: vector.to_owned(),
                    score: m.get("baseScore").and_then(Value::as_f64),
                    assessor: assessor.clone(),
                });
            }
        }
        if let Some(other) = metric.get("other")
            && other.get("type").and_then(Value::as_str) == Some("ssvc")
            && let Some(options) = other.pointer("/content/options").and_then(Value::as_array)
        {
            let mut s = Ssvc::default();
            for option in options.iter().filter_map(Value::as_object) {
                for (k, v) in option {
                    let v = v.as_str().map(str::to_lowercase);
                    match k.to_ascii_lowercase().as_str() {
                        "exploitation" => s.exploitation = v,
                        "automatable" => s.automatable = v,
                        "technical impact" => s.technical_impact = v,
                        _ => {}
                    }
                }
            }
            *ssvc = Some(s);
        }
    }
}

fn convert(record: CveRecord) -> Advisory {
    let meta = record.cve_metadata;
    let cna = record.containers.cna.unwrap_or_default();
    let containers: Vec<&Container> = std::iter::once(&cna)
        .chain(record.containers.adp.iter())
        .collect();
    let rejected = meta
        .state
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("rejected"));
    let en = |ds: &[Description]| {
        ds.iter()
            .find(|d| d.lang.starts_with("en"))
            .or(ds.first())
            .map(|d| d.value.trim().to_owned())
    };
    let mut sev = Vec::new();
    let mut ssvc = None;
    let mut cwes = Vec::new();
    let mut references = Vec::new();
    let mut configurations = Vec::new();
    let mut products = Vec::new();
    for c in &containers {
        severity(c, &mut sev, &mut ssvc);
        cwes.extend(
            c.problem_types
                .iter()
                .flat_map(|p| &p.descriptions)
                .filter_map(|d| d.cwe_id.clone()),
        );
        for r in &c.references {
            if !references.iter().any(|x: &Reference| x.url == r.url) {
                references.push(Reference {
                    kind: r.tags.first().cloned().unwrap_or_else(|| "WEB".to_owned()),
                    url: r.url.clone(),
                });
            }
        }
        for entry in &c.affected {
            let matches = criteria(entry);
            if !matches.is_empty() {
                configurations.push(Configuration {
                    operator: Operator::Or,
                    negate: false,
                    nodes: vec![ConfigNode {
                        operator: Operator::Or,
                        negate: false,
                        matches,
                    }],
                });
            } else if entry.cpes.is_empty() {
                let product = entry
                    .product
                    .clone()
                    .or_else(|| entry.package_name.clone())
                    .unwrap_or_default();
                for (versions, status) in product_versions(entry) {
                    products.push(Affected::Product {
                        vendor: entry.vendor.clone().unwrap_or_default(),
                        product: product.clone(),
                        product_id: None,
                        versions,
                        status,
                        identifiers: ProductIdentifiers::default(),
                        vulnerabilities: Vec::new(),
                        justification: None,
                    });
                }
            }
        }
    }
    cwes.sort();
    cwes.dedup();
    let mut affected = Vec::new();
    if !configurations.is_empty() {
        affected.push(Affected::Configurations { configurations });
    }
    affected.extend(products);
    let modified = meta.date_updated.clone().or(meta.date_published.clone());
    Advisory {
        id: meta.cve_id,
        source: Some(Source::Cve5),
        database: meta.assigner_short_name,
        summary: cna.title.clone(),
        details: en(&cna.descriptions).or_else(|| en(&cna.rejected_reasons)),
        published: meta.date_published,
        withdrawn: if rejected { modified.clone() } else { None },
        modified,
        severity: sev,
        cwes,
        affected,
        references,
        ssvc,
        ..Advisory::default()
    }
}

fn is_record(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("CVE-") && n.ends_with(".json"))
}

/// Reads CVE JSON 5 records from a file or a directory tree (files named `CVE-*.json`).
pub fn read(path: &Path, sink: &mut Sink<'_>) -> Result<Stats, FeedError> {
    let mut out = Counting {
        sink,
        stats: Stats::default(),
    };
    let accept = |p: &Path| is_record(p) || p == path;
    for file in walk::files(path, &accept)? {
        let origin = Origin::file(&file);
        let bytes = match walk::read_file(&file) {
            Ok(b) => b,
            Err(e) => {
                out.err(e);
                continue;
            }
        };
        match serde_json::from_slice::<CveRecord>(&bytes) {
            Ok(record) => out.ok(Record::Advisory(Box::new(convert(record))), origin),
            Err(e) => out.err(FeedError::new(
                origin.at_line(e.line()),
                format!("not a CVE JSON 5 record: {e}"),
            )),
        }
    }
    Ok(out.stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(cpes: &[&str], versions: Value) -> CveAffected {
        serde_json::from_value(serde_json::json!({
            "vendor": "v", "product": "p", "cpes": cpes, "versions": versions
        }))
        .expect("entry")
    }

    #[test]
    fn cpes_with_version_ranges() {
        let e = entry(
            &["cpe:2.3:a:wolfssl:wolfssl:*:*:*:*:*:*:*:*"],
            serde_json::json!([
                {"version": "0", "lessThan": "5.5.1", "status": "affected", "versionType": "custom"},
                {"version": "4.0", "lessThanOrEqual": "4.9", "status": "affected"},
                {"version": "3.1", "status": "affected"},
                {"version": "6.0", "status": "unaffected"}
            ]),
        );
        let c = criteria(&e);
        assert_eq!(c.len(), 3, "{c:?}");
        let adp = entry(
            &["cpe:2.3:a:amazon:freertos-plus-tcp:4.0.0:*:*:*:*:*:*:*"],
            serde_json::json!([{"version": "4.0.0", "lessThan": "4.1.1", "status": "affected"}]),
        );
        let c2 = criteria(&adp);
        assert_eq!(
            c2[0].criteria,
            "cpe:2.3:a:amazon:freertos-plus-tcp:*:*:*:*:*:*:*:*"
        );
        assert_eq!(c2[0].version_start_including.as_deref(), Some("4.0.0"));
        assert!(
            c.iter()
                .any(|m| m.version_end_excluding.as_deref() == Some("5.5.1")
                    && m.version_start_including.is_none())
        );
        assert!(
            c.iter()
                .any(|m| m.version_start_including.as_deref() == Some("4.0")
                    && m.version_end_including.as_deref() == Some("4.9"))
        );
        assert!(
            c.iter()
                .any(|m| m.criteria == "cpe:2.3:a:wolfssl:wolfssl:3.1:*:*:*:*:*:*:*")
        );
    }

    #[test]
    fn placeholder_bounds_bound_nothing() {
        let e = entry(
            &["cpe:2.3:o:microsoft:windows_10_20h2:*:*:*:*:*:*:x86:*"],
            serde_json::json!([{"version": "10.0.0", "lessThan": "publication", "status": "affected"}]),
        );
        let c = criteria(&e);
        assert_eq!(c[0].version_start_including.as_deref(), Some("10.0.0"));
        assert_eq!(c[0].version_end_excluding, None);
    }
}
