//! PLACEHOLDER: the `gentoo` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `gentoo` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Gentoo;

impl VersionScheme for Gentoo {
    fn name(&self) -> &'static str {
        "gentoo"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "gentoo",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("gentoo", a, "scheme not implemented yet"))
    }
}
