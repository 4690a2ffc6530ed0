//! Format and version detection from the content, never the file name.
//!
//! - JSON with `"bomFormat": "CycloneDX"` and `specVersion` → CycloneDX JSON.
//! - JSON with `"spdxVersion": "SPDX-2.x"` → SPDX 2 JSON; JSON with an `@context` naming
//!   `spdx.org/rdf/3` → SPDX 3 JSON-LD.
//! - XML whose root element is in the `http://cyclonedx.org/schema/bom/1.x` namespace →
//!   CycloneDX XML. A document type declaration is refused here, before any XML parser runs.
//! - Text whose first tag is `SPDXVersion:` → SPDX tag-value; YAML with `spdxVersion:` → SPDX
//!   YAML.

use std::cell::RefCell;
use std::fmt;

use medcyber_model::sbom::{Encoding, SbomFormat};
use serde::de::{self, IgnoredAny, MapAccess, Visitor};

use crate::{Location, SbomError};

/// What a document is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Detected {
    /// CycloneDX or SPDX.
    pub format: SbomFormat,
    /// The serialisation.
    pub encoding: Encoding,
    /// The specification version (`1.6`, `2.3`, `3.0.1`).
    pub spec_version: String,
}

impl fmt::Display for Detected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = match self.format {
            SbomFormat::CycloneDx => "CycloneDX",
            SbomFormat::Spdx => "SPDX",
        };
        let encoding = match self.encoding {
            Encoding::Json => "JSON",
            Encoding::Xml => "XML",
            Encoding::TagValue => "tag-value",
            Encoding::Yaml => "YAML",
            Encoding::JsonLd => "JSON-LD",
        };
        write!(f, "{format} {} {encoding}", self.spec_version)
    }
}

/// CycloneDX versions read (JSON exists from 1.2; XML from 1.0 but medcyber reads 1.2 on).
pub const CYCLONEDX_VERSIONS: &[&str] = &["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"];
/// SPDX 2 versions read (2.1 through the 2.2 rules).
pub const SPDX2_VERSIONS: &[&str] = &["2.1", "2.2", "2.3"];

/// Detects format, encoding and version of a document.
pub fn detect(bytes: &[u8]) -> Result<Detected, SbomError> {
    let text = std::str::from_utf8(bytes).map_err(|e| SbomError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    detect_text(text.strip_prefix('\u{feff}').unwrap_or(text))
}

pub(crate) fn detect_text(text: &str) -> Result<Detected, SbomError> {
    let trimmed = text.trim_start();
    let detected = if trimmed.starts_with('{') {
        detect_json(text)?
    } else if trimmed.starts_with('<') {
        detect_xml(text)?
    } else if trimmed.is_empty() {
        return Err(SbomError::NotAnSbom("the document is empty".to_owned()));
    } else {
        detect_text_formats(text)?
    };
    check_version(&detected)?;
    Ok(detected)
}

fn check_version(d: &Detected) -> Result<(), SbomError> {
    let supported = match (d.format, d.encoding) {
        (SbomFormat::CycloneDx, _) => CYCLONEDX_VERSIONS.contains(&d.spec_version.as_str()),
        (SbomFormat::Spdx, Encoding::JsonLd) => d.spec_version.starts_with("3.0"),
        (SbomFormat::Spdx, _) => SPDX2_VERSIONS.contains(&d.spec_version.as_str()),
    };
    if supported {
        Ok(())
    } else {
        Err(SbomError::UnsupportedVersion {
            format: match d.format {
                SbomFormat::CycloneDx => "CycloneDX",
                SbomFormat::Spdx => "SPDX",
            },
            version: d.spec_version.clone(),
        })
    }
}

#[derive(Default)]
struct Probe {
    bom_format: Option<String>,
    spec_version: Option<String>,
    spdx_version: Option<String>,
    context: Option<String>,
}

impl Probe {
    fn done(&self) -> bool {
        (self.bom_format.is_some() && self.spec_version.is_some())
            || self.spdx_version.is_some()
            || self.context.is_some()
    }
}

/// Visits the top-level object's keys and stops as soon as the format is known (the
/// deserialiser then reports trailing input, which is ignored: the probe already has what it
/// needs, and the real reader reports syntax errors with their location).
struct ProbeVisitor<'p>(&'p RefCell<Probe>);

