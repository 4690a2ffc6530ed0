//! SPDX 2.2/2.3 in its JSON shape → [`Sbom`]. The tag-value reader converts tag-value into
//! this shape first, so both serialisations share one mapping.
//!
//! Packages become components; files and snippets are not components of the model (they are
//! counted in [`Sbom::unmapped`]). Relationships become dependency edges in the model's
//! direction (`A DEPENDENCY_OF B` is `B depends on A`); `DESCRIBES` names the described
//! product; `CONTAINS` also sets the contained package's parent. The level of support and the
//! end-of-support date are read from `validUntilDate` and annotations
//! `medcyber:support:level=<level>` / `medcyber:support:end-of-support=<date>` (see
//! `docs/sbom.md`).

use medcyber_model::sbom::{
    Component, ComponentKind, Dependency, DependencyKind, Encoding, ExternalReference, Hash,
    License, LicenseAcknowledgement, LicenseChoice, Party, Property, Sbom, SbomFormat, Swid, Tool,
    Unmapped,
};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::json::{self, Json, Member};

/// Annotation prefix for the level of support (also written).
pub const SUPPORT_LEVEL_ANNOTATION: &str = "medcyber:support:level=";
/// Annotation prefix for the end-of-support date (read; the date is written as
/// `validUntilDate`).
pub const END_OF_SUPPORT_ANNOTATION: &str = "medcyber:support:end-of-support=";

/// A value that SPDX uses to say "nothing known".
fn known(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty() && t != "NOASSERTION" && t != "NONE").then_some(t)
}

/// `Organization: Name (email)`, `Person: Name (email)`, `Tool: name-version`.
pub fn party(text: &str) -> Option<Party> {
    let text = known(text)?;
    let (kind, rest) = text.split_once(':').unwrap_or(("", text));
    let organization = match kind.trim() {
        "Organization" => Some(true),
        "Person" => Some(false),
        _ => None,
    };
    let rest = rest.trim();
    let (name, email) = match rest.rfind('(') {
        Some(i) if rest.ends_with(')') => {
            let email = rest[i + 1..rest.len() - 1].trim();
            (
                rest[..i].trim(),
                (!email.is_empty()).then(|| email.to_owned()),
            )
        }
        _ => (rest, None),
    };
    Some(Party {
        name: (!name.is_empty()).then(|| name.to_owned()),
        organization,
        email,
        urls: Vec::new(),
    })
}

/// The CycloneDX name of an SPDX checksum algorithm (the model's naming), or the SPDX name.
pub fn hash_algorithm(spdx: &str) -> String {
    match spdx {
        "SHA1" => "SHA-1",
        "SHA256" => "SHA-256",
        "SHA384" => "SHA-384",
        "SHA512" => "SHA-512",
        "SHA3-256" => "SHA3-256",
        "SHA3-384" => "SHA3-384",
        "SHA3-512" => "SHA3-512",
        "BLAKE2b-256" => "BLAKE2b-256",
        "BLAKE2b-384" => "BLAKE2b-384",
        "BLAKE2b-512" => "BLAKE2b-512",
        "BLAKE3" => "BLAKE3",
        "MD5" => "MD5",
        other => other,
    }
    .to_owned()
}

fn purpose(p: &str) -> ComponentKind {
    match p {
        "APPLICATION" => ComponentKind::Application,
        "FRAMEWORK" => ComponentKind::Framework,
        "LIBRARY" => ComponentKind::Library,
        "CONTAINER" => ComponentKind::Container,
        "OPERATING_SYSTEM" | "OPERATING-SYSTEM" => ComponentKind::OperatingSystem,
        "DEVICE" => ComponentKind::Device,
        "FIRMWARE" => ComponentKind::Firmware,
        "FILE" => ComponentKind::File,
        "SOURCE" | "ARCHIVE" | "INSTALL" => ComponentKind::Source,
        _ => ComponentKind::Other,
    }
}

/// (spdxElementId, relationshipType, relatedSpdxElement, index) of a relationship, the strings
/// borrowed from the document text (or tree) wherever they can be.
type Relationship<'a> = (Cow<'a, str>, Cow<'a, str>, Cow<'a, str>, usize);

/// The large arrays of an SPDX 2 document, gathered from a tree or streamed from the text.
#[derive(Default)]
struct Parts<'a> {
    components: Vec<Component>,
    unmapped: Vec<Unmapped>,
    /// Every relationship, in document order.
    relationships: Vec<Relationship<'a>>,
    files: usize,
    snippets: usize,
}

