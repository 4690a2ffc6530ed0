//! [`Sbom`] → CycloneDX 1.6, as JSON or XML, with a report of what CycloneDX cannot hold.
//!
//! The described product becomes `metadata.component`; other components are written nested
//! under their parent (children of the described product at the top level, since
//! `metadata.component` already implies that it contains them). Level of support and
//! end-of-support date are written as the properties `medcyber:support:level` and
//! `medcyber:support:end-of-support` (see `docs/sbom.md`). Dependency edges other than
//! "depends on" are written as `dependsOn` and reported.

use medcyber_model::sbom::{
    Component, DependencyKind, ExternalReference, License, LicenseAcknowledgement, Party, Property,
    Sbom, Scope, Unmapped,
};
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::read::{END_OF_SUPPORT_PROPERTIES, SUPPORT_LEVEL_PROPERTIES};

/// The written document and what could not be carried over.
#[derive(Clone, Debug)]
pub struct Written {
    /// The document text.
    pub text: String,
    /// What the target format could not hold.
    pub losses: Vec<Unmapped>,
}

/// The external reference types CycloneDX 1.6 defines.
const REFERENCE_TYPES: &[&str] = &[
    "vcs",
    "issue-tracker",
    "website",
    "advisories",
    "bom",
    "mailing-list",
    "social",
    "chat",
    "documentation",
    "support",
    "source-distribution",
    "distribution",
    "distribution-intake",
    "license",
    "build-meta",
    "build-system",
    "release-notes",
    "security-contact",
    "model-card",
    "log",
    "configuration",
    "evidence",
    "formulation",
    "attestation",
    "threat-model",
    "adversary-model",
    "risk-assessment",
    "vulnerability-assertion",
    "exploitability-statement",
    "pentest-report",
    "static-analysis-report",
    "dynamic-analysis-report",
    "runtime-analysis-report",
    "component-analysis-report",
    "maturity-report",
    "certification-report",
    "codified-infrastructure",
    "quality-metrics",
    "poam",
    "electronic-signature",
    "digital-signature",
    "rfc-9116",
    "other",
];

/// The hash algorithms CycloneDX 1.6 defines.
const HASH_ALGORITHMS: &[&str] = &[
    "MD5",
    "SHA-1",
    "SHA-256",
    "SHA-384",
    "SHA-512",
    "SHA3-256",
    "SHA3-384",
    "SHA3-512",
    "BLAKE2b-256",
    "BLAKE2b-384",
    "BLAKE2b-512",
    "BLAKE3",
];

fn entity(p: &Party) -> Value {
    let mut m = Map::new();
    if let Some(n) = &p.name {
        m.insert("name".into(), json!(n));
    }
    if !p.urls.is_empty() {
        m.insert("url".into(), json!(p.urls));
    }
    if let Some(e) = &p.email {
        m.insert("contact".into(), json!([{ "email": e }]));
    }
    Value::Object(m)
}

fn contact(p: &Party) -> Value {
    let mut m = Map::new();
    if let Some(n) = &p.name {
        m.insert("name".into(), json!(n));
    }
    if let Some(e) = &p.email {
        m.insert("email".into(), json!(e));
    }
    Value::Object(m)
}

struct Writer<'a> {
    sbom: &'a Sbom,
    /// Components by bom-ref, and each component's nested children (built once: looking
    /// them up by scanning would make large SBOMs quadratic).
    by_ref: HashMap<&'a str, &'a Component>,
    children: HashMap<&'a str, Vec<&'a Component>>,
    losses: Vec<Unmapped>,
}

impl<'a> Writer<'a> {
    fn loss(&mut self, location: String, what: impl Into<String>) {
        self.losses.push(Unmapped {
            location,
            what: what.into(),
        });
    }

