//! The official JSON schemas, bundled into the binary (`data/schemas`), and validation against
//! them with located diagnostics.
//!
//! Each validator is built once, on first use. The CycloneDX schemas refer to `spdx.schema.json`,
//! `jsf-0.82.schema.json` and `cryptography-defs.schema.json` by their `$id`; those references
//! resolve to the bundled copies, and any other external reference is refused, so validation
//! never touches the network.

use std::sync::OnceLock;

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;

use crate::{Diagnostic, Location};

/// A schema medcyber validates against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schema {
    /// CycloneDX JSON of one minor version (`1.2` … `1.7`).
    CycloneDx(CycloneDxVersion),
    /// SPDX 2.2 JSON (also used for 2.1).
    Spdx22,
    /// SPDX 2.3 JSON.
    Spdx23,
}

/// The CycloneDX versions with a JSON schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CycloneDxVersion {
    /// 1.2
    V1_2,
    /// 1.3
    V1_3,
    /// 1.4
    V1_4,
    /// 1.5
    V1_5,
    /// 1.6
    V1_6,
    /// 1.7
    V1_7,
}

impl CycloneDxVersion {
    /// The version for a `specVersion` string.
    pub fn parse(version: &str) -> Option<CycloneDxVersion> {
        Some(match version {
            "1.2" => CycloneDxVersion::V1_2,
            "1.3" => CycloneDxVersion::V1_3,
            "1.4" => CycloneDxVersion::V1_4,
            "1.5" => CycloneDxVersion::V1_5,
            "1.6" => CycloneDxVersion::V1_6,
            "1.7" => CycloneDxVersion::V1_7,
            _ => return None,
        })
    }

    fn index(self) -> usize {
        self as usize
    }

    fn text(self) -> &'static str {
        match self {
            CycloneDxVersion::V1_2 => {
                include_str!("../../../data/schemas/cyclonedx/bom-1.2.schema.json")
            }
            CycloneDxVersion::V1_3 => {
                include_str!("../../../data/schemas/cyclonedx/bom-1.3.schema.json")
            }
            CycloneDxVersion::V1_4 => {
                include_str!("../../../data/schemas/cyclonedx/bom-1.4.schema.json")
            }
            CycloneDxVersion::V1_5 => {
                include_str!("../../../data/schemas/cyclonedx/bom-1.5.schema.json")
            }
            CycloneDxVersion::V1_6 => {
                include_str!("../../../data/schemas/cyclonedx/bom-1.6.schema.json")
            }
            CycloneDxVersion::V1_7 => {
                include_str!("../../../data/schemas/cyclonedx/bom-1.7.schema.json")
            }
        }
    }
}

/// The documents the CycloneDX schemas refer to, by `$id`.
const CYCLONEDX_REFERENCED: &[(&str, &str)] = &[
    (
        "http://cyclonedx.org/schema/spdx.schema.json",
        include_str!("../../../data/schemas/cyclonedx/spdx.schema.json"),
    ),
    (
        "http://cyclonedx.org/schema/jsf-0.82.schema.json",
        include_str!("../../../data/schemas/cyclonedx/jsf-0.82.schema.json"),
    ),
    (
        "http://cyclonedx.org/schema/cryptography-defs.schema.json",
        include_str!("../../../data/schemas/cyclonedx/cryptography-defs.schema.json"),
    ),
];

/// Resolves references to the bundled schemas only.
struct Bundled;

impl Retrieve for Bundled {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let wanted = uri.as_str().trim_end_matches('#');
        let text = CYCLONEDX_REFERENCED
            .iter()
            .find(|(id, _)| *id == wanted || id.replace("http:", "https:") == wanted)
            .map(|(_, text)| *text)
            .ok_or_else(|| format!("`{wanted}` is not a bundled schema (no network access)"))?;
        Ok(serde_json::from_str(text)?)
    }
}

fn build(text: &str) -> Result<Validator, String> {
    let schema: Value =
        serde_json::from_str(text).map_err(|e| format!("bundled schema is not JSON: {e}"))?;
    jsonschema::options()
        .with_retriever(Bundled)
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| format!("bundled schema does not compile: {e}"))
}

type Cell = OnceLock<Result<Validator, String>>;

static CYCLONEDX: [Cell; 6] = [
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
];
static SPDX22: Cell = OnceLock::new();
static SPDX23: Cell = OnceLock::new();

fn validator(schema: Schema) -> Result<&'static Validator, &'static str> {
    let built = match schema {
        Schema::CycloneDx(v) => CYCLONEDX[v.index()].get_or_init(|| build(v.text())),
        Schema::Spdx22 => SPDX22.get_or_init(|| {
            build(include_str!(
                "../../../data/schemas/spdx/spdx-2.2.schema.json"
            ))
        }),
        Schema::Spdx23 => SPDX23.get_or_init(|| {
            build(include_str!(
                "../../../data/schemas/spdx/spdx-2.3.schema.json"
            ))
        }),
    };
    built.as_ref().map_err(String::as_str)
}

/// True for an id of the SPDX licence list (the `enum` of the bundled CycloneDX
/// `spdx.schema.json`).
pub fn is_spdx_license_id(id: &str) -> bool {
    static IDS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    IDS.get_or_init(|| {
        let schema: Value = serde_json::from_str(CYCLONEDX_REFERENCED[0].1).unwrap_or(Value::Null);
        schema
            .get("enum")
            .and_then(Value::as_array)
            .map(|ids| {
                ids.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    })
    .contains(id)
}

/// Validates `instance` against `schema`: every problem, located by JSON pointer, in document
/// order.
pub fn validate(schema: Schema, instance: &Value) -> Vec<Diagnostic> {
    let validator = match validator(schema) {
        Ok(v) => v,
        Err(message) => {
            return vec![Diagnostic {
                location: Location::Document {},
                message: message.to_owned(),
            }];
        }
    };
    if validator.is_valid(instance) {
        return Vec::new();
    }
    let mut out: Vec<Diagnostic> = validator
        .iter_errors(instance)
        .map(|e| Diagnostic {
            location: Location::Pointer {
                pointer: e.instance_path().as_str().to_owned(),
            },
            message: e.to_string(),
        })
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_bundled_schema_compiles() {
        for v in [
            CycloneDxVersion::V1_2,
            CycloneDxVersion::V1_3,
            CycloneDxVersion::V1_4,
            CycloneDxVersion::V1_5,
            CycloneDxVersion::V1_6,
            CycloneDxVersion::V1_7,
        ] {
            assert!(validator(Schema::CycloneDx(v)).is_ok(), "{v:?}");
        }
        assert!(validator(Schema::Spdx22).is_ok());
        assert!(validator(Schema::Spdx23).is_ok());
    }

    #[test]
    fn problems_are_located_by_pointer() {
        let doc = json!({
            "bomFormat": "CycloneDX",
            "specVersion": "1.6",
            "components": [{"type": "gadget", "name": "x"}]
        });
        let problems = validate(Schema::CycloneDx(CycloneDxVersion::V1_6), &doc);
        assert!(
            problems.iter().any(|d| d.location
                == Location::Pointer {
                    pointer: "/components/0/type".into()
                }),
            "{problems:?}"
        );
    }
}
