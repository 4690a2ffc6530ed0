//! The `nuget` scheme: NuGet package versions and version ranges as NuGet.Versioning reads and
//! orders them (`NuGetVersion.TryParse`, `VersionComparer.Default`, `VersionRange.Parse`,
//! `VersionRange.Satisfies`).
//!
//! - Versions: one to four numbers (`1`, `1.0`, `1.0.0`, `1.0.0.0`; leading zeros allowed,
//!   missing parts are 0) with optional SemVer 2.0 release labels (`-beta.1`) and build metadata
//!   (`+sha`). Ordering: the four numbers, then a release before its pre-releases, labels
//!   compared one by one — numeric labels numerically and below alphanumeric ones, which compare
//!   case-insensitively — then the longer label list. Metadata is ignored (`1.0.0+a` = `1.0.0`),
//!   and so is case (`1.0.0-BETA` = `1.0.0-beta`).
//! - Ranges: `1.0` (= `[1.0, )`), `[1.0]`, `(1.0,)`, `(,1.0]`, `[1.0,2.0)`, and floating ranges
//!   (`1.*`, `1.0.*`, `1.0.0-*`, `*`), whose `Satisfies` uses the floating range's minimum as a
//!   lower bound. Pre-releases inside the bounds are included, as `Satisfies` includes them.

use std::cmp::Ordering;

use super::range::{Bound, ComparatorUnion};
use super::semver::compare_digits;
use super::{NativeRange, RangeError, Scheme, VersionError, VersionScheme};
use crate::vers::{Comparator, Vers};

/// The `nuget` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Nuget;

/// A parsed NuGet version, borrowing from its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NugetVersion<'a> {
    numbers: [&'a str; 4],
    labels: Option<&'a str>,
}

fn error(version: &str, reason: &str) -> VersionError {
    VersionError::new("nuget", version, reason)
}

fn valid_part(part: &str, allow_leading_zeros: bool) -> bool {
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return false;
    }
    allow_leading_zeros
        || !(part.len() > 1 && part.starts_with('0') && part.bytes().all(|b| b.is_ascii_digit()))
}

/// `NuGetVersion.TryParse`.
pub fn parse(version: &str) -> Result<NugetVersion<'_>, VersionError> {
    let text = version.trim();
    if text.is_empty() {
        return Err(error(version, "empty version"));
    }
    // `ParseSections`: the version ends at the first `-` (labels follow, up to a `+`) or `+`
    // (metadata follows).
    let (main, labels, metadata) = match text.find(['-', '+']) {
        None => (text, None, None),
        Some(i) if text.as_bytes()[i] == b'+' => (&text[..i], None, Some(&text[i + 1..])),
        // A `+` that ends the string after labels starts no metadata (`1.0.0-beta+`).
        Some(i) => match text[i + 1..].split_once('+') {
            Some((labels, "")) => (&text[..i], Some(labels), None),
            Some((labels, metadata)) => (&text[..i], Some(labels), Some(metadata)),
            None => (&text[..i], Some(&text[i + 1..]), None),
        },
    };
    if labels.is_some_and(|l| l.is_empty() || !l.split('.').all(|p| valid_part(p, false))) {
        return Err(error(version, "invalid release label"));
    }
    if metadata.is_some_and(|m| m.is_empty() || !m.split('.').all(|p| valid_part(p, true))) {
        return Err(error(version, "invalid build metadata"));
    }
    let mut numbers = ["0"; 4];
    let parts: Vec<&str> = main.split('.').collect();
    if parts.len() > 4 {
        return Err(error(version, "more than four version numbers"));
    }
    for (slot, part) in numbers.iter_mut().zip(&parts) {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error(version, &format!("`{part}` is not a version number")));
        }
        let digits = part.trim_start_matches('0');
        // System.Version parts are 32-bit signed integers.
        if digits.len() > 10 || digits.parse::<u64>().is_ok_and(|n| n > i32::MAX as u64) {
            return Err(error(version, &format!("`{part}` is too large")));
        }
        *slot = part;
    }
    Ok(NugetVersion { numbers, labels })
}

