//! CPE 2.3 (NIST IR 7695 *Naming*, NIST IR 7696 *Name Matching*): well-formed names (WFN),
//! the formatted-string and URI bindings, name matching, and the version ranges NVD
//! configurations put around a CPE.
//!
//! - [`Wfn`] is the well-formed name: eleven attributes, each [`Value::Any`], [`Value::Na`] or a
//!   [`Value::Str`] in WFN form (non-alphanumeric characters quoted with `\`; unquoted `*` and
//!   `?` are wildcards).
//! - [`Wfn::parse`] reads a 2.3 formatted string (`cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*`)
//!   or a 2.2 URI (`cpe:/a:microsoft:internet_explorer:8.0.6001:beta`), validating it against
//!   the CPE 2.3 grammar first; [`Wfn::to_fs`] and [`Wfn::to_uri`] bind it back (7695 §6).
//! - [`compare_wfns`] gives the attribute relations of 7696 §6, and [`Relations`] the name
//!   relations `CPE_DISJOINT`, `CPE_EQUAL`, `CPE_SUBSET` and `CPE_SUPERSET` (7696 §7).
//! - [`CpeRange`] is an NVD `cpeMatch` criterion with `versionStart…`/`versionEnd…` bounds; its
//!   [`CpeRange::matches`] says whether a component's CPE is inside, outside, or has no version
//!   to decide with.
//!
//! The binding algorithms follow the specification's pseudocode line by line; where the
//! pseudocode is looser than the grammar (an unknown percent-encoding, a misplaced wildcard),
//! the grammar wins and the name is rejected.

mod bind;
mod matching;
mod range;

use std::fmt;

pub use matching::{Relation, Relations, compare_values, compare_wfns};
pub use range::{CpeRange, RangeMatch, VersionBounds};

/// The attributes of a WFN, in binding order.
pub const ATTRIBUTES: [&str; 11] = [
    "part",
    "vendor",
    "product",
    "version",
    "update",
    "edition",
    "language",
    "sw_edition",
    "target_sw",
    "target_hw",
    "other",
];

/// A WFN attribute value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    /// The logical value ANY (`*` in a formatted string, empty in a URI).
    Any,
    /// The logical value NA, not applicable (`-`).
    Na,
    /// A string in WFN form: non-alphanumeric characters quoted with `\`, wildcards unquoted.
    Str(String),
}

impl Value {
    /// The WFN representation: `ANY`, `NA`, or the quoted string.
    pub fn as_wfn(&self) -> &str {
        match self {
            Value::Any => "ANY",
            Value::Na => "NA",
            Value::Str(s) => s,
        }
    }

    /// The string with WFN quoting removed (`8\.0` → `8.0`), for a value without wildcards.
    pub fn unquoted(&self) -> Option<String> {
        let Value::Str(s) = self else { return None };
        let mut out = String::with_capacity(s.len());
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            } else {
                out.push(c);
            }
        }
        Some(out)
    }
}

/// A well-formed CPE name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Wfn {
    /// The eleven attribute values, in [`ATTRIBUTES`] order.
    pub values: [Value; 11],
}

/// An invalid CPE name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid CPE `{input}`: {reason}")]
pub struct CpeError {
    /// The name as given.
    pub input: String,
    /// What is wrong and where.
    pub reason: String,
}

impl Wfn {
    /// A WFN with every attribute ANY.
    pub fn any() -> Wfn {
        Wfn {
            values: std::array::from_fn(|_| Value::Any),
        }
    }

    /// The value of an attribute by name.
    pub fn get(&self, attribute: &str) -> Option<&Value> {
        ATTRIBUTES
            .iter()
            .position(|a| *a == attribute)
            .map(|i| &self.values[i])
    }

    /// The part (`a`, `o`, `h`).
    pub fn part(&self) -> &Value {
        &self.values[0]
    }

    /// The vendor.
    pub fn vendor(&self) -> &Value {
        &self.values[1]
    }

    /// The product.
    pub fn product(&self) -> &Value {
        &self.values[2]
    }

    /// The version.
    pub fn version(&self) -> &Value {
        &self.values[3]
    }

    /// Parses a CPE 2.3 formatted string or a CPE 2.2 URI.
    pub fn parse(input: &str) -> Result<Wfn, CpeError> {
        if input.starts_with("cpe:2.3:") {
            bind::unbind_fs(input)
        } else if input.starts_with("cpe:/") {
            bind::unbind_uri(input)
        } else if input.starts_with("wfn:[") {
            bind::parse_wfn(input)
        } else {
            Err(CpeError {
                input: input.to_owned(),
                reason: "must start with `cpe:2.3:` (formatted string), `cpe:/` (URI) or `wfn:[`"
                    .to_owned(),
            })
        }
    }

    /// The CPE 2.3 formatted-string binding.
    pub fn to_fs(&self) -> String {
        bind::bind_fs(self)
    }

    /// The CPE 2.2 URI binding.
    pub fn to_uri(&self) -> String {
        bind::bind_uri(self)
    }
}

impl fmt::Display for Wfn {
    /// The WFN notation of NIST IR 7695: `wfn:[part="a",vendor="microsoft",version=ANY,...]`
    /// (ANY attributes included).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("wfn:[")?;
        for (i, (name, value)) in ATTRIBUTES.iter().zip(&self.values).enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            match value {
                Value::Any => write!(f, "{name}=ANY")?,
                Value::Na => write!(f, "{name}=NA")?,
                Value::Str(s) => write!(f, "{name}=\"{s}\"")?,
            }
        }
        f.write_str("]")
    }
}

impl std::str::FromStr for Wfn {
    type Err = CpeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Wfn::parse(s)
    }
}
