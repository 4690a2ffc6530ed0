//! SPDX: 2.2/2.3 JSON, YAML and tag-value and 3.0 JSON-LD read into the model, 2.x validated against
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
use crate::{Detected, Diagnostic, Location, ReadOptions, ReadOutcome, SbomError};

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
        Encoding::TagValue | Encoding::Yaml => {
            let (value, diagnostics) = if detected.encoding == Encoding::Yaml {
                yaml(text, detected, options.skip_schema)?
            } else {
                tag_value(text, detected, options.skip_schema)?
            };
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
        "SPDX {} in {encoding:?} is not read (JSON, YAML, tag-value and SPDX 3 JSON-LD are)",
        detected.spec_version
    ))
}

/// A YAML document (SPDX 2's YAML serialisation is its JSON shape written as YAML) and its
/// schema problems, located by JSON pointer as for JSON. YAML anchors and aliases are expanded
/// by serde_norway, which refuses an expansion that would repeat content excessively (the
/// "billion laughs" document); nesting was limited before this point.
fn yaml(
    text: &str,
    detected: &Detected,
    skip_schema: bool,
) -> Result<(Value, Vec<Diagnostic>), SbomError> {
    let schema = schema_for(detected)?;
    let value: Value = serde_norway::from_str(text).map_err(|e| SbomError::Malformed {
        encoding: "YAML",
        location: e
            .location()
            .map_or(Location::Document {}, |l| Location::LineColumn {
                line: l.line(),
                column: l.column(),
            }),
        message: e.to_string(),
    })?;
    let diagnostics = if skip_schema {
        Vec::new()
    } else {
        schema::validate(schema, &value)
    };
    Ok((value, diagnostics))
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

/// Validates SPDX 2.x against its JSON schema (YAML and tag-value through their JSON shape); SPDX 3.0
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
        Encoding::Yaml => Ok(yaml(text, detected, false)?.1),
        other => Err(unread(detected, other)),
    }
}

#[cfg(test)]
mod tests {
    use crate::{ReadOptions, SbomError, read};

    #[test]
    fn yaml_reads_and_hostile_yaml_is_refused() {
        let doc = "spdxVersion: SPDX-2.3\ndataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n\
                   name: d\ndocumentNamespace: https://example.com/d\ncreationInfo:\n  \
                   created: '2024-01-01T00:00:00Z'\n  creators: ['Tool: t-1.0']\npackages:\n\
                   - SPDXID: SPDXRef-p\n  name: zlib\n  versionInfo: 1.3.1\n  \
                   downloadLocation: NOASSERTION\n";
        let outcome = read(doc.as_bytes(), &ReadOptions::default()).expect("valid SPDX YAML");
        assert_eq!(outcome.sbom.components[0].name, "zlib");
        assert_eq!(outcome.detected.to_string(), "SPDX 2.3 YAML");
        // A syntax error is located.
        let broken = format!("{doc}  - [unclosed\n");
        assert!(matches!(
            read(broken.as_bytes(), &ReadOptions::default()),
            Err(SbomError::Malformed {
                encoding: "YAML",
                ..
            })
        ));
        // "Billion laughs": aliases that would expand exponentially are refused, quickly.
        let mut bomb = String::from("spdxVersion: SPDX-2.3\na: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            bomb.push_str(&format!(
                "{}: &{} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                (b'a' + i) as char,
                (b'a' + i) as char,
                p = (b'a' + i - 1) as char
            ));
        }
        assert!(read(bomb.as_bytes(), &ReadOptions::default()).is_err());
    }
}
