//! The format-neutral SBOM: what medcyber keeps of a CycloneDX or SPDX document.
//!
//! One [`Sbom`] describes one product ([`Sbom::subject`]) and its [`Component`]s, with the
//! dependency graph, the document's provenance (authors, tools, timestamp) and the support data
//! the FDA asks for per component ([`Support`]). Readers in `medcyber-sbom` fill it from
//! CycloneDX 1.2–1.7 and SPDX 2.2/2.3/3.0; writers produce CycloneDX 1.6 and SPDX 2.3 from it.
//! What a format holds that this model does not is kept in [`Sbom::unmapped`], so a conversion
//! can say exactly what it could not carry over.

use serde::{Deserialize, Serialize};

/// The document format an SBOM was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SbomFormat {
    /// OWASP CycloneDX (JSON or XML).
    CycloneDx,
    /// SPDX (JSON, tag-value, YAML, or SPDX 3 JSON-LD).
    Spdx,
}

/// The serialisation an SBOM was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// JSON.
    Json,
    /// XML.
    Xml,
    /// SPDX tag-value.
    TagValue,
    /// YAML.
    Yaml,
    /// JSON-LD (SPDX 3).
    JsonLd,
}

/// A person or organisation (supplier, author, manufacturer).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Party {
    /// Name of the person or organisation.
    pub name: Option<String>,
    /// True for an organisation, false for a person, `None` when unknown.
    pub organization: Option<bool>,
    /// E-mail address.
    pub email: Option<String>,
    /// Web sites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
}

impl Party {
    /// An organisation with a name.
    pub fn organization(name: impl Into<String>) -> Party {
        Party {
            name: Some(name.into()),
            organization: Some(true),
            ..Party::default()
        }
    }

    /// True when the party carries no name, e-mail or URL.
    pub fn is_empty(&self) -> bool {
        self.name.as_deref().is_none_or(str::is_empty)
            && self.email.is_none()
            && self.urls.is_empty()
    }
}

/// A tool that produced the SBOM.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tool {
    /// Vendor of the tool.
    pub vendor: Option<String>,
    /// Name of the tool.
    pub name: String,
    /// Version of the tool.
    pub version: Option<String>,
}

/// What kind of thing a component is (the CycloneDX 1.6 component types; SPDX primary package
/// purposes map onto them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComponentKind {
    /// An application.
    Application,
    /// A framework.
    Framework,
    /// A library (the default).
    #[default]
    Library,
    /// A container image.
    Container,
    /// A runtime platform.
    Platform,
    /// An operating system.
    OperatingSystem,
    /// A hardware device (the medical device itself, a chipset, a board).
    Device,
    /// A device driver.
    DeviceDriver,
    /// Firmware.
    Firmware,
    /// A file.
    File,
    /// A machine-learning model.
    MachineLearningModel,
    /// Data.
    Data,
    /// A cryptographic asset.
    CryptographicAsset,
    /// Source code, an archive or an installer (SPDX purposes without a CycloneDX type).
    Source,
    /// Anything else.
    Other,
}

impl ComponentKind {
    /// The CycloneDX type name (`operating-system`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ComponentKind::Application => "application",
            ComponentKind::Framework => "framework",
            ComponentKind::Library => "library",
            ComponentKind::Container => "container",
            ComponentKind::Platform => "platform",
            ComponentKind::OperatingSystem => "operating-system",
            ComponentKind::Device => "device",
            ComponentKind::DeviceDriver => "device-driver",
            ComponentKind::Firmware => "firmware",
            ComponentKind::File => "file",
            ComponentKind::MachineLearningModel => "machine-learning-model",
            ComponentKind::Data => "data",
            ComponentKind::CryptographicAsset => "cryptographic-asset",
            ComponentKind::Source => "source",
            ComponentKind::Other => "other",
        }
    }
}

/// Whether a component is needed at run time (CycloneDX `scope`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Required at run time.
    Required,
    /// Optional at run time.
    Optional,
    /// Not part of the delivered product (build or test only).
    Excluded,
}

/// A cryptographic hash of a component.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Hash {
    /// The algorithm as CycloneDX names it (`SHA-256`, `SHA-1`, `MD5`, `SHA3-256`, `BLAKE3`, ...).
    pub alg: String,
    /// Lowercase hexadecimal digest.
    pub value: String,
}