impl<'de> Visitor<'de> for ProbeVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "bomFormat" => {
                    self.0.borrow_mut().bom_format = map.next_value::<Option<String>>()?
                }
                "specVersion" => {
                    self.0.borrow_mut().spec_version =
                        Some(match map.next_value::<serde_json::Value>()? {
                            serde_json::Value::String(s) => s,
                            other => other.to_string(),
                        });
                }
                "spdxVersion" => {
                    self.0.borrow_mut().spdx_version = map.next_value::<Option<String>>()?
                }
                "@context" => {
                    let value: serde_json::Value = map.next_value()?;
                    self.0.borrow_mut().context = Some(value.to_string());
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            if self.0.borrow().done() {
                return Err(de::Error::custom("probe complete"));
            }
        }
        Ok(())
    }
}

fn detect_json(text: &str) -> Result<Detected, SbomError> {
    let probe = RefCell::new(Probe::default());
    let mut de = serde_json::Deserializer::from_str(text);
    let result = de::Deserializer::deserialize_map(&mut de, ProbeVisitor(&probe));
    let probe = probe.into_inner();
    if !probe.done()
        && let Err(e) = result
    {
        return Err(SbomError::Malformed {
            encoding: "JSON",
            location: Location::LineColumn {
                line: e.line(),
                column: e.column(),
            },
            message: e.to_string(),
        });
    }
    if let Some(context) = probe.context {
        if let Some(version) = spdx3_version(&context) {
            return Ok(Detected {
                format: SbomFormat::Spdx,
                encoding: Encoding::JsonLd,
                spec_version: version,
            });
        }
        return Err(SbomError::NotAnSbom(format!(
            "a JSON-LD document whose @context ({context}) is not SPDX 3"
        )));
    }
    if let Some(v) = probe.spdx_version {
        return Ok(Detected {
            format: SbomFormat::Spdx,
            encoding: Encoding::Json,
            spec_version: v.strip_prefix("SPDX-").unwrap_or(&v).to_owned(),
        });
    }
    match (probe.bom_format, probe.spec_version) {
        (Some(f), Some(v)) if f == "CycloneDX" => Ok(Detected {
            format: SbomFormat::CycloneDx,
            encoding: Encoding::Json,
            spec_version: v,
        }),
        (Some(f), _) if f != "CycloneDX" => Err(SbomError::NotAnSbom(format!(
            "`bomFormat` is `{f}`, not `CycloneDX`"
        ))),
        (Some(_), None) => Err(SbomError::NotAnSbom(
            "a CycloneDX document without `specVersion`".to_owned(),
        )),
        _ => Err(SbomError::NotAnSbom(
            "JSON without `bomFormat` (CycloneDX), `spdxVersion` (SPDX 2) or an SPDX 3 `@context`"
                .to_owned(),
        )),
    }
}

fn spdx3_version(context: &str) -> Option<String> {
    let start = context.find("spdx.org/rdf/")? + "spdx.org/rdf/".len();
    let version: String = context[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let version = version.trim_end_matches('.').to_owned();
    version.starts_with('3').then_some(version)
}

/// Finds the root element of an XML document without an XML parser: skips the declaration,
/// comments and processing instructions, refuses a DOCTYPE, then reads the root's `xmlns`.
fn detect_xml(text: &str) -> Result<Detected, SbomError> {
    let mut rest = text;
    let position = |rest: &str| {
        let offset = text.len() - rest.len();
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Location::LineColumn { line, column }
    };
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            let end = after.find("?>").ok_or_else(|| SbomError::Malformed {
                encoding: "XML",
                location: position(rest),
                message: "unterminated processing instruction".to_owned(),
            })?;
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").ok_or_else(|| SbomError::Malformed {
                encoding: "XML",
                location: position(rest),
                message: "unterminated comment".to_owned(),
            })?;
            rest = &after[end + 3..];
        } else if rest.starts_with("<!") {
            return Err(SbomError::Forbidden {
                location: position(rest),
                message: "document type declarations (DTDs) are refused: they enable entity expansion and external entities".to_owned(),
            });
        } else {
            break;
        }
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return Err(SbomError::NotAnSbom("no root element".to_owned()));
    };
    let end = tag.find('>').unwrap_or(tag.len());
    let tag = &tag[..end];
    let name = tag
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or_default();
    let local = name.rsplit(':').next().unwrap_or(name);
    let namespace = tag
        .split("xmlns")
        .skip(1)
        .filter_map(|attr| {
            let attr = attr.trim_start();
            let (prefix_part, value) = attr.split_once('=')?;
            let prefix = prefix_part.trim().trim_start_matches(':');
            let expected_prefix = name.split_once(':').map_or("", |(p, _)| p);
            if prefix != expected_prefix {
                return None;
            }
            let value = value.trim_start();
            let quote = value.chars().next()?;
            let inner = value.get(1..)?;
            Some(inner[..inner.find(quote)?].to_owned())
        })
        .next();
    match (local, namespace) {
        ("bom", Some(ns)) if ns.starts_with("http://cyclonedx.org/schema/bom/") => Ok(Detected {
            format: SbomFormat::CycloneDx,
            encoding: Encoding::Xml,
            spec_version: ns["http://cyclonedx.org/schema/bom/".len()..].to_owned(),
        }),
        ("bom", _) => Err(SbomError::NotAnSbom(
            "XML `bom` element without the CycloneDX namespace".to_owned(),
        )),
        ("RDF", _) => Err(SbomError::NotAnSbom(
            "SPDX RDF/XML is not supported; use SPDX JSON or tag-value".to_owned(),
        )),
        (other, _) => Err(SbomError::NotAnSbom(format!(
            "XML whose root element `{other}` is not a CycloneDX `bom`"
        ))),
    }
}