impl<'a> Parts<'a> {
    fn package(&mut self, p: &Json<'_>, i: usize) {
        let component = package(p, i, &mut self.unmapped);
        self.components.push(component);
    }

    fn relationship(&mut self, mut r: Json<'a>, i: usize) {
        if let (Some(a), Some(t), Some(b)) = (
            r.take_str("spdxElementId"),
            r.take_str("relationshipType"),
            r.take_str("relatedSpdxElement"),
        ) {
            self.relationships.push((a, t, b, i));
        }
    }
}

/// Maps an SPDX 2 document (JSON shape, as the tag-value reader builds it) to the model.
pub fn to_model(doc: &Json<'_>, encoding: Encoding, spec_version: &str) -> Sbom {
    let mut parts = Parts::default();
    for (i, p) in doc.array_at("packages").iter().enumerate() {
        parts.package(p, i);
    }
    for (i, r) in doc.array_at("relationships").iter().enumerate() {
        parts.relationship(r.clone(), i);
    }
    parts.files = doc.array_at("files").len();
    parts.snippets = doc.array_at("snippets").len();
    assemble(doc, parts, encoding, spec_version)
}

/// Reads SPDX 2 JSON text into the model without holding the document as a tree: packages and
/// relationships are parsed and mapped one at a time, files and snippets only counted (see
/// [`json::stream_object`]).
pub fn read_json(text: &str, spec_version: &str) -> Result<Sbom, serde_json::Error> {
    let mut parts = Parts::default();
    let plan = |key: &str| match key {
        "packages" | "relationships" => Member::Stream,
        "files" | "snippets" => Member::Count,
        _ => Member::Keep,
    };
    let rest = json::stream_object(text, &plan, &mut |key, i, item| match (key, item) {
        ("packages", Some(p)) => parts.package(&p, i),
        ("relationships", Some(r)) => parts.relationship(r, i),
        ("files", _) => parts.files += 1,
        ("snippets", _) => parts.snippets += 1,
        _ => {}
    })?;
    Ok(assemble(&rest, parts, Encoding::Json, spec_version))
}

/// The document-level fields (from `doc`), the gathered parts and the relationship pass.
fn assemble(doc: &Json<'_>, parts: Parts<'_>, encoding: Encoding, spec_version: &str) -> Sbom {
    let mut sbom = Sbom {
        format: Some(SbomFormat::Spdx),
        encoding: Some(encoding),
        spec_version: Some(spec_version.to_owned()),
        serial_number: doc.str_at("documentNamespace").map(str::to_owned),
        name: doc.str_at("name").map(str::to_owned),
        data_license: doc.str_at("dataLicense").map(str::to_owned),
        components: parts.components,
        unmapped: parts.unmapped,
        ..Sbom::default()
    };
    if let Some(info) = doc.get("creationInfo") {
        sbom.timestamp = info.str_at("created").map(str::to_owned);
        for creator in info.array_at("creators").iter().filter_map(Json::as_str) {
            let (kind, rest) = creator.split_once(':').unwrap_or(("", creator));
            match kind.trim() {
                "Tool" => {
                    let rest = rest.trim();
                    // `name-version`: the version is after the last '-' when it starts with a digit.
                    let (name, version) = match rest.rsplit_once('-') {
                        Some((n, v)) if v.starts_with(|c: char| c.is_ascii_digit()) => {
                            (n.to_owned(), Some(v.to_owned()))
                        }
                        _ => (rest.to_owned(), None),
                    };
                    sbom.tools.push(Tool {
                        vendor: None,
                        name,
                        version,
                    });
                }
                _ => {
                    if let Some(p) = party(creator) {
                        sbom.authors.push(p);
                    }
                }
            }
        }
    }
    let doc_id = doc
        .str_at("SPDXID")
        .unwrap_or("SPDXRef-DOCUMENT")
        .to_owned();
    let files = parts.files;
    if files > 0 {
        sbom.unmapped.push(Unmapped {
            location: "/files".into(),
            what: format!("{files} file(s) (the model keeps packages)"),
        });
    }
    let snippets = parts.snippets;
    if snippets > 0 {
        sbom.unmapped.push(Unmapped {
            location: "/snippets".into(),
            what: format!("{snippets} snippet(s)"),
        });
    }
    for key in ["externalDocumentRefs", "hasExtractedLicensingInfos"] {
        if !doc.array_at(key).is_empty() {
            sbom.unmapped.push(Unmapped {
                location: format!("/{key}"),
                what: format!("`{key}`"),
            });
        }
    }
    for d in doc
        .array_at("documentDescribes")
        .iter()
        .filter_map(Json::as_str)
    {
        if !sbom.subject.iter().any(|s| s == d) {
            sbom.subject.push(d.to_owned());
        }
    }
    let mut graph = Graph {
        index: sbom
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (c.bom_ref.clone(), i))
            .collect(),
        seen: HashSet::new(),
    };
    for (a, t, b, i) in &parts.relationships {
        relationship(&mut sbom, &mut graph, &doc_id, a, t, b, *i);
    }
    // Subjects that are not packages (a file, another document) are not components.
    sbom.subject.retain(|s| graph.index.contains_key(s));
    sbom
}

