//! Identifiers and versions: the ground every vulnerability match stands on.
//!
//! A finding is only as good as two questions: *is this the same package?* and *is this version
//! inside that range?* This crate answers both exactly as each standard and each ecosystem's
//! reference implementation does.
//!
//! - [`purl`]: Package URLs — parse, validate, canonicalise and build, with the per-type rules of
//!   the purl-spec type definitions.
//! - [`vers`]: version range specifiers — strict canonical parsing and the spec's containment
//!   algorithm.
//! - [`version`]: one [`VersionScheme`](version::VersionScheme) per ecosystem (npm, PyPI, Maven,
//!   Debian, RPM, Alpine, RubyGems, NuGet, Go, Cargo, ...) and their native range syntaxes.
//! - [`cpe`]: CPE 2.3 — formatted-string and URI bindings, WFN, NIST IR 7696 name matching and
//!   the version ranges NVD configurations use.
//!
//! The one design decision: a version is always compared *through a scheme*. There is no
//! scheme-less "version" type, so two versions of different ecosystems can never be compared by
//! accident, and every scheme's ordering is tested against its ecosystem's reference
//! implementation.
//!
//! ```
//! use medcyber_ident::version::Scheme;
//! use medcyber_ident::vers::Vers;
//!
//! let range = Vers::parse("vers:npm/>=1.2.0|<2.0.0").unwrap();
//! assert!(range.contains("1.9.9").unwrap());
//! assert_eq!(Scheme::Semver.compare("1.0.0-rc.1", "1.0.0").unwrap(), std::cmp::Ordering::Less);
//! ```
#![deny(missing_docs)]

pub mod cpe;
pub mod purl;
pub mod vers;
pub mod version;
