//! The `generic` scheme: the documented fallback for versions of ecosystems medcyber has no
//! scheme for — CPE versions in NVD configurations, vendor firmware, vers type `generic`.
//!
//! It is two classes of versions in one total order:
//!
//! 1. **Versions that start with a number** (after whitespace is removed and leading `v`/`V`
//!    are dropped) are read the way univers reads `vers:generic` and Python's
//!    `semantic_version.Version.coerce` reads loose versions: the leading `N[.N[.N]]` is padded
//!    to three numbers (`2.04` → `2.4.0`); text after it that starts with `-` (or a letter) is a
//!    pre-release, after `+` or a fourth `.` component is build metadata, and any character
//!    other than letters, digits, `.`, `+`, `-` counts as `-`. They are ordered by SemVer
//!    precedence (numbers numerically; a pre-release before its release; pre-release
//!    identifiers numeric before alphanumeric), with build metadata as a final tie-break as
//!    univers does. So `10.0.19041.1234` is `10.0.19041+1234`, `4.8.1-stable` is a
//!    pre-release of `4.8.1`, and `1.0.2k` is `1.0.2-k` (a pre-release).
//! 2. **Everything else** (`R2021b`, `beta-3`, `unknown`) sorts before every numeric version,
//!    and among itself in natural order: case-insensitively, with digit runs compared as
//!    numbers (`build9` < `build10`), then by the exact text.
//!
//! Both classes compare exactly and transitively; mixing them never breaks the order.

use std::cmp::Ordering;

use super::semver::{Coerced, compare_digits};
use super::{VersionError, VersionScheme};

/// The `generic` scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Parsed {
    Numeric(Coerced),
    Text(String),
}

/// The `generic` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Generic;

fn parse(version: &str) -> Result<Parsed, VersionError> {
    let compact: String = version.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(VersionError::new("generic", version, "empty version"));
    }
    let stripped = compact.trim_start_matches(['v', 'V']);
    if stripped.starts_with(|c: char| c.is_ascii_digit()) {
        return Coerced::parse(stripped)
            .map(Parsed::Numeric)
            .map_err(|e| VersionError::new("generic", version, e));
    }
    Ok(Parsed::Text(compact))
}

/// Natural order: case-insensitive, digit runs numerically, the exact text breaking ties.
fn natural(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        if x[i].is_ascii_digit() && y[j].is_ascii_digit() {
            let si = i;
            while i < x.len() && x[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < y.len() && y[j].is_ascii_digit() {
                j += 1;
            }
            match compare_digits(&a[si..i], &b[sj..j]) {
                Ordering::Equal => {}
                o => return o,
            }
        } else {
            match x[i].to_ascii_lowercase().cmp(&y[j].to_ascii_lowercase()) {
                Ordering::Equal => {
                    i += 1;
                    j += 1;
                }
                o => return o,
            }
        }
    }
    (x.len() - i).cmp(&(y.len() - j)).then_with(|| a.cmp(b))
}

fn compare_parsed(a: &Parsed, b: &Parsed) -> Ordering {
    match (a, b) {
        (Parsed::Numeric(x), Parsed::Numeric(y)) => x.cmp(y),
        (Parsed::Text(_), Parsed::Numeric(_)) => Ordering::Less,
        (Parsed::Numeric(_), Parsed::Text(_)) => Ordering::Greater,
        (Parsed::Text(x), Parsed::Text(y)) => natural(x, y),
    }
}

impl VersionScheme for Generic {
    fn name(&self) -> &'static str {
        "generic"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        parse(version).map(|_| ())
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        Ok(compare_parsed(&parse(a)?, &parse(b)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(a: &str, b: &str) -> Ordering {
        Generic.compare(a, b).expect("valid")
    }

    #[test]
    fn firmware_versions() {
        assert_eq!(c("2.04", "2.4.0"), Ordering::Equal);
        assert_eq!(c("V2.3.1", "2.3.1"), Ordering::Equal);
        assert_eq!(
            c("10.0.19041.1234", "10.0.19041.999"),
            Ordering::Greater,
            "build metadata breaks ties"
        );
        assert_eq!(c("10.0.19041.1234", "10.0.19042"), Ordering::Less);
        assert_eq!(c("4.8.1-stable", "4.8.1"), Ordering::Less);
        assert_eq!(c("1.0.0-rc.1", "1.0.0-rc.2"), Ordering::Less);
        assert_eq!(c("R2021b", "1.0"), Ordering::Less);
        assert_eq!(c("build9", "build10"), Ordering::Less);
        assert_eq!(
            c("Build10", "build10"),
            Ordering::Less,
            "exact text breaks ties"
        );
        assert!(Generic.validate("").is_err());
        assert!(Generic.validate("1.0..1").is_err());
    }
}