/// Lookups for the relationship pass: component index by bom-ref, and the edges already kept
/// (documents repeat relationships; a linear search would make large SBOMs quadratic).
struct Graph {
    index: HashMap<String, usize>,
    seen: HashSet<Dependency>,
}

fn relationship(
    sbom: &mut Sbom,
    graph: &mut Graph,
    doc_id: &str,
    a: &str,
    t: &str,
    b: &str,
    i: usize,
) {
    let edge = |from: &str, to: &str, kind| Dependency {
        from: from.to_owned(),
        to: to.to_owned(),
        kind,
    };
    let dep = match t {
        "DESCRIBES" if a == doc_id => {
            if !sbom.subject.iter().any(|s| s == b) {
                sbom.subject.push(b.to_owned());
            }
            return;
        }
        "DESCRIBED_BY" if b == doc_id => {
            if !sbom.subject.iter().any(|s| s == a) {
                sbom.subject.push(a.to_owned());
            }
            return;
        }
        "DEPENDS_ON" => edge(a, b, DependencyKind::DependsOn),
        "DEPENDENCY_OF" | "RUNTIME_DEPENDENCY_OF" => edge(b, a, DependencyKind::DependsOn),
        "BUILD_DEPENDENCY_OF" | "DEV_DEPENDENCY_OF" | "TEST_DEPENDENCY_OF" => {
            edge(b, a, DependencyKind::BuildDependency)
        }
        "OPTIONAL_DEPENDENCY_OF" => edge(b, a, DependencyKind::OptionalDependency),
        "STATIC_LINK" => edge(a, b, DependencyKind::StaticLink),
        "DYNAMIC_LINK" => edge(a, b, DependencyKind::DynamicLink),
        "CONTAINS" => edge(a, b, DependencyKind::Contains),
        "CONTAINED_BY" => edge(b, a, DependencyKind::Contains),
        other => {
            sbom.unmapped.push(Unmapped {
                location: format!("/relationships/{i}"),
                what: format!("relationship {a} {other} {b}"),
            });
            return;
        }
    };
    let (Some(_), Some(&to)) = (graph.index.get(&dep.from), graph.index.get(&dep.to)) else {
        // Edges to files, snippets or other documents: not part of the model.
        sbom.unmapped.push(Unmapped {
            location: format!("/relationships/{i}"),
            what: format!("relationship {a} {t} {b} (not between packages)"),
        });
        return;
    };
    if dep.kind == DependencyKind::Contains
        && let Some(child) = sbom.components.get_mut(to)
        && child.parent.is_none()
        && dep.from != dep.to
    {
        child.parent = Some(dep.from.clone());
    }
    if graph.seen.insert(dep.clone()) {
        sbom.dependencies.push(dep);
    }
}

