//! The CISA Known Exploited Vulnerabilities catalog
//! (<https://www.cisa.gov/known-exploited-vulnerabilities-catalog>), as JSON or CSV.
//!
//! The format is recognised from the content: a JSON object with a `vulnerabilities` array, or a
//! CSV whose header names `cveID`. Entries without a CVE id or date added are reported as broken.

use std::path::Path;

use medcyber_model::advisory::KevEntry;
use serde::Deserialize;
use serde_json::Value;

use crate::walk;
use crate::{Counting, FeedError, Origin, Record, Sink, Stats};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KevRecord {
    #[serde(rename = "cveID", default)]
    cve_id: String,
    #[serde(default)]
    vendor_project: String,
    #[serde(default)]
    product: String,
    #[serde(default)]
    vulnerability_name: String,
    #[serde(default)]
    date_added: String,
    #[serde(default)]
    required_action: Option<String>,
    #[serde(default)]
    due_date: Option<String>,
    #[serde(default)]
    known_ransomware_campaign_use: Option<String>,
    #[serde(default)]
    notes: Option<String>,
}

fn convert(r: KevRecord, origin: &Origin) -> Result<KevEntry, FeedError> {
    if !r.cve_id.starts_with("CVE-") {
        return Err(FeedError::new(
            origin.clone(),
            format!("`cveID` `{}` is not a CVE id", r.cve_id),
        ));
    }
    if r.date_added.is_empty() {
        return Err(FeedError::new(
            origin.clone(),
            format!("{}: no `dateAdded`", r.cve_id),
        ));
    }
    let non_empty = |s: Option<String>| s.filter(|v| !v.trim().is_empty());
    Ok(KevEntry {
        cve: r.cve_id,
        vendor: r.vendor_project,
        product: r.product,
        name: r.vulnerability_name,
        date_added: r.date_added,
        due_date: non_empty(r.due_date),
        required_action: non_empty(r.required_action),
        known_ransomware: non_empty(r.known_ransomware_campaign_use),
        notes: non_empty(r.notes),
    })
}

/// Reads a KEV catalog file (JSON or CSV).
pub fn read(path: &Path, sink: &mut Sink<'_>) -> Result<Stats, FeedError> {
    let mut out = Counting {
        sink,
        stats: Stats::default(),
    };
    let origin = Origin::file(path);
    let bytes = walk::read_file(path)?;
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if first == Some(b'{') {
        #[derive(Deserialize)]
        struct Catalog {
            vulnerabilities: Vec<Value>,
        }
        let catalog: Catalog = serde_json::from_slice(&bytes).map_err(|e| {
            FeedError::new(origin.at_line(e.line()), format!("not a KEV catalog: {e}"))
        })?;
        for (i, item) in catalog.vulnerabilities.into_iter().enumerate() {
            let at = origin.at_pointer(format!("/vulnerabilities/{i}"));
            match serde_json::from_value::<KevRecord>(item) {
                Ok(r) => match convert(r, &at) {
                    Ok(entry) => out.ok(Record::Kev(entry), at),
                    Err(e) => out.err(e),
                },
                Err(e) => out.err(FeedError::new(at, format!("not a KEV entry: {e}"))),
            }
        }
        return Ok(out.stats);
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| FeedError::new(origin.at_line(1), format!("not a KEV CSV: {e}")))?
        .clone();
    if !headers.iter().any(|h| h == "cveID") {
        return Err(FeedError::new(
            origin.at_line(1),
            "not a KEV catalog: neither a JSON catalog nor a CSV with a `cveID` column",
        ));
    }
    for row in reader.deserialize::<KevRecord>() {
        match row {
            Ok(r) => {
                let at = origin.clone();
                match convert(r, &at) {
                    Ok(entry) => out.ok(Record::Kev(entry), at),
                    Err(e) => out.err(e),
                }
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                out.err(FeedError::new(
                    origin.at_line(line),
                    format!("invalid KEV row: {e}"),
                ));
            }
        }
    }
    Ok(out.stats)
}
