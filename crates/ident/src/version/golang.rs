//! PLACEHOLDER: the `golang` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `golang` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Golang;

impl VersionScheme for Golang {
    fn name(&self) -> &'static str {
        "golang"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new("golang", version, "scheme not implemented yet"))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("golang", a, "scheme not implemented yet"))
    }
}
