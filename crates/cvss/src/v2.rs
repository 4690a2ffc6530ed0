//! CVSS 2.0 (the *Complete Guide to the CVSS Version 2*, §3.2 equations).

use std::fmt;

use crate::metrics::{self, Def, def, round1};
use crate::{CvssError, Scores};

pub(crate) const DEFS: &[Def] = &[
    def(
        "AV",
        &["L", "A", "N"],
        true,
        "accessVector",
        &["LOCAL", "ADJACENT_NETWORK", "NETWORK"],
    ),
    def(
        "AC",
        &["H", "M", "L"],
        true,
        "accessComplexity",
        &["HIGH", "MEDIUM", "LOW"],
    ),
    def(
        "Au",
        &["M", "S", "N"],
        true,
        "authentication",
        &["MULTIPLE", "SINGLE", "NONE"],
    ),
    def(
        "C",
        &["N", "P", "C"],
        true,
        "confidentialityImpact",
        &["NONE", "PARTIAL", "COMPLETE"],
    ),
    def(
        "I",
        &["N", "P", "C"],
        true,
        "integrityImpact",
        &["NONE", "PARTIAL", "COMPLETE"],
    ),
    def(
        "A",
        &["N", "P", "C"],
        true,
        "availabilityImpact",
        &["NONE", "PARTIAL", "COMPLETE"],
    ),
    def(
        "E",
        &["U", "POC", "F", "H", "ND"],
        false,
        "exploitability",
        &[
            "UNPROVEN",
            "PROOF_OF_CONCEPT",
            "FUNCTIONAL",
            "HIGH",
            "NOT_DEFINED",
        ],
    ),
    def(
        "RL",
        &["OF", "TF", "W", "U", "ND"],
        false,
        "remediationLevel",
        &[
            "OFFICIAL_FIX",
            "TEMPORARY_FIX",
            "WORKAROUND",
            "UNAVAILABLE",
            "NOT_DEFINED",
        ],
    ),
    def(
        "RC",
        &["UC", "UR", "C", "ND"],
        false,
        "reportConfidence",
        &["UNCONFIRMED", "UNCORROBORATED", "CONFIRMED", "NOT_DEFINED"],
    ),
    def(
        "CDP",
        &["N", "L", "LM", "MH", "H", "ND"],
        false,
        "collateralDamagePotential",
        &[
            "NONE",
            "LOW",
            "LOW_MEDIUM",
            "MEDIUM_HIGH",
            "HIGH",
            "NOT_DEFINED",
        ],
    ),
    def(
        "TD",
        &["N", "L", "M", "H", "ND"],
        false,
        "targetDistribution",
        &["NONE", "LOW", "MEDIUM", "HIGH", "NOT_DEFINED"],
    ),
    def(
        "CR",
        &["L", "M", "H", "ND"],
        false,
        "confidentialityRequirement",
        &["LOW", "MEDIUM", "HIGH", "NOT_DEFINED"],
    ),
    def(
        "IR",
        &["L", "M", "H", "ND"],
        false,
        "integrityRequirement",
        &["LOW", "MEDIUM", "HIGH", "NOT_DEFINED"],
    ),
    def(
        "AR",
        &["L", "M", "H", "ND"],
        false,
        "availabilityRequirement",
        &["LOW", "MEDIUM", "HIGH", "NOT_DEFINED"],
    ),
];

const AV: [f64; 3] = [0.395, 0.646, 1.0];
const AC: [f64; 3] = [0.35, 0.61, 0.71];
const AU: [f64; 3] = [0.45, 0.56, 0.704];
const IMPACT: [f64; 3] = [0.0, 0.275, 0.660];
const E: [f64; 5] = [0.85, 0.9, 0.95, 1.0, 1.0];
const RL: [f64; 5] = [0.87, 0.90, 0.95, 1.0, 1.0];
const RC: [f64; 4] = [0.90, 0.95, 1.0, 1.0];
const CDP: [f64; 6] = [0.0, 0.1, 0.3, 0.4, 0.5, 0.0];
const TD: [f64; 5] = [0.0, 0.25, 0.75, 1.0, 1.0];
const REQ: [f64; 4] = [0.5, 1.0, 1.51, 1.0];

/// A CVSS 2.0 vector (no prefix; metrics in any order, as the v2 guide's examples and NVD
/// data use them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vector {
    values: Vec<Option<u8>>,
}

impl Vector {
    /// The index of each metric's value in the version's table, `None` where absent.
    pub(crate) fn values(&self) -> &[Option<u8>] {
        &self.values
    }

    /// Parses `AV:N/AC:L/Au:N/C:P/I:P/A:P[/E:…][/CDP:…]`.
    pub fn parse(vector: &str) -> Result<Vector, CvssError> {
        Ok(Vector {
            values: metrics::parse(vector, 0, DEFS, false)?,
        })
    }

    fn get(&self, i: usize) -> usize {
        usize::from(self.values[i].unwrap_or(0))
    }

    /// A temporal or environmental value, Not Defined when absent.
    fn opt(&self, i: usize, not_defined: usize) -> usize {
        self.values[i].map_or(not_defined, usize::from)
    }

    /// Whether the vector defines a metric of the group: one given with a value other than
    /// `ND` (Not Defined), as the reference implementations read it.
    fn has_any(&self, range: std::ops::Range<usize>) -> bool {
        self.values[range.clone()]
            .iter()
            .zip(&DEFS[range])
            .any(|(v, d)| v.is_some_and(|i| d.values[usize::from(i)] != "ND"))
    }

    fn base_with(&self, impact: f64) -> f64 {
        let exploitability = 20.0 * AV[self.get(0)] * AC[self.get(1)] * AU[self.get(2)];
        let f = if impact == 0.0 { 0.0 } else { 1.176 };
        round1(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f)
    }

    fn temporal_factor(&self) -> f64 {
        E[self.opt(6, 4)] * RL[self.opt(7, 4)] * RC[self.opt(8, 3)]
    }

    /// The scores.
    pub fn scores(&self) -> Scores {
        let (c, i, a) = (
            IMPACT[self.get(3)],
            IMPACT[self.get(4)],
            IMPACT[self.get(5)],
        );
        let impact = 10.41 * (1.0 - (1.0 - c) * (1.0 - i) * (1.0 - a));
        let base = self.base_with(impact).max(0.0);
        let temporal = self
            .has_any(6..9)
            .then(|| round1(base * self.temporal_factor()));
        let environmental = self.has_any(9..14).then(|| {
            let (cr, ir, ar) = (
                REQ[self.opt(11, 3)],
                REQ[self.opt(12, 3)],
                REQ[self.opt(13, 3)],
            );
            let adjusted_impact =
                (10.41 * (1.0 - (1.0 - c * cr) * (1.0 - i * ir) * (1.0 - a * ar))).min(10.0);
            let adjusted_temporal =
                round1(self.base_with(adjusted_impact) * self.temporal_factor());
            let cdp = CDP[self.opt(9, 5)];
            let td = TD[self.opt(10, 4)];
            round1((adjusted_temporal + (10.0 - adjusted_temporal) * cdp) * td).max(0.0)
        });
        Scores {
            base_score: base,
            base_severity: crate::severity_v2(base),
            temporal_score: temporal,
            temporal_severity: temporal.map(crate::severity_v2),
            environmental_score: environmental,
            environmental_severity: environmental.map(crate::severity_v2),
        }
    }
}

impl fmt::Display for Vector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        metrics::write(f, DEFS, &self.values, true)
    }
}
