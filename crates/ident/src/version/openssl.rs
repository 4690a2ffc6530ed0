//! PLACEHOLDER: the `openssl` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `openssl` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Openssl;

impl VersionScheme for Openssl {
    fn name(&self) -> &'static str {
        "openssl"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "openssl",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new(
            "openssl",
            a,
            "scheme not implemented yet",
        ))
    }
}
