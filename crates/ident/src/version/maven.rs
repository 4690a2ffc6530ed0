//! The `maven` scheme: Maven's `ComparableVersion` (maven-artifact, Maven 3.9.x) and Maven
//! version ranges (`VersionRange.createFromVersionSpec` / `containsVersion`).
//!
//! A version is split into items at `.` and `-` and at every change between digits and letters;
//! each `-` (and each digit/letter change) opens a nested list. Numbers compare numerically
//! (any length). Qualifiers order as `alpha` < `beta` < `milestone` < `rc` = `cr` < `snapshot` <
//! (release: `""` = `ga` = `final` = `release`) < `sp` < any other qualifier (alphabetically);
//! `a1`, `b1`, `m1` mean `alpha-1`, `beta-1`, `milestone-1`. Trailing zero/release items are
//! dropped, so `1.0` = `1` = `1-ga`, and `1-1` < `1.1`. Case is ignored.
//!
//! Ranges: `[1.0,2.0)`, `(,1.0]`, `[1.2,)`, `[1.0]` and unions `(,1.0],[1.2,)`, as Maven
//! parses them (errors for unbounded/overlapping/unordered restrictions as Maven raises them).
//! A bare version (`1.0`) is Maven's *soft requirement*: a recommendation that every version
//! satisfies (`containsVersion` is true for all versions). medcyber follows Maven here; write
//! `[1.0]` for exactly 1.0.
//!
//! Deliberate deviation: only ASCII digits are digits (Java's `Character.isDigit` also accepts
//! other Unicode decimal digits).

use std::borrow::Cow;
use std::cmp::Ordering;

use super::range::{Bound, ComparatorUnion};
use super::semver::compare_digits;
use super::{NativeRange, RangeError, Scheme, VersionError, VersionScheme};
use crate::vers::{Comparator, Vers};

/// The `maven` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Maven;

/// An item of a parsed version, borrowing from the lower-cased version string.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Item<'a> {
    /// A number: digits without leading zeros.
    Int(&'a str),
    /// A qualifier, lowercase and with aliases applied.
    Str(&'a str),
    List(Vec<Item<'a>>),
}

const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

/// `comparableQualifier` without building its string: Java compares `"<index>"` for a known
/// qualifier and `"7-<qualifier>"` for any other, and as every index is one digit below 7 that
/// order is exactly the order of `(index, qualifier)` with the qualifier empty when known.
fn comparable_qualifier(q: &str) -> (usize, &str) {
    match QUALIFIERS.iter().position(|x| *x == q) {
        Some(i) => (i, ""),
        None => (QUALIFIERS.len(), q),
    }
}

/// The key of the release qualifier (`""`, `ga`, `final`, `release`).
const RELEASE: (usize, &str) = (5, "");

fn string_item(value: &str, followed_by_digit: bool) -> Item<'_> {
    let mut v = value;
    if followed_by_digit && value.len() == 1 {
        v = match value {
            "a" => "alpha",
            "b" => "beta",
            "m" => "milestone",
            other => other,
        };
    }
    let v = match v {
        "ga" | "final" | "release" => "",
        "cr" => "rc",
        other => other,
    };
    Item::Str(v)
}

fn parse_item(is_digit: bool, buf: &str) -> Item<'_> {
    if is_digit {
        let stripped = buf.trim_start_matches('0');
        Item::Int(if stripped.is_empty() { "0" } else { stripped })
    } else {
        string_item(buf, false)
    }
}

impl Item<'_> {
    fn is_null(&self) -> bool {
        match self {
            Item::Int(d) => *d == "0",
            Item::Str(s) => comparable_qualifier(s) == RELEASE,
            Item::List(l) => l.is_empty(),
        }
    }

    /// `compareTo(item)` where `None` is Java's `null`.
    fn compare(&self, other: Option<&Item<'_>>) -> Ordering {
        match (self, other) {
            (Item::Int(d), None) => {
                if *d == "0" {
                    Ordering::Equal
                } else {
                    Ordering::Greater
                }
            }
            (Item::Str(s), None) => comparable_qualifier(s).cmp(&RELEASE),
            (Item::List(l), None) => {
                for item in l {
                    match item.compare(None) {
                        Ordering::Equal => {}
                        other => return other,
                    }
                }
                Ordering::Equal
            }
            (Item::Int(a), Some(Item::Int(b))) => compare_digits(a, b),
            (Item::Int(_), Some(_)) => Ordering::Greater,
            (Item::Str(_), Some(Item::Int(_) | Item::List(_))) => Ordering::Less,
            (Item::Str(a), Some(Item::Str(b))) => {
                comparable_qualifier(a).cmp(&comparable_qualifier(b))
            }
            (Item::List(_), Some(Item::Int(_))) => Ordering::Less,
            (Item::List(_), Some(Item::Str(_))) => Ordering::Greater,
            (Item::List(l), Some(Item::List(r))) => {
                let mut left = l.iter();
                let mut right = r.iter();
                loop {
                    let result = match (left.next(), right.next()) {
                        (None, None) => return Ordering::Equal,
                        (None, Some(r)) => r.compare(None).reverse(),
                        (Some(l), r) => l.compare(r),
                    };
                    if result != Ordering::Equal {
                        return result;
                    }
                }
            }
        }
    }
}

