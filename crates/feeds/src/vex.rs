//! VEX documents — CycloneDX VEX (JSON), OpenVEX (0.0.x and 0.2.0) and CSAF 2.0 (`csaf_vex`, or
//! any CSAF document's product status) — read into [`VexStatement`]s.
//!
//! The format is recognised from the content: a CycloneDX BOM (`bomFormat`) with
//! `vulnerabilities`, an OpenVEX document (an `@context` naming openvex), or a CSAF document
//! (`document` and `vulnerabilities`). CycloneDX analysis states map onto the VEX statuses as
//! the CycloneDX and CISA "VEX status" mappings give them: `not_affected` and `false_positive`
//! are not affected, `resolved` and `resolved_with_pedigree` fixed, `exploitable` affected,
//! `in_triage` under investigation; a vulnerability without an analysis is affected (a VDR).
//! A document is read whole and must be entirely readable: a statement without a vulnerability,
//! a product or a known status is an error located by its JSON pointer, and nothing of the
//! document is used.

use std::path::Path;

use medcyber_model::advisory::{Affected, ProductStatus, ProductVersions};
use medcyber_model::vex::{VexProduct, VexStatement, VexStatus};
use serde_json::Value;

use crate::{FeedError, Origin, walk};

/// Reads every statement of a VEX document.
pub fn read(path: &Path) -> Result<Vec<VexStatement>, FeedError> {
    let bytes = walk::read_file(path)?;
    parse(&bytes, &path.display().to_string()).map_err(|(pointer, message)| {
        let origin = Origin::file(path);
        FeedError::new(
            match pointer {
                Some(p) => origin.at_pointer(p),
                None => origin,
            },
            message,
        )
    })
}

type Located = (Option<String>, String);

fn err(pointer: impl Into<String>, message: impl Into<String>) -> Located {
    (Some(pointer.into()), message.into())
}

