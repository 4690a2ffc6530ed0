//! The `openssl` scheme: OpenSSL release versions as univers' `OpensslVersion` orders them.
//!
//! Releases before 3.0 (`0.9.8zh`, `1.0.2u`, `1.1.1w`) are `major.minor.fix` followed by patch
//! letters that compare as strings (`a` < `z` < `za` < `zh`), a `-alpha`/`-beta` suffix marking
//! a pre-release of its base; the base must be a known pre-3.0 release line. From 3.0 on the
//! versions are SemVer (`3.0.13`, `3.2.0-alpha1`). Every pre-3.0 version sorts before every 3.x
//! version. Native ranges are comma-separated lists of versions, as OpenSSL's vulnerability list
//! writes them (`3.0.0, 1.0.1b`).

use std::cmp::Ordering;

use super::range::{Bound, ComparatorUnion};
use super::semver::{Coerced, compare_digits};
use super::{NativeRange, RangeError, Scheme, VersionError, VersionScheme};
use crate::vers::Comparator;

/// The `openssl` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Openssl;

const LEGACY_BASES: [&str; 13] = [
    "0.9.1", "0.9.2", "0.9.3", "0.9.4", "0.9.5", "0.9.6", "0.9.7", "0.9.8", "1.0.0", "1.0.1",
    "1.0.2", "1.1.0", "1.1.1",
];

#[derive(Debug, PartialEq, Eq)]
enum Parsed<'a> {
    Legacy {
        major: &'a str,
        minor: &'a str,
        fix: &'a str,
        patch: &'a str,
    },
    Modern(Coerced),
}

fn parse(version: &str) -> Result<Parsed<'_>, VersionError> {
    if LEGACY_BASES.iter().any(|base| version.starts_with(base)) {
        let parts: Vec<&str> = version.split('.').collect();
        if let [major, minor, fix_patch] = parts.as_slice() {
            let digits = fix_patch.bytes().take_while(u8::is_ascii_digit).count();
            let (fix, patch) = if digits == fix_patch.len() {
                (*fix_patch, "")
            } else {
                // univers keeps one digit as the fix number and the rest as the patch.
                (&fix_patch[..1], &fix_patch[1..])
            };
            if !patch.starts_with(|c: char| c.is_ascii_digit()) {
                return Ok(Parsed::Legacy {
                    major,
                    minor,
                    fix,
                    patch,
                });
            }
        }
        return Err(VersionError::new(
            "openssl",
            version,
            "not a valid OpenSSL release before 3.0",
        ));
    }
    match Coerced::parse(version) {
        Ok(c) if compare_digits(c.major(), "3") != Ordering::Less => Ok(Parsed::Modern(c)),
        Ok(_) => Err(VersionError::new(
            "openssl",
            version,
            "not an OpenSSL release (before 3.0 the base must be a known release line such as 1.1.1)",
        )),
        Err(e) => Err(VersionError::new("openssl", version, e)),
    }
}

fn is_prerelease(patch: &str) -> bool {
    patch.starts_with("-beta") || patch.starts_with("-alpha")
}

fn compare_parsed(a: &Parsed<'_>, b: &Parsed<'_>) -> Ordering {
    match (a, b) {
        (Parsed::Modern(x), Parsed::Modern(y)) => x.cmp(y),
        (Parsed::Legacy { .. }, Parsed::Modern(_)) => Ordering::Less,
        (Parsed::Modern(_), Parsed::Legacy { .. }) => Ordering::Greater,
        (
            Parsed::Legacy {
                major: m1,
                minor: n1,
                fix: f1,
                patch: p1,
            },
            Parsed::Legacy {
                major: m2,
                minor: n2,
                fix: f2,
                patch: p2,
            },
        ) => {
            let base = compare_digits(m1, m2)
                .then_with(|| compare_digits(n1, n2))
                .then_with(|| compare_digits(f1, f2));
            if base == Ordering::Equal && is_prerelease(p1) != is_prerelease(p2) {
                return if is_prerelease(p1) {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
            }
            base.then_with(|| p1.cmp(p2))
        }
    }
}

impl VersionScheme for Openssl {
    fn name(&self) -> &'static str {
        "openssl"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        parse(version).map(|_| ())
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        Ok(compare_parsed(&parse(a)?, &parse(b)?))
    }

    fn parse_native_range(&self, range: &str) -> Result<Box<dyn NativeRange>, RangeError> {
        let cleaned: String = range
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        let mut alternatives = Vec::new();
        for version in cleaned.split(',') {
            if version.is_empty() {
                return Err(RangeError::syntax(
                    "openssl",
                    range,
                    "empty version between commas",
                ));
            }
            parse(version)?;
            alternatives.push(vec![Bound::new(Comparator::Eq, version)]);
        }
        Ok(Box::new(ComparatorUnion::new(
            Scheme::Openssl,
            range,
            alternatives,
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering() {
        let c = |a, b| Openssl.compare(a, b).expect("valid");
        assert_eq!(c("1.0.2z", "1.0.2za"), Ordering::Less);
        assert_eq!(c("1.0.2zh", "1.1.0"), Ordering::Less);
        assert_eq!(c("1.1.1w", "3.0.0"), Ordering::Less);
        assert_eq!(c("1.1.1-beta1", "1.1.1"), Ordering::Less);
        assert_eq!(c("3.0.13", "3.0.2"), Ordering::Greater);
        assert!(Openssl.validate("1.2.4fg").is_err());
        assert!(Openssl.validate("2.0.0").is_err());
    }
}