/// `ListItem.normalize()`: drop trailing null items, looking through nested lists.
fn normalize(list: &mut Vec<Item<'_>>) {
    let mut i = list.len();
    while i > 0 {
        i -= 1;
        if list[i].is_null() {
            list.remove(i);
        } else if !matches!(list[i], Item::List(_)) {
            break;
        }
    }
}

/// The lists being built: Java's `stack` of `ListItem`s. The root is never popped while
/// parsing, so there is always a current list.
struct Lists<'a>(Vec<Vec<Item<'a>>>);

impl<'a> Lists<'a> {
    fn add(&mut self, item: Item<'a>) {
        if let Some(list) = self.0.last_mut() {
            list.push(item);
        }
    }

    fn current_is_empty(&self) -> bool {
        self.0.last().is_none_or(Vec::is_empty)
    }

    /// Opens a nested list (Java: `list.add(list = new ListItem()); stack.push(list)`).
    fn open(&mut self) {
        self.0.push(Vec::new());
    }

    /// Normalises and nests the lists innermost first, as Java normalises its stack.
    fn finish(mut self) -> Item<'a> {
        while let Some(mut list) = self.0.pop() {
            normalize(&mut list);
            match self.0.last_mut() {
                Some(parent) => parent.push(Item::List(list)),
                None => return Item::List(list),
            }
        }
        Item::List(Vec::new())
    }
}

/// The version in lower case (Java: `toLowerCase(Locale.ENGLISH)`), borrowed when it already is.
fn lower(version: &str) -> Cow<'_, str> {
    if version
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        Cow::Owned(version.to_lowercase())
    } else {
        Cow::Borrowed(version)
    }
}

/// `ComparableVersion.parseVersion` over a lower-cased version. Item boundaries fall only
/// at ASCII characters (`.`, `-`, digit transitions), so byte indices are character
/// boundaries and items borrow from the string.
fn parse(lower: &str) -> Item<'_> {
    let bytes = lower.as_bytes();
    let text = |from: usize, to: usize| lower.get(from..to).unwrap_or_default();
    let mut lists = Lists(vec![Vec::new()]);
    let mut is_digit = false;
    let mut start = 0usize;
    for (i, &c) in bytes.iter().enumerate() {
        if c == b'.' || c == b'-' {
            let item = if i == start {
                Item::Int("0")
            } else {
                parse_item(is_digit, text(start, i))
            };
            lists.add(item);
            start = i + 1;
            if c == b'-' {
                lists.open();
            }
        } else if c.is_ascii_digit() {
            if !is_digit && i > start {
                if !lists.current_is_empty() {
                    lists.open();
                }
                lists.add(string_item(text(start, i), true));
                start = i;
                lists.open();
            }
            is_digit = true;
        } else {
            if is_digit && i > start {
                lists.add(parse_item(true, text(start, i)));
                start = i;
                lists.open();
            }
            is_digit = false;
        }
    }
    if bytes.len() > start {
        if !is_digit && !lists.current_is_empty() {
            lists.open();
        }
        lists.add(parse_item(is_digit, text(start, bytes.len())));
    }
    lists.finish()
}

fn check(version: &str) -> Result<(), VersionError> {
    if version.trim().is_empty() {
        return Err(VersionError::new("maven", version, "empty version"));
    }
    if let Some(c) = version
        .bytes()
        .any(|b| b <= b' ' || b >= 0x7f)
        .then(|| {
            version
                .chars()
                .find(|c| c.is_whitespace() || c.is_control())
        })
        .flatten()
    {
        return Err(VersionError::new(
            "maven",
            version,
            format!("invalid character {c:?}"),
        ));
    }
    Ok(())
}

/// `new ComparableVersion(a).compareTo(new ComparableVersion(b))`.
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    check(a)?;
    check(b)?;
    Ok(compare_raw(a, b))
}

/// The comparison on any string, as Maven applies it to range bounds.
fn compare_raw(a: &str, b: &str) -> Ordering {
    let (a, b) = (lower(a), lower(b));
    parse(&a).compare(Some(&parse(&b)))
}

// ---------------------------------------------------------------------------------------------
// Ranges

