//! SBOMs in, SBOMs out: CycloneDX and SPDX read into one model, validated, checked, converted
//! and compared.
//!
//! Regulators (IMDRF N73, the MHLW guidance's SBOM annex, FDA section 524B) ask device makers
//! for an SBOM per product version; hospitals ask for them at procurement. They arrive in both
//! formats, in many spec versions, often broken. This crate reads them all into
//! [`medcyber_model::Sbom`], says exactly what is wrong and where, and tells a manufacturer
//! whether the SBOM would satisfy a regulator.
//!
//! - [`read`] detects the format and version from the content ([`detect`]), enforces the input
//!   limits (size, nesting depth, UTF-8, no DTDs), validates against the official schema bundled
//!   in the binary, and maps the document to the model. With [`ReadOptions::lenient`] an invalid
//!   document still yields its usable data, with the problems listed as [`Diagnostic`]s.
//! - [`validate`] gives only the schema verdict with located diagnostics.
//!
//! The one design decision: every reader maps into the same model and every writer writes from
//! it, so N formats need N readers and M writers, not N×M converters; what a format holds that
//! the model cannot is recorded in [`Sbom::unmapped`](medcyber_model::Sbom::unmapped) so a
//! conversion reports it instead of dropping it silently.
#![deny(missing_docs)]

pub mod check;
pub mod cyclonedx;
mod detect;
pub mod diff;
mod input;
mod json;
pub mod schema;
pub mod spdx;

use std::fmt;

pub use cyclonedx::write::Written;
pub use detect::{Detected, detect};
pub use input::{DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH};
use medcyber_model::Sbom;
use medcyber_model::sbom::{Encoding, SbomFormat};

/// Limits and strictness of a read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Largest accepted document in bytes (default 512 MiB).
    pub max_bytes: usize,
    /// Deepest accepted nesting of JSON/XML structures (default 64).
    pub max_depth: usize,
    /// Read the usable data of a document that fails schema validation, listing the problems,
    /// instead of refusing it.
    pub lenient: bool,
    /// Skip schema validation (for callers that validated the document already, and for
    /// measuring the mapping alone); input limits and safety checks still apply.
    pub skip_schema: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            lenient: false,
            skip_schema: false,
        }
    }
}

/// Where in a document a problem is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(untagged)]
pub enum Location {
    /// A JSON pointer (`/components/3/purl`).
    Pointer {
        /// The pointer.
        pointer: String,
    },
    /// A line and column (1-based) in XML or tag-value text.
    LineColumn {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// A line (1-based), where the column is not known (XSD violations).
    Line {
        /// Line, from 1.
        line: usize,
    },
    /// The whole document.
    Document {},
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Pointer { pointer } if pointer.is_empty() => f.write_str("/"),
            Location::Pointer { pointer } => f.write_str(pointer),
            Location::LineColumn { line, column } => write!(f, "{line}:{column}"),
            Location::Line { line } => write!(f, "line {line}"),
            Location::Document {} => f.write_str("document"),
        }
    }
}

/// A problem found in a document, with its location.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Diagnostic {
    /// Where.
    #[serde(flatten)]
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SbomError {
    /// Larger than [`ReadOptions::max_bytes`].
    #[error("the document is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Not valid UTF-8.
    #[error("the document is not valid UTF-8: invalid byte at offset {offset}")]
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// Neither CycloneDX nor SPDX.
    #[error("not an SBOM: {0}")]
    NotAnSbom(String),
    /// A format or specification version medcyber does not read.
    #[error("unsupported {format} version `{version}`")]
    UnsupportedVersion {
        /// The format.
        format: &'static str,
        /// The version found.
        version: String,
    },
    /// Not well-formed JSON/XML/tag-value.
    #[error("malformed {encoding} at {location}: {message}")]
    Malformed {
        /// JSON, XML, ...
        encoding: &'static str,
        /// Where.
        location: Location,
        /// The parser's message.
        message: String,
    },
    /// A construct refused for safety (DTD, external entity, processing instruction that loads
    /// content).
    #[error("refused at {location}: {message}")]
    Forbidden {
        /// Where.
        location: Location,
        /// What was refused and why.
        message: String,
    },
    /// Nested deeper than [`ReadOptions::max_depth`].
    #[error("nesting deeper than {limit} levels at {location}")]
    TooDeep {
        /// Where the limit was crossed.
        location: Location,
        /// The limit.
        limit: usize,
    },
    /// The document fails validation against its schema (strict reads only).
    #[error("the document is not valid {detected}: {} problem(s), first: {}", .diagnostics.len(), .diagnostics.first().map(ToString::to_string).unwrap_or_default())]
    Invalid {
        /// What was detected.
        detected: Detected,
        /// Every problem found.
        diagnostics: Vec<Diagnostic>,
    },
}

