//! A CSAF 2.0 `csaf_vex` document (profile 5, "VEX"): the product tree names the described
//! product (vendor → product name → version) and every component a finding is about, joined by
//! `default_component_of` relationships; each vulnerability lists the relationship products as
//! `known_affected` (with a remediation, as the profile requires), `known_not_affected` (with a
//! flag carrying the justification, or an impact threat when the VEX gave only a statement) or
//! `fixed`, and carries every CVSS v3 score the findings know. Without a described product the
//! components stand on their own.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::{
    Context, Standing, action, by_vulnerability, cve_of, standing, subject, to_csaf_justification,
};
use medcyber_model::{Component, Finding};

fn helper(c: &Component) -> Option<Value> {
    let mut h = serde_json::Map::new();
    if let Some(p) = c.purl.as_ref().filter(|p| p.starts_with("pkg:")) {
        h.insert("purl".into(), json!(p));
    }
    if let Some(cpe) = c
        .cpe
        .as_ref()
        .filter(|c| c.starts_with("cpe:2.3:") || c.starts_with("cpe:/"))
    {
        h.insert("cpe".into(), json!(cpe));
    }
    (!h.is_empty()).then_some(Value::Object(h))
}

fn full_name(c: &Component) -> String {
    match &c.version {
        Some(v) => format!("{} {v}", c.name),
        None => c.name.clone(),
    }
}

fn is_cve(id: &str) -> bool {
    id.strip_prefix("CVE-").is_some_and(|rest| {
        let mut parts = rest.splitn(2, '-');
        let year = parts.next().unwrap_or("");
        let number = parts.next().unwrap_or("");
        year.len() == 4
            && year.bytes().all(|b| b.is_ascii_digit())
            && number.len() >= 4
            && number.bytes().all(|b| b.is_ascii_digit())
    })
}