/// `VersionComparer.CompareRelease` for one label.
fn compare_label(a: &str, b: &str) -> Ordering {
    let an = a.parse::<i32>().ok();
    let bn = b.parse::<i32>().ok();
    match (an, bn) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a
            .bytes()
            .map(|c| c.to_ascii_uppercase())
            .cmp(b.bytes().map(|c| c.to_ascii_uppercase())),
    }
}

impl NugetVersion<'_> {
    /// `VersionComparer.Default`.
    pub fn order(&self, other: &NugetVersion<'_>) -> Ordering {
        for (a, b) in self.numbers.iter().zip(&other.numbers) {
            match compare_digits(a, b) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        match (self.labels, other.labels) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) => {
                let (mut x, mut y) = (a.split('.'), b.split('.'));
                loop {
                    match (x.next(), y.next()) {
                        (None, None) => return Ordering::Equal,
                        (None, Some(_)) => return Ordering::Less,
                        (Some(_), None) => return Ordering::Greater,
                        (Some(p), Some(q)) => match compare_label(p, q) {
                            Ordering::Equal => {}
                            o => return o,
                        },
                    }
                }
            }
        }
    }
}

/// Compares two NuGet versions.
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    Ok(parse(a)?.order(&parse(b)?))
}

/// A NuGet version range.
#[derive(Debug)]
pub struct NugetRange {
    union: ComparatorUnion,
}

/// The minimum version of a floating version (`1.*` → `1.0.0`, `1.0.0-*` → `1.0.0-0`... ).
fn float_minimum(text: &str, range: &str) -> Result<String, RangeError> {
    let err = |reason: &str| RangeError::syntax("nuget", range, reason.to_owned());
    if text == "*" || text == "*-*" {
        return Ok("0.0.0".to_owned());
    }
    let (release, label) = match text.split_once('-') {
        Some((r, l)) => (r, Some(l)),
        None => (text, None),
    };
    let numbers: Vec<&str> = if release.ends_with('*') {
        let head = release.trim_end_matches('*').trim_end_matches('.');
        if head.is_empty() {
            Vec::new()
        } else {
            head.split('.').collect()
        }
    } else {
        release.split('.').collect()
    };
    if numbers
        .iter()
        .any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(err("invalid floating version"));
    }
    let mut version = numbers.join(".");
    if numbers.is_empty() {
        version = "0".to_owned();
    }
    while version.split('.').count() < 3 {
        version.push_str(".0");
    }
    if let Some(label) = label {
        let fixed = label.trim_end_matches('*').trim_end_matches(['.', '-']);
        version.push('-');
        version.push_str(if fixed.is_empty() { "0" } else { fixed });
    }
    parse(&version).map_err(|e| err(&e.reason))?;
    Ok(version)
}

impl NugetRange {
    /// `VersionRange.Parse`.
    pub fn parse(range: &str) -> Result<NugetRange, RangeError> {
        let err = |reason: String| RangeError::syntax("nuget", range, reason);
        let text: String = range.chars().filter(|c| !c.is_whitespace()).collect();
        if text.is_empty() {
            return Err(err("empty range".to_owned()));
        }
        let bounds = if text.starts_with('[') || text.starts_with('(') {
            let min_inclusive = text.starts_with('[');
            let max_inclusive = match text.chars().last() {
                Some(']') => true,
                Some(')') => false,
                _ => return Err(err("a range must end with `]` or `)`".to_owned())),
            };
            let inner = &text[1..text.len() - 1];
            let parts: Vec<&str> = inner.split(',').collect();
            match parts.as_slice() {
                [single] => {
                    if !(min_inclusive && max_inclusive) || single.is_empty() {
                        return Err(err("a single version must be written `[1.0]`".to_owned()));
                    }
                    parse(single)?;
                    vec![Bound::new(Comparator::Eq, *single)]
                }
                [low, high] => {
                    if low.is_empty() && high.is_empty() {
                        return Err(err("a range needs at least one bound".to_owned()));
                    }
                    let mut bounds = Vec::new();
                    if !low.is_empty() {
                        let min = if low.contains('*') {
                            float_minimum(low, range)?
                        } else {
                            parse(low).map(|_| (*low).to_owned())?
                        };
                        bounds.push(Bound::new(
                            if min_inclusive {
                                Comparator::Ge
                            } else {
                                Comparator::Gt
                            },
                            min,
                        ));
                    }
                    if !high.is_empty() {
                        parse(high)?;
                        bounds.push(Bound::new(
                            if max_inclusive {
                                Comparator::Le
                            } else {
                                Comparator::Lt
                            },
                            *high,
                        ));
                    }
                    if let (Some(l), Some(h)) = (bounds.first(), bounds.get(1)) {
                        let ord = compare(&l.version, &h.version)?;
                        if ord == Ordering::Greater
                            || (ord == Ordering::Equal && !(min_inclusive && max_inclusive))
                        {
                            return Err(err("the minimum is above the maximum".to_owned()));
                        }
                    }
                    bounds
                }
                _ => return Err(err("too many commas".to_owned())),
            }
        } else if text.contains('*') {
            vec![Bound::new(Comparator::Ge, float_minimum(&text, range)?)]
        } else {
            parse(&text)?;
            vec![Bound::new(Comparator::Ge, text.clone())]
        };
        Ok(NugetRange {
            union: ComparatorUnion::new(Scheme::Nuget, range, vec![bounds])?,
        })
    }
}

