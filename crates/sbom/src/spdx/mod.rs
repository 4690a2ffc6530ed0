//! PLACEHOLDER: SPDX reading, writing and validation are being implemented.

use crate::{Detected, Diagnostic, ReadOptions, ReadOutcome, SbomError};

/// Reads SPDX (2.x JSON, tag-value, YAML; 3.0 JSON-LD).
pub fn read(_text: &str, detected: &Detected, _o: &ReadOptions) -> Result<ReadOutcome, SbomError> {
    Err(SbomError::NotAnSbom(format!(
        "{detected}: reader not implemented yet"
    )))
}

/// Validates SPDX against its schema.
pub fn validate(
    _text: &str,
    detected: &Detected,
    _o: &ReadOptions,
) -> Result<Vec<Diagnostic>, SbomError> {
    Err(SbomError::NotAnSbom(format!(
        "{detected}: validator not implemented yet"
    )))
}