pub fn write(ctx: &Context<'_>) -> Value {
    let product = subject(ctx.sbom);
    // Components the findings are about, in SBOM order, each with its product id.
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    let mut full_product_names = Vec::new();
    let mut relationships = Vec::new();
    let mut n = 0;
    for c in &ctx.sbom.components {
        if ids.contains_key(c.bom_ref.as_str())
            || !ctx
                .findings
                .iter()
                .any(|f| f.component.bom_ref == c.bom_ref)
        {
            continue;
        }
        if product.is_some_and(|p| p.bom_ref == c.bom_ref) {
            ids.insert(c.bom_ref.as_str(), "CSAFPID-PRODUCT".to_owned());
            continue;
        }
        n += 1;
        let own = format!("CSAFPID-C{n:04}");
        let mut fpn = json!({"name": full_name(c), "product_id": own});
        if let Some(h) = helper(c) {
            fpn["product_identification_helper"] = h;
        }
        full_product_names.push(fpn);
        let used = match product {
            Some(p) => {
                let rel = format!("{own}-IN-PRODUCT");
                relationships.push(json!({
                    "category": "default_component_of",
                    "product_reference": own,
                    "relates_to_product_reference": "CSAFPID-PRODUCT",
                    "full_product_name": {
                        "name": format!("{} as a component of {}", full_name(c), full_name(p)),
                        "product_id": rel,
                    }
                }));
                rel
            }
            None => own,
        };
        ids.insert(c.bom_ref.as_str(), used);
    }
    let mut tree = serde_json::Map::new();
    if let Some(p) = product {
        let vendor = ctx
            .sbom
            .supplier
            .as_ref()
            .or(ctx.sbom.manufacturer.as_ref())
            .or(p.supplier.as_deref())
            .or(p.manufacturer.as_deref())
            .and_then(|x| x.name.clone())
            .unwrap_or_else(|| ctx.author.to_owned());
        let mut leaf = json!({"name": full_name(p), "product_id": "CSAFPID-PRODUCT"});
        if let Some(h) = helper(p) {
            leaf["product_identification_helper"] = h;
        }
        let name_branch = match &p.version {
            Some(v) => json!({"category": "product_name", "name": p.name, "branches": [
                {"category": "product_version", "name": v, "product": leaf}
            ]}),
            None => json!({"category": "product_name", "name": p.name, "product": leaf}),
        };
        tree.insert(
            "branches".into(),
            json!([{"category": "vendor", "name": vendor, "branches": [name_branch]}]),
        );
    }
    if !full_product_names.is_empty() {
        tree.insert("full_product_names".into(), json!(full_product_names));
    }
    if !relationships.is_empty() {
        tree.insert("relationships".into(), json!(relationships));
    }
    let mut vulnerabilities = Vec::new();
    for (id, findings) in by_vulnerability(ctx.findings) {
        let first = findings[0];
        let pid = |f: &Finding| {
            ids.get(f.component.bom_ref.as_str())
                .cloned()
                .unwrap_or_default()
        };
        let mut status: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut flags: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut threats: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut remediations: BTreeMap<(&str, String), Vec<String>> = BTreeMap::new();
        for f in &findings {
            let p = pid(f);
            match standing(f) {
                Standing::Affected => {
                    status.entry("known_affected").or_default().push(p.clone());
                    let category = if f.fixed_versions.is_empty() {
                        "none_available"
                    } else {
                        "vendor_fix"
                    };
                    remediations
                        .entry((category, action(f)))
                        .or_default()
                        .push(p);
                }
                Standing::Fixed => status.entry("fixed").or_default().push(p),
                Standing::NotAffected => {
                    status
                        .entry("known_not_affected")
                        .or_default()
                        .push(p.clone());
                    let s = f.suppressed_by.as_ref();
                    let label = s
                        .and_then(|s| s.justification.as_deref())
                        .and_then(to_csaf_justification);
                    let detail = s.and_then(|s| s.detail.clone());
                    if let Some(label) = label {
                        flags.entry(label).or_default().push(p.clone());
                    }
                    // The impact statement; without a flag the profile needs one anyway.
                    let impact = detail.or_else(|| {
                        label.is_none().then(|| {
                            format!(
                                "Not affected, as stated in {}",
                                s.map(|s| s.source.as_str()).unwrap_or("a VEX document")
                            )
                        })
                    });
                    if let Some(d) = impact {
                        threats.entry(d).or_default().push(p);
                    }
                }
            }
        }
        let dedup = |mut v: Vec<String>| {
            v.sort();
            v.dedup();
            v
        };
        let mut all: Vec<String> = findings.iter().map(|f| pid(f)).collect();
        all = dedup(all);
        let mut v = json!({
            "notes": [{
                "category": "description",
                "title": "Summary",
                "text": first.vulnerability.summary.clone().unwrap_or_else(|| format!("{id}: {}", first.evidence)),
            }],
            "product_status": status.into_iter().map(|(k, v)| (k.to_owned(), json!(dedup(v)))).collect::<serde_json::Map<_, _>>(),
        });
        let cve = if is_cve(id) {
            Some(id)
        } else {
            cve_of(first).filter(|c| is_cve(c))
        };
        if let Some(c) = cve {
            v["cve"] = json!(c);
        }
        let mut other_ids: Vec<Value> = std::iter::once(id)
            .chain(first.vulnerability.aliases.iter().map(String::as_str))
            .filter(|x| Some(*x) != cve && !is_cve(x))
            .map(|x| json!({"system_name": x.split('-').next().unwrap_or("id"), "text": x}))
            .collect();
        other_ids.dedup();
        if !other_ids.is_empty() {
            v["ids"] = json!(other_ids);
        }
        if !flags.is_empty() {
            v["flags"] = json!(
                flags
                    .into_iter()
                    .map(|(l, p)| json!({"label": l, "product_ids": dedup(p)}))
                    .collect::<Vec<_>>()
            );
        }
        if !threats.is_empty() {
            v["threats"] = json!(threats.into_iter().map(|(d, p)| json!({"category": "impact", "details": d, "product_ids": dedup(p)})).collect::<Vec<_>>());
        }
        if !remediations.is_empty() {
            v["remediations"] = json!(
                remediations
                    .into_iter()
                    .map(
                        |((c, d), p)| json!({"category": c, "details": d, "product_ids": dedup(p)})
                    )
                    .collect::<Vec<_>>()
            );
        }
        let mut scores = Vec::new();
        let mut seen = Vec::new();
        for s in findings.iter().flat_map(|f| &f.severity) {
            if let Ok(parsed @ medcyber_cvss::Cvss::V3(_)) = medcyber_cvss::parse(&s.vector) {
                if seen.contains(&s.vector) {
                    continue;
                }
                seen.push(s.vector.clone());
                let (score, severity) = parsed.base();
                let version = if s.vector.starts_with("CVSS:3.0") {
                    "3.0"
                } else {
                    "3.1"
                };
                scores.push(json!({
                    "cvss_v3": {
                        "version": version,
                        "vectorString": s.vector,
                        "baseScore": score,
                        "baseSeverity": severity.as_str().to_ascii_uppercase(),
                    },
                    "products": all,
                }));
            }
        }
        if !scores.is_empty() {
            v["scores"] = json!(scores);
        }
        vulnerabilities.push(v);
    }
    let title = match product {
        Some(p) => format!("VEX for {}", full_name(p)),
        None => format!("VEX for {}", ctx.sbom_uri),
    };
    json!({
        "document": {
            "category": "csaf_vex",
            "csaf_version": "2.0",
            "title": title,
            "lang": "en",
            "publisher": {"category": "vendor", "name": ctx.author, "namespace": ctx.namespace},
            "notes": [{
                "category": "summary",
                "title": "How this document was made",
                "text": format!("The vulnerability status of each component of {} as matched by medcyber {} against its advisory database, with the supplier's VEX statements applied.", ctx.sbom_uri, ctx.tool_version),
            }],
            "tracking": {
                "id": format!("medcyber-vex-{}", crate::document_uuid(ctx, "csaf-vex")),
                "status": "final",
                "version": "1",
                "initial_release_date": ctx.timestamp,
                "current_release_date": ctx.timestamp,
                "revision_history": [{"date": ctx.timestamp, "number": "1", "summary": "Initial version."}],
                "generator": {"engine": {"name": "medcyber", "version": ctx.tool_version}, "date": ctx.timestamp},
            }
        },
        "product_tree": Value::Object(tree),
        "vulnerabilities": vulnerabilities,
    })
}
