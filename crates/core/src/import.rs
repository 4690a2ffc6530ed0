//! Importing a feed: a reader thread parses records and prepares them for writing (lookup keys,
//! serialisation, content hash) while the store writes the previous batch, inside one
//! transaction per run.

use std::path::PathBuf;

use medcyber_feeds::{FeedError, Origin, Record, Stats};
use medcyber_matcher::index_keys;
use medcyber_model::advisory::{EpssScore, KevEntry};
use medcyber_store::{ImportCounts, IndexKey, PreparedAdvisory, Store, StoreError};

use crate::CoreError;

/// A feed medcyber imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FeedSource {
    /// OSV records (JSON/YAML files, directories, `all.zip` archives).
    Osv,
    /// The CISA KEV catalog (JSON or CSV).
    Kev,
    /// FIRST EPSS scores (CSV, optionally gzipped).
    Epss,
    /// NVD CVE API 2.0 pages and feed files.
    Nvd,
    /// CVE JSON 5 records (cvelistV5, CISA vulnrichment).
    Cve5,
    /// CSAF 2.0 advisories (files, directories, a provider's `index.txt` or ROLIE feed).
    Csaf,
}

impl FeedSource {
    /// The name used on the command line and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            FeedSource::Osv => "osv",
            FeedSource::Kev => "kev",
            FeedSource::Epss => "epss",
            FeedSource::Nvd => "nvd",
            FeedSource::Cve5 => "cve5",
            FeedSource::Csaf => "csaf",
        }
    }

    /// Every source, by name.
    pub const ALL: [FeedSource; 6] = [
        FeedSource::Osv,
        FeedSource::Nvd,
        FeedSource::Cve5,
        FeedSource::Csaf,
        FeedSource::Kev,
        FeedSource::Epss,
    ];

    fn read(
        self,
        path: &std::path::Path,
        sink: &mut medcyber_feeds::Sink<'_>,
    ) -> Result<Stats, FeedError> {
        match self {
            FeedSource::Osv => medcyber_feeds::osv::read(path, sink),
            FeedSource::Kev => medcyber_feeds::kev::read(path, sink),
            FeedSource::Epss => medcyber_feeds::epss::read(path, sink),
            FeedSource::Nvd => medcyber_feeds::nvd::read(path, sink),
            FeedSource::Cve5 => medcyber_feeds::cve5::read(path, sink),
            FeedSource::Csaf => medcyber_feeds::csaf::read(path, sink),
        }
    }
}

/// The result of an import.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// The source.
    pub source: String,
    /// What was written.
    pub counts: ImportCounts,
    /// The broken records, each with its file and position (the first 1,000).
    pub errors: Vec<String>,
}

const ERRORS_KEPT: usize = 1000;
const BATCH: usize = 256;

/// Converts the matcher's keys to the store's.
pub fn store_keys(keys: Vec<medcyber_matcher::Key>) -> Vec<IndexKey> {
    keys.into_iter()
        .map(|k| IndexKey {
            kind: k.kind.as_str(),
            first: k.first,
            second: k.second,
        })
        .collect()
}

/// A record as the reader thread hands it to the writer.
enum Prepared {
    Advisory(PreparedAdvisory),
    Kev(KevEntry),
    Epss(EpssScore),
    /// An advisory that could not be serialised: the import stops with this error.
    Unwritable(StoreError),
}

impl Prepared {
    fn of(record: Record) -> Prepared {
        match record {
            Record::Advisory(advisory) => {
                let keys = store_keys(index_keys(&advisory));
                match PreparedAdvisory::new(&advisory, keys) {
                    Ok(prepared) => Prepared::Advisory(prepared),
                    Err(e) => Prepared::Unwritable(e),
                }
            }
            Record::Kev(entry) => Prepared::Kev(entry),
            Record::Epss(score) => Prepared::Epss(score),
        }
    }
}

/// Imports `paths` of `source` into the store, all or nothing: broken records are reported and
/// skipped, but an input that cannot be read at all (missing file, not a feed) aborts the run
/// and leaves the store as it was. `progress` is called with the number of records read so far.
pub async fn import_feed(
    store: &Store,
    source: FeedSource,
    paths: &[PathBuf],
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<ImportReport, CoreError> {
    let inputs = paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let mut import = store.import(source.as_str(), &inputs).await?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<Result<Prepared, FeedError>>>(8);
    let owned: Vec<PathBuf> = paths.to_vec();
    let reader = std::thread::spawn(move || -> Result<(), FeedError> {
        let mut batch = Vec::with_capacity(BATCH);
        let mut closed = false;
        for path in &owned {
            let mut sink = |r: Result<(Record, Origin), FeedError>| {
                if closed {
                    return;
                }
                batch.push(r.map(|(record, _)| Prepared::of(record)));
                if batch.len() >= BATCH && tx.blocking_send(std::mem::take(&mut batch)).is_err() {
                    closed = true;
                }
            };
            source.read(path, &mut sink)?;
        }
        if !batch.is_empty() {
            let _ = tx.blocking_send(batch);
        }
        Ok(())
    });
    let mut report = ImportReport {
        source: source.as_str().to_owned(),
        ..ImportReport::default()
    };
    let mut read = 0u64;
    let mut write_error = None;
    while let Some(batch) = rx.recv().await {
        for item in batch {
            read += 1;
            let written = match item {
                Ok(Prepared::Advisory(advisory)) => import.prepared(advisory).await.map(|_| ()),
                Ok(Prepared::Kev(entry)) => import.kev(&entry).await,
                Ok(Prepared::Epss(score)) => import.epss(&score).await,
                Ok(Prepared::Unwritable(e)) => Err(e),
                Err(e) => {
                    import.error();
                    if report.errors.len() < ERRORS_KEPT {
                        report.errors.push(e.to_string());
                    }
                    Ok(())
                }
            };
            if let Err(e) = written {
                write_error = Some(e);
                break;
            }
        }
        if write_error.is_some() {
            break;
        }
        progress(read);
    }
    drop(rx);
    let read_result = reader
        .join()
        .map_err(|_| CoreError::Input("the feed reader stopped unexpectedly".to_owned()))?;
    if let Some(e) = write_error {
        return Err(e.into());
    }
    read_result.map_err(|e| CoreError::Input(e.to_string()))?;
    report.counts = import.commit().await?;
    Ok(report)
}
