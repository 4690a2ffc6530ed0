//! [`Sbom`] → SPDX 2.3, as JSON or tag-value, with a report of what SPDX cannot hold.
//!
//! Every component becomes a package (`SPDXRef-` ids derived from the bom-refs, made unique);
//! the described product is `DESCRIBES`d by the document; nesting becomes `CONTAINS`;
//! dependency edges become `DEPENDS_ON`, `BUILD_DEPENDENCY_OF`, `STATIC_LINK`, `DYNAMIC_LINK`
//! or `OPTIONAL_DEPENDENCY_OF`. purl, CPEs, SWID and other identifiers become external
//! references. The end-of-support date is written as `validUntilDate`, the level of support as
//! an annotation `medcyber:support:level=<level>` (see `docs/sbom.md`).

use std::collections::HashMap;

use medcyber_model::sbom::{
    Component, ComponentKind, DependencyKind, License, LicenseAcknowledgement, Party, Sbom,
    Unmapped,
};
use serde_json::{Map, Value, json};

use super::read2::SUPPORT_LEVEL_ANNOTATION;
use crate::cyclonedx::write::Written;
use crate::json::{array_at, str_at};

/// SPDX checksum algorithm for a model (CycloneDX) algorithm name.
fn algorithm(alg: &str) -> Option<&'static str> {
    Some(match alg.to_ascii_uppercase().as_str() {
        "SHA-1" | "SHA1" => "SHA1",
        "SHA-256" | "SHA256" => "SHA256",
        "SHA-384" | "SHA384" => "SHA384",
        "SHA-512" | "SHA512" => "SHA512",
        "SHA3-256" => "SHA3-256",
        "SHA3-384" => "SHA3-384",
        "SHA3-512" => "SHA3-512",
        "BLAKE2B-256" => "BLAKE2b-256",
        "BLAKE2B-384" => "BLAKE2b-384",
        "BLAKE2B-512" => "BLAKE2b-512",
        "BLAKE3" => "BLAKE3",
        "MD5" => "MD5",
        _ => return None,
    })
}

fn purpose(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::Application => "APPLICATION",
        ComponentKind::Framework => "FRAMEWORK",
        ComponentKind::Library => "LIBRARY",
        ComponentKind::Container => "CONTAINER",
        ComponentKind::OperatingSystem => "OPERATING_SYSTEM",
        ComponentKind::Device => "DEVICE",
        ComponentKind::Firmware => "FIRMWARE",
        ComponentKind::File => "FILE",
        ComponentKind::Source => "SOURCE",
        _ => "OTHER",
    }
}

/// `Organization: Name (email)` / `Person: …`.
fn party(p: &Party) -> Option<String> {
    let name = p.name.as_deref().filter(|n| !n.is_empty())?;
    let kind = if p.organization == Some(false) {
        "Person"
    } else {
        "Organization"
    };
    Some(match &p.email {
        Some(e) => format!("{kind}: {name} ({e})"),
        None => format!("{kind}: {name}"),
    })
}

/// An SPDX id (`SPDXRef-` followed by letters, digits, `.` and `-`) for a bom-ref.
fn spdx_id(bom_ref: &str) -> String {
    if let Some(rest) = bom_ref.strip_prefix("SPDXRef-")
        && !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    {
        return bom_ref.to_owned();
    }
    let cleaned: String = bom_ref
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("SPDXRef-{}", cleaned.trim_matches('-'))
}

