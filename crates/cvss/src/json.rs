//! The FIRST CVSS JSON representation (the `cvss-v2.0`, `cvss-v3.0`, `cvss-v3.1` and
//! `cvss-v4.0` schemas; NVD and CSAF embed it): [`to_json`] writes a vector with its metrics
//! and scores, [`from_json`] reads one back and checks that what it states agrees with its
//! `vectorString`.

use serde_json::{Map, Value, json};

use crate::metrics::Def;
use crate::{Cvss, CvssError, Severity, parse};

type Names = &'static [(&'static str, &'static [&'static str])];

/// JSON property and enumeration names per vector metric, aligned with each version's table.
const V2: Names = &[
    ("accessVector", &["LOCAL", "ADJACENT_NETWORK", "NETWORK"]),
    ("accessComplexity", &["HIGH", "MEDIUM", "LOW"]),
    ("authentication", &["MULTIPLE", "SINGLE", "NONE"]),
    ("confidentialityImpact", &["NONE", "PARTIAL", "COMPLETE"]),
    ("integrityImpact", &["NONE", "PARTIAL", "COMPLETE"]),
    ("availabilityImpact", &["NONE", "PARTIAL", "COMPLETE"]),
    (
        "exploitability",
        &[
            "UNPROVEN",
            "PROOF_OF_CONCEPT",
            "FUNCTIONAL",
            "HIGH",
            "NOT_DEFINED",
        ],
    ),
    (
        "remediationLevel",
        &[
            "OFFICIAL_FIX",
            "TEMPORARY_FIX",
            "WORKAROUND",
            "UNAVAILABLE",
            "NOT_DEFINED",
        ],
    ),
    (
        "reportConfidence",
        &["UNCONFIRMED", "UNCORROBORATED", "CONFIRMED", "NOT_DEFINED"],
    ),
    (
        "collateralDamagePotential",
        &[
            "NONE",
            "LOW",
            "LOW_MEDIUM",
            "MEDIUM_HIGH",
            "HIGH",
            "NOT_DEFINED",
        ],
    ),
    (
        "targetDistribution",
        &["NONE", "LOW", "MEDIUM", "HIGH", "NOT_DEFINED"],
    ),
    (
        "confidentialityRequirement",
        &["LOW", "MEDIUM", "HIGH", "NOT_DEFINED"],
    ),
    (
        "integrityRequirement",
        &["LOW", "MEDIUM", "HIGH", "NOT_DEFINED"],
    ),
    (
        "availabilityRequirement",
        &["LOW", "MEDIUM", "HIGH", "NOT_DEFINED"],
    ),
];

