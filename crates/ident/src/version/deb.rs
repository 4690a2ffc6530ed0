//! The `deb` scheme: Debian package versions as dpkg compares them
//! (`lib/dpkg/version.c` `dpkg_version_compare` / `verrevcmp`, `lib/dpkg/parsehelp.c`
//! `parseversion`).
//!
//! `[epoch:]upstream_version[-debian_revision]`: epochs compare numerically, then the upstream
//! version and the revision with `verrevcmp` — non-digit runs character by character, where `~`
//! sorts before everything (even the end of the string), letters before other characters, then
//! digit runs numerically. A missing revision is the empty string, which `verrevcmp` treats as
//! equal to `0`.
//!
//! Validation mirrors `parseversion`: its errors (empty version, non-numeric or negative epoch,
//! nothing after the colon, empty upstream or revision, embedded spaces) are errors here; its
//! warnings (an upstream version not starting with a digit, characters outside the allowed
//! set) are accepted, as `dpkg --compare-versions` accepts them with a warning. Comparison walks
//! the strings in place: no allocation.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `deb` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Deb;

/// A version split into its parts, borrowing from the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DebVersion<'a> {
    /// The epoch (0 when absent).
    pub epoch: u64,
    /// The upstream version.
    pub upstream: &'a str,
    /// The Debian revision (empty when absent).
    pub revision: &'a str,
}

fn error(version: &str, reason: &str) -> VersionError {
    VersionError::new("deb", version, reason)
}

/// `parseversion`.
#[inline]
pub fn parse(version: &str) -> Result<DebVersion<'_>, VersionError> {
    scan(version).map_or_else(|| parse_slow(version), Ok)
}

/// The fast path of [`parse`]: one scan that accepts the common well-formed version (no
/// surrounding whitespace); everything else goes to [`parse_slow`], which decides.
#[inline]
fn scan(v: &str) -> Option<DebVersion<'_>> {
    let b = v.as_bytes();
    // Any byte up to the space (whitespace or a control character): the slow path decides.
    if b.iter().fold(false, |seen, &c| seen | (c <= b' ')) {
        return None;
    }
    let colon = b.iter().position(|&c| c == b':');
    let dash = b.iter().rposition(|&c| c == b'-');
    let (epoch, start) = match colon {
        Some(0) => return None,
        Some(c) => {
            let mut epoch: u64 = 0;
            for &d in &b[..c] {
                if !d.is_ascii_digit() || epoch > u64::from(i32::MAX as u32) {
                    return None;
                }
                epoch = epoch * 10 + u64::from(d - b'0');
            }
            if epoch > i32::MAX as u64 {
                return None;
            }
            (epoch, c + 1)
        }
        None => (0, 0),
    };
    let (upstream, revision) = match dash {
        Some(d) if d < start => return None,
        Some(d) => (v.get(start..d)?, v.get(d + 1..)?),
        None => (v.get(start..)?, ""),
    };
    if upstream.is_empty() || (dash.is_some() && revision.is_empty()) {
        return None;
    }
    Some(DebVersion {
        epoch,
        upstream,
        revision,
    })
}

fn parse_slow(version: &str) -> Result<DebVersion<'_>, VersionError> {
    let v = version.trim_matches(|c: char| c.is_ascii_whitespace());
    if v.is_empty() {
        return Err(error(version, "version string is empty"));
    }
    if v.bytes().any(|b| b.is_ascii_whitespace()) {
        return Err(error(version, "version string has embedded spaces"));
    }
    let (epoch, rest) = match v.split_once(':') {
        Some((epoch, rest)) => {
            if epoch.is_empty() || !epoch.bytes().all(|b| b.is_ascii_digit()) {
                if epoch.starts_with('-') {
                    return Err(error(version, "epoch in version is negative"));
                }
                return Err(error(version, "epoch in version is not number"));
            }
            let epoch: u64 = epoch
                .parse()
                .ok()
                .filter(|e| *e <= i32::MAX as u64)
                .ok_or_else(|| error(version, "epoch in version is too big"))?;
            if rest.is_empty() {
                return Err(error(version, "nothing after colon in version number"));
            }
            (epoch, rest)
        }
        None => (0, v),
    };
    let (upstream, revision) = match rest.rsplit_once('-') {
        Some((upstream, revision)) => {
            if revision.is_empty() {
                return Err(error(version, "revision number is empty"));
            }
            (upstream, revision)
        }
        None => (rest, ""),
    };
    if upstream.is_empty() {
        return Err(error(version, "version number is empty"));
    }
    Ok(DebVersion {
        epoch,
        upstream,
        revision,
    })
}