fn detect_text_formats(text: &str) -> Result<Detected, SbomError> {
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line == "---" {
            continue;
        }
        if let Some(v) = line.strip_prefix("SPDXVersion:") {
            let v = v.trim();
            return Ok(Detected {
                format: SbomFormat::Spdx,
                encoding: Encoding::TagValue,
                spec_version: v.strip_prefix("SPDX-").unwrap_or(v).to_owned(),
            });
        }
        if let Some(v) = line.strip_prefix("spdxVersion:") {
            let v = v.trim().trim_matches(['"', '\'']);
            return Ok(Detected {
                format: SbomFormat::Spdx,
                encoding: Encoding::Yaml,
                spec_version: v.strip_prefix("SPDX-").unwrap_or(v).to_owned(),
            });
        }
        // Tag-value documents may start with other tags; keep looking a little.
        if !line.contains(':') {
            break;
        }
    }
    Err(SbomError::NotAnSbom(
        "neither JSON, XML, SPDX tag-value nor SPDX YAML".to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Result<Detected, SbomError> {
        detect(text.as_bytes())
    }

    #[test]
    fn detects_each_format() {
        let cdx = d(r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": []}"#)
            .expect("cdx");
        assert_eq!(
            (cdx.format, cdx.encoding, cdx.spec_version.as_str()),
            (SbomFormat::CycloneDx, Encoding::Json, "1.6")
        );
        // The probe stops early, so trailing garbage does not matter to detection.
        assert!(d(r#"{"bomFormat": "CycloneDX", "specVersion": "1.5", "x": [1,2"#).is_ok());
        let spdx = d(r#"{"SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3"}"#).expect("spdx");
        assert_eq!(
            (spdx.encoding, spdx.spec_version.as_str()),
            (Encoding::Json, "2.3")
        );
        let xml = d("<?xml version=\"1.0\"?>\n<!-- c -->\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\" version=\"1\"/>").expect("xml");
        assert_eq!(
            (xml.encoding, xml.spec_version.as_str()),
            (Encoding::Xml, "1.4")
        );
        let prefixed =
            d("<c:bom xmlns:c=\"http://cyclonedx.org/schema/bom/1.5\"/>").expect("prefixed");
        assert_eq!(prefixed.spec_version, "1.5");
        let tv = d("## comment\nSPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\n").expect("tv");
        assert_eq!(
            (tv.encoding, tv.spec_version.as_str()),
            (Encoding::TagValue, "2.2")
        );
        let ld =
            d(r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}"#)
                .expect("ld");
        assert_eq!(
            (ld.encoding, ld.spec_version.as_str()),
            (Encoding::JsonLd, "3.0.1")
        );
    }

    #[test]
    fn refuses_and_rejects() {
        assert!(matches!(
            d("<?xml version=\"1.0\"?><!DOCTYPE bom [<!ENTITY x \"y\">]><bom/>"),
            Err(SbomError::Forbidden { .. })
        ));
        assert!(matches!(
            d(r#"{"bomFormat": "CycloneDX", "specVersion": "0.9"}"#),
            Err(SbomError::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            d(r#"{"name": "package.json"}"#),
            Err(SbomError::NotAnSbom(_))
        ));
        assert!(matches!(
            d(r#"{"name": "#),
            Err(SbomError::Malformed { .. })
        ));
        assert!(matches!(d(""), Err(SbomError::NotAnSbom(_))));
        assert!(matches!(
            d("<html><body/></html>"),
            Err(SbomError::NotAnSbom(_))
        ));
    }
}
