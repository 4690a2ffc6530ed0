//! CVSS 3.0 and 3.1 (the specification documents, §7 and Appendix A).

use std::fmt;

use crate::metrics::{self, Def, def};
use crate::{CvssError, Scores, Version};

pub(crate) const DEFS: &[Def] = &[
    def(
        "AV",
        &["N", "A", "L", "P"],
        true,
        "attackVector",
        &["NETWORK", "ADJACENT_NETWORK", "LOCAL", "PHYSICAL"],
    ),
    def(
        "AC",
        &["L", "H"],
        true,
        "attackComplexity",
        &["LOW", "HIGH"],
    ),
    def(
        "PR",
        &["N", "L", "H"],
        true,
        "privilegesRequired",
        &["NONE", "LOW", "HIGH"],
    ),
    def(
        "UI",
        &["N", "R"],
        true,
        "userInteraction",
        &["NONE", "REQUIRED"],
    ),
    def("S", &["U", "C"], true, "scope", &["UNCHANGED", "CHANGED"]),
    def(
        "C",
        &["H", "L", "N"],
        true,
        "confidentialityImpact",
        &["HIGH", "LOW", "NONE"],
    ),
    def(
        "I",
        &["H", "L", "N"],
        true,
        "integrityImpact",
        &["HIGH", "LOW", "NONE"],
    ),
    def(
        "A",
        &["H", "L", "N"],
        true,
        "availabilityImpact",
        &["HIGH", "LOW", "NONE"],
    ),
    def(
        "E",
        &["X", "H", "F", "P", "U"],
        false,
        "exploitCodeMaturity",
        &[
            "NOT_DEFINED",
            "HIGH",
            "FUNCTIONAL",
            "PROOF_OF_CONCEPT",
            "UNPROVEN",
        ],
    ),
    def(
        "RL",
        &["X", "U", "W", "T", "O"],
        false,
        "remediationLevel",
        &[
            "NOT_DEFINED",
            "UNAVAILABLE",
            "WORKAROUND",
            "TEMPORARY_FIX",
            "OFFICIAL_FIX",
        ],
    ),
    def(
        "RC",
        &["X", "C", "R", "U"],
        false,
        "reportConfidence",
        &["NOT_DEFINED", "CONFIRMED", "REASONABLE", "UNKNOWN"],
    ),
    def(
        "CR",
        &["X", "H", "M", "L"],
        false,
        "confidentialityRequirement",
        &["NOT_DEFINED", "HIGH", "MEDIUM", "LOW"],
    ),
    def(
        "IR",
        &["X", "H", "M", "L"],
        false,
        "integrityRequirement",
        &["NOT_DEFINED", "HIGH", "MEDIUM", "LOW"],
    ),
    def(
        "AR",
        &["X", "H", "M", "L"],
        false,
        "availabilityRequirement",
        &["NOT_DEFINED", "HIGH", "MEDIUM", "LOW"],
    ),
    def(
        "MAV",
        &["X", "N", "A", "L", "P"],
        false,
        "modifiedAttackVector",
        &[
            "NOT_DEFINED",
            "NETWORK",
            "ADJACENT_NETWORK",
            "LOCAL",
            "PHYSICAL",
        ],
    ),
    def(
        "MAC",
        &["X", "L", "H"],
        false,
        "modifiedAttackComplexity",
        &["NOT_DEFINED", "LOW", "HIGH"],
    ),
    def(
        "MPR",
        &["X", "N", "L", "H"],
        false,
        "modifiedPrivilegesRequired",
        &["NOT_DEFINED", "NONE", "LOW", "HIGH"],
    ),
    def(
        "MUI",
        &["X", "N", "R"],
        false,
        "modifiedUserInteraction",
        &["NOT_DEFINED", "NONE", "REQUIRED"],
    ),
    def(
        "MS",
        &["X", "U", "C"],
        false,
        "modifiedScope",
        &["NOT_DEFINED", "UNCHANGED", "CHANGED"],
    ),
    def(
        "MC",
        &["X", "H", "L", "N"],
        false,
        "modifiedConfidentialityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
    def(
        "MI",
        &["X", "H", "L", "N"],
        false,
        "modifiedIntegrityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
    def(
        "MA",
        &["X", "H", "L", "N"],
        false,
        "modifiedAvailabilityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
];

const AV: [f64; 4] = [0.85, 0.62, 0.55, 0.2];
const AC: [f64; 2] = [0.77, 0.44];
const PR_UNCHANGED: [f64; 3] = [0.85, 0.62, 0.27];
const PR_CHANGED: [f64; 3] = [0.85, 0.68, 0.5];
const UI: [f64; 2] = [0.85, 0.62];
const CIA: [f64; 3] = [0.56, 0.22, 0.0];
const E: [f64; 5] = [1.0, 1.0, 0.97, 0.94, 0.91];
const RL: [f64; 5] = [1.0, 1.0, 0.97, 0.96, 0.95];
const RC: [f64; 4] = [1.0, 1.0, 0.96, 0.92];
const REQ: [f64; 4] = [1.0, 1.5, 1.0, 0.5];

/// A CVSS 3.0 or 3.1 vector. Metrics may come in any order after the prefix, as the
/// specification's calculators accept them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vector {
    version: Version,
    values: Vec<Option<u8>>,
}

/// 3.1 `Roundup` (Appendix A): the smallest one-decimal number not below `x`, computed on
/// integers so that binary floating point cannot push it up a step.
fn roundup_31(x: f64) -> f64 {
    let int_input = (x * 100_000.0).round() as i64;
    if int_input % 10_000 == 0 {
        int_input as f64 / 100_000.0
    } else {
        ((int_input / 10_000) + 1) as f64 / 10.0
    }
}

/// 3.0 round up: the smallest one-decimal number not below `x` (3.0 defines no guard against
/// floating-point error; values within 1e-9 of a step are taken as on it, as exact decimal
/// arithmetic has them).
fn roundup_30(x: f64) -> f64 {
    ((x * 10.0) - 1e-9).ceil() / 10.0
}

impl Vector {
    /// The index of each metric's value in the version's table, `None` where absent.
    pub(crate) fn values(&self) -> &[Option<u8>] {
        &self.values
    }

    /// Parses `CVSS:3.0/…` or `CVSS:3.1/…`.
    pub fn parse(vector: &str) -> Result<Vector, CvssError> {
        let version = if vector.starts_with("CVSS:3.1/") {
            Version::V3_1
        } else if vector.starts_with("CVSS:3.0/") {
            Version::V3_0
        } else {
            let end = vector.find('/').unwrap_or(vector.len());
            return Err(metrics::error(
                vector,
                0,
                format!("unknown CVSS version prefix `{}`", &vector[..end]),
            ));
        };
        Ok(Vector {
            version,
            values: metrics::parse(vector, "CVSS:3.x/".len(), DEFS, false)?,
        })
    }

    /// The version (3.0 or 3.1).
    pub fn version(&self) -> Version {
        self.version
    }

    fn roundup(&self, x: f64) -> f64 {
        if self.version == Version::V3_1 {
            roundup_31(x)
        } else {
            roundup_30(x)
        }
    }

    fn get(&self, i: usize) -> usize {
        usize::from(self.values[i].unwrap_or(0))
    }

    /// A modified metric's value in the base metric's row: the base value when Not Defined.
    fn modified(&self, modified: usize, base: usize) -> usize {
        match self.values[modified] {
            Some(0) | None => self.get(base),
            Some(v) => usize::from(v) - 1,
        }
    }

    /// The scores; temporal and environmental always, with absent metrics Not Defined.
    pub fn scores(&self) -> Scores {
        let changed = self.get(4) == 1;
        let iss =
            1.0 - (1.0 - CIA[self.get(5)]) * (1.0 - CIA[self.get(6)]) * (1.0 - CIA[self.get(7)]);
        let impact = if changed {
            7.52 * (iss - 0.029) - 3.25 * (iss - 0.02).powi(15)
        } else {
            6.42 * iss
        };
        let pr = if changed { PR_CHANGED } else { PR_UNCHANGED };
        let exploitability =
            8.22 * AV[self.get(0)] * AC[self.get(1)] * pr[self.get(2)] * UI[self.get(3)];
        let base = if impact <= 0.0 {
            0.0
        } else if changed {
            self.roundup((1.08 * (impact + exploitability)).min(10.0))
        } else {
            self.roundup((impact + exploitability).min(10.0))
        };
        let temporal_factor = E[self.get(8)] * RL[self.get(9)] * RC[self.get(10)];
        let temporal = self.roundup(base * temporal_factor);

        let m_changed = self.modified(18, 4) == 1;
        let req = |i: usize| REQ[self.get(i)];
        let miss = (1.0
            - (1.0 - req(11) * CIA[self.modified(19, 5)])
                * (1.0 - req(12) * CIA[self.modified(20, 6)])
                * (1.0 - req(13) * CIA[self.modified(21, 7)]))
        .min(0.915);
        let m_impact = if m_changed {
            if self.version == Version::V3_1 {
                7.52 * (miss - 0.029) - 3.25 * (miss * 0.9731 - 0.02).powi(13)
            } else {
                7.52 * (miss - 0.029) - 3.25 * (miss - 0.02).powi(15)
            }
        } else {
            6.42 * miss
        };
        let m_pr = if m_changed { PR_CHANGED } else { PR_UNCHANGED };
        let m_exploitability = 8.22
            * AV[self.modified(14, 0)]
            * AC[self.modified(15, 1)]
            * m_pr[self.modified(16, 2)]
            * UI[self.modified(17, 3)];
        let environmental = if m_impact <= 0.0 {
            0.0
        } else if m_changed {
            self.roundup(
                self.roundup((1.08 * (m_impact + m_exploitability)).min(10.0)) * temporal_factor,
            )
        } else {
            self.roundup(self.roundup((m_impact + m_exploitability).min(10.0)) * temporal_factor)
        };
        Scores {
            base_score: base,
            base_severity: crate::severity(base),
            temporal_score: Some(temporal),
            temporal_severity: Some(crate::severity(temporal)),
            environmental_score: Some(environmental),
            environmental_severity: Some(crate::severity(environmental)),
        }
    }
}

impl fmt::Display for Vector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CVSS:{}/", self.version)?;
        metrics::write(f, DEFS, &self.values, true)
    }
}