/// One restriction of a Maven range: optional bounds with inclusiveness.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Restriction {
    lower: Option<(String, bool)>,
    upper: Option<(String, bool)>,
}

/// A Maven version range.
#[derive(Debug)]
pub struct MavenRange {
    source: String,
    /// `None` for a soft requirement (every version matches).
    restrictions: Option<Vec<Restriction>>,
}

fn parse_restriction(spec: &str, range: &str) -> Result<Restriction, RangeError> {
    let err = |reason: String| RangeError::syntax("maven", range, reason);
    let lower_inclusive = spec.starts_with('[');
    let upper_inclusive = spec.ends_with(']');
    let inner = spec[1..spec.len() - 1].trim();
    match inner.split_once(',') {
        None => {
            if !lower_inclusive || !upper_inclusive {
                return Err(err(format!(
                    "single version must be surrounded by []: {spec}"
                )));
            }
            Ok(Restriction {
                lower: Some((inner.to_owned(), true)),
                upper: Some((inner.to_owned(), true)),
            })
        }
        Some((low, high)) => {
            // Maven splits at the first comma and reads anything as a version.
            let (low, high) = (low.trim(), high.trim());
            let lower = (!low.is_empty()).then(|| (low.to_owned(), lower_inclusive));
            let upper = (!high.is_empty()).then(|| (high.to_owned(), upper_inclusive));
            if let (Some((l, _)), Some((u, _))) = (&lower, &upper) {
                let result = compare_raw(u, l);
                if result == Ordering::Less
                    || (result == Ordering::Equal && (!lower_inclusive || !upper_inclusive))
                {
                    return Err(err(format!("range defies version ordering: {spec}")));
                }
            }
            Ok(Restriction { lower, upper })
        }
    }
}

impl MavenRange {
    /// `VersionRange.createFromVersionSpec`.
    pub fn parse(range: &str) -> Result<MavenRange, RangeError> {
        let err = |reason: String| RangeError::syntax("maven", range, reason);
        let mut process = range;
        let mut restrictions: Vec<Restriction> = Vec::new();
        let mut upper_bound: Option<String> = None;
        while process.starts_with('[') || process.starts_with('(') {
            // Java: the first `)`, unless a `]` comes first.
            let index = match (process.find(')'), process.find(']')) {
                (Some(paren), Some(bracket)) => paren.min(bracket),
                (Some(paren), None) => paren,
                (None, Some(bracket)) => bracket,
                (None, None) => return Err(err(format!("unbounded range: {range}"))),
            };
            let restriction = parse_restriction(&process[..=index], range)?;
            if let Some(prev) = &upper_bound {
                let overlaps = match &restriction.lower {
                    None => true,
                    Some((low, _)) => compare_raw(low, prev) == Ordering::Less,
                };
                if overlaps {
                    return Err(err(format!("ranges overlap: {range}")));
                }
            }
            upper_bound = restriction.upper.as_ref().map(|(u, _)| u.clone());
            restrictions.push(restriction);
            process = process[index + 1..].trim();
            if let Some(rest) = process.strip_prefix(',') {
                process = rest.trim();
            }
        }
        if !process.is_empty() {
            if !restrictions.is_empty() {
                return Err(err(format!(
                    "only fully-qualified sets allowed in multiple set scenario: {range}"
                )));
            }
            // A soft requirement: a recommended version, every version allowed.
            return Ok(MavenRange {
                source: range.to_owned(),
                restrictions: None,
            });
        }
        // `""` has no restriction at all: no version is contained.
        Ok(MavenRange {
            source: range.to_owned(),
            restrictions: Some(restrictions),
        })
    }

    fn union(&self) -> Result<ComparatorUnion, RangeError> {
        let alternatives = match &self.restrictions {
            None => vec![vec![]],
            Some(rs) => rs
                .iter()
                .map(|r| {
                    let mut bounds = Vec::new();
                    if let Some((v, inc)) = &r.lower {
                        bounds.push(Bound::new(
                            if *inc { Comparator::Ge } else { Comparator::Gt },
                            v.clone(),
                        ));
                    }
                    if let Some((v, inc)) = &r.upper {
                        bounds.push(Bound::new(
                            if *inc { Comparator::Le } else { Comparator::Lt },
                            v.clone(),
                        ));
                    }
                    bounds
                })
                .collect(),
        };
        ComparatorUnion::new(Scheme::Maven, &self.source, alternatives)
    }
}

