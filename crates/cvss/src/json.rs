//! The FIRST CVSS JSON representation (the `cvss-v2.0`, `cvss-v3.0`, `cvss-v3.1` and
//! `cvss-v4.0` schemas; NVD and CSAF embed it): [`to_json`] writes a vector with its metrics
//! and scores, [`from_json`] reads one back and checks that what it states agrees with its
//! `vectorString`.

use serde_json::{Map, Value, json};

use crate::metrics::Def;
use crate::{Cvss, CvssError, Severity, parse};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::None => "NONE",
        Severity::Low => "LOW",
        Severity::Medium => "MEDIUM",
        Severity::High => "HIGH",
        Severity::Critical => "CRITICAL",
    }
}

fn metrics(out: &mut Map<String, Value>, defs: &[Def], values: &[Option<u8>]) {
    for (d, v) in defs.iter().zip(values) {
        if let Some(i) = v {
            out.insert(
                d.json.to_owned(),
                Value::from(d.json_values[usize::from(*i)]),
            );
        }
    }
}

/// The FIRST JSON representation of a vector, with every score its version defines.
pub fn to_json(cvss: &Cvss) -> Value {
    let mut out = Map::new();
    out.insert("version".to_owned(), Value::from(cvss.version().as_str()));
    out.insert("vectorString".to_owned(), Value::from(cvss.to_string()));
    match cvss {
        Cvss::V2(v) => {
            metrics(&mut out, crate::v2::DEFS, v.values());
            let s = v.scores();
            out.insert("baseScore".to_owned(), json!(s.base_score));
            if let Some(t) = s.temporal_score {
                out.insert("temporalScore".to_owned(), json!(t));
            }
            if let Some(e) = s.environmental_score {
                out.insert("environmentalScore".to_owned(), json!(e));
            }
        }
        Cvss::V3(v) => {
            metrics(&mut out, crate::v3::DEFS, v.values());
            let s = v.scores();
            out.insert("baseScore".to_owned(), json!(s.base_score));
            out.insert("baseSeverity".to_owned(), json!(severity(s.base_severity)));
            if let (Some(t), Some(ts)) = (s.temporal_score, s.temporal_severity) {
                out.insert("temporalScore".to_owned(), json!(t));
                out.insert("temporalSeverity".to_owned(), json!(severity(ts)));
            }
            if let (Some(e), Some(es)) = (s.environmental_score, s.environmental_severity) {
                out.insert("environmentalScore".to_owned(), json!(e));
                out.insert("environmentalSeverity".to_owned(), json!(severity(es)));
            }
        }
        Cvss::V4(v) => {
            metrics(&mut out, crate::v4::DEFS, v.values());
            let s = v.score();
            out.insert("baseScore".to_owned(), json!(s.score));
            out.insert("baseSeverity".to_owned(), json!(severity(s.severity)));
        }
    }
    Value::Object(out)
}

/// Reads the FIRST JSON representation: the vector of `vectorString`, after checking that
/// `version`, every metric property and every score the object states agree with it.
pub fn from_json(value: &Value) -> Result<Cvss, CvssError> {
    let fail = |message: String| CvssError {
        vector: value
            .get("vectorString")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        position: 0,
        message,
    };
    let vector = value
        .get("vectorString")
        .and_then(Value::as_str)
        .ok_or_else(|| fail("`vectorString` is missing or not a string".to_owned()))?;
    let version = value
        .get("version")
        .and_then(Value::as_str)
        .ok_or_else(|| fail("`version` is missing or not a string".to_owned()))?;
    let cvss = parse(vector)?;
    if cvss.version().as_str() != version {
        return Err(fail(format!(
            "`version` is {version} but `vectorString` is a CVSS {} vector",
            cvss.version()
        )));
    }
    let expected = to_json(&cvss);
    let Some(object) = value.as_object() else {
        return Err(fail("not a JSON object".to_owned()));
    };
    for (key, stated) in object {
        if matches!(key.as_str(), "version" | "vectorString") {
            continue;
        }
        match expected.get(key) {
            Some(computed) if key.ends_with("Score") => {
                let (a, b) = (stated.as_f64(), computed.as_f64());
                if !matches!((a, b), (Some(x), Some(y)) if (x - y).abs() < 1e-9) {
                    return Err(fail(format!(
                        "`{key}` is {stated} but the vector scores {computed}"
                    )));
                }
            }
            Some(computed) if computed != stated => {
                return Err(fail(format!(
                    "`{key}` is {stated} but the vector says {computed}"
                )));
            }
            Some(_) => {}
            // A metric the vector leaves out may be stated as NOT_DEFINED.
            None if stated == "NOT_DEFINED" => {}
            None if known_property(cvss.version(), key) => {
                return Err(fail(format!(
                    "`{key}` is {stated} but the vector does not set it"
                )));
            }
            None => {}
        }
    }
    Ok(cvss)
}

fn known_property(version: crate::Version, key: &str) -> bool {
    let defs = match version {
        crate::Version::V2 => crate::v2::DEFS,
        crate::Version::V3_0 | crate::Version::V3_1 => crate::v3::DEFS,
        crate::Version::V4 => crate::v4::DEFS,
    };
    defs.iter().any(|d| d.json == key)
}
