//! A CycloneDX 1.6 JSON vulnerability disclosure report: the described product as
//! `metadata.component`, the affected components, and one `vulnerabilities` entry per
//! (vulnerability, standing) with every source's rating, the aliases as references, the fix
//! versions as the recommendation, and — for VEX-suppressed findings — the analysis. The match
//! evidence, confidence, KEV flag and EPSS score are `medcyber:*` properties.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::{
    Context, Standing, action, by_vulnerability, standing, subject, to_cyclonedx_justification,
};
use medcyber_model::{Component, Finding};

fn component_json(c: &Component) -> Value {
    let mut v = json!({
        "type": c.kind.as_str(),
        "bom-ref": c.bom_ref,
        "name": c.name,
    });
    if let Some(x) = &c.group {
        v["group"] = json!(x);
    }
    if let Some(x) = &c.version {
        v["version"] = json!(x);
    }
    if let Some(x) = &c.purl {
        v["purl"] = json!(x);
    }
    if let Some(x) = &c.cpe {
        v["cpe"] = json!(x);
    }
    v
}

fn method(kind: &str, vector: &str) -> &'static str {
    match (kind, vector) {
        (_, v) if v.starts_with("CVSS:4.0") => "CVSSv4",
        (_, v) if v.starts_with("CVSS:3.1") => "CVSSv31",
        (_, v) if v.starts_with("CVSS:3.0") => "CVSSv3",
        ("CVSS_V2", _) => "CVSSv2",
        _ => "other",
    }
}

fn ratings(f: &Finding) -> Vec<Value> {
    f.severity
        .iter()
        .map(|s| {
            let parsed = medcyber_cvss::parse(&s.vector).ok().map(|c| c.base());
            let mut r = json!({
                "method": method(&s.kind, &s.vector),
                "vector": s.vector,
            });
            if let Some(score) = parsed.map(|p| p.0).or(s.score) {
                r["score"] = json!(score);
            }
            if let Some((_, sev)) = parsed {
                r["severity"] = json!(sev.as_str().to_ascii_lowercase());
            }
            if let Some(a) = &s.assessor {
                r["source"] = json!({"name": a});
            }
            r
        })
        .collect()
}

pub fn write(ctx: &Context<'_>) -> Value {
    let product = subject(ctx.sbom);
    let affected_refs: BTreeSet<&str> = ctx
        .findings
        .iter()
        .map(|f| f.component.bom_ref.as_str())
        .collect();
    let components: Vec<Value> = ctx
        .sbom
        .components
        .iter()
        .filter(|c| affected_refs.contains(c.bom_ref.as_str()))
        .filter(|c| product.is_none_or(|p| p.bom_ref != c.bom_ref))
        .map(component_json)
        .collect();
    let mut vulnerabilities = Vec::new();
    for (id, findings) in by_vulnerability(ctx.findings) {
        let mut by_standing: BTreeMap<Standing, Vec<&Finding>> = BTreeMap::new();
        for f in findings {
            by_standing.entry(standing(f)).or_default().push(f);
        }
        for (st, fs) in by_standing {
            let first = fs[0];
            let mut refs: Vec<&str> = fs.iter().map(|f| f.component.bom_ref.as_str()).collect();
            refs.sort();
            refs.dedup();
            let mut all_ratings: Vec<Value> = Vec::new();
            for f in &fs {
                for r in ratings(f) {
                    if !all_ratings.contains(&r) {
                        all_ratings.push(r);
                    }
                }
            }
            let mut v = json!({
                "id": id,
                "source": {"name": first.database.clone().unwrap_or_else(|| first.source.as_str().to_owned())},
                "ratings": all_ratings,
                "affects": refs.iter().map(|r| json!({"ref": r})).collect::<Vec<_>>(),
                "properties": fs.iter().flat_map(|f| {
                    let mut p = vec![
                        json!({"name": "medcyber:evidence", "value": format!("{}: {}", f.component.bom_ref, f.evidence)}),
                        json!({"name": "medcyber:confidence", "value": format!("{}: {}", f.component.bom_ref, serde_json::to_value(f.confidence).ok().and_then(|x| x.as_str().map(str::to_owned)).unwrap_or_default())}),
                    ];
                    if f.kev {
                        p.push(json!({"name": "medcyber:kev", "value": "true"}));
                    }
                    if let Some(e) = &f.epss {
                        p.push(json!({"name": "medcyber:epss", "value": format!("{} (percentile {})", e.score, e.percentile)}));
                    }
                    p
                }).collect::<Vec<_>>(),
            });
            if !first.vulnerability.aliases.is_empty() {
                v["references"] = json!(first.vulnerability.aliases.iter().map(|a| json!({
                    "id": a,
                    "source": {"name": if a.starts_with("CVE-") { "NVD" } else if a.starts_with("GHSA-") { "GitHub" } else { "OSV" }}
                })).collect::<Vec<_>>());
            }
            if let Some(s) = &first.vulnerability.summary {
                v["description"] = json!(s);
            }
            match st {
                Standing::Affected => {
                    v["recommendation"] =
                        json!(fs.iter().map(|f| action(f)).collect::<Vec<_>>().join(" "));
                    if let Some(s) = fs.iter().find_map(|f| f.suppressed_by.as_ref()) {
                        v["analysis"] = json!({
                            "state": "exploitable",
                            "detail": format!("Risk accepted ({}): {}", s.status, s.detail.as_deref().unwrap_or("")),
                        });
                    }
                }
                Standing::NotAffected | Standing::Fixed => {
                    let s = first.suppressed_by.as_ref();
                    let mut analysis = json!({
                        "state": if st == Standing::Fixed { "resolved" } else { "not_affected" },
                    });
                    if let Some(j) = s
                        .and_then(|s| s.justification.as_deref())
                        .and_then(to_cyclonedx_justification)
                    {
                        analysis["justification"] = json!(j);
                    }
                    if let Some(d) = s.and_then(|s| s.detail.as_deref()) {
                        analysis["detail"] = json!(d);
                    }
                    v["analysis"] = analysis;
                }
            }
            vulnerabilities.push(v);
        }
    }
    let mut metadata = json!({
        "timestamp": ctx.timestamp,
        "tools": {"components": [{"type": "application", "name": "medcyber", "version": ctx.tool_version}]},
        "authors": [{"name": ctx.author}],
    });
    if let Some(p) = product {
        metadata["component"] = component_json(p);
    }
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": format!("urn:uuid:{}", crate::document_uuid(ctx, "cyclonedx-vdr")),
        "version": 1,
        "metadata": metadata,
        "components": components,
        "vulnerabilities": vulnerabilities,
    })
}
