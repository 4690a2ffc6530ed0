//! Writers that turn a scan's findings into the documents other tools and customers read:
//! SARIF 2.1.0 (code-scanning dashboards), a CycloneDX 1.6 vulnerability disclosure report
//! (VDR), a CSAF 2.0 VEX document and an OpenVEX 0.2.0 document.
//!
//! Every writer takes the same [`Context`]: the SBOM scanned, its findings (suppressed ones
//! included, with what suppressed them) and who publishes. The status each finding gets:
//!
//! | finding | CSAF / OpenVEX status | CycloneDX analysis |
//! |---|---|---|
//! | not suppressed | `known_affected` / `affected`, with the fix versions as the action | none (a VDR entry) |
//! | VEX `not_affected` | `known_not_affected` / `not_affected`, with the justification | `not_affected` |
//! | VEX `fixed` | `fixed` | `resolved` |
//! | ignore rule | affected, the rule's reason and expiry as the action (a risk acceptance does not make a product unaffected) | `exploitable`, reason in the detail |
//!
//! Justifications are translated between the CycloneDX and the CSAF/OpenVEX vocabularies with
//! the mapping of CISA's "Minimum Requirements for VEX" ([`to_csaf_justification`],
//! [`to_cyclonedx_justification`]).
#![deny(missing_docs)]

mod csaf;
mod cyclonedx;
mod openvex;
mod sarif;

use std::collections::BTreeMap;

use medcyber_model::{Component, Finding, Sbom, Severity};
use serde_json::Value;

/// What to publish and who publishes it.
pub struct Context<'a> {
    /// The SBOM scanned.
    pub sbom: &'a Sbom,
    /// Where the SBOM was read from (SARIF artifact location).
    pub sbom_uri: &'a str,
    /// Its findings, suppressed ones included.
    pub findings: &'a [Finding],
    /// The publisher / author (an organisation name).
    pub author: &'a str,
    /// The publisher's namespace (a URI; CSAF `publisher.namespace`).
    pub namespace: &'a str,
    /// When (RFC 3339).
    pub timestamp: &'a str,
    /// The medcyber version.
    pub tool_version: &'a str,
}

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// SARIF 2.1.0.
    Sarif,
    /// CycloneDX 1.6 JSON vulnerability disclosure report.
    CycloneDxVdr,
    /// CSAF 2.0 `csaf_vex`.
    CsafVex,
    /// OpenVEX 0.2.0.
    OpenVex,
}

impl Format {
    /// By command-line name (`sarif`, `cyclonedx-vdr`, `csaf-vex`, `openvex`).
    pub fn parse(name: &str) -> Option<Format> {
        Some(match name {
            "sarif" => Format::Sarif,
            "cyclonedx-vdr" => Format::CycloneDxVdr,
            "csaf-vex" => Format::CsafVex,
            "openvex" => Format::OpenVex,
            _ => return None,
        })
    }
}

/// Writes the document.
pub fn write(format: Format, ctx: &Context<'_>) -> Value {
    match format {
        Format::Sarif => sarif::write(ctx),
        Format::CycloneDxVdr => cyclonedx::write(ctx),
        Format::CsafVex => csaf::write(ctx),
        Format::OpenVex => openvex::write(ctx),
    }
}

/// A CycloneDX justification in the CSAF / OpenVEX vocabulary (CISA, "Minimum Requirements for
/// VEX", 2023, table 2); labels already in that vocabulary pass through.
pub fn to_csaf_justification(label: &str) -> Option<&'static str> {
    Some(match label {
        "code_not_present" | "vulnerable_code_not_present" => "vulnerable_code_not_present",
        "code_not_reachable" | "vulnerable_code_not_in_execute_path" => {
            "vulnerable_code_not_in_execute_path"
        }
        "requires_configuration"
        | "requires_environment"
        | "vulnerable_code_cannot_be_controlled_by_adversary" => {
            "vulnerable_code_cannot_be_controlled_by_adversary"
        }
        "requires_dependency" | "component_not_present" => "component_not_present",
        "protected_by_compiler"
        | "protected_at_runtime"
        | "protected_at_perimeter"
        | "protected_by_mitigating_control"
        | "inline_mitigations_already_exist" => "inline_mitigations_already_exist",
        _ => return None,
    })
}

