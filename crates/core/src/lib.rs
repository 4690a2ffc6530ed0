//! The use cases of medcyber, shared by the CLI and the server: import a feed into the store,
//! scan an SBOM against it.
//!
//! Data runs one way: feed readers (`medcyber-feeds`) → [`import::import_feed`] (lookup keys
//! from `medcyber-matcher`, one transaction in `medcyber-store`); SBOM (`medcyber-sbom`) →
//! [`scan::scan`] (candidates from the store by key, decisions by the matcher, KEV and EPSS
//! joined) → findings → [`suppress::apply`] (VEX statements, ignore rules).
//!
//! The platform's use cases take a [`tenancy::Principal`] and check its role in one place
//! ([`tenancy::permits`]) before they read or write, always scoped by its organisation:
//! [`accounts`] (organisations, users, API tokens, authentication), [`portfolio`] (products,
//! versions, SBOM upload with quality checks and findings, triage decisions), [`sharing`]
//! (grants of read access to a customer organisation), [`lifecycle`] (each version's
//! stage, customer communications and components' support, IMDRF N70), [`regulatory`] (medical
//! risk decisions on findings and the regulatory clocks they start), [`sessions`] (web UI logins with
//! throttling), [`jobs`] (feed imports queued through the API and run by the servers' workers) and [`audit`] (the hash-chained audit trail every change appends to, and its
//! verification).
#![deny(missing_docs)]

pub mod accounts;
pub mod audit;
pub mod import;
pub mod jobs;
pub mod lifecycle;
pub mod portfolio;
pub mod refusal;
pub mod regulatory;
pub mod scan;
pub mod sessions;
pub mod sharing;
pub mod suppress;
pub mod tenancy;

pub use import::{FeedSource, ImportReport, import_feed};
pub use scan::{ScanReport, scan};

/// A use case failed.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The store failed.
    #[error(transparent)]
    Store(medcyber_store::StoreError),
    /// Input refused for a reason people can act on (a value not acceptable, a name taken),
    /// with a stable code the UI translates.
    #[error("{0}")]
    Refused(refusal::Refusal),
    /// An input could not be read at all, or a value is not acceptable (the words of a
    /// reader or a lower layer: technical detail).
    #[error("{0}")]
    Input(String),
    /// A document was read but fails its schema; every problem is located.
    #[error("{message}")]
    InvalidDocument {
        /// What is wrong, for people.
        message: String,
        /// Every problem.
        diagnostics: Vec<medcyber_sbom::Diagnostic>,
    },
    /// No such object in the principal's organisation (another organisation's objects are
    /// not found either).
    #[error("{0}")]
    NotFound(String),
    /// The principal's role (or the data's owner) does not permit the action.
    #[error("{0}")]
    Forbidden(refusal::Refusal),
    /// No valid credentials.
    #[error("{0}")]
    Unauthenticated(String),
    /// Too many failed attempts: refused without checking (login throttling).
    #[error("{0}")]
    Throttled(String),
}

impl From<medcyber_store::StoreError> for CoreError {
    fn from(e: medcyber_store::StoreError) -> CoreError {
        match e {
            medcyber_store::StoreError::Conflict { what } => {
                let code = match what.as_str() {
                    "organisation" => "taken-organisation",
                    "user" => "taken-user",
                    "product" => "taken-product",
                    "product version" => "taken-version",
                    "CVSS profile" => "taken-profile",
                    _ => "taken",
                };
                CoreError::Refused(refusal::Refusal::new(code, &[("what", &what)]))
            }
            other => CoreError::Store(other),
        }
    }
}
