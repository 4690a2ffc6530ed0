//! PLACEHOLDER: the `gem` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `gem` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Gem;

impl VersionScheme for Gem {
    fn name(&self) -> &'static str {
        "gem"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "gem",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("gem", a, "scheme not implemented yet"))
    }
}
