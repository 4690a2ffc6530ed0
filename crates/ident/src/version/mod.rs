//! Version schemes: one exact ordering per ecosystem behind one trait.
//!
//! Every scheme implements [`VersionScheme`]: validate a version string, compare two versions
//! with the ecosystem's own total order, and (where the ecosystem has one) parse its native
//! range syntax into a [`NativeRange`]. [`Scheme`] names every scheme medcyber knows and
//! dispatches to it statically, so the compare hot path has no virtual call and, for most
//! schemes, no heap allocation.
//!
//! | scheme | ordering follows | native ranges |
//! |---|---|---|
//! | `semver` | SemVer 2.0.0 precedence | – |
//! | `npm` | node-semver (`semver.compare`) | node-semver ranges (`^ ~ x ||`, hyphen), `includePrerelease` |
//! | `cargo` | SemVer 2.0.0 (as Cargo) | – |
//! | `golang` | `golang.org/x/mod/semver` (pseudo-versions, `+incompatible`) | – |
//! | `pypi` | PEP 440 as the `packaging` library | PEP 440 specifier sets (pre-releases allowed) |
//! | `maven` | Maven `ComparableVersion` | Maven ranges `[1.0,2.0)` |
//! | `deb` | dpkg `verrevcmp` | – |
//! | `rpm` | `rpmvercmp` over `[E:]V[-R]` | – |
//! | `apk` | apk-tools | – |
//! | `gem` | `Gem::Version` | `Gem::Requirement` (`~>`) |
//! | `nuget` | NuGet.Versioning | NuGet ranges |
//! | `alpm`, `gentoo`, `conan`, `openssl`, `nginx`, `intdot`, `datetime`, `lexicographic` | as the vers-spec defines them | `conan`, `nginx`, `openssl` |
//! | `generic` | documented fallback (see [`generic`]) | – |
//!
//! Cross-scheme comparison is impossible by construction: a comparison always goes through one
//! [`Scheme`].

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::vers::Vers;

pub mod alpm;
pub mod apk;
pub mod cargo;
pub mod conan;
pub mod datetime;
pub mod deb;
pub mod gem;
pub mod generic;
pub mod gentoo;
pub mod golang;
pub mod intdot;
pub mod lexicographic;
pub mod maven;
pub mod nginx;
pub mod npm;
pub mod nuget;
pub mod openssl;
pub mod pypi;
pub mod range;
pub mod rpm;
pub mod semver;

/// An invalid version or a version a scheme cannot order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {scheme} version `{version}`: {reason}")]
pub struct VersionError {
    /// The scheme that rejected the version.
    pub scheme: &'static str,
    /// The offending version string, as given.
    pub version: String,
    /// What is wrong with it.
    pub reason: String,
}

impl VersionError {
    /// Builds an error for `version` under `scheme`.
    pub fn new(scheme: &'static str, version: &str, reason: impl Into<String>) -> Self {
        VersionError {
            scheme,
            version: version.to_owned(),
            reason: reason.into(),
        }
    }
}

