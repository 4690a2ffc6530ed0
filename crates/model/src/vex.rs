//! VEX statements: a supplier's word on whether a vulnerability affects a product, read from
//! CycloneDX VEX, OpenVEX or CSAF VEX documents into one shape.
//!
//! A statement names the vulnerability (with its aliases), the products it is about, a status
//! and, for `not_affected`, the justification. A statement about a product applies to every
//! finding of that vulnerability in the product's SBOM; a statement about a component (or a
//! product's subcomponents) applies to that component's findings only.

use serde::{Deserialize, Serialize};

use crate::advisory::ProductVersions;

/// The VEX status vocabulary (OpenVEX and CSAF; CycloneDX analysis states map onto it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VexStatus {
    /// The product is not affected.
    NotAffected,
    /// The product is affected.
    Affected,
    /// The product contains a fix.
    Fixed,
    /// The supplier is still investigating.
    UnderInvestigation,
}

impl VexStatus {
    /// The status as OpenVEX and CSAF spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            VexStatus::NotAffected => "not_affected",
            VexStatus::Affected => "affected",
            VexStatus::Fixed => "fixed",
            VexStatus::UnderInvestigation => "under_investigation",
        }
    }

    /// True for the statuses that suppress a finding (`not_affected`, `fixed`).
    pub fn suppresses(self) -> bool {
        matches!(self, VexStatus::NotAffected | VexStatus::Fixed)
    }
}

/// What a statement is about: a product or a component, named by whatever identifiers the
/// document gives.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VexProduct {
    /// A CycloneDX `bom-ref`, with the serial number of the BOM it points into when the
    /// reference is a BOM-Link (`urn:cdx:<serial>/<version>#<ref>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bom_ref: Option<String>,
    /// The serial number (`urn:uuid:...`) of the BOM a BOM-Link points into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bom_serial: Option<String>,
    /// Package URLs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purls: Vec<String>,
    /// CPEs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cpes: Vec<String>,
    /// The vendor, when the product is named rather than identified (CSAF product trees).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// The product name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Which versions of the named product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versions: Option<ProductVersions>,
    /// The components of the product the statement is about (OpenVEX `subcomponents`); empty
    /// means the product as a whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subcomponents: Vec<VexProduct>,
}

/// One VEX statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VexStatement {
    /// The vulnerability id.
    pub vulnerability: String,
    /// Its other ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The products (or components) it is about.
    pub products: Vec<VexProduct>,
    /// The status.
    pub status: VexStatus,
    /// Why not affected (`component_not_present`, `vulnerable_code_not_in_execute_path`,
    /// CycloneDX `code_not_reachable`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// The impact statement or analysis detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// What to do (an action statement, a CycloneDX response).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The document it came from (a file path).
    pub source: String,
}
