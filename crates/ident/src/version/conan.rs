//! The `conan` scheme: Conan 2 package versions and version ranges, as Conan's `Version` and
//! `VersionRange` define them (the univers port of `conans/model/version.py` and
//! `version_range.py`).
//!
//! A version is `main[-pre][+build]` where `main` is dot-separated items, each an integer when
//! it is one and a string otherwise; trailing zero items are ignored (`1` = `1.0.0`); the
//! pre-release and build are versions themselves. A pre-release sorts before its release;
//! builds break ties. Mixed items compare as Conan compares them: integers numerically, strings
//! as strings, and an integer against a string by their text — which, as in Conan itself, is not
//! transitive for every mix of numeric and alphabetic items.
//!
//! Ranges: `>1 <2.0 || ^3.2`, `~2.5`, `*`, `=1.0`, with `, include_prerelease=True` or a
//! trailing `-` to admit pre-releases. Deliberate deviation: medcyber's containment always
//! includes pre-releases inside the bounds (Conan excludes them unless asked), as for every
//! scheme. The vers conversion lists every condition in version order, as univers does.

use std::cmp::Ordering;

use super::range::{Bound, ComparatorUnion};
use super::semver::compare_digits;
use super::{NativeRange, RangeError, Scheme, VersionError, VersionScheme};
use crate::vers::{Comparator, Constraint, Vers};

/// The `conan` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Conan;

#[derive(Clone, Debug)]
enum Item<'a> {
    /// An integer: its canonical decimal text (no sign, no leading zeros).
    Int(String),
    Str(&'a str),
}

impl Item<'_> {
    fn parse(text: &str) -> Item<'_> {
        // Python's int(): optional sign, digits with single underscores between them.
        let body = text.strip_prefix('+').unwrap_or(text);
        let digits_ok = !body.is_empty()
            && body.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && body.bytes().last().is_some_and(|b| b.is_ascii_digit())
            && body.bytes().all(|b| b.is_ascii_digit() || b == b'_')
            && !body.contains("__");
        if digits_ok {
            let digits: String = body.chars().filter(|c| *c != '_').collect();
            let trimmed = digits.trim_start_matches('0');
            Item::Int(if trimmed.is_empty() {
                "0".to_owned()
            } else {
                trimmed.to_owned()
            })
        } else {
            Item::Str(text)
        }
    }

    fn is_zero(&self) -> bool {
        matches!(self, Item::Int(s) if s == "0")
    }

    fn text(&self) -> &str {
        match self {
            Item::Int(s) => s,
            Item::Str(s) => s,
        }
    }

    fn eq(&self, other: &Item<'_>) -> bool {
        match (self, other) {
            (Item::Int(a), Item::Int(b)) => a == b,
            (Item::Str(a), Item::Str(b)) => a == b,
            _ => false,
        }
    }

    fn lt(&self, other: &Item<'_>) -> bool {
        match (self, other) {
            (Item::Int(a), Item::Int(b)) => compare_digits(a, b) == Ordering::Less,
            _ => self.text() < other.text(),
        }
    }
}

#[derive(Clone, Debug)]
struct ConanVersion<'a> {
    nonzero: Vec<Item<'a>>,
    pre: Option<Box<ConanVersion<'a>>>,
    build: Option<Box<ConanVersion<'a>>>,
}

fn parse(text: &str) -> ConanVersion<'_> {
    let (value, build) = match text.rsplit_once('+') {
        Some((v, b)) => (v, Some(Box::new(parse(b)))),
        None => (text, None),
    };
    let (value, pre) = match value.rsplit_once('-') {
        Some((v, p)) => (v, Some(Box::new(parse(p)))),
        None => (value, None),
    };
    let mut nonzero: Vec<Item<'_>> = value.split('.').map(Item::parse).collect();
    while nonzero.last().is_some_and(Item::is_zero) {
        nonzero.pop();
    }
    ConanVersion {
        nonzero,
        pre,
        build,
    }
}

fn items_eq(a: &[Item<'_>], b: &[Item<'_>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq(y))
}

/// Python tuple `<` over items.
fn items_lt(a: &[Item<'_>], b: &[Item<'_>]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if !x.eq(y) {
            return x.lt(y);
        }
    }
    a.len() < b.len()
}