    fn external_references(&mut self, refs: &[ExternalReference], at: &str) -> Value {
        Value::Array(
            refs.iter()
                .map(|r| {
                    let kind = if REFERENCE_TYPES.contains(&r.kind.as_str()) {
                        r.kind.as_str()
                    } else {
                        self.loss(
                            at.to_owned(),
                            format!("external reference type `{}` written as `other`", r.kind),
                        );
                        "other"
                    };
                    let mut m = Map::new();
                    m.insert("type".into(), json!(kind));
                    m.insert("url".into(), json!(r.url));
                    let comment = match (&r.comment, kind == "other" && r.kind != "other") {
                        (Some(c), true) => Some(format!("{}: {c}", r.kind)),
                        (None, true) => Some(r.kind.clone()),
                        (c, false) => c.clone(),
                    };
                    if let Some(c) = comment {
                        m.insert("comment".into(), json!(c));
                    }
                    Value::Object(m)
                })
                .collect(),
        )
    }

    fn component(&mut self, c: &Component, children: &[&Component]) -> Value {
        let at = format!("component `{}`", c.bom_ref);
        let mut m = Map::new();
        let kind = c.kind.as_str();
        let kind = if kind == "source" {
            self.loss(at.clone(), "component kind `source` written as `file`");
            "file"
        } else {
            kind
        };
        m.insert("type".into(), json!(kind));
        m.insert("bom-ref".into(), json!(c.bom_ref));
        if let Some(s) = &c.supplier {
            m.insert("supplier".into(), entity(s));
        }
        if let Some(s) = &c.manufacturer {
            m.insert("manufacturer".into(), entity(s));
        }
        if let Some(a) = &c.author {
            m.insert("author".into(), json!(a));
        }
        if let Some(p) = &c.publisher {
            m.insert("publisher".into(), json!(p));
        }
        if let Some(g) = &c.group {
            m.insert("group".into(), json!(g));
        }
        m.insert("name".into(), json!(c.name));
        if let Some(v) = &c.version {
            m.insert("version".into(), json!(v));
        }
        if let Some(d) = &c.description {
            m.insert("description".into(), json!(d));
        }
        if let Some(s) = c.scope {
            let s = match s {
                Scope::Required => "required",
                Scope::Optional => "optional",
                Scope::Excluded => "excluded",
            };
            m.insert("scope".into(), json!(s));
        }
        if !c.hashes.is_empty() {
            let mut hashes = Vec::new();
            for h in &c.hashes {
                match HASH_ALGORITHMS
                    .iter()
                    .find(|a| a.eq_ignore_ascii_case(&h.alg))
                {
                    Some(alg) => hashes.push(json!({"alg": alg, "content": h.value})),
                    None => self.loss(at.clone(), format!("hash algorithm `{}`", h.alg)),
                }
            }
            if !hashes.is_empty() {
                m.insert("hashes".into(), Value::Array(hashes));
            }
        }
        if !c.licenses.is_empty() {
            // CycloneDX allows either licences or one expression per component.
            let expressions: Vec<&str> = c
                .licenses
                .iter()
                .filter_map(|l| match &l.license {
                    License::Expression(e) if !is_simple_id(e) => Some(e.as_str()),
                    _ => None,
                })
                .collect();
            let licenses: Vec<Value> = if expressions.is_empty() {
                c.licenses
                    .iter()
                    .map(|l| {
                        // `license.id` takes only ids of the SPDX licence list; anything
                        // else (a `LicenseRef-…`) is written as a name.
                        let mut lic = match &l.license {
                            License::Expression(id) if crate::schema::is_spdx_license_id(id) => {
                                json!({"id": id})
                            }
                            License::Expression(name) | License::Named(name) => {
                                json!({"name": name})
                            }
                        };
                        if let Value::Object(o) = &mut lic {
                            o.insert(
                                "acknowledgement".into(),
                                json!(match l.acknowledgement {
                                    LicenseAcknowledgement::Declared => "declared",
                                    LicenseAcknowledgement::Concluded => "concluded",
                                }),
                            );
                        }
                        json!({ "license": lic })
                    })
                    .collect()
            } else {
                if c.licenses.len() > 1 {
                    let all: Vec<String> = c
                        .licenses
                        .iter()
                        .map(|l| match &l.license {
                            License::Expression(e) | License::Named(e) => e.clone(),
                        })
                        .collect();
                    self.loss(
                        at.clone(),
                        format!(
                            "licences {} (CycloneDX holds one expression per component; the first expression is kept)",
                            all.join(" / ")
                        ),
                    );
                }
                let first = c
                    .licenses
                    .iter()
                    .find(|l| matches!(&l.license, License::Expression(e) if !is_simple_id(e)));
                let ack = first.map_or("declared", |l| match l.acknowledgement {
                    LicenseAcknowledgement::Declared => "declared",
                    LicenseAcknowledgement::Concluded => "concluded",
                });
                vec![json!({"expression": expressions[0], "acknowledgement": ack})]
            };
            m.insert("licenses".into(), Value::Array(licenses));
        }
        if let Some(cr) = &c.copyright {
            m.insert("copyright".into(), json!(cr));
        }
        if let Some(cpe) = &c.cpe {
            m.insert("cpe".into(), json!(cpe));
        }
        if !c.other_cpes.is_empty() {
            self.loss(
                at.clone(),
                format!(
                    "further CPEs {} (CycloneDX holds one CPE per component; kept as properties `medcyber:cpe`)",
                    c.other_cpes.join(", ")
                ),
            );
        }
        if let Some(p) = &c.purl {
            m.insert("purl".into(), json!(p));
        }
        for (scheme, key) in [("omnibor", "omniborId"), ("swhid", "swhid")] {
            let ids: Vec<&str> = c
                .other_identifiers
                .iter()
                .filter(|(s, _)| s == scheme)
                .map(|(_, v)| v.as_str())
                .collect();
            if !ids.is_empty() {
                m.insert(key.into(), json!(ids));
            }
        }
        for (scheme, value) in &c.other_identifiers {
            if scheme != "omnibor" && scheme != "swhid" {
                self.loss(at.clone(), format!("identifier {scheme}:{value}"));
            }
        }
        if let Some(s) = &c.swid {
            let mut sw = Map::new();
            sw.insert("tagId".into(), json!(s.tag_id));
            sw.insert("name".into(), json!(s.name));
            if let Some(v) = &s.version {
                sw.insert("version".into(), json!(v));
            }
            if let Some(v) = s.tag_version {
                sw.insert("tagVersion".into(), json!(v));
            }
            if let Some(v) = s.patch {
                sw.insert("patch".into(), json!(v));
            }
            m.insert("swid".into(), Value::Object(sw));
        }
        let mut refs = c.external_references.clone();
        if let Some(dl) = &c.download_location
            && dl != "NOASSERTION"
            && dl != "NONE"
        {
            refs.push(ExternalReference {
                kind: "distribution".into(),
                url: dl.clone(),
                comment: Some("download location".into()),
            });
        }
        if !refs.is_empty() {
            m.insert(
                "externalReferences".into(),
                self.external_references(&refs, &at),
            );
        }
        let mut properties: Vec<Property> = Vec::new();
        if let Some(level) = &c.support.level {
            properties.push(Property {
                name: SUPPORT_LEVEL_PROPERTIES[0].to_owned(),
                value: level.clone(),
            });
        }
        if let Some(eos) = &c.support.end_of_support {
            properties.push(Property {
                name: END_OF_SUPPORT_PROPERTIES[0].to_owned(),
                value: eos.clone(),
            });
        }
        for cpe in &c.other_cpes {
            properties.push(Property {
                name: "medcyber:cpe".into(),
                value: cpe.clone(),
            });
        }
        properties.extend(c.properties.iter().cloned());
        if !properties.is_empty() {
            m.insert(
                "properties".into(),
                Value::Array(
                    properties
                        .iter()
                        .map(|p| json!({"name": p.name, "value": p.value}))
                        .collect(),
                ),
            );
        }
        if !children.is_empty() {
            let nested: Vec<Value> = children
                .iter()
                .map(|child| {
                    let grandchildren = self.children_of(&child.bom_ref);
                    self.component(child, &grandchildren)
                })
                .collect();
            m.insert("components".into(), Value::Array(nested));
        }
        Value::Object(m)
    }

