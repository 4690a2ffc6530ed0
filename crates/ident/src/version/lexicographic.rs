//! The `lexicographic` scheme: versions ordered byte by byte as UTF-8 (vers-spec), so `A` <
//! `a`, a prefix sorts first, and no Unicode normalisation or collation applies (`e` + combining
//! acute < `é`). Any non-empty string is a version.

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
        if version.is_empty() {
            Err(VersionError::new("lexicographic", version, "empty version"))
        } else {
            Ok(())
        }
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        self.validate(a)?;
        self.validate(b)?;
        Ok(a.as_bytes().cmp(b.as_bytes()))
    }
}
