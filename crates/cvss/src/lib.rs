//! CVSS 2.0, 3.0, 3.1 and 4.0: strict vector parsing and every score the specifications
//! define.
//!
//! - [`parse`] reads a vector of any version (`AV:N/AC:L/Au:N/C:P/I:P/A:P` for 2.0,
//!   `CVSS:3.0/…`, `CVSS:3.1/…`, `CVSS:4.0/…`) and rejects, with the byte position, an unknown
//!   prefix, an unknown metric or value, a duplicate, a missing mandatory metric or an empty
//!   segment.
//! - [`v2::Vector::scores`], [`v3::Vector::scores`] and [`v4::Vector::score`] compute the scores: v2 base, temporal and environmental (the latter two
//!   only when the vector defines a metric of that group, i.e. one not `ND`); v3.x base, temporal and environmental
//!   (always, with absent metrics Not Defined; 3.1's `Roundup`, 3.0's plain rounding up);
//!   v4.0 with the MacroVector lookup and interpolation of the FIRST calculator, its
//!   nomenclature (`CVSS-B`, `CVSS-BT`, `CVSS-BE`, `CVSS-BTE`) and MacroVector.
//! - Severities per version: v3.x and v4.0 by the specifications' qualitative scale; v2 by
//!   the NVD ranges (Low 0.0–3.9, Medium 4.0–6.9, High 7.0–10.0), the scale v2 is rated with.
//!
//! ```
//! use medcyber_cvss::{Cvss, Severity, parse};
//!
//! let Ok(Cvss::V3(v)) = parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P") else { panic!() };
//! let s = v.scores();
//! assert_eq!((s.base_score, s.temporal_score), (9.8, Some(9.3)));
//! assert_eq!(s.base_severity, Severity::Critical);
//!
//! let Ok(Cvss::V4(v)) = parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N") else { panic!() };
//! let s = v.score();
//! assert_eq!((s.score, s.macro_vector.as_str(), s.nomenclature), (9.3, "000200", "CVSS-B"));
//! ```
#![deny(missing_docs)]

pub mod json;
mod metrics;
pub mod rubric;
pub mod v2;
pub mod v3;
pub mod v4;

use std::fmt;

use serde::Serialize;

/// A CVSS version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Version {
    /// CVSS 2.0.
    #[serde(rename = "2.0")]
    V2,
    /// CVSS 3.0.
    #[serde(rename = "3.0")]
    V3_0,
    /// CVSS 3.1.
    #[serde(rename = "3.1")]
    V3_1,
    /// CVSS 4.0.
    #[serde(rename = "4.0")]
    V4,
}

impl Version {
    /// `"2.0"`, `"3.0"`, `"3.1"` or `"4.0"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2 => "2.0",
            Version::V3_0 => "3.0",
            Version::V3_1 => "3.1",
            Version::V4 => "4.0",
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub use medcyber_model::Severity;

/// The v3.x / v4.0 qualitative severity rating scale.
pub fn severity(score: f64) -> Severity {
    if score <= 0.0 {
        Severity::None
    } else if score < 4.0 {
        Severity::Low
    } else if score < 7.0 {
        Severity::Medium
    } else if score < 9.0 {
        Severity::High
    } else {
        Severity::Critical
    }
}

/// The v2 ratings (NVD): Low 0.0–3.9, Medium 4.0–6.9, High 7.0–10.0.
pub fn severity_v2(score: f64) -> Severity {
    if score < 4.0 {
        Severity::Low
    } else if score < 7.0 {
        Severity::Medium
    } else {
        Severity::High
    }
}

/// An invalid vector: what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at byte {position} of `{vector}`)")]
pub struct CvssError {
    /// The vector as given.
    pub vector: String,
    /// The byte offset of the offending part.
    pub position: usize,
    /// What is wrong.
    pub message: String,
}

/// A parsed vector of any version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cvss {
    /// CVSS 2.0.
    V2(v2::Vector),
    /// CVSS 3.0 or 3.1.
    V3(v3::Vector),
    /// CVSS 4.0.
    V4(v4::Vector),
}

/// The scores of a v2 or v3.x vector.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Scores {
    /// The base score.
    pub base_score: f64,
    /// Its severity.
    pub base_severity: Severity,
    /// The temporal score (v2: `None` when the vector defines no temporal metric other than `ND`).
    pub temporal_score: Option<f64>,
    /// Its severity.
    pub temporal_severity: Option<Severity>,
    /// The environmental score (v2: `None` when the vector defines no environmental metric
    /// other than `ND`).
    pub environmental_score: Option<f64>,
    /// Its severity.
    pub environmental_severity: Option<Severity>,
}

/// Parses a vector of any version.
pub fn parse(vector: &str) -> Result<Cvss, CvssError> {
    if vector.starts_with("CVSS:4.0/") {
        v4::Vector::parse(vector).map(Cvss::V4)
    } else if vector.starts_with("CVSS:3.") {
        v3::Vector::parse(vector).map(Cvss::V3)
    } else if vector.starts_with("CVSS:") {
        let end = vector.find('/').unwrap_or(vector.len());
        Err(CvssError {
            vector: vector.to_owned(),
            position: 0,
            message: format!("unknown CVSS version prefix `{}`", &vector[..end]),
        })
    } else {
        v2::Vector::parse(vector).map(Cvss::V2)
    }
}

