//! The `gentoo` scheme (vers type `ebuild`): Gentoo package versions as the Package Manager
//! Specification defines them (PMS §3.2 syntax, §3.3 comparison, Algorithms 3.1–3.7).
//!
//! `N(.N)*[a-z]?(_(alpha|beta|pre|rc|p)N?)*(-rN)?`. The first numeric component compares as an
//! integer; later ones as integers unless either starts with `0`, in which case they compare as
//! strings with trailing zeros removed (`1.01` < `1.1`, `1.010` = `1.01`). Then the letter, then
//! the suffixes (`_alpha` < `_beta` < `_pre` < `_rc` < `_p`; a missing suffix sorts after the
//! pre-release ones and before `_p`), then the revision.

use std::cmp::Ordering;

use super::semver::compare_digits;
use super::{VersionError, VersionScheme};

/// The `gentoo` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Gentoo;

#[derive(Debug, PartialEq, Eq)]
struct Parsed<'a> {
    numbers: Vec<&'a str>,
    letter: Option<u8>,
    suffixes: Vec<(u8, &'a str)>,
    revision: &'a str,
}

const SUFFIXES: [(&str, u8); 5] = [("alpha", 0), ("beta", 1), ("pre", 2), ("rc", 3), ("p", 5)];

fn parse(version: &str) -> Result<Parsed<'_>, VersionError> {
    let err = |reason: &str| VersionError::new("gentoo", version, reason);
    let (body, revision) = match version.rsplit_once("-r") {
        Some((body, rev)) if !rev.is_empty() && rev.bytes().all(|b| b.is_ascii_digit()) => {
            (body, rev)
        }
        _ => (version, ""),
    };
    let b = body.as_bytes();
    let mut i = 0;
    let mut numbers = Vec::new();
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if start == i {
            return Err(err("expected a number"));
        }
        numbers.push(&body[start..i]);
        if i < b.len() && b[i] == b'.' {
            i += 1;
            continue;
        }
        break;
    }
    let mut letter = None;
    if i < b.len() && b[i].is_ascii_lowercase() {
        letter = Some(b[i]);
        i += 1;
    }
    let mut suffixes = Vec::new();
    while i < b.len() {
        if b[i] != b'_' {
            return Err(err(&format!("unexpected `{}`", &body[i..])));
        }
        i += 1;
        let rest = &body[i..];
        let Some((name, rank)) = SUFFIXES
            .iter()
            .filter(|(name, _)| rest.starts_with(name))
            .max_by_key(|(name, _)| name.len())
        else {
            return Err(err(&format!("unknown suffix `_{rest}`")));
        };
        i += name.len();
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        suffixes.push((*rank, &body[start..i]));
    }
    Ok(Parsed {
        numbers,
        letter,
        suffixes,
        revision,
    })
}

fn integer(s: &str) -> &str {
    if s.is_empty() { "0" } else { s }
}

/// Algorithm 3.2: a numeric component after the first.
fn compare_component(a: &str, b: &str) -> Ordering {
    if a.starts_with('0') || b.starts_with('0') {
        a.trim_end_matches('0').cmp(b.trim_end_matches('0'))
    } else {
        compare_digits(a, b)
    }
}

fn compare_parsed(a: &Parsed<'_>, b: &Parsed<'_>) -> Ordering {
    // Algorithm 3.1
    match compare_digits(a.numbers[0], b.numbers[0]) {
        Ordering::Equal => {}
        other => return other,
    }
    for (x, y) in a.numbers.iter().zip(&b.numbers).skip(1) {
        match compare_component(x, y) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    match a.numbers.len().cmp(&b.numbers.len()) {
        Ordering::Equal => {}
        other => return other,
    }
    // Algorithm 3.3
    match a.letter.cmp(&b.letter) {
        Ordering::Equal => {}
        other => return other,
    }
    // Algorithm 3.4 / 3.5
    for (x, y) in a.suffixes.iter().zip(&b.suffixes) {
        match x
            .0
            .cmp(&y.0)
            .then_with(|| compare_digits(integer(x.1), integer(y.1)))
        {
            Ordering::Equal => {}
            other => return other,
        }
    }
    let common = a.suffixes.len().min(b.suffixes.len());
    if a.suffixes.len() > common {
        return if a.suffixes[common].0 == 5 {
            Ordering::Greater
        } else {
            Ordering::Less
        };
    }
    if b.suffixes.len() > common {
        return if b.suffixes[common].0 == 5 {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    // Algorithm 3.7
    compare_digits(integer(a.revision), integer(b.revision))
}

impl VersionScheme for Gentoo {
    fn name(&self) -> &'static str {
        "gentoo"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        parse(version).map(|_| ())
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        Ok(compare_parsed(&parse(a)?, &parse(b)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pms_examples() {
        let c = |a, b| Gentoo.compare(a, b).expect("valid");
        let chain = [
            "1.0_alpha",
            "1.0_alpha1",
            "1.0_beta",
            "1.0_pre",
            "1.0_rc1",
            "1.0",
            "1.0-r1",
            "1.0_p1",
            "1.0a",
            "1.0.1",
            "1.01.1",
            "1.1",
            "1.1.0",
            "2",
        ];
        // 1.01.1 < 1.1 because `01` compares as a string against `1`.
        for pair in chain.windows(2) {
            assert_eq!(c(pair[0], pair[1]), Ordering::Less, "{pair:?}");
        }
        assert_eq!(c("1.010", "1.01"), Ordering::Equal);
        assert_eq!(c("1.0-r0", "1.0"), Ordering::Equal);
        assert_eq!(c("1_alpha_beta", "1_alpha"), Ordering::Less);
        assert_eq!(c("1_p1_p2", "1_p1"), Ordering::Greater);
        for bad in ["", "a", "1.", "1.a.2", "1_gamma", "1.0-r", "1..0", "1.0A"] {
            assert!(Gentoo.validate(bad).is_err(), "{bad:?}");
        }
    }
}
