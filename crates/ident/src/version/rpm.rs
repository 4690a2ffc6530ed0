//! PLACEHOLDER: the `rpm` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `rpm` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rpm;

impl VersionScheme for Rpm {
    fn name(&self) -> &'static str {
        "rpm"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "rpm",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("rpm", a, "scheme not implemented yet"))
    }
}