fn package(p: &Json<'_>, i: usize, unmapped: &mut Vec<Unmapped>) -> Component {
    let at = format!("/packages/{i}");
    let mut c = Component {
        bom_ref: p.str_at("SPDXID").unwrap_or_default().to_owned(),
        kind: p
            .str_at("primaryPackagePurpose")
            .map_or(ComponentKind::Library, purpose),
        name: p.str_at("name").unwrap_or_default().to_owned(),
        version: p.str_at("versionInfo").and_then(known).map(str::to_owned),
        supplier: p.str_at("supplier").and_then(party).map(Box::new),
        author: p.str_at("originator").and_then(party).and_then(|o| o.name),
        copyright: p.str_at("copyrightText").and_then(known).map(str::to_owned),
        description: p
            .str_at("description")
            .or_else(|| p.str_at("summary"))
            .map(str::to_owned),
        download_location: p.str_at("downloadLocation").map(str::to_owned),
        ..Component::default()
    };
    if c.bom_ref.is_empty() {
        c.bom_ref = format!("medcyber:package:{}", i + 1);
    }
    for h in p.array_at("checksums") {
        if let (Some(alg), Some(value)) = (h.str_at("algorithm"), h.str_at("checksumValue")) {
            c.hashes.push(Hash {
                alg: hash_algorithm(alg),
                value: value.to_ascii_lowercase(),
            });
        }
    }
    for (key, ack) in [
        ("licenseDeclared", LicenseAcknowledgement::Declared),
        ("licenseConcluded", LicenseAcknowledgement::Concluded),
    ] {
        if let Some(l) = p.str_at(key).and_then(known) {
            c.licenses.push(LicenseChoice {
                license: License::Expression(l.to_owned()),
                acknowledgement: ack,
            });
        }
    }
    if let Some(home) = p.str_at("homepage").and_then(known) {
        c.external_references.push(ExternalReference {
            kind: "website".into(),
            url: home.to_owned(),
            comment: None,
        });
    }
    for (j, r) in p.array_at("externalRefs").iter().enumerate() {
        let (Some(cat), Some(ty), Some(loc)) = (
            r.str_at("referenceCategory"),
            r.str_at("referenceType"),
            r.str_at("referenceLocator"),
        ) else {
            continue;
        };
        match ty {
            "purl" if c.purl.is_none() => c.purl = Some(loc.to_owned()),
            "cpe23Type" | "cpe22Type" => {
                if c.cpe.is_none() {
                    c.cpe = Some(loc.to_owned());
                } else if c.cpe.as_deref() != Some(loc) && !c.other_cpes.iter().any(|x| x == loc) {
                    c.other_cpes.push(loc.to_owned());
                }
            }
            "swid" if c.swid.is_none() => {
                c.swid = Some(Box::new(Swid {
                    tag_id: loc.to_owned(),
                    name: c.name.clone(),
                    ..Swid::default()
                }));
            }
            "gitoid" => c.other_identifiers.push(("omnibor".into(), loc.to_owned())),
            "swh" => c.other_identifiers.push(("swhid".into(), loc.to_owned())),
            "advisory" | "fix" | "url" | "security-other" => {
                c.external_references.push(ExternalReference {
                    kind: match ty {
                        "advisory" => "advisories".into(),
                        "fix" | "url" => "other".into(),
                        _ => "other".into(),
                    },
                    url: loc.to_owned(),
                    comment: Some(format!("SPDX {cat} {ty}")),
                });
            }
            _ => {
                c.other_identifiers.push((ty.to_owned(), loc.to_owned()));
                unmapped.push(Unmapped {
                    location: format!("{at}/externalRefs/{j}"),
                    what: format!("external reference {cat} {ty} (kept as an identifier)"),
                });
            }
        }
    }
    if let Some(until) = p.str_at("validUntilDate") {
        c.support.end_of_support = Some(until.to_owned());
    }
    for a in p.array_at("annotations") {
        let Some(comment) = a.str_at("comment") else {
            continue;
        };
        if let Some(level) = comment.trim().strip_prefix(SUPPORT_LEVEL_ANNOTATION) {
            c.support.level = Some(level.trim().to_owned());
        } else if let Some(eos) = comment.trim().strip_prefix(END_OF_SUPPORT_ANNOTATION) {
            c.support
                .end_of_support
                .get_or_insert_with(|| eos.trim().to_owned());
        } else {
            c.properties.push(Property {
                name: format!(
                    "spdx:annotation:{}",
                    a.str_at("annotationType").unwrap_or("OTHER")
                ),
                value: comment.to_owned(),
            });
        }
    }
    for (key, name) in [
        ("releaseDate", "spdx:releaseDate"),
        ("builtDate", "spdx:builtDate"),
        ("packageFileName", "spdx:packageFileName"),
        ("sourceInfo", "spdx:sourceInfo"),
        ("comment", "spdx:comment"),
    ] {
        if let Some(v) = p.str_at(key) {
            c.properties.push(Property {
                name: name.into(),
                value: v.to_owned(),
            });
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streaming reader gives the model the tree mapping gives, on every SPDX 2 JSON example.
    #[test]
    fn streamed_read_equals_the_tree_mapping() {
        if medcyber_testdata::dir("spdx-examples").is_none() {
            return;
        }
        let mut compared = 0;
        for set in ["spdx-examples", "spdx-spec", "bom-shelter"] {
            for path in crate::testfiles::under(set, ".json") {
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
                    continue;
                };
                let Some(version) = value.get("spdxVersion").and_then(|v| v.as_str()) else {
                    continue;
                };
                let tree = to_model(&Json::from_value(&value), Encoding::Json, version);
                let streamed = read_json(&text, version).expect("JSON that serde_json parsed");
                assert_eq!(streamed, tree, "{}", path.display());
                compared += 1;
            }
        }
        assert!(compared >= 30, "{compared}");
    }
}