impl Cvss {
    /// The base score and its severity (v2 on its own three-level scale).
    pub fn base(&self) -> (f64, Severity) {
        match self {
            Cvss::V2(v) => {
                let s = v.scores();
                (s.base_score, s.base_severity)
            }
            Cvss::V3(v) => {
                let s = v.scores();
                (s.base_score, s.base_severity)
            }
            Cvss::V4(v) => {
                let s = v.score();
                (s.score, s.severity)
            }
        }
    }

    /// The version.
    pub fn version(&self) -> Version {
        match self {
            Cvss::V2(_) => Version::V2,
            Cvss::V3(v) => v.version(),
            Cvss::V4(_) => Version::V4,
        }
    }
}

/// The environmental metrics of CVSS 3.x (security requirements and modified base metrics).
const ENVIRONMENTAL_V3: [&str; 11] = [
    "CR", "IR", "AR", "MAV", "MAC", "MPR", "MUI", "MS", "MC", "MI", "MA",
];

/// The environmental metrics of CVSS 4.0.
const ENVIRONMENTAL_V4: [&str; 14] = [
    "CR", "IR", "AR", "MAV", "MAC", "MAT", "MPR", "MUI", "MVC", "MVI", "MVA", "MSC", "MSI", "MSA",
];

/// A vector rescored in an environment: `vector` (CVSS 3.x or 4.0) with its own environmental
/// metrics, if any, replaced by `environment` (`CR:H/IR:H/MAV:A` …; only environmental metrics
/// of the vector's version are accepted). CVSS 2.0 is refused: its environmental group
/// differs (`CDP`, `TD`) and is not rescored here.
pub fn with_environment(vector: &str, environment: &str) -> Result<Cvss, CvssError> {
    let base = parse(vector)?;
    let allowed: &[&str] = match base {
        Cvss::V3(_) => &ENVIRONMENTAL_V3,
        Cvss::V4(_) => &ENVIRONMENTAL_V4,
        Cvss::V2(_) => {
            return Err(CvssError {
                vector: vector.to_owned(),
                position: 0,
                message: "CVSS 2.0 vectors are not rescored in an environment".to_owned(),
            });
        }
    };
    let environment = environment.trim().trim_matches('/');
    let mut position = 0;
    for part in environment.split('/').filter(|p| !p.is_empty()) {
        let key = part.split(':').next().unwrap_or(part);
        if !allowed.contains(&key) {
            return Err(CvssError {
                vector: environment.to_owned(),
                position,
                message: format!(
                    "`{key}` is not an environmental metric of CVSS {}",
                    base.version().as_str()
                ),
            });
        }
        position += part.len() + 1;
    }
    let kept: Vec<&str> = vector
        .split('/')
        .filter(|part| {
            let key = part.split(':').next().unwrap_or(part);
            !allowed.contains(&key)
        })
        .collect();
    let mut combined = kept.join("/");
    if !environment.is_empty() {
        combined.push('/');
        combined.push_str(environment);
    }
    parse(&combined)
}

impl Cvss {
    /// The score in the vector's environment and its severity: v3.x's environmental score, v4.0's
    /// score (which takes the environmental metrics into account), v2's environmental score when
    /// it defines one, else its base score.
    pub fn environmental(&self) -> (f64, Severity) {
        match self {
            Cvss::V2(v) => {
                let s = v.scores();
                match (s.environmental_score, s.environmental_severity) {
                    (Some(score), Some(severity)) => (score, severity),
                    _ => (s.base_score, s.base_severity),
                }
            }
            Cvss::V3(v) => {
                let s = v.scores();
                (
                    s.environmental_score.unwrap_or(s.base_score),
                    s.environmental_severity.unwrap_or(s.base_severity),
                )
            }
            Cvss::V4(v) => {
                let s = v.score();
                (s.score, s.severity)
            }
        }
    }
}

impl fmt::Display for Cvss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cvss::V2(v) => v.fmt(f),
            Cvss::V3(v) => v.fmt(f),
            Cvss::V4(v) => v.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_are_rescored_in_an_environment() {
        let base = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
        // An adjacent-network-only deployment: modified exploitability 8.22 × 0.62 × 0.77 ×
        // 0.85 × 0.85, impact 6.42 × 0.9148: 8.71, rounded up to 8.8.
        let v = with_environment(base, "MAV:A").expect("rescored");
        assert_eq!(v.environmental(), (8.8, Severity::High));
        assert_eq!(v.to_string(), format!("{base}/MAV:A"));
        // The vector's own environmental metrics are replaced, not doubled.
        let v = with_environment(&format!("{base}/CR:L/MAV:P"), "MAV:A").expect("rescored");
        assert_eq!(v.to_string(), format!("{base}/MAV:A"));
        // Nothing: the base score.
        assert_eq!(
            with_environment(base, "").expect("same").environmental().0,
            9.8
        );
        // Base and temporal metrics are not an environment; v2 is not rescored.
        let e = with_environment(base, "AV:L").expect_err("a base metric");
        assert!(
            e.message.contains("`AV` is not an environmental metric"),
            "{}",
            e.message
        );
        assert!(with_environment("AV:N/AC:L/Au:N/C:P/I:P/A:P", "CR:H").is_err());
        assert!(with_environment(base, "MAV:Q").is_err(), "an unknown value");
        // CVSS 4.0: safety impact on the subsequent system (the medical-device case) raises it.
        let v4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:L";
        let plain = with_environment(v4, "").expect("v4").environmental().0;
        let safety = with_environment(v4, "MSI:S/MSA:S")
            .expect("v4")
            .environmental()
            .0;
        assert!(safety > plain, "{safety} > {plain}");
    }
}
