//! NVD 1.1 JSON feed items (`{"CVE_Items": [...]}`, the format of the retired
//! `nvdcve-1.1-*.json.gz` feeds), read by [`crate::nvd`] alongside API 2.0 documents and turned
//! into the same record: the 1.1 configuration tree (a top-level node with `children` is an
//! AND/OR of its children, a node without children is one OR node) becomes API 2.0
//! configurations, `impact.baseMetricV3`/`V2` the NVD's CVSS metrics, and a description starting
//! with `** REJECT **` a withdrawn record.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::nvd::NvdCpeMatch;

#[derive(Deserialize)]
pub(crate) struct Item {
    cve: Cve,
    #[serde(default)]
    configurations: Option<Configurations>,
    #[serde(default)]
    impact: Option<Impact>,
    #[serde(default, rename = "publishedDate")]
    published: Option<String>,
    #[serde(default, rename = "lastModifiedDate")]
    last_modified: Option<String>,
}

#[derive(Deserialize)]
struct Cve {
    #[serde(rename = "CVE_data_meta")]
    meta: Meta,
    #[serde(default)]
    problemtype: Option<ProblemTypes>,
    #[serde(default)]
    references: Option<References>,
    #[serde(default)]
    description: Option<Descriptions>,
}

#[derive(Deserialize)]
struct Meta {
    #[serde(rename = "ID")]
    id: String,
}

#[derive(Deserialize)]
struct ProblemTypes {
    #[serde(default)]
    problemtype_data: Vec<ProblemType>,
}

#[derive(Deserialize)]
struct ProblemType {
    #[serde(default)]
    description: Vec<LangValue>,
}

#[derive(Deserialize)]
struct LangValue {
    #[serde(default)]
    lang: String,
    value: String,
}

#[derive(Deserialize)]
struct References {
    #[serde(default)]
    reference_data: Vec<Reference>,
}

#[derive(Deserialize)]
struct Reference {
    url: String,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Deserialize)]
struct Descriptions {
    #[serde(default)]
    description_data: Vec<LangValue>,
}

#[derive(Deserialize)]
struct Configurations {
    #[serde(default)]
    nodes: Vec<Node>,
}

#[derive(Deserialize)]
struct Node {
    #[serde(default)]
    operator: Option<String>,
    #[serde(default)]
    negate: bool,
    #[serde(default)]
    children: Vec<Node>,
    #[serde(default)]
    cpe_match: Vec<NvdCpeMatch>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Impact {
    #[serde(default)]
    base_metric_v3: Option<Metric3>,
    #[serde(default)]
    base_metric_v2: Option<Metric2>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metric3 {
    cvss_v3: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metric2 {
    cvss_v2: Value,
}

fn node_json(n: &Node) -> Value {
    json!({
        "operator": n.operator.as_deref().unwrap_or("OR"),
        "negate": n.negate,
        "cpeMatch": n.cpe_match,
    })
}

/// The item as an API 2.0 CVE object; an error for a configuration nested deeper than the two
/// levels NVD used (it could not be carried over exactly).
pub(crate) fn to_api2(item: Item) -> Result<Value, String> {
    let id = item.cve.meta.id;
    let descriptions: Vec<Value> = item
        .cve
        .description
        .map(|d| d.description_data)
        .unwrap_or_default()
        .into_iter()
        .map(|d| json!({"lang": d.lang, "value": d.value}))
        .collect();
    let rejected = descriptions.iter().any(|d| {
        d["value"]
            .as_str()
            .is_some_and(|v| v.starts_with("** REJECT **"))
    });
    let mut configurations = Vec::new();
    for top in item.configurations.map(|c| c.nodes).unwrap_or_default() {
        if top.children.iter().any(|c| !c.children.is_empty()) {
            return Err(format!(
                "{id}: a configuration nested deeper than two levels cannot be carried over exactly"
            ));
        }
        if top.children.is_empty() {
            configurations
                .push(json!({"operator": "OR", "negate": false, "nodes": [node_json(&top)]}));
        } else {
            let mut nodes: Vec<Value> = top.children.iter().map(node_json).collect();
            if !top.cpe_match.is_empty() {
                nodes.push(node_json(&Node {
                    operator: Some("OR".to_owned()),
                    negate: false,
                    children: Vec::new(),
                    cpe_match: top.cpe_match,
                }));
            }
            configurations.push(json!({
                "operator": top.operator.as_deref().unwrap_or("OR"),
                "negate": top.negate,
                "nodes": nodes,
            }));
        }
    }
    let mut metrics = serde_json::Map::new();
    if let Some(m) = item.impact.as_ref().and_then(|i| i.base_metric_v3.as_ref()) {
        let key = match m.cvss_v3.get("version").and_then(Value::as_str) {
            Some("3.0") => "cvssMetricV30",
            _ => "cvssMetricV31",
        };
        metrics.insert(
            key.to_owned(),
            json!([{"source": "nvd@nist.gov", "cvssData": m.cvss_v3}]),
        );
    }
    if let Some(m) = item.impact.as_ref().and_then(|i| i.base_metric_v2.as_ref()) {
        metrics.insert(
            "cvssMetricV2".to_owned(),
            json!([{"source": "nvd@nist.gov", "cvssData": m.cvss_v2}]),
        );
    }
    let weaknesses: Vec<Value> = item
        .cve
        .problemtype
        .map(|p| p.problemtype_data)
        .unwrap_or_default()
        .into_iter()
        .map(|p| json!({"description": p.description.into_iter().map(|d| json!({"lang": d.lang, "value": d.value})).collect::<Vec<_>>()}))
        .collect();
    let references: Vec<Value> = item
        .cve
        .references
        .map(|r| r.reference_data)
        .unwrap_or_default()
        .into_iter()
        .map(|r| json!({"url": r.url, "tags": r.tags}))
        .collect();
    // 1.1 times carry no seconds (`2022-01-18T18:15Z`): seconds are added for RFC 3339.
    let time = |t: Option<String>| {
        t.map(|t| match t.strip_suffix('Z') {
            Some(base) if base.len() == 16 => format!("{base}:00Z"),
            _ => t,
        })
    };
    Ok(json!({
        "id": id,
        "published": time(item.published),
        "lastModified": time(item.last_modified),
        "vulnStatus": if rejected { "Rejected" } else { "Analyzed" },
        "descriptions": descriptions,
        "metrics": metrics,
        "weaknesses": weaknesses,
        "configurations": configurations,
        "references": references,
    }))
}