/// A CSAF / OpenVEX justification in the CycloneDX vocabulary (the inverse of
/// [`to_csaf_justification`]); CycloneDX labels pass through.
pub fn to_cyclonedx_justification(label: &str) -> Option<&'static str> {
    Some(match label {
        "vulnerable_code_not_present" | "code_not_present" => "code_not_present",
        "vulnerable_code_not_in_execute_path" | "code_not_reachable" => "code_not_reachable",
        "vulnerable_code_cannot_be_controlled_by_adversary" | "requires_environment" => {
            "requires_environment"
        }
        "requires_configuration" => "requires_configuration",
        "component_not_present" | "requires_dependency" => "requires_dependency",
        "inline_mitigations_already_exist" | "protected_by_mitigating_control" => {
            "protected_by_mitigating_control"
        }
        "protected_by_compiler" => "protected_by_compiler",
        "protected_at_runtime" => "protected_at_runtime",
        "protected_at_perimeter" => "protected_at_perimeter",
        _ => return None,
    })
}

/// How a finding stands, for the VEX writers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Standing {
    Affected,
    NotAffected,
    Fixed,
}

fn standing(f: &Finding) -> Standing {
    match f.suppressed_by.as_ref() {
        Some(s) if s.kind == "vex" && s.status == "not_affected" => Standing::NotAffected,
        Some(s) if s.kind == "vex" && s.status == "fixed" => Standing::Fixed,
        _ => Standing::Affected,
    }
}

/// What to do about an affected finding: the ignore rule's reason, else the fix versions.
fn action(f: &Finding) -> String {
    match &f.suppressed_by {
        Some(s) if s.kind == "ignore" => format!(
            "Risk accepted ({}): {}",
            s.status,
            s.detail.as_deref().unwrap_or("")
        ),
        _ if !f.fixed_versions.is_empty() => format!(
            "Update {} to {} or later.",
            f.component.name,
            f.fixed_versions.join(" or ")
        ),
        _ => format!(
            "No fixed version of {} is known; see the advisory for mitigations.",
            f.component.name
        ),
    }
}

/// Findings grouped by vulnerability id, in id order.
fn by_vulnerability(findings: &[Finding]) -> BTreeMap<&str, Vec<&Finding>> {
    let mut out: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        out.entry(f.vulnerability.id.as_str()).or_default().push(f);
    }
    out
}

/// The CVE id of a finding's vulnerability: its id, else its first CVE alias.
fn cve_of(f: &Finding) -> Option<&str> {
    std::iter::once(&f.vulnerability.id)
        .chain(&f.vulnerability.aliases)
        .map(String::as_str)
        .find(|id| id.starts_with("CVE-"))
}

/// The SBOM's described product, if it names one.
fn subject(sbom: &Sbom) -> Option<&Component> {
    sbom.components
        .iter()
        .find(|c| sbom.subject.contains(&c.bom_ref))
}

/// The highest CVSS base score among a finding's severities.
fn max_score(f: &Finding) -> Option<f64> {
    f.severity
        .iter()
        .filter_map(|s| {
            medcyber_cvss::parse(&s.vector)
                .ok()
                .map(|c| c.base().0)
                .or(s.score)
        })
        .max_by(f64::total_cmp)
}

fn severity_name(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Critical) => "critical",
        Some(Severity::High) => "high",
        Some(Severity::Medium) => "medium",
        Some(Severity::Low) => "low",
        Some(Severity::None) => "none",
        None => "unknown",
    }
}

/// A deterministic UUID for a document: the same inputs give the same id.
fn document_uuid(ctx: &Context<'_>, kind: &str) -> uuid::Uuid {
    let seed = format!(
        "{kind}|{}|{}|{}",
        ctx.sbom.serial_number.as_deref().unwrap_or(ctx.sbom_uri),
        ctx.timestamp,
        ctx.findings.len()
    );
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, seed.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn justification_vocabularies_round_trip() {
        for label in [
            "vulnerable_code_not_present",
            "vulnerable_code_not_in_execute_path",
            "vulnerable_code_cannot_be_controlled_by_adversary",
            "component_not_present",
            "inline_mitigations_already_exist",
        ] {
            let cdx = to_cyclonedx_justification(label).expect("cdx");
            assert_eq!(to_csaf_justification(cdx), Some(label));
        }
        assert_eq!(to_csaf_justification("nonsense"), None);
    }
}
