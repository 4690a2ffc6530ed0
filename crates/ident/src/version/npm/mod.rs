//! The `npm` scheme: node-semver, the reference implementation of npm's versions and ranges
//! (<https://github.com/npm/node-semver>, 7.x, strict mode).
//!
//! - Versions: SemVer 2.0.0 as node-semver's `new SemVer(v)` accepts it — surrounding
//!   whitespace is trimmed, one leading `v` is allowed, at most 256 characters, and each of
//!   major/minor/patch at most `Number.MAX_SAFE_INTEGER`. Ordering is `semver.compare`
//!   (build metadata ignored; numeric pre-release identifiers above 2^53 compared as JavaScript
//!   doubles, exactly as node does).
//! - Ranges: node-semver's grammar (`||`, hyphen ranges, `^`, `~`, x-ranges, `*`, comparators),
//!   desugared by a faithful port of `classes/range.js` with `includePrerelease: true`, so
//!   `^1.2.3` covers `1.3.0-beta.1` but not `2.0.0-rc.1` (its upper bound is `<2.0.0-0`).
//!
//! Deliberate deviations from node-semver, each because medcyber must not answer a question it
//! was not asked: `satisfies` with an invalid range or an invalid version is an error
//! (node-semver's `satisfies` returns `false`).

mod range;

use std::cmp::Ordering;

pub use range::NpmRange;

use super::semver::{self as sv, Dialect, MAX_SAFE_INTEGER, SemVer};
use super::{NativeRange, RangeError, VersionError, VersionScheme};

/// node-semver's `MAX_LENGTH`.
const MAX_LENGTH: usize = 256;

/// The `npm` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Npm;

/// JavaScript's `String.prototype.trim` (WhiteSpace and LineTerminator code points).
#[inline]
pub(crate) fn js_trim(s: &str) -> &str {
    // Fast path: both ends are printable ASCII (JavaScript whitespace is never that).
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&f), Some(&l)) if (0x21..0x7f).contains(&f) && (0x21..0x7f).contains(&l) => s,
        _ => s.trim_matches(is_js_space),
    }
}

/// JavaScript's `\s`.
pub(crate) fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Parses a version as node-semver's strict `new SemVer(version)`.
pub fn parse(version: &str) -> Result<SemVer<'_>, VersionError> {
    // UTF-16 length never exceeds UTF-8 length: count only for long strings.
    if version.len() > MAX_LENGTH
        && version.chars().map(char::len_utf16).sum::<usize>() > MAX_LENGTH
    {
        return Err(VersionError::new(
            "npm",
            version,
            format!("longer than {MAX_LENGTH} characters"),
        ));
    }
    let trimmed = js_trim(version);
    let core = trimmed.strip_prefix('v').unwrap_or(trimmed);
    sv::parse_core(core, MAX_SAFE_INTEGER).map_err(|e| VersionError::new("npm", version, e))
}

/// `semver.compare(a, b)`.
#[inline]
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    let va = parse(a)?;
    let vb = parse(b)?;
    Ok(va.cmp_with(&vb, Dialect::JavaScript))
}

impl VersionScheme for Npm {
    fn name(&self) -> &'static str {
        "npm"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        parse(version).map(|_| ())
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        compare(a, b)
    }

    fn parse_native_range(&self, range: &str) -> Result<Box<dyn NativeRange>, RangeError> {
        Ok(Box::new(NpmRange::parse(range)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> i8 {
        match compare(a, b).expect("valid") {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        }
    }

    /// Cases from node-semver's `test/fixtures/comparisons.js` and `equality.js` (strict ones).
    #[test]
    fn node_semver_comparisons() {
        let greater = [
            ("0.0.0", "0.0.0-foo"),
            ("0.0.1", "0.0.0"),
            ("1.0.0", "0.9.9"),
            ("0.10.0", "0.9.0"),
            ("0.99.0", "0.10.0"),
            ("2.0.0", "1.2.3"),
            ("v0.0.0", "0.0.0-foo"),
            ("v0.0.1", "0.0.0"),
            ("v1.0.0", "0.9.9"),
            ("1.2.3", "1.2.3-asdf"),
            ("1.2.3", "1.2.3-4"),
            ("1.2.3", "1.2.3-4-foo"),
            ("1.2.3-5-foo", "1.2.3-5"),
            ("1.2.3-5", "1.2.3-4"),
            ("1.2.3-5-foo", "1.2.3-5-Foo"),
            ("3.0.0", "2.7.2+asdf"),
            ("1.2.3-a.10", "1.2.3-a.5"),
            ("1.2.3-a.b", "1.2.3-a.5"),
            ("1.2.3-a.b", "1.2.3-a"),
            ("1.2.3-a.b.c.10.d.5", "1.2.3-a.b.c.5.d.100"),
            ("1.2.3-r2", "1.2.3-r100"),
            ("1.2.3-r100", "1.2.3-R2"),
        ];
        for (a, b) in greater {
            assert_eq!(cmp(a, b), 1, "{a} > {b}");
            assert_eq!(cmp(b, a), -1, "{b} < {a}");
        }
        for (a, b) in [
            ("1.2.3", "v1.2.3"),
            ("1.2.3", " v1.2.3 "),
            ("1.2.3-beta+build", "1.2.3-beta+otherbuild"),
            ("1.2.3+build", "1.2.3+otherbuild"),
            ("\u{feff}1.2.3", "1.2.3"),
        ] {
            assert_eq!(cmp(a, b), 0, "{a} == {b}");
        }
    }

    #[test]
    fn strict_rejections() {
        for bad in [
            "=1.2.3",
            "V1.2.3",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.2.3-01",
            "9007199254740992.0.0",
            "1.2.3 foo",
            "",
            "x",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert!(parse("9007199254740991.0.0").is_ok());
        assert!(parse(&format!("1.0.0-{}", "a".repeat(250))).is_ok());
        assert!(parse(&format!("1.0.0-{}", "a".repeat(251))).is_err());
    }

    #[test]
    fn huge_prerelease_numbers_compare_like_javascript() {
        // Both round to the same double: node returns 0.
        assert_eq!(cmp("1.0.0-9007199254740993", "1.0.0-9007199254740992"), 0);
        assert_eq!(cmp("1.0.0-9007199254740991", "1.0.0-9007199254740990"), 1);
    }
}
