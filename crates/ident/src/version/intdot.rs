//! PLACEHOLDER: the `intdot` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `intdot` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Intdot;

impl VersionScheme for Intdot {
    fn name(&self) -> &'static str {
        "intdot"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "intdot",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("intdot", a, "scheme not implemented yet"))
    }
}
