//! A manufacturer's medical risk decision on a finding — the patient-harm severity (an
//! ISO 14971-style scale), the FDA postmarket controlled / uncontrolled risk decision with its
//! rationale, the date the manufacturer became aware, and which regulatory reports it deems
//! applicable — and the reports made, which stop the clocks the decision starts.

use serde::{Deserialize, Serialize};

/// The severity of the patient harm exploitation could cause (ISO 14971-style, five levels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HarmSeverity {
    /// Inconvenience or temporary discomfort.
    Negligible,
    /// Temporary injury or impairment not requiring professional intervention.
    Minor,
    /// Injury or impairment requiring professional medical intervention.
    Serious,
    /// Permanent impairment or life-threatening injury.
    Critical,
    /// Death.
    Catastrophic,
}

impl HarmSeverity {
    /// Every level, least severe first.
    pub const ALL: [HarmSeverity; 5] = [
        HarmSeverity::Negligible,
        HarmSeverity::Minor,
        HarmSeverity::Serious,
        HarmSeverity::Critical,
        HarmSeverity::Catastrophic,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            HarmSeverity::Negligible => "negligible",
            HarmSeverity::Minor => "minor",
            HarmSeverity::Serious => "serious",
            HarmSeverity::Critical => "critical",
            HarmSeverity::Catastrophic => "catastrophic",
        }
    }

    /// The level of a wire name.
    pub fn parse(name: &str) -> Option<HarmSeverity> {
        HarmSeverity::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// The FDA postmarket decision (Postmarket Management of Cybersecurity in Medical Devices,
/// 2016): whether the residual risk of patient harm is acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskControl {
    /// The residual risk of patient harm is acceptable (sufficiently low).
    Controlled,
    /// The residual risk of patient harm is not acceptable.
    Uncontrolled,
}

impl RiskControl {
    /// Both decisions.
    pub const ALL: [RiskControl; 2] = [RiskControl::Controlled, RiskControl::Uncontrolled];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskControl::Controlled => "controlled",
            RiskControl::Uncontrolled => "uncontrolled",
        }
    }

    /// The decision of a wire name.
    pub fn parse(name: &str) -> Option<RiskControl> {
        RiskControl::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// A risk decision on a finding, as recorded (decisions are never edited: a later one
/// supersedes it; the history keeps every one with its author).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskAssessment {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub org: String,
    /// The finding.
    pub finding: String,
    /// The finding's product version.
    pub product_version: String,
    /// The patient-harm severity.
    pub harm: HarmSeverity,
    /// Controlled or uncontrolled risk.
    pub control: RiskControl,
    /// Why: the clinical context, compensating controls, exploitability.
    pub rationale: String,
    /// When the manufacturer became aware (ISO 8601 date): the clocks start on it.
    pub aware: String,
    /// When a fix or mitigation became available to customers (ISO 8601 date), if it has.
    pub fix_available: Option<String>,
    /// The regulatory reports the manufacturer deems applicable (ids of
    /// `data/regulatory/*.yaml` reports).
    pub reports: Vec<String>,
    /// A controlled risk accepted until this date (ISO 8601), after which the finding is open
    /// again; the rationale is the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_until: Option<String>,
    /// Who owns the acceptance (a person or function, `Head of QA`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance_owner: Option<String>,
    /// Who decided (`user:<email>`).
    pub author: String,
    /// When (RFC 3339 UTC).
    pub at: String,
}

/// A regulatory step done for a finding (a report submitted, customers notified), which stops
/// its clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub org: String,
    /// The finding.
    pub finding: String,
    /// The clock's id (`data/regulatory/*.yaml`).
    pub clock: String,
    /// When it was done (ISO 8601 date).
    pub done: String,
    /// The reference: a report number, a letter, a link.
    pub reference: String,
    /// Who recorded it.
    pub recorded_by: String,
    /// When it was recorded (RFC 3339 UTC).
    pub at: String,
}

/// A product's CVSS environment, reused for every finding of its versions: the environmental
/// metrics (security requirements, modified base metrics) its clinical deployment implies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvssProfile {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub org: String,
    /// The product.
    pub product: String,
    /// Its name, unique in the product (`ICU, isolated VLAN`).
    pub name: String,
    /// The CVSS 3.x environmental metrics (`CR:H/IR:H/AR:H/MAV:A`), if any.
    pub v3: Option<String>,
    /// The CVSS 4.0 environmental metrics (`CR:H/MAV:A/MSI:S/MSA:S`), if any.
    pub v4: Option<String>,
    /// Why: the deployment it describes.
    pub note: String,
    /// Who created it.
    pub created_by: String,
    /// When.
    pub at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip() {
        for h in HarmSeverity::ALL {
            assert_eq!(HarmSeverity::parse(h.as_str()), Some(h));
        }
        for c in RiskControl::ALL {
            assert_eq!(RiskControl::parse(c.as_str()), Some(c));
        }
        assert!(HarmSeverity::Serious < HarmSeverity::Critical);
    }
}
