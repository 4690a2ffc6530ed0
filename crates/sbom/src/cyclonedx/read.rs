//! CycloneDX (1.2–1.7) in its JSON shape → [`Sbom`]. The XML reader converts XML into this
//! shape first, so both serialisations share one mapping.
//!
//! The mapping reads fields leniently: a field of the wrong type is skipped (schema validation
//! reports it), so a lenient read of an invalid document still yields its usable data. What
//! the model does not hold (services, vulnerabilities, compositions, pedigree, evidence, ...)
//! is listed in [`Sbom::unmapped`] with its JSON pointer.

use crate::json::{self, Json, Member};
use medcyber_model::sbom::{
    Component, ComponentKind, Dependency, DependencyKind, Encoding, ExternalReference, Hash,
    License, LicenseAcknowledgement, LicenseChoice, Party, Property, Sbom, SbomFormat, Scope,
    Support, Swid, Tool, Unmapped,
};

/// Property names read as the level of support (the first is medcyber's own, also written).
pub const SUPPORT_LEVEL_PROPERTIES: &[&str] = &[
    "medcyber:support:level",
    "Level of Support",
    "level-of-support",
    "levelOfSupport",
    "support:level",
];

/// Property names read as the end-of-support date (the first is medcyber's own, also written).
pub const END_OF_SUPPORT_PROPERTIES: &[&str] = &[
    "medcyber:support:end-of-support",
    "End-of-Support",
    "End of Support",
    "end-of-support",
    "endOfSupport",
    "support:end-of-support",
];

/// Top-level keys the mapping reads (others are reported as unmapped).
const DOCUMENT_KEYS: &[&str] = &[
    "$schema",
    "bomFormat",
    "specVersion",
    "serialNumber",
    "version",
    "metadata",
    "components",
    "dependencies",
    "externalReferences",
    "properties",
];

const METADATA_KEYS: &[&str] = &[
    "timestamp",
    "authors",
    "tools",
    "component",
    "supplier",
    "manufacture",
    "manufacturer",
    "properties",
];

const COMPONENT_KEYS: &[&str] = &[
    "type",
    "bom-ref",
    "name",
    "group",
    "version",
    "purl",
    "cpe",
    "swid",
    "hashes",
    "supplier",
    "manufacturer",
    "author",
    "authors",
    "publisher",
    "licenses",
    "copyright",
    "description",
    "scope",
    "externalReferences",
    "properties",
    "components",
    "omniborId",
    "swhid",
];

/// A string field; an empty string is an absent value.
fn string_at(v: &Json<'_>, key: &str) -> Option<String> {
    v.str_at(key).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// An RFC 6901 pointer segment.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct Reader {
    sbom: Sbom,
}

impl Reader {
    fn new(encoding: Encoding, spec_version: &str) -> Reader {
        Reader {
            sbom: Sbom {
                format: Some(SbomFormat::CycloneDx),
                encoding: Some(encoding),
                spec_version: Some(spec_version.to_owned()),
                ..Sbom::default()
            },
        }
    }
}

/// Maps a CycloneDX document (JSON shape, as the XML reader builds it) to the model.
pub fn to_model(doc: &Json<'_>, encoding: Encoding, spec_version: &str) -> Sbom {
    let mut r = Reader::new(encoding, spec_version);
    r.document(doc);
    r.finish()
}

/// Reads CycloneDX JSON text into the model without holding the document as a tree: each
/// top-level component (with its nested ones) and each dependency entry is parsed, mapped and
/// dropped in turn (see [`json::stream_object`]).
pub fn read_json(text: &str, spec_version: &str) -> Result<Sbom, serde_json::Error> {
    let mut r = Reader::new(Encoding::Json, spec_version);
    let plan = |key: &str| match key {
        "components" | "dependencies" => Member::Stream,
        _ => Member::Keep,
    };
    let rest = json::stream_object(text, &plan, &mut |key, i, item| {
        let Some(item) = item else { return };
        if key == "components" {
            r.component(&item, None, &format!("/components/{i}"));
        } else {
            r.dependency(&item, i);
        }
    })?;
    // The rest holds the metadata, whose subject component goes first, as `to_model` orders it.
    let streamed = r.sbom.components.len();
    r.document(&rest);
    let subject = r.sbom.components.len() - streamed;
    r.sbom.components.rotate_right(subject);
    Ok(r.finish())
}

