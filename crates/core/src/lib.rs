//! The use cases of medcyber, shared by the CLI and the server: import a feed into the store,
//! scan an SBOM against it.
//!
//! Data runs one way: feed readers (`medcyber-feeds`) → [`import::import_feed`] (lookup keys
//! from `medcyber-matcher`, one transaction in `medcyber-store`); SBOM (`medcyber-sbom`) →
//! [`scan::scan`] (candidates from the store by key, decisions by the matcher, KEV and EPSS
//! joined) → findings → [`suppress::apply`] (VEX statements, ignore rules).
#![deny(missing_docs)]

pub mod import;
pub mod scan;
pub mod suppress;

pub use import::{FeedSource, ImportReport, import_feed};
pub use scan::{ScanReport, scan};

/// A use case failed.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] medcyber_store::StoreError),
    /// An input could not be read at all.
    #[error("{0}")]
    Input(String),
}
