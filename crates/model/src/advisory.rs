//! Vulnerability advisories from every source, in one shape.
//!
//! An [`Advisory`] is one source's record of one vulnerability: an OSV entry, an NVD CVE, a
//! CVE 5 record, or a CSAF advisory. Records of the same vulnerability from different sources
//! stay separate (each keeps its own severity and dates, attributed to its [`Source`]); they are
//! joined through their ids and [`Advisory::aliases`] into one vulnerability view by the store.
//!
//! What is affected comes in three shapes ([`Affected`]): an ecosystem package with OSV ranges,
//! NVD CPE configurations, or a product named by vendor/product/model (CSAF product trees, CVE 5
//! `affected`). [`KevEntry`] and [`EpssScore`] are exploitation data keyed by CVE id.

use serde::{Deserialize, Serialize};

/// Where an advisory record comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// An OSV database (osv.dev, GitHub, PyPA, Go, RustSec, Bitnami, ...).
    Osv,
    /// The NVD (CVE API 2.0 or 1.1 feeds).
    Nvd,
    /// A CVE JSON 5 record (CVE Program, with CISA's ADP container).
    Cve5,
    /// A CSAF 2.0 advisory (CISA ICS/ICSMA, vendors).
    Csaf,
}

impl Source {
    /// The source's name as used on the command line (`osv`, `nvd`, `cve5`, `csaf`).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Osv => "osv",
            Source::Nvd => "nvd",
            Source::Cve5 => "cve5",
            Source::Csaf => "csaf",
        }
    }
}

/// A severity assessment: a CVSS vector (or another scale) with who made it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeverityScore {
    /// The scale: `CVSS_V2`, `CVSS_V3`, `CVSS_V4` (OSV's names), or another label.
    pub kind: String,
    /// The vector string (or the qualitative value for non-CVSS scales).
    pub vector: String,
    /// The base score as the source states it, if it does.
    pub score: Option<f64>,
    /// Who assessed it (`nvd@nist.gov`, a CNA, `CISA-ADP`, the CSAF publisher).
    pub assessor: Option<String>,
}

/// An OSV range type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RangeKind {
    /// SemVer 2.0 ordering.
    Semver,
    /// The ecosystem's own ordering.
    Ecosystem,
    /// Git commits (stored, not evaluated against versions).
    Git,
}

/// An OSV range event.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// Versions from here on are affected (`0` means from the beginning).
    Introduced(String),
    /// Versions from here on are not affected.
    Fixed(String),
    /// This version and earlier (back to the introduction) are affected.
    LastAffected(String),
    /// Versions from here on are outside the range (upper limit of the range itself).
    Limit(String),
}

/// An OSV `affected[].ranges[]` entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OsvRange {
    /// The range type.
    pub kind: RangeKind,
    /// The repository, for GIT ranges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// The events, in the order the record gives them.
    pub events: Vec<Event>,
}

/// One NVD `cpeMatch` criterion.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CpeMatch {
    /// True for a vulnerable CPE; false for a platform it runs on ("running with").
    pub vulnerable: bool,
    /// The CPE 2.3 formatted string.
    pub criteria: String,
    /// `versionStartIncluding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_start_including: Option<String>,
    /// `versionStartExcluding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_start_excluding: Option<String>,
    /// `versionEndIncluding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_end_including: Option<String>,
    /// `versionEndExcluding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_end_excluding: Option<String>,
}

/// A logical operator of NVD configurations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Operator {
    /// Every child must match.
    And,
    /// Any child must match.
    #[default]
    Or,
}

/// An NVD configuration node: an operator over CPE matches.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConfigNode {
    /// AND or OR over `matches`.
    pub operator: Operator,
    /// True when the node's result is negated.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negate: bool,
    /// The CPE criteria.
    pub matches: Vec<CpeMatch>,
}

/// An NVD configuration: nodes joined by an operator (AND for "vulnerable software running on
/// platform" configurations).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Configuration {
    /// How the nodes combine.
    pub operator: Operator,
    /// True when the configuration's result is negated.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negate: bool,
    /// The nodes.
    pub nodes: Vec<ConfigNode>,
}

/// Identifiers that name a product in a CSAF product tree or a CVE 5 `affected` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProductIdentifiers {
    /// Package URLs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purls: Vec<String>,
    /// CPEs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cpes: Vec<String>,
    /// Model numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub model_numbers: Vec<String>,
    /// Stock-keeping units.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<String>,
    /// Serial numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serial_numbers: Vec<String>,
    /// Hashes as `(algorithm, value)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<(String, String)>,
}

/// The status a source gives a product for a vulnerability.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    /// Known affected.
    #[default]
    Affected,
    /// Fixed in this product version.
    Fixed,
    /// Known not affected.
    NotAffected,
    /// Under investigation.
    UnderInvestigation,
}

/// A version constraint on a named product.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductVersions {
    /// Every version.
    All,
    /// One exact version.
    Exact(String),
    /// A vers range (`vers:generic/>=1.0|<2.0`).
    Vers(String),
    /// A free-text range the source did not structure (`<= 7.0`, `all versions prior to 3.1`).
    Text(String),
}

