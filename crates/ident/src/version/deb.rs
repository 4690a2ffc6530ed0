//! PLACEHOLDER: the `deb` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `deb` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Deb;

/// Compares two deb versions.
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    Deb.compare(a, b)
}

impl VersionScheme for Deb {
    fn name(&self) -> &'static str {
        "deb"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "deb",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("deb", a, "scheme not implemented yet"))
    }
}
