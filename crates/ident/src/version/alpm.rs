//! The `alpm` scheme: Arch Linux package versions as pacman's `vercmp` orders them
//! (`lib/libalpm/version.c`, `alpm_pkg_vercmp`).
//!
//! `[epoch:]pkgver[-pkgrel]`: the epoch (absent = 0), then pkgver, then — only when both have
//! one — pkgrel, each with libalpm's variant of `rpmvercmp`: alphanumeric segments, separator
//! runs of different lengths decide, digit segments beat letter segments, and at the end a
//! remaining letter segment loses to nothing (`1.0a` < `1.0`) while a remaining digit segment
//! wins. No allocation.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `alpm` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Alpm;

/// libalpm's `rpmvercmp`.
fn rpmvercmp(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut one, mut two) = (0usize, 0usize);
    let (mut ptr1, mut ptr2) = (0usize, 0usize);
    while one < a.len() && two < b.len() {
        while one < a.len() && !a[one].is_ascii_alphanumeric() {
            one += 1;
        }
        while two < b.len() && !b[two].is_ascii_alphanumeric() {
            two += 1;
        }
        if !(one < a.len() && two < b.len()) {
            break;
        }
        // Separator runs of different lengths decide.
        if one - ptr1 != two - ptr2 {
            return (one - ptr1).cmp(&(two - ptr2));
        }
        ptr1 = one;
        ptr2 = two;
        let numeric = a[ptr1].is_ascii_digit();
        let class = |c: u8| {
            if numeric {
                c.is_ascii_digit()
            } else {
                c.is_ascii_alphabetic()
            }
        };
        while ptr1 < a.len() && class(a[ptr1]) {
            ptr1 += 1;
        }
        while ptr2 < b.len() && class(b[ptr2]) {
            ptr2 += 1;
        }
        if two == ptr2 {
            return if numeric {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }
        let (mut s1, mut s2) = (&a[one..ptr1], &b[two..ptr2]);
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
        one = ptr1;
        two = ptr2;
    }
    let (x, y) = (a.get(one).copied(), b.get(two).copied());
    if x.is_none() && y.is_none() {
        return Ordering::Equal;
    }
    // "We never want a remaining alpha string to beat an empty string."
    let alpha = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphabetic());
    if (x.is_none() && !alpha(y)) || alpha(x) {
        Ordering::Less
    } else {
        Ordering::Greater
    }
}

/// `parseEVR`: `(epoch, version, release)`. The epoch is the leading digits before a `:`
/// (`0` when absent or empty); the release follows the last `-`.
fn parse_evr(evr: &str) -> (&str, &str, Option<&str>) {
    let digits = evr.bytes().take_while(u8::is_ascii_digit).count();
    let (epoch, body) = match evr[digits..].strip_prefix(':') {
        Some(rest) => (if digits == 0 { "0" } else { &evr[..digits] }, rest),
        None => ("0", evr),
    };
    match body.rsplit_once('-') {
        Some((version, release)) => (epoch, version, Some(release)),
        None => (epoch, body, None),
    }
}

/// A pkgver (after an optional epoch) starts with an ASCII letter or digit and holds printable
/// ASCII without whitespace. pacman's `vercmp` compares any string, but on strings without a
/// leading alphanumeric segment (`+`, `^a`) its answers are not transitive, so they are refused.
fn check(version: &str) -> Result<(), VersionError> {
    let err = |reason: String| Err(VersionError::new("alpm", version, reason));
    if version.is_empty() {
        return err("empty version".to_owned());
    }
    if let Some(c) = version.chars().find(|c| !c.is_ascii_graphic()) {
        return err(format!("invalid character {c:?}"));
    }
    let (_, body, release) = parse_evr(version);
    if !body.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return err("the version must start with a letter or digit".to_owned());
    }
    if release.is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric())) {
        return err("the release must start with a letter or digit".to_owned());
    }
    Ok(())
}

/// `alpm_pkg_vercmp`.
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    check(a)?;
    check(b)?;
    if a == b {
        return Ok(Ordering::Equal);
    }
    let (e1, v1, r1) = parse_evr(a);
    let (e2, v2, r2) = parse_evr(b);
    Ok(rpmvercmp(e1, e2)
        .then_with(|| rpmvercmp(v1, v2))
        .then_with(|| match (r1, r2) {
            (Some(r1), Some(r2)) => rpmvercmp(r1, r2),
            _ => Ordering::Equal,
        }))
}

impl VersionScheme for Alpm {
    fn name(&self) -> &'static str {
        "alpm"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        check(version)
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        compare(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// pacman's `test/util/vercmptest.sh`, each case also checked mirrored.
    #[test]
    fn pacman_vercmptest() {
        let cases: &[(&str, &str, i8)] = &[
            ("1.5.0", "1.5.0", 0),
            ("1.5.1", "1.5.0", 1),
            ("1.5.1", "1.5", 1),
            ("1.5.0-1", "1.5.0-1", 0),
            ("1.5.0-1", "1.5.0-2", -1),
            ("1.5.0-1", "1.5.1-1", -1),
            ("1.5.0-2", "1.5.1-1", -1),
            ("1.5-1", "1.5.1-1", -1),
            ("1.5-2", "1.5.1-1", -1),
            ("1.5-2", "1.5.1-2", -1),
            ("1.5", "1.5-1", 0),
            ("1.5-1", "1.5", 0),
            ("1.1-1", "1.1", 0),
            ("1.0-1", "1.1", -1),
            ("1.1-1", "1.0", 1),
            ("1.5b-1", "1.5-1", -1),
            ("1.5b", "1.5", -1),
            ("1.5b-1", "1.5", -1),
            ("1.5b", "1.5.1", -1),
            ("1.0a", "1.0alpha", -1),
            ("1.0alpha", "1.0b", -1),
            ("1.0b", "1.0beta", -1),
            ("1.0beta", "1.0rc", -1),
            ("1.0rc", "1.0", -1),
            ("1.5.a", "1.5", 1),
            ("1.5.b", "1.5.a", 1),
            ("1.5.1", "1.5.b", 1),
            ("1.5.b-1", "1.5.b", 0),
            ("1.5-1", "1.5.b", -1),
            ("2.0", "2_0", 0),
            ("2.0_a", "2_0.a", 0),
            ("2.0a", "2.0.a", -1),
            ("2___a", "2_a", 1),
            ("0:1.0", "0:1.0", 0),
            ("0:1.0", "0:1.1", -1),
            ("1:1.0", "0:1.0", 1),
            ("1:1.0", "0:1.1", 1),
            ("1:1.0", "2:1.1", -1),
            ("1:1.0", "0:1.0-1", 1),
            ("1:1.0-1", "0:1.1-1", 1),
            ("0:1.0", "1.0", 0),
            ("0:1.0", "1.1", -1),
            ("0:1.1", "1.0", 1),
            ("1:1.0", "1.0", 1),
            ("1:1.0", "1.1", 1),
            ("1:1.1", "1.1", 1),
        ];
        for (a, b, want) in cases {
            let got = match compare(a, b).expect("valid") {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            };
            assert_eq!(got, *want, "vercmp {a} {b}");
            let mirrored = compare(b, a).expect("valid");
            assert_eq!(mirrored, got.cmp(&0).reverse(), "vercmp {b} {a}");
        }
    }
}
