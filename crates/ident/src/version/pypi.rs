//! PLACEHOLDER: the `pypi` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `pypi` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Pypi;

impl VersionScheme for Pypi {
    fn name(&self) -> &'static str {
        "pypi"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "pypi",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("pypi", a, "scheme not implemented yet"))
    }
}
