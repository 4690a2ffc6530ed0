//! PLACEHOLDER: the `lexicographic` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `lexicographic` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Lexicographic;

impl VersionScheme for Lexicographic {
    fn name(&self) -> &'static str {
        "lexicographic"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "lexicographic",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new(
            "lexicographic",
            a,
            "scheme not implemented yet",
        ))
    }
}
