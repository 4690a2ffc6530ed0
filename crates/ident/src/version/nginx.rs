//! PLACEHOLDER: the `nginx` scheme is being implemented.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `nginx` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Nginx;

impl VersionScheme for Nginx {
    fn name(&self) -> &'static str {
        "nginx"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        Err(VersionError::new(
            "nginx",
            version,
            "scheme not implemented yet",
        ))
    }

    fn compare(&self, a: &str, _b: &str) -> Result<Ordering, VersionError> {
        Err(VersionError::new("nginx", a, "scheme not implemented yet"))
    }
}
