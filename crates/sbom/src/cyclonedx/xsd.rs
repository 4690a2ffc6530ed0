//! Validation of CycloneDX XML against the official XSD (bundled), with libxml2 — the XSD
//! validator behind `xmllint --schema`, so the verdicts are the reference's own.
//!
//! The schemas of 1.2–1.7 are compiled on first use, once per thread (libxml2's compiled
//! schemas and validation contexts are not shared between threads). Every CycloneDX XSD imports
//! the SPDX licence list by `schemaLocation="http://cyclonedx.org/schema/spdx"`; an external
//! entity loader installed for the process answers that location with the bundled `spdx.xsd`
//! and refuses every other load, so neither a schema nor a document can make libxml2 touch the
//! network or the file system.
//!
//! The document reaches libxml2 only after [`super::xml`] has read it: by then it is well formed,
//! within the size and depth limits, and has no document type declaration (so no entity can be
//! declared, let alone expanded).

use std::cell::RefCell;
use std::ffi::{CStr, c_char};
use std::ptr;
use std::sync::Once;

use libxml::bindings;
use libxml::parser::{Parser, ParserOptions};
use libxml::schemas::{SchemaParserContext, SchemaValidationContext};

use crate::schema::CycloneDxVersion;
use crate::{Diagnostic, Location};

/// The location the CycloneDX XSDs import the SPDX licence list from.
const SPDX_LOCATION: &[u8] = b"http://cyclonedx.org/schema/spdx";

/// The bundled SPDX licence-list schema, NUL-terminated for libxml2.
const SPDX_XSD: &str = concat!(
    include_str!("../../../../data/schemas/cyclonedx/spdx.xsd"),
    "\0"
);

fn xsd_text(version: CycloneDxVersion) -> &'static str {
    match version {
        CycloneDxVersion::V1_2 => include_str!("../../../../data/schemas/cyclonedx/bom-1.2.xsd"),
        CycloneDxVersion::V1_3 => include_str!("../../../../data/schemas/cyclonedx/bom-1.3.xsd"),
        CycloneDxVersion::V1_4 => include_str!("../../../../data/schemas/cyclonedx/bom-1.4.xsd"),
        CycloneDxVersion::V1_5 => include_str!("../../../../data/schemas/cyclonedx/bom-1.5.xsd"),
        CycloneDxVersion::V1_6 => include_str!("../../../../data/schemas/cyclonedx/bom-1.6.xsd"),
        CycloneDxVersion::V1_7 => include_str!("../../../../data/schemas/cyclonedx/bom-1.7.xsd"),
    }
}

/// libxml2's external entity loader for this process: the bundled SPDX schema for its one
/// location, nothing for anything else (libxml2 then reports the load as failed).
///
/// `unsafe` because libxml2 calls it through a C function pointer with raw pointers.
#[allow(unsafe_code)]
unsafe extern "C" fn bundled_only(
    url: *const c_char,
    _id: *const c_char,
    context: bindings::xmlParserCtxtPtr,
) -> bindings::xmlParserInputPtr {
    if url.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: libxml2 passes a NUL-terminated string that lives for the duration of the call.
    let url = unsafe { CStr::from_ptr(url) };
    if url.to_bytes() != SPDX_LOCATION {
        return ptr::null_mut();
    }
    // SAFETY: `SPDX_XSD` is a 'static NUL-terminated string; libxml2 copies it into a new
    // input stream owned by `context` (which may be null, which the function accepts).
    unsafe { bindings::xmlNewStringInputStream(context, SPDX_XSD.as_ptr().cast()) }
}

/// Installs [`bundled_only`] as libxml2's external entity loader, once per process.
#[allow(unsafe_code)]
fn install_loader() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // SAFETY: xmlInitParser is idempotent and sets up libxml2's global state before any
        // thread uses it; the loader is a plain function that lives for the whole process.
        unsafe {
            bindings::xmlInitParser();
            bindings::xmlSetExternalEntityLoader(Some(bundled_only));
        }
    });
}

thread_local! {
    /// Compiled validators per CycloneDX version, built on first use on this thread.
    static VALIDATORS: RefCell<[Option<SchemaValidationContext>; 6]> =
        const { RefCell::new([None, None, None, None, None, None]) };
}

fn index(version: CycloneDxVersion) -> usize {
    match version {
        CycloneDxVersion::V1_2 => 0,
        CycloneDxVersion::V1_3 => 1,
        CycloneDxVersion::V1_4 => 2,
        CycloneDxVersion::V1_5 => 3,
        CycloneDxVersion::V1_6 => 4,
        CycloneDxVersion::V1_7 => 5,
    }
}