    fn children_of(&self, bom_ref: &str) -> Vec<&'a Component> {
        self.children.get(bom_ref).cloned().unwrap_or_default()
    }

    fn document(&mut self) -> Value {
        let sbom = self.sbom;
        let mut doc = Map::new();
        doc.insert(
            "$schema".into(),
            json!("http://cyclonedx.org/schema/bom-1.6.schema.json"),
        );
        doc.insert("bomFormat".into(), json!("CycloneDX"));
        doc.insert("specVersion".into(), json!("1.6"));
        if let Some(s) = &sbom.serial_number {
            if is_urn_uuid(s) {
                doc.insert("serialNumber".into(), json!(s));
            } else {
                self.loss(
                    "serialNumber".into(),
                    format!("document identity `{s}` is not a urn:uuid (kept as property `medcyber:document-id`)"),
                );
            }
        }
        doc.insert("version".into(), json!(sbom.version.unwrap_or(1).max(1)));
        let mut meta = Map::new();
        if let Some(t) = &sbom.timestamp {
            meta.insert("timestamp".into(), json!(t));
        }
        if !sbom.tools.is_empty() {
            let tools: Vec<Value> = sbom
                .tools
                .iter()
                .map(|t| {
                    let mut m = Map::new();
                    m.insert("type".into(), json!("application"));
                    if let Some(v) = &t.vendor {
                        m.insert("group".into(), json!(v));
                    }
                    m.insert("name".into(), json!(t.name));
                    if let Some(v) = &t.version {
                        m.insert("version".into(), json!(v));
                    }
                    Value::Object(m)
                })
                .collect();
            meta.insert("tools".into(), json!({ "components": tools }));
        }
        let authors: Vec<&Party> = sbom.authors.iter().filter(|a| !a.is_empty()).collect();
        if !authors.is_empty() {
            meta.insert(
                "authors".into(),
                Value::Array(authors.iter().map(|a| contact(a)).collect()),
            );
        }
        let mut top_level: Vec<&Component> = Vec::new();
        let subject = sbom.subject.first();
        for extra in sbom.subject.iter().skip(1) {
            self.loss(
                format!("component `{extra}`"),
                "a further described product (CycloneDX describes one; written as a component)",
            );
        }
        for c in &sbom.components {
            let is_subject = Some(&c.bom_ref) == subject;
            let parent_is_subject = c.parent.as_ref().is_some_and(|p| Some(p) == subject);
            let parent_known = c
                .parent
                .as_ref()
                .is_some_and(|p| sbom.components.iter().any(|x| &x.bom_ref == p));
            if !is_subject && (c.parent.is_none() || parent_is_subject || !parent_known) {
                top_level.push(c);
            }
        }
        if let Some(subject) = subject.and_then(|s| sbom.component(s)) {
            meta.insert("component".into(), self.component(subject, &[]));
        }
        if let Some(s) = &sbom.supplier {
            meta.insert("supplier".into(), entity(s));
        }
        if let Some(s) = &sbom.manufacturer {
            meta.insert("manufacturer".into(), entity(s));
        }
        let mut meta_properties: Vec<Value> = sbom
            .properties
            .iter()
            .map(|p| json!({"name": p.name, "value": p.value}))
            .collect();
        if let Some(s) = &sbom.serial_number
            && !is_urn_uuid(s)
        {
            meta_properties.push(json!({"name": "medcyber:document-id", "value": s}));
        }
        if let Some(name) = &sbom.name {
            meta_properties.push(json!({"name": "medcyber:document-name", "value": name}));
        }
        if let Some(dl) = &sbom.data_license {
            meta_properties.push(json!({"name": "medcyber:data-license", "value": dl}));
        }
        if !meta_properties.is_empty() {
            meta.insert("properties".into(), Value::Array(meta_properties));
        }
        doc.insert("metadata".into(), Value::Object(meta));
        let components: Vec<Value> = top_level
            .iter()
            .map(|c| {
                let children = self.children_of(&c.bom_ref);
                self.component(c, &children)
            })
            .collect();
        doc.insert("components".into(), Value::Array(components));
        if !sbom.external_references.is_empty() {
            let refs = self.external_references(&sbom.external_references, "document");
            doc.insert("externalReferences".into(), refs);
        }
        // Dependencies: one entry per component that depends on something, in component order.
        let mut entries: Vec<(String, Vec<String>)> = Vec::new();
        let mut entry_of: HashMap<&str, usize> = HashMap::new();
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        for d in &sbom.dependencies {
            match d.kind {
                DependencyKind::DependsOn => {}
                DependencyKind::Describes => continue,
                DependencyKind::Contains => {
                    let nested = self
                        .by_ref
                        .get(d.to.as_str())
                        .is_some_and(|c| c.parent.as_deref() == Some(d.from.as_str()));
                    let in_subject = Some(&d.from) == subject;
                    if nested || in_subject {
                        continue;
                    }
                    self.loss(
                        format!("dependency {} → {}", d.from, d.to),
                        "`contains` written as `dependsOn`",
                    );
                }
                other => self.loss(
                    format!("dependency {} → {}", d.from, d.to),
                    format!("`{other:?}` written as `dependsOn`"),
                ),
            }
            if !self.by_ref.contains_key(d.from.as_str())
                || !self.by_ref.contains_key(d.to.as_str())
            {
                self.loss(
                    format!("dependency {} → {}", d.from, d.to),
                    "an edge to something that is not a component",
                );
                continue;
            }
            if !seen.insert((d.from.as_str(), d.to.as_str())) {
                continue;
            }
            match entry_of.get(d.from.as_str()) {
                Some(&i) => entries[i].1.push(d.to.clone()),
                None => {
                    entry_of.insert(d.from.as_str(), entries.len());
                    entries.push((d.from.clone(), vec![d.to.clone()]));
                }
            }
        }
        if !entries.is_empty() {
            doc.insert(
                "dependencies".into(),
                Value::Array(
                    entries
                        .into_iter()
                        .map(|(from, to)| json!({"ref": from, "dependsOn": to}))
                        .collect(),
                ),
            );
        }
        for u in &sbom.unmapped {
            self.loss(u.location.clone(), format!("source: {}", u.what));
        }
        Value::Object(doc)
    }
}

