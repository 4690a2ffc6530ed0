//! The `gem` scheme: RubyGems versions and requirements, as `Gem::Version` and
//! `Gem::Requirement` (RubyGems 3.x) read, order and match them.
//!
//! - Versions: `N(.[0-9A-Za-z]+)*(-[0-9A-Za-z-]+(.[0-9A-Za-z-]+)*)?` with surrounding
//!   whitespace; `-` is read as `.pre.`; an empty version is `0`. Segments are runs of digits or
//!   of letters; any letter makes a pre-release. Ordering compares canonical segments (trailing
//!   zeros of the numeric part and of each part dropped), missing segments counting as `0`,
//!   a letter segment sorting below a number: `1.0.a` < `1.0` < `1.0.1`.
//! - Requirements: comma-separated `[op] version` with `=`, `!=`, `>`, `<`, `>=`, `<=`, `~>`, all
//!   of which must hold. `~> 2.2` means `>= 2.2` and `< 3` (the version's release, bumped);
//!   pre-releases inside the bounds are included, as `satisfied_by?` includes them.

use std::cmp::Ordering;

use super::range::{Bound, ComparatorUnion};
use super::semver::compare_digits;
use super::{NativeRange, RangeError, Scheme, VersionError, VersionScheme};
use crate::vers::{Comparator, Vers};

/// The `gem` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Gem;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment<'a> {
    /// Digits without leading zeros.
    Num(&'a str),
    Str(&'a str),
}

fn is_version_char(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// `Gem::Version.correct?`, then the normalised text (`-` as `.pre.`, trimmed).
fn check(version: &str) -> Result<String, VersionError> {
    let err = |reason: &str| VersionError::new("gem", version, reason);
    // Ruby's `strip` removes ASCII whitespace and NUL.
    let text = version.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\0');
    if text.is_empty() {
        return Ok("0".to_owned());
    }
    let b = text.as_bytes();
    let mut i = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if i == 0 {
        return Err(err("must start with a number"));
    }
    // (?>\.[0-9a-zA-Z]+)*
    while i < b.len() && b[i] == b'.' {
        let start = i + 1;
        let end = start
            + b[start..]
                .iter()
                .take_while(|c| is_version_char(**c))
                .count();
        if end == start {
            return Err(err("empty segment after `.`"));
        }
        i = end;
    }
    // (-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?
    if i < b.len() && b[i] == b'-' {
        i += 1;
        loop {
            let start = i;
            while i < b.len() && (is_version_char(b[i]) || b[i] == b'-') {
                i += 1;
            }
            if i == start {
                return Err(err("empty pre-release segment"));
            }
            if i < b.len() && b[i] == b'.' {
                i += 1;
                continue;
            }
            break;
        }
    }
    if i != b.len() {
        return Err(err(&format!("unexpected `{}`", &text[i..])));
    }
    Ok(text.replace('-', ".pre."))
}

/// `segments`: runs of digits or letters.
fn segments(normalized: &str) -> Vec<Segment<'_>> {
    let b = normalized.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        if b[i].is_ascii_digit() {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let digits = normalized[start..i].trim_start_matches('0');
            out.push(Segment::Num(if digits.is_empty() { "0" } else { digits }));
        } else if b[i].is_ascii_alphabetic() {
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push(Segment::Str(&normalized[start..i]));
        } else {
            i += 1;
        }
    }
    out
}

fn is_zero(s: &Segment<'_>) -> bool {
    matches!(s, Segment::Num("0"))
}