fn located(line: Option<i32>, column: Option<i32>) -> Location {
    let positive = |n: Option<i32>| n.and_then(|n| usize::try_from(n).ok()).filter(|&n| n > 0);
    match (positive(line), positive(column)) {
        (Some(line), Some(column)) => Location::LineColumn { line, column },
        (Some(line), None) => Location::Line { line },
        _ => Location::Document {},
    }
}

fn message(error: &libxml::error::StructuredError) -> String {
    error
        .message
        .as_deref()
        .unwrap_or("schema validation failed")
        .trim_end()
        .to_owned()
}

/// Validates a CycloneDX XML document (already checked for well-formedness and safety by the
/// reader) against the XSD of its version. Every violation libxml2 reports is returned, located
/// by line (and column where libxml2 knows it).
pub(crate) fn validate(text: &str, version: CycloneDxVersion) -> Vec<Diagnostic> {
    install_loader();
    let options = ParserOptions {
        recover: false,
        no_net: true,
        // Size and depth are limited by medcyber's own reader before this point; libxml2's
        // default caps (10 MB per text node) would reject legitimate embedded licence texts.
        huge: true,
        encoding: Some("UTF-8"),
        ..ParserOptions::default()
    };
    let document = match Parser::default().parse_string_with_options(text, options) {
        Ok(document) => document,
        Err(_) => {
            return vec![Diagnostic {
                location: Location::Document {},
                message: "libxml2 could not parse the document for schema validation".to_owned(),
            }];
        }
    };
    VALIDATORS.with(|cell| {
        let mut validators = cell.borrow_mut();
        let slot = &mut validators[index(version)];
        if slot.is_none() {
            let mut parser = SchemaParserContext::from_buffer(xsd_text(version));
            match SchemaValidationContext::from_parser(&mut parser) {
                Ok(context) => *slot = Some(context),
                Err(errors) => {
                    // The bundled schemas compile (a unit test checks each); reaching this
                    // means libxml2 itself is unusable, which the verdict must not hide.
                    return vec![Diagnostic {
                        location: Location::Document {},
                        message: format!(
                            "the bundled CycloneDX XSD could not be compiled: {}",
                            errors.first().map(message).unwrap_or_default()
                        ),
                    }];
                }
            }
        }
        let Some(context) = slot.as_mut() else {
            return Vec::new();
        };
        match context.validate_document(&document) {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| Diagnostic {
                    location: located(e.line, e.col),
                    message: message(e),
                })
                .collect(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERSIONS: [CycloneDxVersion; 6] = [
        CycloneDxVersion::V1_2,
        CycloneDxVersion::V1_3,
        CycloneDxVersion::V1_4,
        CycloneDxVersion::V1_5,
        CycloneDxVersion::V1_6,
        CycloneDxVersion::V1_7,
    ];

    fn minimal(version: &str, body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/{version}\" \
             version=\"1\">\n{body}\n</bom>\n"
        )
    }

    #[test]
    fn every_bundled_schema_compiles_and_accepts_a_minimal_document() {
        for version in VERSIONS {
            let v = format!("{version:?}").replace("V1_", "1.");
            let doc = minimal(&v, "<components/>");
            assert_eq!(validate(&doc, version), Vec::new(), "{v}");
        }
    }

    #[test]
    fn a_violation_is_located_by_line() {
        let doc = minimal(
            "1.6",
            "<components>\n<component type=\"not-a-type\"><name>x</name></component>\n</components>",
        );
        let errors = validate(&doc, CycloneDxVersion::V1_6);
        assert!(!errors.is_empty());
        assert_eq!(errors[0].location, Location::Line { line: 4 }, "{errors:?}");
        assert!(errors[0].message.contains("not-a-type"), "{errors:?}");
    }

    #[test]
    fn the_spdx_licence_list_is_the_bundled_one() {
        let licence = |id: &str| {
            minimal(
                "1.6",
                &format!(
                    "<components><component type=\"library\"><name>x</name><licenses>\
                     <license><id>{id}</id></license></licenses></component></components>"
                ),
            )
        };
        assert!(validate(&licence("Apache-2.0"), CycloneDxVersion::V1_6).is_empty());
        assert!(!validate(&licence("Not-A-Licence"), CycloneDxVersion::V1_6).is_empty());
    }
}
