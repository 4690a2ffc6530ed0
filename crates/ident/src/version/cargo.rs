//! PLACEHOLDER: the `cargo` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `cargo` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cargo;

impl VersionScheme for Cargo {
    fn name(&self) -> &'static str {
        "cargo"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new("cargo", version, "scheme not implemented yet"))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("cargo", a, "scheme not implemented yet"))
    }
}