/// A licence: an SPDX expression, or a named licence outside the SPDX list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum License {
    /// An SPDX licence expression (`MIT`, `Apache-2.0 OR GPL-2.0-only`, `LicenseRef-x`).
    Expression(String),
    /// A licence known only by name (CycloneDX `license.name`).
    Named(String),
}

/// Whether a licence was declared by the author or concluded by the SBOM's creator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LicenseAcknowledgement {
    /// Declared by the component's author (SPDX `licenseDeclared`).
    #[default]
    Declared,
    /// Concluded by analysis (SPDX `licenseConcluded`).
    Concluded,
}

/// A licence of a component with its acknowledgement.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LicenseChoice {
    /// The licence.
    pub license: License,
    /// Declared or concluded.
    pub acknowledgement: LicenseAcknowledgement,
}

/// A SWID tag reference (ISO/IEC 19770-2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Swid {
    /// The tag id.
    pub tag_id: String,
    /// The software name.
    pub name: String,
    /// The software version.
    pub version: Option<String>,
    /// The tag version.
    pub tag_version: Option<u32>,
    /// True for a patch tag.
    pub patch: Option<bool>,
}

/// A link from a component or the document to something outside it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExternalReference {
    /// The CycloneDX reference type (`website`, `vcs`, `advisories`, `distribution`, ...), or the
    /// SPDX category/type pair for SPDX external references that are not identifiers.
    pub kind: String,
    /// The URL or locator.
    pub url: String,
    /// A comment.
    pub comment: Option<String>,
}

/// How a component's supplier supports it, as FDA premarket guidance asks ("level of support"
/// and "end-of-support date" per component).
///
/// Both are kept as the document writes them, because real device SBOMs write free text
/// ("Actively maintained", "Until hardware support ends"); [`Support::level_kind`] and
/// [`Support::end_of_support_date`] interpret them. Read from and written to CycloneDX
/// properties `medcyber:support:level` / `medcyber:support:end-of-support` (the common
/// `Level of Support` / `End-of-Support` property names are read too) and SPDX 2.3
/// `validUntilDate` plus an annotation `medcyber:support:level=<level>`; see `docs/sbom.md`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Support {
    /// The level of support, as written.
    pub level: Option<String>,
    /// The end-of-support date, as written (ideally an ISO 8601 date).
    pub end_of_support: Option<String>,
}

impl Support {
    /// True when neither field is known.
    pub fn is_empty(&self) -> bool {
        self.level.is_none() && self.end_of_support.is_none()
    }

    /// The level of support, interpreted.
    pub fn level_kind(&self) -> Option<SupportLevel> {
        self.level.as_deref().and_then(SupportLevel::parse)
    }

    /// The end-of-support date when it is written as an ISO 8601 date (`YYYY-MM-DD`, optionally
    /// followed by a time), as `(year, month, day)`.
    pub fn end_of_support_date(&self) -> Option<(i32, u32, u32)> {
        parse_iso_date(self.end_of_support.as_deref()?)
    }
}

/// Parses the date at the start of an ISO 8601 date or date-time (`2030-12-31`,
/// `2030-12-31T00:00:00Z`).
pub fn parse_iso_date(text: &str) -> Option<(i32, u32, u32)> {
    let text = text.trim();
    let date = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// The level of support a component receives from its supplier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SupportLevel {
    /// Actively maintained: security fixes are provided.
    Active,
    /// Limited: only some fixes (e.g. critical security fixes) are provided.
    Limited,
    /// No longer maintained by its supplier (end of support / end of life).
    None,
    /// Maintained by the device manufacturer instead of the original supplier.
    Manufacturer,
    /// Not known.
    Unknown,
}

