//! PLACEHOLDER: the `generic` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `generic` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Generic;

impl VersionScheme for Generic {
    fn name(&self) -> &'static str {
        "generic"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "generic",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new(
            "generic",
            a,
            "scheme not implemented yet",
        ))
    }
}
