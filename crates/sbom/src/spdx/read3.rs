//! SPDX 3.0 JSON-LD (`@graph` of elements) → [`Sbom`].
//!
//! Packages (`software_Package`, and the AI and dataset packages, which are packages) become
//! components; `SpdxDocument`/`software_Sbom` `rootElement` names the described product;
//! relationships `dependsOn`, `contains`, `hasStaticLink`, `hasDynamicLink`, `describes` and
//! the licence relationships (`hasDeclaredLicense`, `hasConcludedLicense` to a licence
//! expression) are read. `suppliedBy`/`originatedBy` and `createdBy` resolve to the agents of
//! the graph. The structure is checked (a `@graph` of typed elements with `spdxId`s); SPDX 3
//! has no JSON schema in the bundled set, so that is the whole validation.

use std::collections::HashMap;

use medcyber_model::sbom::{
    Component, ComponentKind, Dependency, DependencyKind, Encoding, ExternalReference, Hash,
    License, LicenseAcknowledgement, LicenseChoice, Party, Sbom, SbomFormat, Tool, Unmapped,
};
use serde_json::Value;

use crate::cyclonedx::parse_json;
use crate::json::str_at;
use crate::{Detected, Diagnostic, Location, ReadOptions, ReadOutcome, SbomError};

fn strings(v: &Value, key: &str) -> Vec<String> {
    match v.get(key) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

fn element_type(e: &Value) -> &str {
    str_at(e, "type")
        .or_else(|| str_at(e, "@type"))
        .unwrap_or_default()
}

fn id(e: &Value) -> Option<&str> {
    str_at(e, "spdxId").or_else(|| str_at(e, "@id"))
}

fn kind(purpose: &str) -> ComponentKind {
    match purpose {
        "application" => ComponentKind::Application,
        "framework" => ComponentKind::Framework,
        "library" => ComponentKind::Library,
        "container" => ComponentKind::Container,
        "operatingSystem" => ComponentKind::OperatingSystem,
        "device" => ComponentKind::Device,
        "firmware" => ComponentKind::Firmware,
        "file" => ComponentKind::File,
        "model" => ComponentKind::MachineLearningModel,
        "data" => ComponentKind::Data,
        "source" | "archive" | "install" => ComponentKind::Source,
        _ => ComponentKind::Other,
    }
}

fn hash_algorithm(alg: &str) -> String {
    match alg {
        "sha1" => "SHA-1".into(),
        "sha256" => "SHA-256".into(),
        "sha384" => "SHA-384".into(),
        "sha512" => "SHA-512".into(),
        "sha3_256" => "SHA3-256".into(),
        "sha3_384" => "SHA3-384".into(),
        "sha3_512" => "SHA3-512".into(),
        "blake2b256" => "BLAKE2b-256".into(),
        "blake2b384" => "BLAKE2b-384".into(),
        "blake2b512" => "BLAKE2b-512".into(),
        "blake3" => "BLAKE3".into(),
        "md5" => "MD5".into(),
        other => other.to_ascii_uppercase(),
    }
}

/// Reads an SPDX 3 JSON-LD document.
pub fn read(
    text: &str,
    detected: &Detected,
    _options: &ReadOptions,
) -> Result<ReadOutcome, SbomError> {
    let doc = parse_json(text)?;
    let mut diagnostics = Vec::new();
    let graph: &[Value] = match doc.get("@graph").and_then(Value::as_array) {
        Some(g) => g,
        None => {
            diagnostics.push(Diagnostic {
                location: Location::Pointer {
                    pointer: String::new(),
                },
                message: "an SPDX 3 JSON-LD document needs a `@graph` array of elements".into(),
            });
            &[]
        }
    };
    let mut by_id: HashMap<&str, &Value> = HashMap::new();
    for (i, e) in graph.iter().enumerate() {
        if element_type(e).is_empty() {
            diagnostics.push(Diagnostic {
                location: Location::Pointer {
                    pointer: format!("/@graph/{i}"),
                },
                message: "element without a `type`".into(),
            });
        }
        if let Some(id) = id(e) {
            by_id.insert(id, e);
        }
    }
    let agent = |reference: &str| -> Option<Party> {
        let e = by_id.get(reference)?;
        Some(Party {
            name: str_at(e, "name").map(str::to_owned),
            organization: match element_type(e) {
                "Organization" => Some(true),
                "Person" => Some(false),
                _ => None,
            },
            email: None,
            urls: Vec::new(),
        })
    };
    let mut sbom = Sbom {
        format: Some(SbomFormat::Spdx),
        encoding: Some(Encoding::JsonLd),
        spec_version: Some(detected.spec_version.clone()),
        ..Sbom::default()
    };
    let mut licenses: HashMap<&str, &str> = HashMap::new();
    for e in graph {
        if element_type(e) == "simplelicensing_LicenseExpression"
            && let (Some(i), Some(expr)) = (id(e), str_at(e, "simplelicensing_licenseExpression"))
        {
            licenses.insert(i, expr);
        }
    }
    for (i, e) in graph.iter().enumerate() {
        let t = element_type(e);
        match t {
            "CreationInfo" if sbom.timestamp.is_none() => {
                sbom.timestamp = str_at(e, "created").map(str::to_owned);
                for by in strings(e, "createdBy") {
                    if let Some(p) = agent(&by) {
                        sbom.authors.push(p);
                    }
                }
                for tool in strings(e, "createdUsing") {
                    if let Some(t) = by_id.get(tool.as_str()) {
                        sbom.tools.push(Tool {
                            vendor: None,
                            name: str_at(t, "name").unwrap_or_default().to_owned(),
                            version: None,
                        });
                    }
                }
            }
            "SpdxDocument" => {
                sbom.serial_number = id(e).map(str::to_owned);
                sbom.name = str_at(e, "name").map(str::to_owned);
                sbom.data_license = str_at(e, "dataLicense")
                    .and_then(|l| licenses.get(l).copied().or(Some(l)))
                    .map(str::to_owned);
                for r in strings(e, "rootElement") {
                    match by_id.get(r.as_str()).map(|x| element_type(x)) {
                        Some("software_Sbom") => {
                            if let Some(s) = by_id.get(r.as_str()) {
                                for root in strings(s, "rootElement") {
                                    if !sbom.subject.contains(&root) {
                                        sbom.subject.push(root);
                                    }
                                }
                            }
                        }
                        _ => {
                            if !sbom.subject.contains(&r) {
                                sbom.subject.push(r);
                            }
                        }
                    }
                }
            }
            "software_Package" | "ai_AIPackage" | "dataset_DatasetPackage" => {
                let Some(spdx_id) = id(e) else { continue };
                let mut c = Component {
                    bom_ref: spdx_id.to_owned(),
                    kind: str_at(e, "software_primaryPurpose").map_or(
                        match t {
                            "ai_AIPackage" => ComponentKind::MachineLearningModel,
                            "dataset_DatasetPackage" => ComponentKind::Data,
                            _ => ComponentKind::Library,
                        },
                        kind,
                    ),
                    name: str_at(e, "name").unwrap_or_default().to_owned(),
                    version: str_at(e, "software_packageVersion").map(str::to_owned),
                    purl: str_at(e, "software_packageUrl").map(str::to_owned),
                    supplier: str_at(e, "suppliedBy").and_then(agent).map(Box::new),
                    author: strings(e, "originatedBy")
                        .iter()
                        .filter_map(|o| agent(o).and_then(|p| p.name))
                        .reduce(|a, b| format!("{a}, {b}")),
                    copyright: str_at(e, "software_copyrightText").map(str::to_owned),
                    description: str_at(e, "description")
                        .or_else(|| str_at(e, "summary"))
                        .map(str::to_owned),
                    download_location: str_at(e, "software_downloadLocation").map(str::to_owned),
                    ..Component::default()
                };
                if let Some(home) = str_at(e, "software_homePage") {
                    c.external_references.push(ExternalReference {
                        kind: "website".into(),
                        url: home.to_owned(),
                        comment: None,
                    });
                }
                for x in e
                    .get("externalIdentifier")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let (Some(ty), Some(value)) =
                        (str_at(x, "externalIdentifierType"), str_at(x, "identifier"))
                    else {
                        continue;
                    };
                    match ty {
                        "cpe23" | "cpe22" => {
                            if c.cpe.is_none() {
                                c.cpe = Some(value.to_owned());
                            } else {
                                c.other_cpes.push(value.to_owned());
                            }
                        }
                        "packageUrl" if c.purl.is_none() => c.purl = Some(value.to_owned()),
                        "gitoid" => c
                            .other_identifiers
                            .push(("omnibor".into(), value.to_owned())),
                        "swhid" => c.other_identifiers.push(("swhid".into(), value.to_owned())),
                        other => c
                            .other_identifiers
                            .push((other.to_owned(), value.to_owned())),
                    }
                }
                for h in e
                    .get("verifiedUsing")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let (Some(alg), Some(v)) = (str_at(h, "algorithm"), str_at(h, "hashValue")) {
                        c.hashes.push(Hash {
                            alg: hash_algorithm(alg),
                            value: v.to_ascii_lowercase(),
                        });
                    }
                }
                sbom.components.push(c);
            }
            "Relationship"
            | "LifecycleScopedRelationship"
            | "CreationInfo"
            | "Person"
            | "Organization"
            | "Tool"
            | "SoftwareAgent"
            | "software_Sbom"
            | "simplelicensing_LicenseExpression" => {}
            "software_File" | "software_Snippet" => {}
            other => sbom.unmapped.push(Unmapped {
                location: format!("/@graph/{i}"),
                what: format!("element of type `{other}`"),
            }),
        }
    }
    let files = graph
        .iter()
        .filter(|e| matches!(element_type(e), "software_File" | "software_Snippet"))
        .count();
    if files > 0 {
        sbom.unmapped.push(Unmapped {
            location: "/@graph".into(),
            what: format!("{files} file(s) and snippet(s) (the model keeps packages)"),
        });
    }
    // Component index by id and the edges kept (linear searches would make large graphs
    // quadratic).
    let index: HashMap<String, usize> = sbom
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.bom_ref.clone(), i))
        .collect();
    let mut seen: std::collections::HashSet<Dependency> = std::collections::HashSet::new();
    for (i, e) in graph.iter().enumerate() {
        if !matches!(
            element_type(e),
            "Relationship" | "LifecycleScopedRelationship"
        ) {
            continue;
        }
        let (Some(from), Some(rt)) = (str_at(e, "from"), str_at(e, "relationshipType")) else {
            continue;
        };
        for to in strings(e, "to") {
            let kind = match rt {
                "dependsOn" => DependencyKind::DependsOn,
                "contains" => DependencyKind::Contains,
                "hasStaticLink" => DependencyKind::StaticLink,
                "hasDynamicLink" => DependencyKind::DynamicLink,
                "hasOptionalDependency" => DependencyKind::OptionalDependency,
                "describes" => {
                    if index.contains_key(&to) && !sbom.subject.contains(&to) {
                        sbom.subject.push(to);
                    }
                    continue;
                }
                "hasDeclaredLicense" | "hasConcludedLicense" => {
                    let expr = licenses.get(to.as_str()).copied().unwrap_or(to.as_str());
                    if let Some(c) = index.get(from).and_then(|&i| sbom.components.get_mut(i)) {
                        c.licenses.push(LicenseChoice {
                            license: License::Expression(expr.to_owned()),
                            acknowledgement: if rt == "hasDeclaredLicense" {
                                LicenseAcknowledgement::Declared
                            } else {
                                LicenseAcknowledgement::Concluded
                            },
                        });
                    }
                    continue;
                }
                other => {
                    sbom.unmapped.push(Unmapped {
                        location: format!("/@graph/{i}"),
                        what: format!("relationship `{other}`"),
                    });
                    continue;
                }
            };
            let (Some(_), Some(&child_index)) = (index.get(from), index.get(&to)) else {
                continue;
            };
            if kind == DependencyKind::Contains
                && let Some(child) = sbom.components.get_mut(child_index)
                && child.parent.is_none()
            {
                child.parent = Some(from.to_owned());
            }
            let dep = Dependency {
                from: from.to_owned(),
                to,
                kind,
            };
            if seen.insert(dep.clone()) {
                sbom.dependencies.push(dep);
            }
        }
    }
    sbom.subject.retain(|s| index.contains_key(s));
    Ok(ReadOutcome {
        sbom,
        detected: detected.clone(),
        diagnostics,
    })
}