/// The SPDX 2.3 JSON value of `sbom`, with what could not be carried over.
pub fn to_value(sbom: &Sbom) -> (Value, Vec<Unmapped>) {
    let mut losses: Vec<Unmapped> = Vec::new();
    let mut loss = |location: String, what: String| losses.push(Unmapped { location, what });
    // Unique SPDX ids.
    let mut ids: HashMap<&str, String> = HashMap::new();
    let mut used: std::collections::HashSet<String> =
        std::iter::once("SPDXRef-DOCUMENT".to_owned()).collect();
    for c in &sbom.components {
        let mut id = spdx_id(&c.bom_ref);
        if id == "SPDXRef-" {
            id = "SPDXRef-package".into();
        }
        let base = id.clone();
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used.insert(id.clone());
        ids.insert(c.bom_ref.as_str(), id);
    }
    let id_of = |r: &str| ids.get(r).cloned();
    let by_ref: HashMap<&str, &Component> = sbom
        .components
        .iter()
        .map(|c| (c.bom_ref.as_str(), c))
        .collect();
    let mut doc = Map::new();
    doc.insert("spdxVersion".into(), json!("SPDX-2.3"));
    doc.insert(
        "dataLicense".into(),
        json!(sbom.data_license.as_deref().unwrap_or("CC0-1.0")),
    );
    doc.insert("SPDXID".into(), json!("SPDXRef-DOCUMENT"));
    let name = sbom
        .name
        .clone()
        .or_else(|| sbom.subjects().next().map(|s| s.name.clone()))
        .unwrap_or_else(|| "sbom".into());
    doc.insert("name".into(), json!(name));
    let namespace = match &sbom.serial_number {
        Some(s) if s.contains("://") => s.clone(),
        Some(s) => format!(
            "https://medcyber.invalid/spdx/{}",
            s.trim_start_matches("urn:uuid:")
        ),
        None => format!(
            "https://medcyber.invalid/spdx/{}",
            name.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        ),
    };
    doc.insert("documentNamespace".into(), json!(namespace));
    let mut creators: Vec<String> = sbom.authors.iter().filter_map(party).collect();
    for t in &sbom.tools {
        creators.push(match &t.version {
            Some(v) => format!("Tool: {}-{v}", t.name),
            None => format!("Tool: {}", t.name),
        });
    }
    if creators.is_empty() {
        creators.push("Tool: medcyber".into());
    }
    doc.insert(
        "creationInfo".into(),
        json!({
            "created": sbom.timestamp.as_deref().unwrap_or("1970-01-01T00:00:00Z"),
            "creators": creators,
        }),
    );
    if sbom.timestamp.is_none() {
        loss(
            "creationInfo.created".into(),
            "no timestamp in the source; SPDX requires one (1970-01-01T00:00:00Z written)".into(),
        );
    }
    let mut packages = Vec::new();
    for c in &sbom.components {
        let at = format!("package `{}`", c.bom_ref);
        packages.push(package(
            c,
            &id_of(&c.bom_ref).unwrap_or_default(),
            &mut |w| loss(at.clone(), w),
        ));
    }
    doc.insert("packages".into(), Value::Array(packages));
    let mut relationships = Vec::new();
    for s in &sbom.subject {
        if let Some(id) = id_of(s) {
            relationships.push(json!({"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": id}));
        }
    }
    for c in &sbom.components {
        if let (Some(parent), Some(id)) = (c.parent.as_deref().and_then(id_of), id_of(&c.bom_ref)) {
            relationships.push(json!({"spdxElementId": parent, "relationshipType": "CONTAINS", "relatedSpdxElement": id}));
        }
    }
    for d in &sbom.dependencies {
        let (Some(from), Some(to)) = (id_of(&d.from), id_of(&d.to)) else {
            loss(
                format!("dependency {} → {}", d.from, d.to),
                "an edge to something that is not a component".into(),
            );
            continue;
        };
        let (a, t, b) = match d.kind {
            DependencyKind::DependsOn => (from, "DEPENDS_ON", to),
            DependencyKind::Contains => {
                let nested = by_ref
                    .get(d.to.as_str())
                    .is_some_and(|c| c.parent.as_deref() == Some(d.from.as_str()));
                if nested {
                    continue;
                }
                (from, "CONTAINS", to)
            }
            DependencyKind::BuildDependency => (to, "BUILD_DEPENDENCY_OF", from),
            DependencyKind::StaticLink => (from, "STATIC_LINK", to),
            DependencyKind::DynamicLink => (from, "DYNAMIC_LINK", to),
            DependencyKind::OptionalDependency => (to, "OPTIONAL_DEPENDENCY_OF", from),
            DependencyKind::Describes => continue,
            DependencyKind::Other => (from, "OTHER", to),
        };
        relationships
            .push(json!({"spdxElementId": a, "relationshipType": t, "relatedSpdxElement": b}));
    }
    doc.insert("relationships".into(), Value::Array(relationships));
    if !sbom.external_references.is_empty() {
        loss(
            "document".into(),
            format!(
                "{} document-level external reference(s) (SPDX 2.3 documents have none)",
                sbom.external_references.len()
            ),
        );
    }
    if let Some(s) = &sbom.supplier {
        loss(
            "document".into(),
            format!(
                "the document's product supplier `{}` (kept on the described package when it has none)",
                s.name.clone().unwrap_or_default()
            ),
        );
    }
    for p in &sbom.properties {
        loss(
            "document".into(),
            format!("document property {}={}", p.name, p.value),
        );
    }
    for u in &sbom.unmapped {
        loss(u.location.clone(), format!("source: {}", u.what));
    }
    (Value::Object(doc), losses)
}