const V3: Names = &[
    (
        "attackVector",
        &["NETWORK", "ADJACENT_NETWORK", "LOCAL", "PHYSICAL"],
    ),
    ("attackComplexity", &["LOW", "HIGH"]),
    ("privilegesRequired", &["NONE", "LOW", "HIGH"]),
    ("userInteraction", &["NONE", "REQUIRED"]),
    ("scope", &["UNCHANGED", "CHANGED"]),
    ("confidentialityImpact", &["HIGH", "LOW", "NONE"]),
    ("integrityImpact", &["HIGH", "LOW", "NONE"]),
    ("availabilityImpact", &["HIGH", "LOW", "NONE"]),
    (
        "exploitCodeMaturity",
        &[
            "NOT_DEFINED",
            "HIGH",
            "FUNCTIONAL",
            "PROOF_OF_CONCEPT",
            "UNPROVEN",
        ],
    ),
    (
        "remediationLevel",
        &[
            "NOT_DEFINED",
            "UNAVAILABLE",
            "WORKAROUND",
            "TEMPORARY_FIX",
            "OFFICIAL_FIX",
        ],
    ),
    (
        "reportConfidence",
        &["NOT_DEFINED", "CONFIRMED", "REASONABLE", "UNKNOWN"],
    ),
    (
        "confidentialityRequirement",
        &["NOT_DEFINED", "HIGH", "MEDIUM", "LOW"],
    ),
    (
        "integrityRequirement",
        &["NOT_DEFINED", "HIGH", "MEDIUM", "LOW"],
    ),
    (
        "availabilityRequirement",
        &["NOT_DEFINED", "HIGH", "MEDIUM", "LOW"],
    ),
    (
        "modifiedAttackVector",
        &[
            "NOT_DEFINED",
            "NETWORK",
            "ADJACENT_NETWORK",
            "LOCAL",
            "PHYSICAL",
        ],
    ),
    ("modifiedAttackComplexity", &["NOT_DEFINED", "LOW", "HIGH"]),
    (
        "modifiedPrivilegesRequired",
        &["NOT_DEFINED", "NONE", "LOW", "HIGH"],
    ),
    (
        "modifiedUserInteraction",
        &["NOT_DEFINED", "NONE", "REQUIRED"],
    ),
    ("modifiedScope", &["NOT_DEFINED", "UNCHANGED", "CHANGED"]),
    (
        "modifiedConfidentialityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
    (
        "modifiedIntegrityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
    (
        "modifiedAvailabilityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
];

const V4: Names = &[
    (
        "attackVector",
        &["NETWORK", "ADJACENT", "LOCAL", "PHYSICAL"],
    ),
    ("attackComplexity", &["LOW", "HIGH"]),
    ("attackRequirements", &["NONE", "PRESENT"]),
    ("privilegesRequired", &["NONE", "LOW", "HIGH"]),
    ("userInteraction", &["NONE", "PASSIVE", "ACTIVE"]),
    ("vulnConfidentialityImpact", &["HIGH", "LOW", "NONE"]),
    ("vulnIntegrityImpact", &["HIGH", "LOW", "NONE"]),
    ("vulnAvailabilityImpact", &["HIGH", "LOW", "NONE"]),
    ("subConfidentialityImpact", &["HIGH", "LOW", "NONE"]),
    ("subIntegrityImpact", &["HIGH", "LOW", "NONE"]),
    ("subAvailabilityImpact", &["HIGH", "LOW", "NONE"]),
    (
        "exploitMaturity",
        &["NOT_DEFINED", "ATTACKED", "PROOF_OF_CONCEPT", "UNREPORTED"],
    ),
    (
        "confidentialityRequirement",
        &["NOT_DEFINED", "HIGH", "MEDIUM", "LOW"],
    ),
    (
        "integrityRequirement",
        &["NOT_DEFINED", "HIGH", "MEDIUM", "LOW"],
    ),
    (
        "availabilityRequirement",
        &["NOT_DEFINED", "HIGH", "MEDIUM", "LOW"],
    ),
    (
        "modifiedAttackVector",
        &["NOT_DEFINED", "NETWORK", "ADJACENT", "LOCAL", "PHYSICAL"],
    ),
    ("modifiedAttackComplexity", &["NOT_DEFINED", "LOW", "HIGH"]),
    (
        "modifiedAttackRequirements",
        &["NOT_DEFINED", "NONE", "PRESENT"],
    ),
    (
        "modifiedPrivilegesRequired",
        &["NOT_DEFINED", "NONE", "LOW", "HIGH"],
    ),
    (
        "modifiedUserInteraction",
        &["NOT_DEFINED", "NONE", "PASSIVE", "ACTIVE"],
    ),
    (
        "modifiedVulnConfidentialityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
    (
        "modifiedVulnIntegrityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
    (
        "modifiedVulnAvailabilityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
    (
        "modifiedSubConfidentialityImpact",
        &["NOT_DEFINED", "HIGH", "LOW", "NONE"],
    ),
    (
        "modifiedSubIntegrityImpact",
        &["NOT_DEFINED", "SAFETY", "HIGH", "LOW", "NONE"],
    ),
    (
        "modifiedSubAvailabilityImpact",
        &["NOT_DEFINED", "SAFETY", "HIGH", "LOW", "NONE"],
    ),
    ("Safety", &["NOT_DEFINED", "NEGLIGIBLE", "PRESENT"]),
    ("Automatable", &["NOT_DEFINED", "NO", "YES"]),
    (
        "Recovery",
        &["NOT_DEFINED", "AUTOMATIC", "USER", "IRRECOVERABLE"],
    ),
    ("valueDensity", &["NOT_DEFINED", "DIFFUSE", "CONCENTRATED"]),
    (
        "vulnerabilityResponseEffort",
        &["NOT_DEFINED", "LOW", "MODERATE", "HIGH"],
    ),
    (
        "providerUrgency",
        &["NOT_DEFINED", "CLEAR", "GREEN", "AMBER", "RED"],
    ),
];

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::None => "NONE",
        Severity::Low => "LOW",
        Severity::Medium => "MEDIUM",
        Severity::High => "HIGH",
        Severity::Critical => "CRITICAL",
    }
}

fn metrics(out: &mut Map<String, Value>, defs: &[Def], names: Names, values: &[Option<u8>]) {
    for ((_, (prop, enums)), v) in defs.iter().zip(names).zip(values) {
        if let Some(i) = v {
            out.insert((*prop).to_owned(), Value::from(enums[usize::from(*i)]));
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
            metrics(&mut out, crate::v2::DEFS, V2, v.values());
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
            metrics(&mut out, crate::v3::DEFS, V3, v.values());
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
            metrics(&mut out, crate::v4::DEFS, V4, v.values());
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
    let names = match version {
        crate::Version::V2 => V2,
        crate::Version::V3_0 | crate::Version::V3_1 => V3,
        crate::Version::V4 => V4,
    };
    names.iter().any(|(p, _)| *p == key)
}
