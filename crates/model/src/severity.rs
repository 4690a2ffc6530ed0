use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Qualitative severity, ordered from `None` to `Critical`.
///
/// The names are those of the CVSS v3.x/v4.0 "Qualitative Severity Rating Scale"; CVSS v2 uses
/// only `Low`, `Medium` and `High`. Serialised capitalised, as the specifications name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// No impact (score 0.0).
    None,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

impl Severity {
    /// The name as the CVSS specifications write it (`None`, `Low`, `Medium`, `High`, `Critical`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::None => "None",
            Severity::Low => "Low",
            Severity::Medium => "Medium",
            Severity::High => "High",
            Severity::Critical => "Critical",
        }
    }

    /// Every severity, lowest first.
    pub const ALL: [Severity; 5] = [
        Severity::None,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    /// Case-insensitive: `high`, `HIGH` and `High` all parse.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown severity `{s}` (expected none, low, medium, high or critical)")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_and_round_trips() {
        assert!(Severity::Critical > Severity::High);
        for s in Severity::ALL {
            assert_eq!(s.as_str().to_lowercase().parse::<Severity>(), Ok(s));
            let json = serde_json::to_string(&s).expect("serialise");
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
    }
}