impl NativeRange for NugetRange {
    fn contains(&self, version: &str) -> Result<bool, VersionError> {
        NativeRange::contains(&self.union, version)
    }

    fn to_vers(&self) -> Result<Vers, RangeError> {
        self.union.to_vers()
    }
}

impl VersionScheme for Nuget {
    fn name(&self) -> &'static str {
        "nuget"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        parse(version).map(|_| ())
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        compare(a, b)
    }

    fn parse_native_range(&self, range: &str) -> Result<Box<dyn NativeRange>, RangeError> {
        Ok(Box::new(NugetRange::parse(range)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering() {
        let c = |a, b| compare(a, b).expect("valid");
        assert_eq!(c("1.0", "1.0.0.0"), Ordering::Equal);
        assert_eq!(c("1.0.01", "1.0.1.0"), Ordering::Equal);
        assert_eq!(c("1.0.0-BETA", "1.0.0-beta"), Ordering::Equal);
        assert_eq!(c("1.0.0+aa", "1.0.0"), Ordering::Equal);
        assert_eq!(c("1.0.0-beta", "1.0.0"), Ordering::Less);
        assert_eq!(c("1.0.0-beta.2", "1.0.0-beta.10"), Ordering::Less);
        assert_eq!(c("1.0.0-1", "1.0.0-alpha"), Ordering::Less);
        assert_eq!(c("1.0.0-alpha", "1.0.0-alpha.1"), Ordering::Less);
        assert_eq!(c("1.0.0.1-alpha", "1.0.0"), Ordering::Greater);
        assert_eq!(c("1.0.0-beta-1+meta-x", "1.0.0-BETA-1"), Ordering::Equal);
        assert_eq!(c("1.0.0+meta-x", "1.0.0"), Ordering::Equal);
        for bad in [
            "",
            "1.0.0.0.0",
            "a.b",
            "1.0-",
            "1.0.0-01",
            "1.0.0+",
            "-1.0",
            "1..0",
            "99999999999.0",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn ranges() {
        let r = |s: &str, v: &str| NugetRange::parse(s).expect(s).contains(v).expect(v);
        assert!(r("1.0", "5.0"));
        assert!(!r("1.0", "0.9"));
        assert!(r("[1.0,2.0)", "1.9.9-beta"));
        assert!(!r("[1.0,2.0)", "2.0"));
        assert!(r("[1.0]", "1.0.0"));
        assert!(r("(,1.0]", "0.1"));
        assert!(r("1.*", "1.5"));
        assert!(r("1.*", "2.5"), "Satisfies uses the floating minimum only");
        assert!(!r("1.2.*", "1.1.9"));
        for bad in [
            "(1.0)",
            "[1.0",
            "[,]",
            "[2.0,1.0]",
            "[1.0,2.0,3.0]",
            "(1.0,1.0)",
        ] {
            assert!(NugetRange::parse(bad).is_err(), "{bad}");
        }
        let v = NugetRange::parse("[1.0.0, 2.0.0)")
            .expect("valid")
            .to_vers()
            .expect("vers");
        assert_eq!(v.to_string(), "vers:nuget/>=1.0.0|<2.0.0");
    }
}
