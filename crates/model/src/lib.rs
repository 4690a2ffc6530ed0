//! Plain domain types shared by every medcyber crate.
//!
//! `medcyber-model` is the bottom floor of the house (see `ARCHITECTURE.md`): it holds data, not
//! behaviour. Types here derive `serde` and carry no I/O, no database and no HTTP. Parsing and
//! validation of standard identifiers live one floor up in `medcyber-ident`; scoring in
//! `medcyber-cvss`.
//!
//! # Type hierarchy
//!
//! - [`Localized`]: a text in Japanese and English, the two first-class languages of every
//!   user-facing string (rubric questions, checklist items, regulatory rules).
//! - [`Lang`]: the user's language choice.
//! - [`Severity`]: the qualitative severity scale shared by CVSS v2/v3/v4 and by findings.
//! - [`sbom`]: the format-neutral SBOM — [`Sbom`] holds [`Component`]s with their identifiers
//!   (purl, CPE, SWID, hashes), supplier, licences and FDA support data, the dependency graph as
//!   [`Dependency`] edges, and the document's provenance.
//!
//! - [`advisory`]: one source's record of one vulnerability ([`Advisory`]) with what it affects
//!   (ecosystem packages with OSV ranges, NVD CPE configurations, or vendor/product/model), plus
//!   exploitation data ([`advisory::KevEntry`], [`advisory::EpssScore`]).
//!
//! - [`Finding`]: one component affected by one vulnerability, with the evidence of the match
//!   (the `medcyber scan --format json` contract).
//!
//! - [`vex`]: VEX statements ([`vex::VexStatement`]) read from CycloneDX VEX, OpenVEX and CSAF
//!   VEX documents.
//!
//! - [`platform`]: the tenants and their portfolio — [`platform::Org`] (manufacturer, hospital,
//!   sharing body), [`platform::User`] with a [`platform::Role`], [`platform::ApiToken`],
//!   [`platform::Product`] and [`platform::ProductVersion`].
//!
//! - [`analysis`]: triage decisions ([`analysis::Analysis`]: state, justification, response,
//!   detail, author) in the CycloneDX vocabulary, for one product version or for every version.
//!
//! More types (devices, advisories published) arrive with the crates that produce them.
#![deny(missing_docs)]

pub mod advisory;
pub mod analysis;
pub mod finding;
mod i18n;
pub mod lifecycle;
pub mod platform;
pub mod risk;
pub mod sbom;
mod severity;
pub mod vex;

pub use advisory::{Advisory, Affected};
pub use finding::{Confidence, Finding, MatchKind};
pub use i18n::{Lang, Localized};
pub use sbom::{Component, ComponentKind, Dependency, DependencyKind, Sbom};
pub use severity::Severity;
