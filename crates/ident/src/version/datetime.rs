//! PLACEHOLDER: the `datetime` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `datetime` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Datetime;

impl VersionScheme for Datetime {
    fn name(&self) -> &'static str {
        "datetime"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "datetime",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new(
            "datetime",
            a,
            "scheme not implemented yet",
        ))
    }
}
