//! The `rpm` scheme: RPM versions as rpm 4.x compares them (`rpmio/rpmvercmp.c` over
//! `[epoch:]version[-release]`).
//!
//! Epochs compare numerically (absent = 0), then version and release with `rpmvercmp`:
//! segments of ASCII digits or letters, every other character a separator; `~` sorts before
//! everything (pre-releases), `^` after the base version but before anything else (snapshots);
//! digit segments compare numerically, and beat letter segments.
//!
//! **An absent release sorts before any release** (`1.0` < `1.0-1`): medcyber orders versions,
//! and a release-less version is the base the releases build on. (rpm's dependency resolver
//! instead treats a missing release as "any release"; that is a matching rule, not an order.)
//! Comparison walks the strings in place: no allocation.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `rpm` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rpm;

/// An EVR split into its parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evr<'a> {
    /// The epoch digits (empty when absent).
    pub epoch: &'a str,
    /// The version.
    pub version: &'a str,
    /// The release, when present.
    pub release: Option<&'a str>,
}

/// Splits `[E:]V[-R]`.
pub fn parse(evr: &str) -> Result<Evr<'_>, VersionError> {
    let err = |reason: &str| VersionError::new("rpm", evr, reason);
    if evr.is_empty() {
        return Err(err("empty version"));
    }
    if let Some(c) = evr.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(err(&format!("invalid character {c:?}")));
    }
    let (epoch, rest) = match evr.split_once(':') {
        Some((e, rest)) if e.bytes().all(|b| b.is_ascii_digit()) && !e.is_empty() => (e, rest),
        Some((e, _)) => return Err(err(&format!("epoch `{e}` is not a number"))),
        None => ("", evr),
    };
    let (version, release) = match rest.rsplit_once('-') {
        Some((v, r)) => {
            if r.is_empty() {
                return Err(err("empty release after `-`"));
            }
            (v, Some(r))
        }
        None => (rest, None),
    };
    if version.is_empty() {
        return Err(err("empty version"));
    }
    Ok(Evr {
        epoch,
        version,
        release,
    })
}

