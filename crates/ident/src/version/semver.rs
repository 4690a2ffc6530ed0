//! SemVer 2.0.0 (<https://semver.org/spec/v2.0.0.html>): strict parsing and precedence.
//!
//! [`SemVer`] borrows its pre-release and build parts from the input, so parsing and comparing
//! never allocate. The same core serves the `npm` (node-semver dialect), `cargo` and `golang`
//! schemes, which differ only in what they accept around it.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// A parsed SemVer version, borrowing from its source string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemVer<'a> {
    /// Major version.
    pub major: u64,
    /// Minor version.
    pub minor: u64,
    /// Patch version.
    pub patch: u64,
    /// Pre-release identifiers without the leading `-` (empty when absent).
    pub pre: &'a str,
    /// Build metadata without the leading `+` (empty when absent). Ignored by precedence.
    pub build: &'a str,
}

/// How numeric pre-release identifiers that exceed `u64`-safe ranges are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// Exact arbitrary-precision comparison (SemVer 2.0.0).
    Exact,
    /// node-semver: identifiers above 2^53 - 1 are compared as IEEE doubles, as JavaScript does.
    JavaScript,
}

/// The largest integer node-semver accepts (`Number.MAX_SAFE_INTEGER`).
pub(crate) const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

impl<'a> SemVer<'a> {
    /// Parses a strict SemVer 2.0.0 version (no leading `v`, no surrounding whitespace, no
    /// leading zeros in numeric identifiers). Major, minor and patch must fit in a `u64`.
    pub fn parse(s: &'a str) -> Result<SemVer<'a>, String> {
        parse_core(s, u64::MAX)
    }

    /// True when the version has pre-release identifiers.
    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }

    /// SemVer 2.0.0 precedence (build metadata ignored).
    pub fn precedence(&self, other: &SemVer<'_>) -> Ordering {
        self.cmp_with(other, Dialect::Exact)
    }

    pub(crate) fn cmp_with(&self, other: &SemVer<'_>, dialect: Dialect) -> Ordering {
        self.major
            .cmp(&other.major)
            .then(self.minor.cmp(&other.minor))
            .then(self.patch.cmp(&other.patch))
            .then_with(|| compare_prerelease(self.pre, other.pre, dialect))
    }
}

/// Parses `major.minor.patch[-pre][+build]` with each number at most `max`.
///
/// A single forward scan accepts every valid version; anything it does not accept goes to the
/// slower splitting parser below, which gives the error (and accepts nothing the scan rejects
/// wrongly: it is the specification, the scan only its fast path).
#[inline]
pub(crate) fn parse_core(s: &str, max: u64) -> Result<SemVer<'_>, String> {
    match scan(s, max) {
        Some(v) => Ok(v),
        None => parse_slow(s, max),
    }
}

/// Reads a numeric identifier at `*i`: digits, no leading zero, at most `max`.
#[inline(always)]
fn scan_number(b: &[u8], i: &mut usize, max: u64) -> Option<u64> {
    let start = *i;
    let mut n: u64 = 0;
    while let Some(&c) = b.get(*i) {
        if !c.is_ascii_digit() {
            break;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
        *i += 1;
    }
    let len = *i - start;
    if len == 0 || (len > 1 && b[start] == b'0') || n > max {
        return None;
    }
    Some(n)
}

/// Reads dot-separated identifiers of `[0-9A-Za-z-]` up to `stop` (or the end); numeric
/// pre-release identifiers must not have leading zeros.
#[inline(always)]
fn scan_identifiers(b: &[u8], i: &mut usize, stop: Option<u8>, pre_release: bool) -> Option<()> {
    loop {
        let start = *i;
        let mut numeric = true;
        while let Some(&c) = b.get(*i) {
            if c.is_ascii_alphabetic() || c == b'-' {
                numeric = false;
            } else if !c.is_ascii_digit() {
                break;
            }
            *i += 1;
        }
        let len = *i - start;
        if len == 0 || (pre_release && numeric && len > 1 && b[start] == b'0') {
            return None;
        }
        match b.get(*i) {
            Some(b'.') => *i += 1,
            None => return Some(()),
            Some(c) if Some(*c) == stop => return Some(()),
            Some(_) => return None,
        }
    }
}

#[inline]
fn scan(s: &str, max: u64) -> Option<SemVer<'_>> {
    let b = s.as_bytes();
    let mut i = 0;
    let major = scan_number(b, &mut i, max)?;
    (b.get(i) == Some(&b'.')).then_some(())?;
    i += 1;
    let minor = scan_number(b, &mut i, max)?;
    (b.get(i) == Some(&b'.')).then_some(())?;
    i += 1;
    let patch = scan_number(b, &mut i, max)?;
    let mut pre = "";
    let mut build = "";
    if b.get(i) == Some(&b'-') {
        i += 1;
        let start = i;
        scan_identifiers(b, &mut i, Some(b'+'), true)?;
        pre = s.get(start..i)?;
    }
    if b.get(i) == Some(&b'+') {
        i += 1;
        let start = i;
        scan_identifiers(b, &mut i, None, false)?;
        build = s.get(start..i)?;
    }
    (i == b.len()).then_some(SemVer {
        major,
        minor,
        patch,
        pre,
        build,
    })
}

