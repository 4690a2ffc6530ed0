//! CSAF 2.0 advisories (OASIS Common Security Advisory Framework): CISA's ICS and ICS medical
//! advisories, vendors' security advisories and CSAF VEX documents.
//!
//! One document becomes one [`Advisory`] keyed by its `document.tracking.id` (`ICSMA-24-200-01`),
//! with the CVE (and other) ids of its vulnerabilities as aliases. The product tree is resolved
//! into named products: each leaf of the branch tree gives its vendor (`vendor` branch), product
//! (`product_name`, else `product_family`), versions (`product_version` exactly;
//! `product_version_range` as a `vers` range, see [`crate::product`]) and its
//! `product_identification_helper` (purl, CPE, model numbers, SKUs, serial numbers, hashes);
//! relationship products (`installed_on`, `default_component_of`, ...) inherit the referenced
//! product's names. Each product becomes one [`Affected::Product`] per status the
//! vulnerabilities give it (`known_affected`, `fixed`, `known_not_affected`,
//! `under_investigation`; `first_`/`last_` variants fold into their kind), listing the
//! vulnerabilities the status is for when it is not all of them, with the VEX justification
//! (flag label, else the impact statement) of a `known_not_affected` status.
//!
//! Inputs: a document file; a directory tree (every `*.json` that is a CSAF document; ROLIE
//! feeds and provider metadata met on the way are recognised and skipped); or, given
//! explicitly, a provider's `index.txt` or ROLIE feed, whose entries are resolved to files in
//! the mirror directory that holds it (the longest trailing part of the listed path or URL that
//! exists there, never outside it). A listed document missing from the mirror is an error
//! located at its line or entry, and the rest imports.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component as PathComponent, Path, PathBuf};

use medcyber_model::Advisory;
use medcyber_model::advisory::{
    Affected, ProductIdentifiers, ProductStatus, ProductVersions, Reference, Remediation,
    SeverityScore, Source,
};
use serde::Deserialize;
use serde_json::Value;

use crate::walk;
use crate::{Counting, FeedError, Origin, Record, Sink, Stats};

#[derive(Deserialize)]
struct Document {
    document: Meta,
    #[serde(default)]
    product_tree: ProductTree,
    #[serde(default)]
    vulnerabilities: Vec<Vulnerability>,
}

#[derive(Deserialize)]
struct Meta {
    #[serde(default)]
    category: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    publisher: Publisher,
    tracking: Tracking,
    #[serde(default)]
    notes: Vec<Note>,
    #[serde(default)]
    references: Vec<CsafReference>,
}

