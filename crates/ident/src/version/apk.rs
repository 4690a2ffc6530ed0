//! PLACEHOLDER: the `apk` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `apk` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Apk;

impl VersionScheme for Apk {
    fn name(&self) -> &'static str {
        "apk"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "apk",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("apk", a, "scheme not implemented yet"))
    }
}
