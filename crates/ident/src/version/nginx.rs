//! The `nginx` scheme: nginx releases, ordered as SemVer versions (read leniently, as univers'
//! `NginxVersion` does), and the range notation of nginx security advisories
//! (<https://nginx.org/en/security_advisories.html>):
//!
//! - `1.5.10` — that version;
//! - `0.7.52-0.8.39` — from one version to another, both included;
//! - `0.8.40+` — that version and later ones *in its branch*: an even minor number is a stable
//!   branch, so `0.8.40+` is `>=0.8.40` and `<0.9.0`; an odd minor number is the mainline, so
//!   `1.5.0+` is `>=1.5.0`;
//! - `all`; clauses are separated by commas.

use std::cmp::Ordering;

use super::range::{Bound, ComparatorUnion};
use super::semver::Coerced;
use super::{NativeRange, RangeError, Scheme, VersionError, VersionScheme};
use crate::vers::Comparator;

/// The `nginx` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Nginx;

fn parse(version: &str) -> Result<Coerced, VersionError> {
    Coerced::parse(version).map_err(|e| VersionError::new("nginx", version, e))
}

fn parse_range(range: &str) -> Result<ComparatorUnion, RangeError> {
    let cleaned: String = range
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if cleaned == "all" {
        return ComparatorUnion::new(Scheme::Nginx, range, vec![vec![]]);
    }
    if cleaned.is_empty() || cleaned == "none" {
        return Err(RangeError::syntax(
            "nginx",
            range,
            "the range names no version",
        ));
    }
    let mut alternatives = Vec::new();
    for clause in cleaned.split(',') {
        if clause.is_empty() {
            return Err(RangeError::syntax(
                "nginx",
                range,
                "empty clause between commas",
            ));
        }
        if let Some((start, end)) = clause.split_once('-') {
            parse(start)?;
            parse(end)?;
            alternatives.push(vec![
                Bound::new(Comparator::Ge, start),
                Bound::new(Comparator::Le, end),
            ]);
        } else if let Some(v) = clause.strip_suffix('+') {
            let version = parse(v)?;
            let stable = version
                .minor()
                .bytes()
                .last()
                .is_some_and(|d| (d - b'0').is_multiple_of(2));
            if stable {
                alternatives.push(vec![
                    Bound::new(Comparator::Ge, v),
                    Bound::new(Comparator::Lt, version.next_minor()),
                ]);
            } else {
                alternatives.push(vec![Bound::new(Comparator::Ge, v)]);
            }
        } else {
            parse(clause)?;
            alternatives.push(vec![Bound::new(Comparator::Eq, clause)]);
        }
    }
    ComparatorUnion::new(Scheme::Nginx, range, alternatives)
}

impl VersionScheme for Nginx {
    fn name(&self) -> &'static str {
        "nginx"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        parse(version).map(|_| ())
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        Ok(parse(a)?.cmp(&parse(b)?))
    }

    fn parse_native_range(&self, range: &str) -> Result<Box<dyn NativeRange>, RangeError> {
        Ok(Box::new(parse_range(range)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advisory_ranges() {
        let r = |s: &str| {
            parse_range(s)
                .expect("valid")
                .to_vers()
                .expect("vers")
                .to_string()
        };
        assert_eq!(r("0.8.40+"), "vers:nginx/>=0.8.40|<0.9.0");
        assert_eq!(r("1.5.0+"), "vers:nginx/>=1.5.0");
        assert_eq!(r("0.7.52-0.8.39"), "vers:nginx/>=0.7.52|<=0.8.39");
        assert_eq!(
            r("1.1.4-1.2.8, 1.3.9-1.4.0"),
            "vers:nginx/>=1.1.4|<=1.2.8|>=1.3.9|<=1.4.0"
        );
        assert_eq!(r("all"), "vers:nginx/*");
        let inside = parse_range("0.8.40+, 1.5.0+").expect("valid");
        assert!(inside.contains("0.8.41").expect("valid"));
        assert!(!inside.contains("0.9.1").expect("valid"));
        assert!(inside.contains("1.25.3").expect("valid"));
        assert!(parse_range("none").is_err());
    }
}