#[derive(Deserialize, Default)]
struct Publisher {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct Tracking {
    id: String,
    #[serde(default)]
    initial_release_date: Option<String>,
    #[serde(default)]
    current_release_date: Option<String>,
}

#[derive(Deserialize)]
struct Note {
    #[serde(default)]
    category: String,
    #[serde(default)]
    text: String,
}

#[derive(Deserialize)]
struct CsafReference {
    url: String,
    #[serde(default)]
    category: Option<String>,
}

#[derive(Deserialize, Default)]
struct ProductTree {
    #[serde(default)]
    branches: Vec<Branch>,
    #[serde(default)]
    full_product_names: Vec<FullProductName>,
    #[serde(default)]
    relationships: Vec<Relationship>,
    #[serde(default)]
    product_groups: Vec<ProductGroup>,
}

#[derive(Deserialize)]
struct Branch {
    #[serde(default)]
    category: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    branches: Vec<Branch>,
    #[serde(default)]
    product: Option<FullProductName>,
}

#[derive(Deserialize)]
struct FullProductName {
    #[serde(default)]
    name: String,
    product_id: String,
    #[serde(default)]
    product_identification_helper: Option<Helper>,
}

#[derive(Deserialize, Default)]
struct Helper {
    #[serde(default)]
    cpe: Option<String>,
    #[serde(default)]
    purl: Option<String>,
    #[serde(default)]
    model_numbers: Vec<String>,
    #[serde(default)]
    skus: Vec<String>,
    #[serde(default)]
    serial_numbers: Vec<String>,
    #[serde(default)]
    hashes: Vec<HashSet>,
}

#[derive(Deserialize)]
struct HashSet {
    #[serde(default)]
    file_hashes: Vec<FileHash>,
}

#[derive(Deserialize)]
struct FileHash {
    algorithm: String,
    value: String,
}

#[derive(Deserialize)]
struct Relationship {
    full_product_name: FullProductName,
    product_reference: String,
}

#[derive(Deserialize)]
struct ProductGroup {
    group_id: String,
    #[serde(default)]
    product_ids: Vec<String>,
}

#[derive(Deserialize)]
struct Vulnerability {
    #[serde(default)]
    cve: Option<String>,
    #[serde(default)]
    ids: Vec<VulnId>,
    #[serde(default)]
    cwe: Option<Cwe>,
    #[serde(default)]
    product_status: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    flags: Vec<Flag>,
    #[serde(default)]
    threats: Vec<Threat>,
    #[serde(default)]
    remediations: Vec<CsafRemediation>,
    #[serde(default)]
    scores: Vec<Score>,
    #[serde(default)]
    references: Vec<CsafReference>,
}

#[derive(Deserialize)]
struct VulnId {
    text: String,
}

#[derive(Deserialize)]
struct Cwe {
    id: String,
}

#[derive(Deserialize)]
struct Flag {
    label: String,
    #[serde(default)]
    product_ids: Vec<String>,
    #[serde(default)]
    group_ids: Vec<String>,
}

#[derive(Deserialize)]
struct Threat {
    #[serde(default)]
    category: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    product_ids: Vec<String>,
    #[serde(default)]
    group_ids: Vec<String>,
}

#[derive(Deserialize)]
struct CsafRemediation {
    category: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    product_ids: Vec<String>,
    #[serde(default)]
    group_ids: Vec<String>,
}

#[derive(Deserialize)]
struct Score {
    #[serde(default)]
    cvss_v2: Option<Value>,
    #[serde(default)]
    cvss_v3: Option<Value>,
    #[serde(default)]
    cvss_v4: Option<Value>,
}

/// A product of the tree with the names its branches give it.
#[derive(Clone, Default)]
struct Named {
    vendor: String,
    product: String,
    versions: Option<ProductVersions>,
    identifiers: ProductIdentifiers,
}

fn identifiers(helper: Option<&Helper>) -> ProductIdentifiers {
    let Some(h) = helper else {
        return ProductIdentifiers::default();
    };
    ProductIdentifiers {
        purls: h.purl.iter().cloned().collect(),
        cpes: h.cpe.iter().cloned().collect(),
        model_numbers: h.model_numbers.clone(),
        skus: h.skus.clone(),
        serial_numbers: h.serial_numbers.clone(),
        hashes: h
            .hashes
            .iter()
            .flat_map(|s| &s.file_hashes)
            .map(|f| (f.algorithm.clone(), f.value.clone()))
            .collect(),
    }
}

/// Walks the branch tree, recording each product with the names of the branches above it.
fn walk_branches(branches: &[Branch], above: &Named, out: &mut BTreeMap<String, Named>) {
    for b in branches {
        let mut here = above.clone();
        match b.category.as_str() {
            "vendor" => here.vendor = b.name.clone(),
            "product_name" => here.product = b.name.clone(),
            "product_family" if here.product.is_empty() => here.product = b.name.clone(),
            "product_version" => here.versions = Some(ProductVersions::Exact(b.name.clone())),
            "product_version_range" => here.versions = Some(crate::product::from_text(&b.name)),
            _ => {}
        }
        if let Some(p) = &b.product {
            let mut named = here.clone();
            if named.product.is_empty() {
                named.product = p.name.clone();
            }
            named.identifiers = identifiers(p.product_identification_helper.as_ref());
            out.insert(p.product_id.clone(), named);
        }
        walk_branches(&b.branches, &here, out);
    }
}

fn products(tree: &ProductTree) -> BTreeMap<String, Named> {
    let mut out = BTreeMap::new();
    walk_branches(&tree.branches, &Named::default(), &mut out);
    for p in &tree.full_product_names {
        out.entry(p.product_id.clone()).or_insert_with(|| Named {
            product: p.name.clone(),
            identifiers: identifiers(p.product_identification_helper.as_ref()),
            ..Named::default()
        });
    }
    // A relationship's product is the referenced product (the part that is vulnerable) in a
    // context; it keeps that product's names and versions.
    for r in &tree.relationships {
        let base = out.get(&r.product_reference).cloned();
        let named = match base {
            Some(mut n) => {
                let ids = identifiers(r.full_product_name.product_identification_helper.as_ref());
                if ids != ProductIdentifiers::default() {
                    n.identifiers = ids;
                }
                n
            }
            None => Named {
                product: r.full_product_name.name.clone(),
                ..Named::default()
            },
        };
        out.entry(r.full_product_name.product_id.clone())
            .or_insert(named);
    }
    out
}

fn status_of(key: &str) -> Option<ProductStatus> {
    Some(match key {
        "first_affected" | "known_affected" | "last_affected" => ProductStatus::Affected,
        "first_fixed" | "fixed" => ProductStatus::Fixed,
        "known_not_affected" => ProductStatus::NotAffected,
        "under_investigation" => ProductStatus::UnderInvestigation,
        _ => return None,
    })
}

fn vector_of(v: &Value) -> Option<(String, Option<f64>)> {
    let vector = v.get("vectorString")?.as_str()?.to_owned();
    Some((vector, v.get("baseScore").and_then(Value::as_f64)))
}

/// Converts one parsed CSAF document.
fn convert(doc: Document) -> Advisory {
    let meta = doc.document;
    let publisher = meta.publisher.name.clone();
    let groups: HashMap<&str, &Vec<String>> = doc
        .product_tree
        .product_groups
        .iter()
        .map(|g| (g.group_id.as_str(), &g.product_ids))
        .collect();
    let expand = |products: &[String], group_ids: &[String]| -> Vec<String> {
        let mut out: Vec<String> = products.to_vec();
        for g in group_ids {
            out.extend(
                groups
                    .get(g.as_str())
                    .into_iter()
                    .flat_map(|v| v.iter().cloned()),
            );
        }
        out.sort();
        out.dedup();
        out
    };
    let named = products(&doc.product_tree);
    let vuln_ids: Vec<String> = doc
        .vulnerabilities
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.cve
                .clone()
                .or_else(|| v.ids.first().map(|id| id.text.clone()))
                .unwrap_or_else(|| format!("{}#{}", meta.tracking.id, i + 1))
        })
        .collect();
    let mut aliases = Vec::new();
    let mut severity: Vec<SeverityScore> = Vec::new();
    let mut cwes = Vec::new();
    let mut references: Vec<Reference> = meta
        .references
        .iter()
        .map(|r| Reference {
            kind: r.category.clone().unwrap_or_else(|| "external".to_owned()),
            url: r.url.clone(),
        })
        .collect();
    let mut remediations = Vec::new();
    // (product id, status, justification) -> vulnerability ids.
    let mut statuses: BTreeMap<(String, ProductStatus, Option<String>), Vec<String>> =
        BTreeMap::new();
    for (v, vid) in doc.vulnerabilities.iter().zip(&vuln_ids) {
        aliases.extend(v.cve.iter().cloned());
        aliases.extend(v.ids.iter().map(|i| i.text.clone()));
        cwes.extend(v.cwe.iter().map(|c| c.id.clone()));
        for s in &v.scores {
            for (kind, metric) in [
                ("CVSS_V4", &s.cvss_v4),
                ("CVSS_V3", &s.cvss_v3),
                ("CVSS_V2", &s.cvss_v2),
            ] {
                if let Some((vector, score)) = metric.as_ref().and_then(vector_of)
                    && !severity.iter().any(|x| x.vector == vector)
                {
                    severity.push(SeverityScore {
                        kind: kind.to_owned(),
                        vector,
                        score,
                        assessor: publisher.clone(),
                    });
                }
            }
        }
        references.extend(v.references.iter().map(|r| Reference {
            kind: r.category.clone().unwrap_or_else(|| "external".to_owned()),
            url: r.url.clone(),
        }));
        for r in &v.remediations {
            let rem = Remediation {
                category: r.category.clone(),
                details: r.details.clone(),
                url: r.url.clone(),
                product_ids: expand(&r.product_ids, &r.group_ids),
            };
            if !remediations.contains(&rem) {
                remediations.push(rem);
            }
        }
        // The VEX justification of each not-affected product: its flag, else its impact.
        let mut why: HashMap<String, String> = HashMap::new();
        for t in v.threats.iter().filter(|t| t.category == "impact") {
            for p in expand(&t.product_ids, &t.group_ids) {
                why.insert(p, t.details.clone());
            }
        }
        for f in &v.flags {
            for p in expand(&f.product_ids, &f.group_ids) {
                why.insert(p, f.label.clone());
            }
        }
        for (key, ids) in &v.product_status {
            let Some(status) = status_of(key) else {
                continue;
            };
            for p in ids {
                let justification = (status == ProductStatus::NotAffected)
                    .then(|| why.get(p).cloned())
                    .flatten();
                let list = statuses
                    .entry((p.clone(), status, justification))
                    .or_default();
                if !list.contains(vid) {
                    list.push(vid.clone());
                }
            }
        }
    }
    aliases.retain(|a| a != &meta.tracking.id);
    aliases.sort();
    aliases.dedup();
    cwes.sort();
    cwes.dedup();
    let every = vuln_ids.len();
    let mut affected = Vec::new();
    for ((product_id, status, justification), vulns) in statuses {
        let n = named.get(&product_id).cloned().unwrap_or_else(|| Named {
            product: product_id.clone(),
            ..Named::default()
        });
        affected.push(Affected::Product {
            vendor: n.vendor,
            product: n.product,
            product_id: Some(product_id),
            versions: n.versions.unwrap_or(ProductVersions::All),
            status,
            identifiers: n.identifiers,
            vulnerabilities: if vulns.len() == every {
                Vec::new()
            } else {
                vulns
            },
            justification,
        });
    }
    let details = ["summary", "description", "general"]
        .iter()
        .find_map(|cat| {
            let text: Vec<&str> = meta
                .notes
                .iter()
                .filter(|n| n.category == *cat)
                .map(|n| n.text.as_str())
                .collect();
            (!text.is_empty()).then(|| text.join("\n\n"))
        });
    let withdrawn = (meta.category == "csaf_deprecated_security_advisory")
        .then(|| meta.tracking.current_release_date.clone())
        .flatten();
    Advisory {
        id: meta.tracking.id,
        source: Some(Source::Csaf),
        database: publisher,
        aliases,
        summary: (!meta.title.is_empty()).then_some(meta.title),
        details,
        published: meta.tracking.initial_release_date,
        modified: meta.tracking.current_release_date,
        withdrawn,
        severity,
        cwes,
        affected,
        references,
        remediations,
        ..Advisory::default()
    }
}