/// True for an SPDX licence id without operators (written as `license.id`).
fn is_simple_id(expression: &str) -> bool {
    !expression.contains(' ') && !expression.contains('(')
}

fn is_urn_uuid(s: &str) -> bool {
    let Some(uuid) = s.strip_prefix("urn:uuid:") else {
        return false;
    };
    let groups: Vec<&str> = uuid.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The CycloneDX 1.6 JSON value of `sbom`, with what could not be carried over.
pub fn to_value(sbom: &Sbom) -> (Value, Vec<Unmapped>) {
    let mut children: HashMap<&str, Vec<&Component>> = HashMap::new();
    for c in &sbom.components {
        if let Some(p) = &c.parent {
            children.entry(p.as_str()).or_default().push(c);
        }
    }
    let mut w = Writer {
        sbom,
        by_ref: sbom
            .components
            .iter()
            .map(|c| (c.bom_ref.as_str(), c))
            .collect(),
        children,
        losses: Vec::new(),
    };
    let v = w.document();
    (v, w.losses)
}

/// Writes `sbom` as CycloneDX 1.6 JSON (pretty-printed).
pub fn to_json(sbom: &Sbom) -> Written {
    let (value, losses) = to_value(sbom);
    let text = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
    Written { text, losses }
}

/// Writes `sbom` as CycloneDX 1.6 XML.
pub fn to_xml(sbom: &Sbom) -> Written {
    let (value, losses) = to_value(sbom);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"");
    if let Some(s) = value.get("serialNumber").and_then(Value::as_str) {
        out.push_str(&format!(" serialNumber=\"{}\"", esc(s)));
    }
    let version = value.get("version").and_then(Value::as_u64).unwrap_or(1);
    out.push_str(&format!(" version=\"{version}\">\n"));
    if let Some(meta) = value.get("metadata") {
        xml_metadata(meta, &mut out);
    }
    xml_components(value.get("components"), &mut out, 1);
    if let Some(refs) = value.get("externalReferences") {
        xml_references(refs, &mut out, 1);
    }
    if let Some(Value::Array(deps)) = value.get("dependencies") {
        out.push_str("  <dependencies>\n");
        for d in deps {
            let from = d.get("ref").and_then(Value::as_str).unwrap_or_default();
            out.push_str(&format!("    <dependency ref=\"{}\">\n", esc(from)));
            for to in d
                .get("dependsOn")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                out.push_str(&format!("      <dependency ref=\"{}\"/>\n", esc(to)));
            }
            out.push_str("    </dependency>\n");
        }
        out.push_str("  </dependencies>\n");
    }
    out.push_str("</bom>\n");
    Written { text: out, losses }
}

