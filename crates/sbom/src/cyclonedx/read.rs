//! CycloneDX (1.2–1.7) in its JSON shape → [`Sbom`]. The XML reader converts XML into this
//! shape first, so both serialisations share one mapping.
//!
//! The mapping reads fields leniently: a field of the wrong type is skipped (schema validation
//! reports it), so a lenient read of an invalid document still yields its usable data. What
//! the model does not hold (services, vulnerabilities, compositions, pedigree, evidence, ...)
//! is listed in [`Sbom::unmapped`] with its JSON pointer.

use medcyber_model::sbom::{
    Component, ComponentKind, Dependency, DependencyKind, Encoding, ExternalReference, Hash,
    License, LicenseAcknowledgement, LicenseChoice, Party, Property, Sbom, SbomFormat, Scope,
    Support, Swid, Tool, Unmapped,
};
use serde_json::Value;

use crate::json::{array_at, str_at};

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
fn string_at(v: &Value, key: &str) -> Option<String> {
    str_at(v, key).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// An RFC 6901 pointer segment.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct Reader {
    sbom: Sbom,
    generated: usize,
}

/// Maps a CycloneDX document (JSON shape) to the model.
pub fn to_model(doc: &Value, encoding: Encoding, spec_version: &str) -> Sbom {
    let mut r = Reader {
        sbom: Sbom {
            format: Some(SbomFormat::CycloneDx),
            encoding: Some(encoding),
            spec_version: Some(spec_version.to_owned()),
            ..Sbom::default()
        },
        generated: 0,
    };
    r.document(doc);
    r.sbom
}

impl Reader {
    fn unmapped(&mut self, location: String, what: impl Into<String>) {
        self.sbom.unmapped.push(Unmapped {
            location,
            what: what.into(),
        });
    }