/// What a JSON file in a CSAF directory is.
enum Kind {
    Document,
    /// A ROLIE feed or provider/aggregator metadata: lists documents, is not one.
    Listing,
    Other,
}

fn kind_of(value: &Value) -> Kind {
    if value.get("document").is_some() {
        Kind::Document
    } else if value.get("feed").is_some()
        || value.get("canonical_url").is_some()
        || value.get("aggregator").is_some()
    {
        Kind::Listing
    } else {
        Kind::Other
    }
}

/// Parses one CSAF document.
pub fn parse(bytes: &[u8]) -> Result<Advisory, String> {
    let doc: Document =
        serde_json::from_slice(bytes).map_err(|e| format!("not a CSAF 2.0 document: {e}"))?;
    Ok(convert(doc))
}

/// A file's JSON, or the error located in it.
fn json_of(file: &Path, origin: &Origin) -> Result<Value, FeedError> {
    let bytes = walk::read_file(file).map_err(|e| FeedError::new(origin.clone(), e.message))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| FeedError::new(origin.at_line(e.line()), format!("not JSON: {e}")))
}

/// Hands a parsed file over as an advisory. Met in a directory walk, JSON that is not a CSAF
/// document (a ROLIE feed, provider metadata, anything else) is passed over; named explicitly
/// or listed by a provider, it is an error.
fn document(value: Value, origin: Origin, listed: bool, out: &mut Counting<'_, '_>) {
    match kind_of(&value) {
        Kind::Listing | Kind::Other if !listed => {}
        _ => match serde_json::from_value::<Document>(value) {
            Ok(doc) => out.ok(Record::Advisory(Box::new(convert(doc))), origin),
            Err(e) => out.err(FeedError::new(
                origin,
                format!("not a CSAF 2.0 document: {e}"),
            )),
        },
    }
}

