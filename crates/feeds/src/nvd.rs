//! NVD CVE API 2.0 records: API pages and the 2.0 feed files (`{"vulnerabilities": [{"cve":
//! {...}}]}`, optionally gzip-compressed), single `{"cve": {...}}` files, and bare CVE objects,
//! from a file or a directory tree; and the retired NVD 1.1 feed files (`{"CVE_Items": [...]}`,
//! see [`crate::nvd11`]), read the same way.
//!
//! Feed files are read as a stream: each element of `vulnerabilities` is parsed and handed
//! over on its own, so a year's feed never sits in memory whole. Each CVE keeps its
//! configurations exactly (operators, negation, vulnerable and running-on criteria, version
//! bounds), every CVSS metric with its source, CWEs and references; a `Rejected` CVE is marked
//! withdrawn.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufReader, Read};
use std::path::Path;

use medcyber_model::Advisory;
use medcyber_model::advisory::{
    Affected, ConfigNode, Configuration, CpeMatch, Operator, Reference, SeverityScore, Source,
};
use serde::Deserialize;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::walk;
use crate::{Counting, FeedError, Origin, Record, Sink, Stats};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NvdCve {
    id: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    last_modified: Option<String>,
    #[serde(default)]
    vuln_status: Option<String>,
    #[serde(default)]
    descriptions: Vec<LangString>,
    #[serde(default)]
    metrics: BTreeMap<String, Vec<Value>>,
    #[serde(default)]
    weaknesses: Vec<Weakness>,
    #[serde(default)]
    configurations: Vec<NvdConfig>,
    #[serde(default)]
    references: Vec<NvdReference>,
}