impl NativeRange for MavenRange {
    /// `VersionRange.containsVersion`: a soft requirement contains every version; bounds
    /// compare as `bound.compareTo(version)`, exactly as `Restriction.containsVersion` does.
    fn contains(&self, version: &str) -> Result<bool, VersionError> {
        check(version)?;
        let Some(restrictions) = &self.restrictions else {
            return Ok(true);
        };
        for r in restrictions {
            if let Some((low, inc)) = &r.lower {
                let ord = compare_raw(low, version);
                if ord == Ordering::Greater || (ord == Ordering::Equal && !inc) {
                    continue;
                }
            }
            if let Some((high, inc)) = &r.upper {
                let ord = compare_raw(high, version);
                if ord == Ordering::Less || (ord == Ordering::Equal && !inc) {
                    continue;
                }
            }
            return Ok(true);
        }
        Ok(false)
    }

    fn to_vers(&self) -> Result<Vers, RangeError> {
        self.union()?.to_vers()
    }
}

impl VersionScheme for Maven {
    fn name(&self) -> &'static str {
        "maven"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        check(version)
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        compare(a, b)
    }

    fn parse_native_range(&self, range: &str) -> Result<Box<dyn NativeRange>, RangeError> {
        Ok(Box::new(MavenRange::parse(range)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(a: &str, b: &str) -> Ordering {
        compare(a, b).expect("valid")
    }

    /// From Maven's `ComparableVersionTest`.
    #[test]
    fn comparable_version_test() {
        let versions_qualifier = [
            "1-alpha2snapshot",
            "1-alpha2",
            "1-alpha-123",
            "1-beta-2",
            "1-beta123",
            "1-m2",
            "1-m11",
            "1-rc",
            "1-cr2",
            "1-rc123",
            "1-SNAPSHOT",
            "1",
            "1-sp",
            "1-sp2",
            "1-sp123",
            "1-abc",
            "1-def",
            "1-pom-1",
            "1-1-snapshot",
            "1-1",
            "1-2",
            "1-123",
        ];
        let versions_number = [
            "2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1",
            "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11",
            "11", "11.a", "11b", "11c", "11m",
        ];
        for list in [&versions_qualifier[..], &versions_number[..]] {
            for (i, a) in list.iter().enumerate() {
                for b in &list[i + 1..] {
                    assert_eq!(c(a, b), Ordering::Less, "{a} < {b}");
                    assert_eq!(c(b, a), Ordering::Greater, "{b} > {a}");
                }
            }
        }
        for (a, b) in [
            ("1", "1.0"),
            ("1", "1.0.0"),
            ("1.0", "1.0.0"),
            ("1", "1-0"),
            ("1", "1.0-0"),
            ("1.0", "1.0-0"),
            ("1a", "1-a"),
            ("1a", "1.0-a"),
            ("1a", "1.0.0-a"),
            ("1.0a", "1-a"),
            ("1.0.0a", "1-a"),
            ("1x", "1-x"),
            ("1x", "1.0-x"),
            ("1x", "1.0.0-x"),
            ("1.0x", "1-x"),
            ("1.0.0x", "1-x"),
            ("1ga", "1"),
            ("1release", "1"),
            ("1final", "1"),
            ("1cr", "1rc"),
            ("1a1", "1-alpha-1"),
            ("1b2", "1-beta-2"),
            ("1m3", "1-milestone-3"),
            ("1X", "1x"),
            ("1A", "1a"),
            ("1B", "1b"),
            ("1M", "1m"),
            ("1Ga", "1"),
            ("1GA", "1"),
            ("1RELEASE", "1"),
            ("1CR", "1rc"),
            ("1SNAPSHOT", "1snapshot"),
            ("1.0.0.ga", "1"),
        ] {
            assert_eq!(c(a, b), Ordering::Equal, "{a} == {b}");
        }
    }

    #[test]
    fn ranges() {
        let r = |spec: &str, v: &str| MavenRange::parse(spec).expect(spec).contains(v).expect(v);
        assert!(r("[1.0,2.0)", "1.5"));
        assert!(!r("[1.0,2.0)", "2.0"));
        assert!(r("[1.0,2.0)", "2.0-SNAPSHOT"), "2.0-SNAPSHOT < 2.0");
        assert!(r("(,1.0],[1.2,)", "1.3"));
        assert!(!r("(,1.0],[1.2,)", "1.1"));
        assert!(r("[1.0]", "1.0.0"));
        assert!(r("1.0", "99"), "a soft requirement matches every version");
        assert!(!r("", "1.0"), "an empty spec contains nothing");
        for bad in [
            "[1.0,2.0",
            "[1.0",
            "(1.0)",
            "[2.0,1.0]",
            "[1.0,2.0],[1.5,3.0]",
            "[1.0,2.0]x",
            "[1.0,2.0],(,3.0]",
            "(1.0,1.0]",
        ] {
            assert!(MavenRange::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            MavenRange::parse("[1.0,2.0)")
                .expect("valid")
                .to_vers()
                .expect("vers")
                .to_string(),
            "vers:maven/>=1.0|<2.0"
        );
    }
}
