//! A finding: one component affected by one vulnerability, with the evidence of the match.
//!
//! The JSON shape of [`Finding`] is the `medcyber scan --format json` contract that other tools
//! are built against: `component`, `vulnerability`, `source`, `severity`, `kev`, `epss`,
//! `fixed_versions`, `evidence` and, when a VEX statement or an ignore rule applies,
//! `suppressed_by`.

use serde::{Deserialize, Serialize};

use crate::advisory::{EpssScore, KevEntry, SeverityScore, Source};

/// The component a finding is about, as the SBOM names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FindingComponent {
    /// The component's `bom-ref` (CycloneDX) or SPDXID.
    pub bom_ref: String,
    /// The name.
    pub name: String,
    /// The version.
    pub version: Option<String>,
    /// The purl the match used (or the component's purl).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// The CPE the match used (or the component's first CPE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpe: Option<String>,
}

/// The vulnerability a finding is about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FindingVulnerability {
    /// The advisory's id in its source.
    pub id: String,
    /// Every other id of the same vulnerability.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The advisory's summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// How a component was matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The purl, with the ecosystem's version ordering (OSV ranges).
    Purl,
    /// A CPE, against NVD configurations.
    Cpe,
    /// Vendor/product/model against a product tree (CSAF) or a CVE 5 `affected` entry.
    Product,
}

/// How sure a match is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// A guess worth a look: the advisory names the product but not versions the component can
    /// be compared with, or a condition of the advisory could not be checked.
    Low,
    /// The identity matches and the version is in range, but with a caveat the evidence names
    /// (a distribution release not known, a CPE range compared without an ecosystem ordering).
    Medium,
    /// The identity matches exactly and the version is in range by the ecosystem's own ordering.
    High,
}

/// Why a finding is not counted (a VEX statement or an ignore rule).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Suppression {
    /// `vex` or `ignore`.
    pub kind: String,
    /// The VEX status (`not_affected`, `fixed`) or the ignore rule's id.
    pub status: String,
    /// The VEX justification label (`component_not_present`, `code_not_reachable`, ...).
    pub justification: Option<String>,
    /// The VEX impact statement or analysis detail, or the ignore rule's reason and expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// What the supplier says to do (a VEX action statement or CycloneDX response).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Where the statement came from (file).
    pub source: String,
}

/// One component affected by one vulnerability, per one source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The component.
    pub component: FindingComponent,
    /// The vulnerability.
    pub vulnerability: FindingVulnerability,
    /// The source whose record matched.
    pub source: Source,
    /// The database within the source (`Go`, `PyPA`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// Every severity assessment the matched record carries, with its assessor.
    #[serde(default)]
    pub severity: Vec<SeverityScore>,
    /// The highest qualitative severity among them (`critical`, `high`, ...), if any is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity_level: Option<crate::Severity>,
    /// True when one of the vulnerability's CVE ids is in CISA's KEV catalog.
    pub kev: bool,
    /// The KEV entry, when `kev`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kev_entry: Option<KevEntry>,
    /// The EPSS score of the vulnerability's CVE, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epss: Option<EpssScore>,
    /// Versions that fix it, as the record gives them.
    #[serde(default)]
    pub fixed_versions: Vec<String>,
    /// One line saying why this matched: which identifier, which range or configuration.
    pub evidence: String,
    /// How it matched.
    pub match_kind: MatchKind,
    /// How sure the match is.
    pub confidence: Confidence,
    /// Set when a VEX statement or an ignore rule suppresses the finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed_by: Option<Suppression>,
}