fn read_document(file: &Path, origin: Origin, listed: bool, out: &mut Counting<'_, '_>) {
    match json_of(file, &origin) {
        Ok(value) => document(value, origin, listed, out),
        Err(e) => out.err(e),
    }
}

/// The file in `mirror` a listed path or URL names: the longest trailing part of it that
/// exists under `mirror` (`csaf_files/OT/white/2024/x.json` is found as `2024/x.json`).
/// Parts that would leave the mirror (`..`, absolute) are refused.
pub fn resolve(mirror: &Path, listed: &str) -> Option<PathBuf> {
    let path = listed
        .split_once("://")
        .map(|(_, rest)| rest.split_once('/').map(|(_, p)| p).unwrap_or(""))
        .unwrap_or(listed);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return None;
    }
    (0..segments.len()).find_map(|start| {
        let candidate = mirror.join(segments[start..].join("/"));
        let inside = Path::new(&segments[start..].join("/"))
            .components()
            .all(|c| matches!(c, PathComponent::Normal(_)));
        (inside && candidate.is_file()).then_some(candidate)
    })
}

/// The documents a ROLIE feed lists: each entry's `content.src` (else its `self` link), with
/// the entry's JSON pointer.
fn rolie_entries(feed: &Value) -> Vec<(String, String)> {
    let entries = feed
        .pointer("/feed/entry")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let src = e
                .pointer("/content/src")
                .and_then(Value::as_str)
                .or_else(|| {
                    e.get("link")?
                        .as_array()?
                        .iter()
                        .find(|l| l.get("rel").and_then(Value::as_str) == Some("self"))?
                        .get("href")?
                        .as_str()
                })?;
            Some((format!("/feed/entry/{i}"), src.to_owned()))
        })
        .collect()
}