/// `canonical_segments`: trailing zeros dropped from the numeric part and from the rest.
fn canonical(segs: Vec<Segment<'_>>) -> Vec<Segment<'_>> {
    let split = segs
        .iter()
        .position(|s| matches!(s, Segment::Str(_)))
        .unwrap_or(segs.len());
    let mut numeric: Vec<Segment<'_>> = segs[..split].to_vec();
    let mut rest: Vec<Segment<'_>> = segs[split..].to_vec();
    while numeric.last().is_some_and(is_zero) {
        numeric.pop();
    }
    while rest.last().is_some_and(is_zero) {
        rest.pop();
    }
    numeric.extend(rest);
    numeric
}

fn compare_normalized(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (x, y) = (canonical(segments(a)), canonical(segments(b)));
    let zero = Segment::Num("0");
    for i in 0..x.len().max(y.len()) {
        let (l, r) = (x.get(i).unwrap_or(&zero), y.get(i).unwrap_or(&zero));
        if l == r {
            continue;
        }
        return match (l, r) {
            (Segment::Str(_), Segment::Num(_)) => Ordering::Less,
            (Segment::Num(_), Segment::Str(_)) => Ordering::Greater,
            (Segment::Num(p), Segment::Num(q)) => compare_digits(p, q),
            (Segment::Str(p), Segment::Str(q)) => p.cmp(q),
        };
    }
    Ordering::Equal
}

/// `Gem::Version#<=>`.
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    Ok(compare_normalized(&check(a)?, &check(b)?))
}

/// `release`: the version without its letter segments and what follows them.
fn release(normalized: &str) -> String {
    let segs = segments(normalized);
    let end = segs
        .iter()
        .position(|s| matches!(s, Segment::Str(_)))
        .unwrap_or(segs.len());
    if end == segs.len() {
        return normalized.to_owned();
    }
    join(&segs[..end])
}