fn opt_eq(a: &Option<Box<ConanVersion<'_>>>, b: &Option<Box<ConanVersion<'_>>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => x.eq(y),
        _ => false,
    }
}

/// Python's `None < Version` is true; `Version < None` false.
fn opt_lt(a: &Option<Box<ConanVersion<'_>>>, b: &Option<Box<ConanVersion<'_>>>) -> bool {
    match (a, b) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) => x.lt(y),
        _ => false,
    }
}

impl ConanVersion<'_> {
    fn eq(&self, other: &ConanVersion<'_>) -> bool {
        items_eq(&self.nonzero, &other.nonzero)
            && opt_eq(&self.pre, &other.pre)
            && opt_eq(&self.build, &other.build)
    }

    fn lt(&self, other: &ConanVersion<'_>) -> bool {
        match (&self.pre, &other.pre) {
            (Some(_), Some(_)) => {
                if !items_eq(&self.nonzero, &other.nonzero) {
                    return items_lt(&self.nonzero, &other.nonzero);
                }
                if !opt_eq(&self.pre, &other.pre) {
                    return opt_lt(&self.pre, &other.pre);
                }
                opt_lt(&self.build, &other.build)
            }
            (Some(_), None) => {
                items_eq(&self.nonzero, &other.nonzero) || items_lt(&self.nonzero, &other.nonzero)
            }
            (None, Some(_)) => {
                !items_eq(&self.nonzero, &other.nonzero) && items_lt(&self.nonzero, &other.nonzero)
            }
            (None, None) => {
                if !items_eq(&self.nonzero, &other.nonzero) {
                    return items_lt(&self.nonzero, &other.nonzero);
                }
                opt_lt(&self.build, &other.build)
            }
        }
    }
}

fn check(version: &str) -> Result<(), VersionError> {
    if version.is_empty() {
        return Err(VersionError::new("conan", version, "empty version"));
    }
    if let Some(c) = version
        .chars()
        .find(|c| c.is_whitespace() || c.is_control())
    {
        return Err(VersionError::new(
            "conan",
            version,
            format!("invalid character {c:?}"),
        ));
    }
    Ok(())
}

/// Compares two Conan versions.
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    check(a)?;
    check(b)?;
    let (x, y) = (parse(a), parse(b));
    Ok(if x.eq(&y) {
        Ordering::Equal
    } else if x.lt(&y) {
        Ordering::Less
    } else {
        Ordering::Greater
    })
}

/// `Version.upper_bound(index)`: the items up to `index`, the item at `index` plus one, and a
/// trailing `-` (so pre-releases of the bound are excluded).
fn upper_bound(version: &str, index: usize) -> Result<String, String> {
    let main = version.split(['-', '+']).next().unwrap_or(version);
    let items: Vec<&str> = main.split('.').collect();
    let item = items
        .get(index)
        .ok_or_else(|| format!("cannot bump `{version}` at index {index}"))?;
    let Item::Int(n) = Item::parse(item) else {
        return Err(format!(
            "cannot bump `{version}` at index {index}: `{item}` is not an integer"
        ));
    };
    let bumped = n
        .parse::<u128>()
        .map(|n| (n + 1).to_string())
        .map_err(|e| e.to_string())?;
    let mut out: Vec<String> = items[..index].iter().map(|s| (*s).to_owned()).collect();
    out.push(bumped);
    Ok(format!("{}-", out.join(".")))
}

/// A parsed Conan version range.
#[derive(Debug)]
pub struct ConanRange {
    union: ComparatorUnion,
}

