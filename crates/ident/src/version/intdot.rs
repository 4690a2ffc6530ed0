//! The `intdot` scheme: dot-separated non-negative integers compared numerically, component by
//! component, missing components counting as zero (`1.2` = `1.2.0` < `1.10`). Text after the
//! leading integers (`1.2.3-beta`, `1.2.3a`) is allowed, as univers' `IntdotVersion` allows it,
//! and ignored by the comparison.
//!
//! Deliberate deviation: univers compares the integer part character by character (so it puts
//! `1.10` before `1.9`); medcyber compares the integers as integers, which is what the scheme's
//! name and documentation say.

use std::cmp::Ordering;

use super::semver::compare_digits;
use super::{VersionError, VersionScheme};

/// The `intdot` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Intdot;

/// The leading `\d+(\.\d+)*` of a version.
fn numbers(version: &str) -> Result<&str, VersionError> {
    let b = version.as_bytes();
    let mut end = 0;
    loop {
        let start = end;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        if start == end {
            if start == 0 {
                return Err(VersionError::new(
                    "intdot",
                    version,
                    "must start with an integer",
                ));
            }
            // A trailing `.` without digits belongs to the suffix.
            end = start - 1;
            break;
        }
        if end < b.len() && b[end] == b'.' && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
            end += 1;
            continue;
        }
        break;
    }
    Ok(&version[..end])
}

impl VersionScheme for Intdot {
    fn name(&self) -> &'static str {
        "intdot"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        numbers(version).map(|_| ())
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        let (mut x, mut y) = (numbers(a)?.split('.'), numbers(b)?.split('.'));
        loop {
            match (x.next(), y.next()) {
                (None, None) => return Ok(Ordering::Equal),
                (p, q) => match compare_digits(p.unwrap_or("0"), q.unwrap_or("0")) {
                    Ordering::Equal => {}
                    other => return Ok(other),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        let c = |a, b| Intdot.compare(a, b).expect("valid");
        assert_eq!(c("1.10", "1.9"), Ordering::Greater);
        assert_eq!(c("1.2", "1.2.0"), Ordering::Equal);
        assert_eq!(c("1.2.3-beta", "1.2.3"), Ordering::Equal);
        assert_eq!(c("123.234-prerelease", "123.235"), Ordering::Less);
        assert!(Intdot.validate("v1").is_err());
        assert!(Intdot.validate("1.").is_ok());
    }
}
