//! PLACEHOLDER: the `alpm` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `alpm` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Alpm;

impl VersionScheme for Alpm {
    fn name(&self) -> &'static str {
        "alpm"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "alpm",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("alpm", a, "scheme not implemented yet"))
    }
}