/// An invalid native range expression.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    /// The range text does not follow the scheme's range grammar.
    #[error("invalid {scheme} range `{range}`: {reason}")]
    Syntax {
        /// The scheme whose grammar was used.
        scheme: &'static str,
        /// The range text as given.
        range: String,
        /// What is wrong and where.
        reason: String,
    },
    /// A version inside the range is invalid.
    #[error(transparent)]
    Version(#[from] VersionError),
    /// The range could not be built as a vers.
    #[error(transparent)]
    Vers(#[from] crate::vers::VersError),
    /// The scheme has no native range syntax.
    #[error("the {0} scheme has no native range syntax; use a vers range (`vers:{0}/...`)")]
    Unsupported(&'static str),
    /// The range cannot be written as a vers without changing its meaning.
    #[error("the {scheme} range `{range}` has no exact vers form: {reason}")]
    NotRepresentable {
        /// The scheme.
        scheme: &'static str,
        /// The range text.
        range: String,
        /// Why.
        reason: String,
    },
}

impl RangeError {
    /// A syntax error in `range` under `scheme`.
    pub fn syntax(scheme: &'static str, range: &str, reason: impl Into<String>) -> Self {
        RangeError::Syntax {
            scheme,
            range: range.to_owned(),
            reason: reason.into(),
        }
    }
}

/// One ecosystem's version ordering.
///
/// Implementations are unit structs (`npm::Npm`, `deb::Deb`, ...). `compare` must be a total
/// order over valid versions: reflexive, antisymmetric and transitive (property-tested for every
/// scheme). Versions that the ecosystem considers equal compare `Equal` even when their strings
/// differ (`1.0` and `1.0.0` in Maven).
pub trait VersionScheme: Send + Sync {
    /// The scheme's name as used in vers (`npm`, `pypi`, ...).
    fn name(&self) -> &'static str;

    /// Checks that `version` is a valid version of this scheme.
    fn validate(&self, version: &str) -> Result<(), VersionError>;

    /// Compares two versions with the ecosystem's native ordering.
    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError>;

    /// Parses the ecosystem's native range syntax (npm range, PEP 440 specifier set, Maven range,
    /// gem requirement, NuGet range, ...).
    fn parse_native_range(&self, range: &str) -> Result<Box<dyn NativeRange>, RangeError> {
        let _ = range;
        Err(RangeError::Unsupported(self.name()))
    }
}

/// A parsed native range expression of one scheme.
pub trait NativeRange: fmt::Debug + Send + Sync {
    /// True when `version` is inside the range. Pre-releases are included whenever the range's
    /// bounds include them (npm `includePrerelease`, PEP 440 with pre-releases allowed).
    fn contains(&self, version: &str) -> Result<bool, VersionError>;

    /// The same range as a vers, as the vers-spec "from native" conversion writes it.
    fn to_vers(&self) -> Result<Vers, RangeError>;
}

/// Every version scheme medcyber knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scheme {
    /// Arch Linux `vercmp`.
    Alpm,
    /// Alpine `apk`.
    Apk,
    /// Rust crates (SemVer, as Cargo).
    Cargo,
    /// Conan C/C++ packages.
    Conan,
    /// RFC 3339 timestamps ordered by instant.
    Datetime,
    /// Debian `dpkg`.
    Deb,
    /// RubyGems.
    Gem,
    /// The documented fallback for versions of unknown ecosystems.
    Generic,
    /// Gentoo ebuilds.
    Gentoo,
    /// Go modules.
    Golang,
    /// Dot-separated integers.
    Intdot,
    /// Byte-wise UTF-8 ordering.
    Lexicographic,
    /// Maven `ComparableVersion`.
    Maven,
    /// nginx releases (SemVer ordering, nginx advisory ranges).
    Nginx,
    /// node-semver.
    Npm,
    /// NuGet.
    Nuget,
    /// OpenSSL releases (`1.0.2zg`).
    Openssl,
    /// PEP 440.
    Pypi,
    /// RPM `rpmvercmp`.
    Rpm,
    /// SemVer 2.0.0.
    Semver,
}

/// An unknown scheme name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown version scheme `{0}` (known: {known})", known = Scheme::names().join(", "))]
pub struct UnknownScheme(pub String);

impl Scheme {
    /// Every scheme, in alphabetical order of name.
    pub const ALL: [Scheme; 20] = [
        Scheme::Alpm,
        Scheme::Apk,
        Scheme::Cargo,
        Scheme::Conan,
        Scheme::Datetime,
        Scheme::Deb,
        Scheme::Gem,
        Scheme::Generic,
        Scheme::Gentoo,
        Scheme::Golang,
        Scheme::Intdot,
        Scheme::Lexicographic,
        Scheme::Maven,
        Scheme::Nginx,
        Scheme::Npm,
        Scheme::Nuget,
        Scheme::Openssl,
        Scheme::Pypi,
        Scheme::Rpm,
        Scheme::Semver,
    ];

    /// The canonical names of every scheme.
    pub fn names() -> Vec<&'static str> {
        Scheme::ALL.iter().map(|s| s.name()).collect()
    }

    /// The implementation of this scheme.
    pub fn implementation(self) -> &'static dyn VersionScheme {
        match self {
            Scheme::Alpm => &alpm::Alpm,
            Scheme::Apk => &apk::Apk,
            Scheme::Cargo => &cargo::Cargo,
            Scheme::Conan => &conan::Conan,
            Scheme::Datetime => &datetime::Datetime,
            Scheme::Deb => &deb::Deb,
            Scheme::Gem => &gem::Gem,
            Scheme::Generic => &generic::Generic,
            Scheme::Gentoo => &gentoo::Gentoo,
            Scheme::Golang => &golang::Golang,
            Scheme::Intdot => &intdot::Intdot,
            Scheme::Lexicographic => &lexicographic::Lexicographic,
            Scheme::Maven => &maven::Maven,
            Scheme::Nginx => &nginx::Nginx,
            Scheme::Npm => &npm::Npm,
            Scheme::Nuget => &nuget::Nuget,
            Scheme::Openssl => &openssl::Openssl,
            Scheme::Pypi => &pypi::Pypi,
            Scheme::Rpm => &rpm::Rpm,
            Scheme::Semver => &semver::Semver,
        }
    }

    /// The canonical (vers) name of the scheme.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Alpm => "alpm",
            Scheme::Apk => "apk",
            Scheme::Cargo => "cargo",
            Scheme::Conan => "conan",
            Scheme::Datetime => "datetime",
            Scheme::Deb => "deb",
            Scheme::Gem => "gem",
            Scheme::Generic => "generic",
            Scheme::Gentoo => "gentoo",
            Scheme::Golang => "golang",
            Scheme::Intdot => "intdot",
            Scheme::Lexicographic => "lexicographic",
            Scheme::Maven => "maven",
            Scheme::Nginx => "nginx",
            Scheme::Npm => "npm",
            Scheme::Nuget => "nuget",
            Scheme::Openssl => "openssl",
            Scheme::Pypi => "pypi",
            Scheme::Rpm => "rpm",
            Scheme::Semver => "semver",
        }
    }

    /// Looks a scheme up by name, case-insensitively. Besides the canonical names it accepts the
    /// usual aliases: `alpine` (apk), `debian` (deb), `go` (golang), `crates.io` (cargo),
    /// `rubygems` (gem), `ebuild` (gentoo), `python` (pypi), `node` (npm), `arch` (alpm).
    pub fn from_name(name: &str) -> Result<Scheme, UnknownScheme> {
        let lower = name.trim().to_ascii_lowercase();
        let scheme = match lower.as_str() {
            "alpm" | "arch" | "archlinux" => Scheme::Alpm,
            "apk" | "alpine" | "alpine-linux" | "wolfi" => Scheme::Apk,
            "cargo" | "crates.io" | "crates-io" => Scheme::Cargo,
            "conan" => Scheme::Conan,
            "datetime" => Scheme::Datetime,
            "deb" | "debian" | "dpkg" | "ubuntu" => Scheme::Deb,
            "gem" | "rubygems" => Scheme::Gem,
            "generic" => Scheme::Generic,
            "gentoo" | "ebuild" => Scheme::Gentoo,
            "golang" | "go" => Scheme::Golang,
            "intdot" => Scheme::Intdot,
            "lexicographic" => Scheme::Lexicographic,
            "maven" => Scheme::Maven,
            "nginx" => Scheme::Nginx,
            "npm" | "node" | "node-semver" => Scheme::Npm,
            "nuget" => Scheme::Nuget,
            "openssl" => Scheme::Openssl,
            "pypi" | "python" | "pep440" => Scheme::Pypi,
            "rpm" => Scheme::Rpm,
            "semver" => Scheme::Semver,
            _ => return Err(UnknownScheme(name.to_owned())),
        };
        Ok(scheme)
    }

    /// The scheme that orders versions of a purl `type` (`pkg:<type>/...`). Types without a
    /// registered scheme get [`Scheme::Generic`].
    pub fn for_purl_type(purl_type: &str) -> Scheme {
        match purl_type.to_ascii_lowercase().as_str() {
            "alpm" => Scheme::Alpm,
            "apk" => Scheme::Apk,
            "cargo" => Scheme::Cargo,
            "conan" => Scheme::Conan,
            "deb" => Scheme::Deb,
            "gem" => Scheme::Gem,
            "golang" => Scheme::Golang,
            "maven" => Scheme::Maven,
            "npm" => Scheme::Npm,
            "nuget" => Scheme::Nuget,
            "pypi" => Scheme::Pypi,
            "rpm" => Scheme::Rpm,
            "composer" | "hex" | "pub" | "swift" | "cocoapods" => Scheme::Semver,
            _ => Scheme::Generic,
        }
    }

    /// Checks that `version` is valid in this scheme.
    pub fn validate(self, version: &str) -> Result<(), VersionError> {
        self.implementation().validate(version)
    }

    /// Compares two versions with this scheme's native ordering.
    #[inline]
    pub fn compare(self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        match self {
            Scheme::Deb => deb::compare(a, b),
            Scheme::Npm => npm::compare(a, b),
            Scheme::Semver => semver::compare(a, b),
            Scheme::Golang => golang::compare(a, b),
            Scheme::Pypi => pypi::compare(a, b),
            _ => self.implementation().compare(a, b),
        }
    }

    /// Parses a native range expression of this scheme.
    pub fn parse_native_range(self, range: &str) -> Result<Box<dyn NativeRange>, RangeError> {
        self.implementation().parse_native_range(range)
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Scheme {
    type Err = UnknownScheme;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scheme::from_name(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for scheme in Scheme::ALL {
            assert_eq!(Scheme::from_name(scheme.name()), Ok(scheme));
            assert_eq!(scheme.implementation().name(), scheme.name());
        }
        let mut names = Scheme::names();
        let sorted = {
            let mut s = names.clone();
            s.sort_unstable();
            s
        };
        assert_eq!(names, sorted, "Scheme::ALL is alphabetical");
        names.dedup();
        assert_eq!(names.len(), Scheme::ALL.len());
    }

    #[test]
    fn aliases() {
        assert_eq!(Scheme::from_name("Alpine"), Ok(Scheme::Apk));
        assert_eq!(Scheme::from_name("go"), Ok(Scheme::Golang));
        assert!(Scheme::from_name("cobol").is_err());
    }
}

/// A stable merge sort that tolerates comparison functions that are not total orders (Conan's
/// ordering is not transitive on mixed items, by design): whatever `cmp` answers, it never
/// panics and keeps every element. The standard library's sorts may panic on such orders.
pub(crate) fn sort_tolerant<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut runs: Vec<Vec<T>> = std::mem::take(v).into_iter().map(|x| vec![x]).collect();
    while runs.len() > 1 {
        let mut next = Vec::with_capacity(runs.len().div_ceil(2));
        let mut it = runs.into_iter();
        while let Some(a) = it.next() {
            match it.next() {
                Some(b) => next.push(merge(a, b, &mut cmp)),
                None => next.push(a),
            }
        }
        runs = next;
    }
    if let Some(sorted) = runs.pop() {
        *v = sorted;
    }
}