fn parse_slow(s: &str, max: u64) -> Result<SemVer<'_>, String> {
    let (rest, build) = match s.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (s, None),
    };
    let (main, pre) = match rest.split_once('-') {
        Some((main, pre)) => (main, Some(pre)),
        None => (rest, None),
    };
    let mut parts = main.split('.');
    let mut number = |what: &str| -> Result<u64, String> {
        let part = parts
            .next()
            .ok_or_else(|| format!("missing {what} version number"))?;
        numeric_identifier(part, max).map_err(|e| format!("{what} version {e}"))
    };
    let major = number("major")?;
    let minor = number("minor")?;
    let patch = number("patch")?;
    if parts.next().is_some() {
        return Err("more than three version numbers".to_owned());
    }
    if let Some(pre) = pre {
        identifiers(pre, "pre-release", true)?;
    }
    if let Some(build) = build {
        identifiers(build, "build metadata", false)?;
    }
    Ok(SemVer {
        major,
        minor,
        patch,
        pre: pre.unwrap_or_default(),
        build: build.unwrap_or_default(),
    })
}

fn numeric_identifier(part: &str, max: u64) -> Result<u64, String> {
    if part.is_empty() {
        return Err("is empty".to_owned());
    }
    if !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{part}` is not a number"));
    }
    if part.len() > 1 && part.starts_with('0') {
        return Err(format!("`{part}` has a leading zero"));
    }
    match part.parse::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!("`{part}` is too large")),
    }
}

fn identifiers(list: &str, what: &str, pre_release: bool) -> Result<(), String> {
    if list.is_empty() {
        return Err(format!("empty {what}"));
    }
    for id in list.split('.') {
        if id.is_empty() {
            return Err(format!("empty {what} identifier"));
        }
        if let Some(bad) = id
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(format!(
                "invalid character `{bad}` in {what} identifier `{id}`"
            ));
        }
        if pre_release
            && id.len() > 1
            && id.starts_with('0')
            && id.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(format!(
                "numeric pre-release identifier `{id}` has a leading zero"
            ));
        }
    }
    Ok(())
}

/// Compares two pre-release strings (without `-`) by SemVer 2.0.0 rule 11: a version without
/// pre-release is greater; identifiers compare left to right, numeric ones numerically and below
/// alphanumeric ones, which compare in ASCII order; a shorter list that is a prefix is smaller.
pub(crate) fn compare_prerelease(a: &str, b: &str, dialect: Dialect) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        (false, false) => {}
    }
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                if x == y {
                    continue;
                }
                return compare_identifier(x, y, dialect);
            }
        }
    }
}

fn is_numeric(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
}

fn compare_identifier(x: &str, y: &str, dialect: Dialect) -> Ordering {
    match (is_numeric(x), is_numeric(y)) {
        (true, true) => compare_numeric(x, y, dialect),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => x.cmp(y),
    }
}

/// Compares two digit strings as numbers without converting them.
#[inline]
pub(crate) fn compare_digits(x: &str, y: &str) -> Ordering {
    compare_digit_bytes(x.as_bytes(), y.as_bytes())
}

/// [`compare_digits`] over bytes: leading zeros skipped, then the longer number is larger,
/// then the first differing digit decides. Byte loops, since version numbers are short and an
/// inlined loop beats a call to `memcmp`.
#[inline]
pub(crate) fn compare_digit_bytes(x: &[u8], y: &[u8]) -> Ordering {
    fn strip(s: &[u8]) -> &[u8] {
        let zeros = s.iter().take_while(|&&b| b == b'0').count();
        &s[zeros..]
    }
    let (x, y) = (strip(x), strip(y));
    x.len().cmp(&y.len()).then_with(|| {
        x.iter()
            .zip(y)
            .find(|(a, b)| a != b)
            .map_or(Ordering::Equal, |(a, b)| a.cmp(b))
    })
}

fn compare_numeric(x: &str, y: &str, dialect: Dialect) -> Ordering {
    if dialect == Dialect::JavaScript && (x.len() > 15 || y.len() > 15) {
        // JavaScript's `+a` turns a long digit string into the nearest double.
        let fx: f64 = x.parse().unwrap_or(f64::INFINITY);
        let fy: f64 = y.parse().unwrap_or(f64::INFINITY);
        return fx.partial_cmp(&fy).unwrap_or(Ordering::Equal);
    }
    compare_digits(x, y)
}

/// The `semver` scheme: strict SemVer 2.0.0.
#[derive(Clone, Copy, Debug, Default)]
pub struct Semver;

/// Compares two strict SemVer 2.0.0 versions by precedence.
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    let va = SemVer::parse(a).map_err(|e| VersionError::new("semver", a, e))?;
    let vb = SemVer::parse(b).map_err(|e| VersionError::new("semver", b, e))?;
    Ok(va.precedence(&vb))
}

impl VersionScheme for Semver {
    fn name(&self) -> &'static str {
        "semver"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        SemVer::parse(version)
            .map(|_| ())
            .map_err(|e| VersionError::new("semver", version, e))
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        compare(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(a, b).expect("valid versions")
    }

    #[test]
    fn spec_precedence_example() {
        // SemVer 2.0.0 rule 11 example chain.
        let chain = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "2.0.0",
            "2.1.0",
            "2.1.1",
        ];
        for pair in chain.windows(2) {
            assert_eq!(cmp(pair[0], pair[1]), Ordering::Less, "{pair:?}");
            assert_eq!(cmp(pair[1], pair[0]), Ordering::Greater, "{pair:?}");
        }
    }

    #[test]
    fn build_metadata_is_ignored() {
        assert_eq!(cmp("1.0.0+build.1", "1.0.0+build.2"), Ordering::Equal);
        assert_eq!(cmp("1.0.0-rc.1+x", "1.0.0-rc.1"), Ordering::Equal);
    }

    #[test]
    fn huge_numbers_compare_exactly() {
        assert_eq!(
            cmp("1.0.0-18446744073709551617", "1.0.0-18446744073709551616"),
            Ordering::Greater
        );
    }

    #[test]
    fn rejects_invalid() {
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.02.3",
            "1.2.03",
            "v1.2.3",
            " 1.2.3",
            "1.2.3-",
            "1.2.3-01",
            "1.2.3-a..b",
            "1.2.3+",
            "1.2.3+a..b",
            "1.2.3-a_b",
            "1.2.-3",
            "18446744073709551616.0.0",
        ] {
            assert!(SemVer::parse(bad).is_err(), "{bad:?} must be invalid");
        }
        for good in [
            "0.0.0",
            "1.2.3-0",
            "1.2.3-0a",
            "1.2.3-a-b.--",
            "1.2.3+001",
            "1.2.3-x+y-z",
        ] {
            assert!(SemVer::parse(good).is_ok(), "{good:?} must be valid");
        }
    }
}

/// A version read the way Python's `semantic_version.Version.coerce` reads arbitrary strings
/// (as univers does for the `nginx`, `openssl` (3.x) and SemVer-like vers types): the leading
/// `N[.N[.N]]` is padded to three numbers, a `-` starts the pre-release, `+` (or a fourth `.`
/// component) the build, other characters become `-`. Build metadata takes part in the order as
/// a final tie-break, as univers orders it — but compared identifier by identifier like
/// pre-release identifiers (numbers numerically), where univers compares the strings
/// (`10.0.19041.999` < `10.0.19041.1234` here; univers says the opposite).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coerced {
    main: [String; 3],
    pre: String,
    build: String,
}

impl Coerced {
    /// Coerces `text`; fails when it does not start with a number or the result is not SemVer.
    pub fn parse(text: &str) -> Result<Coerced, String> {
        if let Some(c) = text.chars().find(|c| c.is_control()) {
            return Err(format!("control character {c:?}"));
        }
        let b = text.as_bytes();
        let mut end = 0;
        let mut parts: Vec<&str> = Vec::new();
        loop {
            let start = end;
            while end < b.len() && b[end].is_ascii_digit() {
                end += 1;
            }
            if start == end {
                if parts.is_empty() {
                    return Err("does not start with a number".to_owned());
                }
                end = start - 1;
                break;
            }
            parts.push(&text[start..end]);
            if parts.len() < 3
                && b.get(end) == Some(&b'.')
                && b.get(end + 1).is_some_and(u8::is_ascii_digit)
            {
                end += 1;
                continue;
            }
            break;
        }
        let mut main: [String; 3] = Default::default();
        for (i, slot) in main.iter_mut().enumerate() {
            let part = parts.get(i).copied().unwrap_or("0");
            let trimmed = part.trim_start_matches('0');
            *slot = if trimmed.is_empty() {
                "0".to_owned()
            } else {
                trimmed.to_owned()
            };
        }
        let rest: String = text[end..]
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let (pre, build) = if rest.is_empty() {
            (String::new(), String::new())
        } else if let Some(build) = rest.strip_prefix('+').or_else(|| rest.strip_prefix('.')) {
            (String::new(), build.to_owned())
        } else {
            let body = rest.strip_prefix('-').unwrap_or(&rest);
            match body.split_once('+') {
                Some((p, b)) => (p.to_owned(), b.to_owned()),
                None => (body.to_owned(), String::new()),
            }
        };
        let build = build.replace('+', ".");
        let check = |list: &str, what: &str, numeric_rule: bool| -> Result<(), String> {
            if list.is_empty() {
                return Ok(());
            }
            for id in list.split('.') {
                if id.is_empty() || !id.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
                    return Err(format!("invalid {what} `{list}`"));
                }
                if numeric_rule
                    && id.len() > 1
                    && id.starts_with('0')
                    && id.bytes().all(|c| c.is_ascii_digit())
                {
                    return Err(format!(
                        "numeric {what} identifier `{id}` has a leading zero"
                    ));
                }
            }
            Ok(())
        };
        check(&pre, "pre-release", true)?;
        check(&build, "build metadata", false)?;
        Ok(Coerced { main, pre, build })
    }

    /// The major version number (digits).
    pub fn major(&self) -> &str {
        &self.main[0]
    }

    /// The minor version number (digits).
    pub fn minor(&self) -> &str {
        &self.main[1]
    }

    /// The version with the minor number incremented and the patch reset (`1.4.1` → `1.5.0`).
    pub fn next_minor(&self) -> String {
        let minor = self.main[1]
            .parse::<u128>()
            .map_or_else(|_| format!("{}1", self.main[1]), |m| (m + 1).to_string());
        format!("{}.{minor}.0", self.main[0])
    }
}

impl Ord for Coerced {
    fn cmp(&self, other: &Self) -> Ordering {
        for (a, b) in self.main.iter().zip(&other.main) {
            match compare_digits(a, b) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        compare_prerelease(&self.pre, &other.pre, Dialect::Exact).then_with(|| {
            // No build sorts first; builds compare identifier by identifier.
            match (self.build.is_empty(), other.build.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                (false, false) => compare_prerelease(&self.build, &other.build, Dialect::Exact),
            }
        })
    }
}

impl PartialOrd for Coerced {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