fn join(segs: &[Segment<'_>]) -> String {
    segs.iter()
        .map(|s| match s {
            Segment::Num(n) => *n,
            Segment::Str(t) => *t,
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// `bump`: drop letter segments, drop the last segment (when there are two or more), and
/// increment the new last one.
fn bump(normalized: &str) -> String {
    let mut segs = segments(normalized);
    while segs.iter().any(|s| matches!(s, Segment::Str(_))) {
        segs.pop();
    }
    if segs.len() > 1 {
        segs.pop();
    }
    let last = match segs.last() {
        Some(Segment::Num(n)) => n
            .parse::<u128>()
            .map_or_else(|_| format!("{n}0"), |v| (v + 1).to_string()),
        _ => "1".to_owned(),
    };
    let mut parts: Vec<String> = segs[..segs.len().saturating_sub(1)]
        .iter()
        .map(|s| match s {
            Segment::Num(n) => (*n).to_owned(),
            Segment::Str(t) => (*t).to_owned(),
        })
        .collect();
    parts.push(last);
    parts.join(".")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Pessimistic,
}

/// A `Gem::Requirement`: every condition must hold.
#[derive(Debug)]
pub struct Requirement {
    source: String,
    conditions: Vec<(Op, String)>,
}

impl Requirement {
    /// Parses comma-separated requirements (`~> 2.2, != 2.2.1`). As with
    /// `Gem::Requirement.new(*text.split(","))`, trailing empty pieces are dropped and no
    /// requirement at all means `>= 0`.
    pub fn parse(text: &str) -> Result<Requirement, RangeError> {
        let mut conditions = Vec::new();
        let mut parts: Vec<&str> = text.split(',').collect();
        while parts.last() == Some(&"") {
            parts.pop();
        }
        for part in parts {
            let p = part.trim_matches(|c: char| c.is_ascii_whitespace());
            let (op, rest) = [
                ("~>", Op::Pessimistic),
                ("!=", Op::Ne),
                (">=", Op::Ge),
                ("<=", Op::Le),
                ("=", Op::Eq),
                (">", Op::Gt),
                ("<", Op::Lt),
            ]
            .iter()
            .find_map(|(sign, op)| p.strip_prefix(sign).map(|r| (*op, r)))
            .unwrap_or((Op::Eq, p));
            let version = rest.trim_matches(|c: char| c.is_ascii_whitespace());
            if version.is_empty() {
                return Err(RangeError::syntax(
                    "gem",
                    text,
                    format!("illformed requirement `{part}`"),
                ));
            }
            let normalized = check(version).map_err(|e| {
                RangeError::syntax(
                    "gem",
                    text,
                    format!("illformed requirement `{part}`: {}", e.reason),
                )
            })?;
            conditions.push((op, normalized));
        }
        if conditions.is_empty() {
            conditions.push((Op::Ge, "0".to_owned()));
        }
        Ok(Requirement {
            source: text.to_owned(),
            conditions,
        })
    }

    /// `satisfied_by?`.
    pub fn contains(&self, version: &str) -> Result<bool, VersionError> {
        let v = check(version)?;
        for (op, r) in &self.conditions {
            let ord = compare_normalized(&v, r);
            let ok = match op {
                Op::Eq => ord == Ordering::Equal,
                Op::Ne => ord != Ordering::Equal,
                Op::Gt => ord == Ordering::Greater,
                Op::Lt => ord == Ordering::Less,
                Op::Ge => ord != Ordering::Less,
                Op::Le => ord != Ordering::Greater,
                Op::Pessimistic => {
                    ord != Ordering::Less
                        && compare_normalized(&release(&v), &bump(r)) == Ordering::Less
                }
            };
            if !ok {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

impl NativeRange for Requirement {
    fn contains(&self, version: &str) -> Result<bool, VersionError> {
        Requirement::contains(self, version)
    }

    /// `~> V` becomes `>=V|<bump(V)`. (RubyGems compares the *release* of a candidate with the
    /// bumped bound, so `~> 2.2` excludes `3.0.a`; vers' `<3` includes it — the one case the
    /// vers form cannot express.)
    fn to_vers(&self) -> Result<Vers, RangeError> {
        let mut bounds = Vec::new();
        for (op, v) in &self.conditions {
            match op {
                Op::Pessimistic => {
                    bounds.push(Bound::new(Comparator::Ge, v.clone()));
                    bounds.push(Bound::new(Comparator::Lt, bump(v)));
                }
                other => bounds.push(Bound::new(
                    match other {
                        Op::Eq => Comparator::Eq,
                        Op::Ne => Comparator::Ne,
                        Op::Gt => Comparator::Gt,
                        Op::Lt => Comparator::Lt,
                        Op::Ge => Comparator::Ge,
                        _ => Comparator::Le,
                    },
                    v.clone(),
                )),
            }
        }
        ComparatorUnion::new(Scheme::Gem, &self.source, vec![bounds])?.to_vers()
    }
}

impl VersionScheme for Gem {
    fn name(&self) -> &'static str {
        "gem"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        check(version).map(|_| ())
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        compare(a, b)
    }

    fn parse_native_range(&self, range: &str) -> Result<Box<dyn NativeRange>, RangeError> {
        Ok(Box::new(Requirement::parse(range)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering() {
        let c = |a, b| compare(a, b).expect("valid");
        assert_eq!(c("1.0.a", "1.0"), Ordering::Less);
        assert_eq!(c("1.0", "1.0.0"), Ordering::Equal);
        assert_eq!(c("1.0-rc1", "1.0.pre.rc1"), Ordering::Equal);
        assert_eq!(c("1.0.b1", "1.0.a2"), Ordering::Greater);
        assert_eq!(c("5.0.0.1", "5.0.0"), Ordering::Greater);
        assert_eq!(c("", "0"), Ordering::Equal);
        for bad in ["1..0", "a", "1.0-", "1.0 0", "1.0_1"] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn requirements() {
        let r = |req: &str, v: &str| Requirement::parse(req).expect(req).contains(v).expect(v);
        assert!(r("~> 2.2", "2.9"));
        assert!(!r("~> 2.2", "3.0"));
        assert!(
            !r("~> 2.2", "3.0.a"),
            "the release of 3.0.a is 3.0, not below the bump"
        );
        assert!(r("~> 2.2", "2.5.a"));
        assert!(r("~> 2.2.0, != 2.2.1", "2.2.5"));
        assert!(!r("~> 2.2.0, != 2.2.1", "2.2.1"));
        assert!(r(">= 0", "0.0.1.a"));
        assert!(r("", "9.9"), "no requirement is `>= 0`");
        assert!(r("~> 1.0,", "1.5"), "a trailing comma adds nothing");
        let v = Requirement::parse("~>2.0.8")
            .expect("valid")
            .to_vers()
            .expect("vers");
        assert_eq!(v.to_string(), "vers:gem/>=2.0.8|<2.1");
    }
}