fn merge<T>(a: Vec<T>, b: Vec<T>, cmp: &mut impl FnMut(&T, &T) -> Ordering) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut a = a.into_iter().peekable();
    let mut b = b.into_iter().peekable();
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        // Stable: take from the left run unless the right element is strictly smaller.
        let item = if cmp(y, x) == Ordering::Less {
            b.next()
        } else {
            a.next()
        };
        out.extend(item);
    }
    out.extend(a);
    out.extend(b);
    out
}

#[cfg(test)]
mod sort_tests {
    use super::*;

    #[test]
    fn tolerant_sort_survives_a_non_total_order() {
        // Rock-paper-scissors: no total order exists.
        let beats = |a: &u8, b: &u8| match (a % 3, b % 3) {
            (x, y) if x == y => Ordering::Equal,
            (0, 1) | (1, 2) | (2, 0) => Ordering::Less,
            _ => Ordering::Greater,
        };
        let mut v: Vec<u8> = (0..200).map(|i| (i * 7 % 256) as u8).collect();
        let before = v.len();
        sort_tolerant(&mut v, beats);
        assert_eq!(v.len(), before);
        let mut ordered: Vec<u32> = (0..1000).rev().collect();
        sort_tolerant(&mut ordered, u32::cmp);
        assert!(ordered.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn conan_ranges_with_mixed_items_convert_or_fail_cleanly() {
        let range = "2%:1\x0c^2\x0c^111\x0c^2\x0c^11\x0c.?2:1\x0c^2\x0c^22";
        if let Ok(r) = Scheme::Conan.parse_native_range(range) {
            let _ = r.to_vers();
        }
        // A version vers cannot carry is a clean error.
        let r = Scheme::Conan
            .parse_native_range("\\\u{38f}>0")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(r.to_vers().is_err());
    }
}