impl Reader {
    /// The model, with the unmapped items ordered by their pointer (numeric segments as
    /// numbers), whatever order the document's members came in.
    fn finish(mut self) -> Sbom {
        self.sbom.unmapped.sort_by_cached_key(|u| {
            u.location
                .split('/')
                .map(|s| {
                    s.parse::<usize>()
                        .map_or((usize::MAX, s.to_owned()), |n| (n, String::new()))
                })
                .collect::<Vec<_>>()
        });
        self.sbom
    }

    fn unmapped(&mut self, location: String, what: impl Into<String>) {
        self.sbom.unmapped.push(Unmapped {
            location,
            what: what.into(),
        });
    }

    fn unknown_keys(&mut self, object: &Json<'_>, known: &[&str], pointer: &str) {
        if let Some(members) = object.as_object() {
            for (key, _) in members.iter().filter(|(k, _)| !known.contains(&k.as_ref())) {
                self.unmapped(
                    format!("{pointer}/{}", escape(key)),
                    format!("`{key}` (not part of the SBOM model)"),
                );
            }
        }
    }

    fn document(&mut self, doc: &Json<'_>) {
        self.sbom.serial_number = string_at(doc, "serialNumber");
        self.sbom.version = doc
            .get("version")
            .and_then(Json::as_u64)
            .and_then(|v| u32::try_from(v).ok());
        self.unknown_keys(doc, DOCUMENT_KEYS, "");
        if let Some(meta) = doc.get("metadata") {
            self.metadata(meta);
        }
        for (i, c) in doc.array_at("components").iter().enumerate() {
            self.component(c, None, &format!("/components/{i}"));
        }
        for (i, d) in doc.array_at("dependencies").iter().enumerate() {
            self.dependency(d, i);
        }
        self.sbom.external_references = external_references(doc);
        self.sbom.properties = properties(doc);
    }

    fn dependency(&mut self, d: &Json<'_>, i: usize) {
        let Some(from) = d.str_at("ref") else {
            return;
        };
        for to in d.array_at("dependsOn").iter().filter_map(Json::as_str) {
            self.sbom.dependencies.push(Dependency {
                from: from.to_owned(),
                to: to.to_owned(),
                kind: DependencyKind::DependsOn,
            });
        }
        if d.get("provides").is_some() {
            self.unmapped(format!("/dependencies/{i}/provides"), "`provides` edges");
        }
    }

    fn metadata(&mut self, meta: &Json<'_>) {
        self.unknown_keys(meta, METADATA_KEYS, "/metadata");
        self.sbom.timestamp = string_at(meta, "timestamp");
        self.sbom.authors = meta.array_at("authors").iter().map(contact).collect();
        match meta.get("tools") {
            Some(Json::Array(tools)) => {
                self.sbom.tools = tools
                    .iter()
                    .map(|t| Tool {
                        vendor: string_at(t, "vendor"),
                        name: string_at(t, "name").unwrap_or_default(),
                        version: string_at(t, "version"),
                    })
                    .collect();
            }
            Some(tools @ Json::Object(_)) => {
                for t in tools.array_at("components") {
                    self.sbom.tools.push(Tool {
                        vendor: string_at(t, "group")
                            .or_else(|| string_at(t, "publisher"))
                            .or_else(|| t.get("supplier").and_then(|s| string_at(s, "name")))
                            .or_else(|| t.get("manufacturer").and_then(|s| string_at(s, "name"))),
                        name: string_at(t, "name").unwrap_or_default(),
                        version: string_at(t, "version"),
                    });
                }
                for t in tools.array_at("services") {
                    self.sbom.tools.push(Tool {
                        vendor: t.get("provider").and_then(|p| string_at(p, "name")),
                        name: string_at(t, "name").unwrap_or_default(),
                        version: string_at(t, "version"),
                    });
                }
            }
            _ => {}
        }
        self.sbom.supplier = meta.get("supplier").map(entity);
        self.sbom.manufacturer = meta
            .get("manufacturer")
            .or_else(|| meta.get("manufacture"))
            .map(entity);
        for p in properties(meta) {
            self.sbom.properties.push(p);
        }
        if let Some(subject) = meta.get("component") {
            let bom_ref = self.component(subject, None, "/metadata/component");
            self.sbom.subject.push(bom_ref);
        }
    }

