//! Triage decisions on findings, in the CycloneDX 1.6 `vulnerabilities[].analysis` vocabulary
//! (which CSAF VEX and OpenVEX statements are mapped to when published).

use serde::{Deserialize, Serialize};

/// The analysis state (CycloneDX `impactAnalysisState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnalysisState {
    /// Fixed (CSAF `fixed`).
    Resolved,
    /// Fixed, with pedigree showing the change.
    ResolvedWithPedigree,
    /// Affected (CSAF `known_affected`).
    Exploitable,
    /// Under investigation (CSAF `under_investigation`).
    InTriage,
    /// The match is wrong: the component is not the one the advisory names.
    FalsePositive,
    /// Present but not exploitable in this product (CSAF `known_not_affected`); needs a
    /// justification.
    NotAffected,
}

impl AnalysisState {
    /// Every state.
    pub const ALL: [AnalysisState; 6] = [
        AnalysisState::Resolved,
        AnalysisState::ResolvedWithPedigree,
        AnalysisState::Exploitable,
        AnalysisState::InTriage,
        AnalysisState::FalsePositive,
        AnalysisState::NotAffected,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            AnalysisState::Resolved => "resolved",
            AnalysisState::ResolvedWithPedigree => "resolved_with_pedigree",
            AnalysisState::Exploitable => "exploitable",
            AnalysisState::InTriage => "in_triage",
            AnalysisState::FalsePositive => "false_positive",
            AnalysisState::NotAffected => "not_affected",
        }
    }

    /// The state of a wire name.
    pub fn parse(name: &str) -> Option<AnalysisState> {
        AnalysisState::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// Why a component is not affected (CycloneDX `impactAnalysisJustification`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Justification {
    /// The vulnerable code is not in the component.
    CodeNotPresent,
    /// The vulnerable code is never executed.
    CodeNotReachable,
    /// Exploitation needs a configuration the product does not have.
    RequiresConfiguration,
    /// Exploitation needs a dependency the product does not have.
    RequiresDependency,
    /// Exploitation needs an environment the product does not run in.
    RequiresEnvironment,
    /// Compiler protections prevent exploitation.
    ProtectedByCompiler,
    /// Runtime protections prevent exploitation.
    ProtectedAtRuntime,
    /// Perimeter protections prevent exploitation.
    ProtectedAtPerimeter,
    /// Another control mitigates it.
    ProtectedByMitigatingControl,
}

impl Justification {
    /// Every justification.
    pub const ALL: [Justification; 9] = [
        Justification::CodeNotPresent,
        Justification::CodeNotReachable,
        Justification::RequiresConfiguration,
        Justification::RequiresDependency,
        Justification::RequiresEnvironment,
        Justification::ProtectedByCompiler,
        Justification::ProtectedAtRuntime,
        Justification::ProtectedAtPerimeter,
        Justification::ProtectedByMitigatingControl,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Justification::CodeNotPresent => "code_not_present",
            Justification::CodeNotReachable => "code_not_reachable",
            Justification::RequiresConfiguration => "requires_configuration",
            Justification::RequiresDependency => "requires_dependency",
            Justification::RequiresEnvironment => "requires_environment",
            Justification::ProtectedByCompiler => "protected_by_compiler",
            Justification::ProtectedAtRuntime => "protected_at_runtime",
            Justification::ProtectedAtPerimeter => "protected_at_perimeter",
            Justification::ProtectedByMitigatingControl => "protected_by_mitigating_control",
        }
    }

    /// The justification of a wire name.
    pub fn parse(name: &str) -> Option<Justification> {
        Justification::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// What the manufacturer does about it (CycloneDX `impactAnalysisResponse`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// It cannot be fixed.
    CanNotFix,
    /// It will not be fixed.
    WillNotFix,
    /// Update to a fixed version.
    Update,
    /// Roll back to an unaffected version.
    Rollback,
    /// A workaround is available.
    WorkaroundAvailable,
}

impl Response {
    /// Every response.
    pub const ALL: [Response; 5] = [
        Response::CanNotFix,
        Response::WillNotFix,
        Response::Update,
        Response::Rollback,
        Response::WorkaroundAvailable,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Response::CanNotFix => "can_not_fix",
            Response::WillNotFix => "will_not_fix",
            Response::Update => "update",
            Response::Rollback => "rollback",
            Response::WorkaroundAvailable => "workaround_available",
        }
    }

    /// The response of a wire name.
    pub fn parse(name: &str) -> Option<Response> {
        Response::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// One triage decision, as recorded (decisions are never edited: a new one supersedes the
/// previous, and the history keeps every one with its author).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub org: String,
    /// The product version it is for; none when it applies to every version of the
    /// organisation with the same component and vulnerability (now and in future uploads).
    pub product_version: Option<String>,
    /// The component's identity: its purl, else `name@version`.
    pub component: String,
    /// The vulnerability id.
    pub vulnerability: String,
    /// The state.
    pub state: AnalysisState,
    /// Why it is not affected.
    pub justification: Option<Justification>,
    /// What is done about it.
    pub response: Vec<Response>,
    /// Free text: the reasoning, the evidence.
    pub detail: String,
    /// Who decided (`user:<email>`).
    pub author: String,
    /// When (RFC 3339 UTC).
    pub at: String,
}
