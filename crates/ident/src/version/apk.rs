//! The `apk` scheme: Alpine Linux (and Wolfi) package versions as apk-tools orders them
//! (`src/version.c` of apk-tools 3, which Alpine's `apk version -t` uses).
//!
//! `digit{.digit}...{letter}{_suffix{number}}...{~hash}{-rN}`: the version is read as a sequence
//! of tokens, each type allowed only after certain others. Tokens compare pairwise: numbers
//! numerically — except that a dotted component with a leading zero compares as a string, as in
//! Gentoo (`1.01` < `1.1`) — letters and commit hashes as strings, and suffixes in the order
//! `_alpha` < `_beta` < `_pre` < `_rc` < (none) < `_cvs` < `_svn` < `_git` < `_hg` < `_p`. When
//! one version runs out of tokens first, it is the smaller one unless the other continues with a
//! pre-release suffix. Validation is `apk_version_validate`; an invalid version is an error
//! here (apk itself would still order it). Comparison does not allocate.

use std::cmp::Ordering;

use super::{VersionError, VersionScheme};

/// The `apk` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Apk;

/// Token types, in the order they may follow each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Token {
    InitialDigit,
    Digit,
    Letter,
    Suffix,
    SuffixNo,
    CommitHash,
    RevisionNo,
    End,
    Invalid,
}

/// Suffix values (`SUFFIX_NONE` sits between the pre- and post-release suffixes).
const SUFFIXES: [(&str, u8); 9] = [
    ("alpha", 1),
    ("beta", 2),
    ("pre", 3),
    ("rc", 4),
    ("cvs", 6),
    ("svn", 7),
    ("git", 8),
    ("hg", 9),
    ("p", 10),
];
const SUFFIX_NONE: u8 = 5;

#[derive(Clone, Copy)]
struct State<'a> {
    token: Token,
    suffix: u8,
    number: u64,
    value: &'a [u8],
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn span(&mut self, accept: impl Fn(u8) -> bool) -> &'a [u8] {
        let n = self.rest.iter().take_while(|b| accept(**b)).count();
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        head
    }

    fn digits(&mut self, t: &mut State<'a>) {
        let digits = self.span(|b| b.is_ascii_digit());
        t.number = digits.iter().fold(0u64, |n, d| {
            n.wrapping_mul(10).wrapping_add(u64::from(d - b'0'))
        });
        t.value = digits;
        if digits.is_empty() {
            t.token = Token::Invalid;
        }
    }

    fn first(&mut self) -> State<'a> {
        let mut t = State {
            token: Token::InitialDigit,
            suffix: 0,
            number: 0,
            value: &[],
        };
        self.digits(&mut t);
        t
    }

    fn next(&mut self, t: &mut State<'a>) {
        let Some(&c) = self.rest.first() else {
            t.token = Token::End;
            return;
        };
        match c {
            b'a'..=b'z' => {
                if t.token > Token::Digit {
                    t.token = Token::Invalid;
                    return;
                }
                t.value = &self.rest[..1];
                t.token = Token::Letter;
                self.rest = &self.rest[1..];
            }
            b'.' | b'0'..=b'9' => {
                if c == b'.' {
                    if t.token > Token::Digit {
                        t.token = Token::Invalid;
                        return;
                    }
                    self.rest = &self.rest[1..];
                }
                t.token = match t.token {
                    Token::InitialDigit | Token::Digit => Token::Digit,
                    Token::Suffix => Token::SuffixNo,
                    _ => {
                        t.token = Token::Invalid;
                        return;
                    }
                };
                self.digits(t);
            }
            b'_' => {
                if t.token > Token::SuffixNo {
                    t.token = Token::Invalid;
                    return;
                }
                self.rest = &self.rest[1..];
                let name = self.span(|b| b.is_ascii_lowercase());
                t.value = name;
                match SUFFIXES.iter().find(|(s, _)| s.as_bytes() == name) {
                    Some((_, v)) => {
                        t.suffix = *v;
                        t.token = Token::Suffix;
                    }
                    None => t.token = Token::Invalid,
                }
            }
            b'~' => {
                if t.token >= Token::CommitHash {
                    t.token = Token::Invalid;
                    return;
                }
                self.rest = &self.rest[1..];
                let hash = self.span(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
                t.value = hash;
                t.token = if hash.is_empty() {
                    Token::Invalid
                } else {
                    Token::CommitHash
                };
            }
            b'-' => {
                if t.token >= Token::RevisionNo || !self.rest.starts_with(b"-r") {
                    t.token = Token::Invalid;
                    return;
                }
                self.rest = &self.rest[2..];
                t.token = Token::RevisionNo;
                self.digits(t);
            }
            _ => t.token = Token::Invalid,
        }
    }
}

