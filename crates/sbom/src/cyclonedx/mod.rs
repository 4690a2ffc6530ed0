//! PLACEHOLDER: CycloneDX reading, writing and validation are being implemented.

use crate::{Detected, Diagnostic, ReadOptions, ReadOutcome, SbomError};

/// Reads CycloneDX JSON.
pub fn read_json(
    _text: &str,
    detected: &Detected,
    _o: &ReadOptions,
) -> Result<ReadOutcome, SbomError> {
    Err(SbomError::NotAnSbom(format!(
        "{detected}: reader not implemented yet"
    )))
}

/// Reads CycloneDX XML.
pub fn read_xml(
    _text: &str,
    detected: &Detected,
    _o: &ReadOptions,
) -> Result<ReadOutcome, SbomError> {
    Err(SbomError::NotAnSbom(format!(
        "{detected}: reader not implemented yet"
    )))
}

/// Validates CycloneDX JSON against its schema.
pub fn validate_json(
    _text: &str,
    detected: &Detected,
    _o: &ReadOptions,
) -> Result<Vec<Diagnostic>, SbomError> {
    Err(SbomError::NotAnSbom(format!(
        "{detected}: validator not implemented yet"
    )))
}

/// Validates CycloneDX XML against its XSD.
pub fn validate_xml(
    _text: &str,
    detected: &Detected,
    _o: &ReadOptions,
) -> Result<Vec<Diagnostic>, SbomError> {
    Err(SbomError::NotAnSbom(format!(
        "{detected}: validator not implemented yet"
    )))
}
