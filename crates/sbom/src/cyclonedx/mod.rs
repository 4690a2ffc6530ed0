//! CycloneDX 1.2–1.7: JSON and XML read into the model, validated against the official schemas,
//! and written as CycloneDX 1.6 JSON or XML.

mod read;
pub mod write;
mod xml;
mod xsd;

pub use read::{END_OF_SUPPORT_PROPERTIES, SUPPORT_LEVEL_PROPERTIES};

use medcyber_model::sbom::Encoding;
use serde_json::Value;

use crate::json::Json;
use crate::schema::{self, CycloneDxVersion, Schema};
use crate::{Detected, Diagnostic, Location, ReadOptions, ReadOutcome, SbomError};

/// A JSON syntax error, located by line and column.
pub(crate) fn malformed(e: &serde_json::Error) -> SbomError {
    SbomError::Malformed {
        encoding: "JSON",
        location: Location::LineColumn {
            line: e.line(),
            column: e.column(),
        },
        message: e.to_string(),
    }
}

/// Parses JSON text into a `serde_json::Value` (what the schema validator takes), locating a
/// syntax error by line and column.
pub(crate) fn parse_json(text: &str) -> Result<Value, SbomError> {
    serde_json::from_str(text).map_err(|e| malformed(&e))
}

/// Schema problems of a JSON document. The `serde_json::Value` the validator needs is dropped
/// before the caller parses the text again into the smaller tree it maps from, so the two never
/// sit in memory together.
pub(crate) fn schema_problems(
    schema: Schema,
    text: &str,
    options: &ReadOptions,
) -> Result<Vec<Diagnostic>, SbomError> {
    if options.skip_schema {
        return Ok(Vec::new());
    }
    let doc = parse_json(text)?;
    Ok(schema::validate(schema, &doc))
}

fn version_of(detected: &Detected) -> Result<CycloneDxVersion, SbomError> {
    CycloneDxVersion::parse(&detected.spec_version).ok_or_else(|| SbomError::UnsupportedVersion {
        format: "CycloneDX",
        version: detected.spec_version.clone(),
    })
}

fn schema_for(detected: &Detected) -> Result<Schema, SbomError> {
    version_of(detected).map(Schema::CycloneDx)
}

/// Reads CycloneDX JSON.
pub fn read_json(
    text: &str,
    detected: &Detected,
    options: &ReadOptions,
) -> Result<ReadOutcome, SbomError> {
    let diagnostics = schema_problems(schema_for(detected)?, text, options)?;
    let sbom = read::read_json(text, &detected.spec_version).map_err(|e| malformed(&e))?;
    Ok(ReadOutcome {
        sbom,
        detected: detected.clone(),
        diagnostics,
    })
}

/// Reads CycloneDX XML: the XML is read safely (see [`validate_xml`]), validated against the
/// XSD of its version, converted to the JSON shape and mapped like JSON.
pub fn read_xml(
    text: &str,
    detected: &Detected,
    options: &ReadOptions,
) -> Result<ReadOutcome, SbomError> {
    let version = version_of(detected)?;
    let mut converted = xml::to_json_shape(text, options)?;
    if !options.skip_schema {
        converted.diagnostics.extend(xsd::validate(text, version));
    }
    let sbom = read::to_model(
        &Json::from_value(&converted.value),
        Encoding::Xml,
        &detected.spec_version,
    );
    Ok(ReadOutcome {
        sbom,
        detected: detected.clone(),
        diagnostics: converted.diagnostics,
    })
}

/// Validates CycloneDX JSON against its JSON schema.
pub fn validate_json(
    text: &str,
    detected: &Detected,
    _options: &ReadOptions,
) -> Result<Vec<Diagnostic>, SbomError> {
    let schema = schema_for(detected)?;
    let doc = parse_json(text)?;
    Ok(schema::validate(schema, &doc))
}

/// Validates CycloneDX XML: first read with medcyber's own reader, which refuses a DTD, entity
/// declarations and references, over-deep nesting and an unsupported namespace (errors, not
/// diagnostics), then validated against the official XSD of its version with libxml2.
pub fn validate_xml(
    text: &str,
    detected: &Detected,
    options: &ReadOptions,
) -> Result<Vec<Diagnostic>, SbomError> {
    let version = version_of(detected)?;
    let mut diagnostics = xml::to_json_shape(text, options)?.diagnostics;
    diagnostics.extend(xsd::validate(text, version));
    Ok(diagnostics)
}
