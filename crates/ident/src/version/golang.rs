//! The `golang` scheme: Go module versions as `golang.org/x/mod/semver` orders them.
//!
//! Versions are SemVer 2.0.0 with a `v` prefix (`v1.2.3`, `v0.0.0-20191109021931-daa7c04131f5`,
//! `v2.0.0+incompatible`); `vMAJOR` and `vMAJOR.MINOR` are shorthands for `vMAJOR.0.0` and
//! `vMAJOR.MINOR.0`. Pseudo-versions are ordinary pre-releases, and `+incompatible` is build
//! metadata, so neither needs special rules: `semver.Compare` ignores build metadata and compares
//! numbers of any length exactly.
//!
//! Deliberate deviations from `semver.Compare`, which never fails:
//! - the `v` prefix may be omitted (OSV's Go ecosystem writes `1.2.3`; purls write `v1.2.3`);
//! - an invalid version is an error, where Go ranks every invalid string below every valid one.

use std::cmp::Ordering;

use super::semver::{Dialect, compare_digits, compare_prerelease};
use super::{VersionError, VersionScheme};

/// The `golang` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Golang;

/// A parsed Go version, borrowing from its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct GoVersion<'a> {
    major: &'a str,
    minor: &'a str,
    patch: &'a str,
    pre: &'a str,
}

fn error(version: &str, reason: &str) -> VersionError {
    VersionError::new("golang", version, reason)
}

/// `semver.parse`: digits without leading zeros.
fn number<'a>(s: &'a str, version: &str, what: &str) -> Result<(&'a str, &'a str), VersionError> {
    let end = s
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    let (digits, rest) = s.split_at(end);
    if digits.is_empty() {
        return Err(error(version, &format!("missing {what} number")));
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return Err(error(
            version,
            &format!("{what} number `{digits}` has a leading zero"),
        ));
    }
    Ok((digits, rest))
}

fn identifiers(
    list: &str,
    version: &str,
    what: &str,
    numeric_rule: bool,
) -> Result<(), VersionError> {
    for id in list.split('.') {
        if id.is_empty() {
            return Err(error(version, &format!("empty {what} identifier")));
        }
        if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(error(
                version,
                &format!("invalid character in {what} identifier `{id}`"),
            ));
        }
        if numeric_rule
            && id.len() > 1
            && id.starts_with('0')
            && id.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(error(
                version,
                &format!("numeric {what} identifier `{id}` has a leading zero"),
            ));
        }
    }
    Ok(())
}

fn parse(version: &str) -> Result<GoVersion<'_>, VersionError> {
    let v = version.strip_prefix('v').unwrap_or(version);
    let (major, rest) = number(v, version, "major")?;
    if rest.is_empty() {
        return Ok(GoVersion {
            major,
            minor: "0",
            patch: "0",
            pre: "",
        });
    }
    let rest = rest
        .strip_prefix('.')
        .ok_or_else(|| error(version, "expected `.` after the major number"))?;
    let (minor, rest) = number(rest, version, "minor")?;
    if rest.is_empty() {
        return Ok(GoVersion {
            major,
            minor,
            patch: "0",
            pre: "",
        });
    }
    let rest = rest.strip_prefix('.').ok_or_else(|| {
        error(
            version,
            "expected `.` after the minor number (pre-releases need a full vMAJOR.MINOR.PATCH)",
        )
    })?;
    let (patch, mut rest) = number(rest, version, "patch")?;
    let mut pre = "";
    if let Some(after) = rest.strip_prefix('-') {
        let end = after.find('+').unwrap_or(after.len());
        pre = &after[..end];
        identifiers(pre, version, "pre-release", true)?;
        rest = &after[end..];
    }
    if let Some(build) = rest.strip_prefix('+') {
        identifiers(build, version, "build", false)?;
        rest = "";
    }
    if !rest.is_empty() {
        return Err(error(version, &format!("unexpected `{rest}`")));
    }
    Ok(GoVersion {
        major,
        minor,
        patch,
        pre,
    })
}

/// `semver.Compare(v, w)` for two valid versions.
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    let x = parse(a)?;
    let y = parse(b)?;
    Ok(compare_digits(x.major, y.major)
        .then_with(|| compare_digits(x.minor, y.minor))
        .then_with(|| compare_digits(x.patch, y.patch))
        .then_with(|| compare_prerelease(x.pre, y.pre, Dialect::Exact)))
}

impl VersionScheme for Golang {
    fn name(&self) -> &'static str {
        "golang"
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

    /// The ordered list from `golang.org/x/mod/semver`'s `semver_test.go`.
    #[test]
    fn x_mod_semver_order() {
        let ordered = [
            "v0.0.0",
            "v0.0.0-foo",
            "v0.1.1",
            "v1",
            "v1.0",
            "v1.0.0-alpha",
            "v1.0.0-alpha.1",
            "v1.0.0-alpha.beta",
            "v1.0.0-beta",
            "v1.0.0-beta.2",
            "v1.0.0-beta.11",
            "v1.0.0-rc.1",
            "v1.0.0",
            "v1.2",
            "v1.2.0",
            "v1.2.3-456",
            "v1.2.3-456.789",
            "v1.2.3-456-789",
            "v1.2.3-456a",
            "v1.2.3-pre",
            "v1.2.3-pre+meta",
            "v1.2.3-pre.1",
            "v1.2.3-zzz",
            "v1.2.3",
            "v1.2.3+meta",
            "v1.2.3+meta-pre",
        ];
        // Go's test compares neighbours by index class; spot the laws here.
        assert_eq!(cmp("v0.0.0", "v0.0.0-foo"), 1);
        assert_eq!(cmp("v1", "v1.0"), 0);
        assert_eq!(cmp("v1.0", "v1.0.0"), 0);
        assert_eq!(cmp("v1.2", "v1.2.0"), 0);
        assert_eq!(cmp("v1.2.3", "v1.2.3+meta"), 0);
        assert_eq!(cmp("v1.2.3-pre", "v1.2.3-pre+meta"), 0);
        let mut sorted = ordered.to_vec();
        sorted.sort_by(|a, b| compare(a, b).expect("valid"));
        let index = |v: &str| sorted.iter().position(|x| *x == v).expect("present");
        assert!(index("v0.1.1") < index("v1.0.0-alpha"));
        assert!(index("v1.0.0-rc.1") < index("v1.0.0"));
        assert!(index("v1.2.3-456a") < index("v1.2.3-pre"));
        assert!(index("v1.2.3-zzz") < index("v1.2.3"));
    }

    #[test]
    fn pseudo_versions_and_incompatible() {
        assert_eq!(
            cmp(
                "v0.0.0-20191109021931-daa7c04131f5",
                "v0.0.0-20200101000000-aaaaaaaaaaaa"
            ),
            -1
        );
        assert_eq!(cmp("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3"), 1);
        assert_eq!(cmp("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4"), -1);
        assert_eq!(cmp("v2.0.0+incompatible", "v2.0.0"), 0);
        assert_eq!(cmp("1.2.3", "v1.2.3"), 0);
        assert_eq!(
            cmp("v100000000000000000000.0.0", "v99999999999999999999.0.0"),
            1
        );
    }

    #[test]
    fn invalid() {
        for bad in [
            "",
            "v",
            "v1.2.3.4",
            "v01.2.3",
            "v1.2-pre",
            "v1.2.3-",
            "v1.2.3-01",
            "v1.2.3+",
            "vx",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