/// Reads the documents a listing names (with where each is named), looked up in `mirror`.
fn read_listed(mirror: &Path, listed: Vec<(Origin, String)>, out: &mut Counting<'_, '_>) {
    for (at, entry) in listed {
        match resolve(mirror, &entry) {
            Some(file) => read_document(&file, Origin::file(&file), true, out),
            None => out.err(FeedError::new(
                at,
                format!(
                    "{entry}: not found in the mirror directory {}",
                    mirror.display()
                ),
            )),
        }
    }
}

/// Reads CSAF documents from a file, a directory tree, a provider's `index.txt` or a ROLIE feed.
pub fn read(path: &Path, sink: &mut Sink<'_>) -> Result<Stats, FeedError> {
    let mut out = Counting {
        sink,
        stats: Stats::default(),
    };
    read_inner(path, &mut out)?;
    Ok(out.stats)
}

fn read_inner(path: &Path, out: &mut Counting<'_, '_>) -> Result<(), FeedError> {
    if path.is_file() {
        // A file named explicitly is read once: a provider's index.txt, a ROLIE feed, or a
        // document.
        let origin = Origin::file(path);
        let mirror = path.parent().unwrap_or(Path::new("."));
        if path.file_name().is_some_and(|n| n == "index.txt") {
            let text = String::from_utf8(walk::read_file(path)?)
                .map_err(|e| FeedError::new(origin.clone(), format!("not UTF-8 text: {e}")))?;
            let listed = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| (origin.at_line(i + 1), l.trim().to_owned()))
                .collect();
            read_listed(mirror, listed, out);
        } else {
            match json_of(path, &origin) {
                Ok(feed) if feed.get("feed").is_some() => {
                    let listed = rolie_entries(&feed)
                        .into_iter()
                        .map(|(pointer, src)| (origin.at_pointer(pointer), src))
                        .collect();
                    read_listed(mirror, listed, out);
                }
                Ok(value) => document(value, origin, true, out),
                Err(e) => out.err(e),
            }
        }
        return Ok(());
    }
    let accept = |p: &Path| p.extension().is_some_and(|e| e == "json");
    for file in walk::files(path, &accept)? {
        read_document(&file, Origin::file(&file), false, out);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(product_tree: Value, vulnerabilities: Value) -> Advisory {
        let v = serde_json::json!({
            "document": {
                "category": "csaf_vex", "title": "t", "csaf_version": "2.0",
                "publisher": {"name": "ACME", "category": "vendor", "namespace": "https://acme.example"},
                "tracking": {"id": "ACME-1", "current_release_date": "2024-01-02T00:00:00Z",
                             "initial_release_date": "2024-01-01T00:00:00Z"}
            },
            "product_tree": product_tree,
            "vulnerabilities": vulnerabilities
        });
        parse(&serde_json::to_vec(&v).expect("json")).expect("parse")
    }

    #[test]
    fn statuses_per_vulnerability_and_justifications() {
        let a = doc(
            serde_json::json!({"branches": [{"category": "vendor", "name": "ACME", "branches": [
                {"category": "product_name", "name": "Pump", "branches": [
                    {"category": "product_version", "name": "1.0",
                     "product": {"name": "ACME Pump 1.0", "product_id": "P1",
                                 "product_identification_helper": {"model_numbers": ["PX-1"]}}},
                    {"category": "product_version_range", "name": "<= 0.9",
                     "product": {"name": "ACME Pump <= 0.9", "product_id": "P0"}}
                ]}]}],
              "product_groups": [{"group_id": "G", "product_ids": ["P1"]}]}),
            serde_json::json!([
                {"cve": "CVE-2024-0001", "product_status": {"known_affected": ["P0"], "known_not_affected": ["P1"]},
                 "flags": [{"label": "vulnerable_code_not_present", "group_ids": ["G"]}],
                 "scores": [{"products": ["P0"], "cvss_v3": {"version": "3.1", "baseScore": 9.8,
                    "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseSeverity": "CRITICAL"}}]},
                {"cve": "CVE-2024-0002", "product_status": {"known_affected": ["P0", "P1"]}}
            ]),
        );
        assert_eq!(a.id, "ACME-1");
        assert_eq!(a.aliases, ["CVE-2024-0001", "CVE-2024-0002"]);
        assert_eq!(a.severity[0].assessor.as_deref(), Some("ACME"));
        let products: Vec<_> = a
            .affected
            .iter()
            .map(|x| match x {
                Affected::Product {
                    product_id,
                    status,
                    vulnerabilities,
                    justification,
                    versions,
                    vendor,
                    product,
                    ..
                } => (
                    product_id.clone().unwrap_or_default(),
                    *status,
                    vulnerabilities.clone(),
                    justification.clone(),
                    versions.clone(),
                    format!("{vendor}/{product}"),
                ),
                _ => unreachable!(),
            })
            .collect();
        assert!(products.contains(&(
            "P0".into(),
            ProductStatus::Affected,
            vec![],
            None,
            ProductVersions::Vers("vers:generic/<=0.9".into()),
            "ACME/Pump".into()
        )));
        assert!(products.contains(&(
            "P1".into(),
            ProductStatus::NotAffected,
            vec!["CVE-2024-0001".into()],
            Some("vulnerable_code_not_present".into()),
            ProductVersions::Exact("1.0".into()),
            "ACME/Pump".into()
        )));
        assert!(products.contains(&(
            "P1".into(),
            ProductStatus::Affected,
            vec!["CVE-2024-0002".into()],
            None,
            ProductVersions::Exact("1.0".into()),
            "ACME/Pump".into()
        )));
    }

    #[test]
    fn a_named_file_that_is_no_csaf_document_is_an_error_and_skipped_in_a_walk() {
        let dir = std::env::temp_dir().join(format!("medcyber-csaf-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let other = dir.join("other.json");
        std::fs::write(&other, r#"{"hello": 1}"#).expect("write");
        let broken = dir.join("broken.json");
        std::fs::write(&broken, "{\n\"document\": ").expect("write");
        let (good, bad) = crate::collect(|out| {
            let _ = read_inner(&other, out);
        });
        assert!(good.is_empty());
        assert!(
            bad[0].message.contains("not a CSAF 2.0 document"),
            "{}",
            bad[0]
        );
        // In a directory, unrelated JSON is passed over; broken JSON is still an error.
        let (good, bad) = crate::collect(|out| {
            let _ = read_inner(&dir, out);
        });
        assert!(good.is_empty());
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].origin.path, broken);
        assert_eq!(bad[0].origin.line, Some(2));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn resolve_stays_inside_the_mirror() {
        let dir = std::env::temp_dir().join(format!("medcyber-csaf-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("2024")).expect("mkdir");
        std::fs::write(dir.join("2024/a.json"), "{}").expect("write");
        assert_eq!(
            resolve(&dir, "https://example.com/csaf_files/OT/white/2024/a.json"),
            Some(dir.join("2024/a.json"))
        );
        assert_eq!(
            resolve(&dir, "csaf_files/2024/a.json"),
            Some(dir.join("2024/a.json"))
        );
        assert_eq!(resolve(&dir, "../2024/a.json"), None);
        assert_eq!(resolve(&dir, "2024/b.json"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
