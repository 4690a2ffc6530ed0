//! SPDX: 2.2/2.3 JSON and tag-value and 3.0 JSON-LD read into the model, 2.x validated against
//! the official JSON schema, and the model written as SPDX 2.3 JSON or tag-value.

mod read2;
mod read3;
mod tagvalue;
pub mod write;

pub use read2::{END_OF_SUPPORT_ANNOTATION, SUPPORT_LEVEL_ANNOTATION};

use medcyber_model::sbom::Encoding;
use serde_json::Value;

use crate::cyclonedx::{malformed, schema_problems};
use crate::json::Json;
use crate::schema::{self, Schema};
use crate::{Detected, Diagnostic, ReadOptions, ReadOutcome, SbomError};

fn schema_for(detected: &Detected) -> Result<Schema, SbomError> {
    match detected.spec_version.as_str() {
        "2.1" | "2.2" => Ok(Schema::Spdx22),
        "2.3" => Ok(Schema::Spdx23),
        other => Err(SbomError::UnsupportedVersion {
            format: "SPDX",
            version: other.to_owned(),
        }),
    }
}

/// Reads SPDX (2.x JSON and tag-value; 3.0 JSON-LD).
pub fn read(
    text: &str,
    detected: &Detected,
    options: &ReadOptions,
) -> Result<ReadOutcome, SbomError> {
    let (sbom, diagnostics) = match detected.encoding {
        Encoding::JsonLd => return read3::read(text, detected, options),
        Encoding::Json => {
            let diagnostics = schema_problems(schema_for(detected)?, text, options)?;
            let sbom = read2::read_json(text, &detected.spec_version).map_err(|e| malformed(&e))?;
            (sbom, diagnostics)
        }
        Encoding::TagValue => {
            let (value, diagnostics) = tag_value(text, detected, options.skip_schema)?;
            let sbom = read2::to_model(
                &Json::from_value(&value),
                detected.encoding,
                &detected.spec_version,
            );
            (sbom, diagnostics)
        }
        other => return Err(unread(detected, other)),
    };
    Ok(ReadOutcome {
        sbom,
        detected: detected.clone(),
        diagnostics,
    })
}

fn unread(detected: &Detected, encoding: Encoding) -> SbomError {
    SbomError::NotAnSbom(format!(
        "SPDX {} in {encoding:?} is not read (JSON, tag-value and SPDX 3 JSON-LD are)",
        detected.spec_version
    ))
}

/// A tag-value document in the SPDX 2 JSON shape and its problems (syntax, and the schema's
/// located back to tag-value lines).
fn tag_value(
    text: &str,
    detected: &Detected,
    skip_schema: bool,
) -> Result<(Value, Vec<Diagnostic>), SbomError> {
    let schema = schema_for(detected)?;
    let converted = tagvalue::to_json_shape(text)?;
    let mut diagnostics = converted.diagnostics;
    if !skip_schema {
        diagnostics.extend(
            schema::validate(schema, &converted.value)
                .into_iter()
                .map(|d| tagvalue::locate(d, &converted.lines)),
        );
    }
    Ok((converted.value, diagnostics))
}

/// Validates SPDX 2.x against its JSON schema (tag-value through its JSON shape); SPDX 3.0
/// JSON-LD is checked for the structure medcyber reads.
pub fn validate(
    text: &str,
    detected: &Detected,
    options: &ReadOptions,
) -> Result<Vec<Diagnostic>, SbomError> {
    let strict = ReadOptions {
        skip_schema: false,
        ..options.clone()
    };
    match detected.encoding {
        Encoding::JsonLd => Ok(read3::read(text, detected, options)?.diagnostics),
        Encoding::Json => schema_problems(schema_for(detected)?, text, &strict),
        Encoding::TagValue => Ok(tag_value(text, detected, false)?.1),
        other => Err(unread(detected, other)),
    }
}