fn esc(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

fn pad(depth: usize) -> String {
    "  ".repeat(depth)
}

fn leaf(out: &mut String, depth: usize, name: &str, v: Option<&Value>) {
    if let Some(s) = v.and_then(Value::as_str) {
        out.push_str(&format!("{}<{name}>{}</{name}>\n", pad(depth), esc(s)));
    }
}

fn xml_entity(name: &str, v: Option<&Value>, out: &mut String, depth: usize) {
    let Some(v) = v else { return };
    out.push_str(&format!("{}<{name}>\n", pad(depth)));
    leaf(out, depth + 1, "name", v.get("name"));
    for u in v.get("url").and_then(Value::as_array).into_iter().flatten() {
        leaf(out, depth + 1, "url", Some(u));
    }
    for c in v
        .get("contact")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        out.push_str(&format!("{}<contact>\n", pad(depth + 1)));
        leaf(out, depth + 2, "name", c.get("name"));
        leaf(out, depth + 2, "email", c.get("email"));
        out.push_str(&format!("{}</contact>\n", pad(depth + 1)));
    }
    out.push_str(&format!("{}</{name}>\n", pad(depth)));
}

fn xml_properties(v: Option<&Value>, out: &mut String, depth: usize) {
    let Some(Value::Array(props)) = v else { return };
    out.push_str(&format!("{}<properties>\n", pad(depth)));
    for p in props {
        out.push_str(&format!(
            "{}<property name=\"{}\">{}</property>\n",
            pad(depth + 1),
            esc(p.get("name").and_then(Value::as_str).unwrap_or_default()),
            esc(p.get("value").and_then(Value::as_str).unwrap_or_default())
        ));
    }
    out.push_str(&format!("{}</properties>\n", pad(depth)));
}