impl SupportLevel {
    /// The keyword written in SBOM properties.
    pub fn as_str(self) -> &'static str {
        match self {
            SupportLevel::Active => "active",
            SupportLevel::Limited => "limited",
            SupportLevel::None => "none",
            SupportLevel::Manufacturer => "manufacturer",
            SupportLevel::Unknown => "unknown",
        }
    }

    /// Interprets a level as written: the keywords above and common phrasings (`supported`,
    /// `actively maintained`, `security fixes only`, `EOL`, `end of life`, `unsupported`,
    /// `abandoned`, `maintained by manufacturer`), case-insensitively.
    pub fn parse(text: &str) -> Option<SupportLevel> {
        let t = text.trim().to_ascii_lowercase().replace(['_', '-'], " ");
        let has = |w: &str| t.split_whitespace().any(|x| x == w);
        let level = if t == "unknown" || t.is_empty() {
            SupportLevel::Unknown
        } else if has("manufacturer") || has("mdm") {
            SupportLevel::Manufacturer
        } else if has("eol")
            || t.contains("end of life")
            || t.contains("end of support")
            || has("unsupported")
            || has("abandoned")
            || has("deprecated")
            || t == "none"
            || t.contains("no longer")
            || t.contains("not maintained")
            || t.contains("unmaintained")
        {
            SupportLevel::None
        } else if has("limited")
            || has("partial")
            || t.contains("security only")
            || t.contains("security fixes only")
            || has("extended")
        {
            SupportLevel::Limited
        } else if has("active")
            || has("actively")
            || has("supported")
            || has("maintained")
            || has("full")
        {
            SupportLevel::Active
        } else {
            return None;
        };
        Some(level)
    }
}

/// A name/value pair carried through from the document (CycloneDX property, SPDX annotation).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Property {
    /// The name.
    pub name: String,
    /// The value.
    pub value: String,
}

/// One component of the product.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// The document-local reference (CycloneDX `bom-ref`, SPDX `SPDXID`); unique in the SBOM.
    pub bom_ref: String,
    /// What kind of thing it is.
    pub kind: ComponentKind,
    /// The name.
    pub name: String,
    /// The group or vendor namespace (CycloneDX `group`, e.g. a Maven groupId).
    pub group: Option<String>,
    /// The version as the document writes it.
    pub version: Option<String>,
    /// The Package URL, as written.
    pub purl: Option<String>,
    /// The CPE (2.3 formatted string or 2.2 URI), as written.
    pub cpe: Option<String>,
    /// Further CPEs (SPDX allows several `cpe23Type` references).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_cpes: Vec<String>,
    /// The SWID tag.
    pub swid: Option<Box<Swid>>,
    /// Other unique identifiers (OmniBOR, SWHID, ...) as `(scheme, value)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_identifiers: Vec<(String, String)>,
    /// Hashes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<Hash>,
    /// The supplier (NTIA "supplier name").
    pub supplier: Option<Box<Party>>,
    /// The manufacturer, when it differs from the supplier.
    pub manufacturer: Option<Box<Party>>,
    /// The author(s) of the component, as free text.
    pub author: Option<String>,
    /// The publisher.
    pub publisher: Option<String>,
    /// Licences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<LicenseChoice>,
    /// Copyright text.
    pub copyright: Option<String>,
    /// A description.
    pub description: Option<String>,
    /// Run-time scope.
    pub scope: Option<Scope>,
    /// The `bom_ref` of the component this one is nested in (CycloneDX nested components, SPDX
    /// `CONTAINS`), if any.
    pub parent: Option<String>,
    /// Where the component can be downloaded (SPDX `downloadLocation`).
    pub download_location: Option<String>,
    /// External references.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_references: Vec<ExternalReference>,
    /// Level of support and end-of-support date.
    #[serde(default, skip_serializing_if = "Support::is_empty")]
    pub support: Support,
    /// Properties carried through unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
}

/// The kind of a dependency edge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DependencyKind {
    /// `from` depends on (uses) `to` (CycloneDX `dependsOn`, SPDX `DEPENDS_ON`).
    #[default]
    DependsOn,
    /// `from` contains `to` (SPDX `CONTAINS`, CycloneDX nesting).
    Contains,
    /// `to` is a build or development dependency of `from`.
    BuildDependency,
    /// `from` is statically linked with `to`.
    StaticLink,
    /// `from` is dynamically linked with `to`.
    DynamicLink,
    /// `to` is an optional dependency of `from`.
    OptionalDependency,
    /// `from` describes `to` (the document's subject; SPDX `DESCRIBES`).
    Describes,
    /// Any other relationship, named as SPDX names it.
    Other,
}

/// One edge of the dependency graph between two `bom_ref`s.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dependency {
    /// The depending component.
    pub from: String,
    /// The component depended on.
    pub to: String,
    /// The kind of edge.
    pub kind: DependencyKind,
}

/// Something in a source document that the model did not keep, for conversion reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmapped {
    /// Where it was (JSON pointer, XML path or tag-value line).
    pub location: String,
    /// What it was.
    pub what: String,
}