/// What an advisory says is affected.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Affected {
    /// An ecosystem package (OSV).
    Package {
        /// The OSV ecosystem (`npm`, `PyPI`, `Go`, `crates.io`, `Debian:12`, ...).
        ecosystem: String,
        /// The package name in the ecosystem.
        name: String,
        /// The purl, when the record gives one.
        purl: Option<String>,
        /// Affected ranges.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        ranges: Vec<OsvRange>,
        /// Explicitly affected versions.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        versions: Vec<String>,
    },
    /// NVD CPE configurations.
    Configurations {
        /// The configurations (any one matching makes a component affected).
        configurations: Vec<Configuration>,
    },
    /// A product named by vendor/product/model (CSAF, CVE 5).
    Product {
        /// The vendor.
        vendor: String,
        /// The product name.
        product: String,
        /// The product id within the source document (CSAF `product_id`).
        product_id: Option<String>,
        /// Which versions.
        versions: ProductVersions,
        /// Status for those versions.
        status: ProductStatus,
        /// Identifiers that name the product.
        #[serde(default)]
        identifiers: ProductIdentifiers,
        /// The ids of the document's vulnerabilities this status is stated for (a CSAF document
        /// covers several CVEs, each with its own product status); empty means every one.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        vulnerabilities: Vec<String>,
        /// Why the product is not affected, when the source says (a CSAF VEX flag label such
        /// as `vulnerable_code_not_present`, or the impact statement).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        justification: Option<String>,
    },
}

/// A link from an advisory.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reference {
    /// The kind (`ADVISORY`, `FIX`, `WEB`, `REPORT`, `self`, `external`, ...).
    pub kind: String,
    /// The URL.
    pub url: String,
}

/// A remediation a source offers (CSAF `remediations`, OSV fixed versions are in ranges).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Remediation {
    /// CSAF category (`vendor_fix`, `mitigation`, `workaround`, `no_fix_planned`, `none_available`).
    pub category: String,
    /// The text.
    pub details: String,
    /// A URL.
    pub url: Option<String>,
    /// The CSAF product ids it applies to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub product_ids: Vec<String>,
}

/// CISA's SSVC decision points from the CVE 5 ADP "vulnrichment" container.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ssvc {
    /// `none`, `poc` or `active`.
    pub exploitation: Option<String>,
    /// `yes` or `no`.
    pub automatable: Option<String>,
    /// `partial` or `total`.
    pub technical_impact: Option<String>,
}

/// One source's record of one vulnerability.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    /// The record's id in its source (`CVE-2024-3094`, `GHSA-...`, `GO-2023-1234`,
    /// `ICSMA-24-200-01`).
    pub id: String,
    /// The source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The database or publisher within the source (`PyPA`, `Go`, `RustSec`, `CISA`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// Other ids of the same vulnerability.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Ids of related but different vulnerabilities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// One-line summary or title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Full description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// First published (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Last modified (RFC 3339); incremental imports compare it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// Withdrawn (RFC 3339): the record no longer applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
    /// Severity assessments, each with its assessor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severity: Vec<SeverityScore>,
    /// CWE ids (`CWE-787`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cwes: Vec<String>,
    /// What is affected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affected: Vec<Affected>,
    /// References.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    /// Remediations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remediations: Vec<Remediation>,
    /// SSVC decision points (CVE 5 / CISA ADP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssvc: Option<Ssvc>,
}

impl Advisory {
    /// True when the record has been withdrawn.
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn.is_some()
    }

    /// The CVE ids among the id and aliases.
    pub fn cve_ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .filter(|id| id.starts_with("CVE-"))
    }
}

/// A CISA Known Exploited Vulnerabilities catalog entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KevEntry {
    /// The CVE id.
    pub cve: String,
    /// The vendor or project.
    pub vendor: String,
    /// The product.
    pub product: String,
    /// The vulnerability's name.
    pub name: String,
    /// When CISA added it (ISO date).
    pub date_added: String,
    /// When US federal agencies must have acted (ISO date).
    pub due_date: Option<String>,
    /// The required action.
    pub required_action: Option<String>,
    /// `Known` or `Unknown` use in ransomware campaigns.
    pub known_ransomware: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// A FIRST EPSS score.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EpssScore {
    /// The CVE id.
    pub cve: String,
    /// Probability of exploitation activity in the next 30 days (0–1).
    pub score: f64,
    /// Percentile among all scored CVEs (0–1).
    pub percentile: f64,
    /// The score date (ISO date), from the file header.
    pub date: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affected_serialises_with_a_type_tag() {
        let a = Affected::Package {
            ecosystem: "npm".into(),
            name: "lodash".into(),
            purl: None,
            ranges: vec![OsvRange {
                kind: RangeKind::Semver,
                repo: None,
                events: vec![
                    Event::Introduced("0".into()),
                    Event::Fixed("4.17.21".into()),
                ],
            }],
            versions: vec![],
        };
        let json = serde_json::to_value(&a).expect("json");
        assert_eq!(json["type"], "package");
        assert_eq!(json["ranges"][0]["events"][1]["fixed"], "4.17.21");
        let back: Affected = serde_json::from_value(json).expect("round trip");
        assert_eq!(back, a);
    }

    #[test]
    fn cve_ids() {
        let a = Advisory {
            id: "GHSA-xxxx".into(),
            aliases: vec!["CVE-2021-44228".into(), "PYSEC-1".into()],
            ..Advisory::default()
        };
        assert_eq!(a.cve_ids().collect::<Vec<_>>(), ["CVE-2021-44228"]);
    }
}