fn package(c: &Component, id: &str, loss: &mut dyn FnMut(String)) -> Value {
    let mut m = Map::new();
    m.insert("SPDXID".into(), json!(id));
    let name = if c.name.is_empty() {
        loss("empty name written as `NOASSERTION`".into());
        "NOASSERTION".to_owned()
    } else {
        match &c.group {
            Some(g) if !c.purl.as_deref().is_some_and(|p| p.contains(g.as_str())) => {
                loss(format!("group `{g}` kept as a comment"));
                c.name.clone()
            }
            _ => c.name.clone(),
        }
    };
    m.insert("name".into(), json!(name));
    if let Some(v) = &c.version {
        m.insert("versionInfo".into(), json!(v));
    }
    match c.supplier.as_deref().and_then(party) {
        Some(s) => {
            m.insert("supplier".into(), json!(s));
        }
        None => {
            m.insert("supplier".into(), json!("NOASSERTION"));
        }
    }
    if let Some(a) = &c.author {
        m.insert("originator".into(), json!(format!("Organization: {a}")));
    }
    m.insert(
        "downloadLocation".into(),
        json!(c.download_location.as_deref().unwrap_or("NOASSERTION")),
    );
    m.insert("filesAnalyzed".into(), json!(false));
    let mut checksums = Vec::new();
    for h in &c.hashes {
        match algorithm(&h.alg) {
            Some(a) => checksums.push(json!({"algorithm": a, "checksumValue": h.value})),
            None => loss(format!("hash algorithm `{}`", h.alg)),
        }
    }
    if !checksums.is_empty() {
        m.insert("checksums".into(), Value::Array(checksums));
    }
    let mut declared: Vec<String> = Vec::new();
    let mut concluded: Vec<String> = Vec::new();
    for l in &c.licenses {
        let text = match &l.license {
            License::Expression(e) => e.clone(),
            License::Named(n) => {
                let id: String = n
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect();
                loss(format!("licence named `{n}` written as `LicenseRef-{id}`"));
                format!("LicenseRef-{id}")
            }
        };
        match l.acknowledgement {
            LicenseAcknowledgement::Declared => declared.push(text),
            LicenseAcknowledgement::Concluded => concluded.push(text),
        }
    }
    let join = |v: &[String]| {
        if v.is_empty() {
            "NOASSERTION".to_owned()
        } else if v.len() == 1 {
            v[0].clone()
        } else {
            v.iter()
                .map(|x| format!("({x})"))
                .collect::<Vec<_>>()
                .join(" AND ")
        }
    };
    m.insert("licenseDeclared".into(), json!(join(&declared)));
    m.insert("licenseConcluded".into(), json!(join(&concluded)));
    m.insert(
        "copyrightText".into(),
        json!(c.copyright.as_deref().unwrap_or("NOASSERTION")),
    );
    if let Some(d) = &c.description {
        m.insert("description".into(), json!(d));
    }
    if let Some(g) = &c.group {
        m.insert("comment".into(), json!(format!("group: {g}")));
    }
    m.insert("primaryPackagePurpose".into(), json!(purpose(c.kind)));
    if !matches!(
        c.kind,
        ComponentKind::Application
            | ComponentKind::Framework
            | ComponentKind::Library
            | ComponentKind::Container
            | ComponentKind::OperatingSystem
            | ComponentKind::Device
            | ComponentKind::Firmware
            | ComponentKind::File
            | ComponentKind::Source
    ) {
        loss(format!(
            "component kind `{}` written as `OTHER`",
            c.kind.as_str()
        ));
    }
    let mut refs = Vec::new();
    if let Some(p) = &c.purl {
        refs.push(json!({"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": p}));
    }
    for cpe in c.cpe.iter().chain(c.other_cpes.iter()) {
        let ty = if cpe.starts_with("cpe:2.3:") {
            "cpe23Type"
        } else {
            "cpe22Type"
        };
        refs.push(
            json!({"referenceCategory": "SECURITY", "referenceType": ty, "referenceLocator": cpe}),
        );
    }
    if let Some(s) = &c.swid {
        refs.push(json!({"referenceCategory": "PERSISTENT-ID", "referenceType": "swid", "referenceLocator": s.tag_id}));
    }
    for (scheme, value) in &c.other_identifiers {
        let ty = match scheme.as_str() {
            "omnibor" => "gitoid",
            "swhid" => "swh",
            other => other,
        };
        refs.push(json!({"referenceCategory": "PERSISTENT-ID", "referenceType": ty, "referenceLocator": value}));
    }
    for r in &c.external_references {
        if r.kind == "website" && !m.contains_key("homepage") {
            m.insert("homepage".into(), json!(r.url));
            continue;
        }
        if r.kind == "advisories" {
            refs.push(json!({"referenceCategory": "SECURITY", "referenceType": "advisory", "referenceLocator": r.url}));
            continue;
        }
        if r.kind == "distribution" && c.download_location.is_none() {
            m.insert("downloadLocation".into(), json!(r.url));
            continue;
        }
        refs.push(json!({"referenceCategory": "OTHER", "referenceType": r.kind, "referenceLocator": r.url}));
    }
    if !refs.is_empty() {
        m.insert("externalRefs".into(), Value::Array(refs));
    }
    if let Some(eos) = &c.support.end_of_support {
        if medcyber_model::sbom::parse_iso_date(eos).is_some() {
            let date = if eos.len() == 10 {
                format!("{eos}T00:00:00Z")
            } else {
                eos.clone()
            };
            m.insert("validUntilDate".into(), json!(date));
        } else {
            loss(format!(
                "end of support `{eos}` is not a date; kept as an annotation"
            ));
        }
    }
    let mut annotations = Vec::new();
    if let Some(level) = &c.support.level {
        annotations.push(json!({
            "annotationType": "OTHER",
            "annotator": "Tool: medcyber",
            "annotationDate": "1970-01-01T00:00:00Z",
            "comment": format!("{SUPPORT_LEVEL_ANNOTATION}{level}"),
        }));
    }
    if let Some(eos) = &c.support.end_of_support
        && medcyber_model::sbom::parse_iso_date(eos).is_none()
    {
        annotations.push(json!({
            "annotationType": "OTHER",
            "annotator": "Tool: medcyber",
            "annotationDate": "1970-01-01T00:00:00Z",
            "comment": format!("{}{eos}", super::read2::END_OF_SUPPORT_ANNOTATION),
        }));
    }
    for p in &c.properties {
        annotations.push(json!({
            "annotationType": "OTHER",
            "annotator": "Tool: medcyber",
            "annotationDate": "1970-01-01T00:00:00Z",
            "comment": format!("{}={}", p.name, p.value),
        }));
    }
    if !annotations.is_empty() {
        m.insert("annotations".into(), Value::Array(annotations));
    }
    if c.scope.is_some() {
        loss("scope (SPDX packages have none)".into());
    }
    if c.manufacturer.is_some() {
        loss("manufacturer (SPDX has supplier and originator only)".into());
    }
    Value::Object(m)
}