/// Parses a VEX document; `source` names it in each statement. Errors carry a JSON pointer.
pub fn parse(bytes: &[u8], source: &str) -> Result<Vec<VexStatement>, Located> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') {
        return Err((
            None,
            "an XML document: VEX is read from JSON (CycloneDX VEX JSON, OpenVEX, CSAF)".into(),
        ));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        (
            None,
            format!("not JSON (line {}, column {}): {e}", e.line(), e.column()),
        )
    })?;
    if value.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX") {
        cyclonedx(&value, source)
    } else if value
        .get("@context")
        .and_then(Value::as_str)
        .is_some_and(|c| c.contains("openvex"))
    {
        openvex(&value, source)
    } else if value.get("document").is_some() {
        csaf(bytes, source)
    } else {
        Err((
            None,
            "not a VEX document: expected CycloneDX (bomFormat), OpenVEX (@context) or CSAF (document)"
                .into(),
        ))
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn str_at<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A CycloneDX `ref`: a plain bom-ref, or a BOM-Link `urn:cdx:<serial>/<version>#<ref>`.
fn bom_ref(reference: &str) -> (Option<String>, String) {
    match reference
        .strip_prefix("urn:cdx:")
        .and_then(|r| r.split_once('#'))
    {
        Some((doc, r)) => {
            let serial = doc.split('/').next().unwrap_or(doc);
            (Some(format!("urn:uuid:{serial}")), r.to_owned())
        }
        None => (None, reference.to_owned()),
    }
}

fn cdx_status(state: &str) -> Option<VexStatus> {
    Some(match state {
        "not_affected" | "false_positive" => VexStatus::NotAffected,
        "resolved" | "resolved_with_pedigree" => VexStatus::Fixed,
        "exploitable" => VexStatus::Affected,
        "in_triage" => VexStatus::UnderInvestigation,
        _ => return None,
    })
}

fn cyclonedx(doc: &Value, source: &str) -> Result<Vec<VexStatement>, Located> {
    // Components of the VEX document itself, so a plain `ref` to one of them carries its
    // identifiers to the SBOM being scanned.
    let mut own: std::collections::HashMap<String, (Vec<String>, Vec<String>)> =
        std::collections::HashMap::new();
    let mut stack: Vec<&Value> = doc
        .get("components")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    stack.extend(doc.pointer("/metadata/component"));
    while let Some(c) = stack.pop() {
        if let Some(r) = str_at(c, "bom-ref") {
            own.insert(
                r.to_owned(),
                (
                    str_at(c, "purl").map(str::to_owned).into_iter().collect(),
                    str_at(c, "cpe").map(str::to_owned).into_iter().collect(),
                ),
            );
        }
        if let Some(children) = c.get("components").and_then(Value::as_array) {
            stack.extend(children);
        }
    }
    let mut out = Vec::new();
    let vulns = doc
        .get("vulnerabilities")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            err(
                "/vulnerabilities",
                "a CycloneDX VEX needs `vulnerabilities`",
            )
        })?;
    for (i, v) in vulns.iter().enumerate() {
        let at = format!("/vulnerabilities/{i}");
        let id = str_at(v, "id").ok_or_else(|| err(format!("{at}/id"), "missing id"))?;
        let aliases: Vec<String> = v
            .get("references")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|x| str_at(x, "id"))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let analysis = v.get("analysis");
        let status = match analysis.and_then(|a| str_at(a, "state")) {
            Some(state) => cdx_status(state).ok_or_else(|| {
                err(
                    format!("{at}/analysis/state"),
                    format!("unknown analysis state `{state}`"),
                )
            })?,
            None => VexStatus::Affected,
        };
        let affects: &[Value] = v
            .get("affects")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut products = Vec::new();
        if affects.is_empty() {
            // No `affects`: every product of the document's supplier or manufacturer (CycloneDX
            // VEX use case 7, "all products, all versions").
            let vendor = ["/metadata/supplier/name", "/metadata/manufacturer/name", "/metadata/manufacture/name"]
                .iter()
                .find_map(|p| doc.pointer(p).and_then(Value::as_str))
                .ok_or_else(|| {
                    err(
                        format!("{at}/affects"),
                        "a statement needs `affects`, or the document a supplier whose products it covers",
                    )
                })?;
            products.push(VexProduct {
                vendor: Some(vendor.to_owned()),
                ..VexProduct::default()
            });
        }
        for (j, a) in affects.iter().enumerate() {
            let reference = str_at(a, "ref")
                .ok_or_else(|| err(format!("{at}/affects/{j}/ref"), "missing ref"))?;
            let (link_serial, r) = bom_ref(reference);
            let (purls, cpes) = match (&link_serial, own.get(&r)) {
                (None, Some((p, c))) => (p.clone(), c.clone()),
                _ => (Vec::new(), Vec::new()),
            };
            let versions = cdx_versions(a);
            products.push(VexProduct {
                bom_ref: Some(r),
                bom_serial: link_serial,
                purls,
                cpes,
                versions,
                ..VexProduct::default()
            });
        }
        let response = strings(analysis.and_then(|a| a.get("response")));
        out.push(VexStatement {
            vulnerability: id.to_owned(),
            aliases,
            products,
            status,
            justification: analysis
                .and_then(|a| str_at(a, "justification"))
                .map(str::to_owned),
            detail: analysis
                .and_then(|a| str_at(a, "detail"))
                .map(str::to_owned),
            action: (!response.is_empty()).then(|| response.join(", ")),
            source: source.to_owned(),
        });
    }
    Ok(out)
}

/// The versions an `affects` entry limits a statement to (`versions[]`, each a `version` or a
/// `range` in vers).
fn cdx_versions(affects: &Value) -> Option<ProductVersions> {
    let list = affects.get("versions").and_then(Value::as_array)?;
    let mut constraints = Vec::new();
    for v in list {
        if let Some(exact) = str_at(v, "version") {
            constraints.push(exact.to_owned());
        } else if let Some(range) = str_at(v, "range") {
            // One range stands for itself; several are joined as text (not evaluated).
            if list.len() == 1 {
                return Some(crate::product::from_text(range));
            }
            return Some(ProductVersions::Text(range.to_owned()));
        }
    }
    match constraints.as_slice() {
        [] => None,
        [one] => Some(ProductVersions::Exact(one.clone())),
        many => Some(crate::product::from_text(&many.join("|"))),
    }
}