#[derive(Deserialize)]
struct LangString {
    #[serde(default)]
    lang: String,
    value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NvdMetric {
    #[serde(default)]
    source: Option<String>,
    cvss_data: CvssData,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CvssData {
    vector_string: String,
    #[serde(default)]
    base_score: Option<f64>,
}

#[derive(Deserialize)]
struct Weakness {
    #[serde(default)]
    description: Vec<LangString>,
}

#[derive(Deserialize)]
struct NvdConfig {
    #[serde(default)]
    operator: Option<String>,
    #[serde(default)]
    negate: bool,
    #[serde(default)]
    nodes: Vec<NvdNode>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NvdNode {
    #[serde(default)]
    operator: Option<String>,
    #[serde(default)]
    negate: bool,
    #[serde(default)]
    cpe_match: Vec<NvdCpeMatch>,
}

/// A `cpeMatch` criterion (API 2.0), also an NVD 1.1 `cpe_match` (its `cpe23Uri` is the
/// criterion).
#[derive(Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NvdCpeMatch {
    vulnerable: bool,
    #[serde(alias = "cpe23Uri")]
    criteria: String,
    #[serde(default)]
    version_start_including: Option<String>,
    #[serde(default)]
    version_start_excluding: Option<String>,
    #[serde(default)]
    version_end_including: Option<String>,
    #[serde(default)]
    version_end_excluding: Option<String>,
}

#[derive(Deserialize)]
struct NvdReference {
    url: String,
    #[serde(default)]
    tags: Vec<String>,
}

fn operator(op: Option<&str>) -> Operator {
    match op {
        Some(o) if o.eq_ignore_ascii_case("and") => Operator::And,
        _ => Operator::Or,
    }
}

/// NVD writes times without a zone (`2023-08-22T22:15:08.460`); they are UTC.
fn utc(t: Option<String>) -> Option<String> {
    t.map(|t| {
        if t.ends_with('Z') || t.contains('+') {
            t
        } else {
            format!("{t}Z")
        }
    })
}

fn convert(cve: NvdCve) -> Advisory {
    let rejected = cve
        .vuln_status
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("rejected"));
    let modified = utc(cve.last_modified);
    let details = cve
        .descriptions
        .iter()
        .find(|d| d.lang == "en")
        .or(cve.descriptions.first())
        .map(|d| d.value.trim().to_owned());
    let mut severity = Vec::new();
    for (key, metrics) in &cve.metrics {
        let kind = match key.as_str() {
            "cvssMetricV2" => "CVSS_V2",
            "cvssMetricV30" | "cvssMetricV31" => "CVSS_V3",
            "cvssMetricV40" => "CVSS_V4",
            _ => continue,
        };
        for m in metrics {
            // A metric of a shape medcyber does not know is skipped, not the whole CVE.
            let Ok(m) = NvdMetric::deserialize(m) else {
                continue;
            };
            severity.push(SeverityScore {
                kind: kind.to_owned(),
                vector: m.cvss_data.vector_string.clone(),
                score: m.cvss_data.base_score,
                assessor: m.source.clone(),
            });
        }
    }
    let mut cwes: Vec<String> = cve
        .weaknesses
        .iter()
        .flat_map(|w| &w.description)
        .map(|d| d.value.clone())
        .filter(|v| v.starts_with("CWE-"))
        .collect();
    cwes.sort();
    cwes.dedup();
    let configurations: Vec<Configuration> = cve
        .configurations
        .into_iter()
        .map(|c| Configuration {
            operator: operator(c.operator.as_deref()),
            negate: c.negate,
            nodes: c
                .nodes
                .into_iter()
                .map(|n| ConfigNode {
                    operator: operator(n.operator.as_deref()),
                    negate: n.negate,
                    matches: n
                        .cpe_match
                        .into_iter()
                        .map(|m| CpeMatch {
                            vulnerable: m.vulnerable,
                            criteria: m.criteria,
                            version_start_including: m.version_start_including,
                            version_start_excluding: m.version_start_excluding,
                            version_end_including: m.version_end_including,
                            version_end_excluding: m.version_end_excluding,
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Advisory {
        id: cve.id,
        source: Some(Source::Nvd),
        database: Some("NVD".to_owned()),
        summary: None,
        details,
        published: utc(cve.published),
        withdrawn: if rejected { modified.clone() } else { None },
        modified,
        severity,
        cwes,
        affected: if configurations.is_empty() {
            Vec::new()
        } else {
            vec![Affected::Configurations { configurations }]
        },
        references: cve
            .references
            .into_iter()
            .map(|r| Reference {
                kind: r.tags.first().cloned().unwrap_or_else(|| "WEB".to_owned()),
                url: r.url,
            })
            .collect(),
        ..Advisory::default()
    }
}

/// Hands one NVD 1.1 `CVE_Items` element to the sink.
fn item11(value: Value, origin: Origin, out: &mut Counting<'_, '_>) {
    let converted = serde_json::from_value::<crate::nvd11::Item>(value)
        .map_err(|e| format!("not an NVD 1.1 CVE item: {e}"))
        .and_then(crate::nvd11::to_api2);
    match converted {
        Ok(cve) => item(cve, origin, out),
        Err(message) => out.err(FeedError::new(origin, message)),
    }
}

/// An API 2.0 `vulnerabilities` element.
#[derive(Deserialize)]
struct Wrapped {
    cve: NvdCve,
}

/// Hands one `vulnerabilities` element, given as its raw text, to the sink: deserialised straight
/// into the typed record (no intermediate `Value` tree), or, when that fails, through [`item`]
/// for the same lenient reading and error message as any other item.
fn raw_item(raw: &RawValue, origin: Origin, out: &mut Counting<'_, '_>) {
    match serde_json::from_str::<Wrapped>(raw.get()) {
        Ok(Wrapped { cve }) => out.ok(Record::Advisory(Box::new(convert(cve))), origin),
        Err(_) => match serde_json::from_str::<Value>(raw.get()) {
            Ok(value) => item(value, origin, out),
            Err(e) => out.err(FeedError::new(
                origin,
                format!("not an NVD CVE record: {e}"),
            )),
        },
    }
}

/// Hands one `{"cve": {...}}` item (or a bare CVE object) to the sink.
fn item(value: Value, origin: Origin, out: &mut Counting<'_, '_>) {
    let cve = match value {
        Value::Object(mut map) if map.contains_key("cve") => map.remove("cve").unwrap_or_default(),
        other => other,
    };
    match serde_json::from_value::<NvdCve>(cve) {
        Ok(cve) => {
            out.ok(Record::Advisory(Box::new(convert(cve))), origin);
        }
        Err(e) => out.err(FeedError::new(
            origin,
            format!("not an NVD CVE record: {e}"),
        )),
    }
}

struct Items<'o, 'c, 's, 'a> {
    origin: &'o Origin,
    out: &'c mut Counting<'s, 'a>,
    /// `vulnerabilities` (API 2.0) or `CVE_Items` (1.1).
    key: &'static str,
}

impl<'de> DeserializeSeed<'de> for Items<'_, '_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Items<'_, '_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of NVD CVE items")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            let origin = self.origin.at_pointer(format!("/{}/{i}", self.key));
            if self.key == "CVE_Items" {
                match serde_json::from_str::<Value>(raw.get()) {
                    Ok(value) => item11(value, origin, self.out),
                    Err(e) => self.out.err(FeedError::new(origin, e.to_string())),
                }
            } else {
                raw_item(&raw, origin, self.out);
            }
            i += 1;
        }
        Ok(())
    }
}

/// The top-level object: streams `vulnerabilities`, keeps other keys (a single `cve`, or the
/// fields of a bare CVE object) to decide at the end.
struct Top<'o, 'c, 's, 'a> {
    origin: &'o Origin,
    out: &'c mut Counting<'s, 'a>,
}

impl<'de> Visitor<'de> for Top<'_, '_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an NVD CVE API 2.0 response, feed file or CVE object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut rest = serde_json::Map::new();
        let mut streamed = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "vulnerabilities" || key == "CVE_Items" {
                map.next_value_seed(Items {
                    origin: self.origin,
                    out: self.out,
                    key: if key == "CVE_Items" {
                        "CVE_Items"
                    } else {
                        "vulnerabilities"
                    },
                })?;
                streamed = true;
            } else {
                let v: Value = map.next_value()?;
                rest.insert(key, v);
            }
        }
        if !streamed {
            if rest.contains_key("cve") || rest.contains_key("id") {
                item(Value::Object(rest), self.origin.clone(), self.out);
            } else {
                self.out.err(FeedError::new(
                    self.origin.clone(),
                    "not an NVD document (no `vulnerabilities`, `CVE_Items`, `cve` or `id`)",
                ));
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

fn read_stream(reader: impl Read, origin: &Origin, out: &mut Counting<'_, '_>) {
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 16, reader));
    let result = Top { origin, out }
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Err(e) = result {
        out.err(FeedError::new(
            origin.at_line(e.line()),
            format!("invalid JSON (column {}): {e}", e.column()),
        ));
    }
}

fn is_nvd_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".json") || name.ends_with(".json.gz")
}

/// Reads NVD CVE API 2.0 and 1.1 feed records from a file (JSON or `.json.gz`) or a directory
/// tree.
pub fn read(path: &Path, sink: &mut Sink<'_>) -> Result<Stats, FeedError> {
    let mut out = Counting {
        sink,
        stats: Stats::default(),
    };
    for file in walk::files(path, &is_nvd_file)? {
        let origin = Origin::file(&file);
        let f = match std::fs::File::open(&file) {
            Ok(f) => f,
            Err(e) => {
                out.err(FeedError::new(origin, format!("cannot open: {e}")));
                continue;
            }
        };
        if file.to_string_lossy().to_ascii_lowercase().ends_with(".gz") {
            read_stream(flate2::read::GzDecoder::new(f), &origin, &mut out);
        } else {
            read_stream(f, &origin, &mut out);
        }
    }
    Ok(out.stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<Advisory>, Vec<FeedError>) {
        crate::collect(|out| read_stream(text.as_bytes(), &Origin::file(Path::new("t.json")), out))
    }

    #[test]
    fn a_page_with_a_broken_record() {
        let (good, bad) = parse(
            r#"{"resultsPerPage": 2, "vulnerabilities": [
                {"cve": {"id": "CVE-2024-0001", "lastModified": "2024-01-02T03:04:05.678",
                  "vulnStatus": "Analyzed",
                  "metrics": {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary",
                    "cvssData": {"vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8}}]},
                  "weaknesses": [{"description": [{"lang": "en", "value": "CWE-787"}]}],
                  "configurations": [{"operator": "AND", "nodes": [
                    {"operator": "OR", "negate": false, "cpeMatch": [{"vulnerable": true,
                      "criteria": "cpe:2.3:o:acme:fw:*:*:*:*:*:*:*:*", "versionEndExcluding": "2.0"}]},
                    {"operator": "OR", "negate": false, "cpeMatch": [{"vulnerable": false,
                      "criteria": "cpe:2.3:h:acme:pump:-:*:*:*:*:*:*:*"}]}]}]}},
                {"cve": {"no_id": true}}
            ]}"#,
        );
        assert_eq!(good.len(), 1);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].origin.pointer.as_deref(), Some("/vulnerabilities/1"));
        let a = &good[0];
        assert_eq!(a.modified.as_deref(), Some("2024-01-02T03:04:05.678Z"));
        assert_eq!(a.severity[0].assessor.as_deref(), Some("nvd@nist.gov"));
        assert_eq!(a.cwes, ["CWE-787"]);
        let Affected::Configurations { configurations } = &a.affected[0] else {
            panic!("configurations")
        };
        assert_eq!(configurations[0].operator, Operator::And);
        assert!(!configurations[0].nodes[1].matches[0].vulnerable);
    }

    #[test]
    fn single_rejected_and_broken_json() {
        let (good, _) = parse(
            r#"{"cve": {"id": "CVE-1", "vulnStatus": "Rejected", "lastModified": "2024-01-01T00:00:00"}}"#,
        );
        assert!(good[0].is_withdrawn());
        let (good, bad) = parse(r#"{"vulnerabilities": [{"cve": {"id": "CVE-2"}}, "#);
        assert_eq!(good.len(), 1);
        assert_eq!(bad.len(), 1);
        let (good, bad) =
            parse(r#"{"CVE_Items": [{"cve": {}}, {"cve": {"CVE_data_meta": {"ID": "CVE-3"}}}]}"#);
        assert_eq!(good.len(), 1);
        assert!(bad[0].message.contains("NVD 1.1"), "{}", bad[0]);
        assert_eq!(bad[0].origin.pointer.as_deref(), Some("/CVE_Items/0"));
        // A configuration deeper than NVD's two levels is reported, not approximated.
        let (good, bad) = parse(
            r#"{"CVE_Items": [{"cve": {"CVE_data_meta": {"ID": "CVE-4"}}, "configurations": {"nodes": [
                {"operator": "AND", "children": [{"operator": "OR", "children": [{"operator": "OR", "cpe_match": []}]}]}]}}]}"#,
        );
        assert!(good.is_empty());
        assert!(bad[0].message.contains("nested deeper"), "{}", bad[0]);
    }
}