fn xml_references(v: &Value, out: &mut String, depth: usize) {
    let Value::Array(refs) = v else { return };
    out.push_str(&format!("{}<externalReferences>\n", pad(depth)));
    for r in refs {
        out.push_str(&format!(
            "{}<reference type=\"{}\">\n",
            pad(depth + 1),
            esc(r.get("type").and_then(Value::as_str).unwrap_or("other"))
        ));
        leaf(out, depth + 2, "url", r.get("url"));
        leaf(out, depth + 2, "comment", r.get("comment"));
        out.push_str(&format!("{}</reference>\n", pad(depth + 1)));
    }
    out.push_str(&format!("{}</externalReferences>\n", pad(depth)));
}

fn xml_metadata(meta: &Value, out: &mut String) {
    out.push_str("  <metadata>\n");
    leaf(out, 2, "timestamp", meta.get("timestamp"));
    if let Some(tools) = meta.get("tools").and_then(|t| t.get("components")) {
        out.push_str("    <tools>\n");
        xml_components(Some(tools), out, 3);
        out.push_str("    </tools>\n");
    }
    if let Some(Value::Array(authors)) = meta.get("authors") {
        out.push_str("    <authors>\n");
        for a in authors {
            out.push_str("      <author>\n");
            leaf(out, 4, "name", a.get("name"));
            leaf(out, 4, "email", a.get("email"));
            out.push_str("      </author>\n");
        }
        out.push_str("    </authors>\n");
    }
    if let Some(c) = meta.get("component") {
        xml_component(c, out, 2);
    }
    xml_entity("manufacturer", meta.get("manufacturer"), out, 2);
    xml_entity("supplier", meta.get("supplier"), out, 2);
    xml_properties(meta.get("properties"), out, 2);
    out.push_str("  </metadata>\n");
}

