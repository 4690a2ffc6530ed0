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

impl fmt::Display for Cvss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cvss::V2(v) => v.fmt(f),
            Cvss::V3(v) => v.fmt(f),
            Cvss::V4(v) => v.fmt(f),
        }
    }
}
