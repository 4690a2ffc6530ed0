//! PLACEHOLDER: the `conan` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `conan` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Conan;

impl VersionScheme for Conan {
    fn name(&self) -> &'static str {
        "conan"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "conan",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("conan", a, "scheme not implemented yet"))
    }
}