/// `rpmvercmp`.
pub fn rpmvercmp(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0usize, 0usize);
    let sep = |c: u8| !c.is_ascii_alphanumeric() && c != b'~' && c != b'^';
    loop {
        while i < a.len() && sep(a[i]) {
            i += 1;
        }
        while j < b.len() && sep(b[j]) {
            j += 1;
        }
        let (x, y) = (a.get(i).copied(), b.get(j).copied());
        if x.is_none() && y.is_none() {
            return Ordering::Equal;
        }
        if x == Some(b'~') || y == Some(b'~') {
            if x != Some(b'~') {
                return Ordering::Greater;
            }
            if y != Some(b'~') {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        if x == Some(b'^') || y == Some(b'^') {
            if x.is_none() {
                return Ordering::Less;
            }
            if y.is_none() {
                return Ordering::Greater;
            }
            if x != Some(b'^') {
                return Ordering::Greater;
            }
            if y != Some(b'^') {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        let (Some(x), Some(_)) = (x, y) else {
            break;
        };
        let numeric = x.is_ascii_digit();
        let class = |c: u8| {
            if numeric {
                c.is_ascii_digit()
            } else {
                c.is_ascii_alphabetic()
            }
        };
        let start1 = i;
        while i < a.len() && class(a[i]) {
            i += 1;
        }
        let start2 = j;
        while j < b.len() && class(b[j]) {
            j += 1;
        }
        if start2 == j {
            // Different segment types: numeric beats alpha.
            return if numeric {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }
        let (mut s1, mut s2) = (&a[start1..i], &b[start2..j]);
        if numeric {
            while s1.first() == Some(&b'0') {
                s1 = &s1[1..];
            }
            while s2.first() == Some(&b'0') {
                s2 = &s2[1..];
            }
            match s1.len().cmp(&s2.len()) {
                Ordering::Equal => {}
                other => return other,
            }
        }
        match s1.cmp(s2) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    match (i >= a.len(), j >= b.len()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        _ => Ordering::Greater,
    }
}

fn compare_epoch(a: &str, b: &str) -> Ordering {
    super::semver::compare_digits(
        if a.is_empty() { "0" } else { a },
        if b.is_empty() { "0" } else { b },
    )
}

/// Compares two `[E:]V[-R]` strings.
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    let x = parse(a)?;
    let y = parse(b)?;
    Ok(compare_epoch(x.epoch, y.epoch)
        .then_with(|| rpmvercmp(x.version, y.version))
        .then_with(|| match (x.release, y.release) {
            (Some(r1), Some(r2)) => rpmvercmp(r1, r2),
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }))
}

impl VersionScheme for Rpm {
    fn name(&self) -> &'static str {
        "rpm"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        parse(version).map(|_| ())
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        compare(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// rpm's own `tests/rpmvercmp.at` table.
    #[test]
    fn rpmvercmp_table() {
        let cases: &[(&str, &str, i8)] = &[
            ("1.0", "1.0", 0),
            ("1.0", "2.0", -1),
            ("2.0", "1.0", 1),
            ("2.0.1", "2.0.1", 0),
            ("2.0", "2.0.1", -1),
            ("2.0.1", "2.0", 1),
            ("2.0.1a", "2.0.1a", 0),
            ("2.0.1a", "2.0.1", 1),
            ("2.0.1", "2.0.1a", -1),
            ("5.5p1", "5.5p1", 0),
            ("5.5p1", "5.5p2", -1),
            ("5.5p2", "5.5p1", 1),
            ("5.5p10", "5.5p10", 0),
            ("5.5p1", "5.5p10", -1),
            ("5.5p10", "5.5p1", 1),
            ("10xyz", "10.1xyz", -1),
            ("10.1xyz", "10xyz", 1),
            ("xyz10", "xyz10", 0),
            ("xyz10", "xyz10.1", -1),
            ("xyz10.1", "xyz10", 1),
            ("xyz.4", "xyz.4", 0),
            ("xyz.4", "8", -1),
            ("8", "xyz.4", 1),
            ("xyz.4", "2", -1),
            ("2", "xyz.4", 1),
            ("5.5p2", "5.6p1", -1),
            ("5.6p1", "5.5p2", 1),
            ("5.6p1", "6.5p1", -1),
            ("6.5p1", "5.6p1", 1),
            ("6.0.rc1", "6.0", 1),
            ("6.0", "6.0.rc1", -1),
            ("10b2", "10a1", 1),
            ("10a2", "10b2", -1),
            ("1.0aa", "1.0aa", 0),
            ("1.0a", "1.0aa", -1),
            ("1.0aa", "1.0a", 1),
            ("10.0001", "10.0001", 0),
            ("10.0001", "10.1", 0),
            ("10.1", "10.0001", 0),
            ("10.0001", "10.0039", -1),
            ("10.0039", "10.0001", 1),
            ("4.999.9", "5.0", -1),
            ("5.0", "4.999.9", 1),
            ("20101121", "20101121", 0),
            ("20101121", "20101122", -1),
            ("20101122", "20101121", 1),
            ("2_0", "2_0", 0),
            ("2.0", "2_0", 0),
            ("2_0", "2.0", 0),
            ("a", "a", 0),
            ("a+", "a+", 0),
            ("a+", "a_", 0),
            ("a_", "a+", 0),
            ("+a", "+a", 0),
            ("+a", "_a", 0),
            ("_a", "+a", 0),
            ("+_", "+_", 0),
            ("_+", "+_", 0),
            ("_+", "_+", 0),
            ("+", "_", 0),
            ("_", "+", 0),
            ("1.0~rc1", "1.0~rc1", 0),
            ("1.0~rc1", "1.0", -1),
            ("1.0", "1.0~rc1", 1),
            ("1.0~rc1", "1.0~rc2", -1),
            ("1.0~rc2", "1.0~rc1", 1),
            ("1.0~rc1~git123", "1.0~rc1~git123", 0),
            ("1.0~rc1~git123", "1.0~rc1", -1),
            ("1.0~rc1", "1.0~rc1~git123", 1),
            ("1.0^", "1.0^", 0),
            ("1.0^", "1.0", 1),
            ("1.0", "1.0^", -1),
            ("1.0^git1", "1.0^git1", 0),
            ("1.0^git1", "1.0", 1),
            ("1.0", "1.0^git1", -1),
            ("1.0^git1", "1.0^git2", -1),
            ("1.0^git2", "1.0^git1", 1),
            ("1.0^git1", "1.01", -1),
            ("1.01", "1.0^git1", 1),
            ("1.0^20160101", "1.0^20160101", 0),
            ("1.0^20160101", "1.0.1", -1),
            ("1.0.1", "1.0^20160101", 1),
            ("1.0^20160101^git1", "1.0^20160101^git1", 0),
            ("1.0^20160102", "1.0^20160101^git1", 1),
            ("1.0^20160101^git1", "1.0^20160102", -1),
            ("1.0~rc1^git1", "1.0~rc1^git1", 0),
            ("1.0~rc1^git1", "1.0~rc1", 1),
            ("1.0~rc1", "1.0~rc1^git1", -1),
            ("1.0^git1~pre", "1.0^git1~pre", 0),
            ("1.0^git1", "1.0^git1~pre", 1),
            ("1.0^git1~pre", "1.0^git1", -1),
        ];
        for (a, b, want) in cases {
            let got = match rpmvercmp(a, b) {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            };
            assert_eq!(got, *want, "rpmvercmp({a}, {b})");
        }
    }

    #[test]
    fn evr() {
        let c = |a, b| compare(a, b).expect("valid");
        assert_eq!(c("1:1.0-1", "2.0-1"), Ordering::Greater);
        assert_eq!(c("0:1.0-1", "1.0-1"), Ordering::Equal);
        assert_eq!(
            c("1.0", "1.0-1"),
            Ordering::Less,
            "absent release sorts first"
        );
        assert_eq!(c("1.0-1.el9", "1.0-1.el9_2"), Ordering::Less);
        assert!(parse("x:1.0").is_err());
        assert!(parse("1.0-").is_err());
        assert!(parse("").is_err());
    }
}
