//! CycloneDX 1.2–1.7: JSON and XML read into the model, validated against the official schemas,
//! and written as CycloneDX 1.6 JSON or XML.

mod read;
pub mod write;
mod xml;

pub use read::{END_OF_SUPPORT_PROPERTIES, SUPPORT_LEVEL_PROPERTIES};

use medcyber_model::sbom::Encoding;
use serde_json::Value;

use crate::schema::{self, CycloneDxVersion, Schema};
use crate::{Detected, Diagnostic, Location, ReadOptions, ReadOutcome, SbomError};

/// Parses JSON text, locating a syntax error by line and column.
pub(crate) fn parse_json(text: &str) -> Result<Value, SbomError> {
    serde_json::from_str(text).map_err(|e| SbomError::Malformed {
        encoding: "JSON",
        location: Location::LineColumn {
            line: e.line(),
            column: e.column(),
        },
        message: e.to_string(),
    })
}

fn schema_for(detected: &Detected) -> Result<Schema, SbomError> {
    CycloneDxVersion::parse(&detected.spec_version)
        .map(Schema::CycloneDx)
        .ok_or_else(|| SbomError::UnsupportedVersion {
            format: "CycloneDX",
            version: detected.spec_version.clone(),
        })
}

/// Reads CycloneDX JSON.
pub fn read_json(
    text: &str,
    detected: &Detected,
    options: &ReadOptions,
) -> Result<ReadOutcome, SbomError> {
    let schema = schema_for(detected)?;
    let doc = parse_json(text)?;
    let diagnostics = if options.skip_schema {
        Vec::new()
    } else {
        schema::validate(schema, &doc)
    };
    let sbom = read::to_model(&doc, Encoding::Json, &detected.spec_version);
    Ok(ReadOutcome {
        sbom,
        detected: detected.clone(),
        diagnostics,
    })
}

/// Reads CycloneDX XML: the XML is converted to the JSON shape and mapped like JSON. Schema
/// problems come from the XML rules medcyber checks (see [`validate_xml`]).
pub fn read_xml(
    text: &str,
    detected: &Detected,
    options: &ReadOptions,
) -> Result<ReadOutcome, SbomError> {
    let converted = xml::to_json_shape(text, options)?;
    let sbom = read::to_model(&converted.value, Encoding::Xml, &detected.spec_version);
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

/// Validates CycloneDX XML (see [`read_xml`]).
pub fn validate_xml(
    text: &str,
    _detected: &Detected,
    options: &ReadOptions,
) -> Result<Vec<Diagnostic>, SbomError> {
    Ok(xml::to_json_shape(text, options)?.diagnostics)
}
