//! PLACEHOLDER: the `npm` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `npm` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Npm;

/// Compares two npm versions.
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    Npm.compare(a, b)
}

impl VersionScheme for Npm {
    fn name(&self) -> &'static str {
        "npm"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new("npm", version, "scheme not implemented yet"))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("npm", a, "scheme not implemented yet"))
    }
}
