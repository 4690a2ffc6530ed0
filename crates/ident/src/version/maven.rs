//! PLACEHOLDER: the `maven` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `maven` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Maven;

impl VersionScheme for Maven {
    fn name(&self) -> &'static str {
        "maven"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "maven",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("maven", a, "scheme not implemented yet"))
    }
}