fn openvex_product(p: &Value) -> VexProduct {
    let mut product = VexProduct::default();
    let mut add = |id: &str| {
        if id.starts_with("pkg:") {
            product.purls.push(id.to_owned());
        } else if id.starts_with("cpe:") {
            product.cpes.push(id.to_owned());
        }
    };
    match p {
        Value::String(id) => add(id),
        Value::Object(_) => {
            if let Some(id) = str_at(p, "@id") {
                add(id);
            }
            if let Some(ids) = p.get("identifiers") {
                for key in ["purl", "cpe23", "cpe22"] {
                    if let Some(id) = str_at(ids, key) {
                        add(id);
                    }
                }
            }
            product.subcomponents = p
                .get("subcomponents")
                .and_then(Value::as_array)
                .map(|s| s.iter().map(openvex_product).collect())
                .unwrap_or_default();
        }
        _ => {}
    }
    product.purls.dedup();
    product.cpes.dedup();
    product
}

fn openvex(doc: &Value, source: &str) -> Result<Vec<VexStatement>, Located> {
    let statements = doc
        .get("statements")
        .and_then(Value::as_array)
        .ok_or_else(|| err("/statements", "an OpenVEX document needs `statements`"))?;
    let mut out = Vec::new();
    for (i, s) in statements.iter().enumerate() {
        let at = format!("/statements/{i}");
        let (id, aliases) = match s.get("vulnerability") {
            Some(Value::String(id)) => (id.clone(), Vec::new()),
            Some(v @ Value::Object(_)) => (
                str_at(v, "name")
                    .or_else(|| str_at(v, "@id"))
                    .ok_or_else(|| err(format!("{at}/vulnerability/name"), "missing name"))?
                    .to_owned(),
                strings(v.get("aliases")),
            ),
            _ => return Err(err(format!("{at}/vulnerability"), "missing vulnerability")),
        };
        let status_text =
            str_at(s, "status").ok_or_else(|| err(format!("{at}/status"), "missing status"))?;
        let status = match status_text {
            "not_affected" => VexStatus::NotAffected,
            "affected" => VexStatus::Affected,
            "fixed" => VexStatus::Fixed,
            "under_investigation" => VexStatus::UnderInvestigation,
            other => {
                return Err(err(
                    format!("{at}/status"),
                    format!("unknown status `{other}`"),
                ));
            }
        };
        let mut products: Vec<VexProduct> = s
            .get("products")
            .and_then(Value::as_array)
            .map(|p| p.iter().map(openvex_product).collect())
            .unwrap_or_default();
        // OpenVEX 0.0.x: subcomponents at the statement level, for every product.
        let shared: Vec<VexProduct> = s
            .get("subcomponents")
            .and_then(Value::as_array)
            .map(|p| p.iter().map(openvex_product).collect())
            .unwrap_or_default();
        if !shared.is_empty() {
            for p in &mut products {
                p.subcomponents.extend(shared.iter().cloned());
            }
        }
        if products.is_empty() {
            return Err(err(format!("{at}/products"), "a statement needs products"));
        }
        out.push(VexStatement {
            vulnerability: id,
            aliases,
            products,
            status,
            justification: str_at(s, "justification").map(str::to_owned),
            detail: str_at(s, "impact_statement")
                .or_else(|| str_at(s, "status_notes"))
                .map(str::to_owned),
            action: str_at(s, "action_statement").map(str::to_owned),
            source: source.to_owned(),
        });
    }
    Ok(out)
}

