//! OSV records (<https://ossf.github.io/osv-schema/>): JSON or YAML files, directories of them,
//! and zip archives laid out as osv.dev's `all.zip` (one JSON record per entry).
//!
//! A file may also hold a JSON array of records, or an object with a `vulns` array (the osv.dev
//! query API's answer). Each record is checked for what matching relies on — an `id`, a
//! `modified` time, a package `ecosystem` and `name` per `affected` entry, exactly one event per
//! range event — and reported as broken otherwise. Fields medcyber does not use (credits,
//! `ecosystem_specific`, ...) are ignored.

use std::path::Path;

use medcyber_model::Advisory;
use medcyber_model::advisory::{
    Affected, Event, OsvRange, RangeKind, Reference, SeverityScore, Source,
};
use serde::Deserialize;
use serde_json::Value;

use crate::walk::{self, Entry};
use crate::{Counting, FeedError, Origin, Record, Sink, Stats};

#[derive(Deserialize)]
struct OsvRecord {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    modified: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    withdrawn: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    upstream: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    details: Option<String>,
    #[serde(default)]
    severity: Vec<OsvSeverity>,
    #[serde(default)]
    affected: Vec<OsvAffected>,
    #[serde(default)]
    references: Vec<OsvReference>,
    #[serde(default)]
    database_specific: Option<Value>,
    /// The osv.dev query API wraps records in `{"vulns": [...]}`.
    #[serde(default)]
    vulns: Option<Vec<Value>>,
}

#[derive(Deserialize)]
struct OsvSeverity {
    #[serde(rename = "type")]
    kind: String,
    score: String,
}

#[derive(Deserialize)]
struct OsvAffected {
    #[serde(default)]
    package: Option<OsvPackage>,
    #[serde(default)]
    severity: Vec<OsvSeverity>,
    #[serde(default)]
    ranges: Vec<OsvRangeRecord>,
    #[serde(default)]
    versions: Vec<String>,
}

#[derive(Deserialize)]
struct OsvPackage {
    #[serde(default)]
    ecosystem: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    purl: Option<String>,
}

#[derive(Deserialize)]
struct OsvRangeRecord {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    repo: Option<String>,
    #[serde(default)]
    events: Vec<std::collections::BTreeMap<String, String>>,
}

#[derive(Deserialize)]
struct OsvReference {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    url: String,
}

/// The database an OSV id prefix belongs to.
pub fn database_of(id: &str) -> Option<&'static str> {
    let prefix = id.split('-').next().unwrap_or(id);
    Some(match prefix {
        "GHSA" => "GitHub",
        "PYSEC" => "PyPA",
        "GO" => "Go",
        "RUSTSEC" => "RustSec",
        "BIT" => "Bitnami",
        "CVE" => "CVE",
        "OSV" => "OSV",
        "DSA" | "DLA" | "DTSA" => "Debian",
        "USN" | "UBUNTU" => "Ubuntu",
        "ALSA" | "ALBA" | "ALEA" => "AlmaLinux",
        "RLSA" => "Rocky Linux",
        "MAL" => "OpenSSF Malicious Packages",
        "RHSA" | "RHBA" | "RHEA" => "Red Hat",
        "SUSE" | "openSUSE" => "SUSE",
        "CURL" => "curl",
        "PSF" => "Python Software Foundation",
        "MGASA" => "Mageia",
        "CGA" => "Chainguard",
        "MINI" => "Minimus",
        "ECHO" => "Echo",
        _ => return None,
    })
}