    /// Reads a component and its nested components; returns its bom-ref.
    fn component(&mut self, c: &Json<'_>, parent: Option<&str>, pointer: &str) -> String {
        self.unknown_keys(c, COMPONENT_KEYS, pointer);
        let bom_ref = match c.str_at("bom-ref") {
            Some(r) if !r.is_empty() => r.to_owned(),
            // Named by its place in the document, so the name does not depend on the order in
            // which the (streaming) reader meets the components.
            _ => format!("medcyber:component:{pointer}"),
        };
        let mut properties = properties(c);
        let mut support = Support::default();
        properties.retain(|p| {
            if SUPPORT_LEVEL_PROPERTIES
                .iter()
                .any(|n| n.eq_ignore_ascii_case(&p.name))
            {
                support.level.get_or_insert_with(|| p.value.clone());
                false
            } else if END_OF_SUPPORT_PROPERTIES
                .iter()
                .any(|n| n.eq_ignore_ascii_case(&p.name))
            {
                support
                    .end_of_support
                    .get_or_insert_with(|| p.value.clone());
                false
            } else {
                true
            }
        });
        properties.shrink_to_fit();
        let author = string_at(c, "author").or_else(|| {
            let names: Vec<String> = c
                .array_at("authors")
                .iter()
                .filter_map(|a| string_at(a, "name"))
                .collect();
            (!names.is_empty()).then(|| names.join(", "))
        });
        let mut other_identifiers = Vec::new();
        for (key, scheme) in [("omniborId", "omnibor"), ("swhid", "swhid")] {
            for id in c.array_at(key).iter().filter_map(Json::as_str) {
                other_identifiers.push((scheme.to_owned(), id.to_owned()));
            }
        }
        let component = Component {
            bom_ref: bom_ref.clone(),
            kind: c.str_at("type").map_or(ComponentKind::Library, kind),
            name: string_at(c, "name").unwrap_or_default(),
            group: string_at(c, "group"),
            version: string_at(c, "version"),
            purl: string_at(c, "purl"),
            cpe: string_at(c, "cpe"),
            other_cpes: Vec::new(),
            swid: c.get("swid").map(|v| Box::new(swid(v))),
            other_identifiers,
            hashes: c
                .array_at("hashes")
                .iter()
                .filter_map(|h| {
                    Some(Hash {
                        alg: string_at(h, "alg")?,
                        value: h.str_at("content")?.to_ascii_lowercase(),
                    })
                })
                .collect(),
            supplier: c.get("supplier").map(|v| Box::new(entity(v))),
            manufacturer: c.get("manufacturer").map(|v| Box::new(entity(v))),
            author,
            publisher: string_at(c, "publisher"),
            licenses: licenses(c),
            copyright: string_at(c, "copyright"),
            description: string_at(c, "description"),
            scope: c.str_at("scope").and_then(|s| match s {
                "required" => Some(Scope::Required),
                "optional" => Some(Scope::Optional),
                "excluded" => Some(Scope::Excluded),
                _ => None,
            }),
            parent: parent.map(str::to_owned),
            download_location: None,
            external_references: external_references(c),
            support,
            properties,
        };
        self.sbom.components.push(component);
        for (i, child) in c.array_at("components").iter().enumerate() {
            self.component(child, Some(&bom_ref), &format!("{pointer}/components/{i}"));
        }
        bom_ref
    }
}