fn token_cmp(a: &State<'_>, b: &State<'_>) -> Ordering {
    let string_sort = || a.value.cmp(b.value);
    match a.token {
        Token::Digit if a.value.first() == Some(&b'0') || b.value.first() == Some(&b'0') => {
            string_sort()
        }
        Token::Digit | Token::InitialDigit | Token::SuffixNo | Token::RevisionNo => {
            a.number.cmp(&b.number)
        }
        Token::Letter => a.value.first().cmp(&b.value.first()),
        Token::Suffix => a.suffix.cmp(&b.suffix),
        _ => string_sort(),
    }
}

/// `apk_version_validate`.
pub fn is_valid(version: &str) -> bool {
    let mut r = Reader {
        rest: version.as_bytes(),
    };
    let mut t = r.first();
    while t.token < Token::End {
        r.next(&mut t);
    }
    t.token == Token::End
}

/// `apk_version_compare`.
fn compare_tokens(a: &str, b: &str) -> Ordering {
    let mut ra = Reader { rest: a.as_bytes() };
    let mut rb = Reader { rest: b.as_bytes() };
    let mut ta = ra.first();
    let mut tb = rb.first();
    while ta.token == tb.token && ta.token < Token::End {
        match token_cmp(&ta, &tb) {
            Ordering::Equal => {}
            other => return other,
        }
        ra.next(&mut ta);
        rb.next(&mut tb);
    }
    if ta.token == tb.token {
        return Ordering::Equal;
    }
    if ta.token == Token::Suffix && ta.suffix < SUFFIX_NONE {
        return Ordering::Less;
    }
    if tb.token == Token::Suffix && tb.suffix < SUFFIX_NONE {
        return Ordering::Greater;
    }
    // The version that ran out of tokens (End) is the smaller one.
    tb.token.cmp(&ta.token)
}

fn check(version: &str) -> Result<(), VersionError> {
    if is_valid(version) {
        Ok(())
    } else {
        Err(VersionError::new(
            "apk",
            version,
            "not a valid apk version (digit{.digit}...{letter}{_suffix{N}}...{~hash}{-rN})",
        ))
    }
}

impl VersionScheme for Apk {
    fn name(&self) -> &'static str {
        "apk"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        check(version)
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        check(a)?;
        check(b)?;
        Ok(compare_tokens(a, b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cases in the style of apk-tools' `test/unit/version.data`.
    #[test]
    fn apk_tools_cases() {
        let ordered = [
            ("2.34", "2.34.0", Ordering::Less),
            ("1.0_alpha", "1.0", Ordering::Less),
            ("1.0_rc1", "1.0_rc2", Ordering::Less),
            ("1.0_rc2", "1.0", Ordering::Less),
            ("1.0", "1.0_p1", Ordering::Less),
            ("1.0_p1", "1.0-r1", Ordering::Greater),
            ("1.0-r1", "1.0-r10", Ordering::Less),
            ("1.01", "1.1", Ordering::Less),
            ("1.001", "1.01", Ordering::Less),
            ("1.0a", "1.0b", Ordering::Less),
            ("1.0", "1.0a", Ordering::Less),
            ("6.5_p20250503-r0", "6.5-r0", Ordering::Greater),
            ("1.0_git20200101", "1.0_p1", Ordering::Less),
            ("0.1.0_alpha", "2.34", Ordering::Less),
            ("1.0~abc", "1.0~abd", Ordering::Less),
            ("1.0~abc", "1.0", Ordering::Greater),
            ("1.0~abc-r1", "1.0-r1", Ordering::Greater),
        ];
        for (a, b, want) in ordered {
            assert_eq!(Apk.compare(a, b).expect("valid"), want, "{a} vs {b}");
            assert_eq!(
                Apk.compare(b, a).expect("valid"),
                want.reverse(),
                "{b} vs {a}"
            );
        }
        for bad in [
            "", "a1", "1.0-x", "1.0_foo", "1.0-r", "1..0", "1.0A", "1.0bc", "1.0~",
        ] {
            assert!(Apk.validate(bad).is_err(), "{bad:?}");
        }
    }
}