/// A format-neutral SBOM.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sbom {
    /// The source format.
    pub format: Option<SbomFormat>,
    /// The source serialisation.
    pub encoding: Option<Encoding>,
    /// The specification version of the source (`1.6`, `2.3`, ...).
    pub spec_version: Option<String>,
    /// The document identity (CycloneDX `serialNumber`, SPDX `documentNamespace`).
    pub serial_number: Option<String>,
    /// The document revision (CycloneDX `version`).
    pub version: Option<u32>,
    /// The document name (SPDX `name`).
    pub name: Option<String>,
    /// When the SBOM data was assembled (RFC 3339).
    pub timestamp: Option<String>,
    /// The authors of the SBOM data (NTIA "author"; SPDX `Creator: Person/Organization`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Party>,
    /// Tools that produced the SBOM.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<Tool>,
    /// The supplier of the described product.
    pub supplier: Option<Party>,
    /// The manufacturer of the described product.
    pub manufacturer: Option<Party>,
    /// The data licence of the document (SPDX `dataLicense`).
    pub data_license: Option<String>,
    /// The `bom_ref`s of the described product (CycloneDX `metadata.component`, SPDX
    /// `DESCRIBES`). Usually one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject: Vec<String>,
    /// Every component, the described product included, flattened; nesting is in
    /// [`Component::parent`].
    pub components: Vec<Component>,
    /// The dependency graph.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Dependency>,
    /// Document-level external references.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_references: Vec<ExternalReference>,
    /// Document-level properties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
    /// What the reader saw but the model does not hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmapped: Vec<Unmapped>,
}

impl Sbom {
    /// The component with `bom_ref`, if any.
    pub fn component(&self, bom_ref: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.bom_ref == bom_ref)
    }

    /// The described product's components (usually one).
    pub fn subjects(&self) -> impl Iterator<Item = &Component> {
        self.subject.iter().filter_map(|r| self.component(r))
    }

    /// Components other than the described product.
    pub fn parts(&self) -> impl Iterator<Item = &Component> {
        self.components
            .iter()
            .filter(|c| !self.subject.contains(&c.bom_ref))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_levels_parse_synonyms() {
        assert_eq!(SupportLevel::parse("End of Life"), Some(SupportLevel::None));
        assert_eq!(SupportLevel::parse("ACTIVE"), Some(SupportLevel::Active));
        assert_eq!(
            SupportLevel::parse("Actively maintained"),
            Some(SupportLevel::Active)
        );
        assert_eq!(
            SupportLevel::parse("No longer maintained"),
            Some(SupportLevel::None)
        );
        assert_eq!(
            SupportLevel::parse("Security fixes only"),
            Some(SupportLevel::Limited)
        );
        assert_eq!(SupportLevel::parse("sometimes"), None);
        for level in [
            SupportLevel::Active,
            SupportLevel::Limited,
            SupportLevel::None,
            SupportLevel::Manufacturer,
            SupportLevel::Unknown,
        ] {
            assert_eq!(SupportLevel::parse(level.as_str()), Some(level));
        }
    }

    #[test]
    fn iso_dates() {
        assert_eq!(parse_iso_date("2030-12-31"), Some((2030, 12, 31)));
        assert_eq!(parse_iso_date("2024-02-29T00:00:00Z"), Some((2024, 2, 29)));
        assert_eq!(parse_iso_date("2023-02-29"), None);
        assert_eq!(parse_iso_date("Open source"), None);
        assert_eq!(parse_iso_date("2030-12-31x"), None);
        let s = Support {
            level: Some("Actively maintained".into()),
            end_of_support: Some("Until hardware support ends".into()),
        };
        assert_eq!(s.level_kind(), Some(SupportLevel::Active));
        assert_eq!(s.end_of_support_date(), None);
    }

    #[test]
    fn subject_and_parts() {
        let sbom = Sbom {
            subject: vec!["pump".into()],
            components: vec![
                Component {
                    bom_ref: "pump".into(),
                    name: "Infusion pump".into(),
                    kind: ComponentKind::Device,
                    ..Component::default()
                },
                Component {
                    bom_ref: "rtos".into(),
                    name: "FreeRTOS".into(),
                    ..Component::default()
                },
            ],
            ..Sbom::default()
        };
        assert_eq!(
            sbom.subjects().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["Infusion pump"]
        );
        assert_eq!(
            sbom.parts().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["FreeRTOS"]
        );
    }
}