fn kind(t: &str) -> ComponentKind {
    match t {
        "application" => ComponentKind::Application,
        "framework" => ComponentKind::Framework,
        "library" => ComponentKind::Library,
        "container" => ComponentKind::Container,
        "platform" => ComponentKind::Platform,
        "operating-system" => ComponentKind::OperatingSystem,
        "device" => ComponentKind::Device,
        "device-driver" => ComponentKind::DeviceDriver,
        "firmware" => ComponentKind::Firmware,
        "file" => ComponentKind::File,
        "machine-learning-model" => ComponentKind::MachineLearningModel,
        "data" => ComponentKind::Data,
        "cryptographic-asset" => ComponentKind::CryptographicAsset,
        _ => ComponentKind::Other,
    }
}

/// An `organizationalEntity` (name, url[], contact[]).
fn entity(v: &Json<'_>) -> Party {
    let contacts = v.array_at("contact");
    Party {
        name: string_at(v, "name"),
        organization: Some(true),
        email: contacts.iter().find_map(|c| string_at(c, "email")),
        urls: v
            .array_at("url")
            .iter()
            .filter_map(Json::as_str)
            .map(str::to_owned)
            .collect(),
    }
}

/// An `organizationalContact` (name, email, phone).
fn contact(v: &Json<'_>) -> Party {
    Party {
        name: string_at(v, "name"),
        organization: Some(false),
        email: string_at(v, "email"),
        urls: Vec::new(),
    }
}

fn swid(v: &Json<'_>) -> Swid {
    Swid {
        tag_id: string_at(v, "tagId").unwrap_or_default(),
        name: string_at(v, "name").unwrap_or_default(),
        version: string_at(v, "version"),
        tag_version: v
            .get("tagVersion")
            .and_then(Json::as_u64)
            .and_then(|n| u32::try_from(n).ok()),
        patch: v.get("patch").and_then(Json::as_bool),
    }
}

fn licenses(c: &Json<'_>) -> Vec<LicenseChoice> {
    c.array_at("licenses")
        .iter()
        .filter_map(|choice| {
            let ack = |v: &Json<'_>| match v.str_at("acknowledgement") {
                Some("concluded") => LicenseAcknowledgement::Concluded,
                _ => LicenseAcknowledgement::Declared,
            };
            if let Some(expression) = choice.str_at("expression") {
                return Some(LicenseChoice {
                    license: License::Expression(expression.to_owned()),
                    acknowledgement: ack(choice),
                });
            }
            let l = choice.get("license")?;
            let license = match (l.str_at("id"), l.str_at("name")) {
                (Some(id), _) => License::Expression(id.to_owned()),
                (None, Some(name)) => License::Named(name.to_owned()),
                (None, None) => return None,
            };
            Some(LicenseChoice {
                license,
                acknowledgement: ack(l),
            })
        })
        .collect()
}

fn external_references(v: &Json<'_>) -> Vec<ExternalReference> {
    v.array_at("externalReferences")
        .iter()
        .filter_map(|r| {
            Some(ExternalReference {
                kind: string_at(r, "type")?,
                url: string_at(r, "url")?,
                comment: string_at(r, "comment"),
            })
        })
        .collect()
}

fn properties(v: &Json<'_>) -> Vec<Property> {
    v.array_at("properties")
        .iter()
        .filter_map(|p| {
            Some(Property {
                name: string_at(p, "name")?,
                value: string_at(p, "value").unwrap_or_default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streaming reader gives the model the tree mapping gives, on every CycloneDX JSON
    /// test resource (valid and invalid: both are read leniently).
    #[test]
    fn streamed_read_equals_the_tree_mapping() {
        let files = crate::testfiles::under("cyclonedx-spec", ".json");
        let mut compared = 0;
        for path in files
            .iter()
            .filter(|p| p.to_string_lossy().contains("test-resources"))
        {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            let version = value
                .get("specVersion")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            let tree = to_model(&Json::from_value(&value), Encoding::Json, version);
            let streamed = read_json(&text, version).expect("JSON that serde_json parsed");
            let name = path.display();
            assert_eq!(streamed.components, tree.components, "{name}");
            assert_eq!(streamed.unmapped, tree.unmapped, "{name}");
            assert_eq!(streamed, tree, "{name}");
            compared += 1;
        }
        assert!(files.is_empty() || compared > 300, "{compared}");
    }
}