fn convert(record: OsvRecord, origin: &Origin) -> Result<Advisory, FeedError> {
    let err = |pointer: String, message: &str| FeedError::new(origin.at_pointer(pointer), message);
    let id = record
        .id
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| err("/id".into(), "the record has no `id`"))?;
    if record.modified.is_none() {
        return Err(err(
            "/modified".into(),
            &format!("{id}: the record has no `modified` time"),
        ));
    }
    let database = database_of(&id).map(str::to_owned);
    let mut severity: Vec<SeverityScore> = record
        .severity
        .into_iter()
        .map(|s| SeverityScore {
            kind: s.kind,
            vector: s.score,
            score: None,
            assessor: database.clone(),
        })
        .collect();
    let mut affected = Vec::new();
    for (i, a) in record.affected.into_iter().enumerate() {
        for s in a.severity {
            severity.push(SeverityScore {
                kind: s.kind,
                vector: s.score,
                score: None,
                assessor: database.clone(),
            });
        }
        let Some(package) = a.package else {
            // An affected entry without a package names commits only (GIT ranges): keep them.
            if a.ranges.is_empty() {
                continue;
            }
            return Err(err(
                format!("/affected/{i}/package"),
                &format!("{id}: affected entry without a package"),
            ));
        };
        let ecosystem = package.ecosystem.filter(|e| !e.is_empty()).ok_or_else(|| {
            err(
                format!("/affected/{i}/package/ecosystem"),
                &format!("{id}: package without an ecosystem"),
            )
        })?;
        let name = package.name.filter(|n| !n.is_empty()).ok_or_else(|| {
            err(
                format!("/affected/{i}/package/name"),
                &format!("{id}: package without a name"),
            )
        })?;
        let mut ranges = Vec::new();
        for (r, range) in a.ranges.into_iter().enumerate() {
            let kind = match range.kind.as_str() {
                "SEMVER" => RangeKind::Semver,
                "ECOSYSTEM" => RangeKind::Ecosystem,
                "GIT" => RangeKind::Git,
                other => {
                    return Err(err(
                        format!("/affected/{i}/ranges/{r}/type"),
                        &format!("{id}: unknown range type `{other}`"),
                    ));
                }
            };
            let mut events = Vec::new();
            for (e, event) in range.events.into_iter().enumerate() {
                let pointer = format!("/affected/{i}/ranges/{r}/events/{e}");
                if event.len() != 1 {
                    return Err(err(
                        pointer,
                        &format!("{id}: a range event must have exactly one key"),
                    ));
                }
                let Some((key, version)) = event.into_iter().next() else {
                    return Err(err(pointer, &format!("{id}: empty range event")));
                };
                events.push(match key.as_str() {
                    "introduced" => Event::Introduced(version),
                    "fixed" => Event::Fixed(version),
                    "last_affected" => Event::LastAffected(version),
                    "limit" => Event::Limit(version),
                    other => {
                        return Err(err(
                            pointer,
                            &format!("{id}: unknown range event `{other}`"),
                        ));
                    }
                });
            }
            ranges.push(OsvRange {
                kind,
                repo: range.repo,
                events,
            });
        }
        affected.push(Affected::Package {
            ecosystem,
            name,
            purl: package.purl,
            ranges,
            versions: a.versions,
        });
    }
    let cwes = record
        .database_specific
        .as_ref()
        .and_then(|d| d.get("cwe_ids"))
        .and_then(Value::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let mut aliases = record.aliases;
    for up in record.upstream {
        if !aliases.contains(&up) {
            aliases.push(up);
        }
    }
    Ok(Advisory {
        id,
        source: Some(Source::Osv),
        database,
        aliases,
        related: record.related,
        summary: record.summary,
        details: record.details,
        published: record.published,
        modified: record.modified,
        withdrawn: record.withdrawn,
        severity,
        cwes,
        affected,
        references: record
            .references
            .into_iter()
            .map(|r| Reference {
                kind: r.kind.unwrap_or_else(|| "WEB".to_owned()),
                url: r.url,
            })
            .collect(),
        ..Advisory::default()
    })
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

fn is_record_file(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".json") || is_yaml(&name)
}

/// Parses one file's bytes: a record, an array of records, or `{"vulns": [...]}`.
///
/// Records are deserialised straight into typed structs (no intermediate tree), which also
/// keeps YAML scalars such as `1.10` as the strings they are written as.
fn parse_entry(entry: Entry, out: &mut Counting<'_, '_>) {
    let Entry { origin, bytes } = entry;
    let yaml = origin
        .entry
        .as_deref()
        .map_or_else(|| is_yaml(&origin.path.to_string_lossy()), is_yaml);
    if yaml {
        match serde_norway::from_slice::<OsvRecord>(&bytes) {
            Ok(record) => emit(record, origin, out),
            Err(e) => {
                let origin = match e.location() {
                    Some(l) => origin.at_line(l.line()),
                    None => origin,
                };
                out.err(FeedError::new(origin, format!("not an OSV record: {e}")));
            }
        }
        return;
    }
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        match serde_json::from_slice::<Vec<Value>>(&bytes) {
            Ok(items) => emit_values(items, "", &origin, out),
            Err(e) => out.err(FeedError::new(
                origin.at_line(e.line()),
                format!("invalid JSON: {e}"),
            )),
        }
        return;
    }
    match serde_json::from_slice::<OsvRecord>(&bytes) {
        Ok(record) => emit(record, origin, out),
        Err(e) => out.err(FeedError::new(
            origin.at_line(e.line()),
            format!("not an OSV record: {e}"),
        )),
    }
}

fn emit(mut record: OsvRecord, origin: Origin, out: &mut Counting<'_, '_>) {
    if record.id.is_none()
        && let Some(items) = record.vulns.take()
    {
        emit_values(items, "/vulns", &origin, out);
        return;
    }
    match convert(record, &origin) {
        Ok(advisory) => out.ok(Record::Advisory(Box::new(advisory)), origin),
        Err(e) => out.err(e),
    }
}

