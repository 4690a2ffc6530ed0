//! SARIF 2.1.0: one rule per vulnerability, one result per finding, located at the SBOM file
//! with the component as a logical location. `level` follows the severity (critical and high:
//! `error`, medium: `warning`, else `note`); `properties.security-severity` carries the highest
//! CVSS base score, as GitHub code scanning reads it. Suppressed findings carry a SARIF
//! `suppressions` entry (kind `external`, status `accepted`) with the justification.

use serde_json::{Value, json};

use crate::{Context, by_vulnerability, max_score, severity_name};
use medcyber_model::Severity;

pub fn write(ctx: &Context<'_>) -> Value {
    let groups = by_vulnerability(ctx.findings);
    let mut rules = Vec::new();
    let mut results = Vec::new();
    for (index, (id, findings)) in groups.iter().enumerate() {
        let first = findings[0];
        let score = findings
            .iter()
            .filter_map(|f| max_score(f))
            .max_by(f64::total_cmp);
        let level = findings.iter().filter_map(|f| f.severity_level).max();
        let mut rule = json!({
            "id": id,
            "shortDescription": {"text": first.vulnerability.summary.clone().unwrap_or_else(|| id.to_string())},
            "properties": {
                "tags": ["security", "vulnerability", severity_name(level)],
            }
        });
        if let Some(s) = score {
            rule["properties"]["security-severity"] = json!(format!("{s:.1}"));
        }
        if !first.vulnerability.aliases.is_empty() {
            rule["properties"]["aliases"] = json!(first.vulnerability.aliases);
        }
        rules.push(rule);
        for f in findings {
            let sarif_level = match f.severity_level {
                Some(Severity::Critical | Severity::High) => "error",
                Some(Severity::Medium) => "warning",
                _ => "note",
            };
            let name = match &f.component.version {
                Some(v) => format!("{}@{v}", f.component.name),
                None => f.component.name.clone(),
            };
            let mut text = format!("{id} in {name}: {}", f.evidence);
            if !f.fixed_versions.is_empty() {
                text.push_str(&format!(" Fixed in {}.", f.fixed_versions.join(", ")));
            }
            if f.kev {
                text.push_str(" Listed in CISA KEV.");
            }
            let mut result = json!({
                "ruleId": id,
                "ruleIndex": index,
                "level": sarif_level,
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": ctx.sbom_uri}},
                    "logicalLocations": [{
                        "name": name,
                        "fullyQualifiedName": f.component.purl.clone().or_else(|| f.component.cpe.clone()).unwrap_or_else(|| f.component.bom_ref.clone()),
                        "kind": "module"
                    }]
                }],
                "partialFingerprints": {
                    "medcyber/v1": format!("{id}|{}|{}", f.component.bom_ref, f.source.as_str())
                },
                "properties": {
                    "source": f.source.as_str(),
                    "confidence": f.confidence,
                    "matchKind": f.match_kind,
                    "kev": f.kev,
                }
            });
            if let Some(s) = &f.suppressed_by {
                let why = [s.justification.as_deref(), s.detail.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(": ");
                result["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("{} {} ({}){}", s.kind, s.status, s.source,
                        if why.is_empty() { String::new() } else { format!(": {why}") })
                }]);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "medcyber",
                "version": ctx.tool_version,
                "informationUri": "https://github.com/medcyber/medcyber",
                "rules": rules
            }},
            "artifacts": [{"location": {"uri": ctx.sbom_uri}}],
            "results": results
        }]
    })
}