    fn unknown_keys(&mut self, object: &Value, known: &[&str], pointer: &str) {
        if let Some(map) = object.as_object() {
            for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
                self.unmapped(
                    format!("{pointer}/{}", escape(key)),
                    format!("`{key}` (not part of the SBOM model)"),
                );
            }
        }
    }

    fn document(&mut self, doc: &Value) {
        self.sbom.serial_number = string_at(doc, "serialNumber");
        self.sbom.version = doc
            .get("version")
            .and_then(Value::as_u64)
            .and_then(|v| u32::try_from(v).ok());
        self.unknown_keys(doc, DOCUMENT_KEYS, "");
        if let Some(meta) = doc.get("metadata") {
            self.metadata(meta);
        }
        for (i, c) in array_at(doc, "components").iter().enumerate() {
            self.component(c, None, &format!("/components/{i}"));
        }
        for (i, d) in array_at(doc, "dependencies").iter().enumerate() {
            let Some(from) = str_at(d, "ref") else {
                continue;
            };
            for to in array_at(d, "dependsOn").iter().filter_map(Value::as_str) {
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
        self.sbom.external_references = external_references(doc);
        self.sbom.properties = properties(doc);
    }

    fn metadata(&mut self, meta: &Value) {
        self.unknown_keys(meta, METADATA_KEYS, "/metadata");
        self.sbom.timestamp = string_at(meta, "timestamp");
        self.sbom.authors = array_at(meta, "authors").iter().map(contact).collect();
        match meta.get("tools") {
            Some(Value::Array(tools)) => {
                self.sbom.tools = tools
                    .iter()
                    .map(|t| Tool {
                        vendor: string_at(t, "vendor"),
                        name: string_at(t, "name").unwrap_or_default(),
                        version: string_at(t, "version"),
                    })
                    .collect();
            }
            Some(tools @ Value::Object(_)) => {
                for t in array_at(tools, "components") {
                    self.sbom.tools.push(Tool {
                        vendor: string_at(t, "group")
                            .or_else(|| string_at(t, "publisher"))
                            .or_else(|| t.get("supplier").and_then(|s| string_at(s, "name")))
                            .or_else(|| t.get("manufacturer").and_then(|s| string_at(s, "name"))),
                        name: string_at(t, "name").unwrap_or_default(),
                        version: string_at(t, "version"),
                    });
                }
                for t in array_at(tools, "services") {
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
    fn component(&mut self, c: &Value, parent: Option<&str>, pointer: &str) -> String {
        self.unknown_keys(c, COMPONENT_KEYS, pointer);
        let bom_ref = match str_at(c, "bom-ref") {
            Some(r) if !r.is_empty() => r.to_owned(),
            _ => {
                self.generated += 1;
                format!("medcyber:component:{}", self.generated)
            }
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
        let author = string_at(c, "author").or_else(|| {
            let names: Vec<String> = array_at(c, "authors")
                .iter()
                .filter_map(|a| string_at(a, "name"))
                .collect();
            (!names.is_empty()).then(|| names.join(", "))
        });
        let mut other_identifiers = Vec::new();
        for (key, scheme) in [("omniborId", "omnibor"), ("swhid", "swhid")] {
            for id in array_at(c, key).iter().filter_map(Value::as_str) {
                other_identifiers.push((scheme.to_owned(), id.to_owned()));
            }
        }
        let component = Component {
            bom_ref: bom_ref.clone(),
            kind: str_at(c, "type").map_or(ComponentKind::Library, kind),
            name: string_at(c, "name").unwrap_or_default(),
            group: string_at(c, "group"),
            version: string_at(c, "version"),
            purl: string_at(c, "purl"),
            cpe: string_at(c, "cpe"),
            other_cpes: Vec::new(),
            swid: c.get("swid").map(swid),
            other_identifiers,
            hashes: array_at(c, "hashes")
                .iter()
                .filter_map(|h| {
                    Some(Hash {
                        alg: string_at(h, "alg")?,
                        value: str_at(h, "content")?.to_ascii_lowercase(),
                    })
                })
                .collect(),
            supplier: c.get("supplier").map(entity),
            manufacturer: c.get("manufacturer").map(entity),
            author,
            publisher: string_at(c, "publisher"),
            licenses: licenses(c),
            copyright: string_at(c, "copyright"),
            description: string_at(c, "description"),
            scope: str_at(c, "scope").and_then(|s| match s {
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
        for (i, child) in array_at(c, "components").iter().enumerate() {
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
fn entity(v: &Value) -> Party {
    let contacts = array_at(v, "contact");
    Party {
        name: string_at(v, "name"),
        organization: Some(true),
        email: contacts.iter().find_map(|c| string_at(c, "email")),
        urls: array_at(v, "url")
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
    }
}

/// An `organizationalContact` (name, email, phone).
fn contact(v: &Value) -> Party {
    Party {
        name: string_at(v, "name"),
        organization: Some(false),
        email: string_at(v, "email"),
        urls: Vec::new(),
    }
}

fn swid(v: &Value) -> Swid {
    Swid {
        tag_id: string_at(v, "tagId").unwrap_or_default(),
        name: string_at(v, "name").unwrap_or_default(),
        version: string_at(v, "version"),
        tag_version: v
            .get("tagVersion")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok()),
        patch: v.get("patch").and_then(Value::as_bool),
    }
}

fn licenses(c: &Value) -> Vec<LicenseChoice> {
    array_at(c, "licenses")
        .iter()
        .filter_map(|choice| {
            let ack = |v: &Value| match str_at(v, "acknowledgement") {
                Some("concluded") => LicenseAcknowledgement::Concluded,
                _ => LicenseAcknowledgement::Declared,
            };
            if let Some(expression) = str_at(choice, "expression") {
                return Some(LicenseChoice {
                    license: License::Expression(expression.to_owned()),
                    acknowledgement: ack(choice),
                });
            }
            let l = choice.get("license")?;
            let license = match (str_at(l, "id"), str_at(l, "name")) {
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

fn external_references(v: &Value) -> Vec<ExternalReference> {
    array_at(v, "externalReferences")
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

fn properties(v: &Value) -> Vec<Property> {
    array_at(v, "properties")
        .iter()
        .filter_map(|p| {
            Some(Property {
                name: string_at(p, "name")?,
                value: string_at(p, "value").unwrap_or_default(),
            })
        })
        .collect()
}