/// dpkg's `order`: the sort weight of a non-digit character (`0` is the end of the string).
#[inline]
fn order(c: Option<u8>) -> i32 {
    match c {
        None => 0,
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_ascii_alphabetic() => i32::from(c),
        Some(b'~') => -1,
        Some(c) => i32::from(c) + 256,
    }
}

/// dpkg's `verrevcmp`.
pub fn verrevcmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0usize, 0usize);
    let at = |s: &[u8], k: usize| s.get(k).copied();
    while i < a.len() || j < b.len() {
        let mut first_diff = 0i32;
        while at(a, i).is_some_and(|c| !c.is_ascii_digit())
            || at(b, j).is_some_and(|c| !c.is_ascii_digit())
        {
            let ac = order(at(a, i));
            let bc = order(at(b, j));
            if ac != bc {
                return ac.cmp(&bc);
            }
            i += 1;
            j += 1;
        }
        while at(a, i) == Some(b'0') {
            i += 1;
        }
        while at(b, j) == Some(b'0') {
            j += 1;
        }
        while let (Some(x), Some(y)) = (at(a, i), at(b, j)) {
            if !(x.is_ascii_digit() && y.is_ascii_digit()) {
                break;
            }
            if first_diff == 0 {
                first_diff = i32::from(x) - i32::from(y);
            }
            i += 1;
            j += 1;
        }
        if at(a, i).is_some_and(|c| c.is_ascii_digit()) {
            return Ordering::Greater;
        }
        if at(b, j).is_some_and(|c| c.is_ascii_digit()) {
            return Ordering::Less;
        }
        if first_diff != 0 {
            return first_diff.cmp(&0);
        }
    }
    Ordering::Equal
}

/// `dpkg_version_compare`.
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    let x = parse(a)?;
    let y = parse(b)?;
    Ok(x.epoch
        .cmp(&y.epoch)
        .then_with(|| verrevcmp(x.upstream, y.upstream))
        .then_with(|| verrevcmp(x.revision, y.revision)))
}

impl VersionScheme for Deb {
    fn name(&self) -> &'static str {
        "deb"
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

    fn cmp(a: &str, b: &str) -> i8 {
        match compare(a, b).expect("valid") {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        }
    }

    /// Cases from dpkg's `lib/dpkg/t/t-version.c` and Debian Policy §5.6.12.
    #[test]
    fn dpkg_cases() {
        let cases = [
            ("0", "0", 0),
            ("0", "00", 0),
            ("1:2.3", "1:2.3", 0),
            ("1.0", "1.0-0", 0),
            ("0:1.0", "1.0", 0),
            ("1:0", "0:1", 1),
            ("2:1", "1:2", 1),
            ("1.0~rc1", "1.0", -1),
            ("1.0~~", "1.0~~a", -1),
            ("1.0~~a", "1.0~", -1),
            ("1.0~", "1.0", -1),
            ("1.0", "1.0a", -1),
            ("1.0a", "1.0+", -1),
            ("1.0+", "1.0.", -1),
            ("1.2.3", "1.2.3+deb12u1", -1),
            ("2.36-9+deb12u3", "2.36-9+deb12u10", -1),
            ("1.2-1", "1.2-1ubuntu1", -1),
            ("9", "10", -1),
            ("a", "b", -1),
            ("0.1~rc1-1", "0.1-1", -1),
            ("7.6p2-4", "7.6-0", 1),
            ("1.0.3-3", "1.0-1", 1),
            ("1.3", "1.2.2-2", 1),
            ("1.3", "1.2.2", 1),
            ("0-pre", "0-pre", 0),
            ("0-pre", "0-pree", -1),
            ("1.1.6r-1", "1.1.6r2-2", -1),
            ("2.6b-2", "2.6b2-1", -1),
            ("98.1-pre2-b6-2", "98.1p5-1", 1),
            ("0.4a6-2", "0.4-1", 1),
            ("1:3.0.5-2", "1:3.0.5.1", -1),
            ("1:0.4", "1:1.0", -1),
            ("1.0000", "1.0", 0),
        ];
        for (a, b, want) in cases {
            assert_eq!(cmp(a, b), want, "{a} vs {b}");
            assert_eq!(cmp(b, a), -want, "{b} vs {a}");
        }
    }

    #[test]
    fn parse_errors_and_warnings() {
        for bad in [
            "",
            " ",
            "1 2",
            "a:1",
            "-1:1",
            "1:",
            "1.0-",
            ":1",
            "99999999999:1",
            "-1",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        // dpkg warns but compares.
        for warn in ["a1", "1.0@", "1_0-1"] {
            assert!(parse(warn).is_ok(), "{warn:?}");
        }
        assert_eq!(
            parse("1:2.3-4-5").expect("valid"),
            DebVersion {
                epoch: 1,
                upstream: "2.3-4",
                revision: "5"
            }
        );
    }
}