/// Writes `sbom` as SPDX 2.3 JSON (pretty-printed).
pub fn to_json(sbom: &Sbom) -> Written {
    let (value, losses) = to_value(sbom);
    Written {
        text: serde_json::to_string_pretty(&value).unwrap_or_default() + "\n",
        losses,
    }
}

fn tv_value(v: &str) -> String {
    if v.contains('\n') || v.contains('<') {
        format!("<text>{v}</text>")
    } else {
        v.to_owned()
    }
}

/// Appends `Tag: value` when there is a value.
fn tag(out: &mut String, name: &str, value: Option<&str>) {
    if let Some(v) = value {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(&tv_value(v));
        out.push('\n');
    }
}

/// `A B C` from three string fields of `v`, for the tags that hold a triple.
fn triple(v: &Value, keys: [&str; 3]) -> String {
    keys.map(|k| str_at(v, k).unwrap_or_default()).join(" ")
}

/// Writes `sbom` as SPDX 2.3 tag-value: the document, each package (a blank line before it),
/// the annotations naming their package, then the relationships.
pub fn to_tag_value(sbom: &Sbom) -> Written {
    let (doc, losses) = to_value(sbom);
    let mut out = String::new();
    let o = &mut out;
    tag(o, "SPDXVersion", str_at(&doc, "spdxVersion"));
    tag(o, "DataLicense", str_at(&doc, "dataLicense"));
    tag(o, "SPDXID", str_at(&doc, "SPDXID"));
    tag(o, "DocumentName", str_at(&doc, "name"));
    tag(o, "DocumentNamespace", str_at(&doc, "documentNamespace"));
    if let Some(info) = doc.get("creationInfo") {
        for c in array_at(info, "creators") {
            tag(o, "Creator", c.as_str());
        }
        tag(o, "Created", str_at(info, "created"));
    }
    let packages = array_at(&doc, "packages");
    for p in packages {
        o.push('\n');
        tag(o, "PackageName", str_at(p, "name"));
        tag(o, "SPDXID", str_at(p, "SPDXID"));
        tag(o, "PackageVersion", str_at(p, "versionInfo"));
        tag(o, "PackageSupplier", str_at(p, "supplier"));
        tag(o, "PackageOriginator", str_at(p, "originator"));
        tag(o, "PackageDownloadLocation", str_at(p, "downloadLocation"));
        tag(o, "FilesAnalyzed", Some("false"));
        for h in array_at(p, "checksums") {
            let sum = format!(
                "{}: {}",
                str_at(h, "algorithm").unwrap_or_default(),
                str_at(h, "checksumValue").unwrap_or_default()
            );
            tag(o, "PackageChecksum", Some(&sum));
        }
        tag(o, "PackageHomePage", str_at(p, "homepage"));
        tag(o, "PackageLicenseConcluded", str_at(p, "licenseConcluded"));
        tag(o, "PackageLicenseDeclared", str_at(p, "licenseDeclared"));
        tag(o, "PackageCopyrightText", str_at(p, "copyrightText"));
        tag(o, "PackageDescription", str_at(p, "description"));
        tag(o, "PackageComment", str_at(p, "comment"));
        tag(
            o,
            "PrimaryPackagePurpose",
            str_at(p, "primaryPackagePurpose"),
        );
        tag(o, "ValidUntilDate", str_at(p, "validUntilDate"));
        for r in array_at(p, "externalRefs") {
            let reference = triple(
                r,
                ["referenceCategory", "referenceType", "referenceLocator"],
            );
            tag(o, "ExternalRef", Some(&reference));
        }
    }
    for p in packages {
        for a in array_at(p, "annotations") {
            o.push('\n');
            tag(o, "Annotator", str_at(a, "annotator"));
            tag(o, "AnnotationDate", str_at(a, "annotationDate"));
            tag(o, "AnnotationType", str_at(a, "annotationType"));
            tag(o, "SPDXREF", str_at(p, "SPDXID"));
            tag(o, "AnnotationComment", str_at(a, "comment"));
        }
    }
    for r in array_at(&doc, "relationships") {
        let relationship = triple(
            r,
            ["spdxElementId", "relationshipType", "relatedSpdxElement"],
        );
        tag(o, "Relationship", Some(&relationship));
    }
    Written { text: out, losses }
}