fn csaf(bytes: &[u8], source: &str) -> Result<Vec<VexStatement>, Located> {
    let advisory = crate::csaf::parse(bytes).map_err(|m| (None, m))?;
    // A status stated for every vulnerability of the document: its CVEs, else its other ids,
    // else the document itself.
    let cves: Vec<String> = advisory.cve_ids().map(str::to_owned).collect();
    let every = match (cves.is_empty(), advisory.aliases.is_empty()) {
        (false, _) => cves,
        (true, false) => advisory.aliases.clone(),
        (true, true) => vec![advisory.id.clone()],
    };
    let remediation = |product_id: &Option<String>| {
        advisory
            .remediations
            .iter()
            .find(|r| {
                product_id
                    .as_ref()
                    .is_some_and(|p| r.product_ids.contains(p))
            })
            .map(|r| format!("{}: {}", r.category, r.details))
    };
    let mut out = Vec::new();
    for a in &advisory.affected {
        let Affected::Product {
            vendor,
            product,
            product_id,
            versions,
            status,
            identifiers,
            vulnerabilities,
            justification,
        } = a
        else {
            continue;
        };
        let status = match status {
            ProductStatus::Affected => VexStatus::Affected,
            ProductStatus::Fixed => VexStatus::Fixed,
            ProductStatus::NotAffected => VexStatus::NotAffected,
            ProductStatus::UnderInvestigation => VexStatus::UnderInvestigation,
        };
        let p = VexProduct {
            purls: identifiers.purls.clone(),
            cpes: identifiers.cpes.clone(),
            vendor: (!vendor.is_empty()).then(|| vendor.clone()),
            name: (!product.is_empty()).then(|| product.clone()),
            versions: Some(versions.clone()),
            ..VexProduct::default()
        };
        let ids = if vulnerabilities.is_empty() {
            &every
        } else {
            vulnerabilities
        };
        for id in ids {
            out.push(VexStatement {
                vulnerability: id.clone(),
                aliases: Vec::new(),
                products: vec![p.clone()],
                status,
                justification: justification.clone(),
                detail: None,
                action: remediation(product_id),
                source: source.to_owned(),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openvex_statements() {
        let doc = br#"{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a",
          "timestamp": "2023-01-01T00:00:00Z", "version": 1,
          "statements": [{"vulnerability": {"name": "CVE-2023-1234", "aliases": ["GHSA-x"]},
            "products": [{"@id": "pkg:oci/app@sha256:1", "subcomponents": [{"@id": "pkg:npm/a@1.0"}]}],
            "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
            "impact_statement": "not called"}]}"#;
        let s = parse(doc, "v.json").expect("parse");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].status, VexStatus::NotAffected);
        assert_eq!(s[0].aliases, ["GHSA-x"]);
        assert_eq!(s[0].products[0].purls, ["pkg:oci/app@sha256:1"]);
        assert_eq!(s[0].products[0].subcomponents[0].purls, ["pkg:npm/a@1.0"]);
        assert_eq!(s[0].detail.as_deref(), Some("not called"));
    }

    #[test]
    fn bad_documents_are_located() {
        let (pointer, message) = parse(
            br#"{"@context": "https://openvex.dev/ns", "statements": [{"vulnerability": "CVE-1", "products": ["pkg:npm/a"], "status": "maybe"}]}"#,
            "v",
        )
        .expect_err("bad status");
        assert_eq!(pointer.as_deref(), Some("/statements/0/status"));
        assert!(message.contains("maybe"));
        assert!(parse(b"<bom/>", "v").is_err());
        assert!(parse(b"{}", "v").is_err());
        assert!(parse(b"{", "v").is_err());
    }

    #[test]
    fn bom_links() {
        assert_eq!(
            bom_ref("urn:cdx:2c385cf7-e1ee-46e9-a51c-13de1ecb380a/1#acme-product-1"),
            (
                Some("urn:uuid:2c385cf7-e1ee-46e9-a51c-13de1ecb380a".into()),
                "acme-product-1".into()
            )
        );
        assert_eq!(bom_ref("acme"), (None, "acme".into()));
    }
}