fn emit_values(items: Vec<Value>, base: &str, origin: &Origin, out: &mut Counting<'_, '_>) {
    for (i, item) in items.into_iter().enumerate() {
        let record_origin = origin.at_pointer(format!("{base}/{i}"));
        match serde_json::from_value::<OsvRecord>(item) {
            Ok(record) => match convert(record, &record_origin) {
                Ok(advisory) => out.ok(Record::Advisory(Box::new(advisory)), record_origin),
                Err(e) => out.err(e),
            },
            Err(e) => out.err(FeedError::new(
                record_origin,
                format!("not an OSV record: {e}"),
            )),
        }
    }
}

/// Reads OSV records from a file, a directory tree, or a zip archive.
pub fn read(path: &Path, sink: &mut Sink<'_>) -> Result<Stats, FeedError> {
    let mut out = Counting {
        sink,
        stats: Stats::default(),
    };
    if path.is_file() && walk::is_zip(path) {
        walk::zip_entries(
            path,
            &|name| name.ends_with(".json") || is_yaml(name),
            &mut |entry| match entry {
                Ok(entry) => parse_entry(entry, &mut out),
                Err(e) => out.err(e),
            },
        )?;
        return Ok(out.stats);
    }
    for file in walk::files(path, &is_record_file)? {
        match walk::read_file(&file) {
            Ok(bytes) => parse_entry(
                Entry {
                    origin: Origin::file(&file),
                    bytes,
                },
                &mut out,
            ),
            Err(e) => out.err(e),
        }
    }
    Ok(out.stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, name: &str) -> (Vec<Advisory>, Vec<FeedError>) {
        crate::collect(|out| {
            parse_entry(
                Entry {
                    origin: Origin::file(Path::new(name)),
                    bytes: text.as_bytes().to_vec(),
                },
                out,
            )
        })
    }

    #[test]
    fn reads_a_record() {
        let (good, bad) = parse(
            r#"{"id": "GO-2020-0001", "modified": "2023-01-01T00:00:00Z", "aliases": ["CVE-2020-36567"],
                "affected": [{"package": {"ecosystem": "Go", "name": "github.com/gin-gonic/gin"},
                  "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.6.0"}]}]}],
                "database_specific": {"cwe_ids": ["CWE-117"]}}"#,
            "GO-2020-0001.json",
        );
        assert!(bad.is_empty(), "{bad:?}");
        let a = &good[0];
        assert_eq!(a.database.as_deref(), Some("Go"));
        assert_eq!(a.cwes, ["CWE-117"]);
        let Affected::Package { ranges, .. } = &a.affected[0] else {
            panic!("package")
        };
        assert_eq!(
            ranges[0].events,
            [Event::Introduced("0".into()), Event::Fixed("1.6.0".into())]
        );
    }

    #[test]
    fn broken_records_are_located_and_the_rest_is_read() {
        let (good, bad) = parse(
            r#"{"vulns": [
                {"id": "A-1", "modified": "2023-01-01T00:00:00Z"},
                {"id": "A-2"},
                {"id": "A-3", "modified": "x", "affected": [{"package": {"ecosystem": "npm", "name": "x"},
                  "ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1"}]}]}]},
                {"id": "A-4", "modified": "2023-01-01T00:00:00Z"}
            ]}"#,
            "api.json",
        );
        assert_eq!(
            good.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            ["A-1", "A-4"]
        );
        assert_eq!(bad.len(), 2);
        assert_eq!(
            bad[0].to_string(),
            "api.json#/vulns/1/modified: A-2: the record has no `modified` time"
        );
        assert!(
            bad[1]
                .to_string()
                .starts_with("api.json#/vulns/2/affected/0/ranges/0/events/0: A-3"),
            "{}",
            bad[1]
        );
        let (_, syntax) = parse("{\n\"id\": ", "broken.json");
        assert!(
            syntax[0]
                .to_string()
                .starts_with("broken.json:2: not an OSV record"),
            "{}",
            syntax[0]
        );
    }

    #[test]
    fn reads_yaml() {
        let (good, bad) = parse(
            "id: PYSEC-2020-342\nmodified: 2023-11-07T20:24:23.946863Z\naffected:\n- package:\n    ecosystem: PyPI\n    name: apache-skywalking\n  versions:\n  - 0.1.0\n  - 1.10\n",
            "PYSEC-2020-342.yaml",
        );
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(good[0].database.as_deref(), Some("PyPA"));
        let Affected::Package { versions, .. } = &good[0].affected[0] else {
            panic!("package")
        };
        assert_eq!(versions, &["0.1.0", "1.10"], "YAML scalars stay as written");
    }
}