/// The result of a read.
#[derive(Clone, Debug)]
pub struct ReadOutcome {
    /// The SBOM.
    pub sbom: Sbom,
    /// Format, encoding and version as detected from the content.
    pub detected: Detected,
    /// Schema problems (lenient reads) and mapping warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// The schema verdict on one document.
#[derive(Clone, Debug)]
pub struct Validation {
    /// Format, encoding and version as detected from the content.
    pub detected: Detected,
    /// Every schema problem, located; empty when valid.
    pub errors: Vec<Diagnostic>,
    /// False when no schema was checked: SPDX 3 JSON-LD (no schema is bundled; the structure
    /// medcyber reads is checked).
    pub schema_checked: bool,
}

impl Validation {
    /// True when the document passes its schema.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Reads any supported SBOM into the model.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<ReadOutcome, SbomError> {
    let text = input::check(bytes, options)?;
    let text = &*input::normalize_line_ends(text);
    let detected = detect::detect_text(text)?;
    let outcome = match (detected.format, detected.encoding) {
        (SbomFormat::CycloneDx, Encoding::Json) => cyclonedx::read_json(text, &detected, options),
        (SbomFormat::CycloneDx, Encoding::Xml) => cyclonedx::read_xml(text, &detected, options),
        (SbomFormat::Spdx, _) => spdx::read(text, &detected, options),
        (SbomFormat::CycloneDx, other) => Err(SbomError::NotAnSbom(format!(
            "CycloneDX in {other:?} is not a CycloneDX serialisation"
        ))),
    }?;
    if !options.lenient && !outcome.diagnostics.is_empty() {
        return Err(SbomError::Invalid {
            detected: outcome.detected,
            diagnostics: outcome.diagnostics,
        });
    }
    Ok(outcome)
}

/// Validates a document against its official schema (bundled; no network).
pub fn validate(bytes: &[u8], options: &ReadOptions) -> Result<Validation, SbomError> {
    let text = input::check(bytes, options)?;
    let text = &*input::normalize_line_ends(text);
    let detected = detect::detect_text(text)?;
    let errors = match (detected.format, detected.encoding) {
        (SbomFormat::CycloneDx, Encoding::Json) => {
            cyclonedx::validate_json(text, &detected, options)?
        }
        (SbomFormat::CycloneDx, Encoding::Xml) => {
            cyclonedx::validate_xml(text, &detected, options)?
        }
        (SbomFormat::Spdx, _) => spdx::validate(text, &detected, options)?,
        (SbomFormat::CycloneDx, _) => Vec::new(),
    };
    // SPDX 3 JSON-LD (no bundled schema) is checked for the structure medcyber reads only.
    let schema_checked = !matches!(
        (detected.format, detected.encoding),
        (SbomFormat::Spdx, Encoding::JsonLd)
    );
    Ok(Validation {
        detected,
        errors,
        schema_checked,
    })
}

/// A format medcyber writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// CycloneDX 1.6 JSON.
    CycloneDxJson,
    /// CycloneDX 1.6 XML.
    CycloneDxXml,
    /// SPDX 2.3 JSON.
    SpdxJson,
    /// SPDX 2.3 tag-value.
    SpdxTagValue,
}

impl Target {
    /// Every target, in the order the CLI lists them.
    pub const ALL: [Target; 4] = [
        Target::CycloneDxJson,
        Target::CycloneDxXml,
        Target::SpdxJson,
        Target::SpdxTagValue,
    ];

    /// The CLI name (`cyclonedx-json`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Target::CycloneDxJson => "cyclonedx-json",
            Target::CycloneDxXml => "cyclonedx-xml",
            Target::SpdxJson => "spdx-json",
            Target::SpdxTagValue => "spdx-tv",
        }
    }

    /// The target for a CLI name.
    pub fn parse(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// Writes the model in a target format, with everything the target could not hold.
pub fn write(sbom: &Sbom, target: Target) -> Written {
    match target {
        Target::CycloneDxJson => cyclonedx::write::to_json(sbom),
        Target::CycloneDxXml => cyclonedx::write::to_xml(sbom),
        Target::SpdxJson => spdx::write::to_json(sbom),
        Target::SpdxTagValue => spdx::write::to_tag_value(sbom),
    }
}

#[cfg(test)]
pub(crate) mod testfiles {
    //! The shared test data's documents, for the crate's unit tests.
    use std::path::{Path, PathBuf};

    /// Every file under `set` (a directory of the shared test data) whose name ends in
    /// `suffix`, sorted; empty (with the testdata crate's message) when the set is absent.
    pub(crate) fn under(set: &str, suffix: &str) -> Vec<PathBuf> {
        fn walk(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, suffix, out);
                } else if path.to_string_lossy().ends_with(suffix) {
                    out.push(path);
                }
            }
        }
        let mut out = Vec::new();
        if let Some(dir) = medcyber_testdata::dir(set) {
            walk(&dir, suffix, &mut out);
        }
        out.sort();
        out
    }
}