fn xml_components(v: Option<&Value>, out: &mut String, depth: usize) {
    let Some(Value::Array(list)) = v else { return };
    if list.is_empty() {
        return;
    }
    out.push_str(&format!("{}<components>\n", pad(depth)));
    for c in list {
        xml_component(c, out, depth + 1);
    }
    out.push_str(&format!("{}</components>\n", pad(depth)));
}

/// One component, its elements in the order of the 1.6 XSD sequence.
fn xml_component(c: &Value, out: &mut String, depth: usize) {
    let mut attrs = format!(
        " type=\"{}\"",
        esc(c.get("type").and_then(Value::as_str).unwrap_or("library"))
    );
    if let Some(r) = c.get("bom-ref").and_then(Value::as_str) {
        attrs.push_str(&format!(" bom-ref=\"{}\"", esc(r)));
    }
    out.push_str(&format!("{}<component{attrs}>\n", pad(depth)));
    let d = depth + 1;
    xml_entity("supplier", c.get("supplier"), out, d);
    xml_entity("manufacturer", c.get("manufacturer"), out, d);
    leaf(out, d, "author", c.get("author"));
    leaf(out, d, "publisher", c.get("publisher"));
    leaf(out, d, "group", c.get("group"));
    leaf(out, d, "name", c.get("name"));
    leaf(out, d, "version", c.get("version"));
    leaf(out, d, "description", c.get("description"));
    leaf(out, d, "scope", c.get("scope"));
    if let Some(Value::Array(hashes)) = c.get("hashes") {
        out.push_str(&format!("{}<hashes>\n", pad(d)));
        for h in hashes {
            out.push_str(&format!(
                "{}<hash alg=\"{}\">{}</hash>\n",
                pad(d + 1),
                esc(h.get("alg").and_then(Value::as_str).unwrap_or_default()),
                esc(h.get("content").and_then(Value::as_str).unwrap_or_default())
            ));
        }
        out.push_str(&format!("{}</hashes>\n", pad(d)));
    }
    if let Some(Value::Array(lics)) = c.get("licenses") {
        out.push_str(&format!("{}<licenses>\n", pad(d)));
        for l in lics {
            if let Some(e) = l.get("expression").and_then(Value::as_str) {
                let ack = l
                    .get("acknowledgement")
                    .and_then(Value::as_str)
                    .map(|a| format!(" acknowledgement=\"{}\"", esc(a)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{}<expression{ack}>{}</expression>\n",
                    pad(d + 1),
                    esc(e)
                ));
            } else if let Some(lic) = l.get("license") {
                let ack = lic
                    .get("acknowledgement")
                    .and_then(Value::as_str)
                    .map(|a| format!(" acknowledgement=\"{}\"", esc(a)))
                    .unwrap_or_default();
                out.push_str(&format!("{}<license{ack}>\n", pad(d + 1)));
                leaf(out, d + 2, "id", lic.get("id"));
                leaf(out, d + 2, "name", lic.get("name"));
                out.push_str(&format!("{}</license>\n", pad(d + 1)));
            }
        }
        out.push_str(&format!("{}</licenses>\n", pad(d)));
    }
    leaf(out, d, "copyright", c.get("copyright"));
    leaf(out, d, "cpe", c.get("cpe"));
    leaf(out, d, "purl", c.get("purl"));
    for (key, item) in [("omniborId", "omniborId"), ("swhid", "swhid")] {
        for v in c.get(key).and_then(Value::as_array).into_iter().flatten() {
            leaf(out, d, item, Some(v));
        }
    }
    if let Some(s) = c.get("swid") {
        let mut attrs = String::new();
        for k in ["tagId", "name", "version", "tagVersion", "patch"] {
            if let Some(v) = s.get(k) {
                let v = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                attrs.push_str(&format!(" {k}=\"{}\"", esc(&v)));
            }
        }
        out.push_str(&format!("{}<swid{attrs}/>\n", pad(d)));
    }
    if let Some(refs) = c.get("externalReferences") {
        xml_references(refs, out, d);
    }
    xml_properties(c.get("properties"), out, d);
    xml_components(c.get("components"), out, d);
    out.push_str(&format!("{}</component>\n", pad(depth)));
}