fn parse_expression(expression: &str, range: &str) -> Result<Vec<Bound>, RangeError> {
    let err = |reason: String| RangeError::syntax("conan", range, reason);
    if expression.is_empty() || expression == "*" {
        return Ok(vec![Bound::new(Comparator::Ge, "0.0.0")]);
    }
    let (op, version) = if let Some(v) = expression.strip_prefix(">=") {
        (">=", v)
    } else if let Some(v) = expression.strip_prefix("<=") {
        ("<=", v)
    } else if let Some(v) = expression.strip_prefix('>') {
        (">", v)
    } else if let Some(v) = expression.strip_prefix('<') {
        ("<", v)
    } else if let Some(v) = expression.strip_prefix('^') {
        ("^", v)
    } else if let Some(v) = expression.strip_prefix('~') {
        ("~", v)
    } else if let Some(v) = expression.strip_prefix('=') {
        ("=", v)
    } else {
        ("=", expression)
    };
    if version.is_empty() {
        return Err(err(format!("no version after `{op}` in `{expression}`")));
    }
    check(version)?;
    let main_len = version
        .split(['-', '+'])
        .next()
        .unwrap_or(version)
        .split('.')
        .count();
    Ok(match op {
        "~" => {
            let index = usize::from(main_len > 1);
            vec![
                Bound::new(Comparator::Ge, version),
                Bound::new(Comparator::Lt, upper_bound(version, index).map_err(err)?),
            ]
        }
        "^" => {
            let items: Vec<Item<'_>> = version
                .split(['-', '+'])
                .next()
                .unwrap_or(version)
                .split('.')
                .map(Item::parse)
                .collect();
            let first_non_zero = items
                .iter()
                .position(|i| !i.is_zero())
                .unwrap_or(items.len());
            vec![
                Bound::new(Comparator::Ge, version),
                Bound::new(
                    Comparator::Lt,
                    upper_bound(version, first_non_zero).map_err(err)?,
                ),
            ]
        }
        ">=" => vec![Bound::new(Comparator::Ge, version)],
        "<=" => vec![Bound::new(Comparator::Le, version)],
        ">" => vec![Bound::new(Comparator::Gt, version)],
        "<" => vec![Bound::new(Comparator::Lt, version)],
        _ => vec![Bound::new(Comparator::Eq, version)],
    })
}

impl ConanRange {
    /// Parses a Conan version range.
    pub fn parse(range: &str) -> Result<ConanRange, RangeError> {
        let expression = range.split(',').next().unwrap_or(range);
        let mut alternatives = Vec::new();
        for alternative in expression.split("||") {
            let mut bounds = Vec::new();
            let words: Vec<&str> = alternative.split_whitespace().collect();
            if words.is_empty() {
                bounds.extend(parse_expression("", range)?);
            }
            for word in words {
                let word = word.strip_suffix('-').unwrap_or(word);
                bounds.extend(parse_expression(word, range)?);
            }
            alternatives.push(bounds);
        }
        Ok(ConanRange {
            union: ComparatorUnion::new(Scheme::Conan, range, alternatives)?,
        })
    }
}

impl NativeRange for ConanRange {
    fn contains(&self, version: &str) -> Result<bool, VersionError> {
        NativeRange::contains(&self.union, version)
    }

    /// Every condition, in version order (univers' `ConanVersionRange.from_native`).
    fn to_vers(&self) -> Result<Vers, RangeError> {
        let constraints = self
            .union
            .alternatives()
            .iter()
            .flatten()
            .map(|b| Constraint::new(b.op, b.version.clone()))
            .collect();
        Ok(Vers::from_constraints(Scheme::Conan, constraints)?)
    }
}

impl VersionScheme for Conan {
    fn name(&self) -> &'static str {
        "conan"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        check(version)
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        compare(a, b)
    }

    fn parse_native_range(&self, range: &str) -> Result<Box<dyn NativeRange>, RangeError> {
        Ok(Box::new(ConanRange::parse(range)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let r = ConanRange::parse(">1 <2.0 || ^3.2").expect("valid");
        assert_eq!(
            r.to_vers().expect("vers").to_string(),
            "vers:conan/>1|<2.0|>=3.2|<4-"
        );
        assert!(r.contains("1.5").expect("valid"));
        assert!(r.contains("3.9.1").expect("valid"));
        assert!(!r.contains("4.0").expect("valid"));
        assert!(
            r.contains("1.5-pre").expect("valid"),
            "pre-releases inside the bounds are included"
        );
        assert_eq!(
            ConanRange::parse("~2.5.1")
                .expect("valid")
                .to_vers()
                .expect("vers")
                .to_string(),
            "vers:conan/>=2.5.1|<2.6-"
        );
    }
}
