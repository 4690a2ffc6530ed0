//! The `cargo` scheme: crate versions as Cargo reads them, with the `semver` crate (Cargo's own
//! implementation of SemVer 2.0.0).
//!
//! Ordering is SemVer precedence ([`semver::Version::cmp_precedence`]): build metadata is
//! ignored, as every SemVer consumer (and OSV's `SEMVER` ranges) requires. `semver::Version`'s
//! `Ord` additionally orders build metadata; medcyber does not, so `1.0.0+a` equals `1.0.0+b`.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `cargo` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cargo;

fn parse(version: &str) -> Result<semver::Version, VersionError> {
    semver::Version::parse(version).map_err(|e| VersionError::new("cargo", version, e.to_string()))
}

impl VersionScheme for Cargo {
    fn name(&self) -> &'static str {
        "cargo"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        parse(version).map(|_| ())
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        Ok(parse(a)?.cmp_precedence(&parse(b)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence() {
        let c = |a, b| Cargo.compare(a, b).expect("valid");
        assert_eq!(c("1.0.0-alpha.1", "1.0.0-alpha.beta"), Ordering::Less);
        assert_eq!(c("1.0.0+build.1", "1.0.0+build.2"), Ordering::Equal);
        assert_eq!(c("0.10.0", "0.9.0"), Ordering::Greater);
        assert!(Cargo.validate("1.0").is_err());
        assert!(Cargo.validate("v1.0.0").is_err());
    }
}
