//! PLACEHOLDER: the `nuget` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `nuget` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Nuget;

impl VersionScheme for Nuget {
    fn name(&self) -> &'static str {
        "nuget"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "nuget",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("nuget", a, "scheme not implemented yet"))
    }
}
