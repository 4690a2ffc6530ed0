//! Advisory sources read as streams of medcyber records.
//!
//! Each reader walks its input (a file, a directory, or an archive laid out as the source
//! publishes it), turns every record into a [`Record`] — an [`Advisory`], a KEV entry or an EPSS
//! score — and hands it to a sink together with its [`Origin`]. A broken record is handed over as
//! a [`FeedError`] naming the file and the position, and reading goes on: one bad record never
//! stops a feed of millions. Large feeds are read incrementally, so memory stays bounded by the
//! largest single record, not by the feed.
//!
//! - [`osv`]: OSV JSON and YAML files, directories, and zip archives laid out as osv.dev's
//!   `all.zip`.
//! - [`kev`]: the CISA Known Exploited Vulnerabilities catalog (JSON or CSV).
//! - [`epss`]: FIRST EPSS scores (CSV, optionally gzip-compressed).
//! - [`nvd`]: NVD CVE API 2.0 pages and feed files, and NVD 1.1 feed files (streamed, optionally
//!   gzip-compressed).
//! - [`cve5`]: CVE JSON 5 records with their CNA and ADP (CISA vulnrichment) containers.
//! - [`csaf`]: CSAF 2.0 advisories (files, directories, a provider's `index.txt` or ROLIE feed),
//!   their product trees resolved into named products with versions and identifiers.
//! - [`vex`]: VEX documents (CycloneDX VEX, OpenVEX, CSAF VEX) read into VEX statements.
//!
//! The one design decision: readers push into a sink (`FnMut(Result<Record, FeedError>)`)
//! instead of returning iterators, so a streaming JSON parser can hand over each array element
//! the moment it is parsed, without threads or buffering.
#![deny(missing_docs)]

pub mod csaf;
pub mod cve5;
pub mod epss;
pub mod kev;
pub mod nvd;
mod nvd11;
pub mod osv;
pub mod product;
pub mod vex;
mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

use medcyber_model::Advisory;
use medcyber_model::advisory::{EpssScore, KevEntry};

pub use walk::{Entry, MAX_RECORD_BYTES};

/// One item read from a feed.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    /// A vulnerability record.
    Advisory(Box<Advisory>),
    /// A KEV catalog entry.
    Kev(KevEntry),
    /// An EPSS score.
    Epss(EpssScore),
}

/// Where a record (or a broken one) was found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The file read (the archive, for archive entries).
    pub path: PathBuf,
    /// The entry inside an archive.
    pub entry: Option<String>,
    /// A JSON pointer inside the file (`/vulnerabilities/17`).
    pub pointer: Option<String>,
    /// A line number (CSV, YAML).
    pub line: Option<usize>,
}

impl Origin {
    /// The origin of a whole file.
    pub fn file(path: &Path) -> Origin {
        Origin {
            path: path.to_path_buf(),
            ..Origin::default()
        }
    }

    /// The same origin at a JSON pointer, relative to this origin's pointer.
    pub fn at_pointer(&self, pointer: impl AsRef<str>) -> Origin {
        let base = self.pointer.as_deref().unwrap_or("");
        Origin {
            pointer: Some(format!("{base}{}", pointer.as_ref())),
            ..self.clone()
        }
    }

    /// The same origin at a line.
    pub fn at_line(&self, line: usize) -> Origin {
        Origin {
            line: Some(line),
            ..self.clone()
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(entry) = &self.entry {
            write!(f, "!{entry}")?;
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(pointer) = &self.pointer {
            write!(f, "#{pointer}")?;
        }
        Ok(())
    }
}

/// A record (or a whole input) that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct FeedError {
    /// Where.
    pub origin: Origin,
    /// What went wrong.
    pub message: String,
}

impl FeedError {
    /// An error at `origin`.
    pub fn new(origin: Origin, message: impl Into<String>) -> FeedError {
        FeedError {
            origin,
            message: message.into(),
        }
    }
}

/// Counts of one read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Records handed to the sink.
    pub records: usize,
    /// Broken records reported and skipped.
    pub errors: usize,
}

/// Where records go: each good record, or the error of a broken one.
pub type Sink<'a> = dyn FnMut(Result<(Record, Origin), FeedError>) + 'a;

/// Wraps a sink to count what passes through it.
pub(crate) struct Counting<'s, 'a> {
    pub sink: &'s mut Sink<'a>,
    pub stats: Stats,
}

impl Counting<'_, '_> {
    pub fn ok(&mut self, record: Record, origin: Origin) {
        self.stats.records += 1;
        (self.sink)(Ok((record, origin)));
    }

    pub fn err(&mut self, error: FeedError) {
        self.stats.errors += 1;
        (self.sink)(Err(error));
    }
}

/// Runs a reader body against a collecting sink: the advisories and the broken records (tests).
#[cfg(test)]
pub(crate) fn collect(body: impl FnOnce(&mut Counting<'_, '_>)) -> (Vec<Advisory>, Vec<FeedError>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    {
        let mut sink = |r: Result<(Record, Origin), FeedError>| match r {
            Ok((Record::Advisory(a), _)) => good.push(*a),
            Ok(_) => {}
            Err(e) => bad.push(e),
        };
        let mut out = Counting {
            sink: &mut sink,
            stats: Stats::default(),
        };
        body(&mut out);
    }
    (good, bad)
}
