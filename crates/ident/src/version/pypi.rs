//! The `pypi` scheme: PEP 440 versions and specifier sets, exactly as the `packaging` library
//! (pypa/packaging 26.3) reads, normalises and orders them.
//!
//! - Versions: `[v][N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]` with every spelling PEP 440
//!   normalises (`alpha`/`beta`/`c`/`pre`/`preview`, `rev`/`r`/`-N` post-releases, `_`/`-`/`.`
//!   separators, implicit numbers, any case, surrounding whitespace). Ordering is packaging's
//!   `_cmpkey`: epoch; release with trailing zeros ignored; a dev-only release before its
//!   pre-releases, which come before the release, then post-releases (each with its dev
//!   releases first); a local version after the same public version, local segments compared
//!   with numbers above strings. Parsing borrows from the input: comparing does not allocate.
//! - Specifier sets: comma-separated `~=`, `==` (with `.*` prefix matching and local-version
//!   rules), `!=`, `<=`, `>=`, `<`, `>` and `===` (string equality of the normalised version),
//!   with the version intervals packaging 26.3 gives them: `<V` is below `V.dev0` unless V is a
//!   pre-release (so V's own pre-releases are out); `>V` is above V's post family (same epoch,
//!   release and pre-release), or above `V.dev(N+1)` / `V.post(N+1).dev0` when V has a dev or
//!   post number; `~=V` is `[V, P'.dev0)` with P V's release less its last segment (computed
//!   from the parsed version: `~=1.2.rev1` admits 1.3); `==V.*` is `[V.dev0, V'.dev0)`.
//!   Containment is `SpecifierSet(s).contains(v, prereleases=True)`.
//!
//! Deliberate deviation: an unparsable version is an error here (packaging's `contains`
//! answers `False`).

use std::cmp::Ordering;
use std::ops::Range;

use super::range::{Bound, ComparatorUnion};
use super::semver::{compare_digit_bytes, compare_digits};
use super::{NativeRange, RangeError, Scheme, VersionError, VersionScheme};
use crate::vers::{Comparator, Vers};

/// The `pypi` scheme.
#[derive(Clone, Copy, Debug, Default)]
pub struct Pypi;

/// Pre-release kinds, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PreKind {
    /// `a` (alpha).
    Alpha,
    /// `b` (beta).
    Beta,
    /// `rc` (`c`, `pre`, `preview`).
    Rc,
}

/// A parsed PEP 440 version; numbers are digit strings borrowed from the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pep440<'a> {
    epoch: &'a str,
    release: &'a str,
    pre: Option<(PreKind, &'a str)>,
    post: Option<&'a str>,
    dev: Option<&'a str>,
    local: Option<&'a str>,
}

/// Python's `str.isspace` for the characters a version can be surrounded with.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `str.strip()`, with a fast path for the usual string that starts and ends with printable
/// ASCII (never whitespace).
#[inline]
fn py_trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&f), Some(&l)) if (0x21..0x7f).contains(&f) && (0x21..0x7f).contains(&l) => s,
        _ => s.trim_matches(is_py_space),
    }
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    #[inline]
    fn eat_sep(&mut self) -> bool {
        if matches!(self.peek(), Some(b'.' | b'_' | b'-')) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    #[inline]
    fn digits(&mut self) -> &'a str {
        let start = self.i;
        while self
            .s
            .as_bytes()
            .get(self.i)
            .is_some_and(u8::is_ascii_digit)
        {
            self.i += 1;
        }
        self.s.get(start..self.i).unwrap_or("")
    }

    /// True when the rest starts with `word` (lower case), ignoring case.
    #[inline]
    fn at_ci(&self, word: &str) -> bool {
        self.s
            .as_bytes()
            .get(self.i..self.i + word.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()))
    }

    /// Consumes a pre-release word (`alpha a beta b preview pre c rc`, case-insensitively,
    /// the longest first) and gives its kind.
    #[inline]
    fn pre_word(&mut self) -> Option<PreKind> {
        let (kind, len) = match self.peek()?.to_ascii_lowercase() {
            b'a' if self.at_ci("alpha") => (PreKind::Alpha, 5),
            b'a' => (PreKind::Alpha, 1),
            b'b' if self.at_ci("beta") => (PreKind::Beta, 4),
            b'b' => (PreKind::Beta, 1),
            b'p' if self.at_ci("preview") => (PreKind::Rc, 7),
            b'p' if self.at_ci("pre") => (PreKind::Rc, 3),
            b'c' => (PreKind::Rc, 1),
            b'r' if self.at_ci("rc") => (PreKind::Rc, 2),
            _ => return None,
        };
        self.i += len;
        Some(kind)
    }

    /// Consumes a post-release word (`post rev r`, case-insensitively, the longest first).
    #[inline]
    fn post_word(&mut self) -> bool {
        let len = match self.peek().map(|b| b.to_ascii_lowercase()) {
            Some(b'p') if self.at_ci("post") => 4,
            Some(b'r') if self.at_ci("rev") => 3,
            Some(b'r') => 1,
            _ => return false,
        };
        self.i += len;
        true
    }
}

fn error(version: &str, reason: &str) -> VersionError {
    VersionError::new("pypi", version, reason)
}

/// Parses a version as `packaging.version.Version`.
pub fn parse(version: &str) -> Result<Pep440<'_>, VersionError> {
    scan(version).map_err(|e| e.into_error(version))
}

/// Why [`scan`] rejected a version (small, so that the parse result stays small to move).
#[derive(Clone, Copy, Debug)]
enum ScanError {
    NoRelease,
    EmptyLocalSegment,
    /// Unexpected text from this byte of the trimmed version on.
    Unexpected(usize),
}

impl ScanError {
    fn into_error(self, version: &str) -> VersionError {
        match self {
            ScanError::NoRelease => error(version, "expected a release number"),
            ScanError::EmptyLocalSegment => error(version, "empty local version segment"),
            ScanError::Unexpected(at) => error(
                version,
                &format!("unexpected `{}`", py_trim(version).get(at..).unwrap_or("")),
            ),
        }
    }
}

/// The parser behind [`parse`].
fn scan(version: &str) -> Result<Pep440<'_>, ScanError> {
    let text = py_trim(version);
    let mut c = Cursor { s: text, i: 0 };
    if matches!(c.peek(), Some(b'v' | b'V')) {
        c.i += 1;
    }
    // Epoch: digits followed by `!`; otherwise those digits open the release.
    // Absent numbers are empty slices of the input (worth 0), so that every part of a parsed
    // version lies inside the text it came from (see `Spans`).
    let mut epoch = text.get(..0).unwrap_or_default();
    let mut start = c.i;
    let digits = c.digits();
    if !digits.is_empty() && c.peek() == Some(b'!') {
        epoch = digits;
        c.i += 1;
        start = c.i;
        if c.digits().is_empty() {
            return Err(ScanError::NoRelease);
        }
    } else if digits.is_empty() {
        return Err(ScanError::NoRelease);
    }
    // Release: further `.N` segments.
    let b = text.as_bytes();
    let mut i = c.i;
    while i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i += 2;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    c.i = i;
    let release = text.get(start..c.i).unwrap_or_default();
    if c.i == text.len() {
        // The common case: a plain release.
        return Ok(Pep440 {
            epoch,
            release,
            pre: None,
            post: None,
            dev: None,
            local: None,
        });
    }
    // Pre-release.
    let mut pre = None;
    let mark = c.i;
    c.eat_sep();
    if let Some(kind) = c.pre_word() {
        c.eat_sep();
        let n = c.digits();
        pre = Some((kind, n));
    } else {
        c.i = mark;
    }
    // Post-release: `-N`, or [sep] post|rev|r [sep] [N].
    let mut post = None;
    let mark = c.i;
    if c.peek() == Some(b'-') {
        c.i += 1;
        let n = c.digits();
        if !n.is_empty() {
            post = Some(n);
        } else {
            c.i = mark;
        }
    }
    if post.is_none() {
        c.eat_sep();
        if c.post_word() {
            // The regex's `[._-]?` after the word is greedy: `1.0.post.` is `1.0.post0`.
            c.eat_sep();
            let n = c.digits();
            post = Some(n);
        } else {
            c.i = mark;
        }
    }
    // Dev release.
    let mut dev = None;
    let mark = c.i;
    c.eat_sep();
    if c.at_ci("dev") {
        c.i += 3;
        c.eat_sep();
        let n = c.digits();
        dev = Some(n);
    } else {
        c.i = mark;
    }
    // Local version.
    let mut local = None;
    if c.peek() == Some(b'+') {
        c.i += 1;
        let start = c.i;
        loop {
            let seg_start = c.i;
            while c
                .s
                .as_bytes()
                .get(c.i)
                .is_some_and(u8::is_ascii_alphanumeric)
            {
                c.i += 1;
            }
            if c.i == seg_start {
                return Err(ScanError::EmptyLocalSegment);
            }
            if matches!(c.peek(), Some(b'.' | b'_' | b'-'))
                && c.s
                    .as_bytes()
                    .get(c.i + 1)
                    .is_some_and(u8::is_ascii_alphanumeric)
            {
                c.i += 1;
                continue;
            }
            break;
        }
        local = Some(&text[start..c.i]);
    }
    if c.i != text.len() {
        return Err(ScanError::Unexpected(c.i));
    }
    Ok(Pep440 {
        epoch,
        release,
        pre,
        post,
        dev,
        local,
    })
}

fn release_segments(release: &str) -> impl Iterator<Item = &str> {
    release.split('.')
}

/// Compares dotted releases as tuples with trailing zeros ignored.
fn compare_release(a: &str, b: &str) -> Ordering {
    /// The segment starting at `*pos` (`0` past the end), moving `*pos` past its `.`.
    #[inline]
    fn segment<'s>(s: &'s [u8], pos: &mut usize) -> &'s [u8] {
        let start = (*pos).min(s.len());
        let len = s[start..].iter().take_while(|&&c| c != b'.').count();
        *pos = start + len + 1;
        if len == 0 {
            b"0"
        } else {
            &s[start..start + len]
        }
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match compare_digit_bytes(segment(a, &mut i), segment(b, &mut j)) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    Ordering::Equal
}

fn local_segments(local: &str) -> impl Iterator<Item = &str> {
    local.split(['.', '_', '-'])
}

fn compare_local(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (local_segments(a), local_segments(b));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => {
                let pn = p.bytes().all(|c| c.is_ascii_digit());
                let qn = q.bytes().all(|c| c.is_ascii_digit());
                let ord = match (pn, qn) {
                    (true, true) => compare_digits(p, q),
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    (false, false) => p
                        .bytes()
                        .map(|c| c.to_ascii_lowercase())
                        .cmp(q.bytes().map(|c| c.to_ascii_lowercase())),
                };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

impl<'a> Pep440<'a> {
    /// True for a pre-release or development release.
    pub fn is_prerelease(&self) -> bool {
        self.pre.is_some() || self.dev.is_some()
    }

    /// True for a post-release.
    pub fn is_postrelease(&self) -> bool {
        self.post.is_some()
    }

    /// The same version without its local part.
    pub fn public(&self) -> Pep440<'a> {
        Pep440 {
            local: None,
            ..*self
        }
    }

    /// The base version (epoch and release only).
    pub fn base(&self) -> Pep440<'a> {
        Pep440 {
            epoch: self.epoch,
            release: self.release,
            pre: None,
            post: None,
            dev: None,
            local: None,
        }
    }

    /// packaging's suffix key `(pre_rank, pre_n, post_rank, post_n, dev_rank, dev_n)`.
    fn suffix_cmp(&self, other: &Pep440<'_>) -> Ordering {
        fn pre_rank<'v>(v: &Pep440<'v>) -> (i8, &'v str) {
            match (v.pre, v.post, v.dev) {
                (None, None, Some(_)) => (-1, "0"),
                (None, _, _) => (3, "0"),
                (Some((kind, n)), _, _) => (kind as i8, n),
            }
        }
        let (ar, an) = pre_rank(self);
        let (br, bn) = pre_rank(other);
        ar.cmp(&br)
            .then_with(|| compare_digits(an, bn))
            .then_with(|| self.post.is_some().cmp(&other.post.is_some()))
            .then_with(|| compare_digits(self.post.unwrap_or("0"), other.post.unwrap_or("0")))
            .then_with(|| other.dev.is_some().cmp(&self.dev.is_some()))
            .then_with(|| compare_digits(self.dev.unwrap_or("0"), other.dev.unwrap_or("0")))
    }

    /// PEP 440 ordering (packaging's `_cmpkey`).
    #[inline]
    pub fn order(&self, other: &Pep440<'_>) -> Ordering {
        compare_digits(self.epoch, other.epoch)
            .then_with(|| compare_release(self.release, other.release))
            .then_with(|| self.suffix_cmp(other))
            .then_with(|| match (self.local, other.local) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                (Some(a), Some(b)) => compare_local(a, b),
            })
    }

    /// The normalised string, as `str(Version(...))` prints it.
    pub fn normalized(&self) -> String {
        let trim = |d: &str| {
            let t = d.trim_start_matches('0');
            if t.is_empty() {
                "0".to_owned()
            } else {
                t.to_owned()
            }
        };
        let mut s = String::new();
        if trim(self.epoch) != "0" {
            s.push_str(&trim(self.epoch));
            s.push('!');
        }
        s.push_str(
            &release_segments(self.release)
                .map(trim)
                .collect::<Vec<_>>()
                .join("."),
        );
        if let Some((kind, n)) = self.pre {
            s.push_str(match kind {
                PreKind::Alpha => "a",
                PreKind::Beta => "b",
                PreKind::Rc => "rc",
            });
            s.push_str(&trim(n));
        }
        if let Some(n) = self.post {
            s.push_str(".post");
            s.push_str(&trim(n));
        }
        if let Some(n) = self.dev {
            s.push_str(".dev");
            s.push_str(&trim(n));
        }
        if let Some(local) = self.local {
            s.push('+');
            let segments: Vec<String> = local_segments(local)
                .map(|seg| {
                    if seg.bytes().all(|c| c.is_ascii_digit()) {
                        trim(seg)
                    } else {
                        seg.to_ascii_lowercase()
                    }
                })
                .collect();
            s.push_str(&segments.join("."));
        }
        s
    }
}

/// The parts of a parsed version as byte ranges of the text it was parsed from, so that an
/// owner of that text can keep a parsed version without borrowing from itself.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Spans {
    epoch: Range<usize>,
    release: Range<usize>,
    pre: Option<(PreKind, Range<usize>)>,
    post: Option<Range<usize>>,
    dev: Option<Range<usize>>,
    local: Option<Range<usize>>,
}

impl Spans {
    /// The spans of `version`, which was parsed from `text` (every part of it is a slice of
    /// `text`: see `parse`).
    fn of(version: &Pep440<'_>, text: &str) -> Spans {
        let base = text.as_ptr() as usize;
        let at = |part: &str| {
            let start = (part.as_ptr() as usize)
                .saturating_sub(base)
                .min(text.len());
            start..(start + part.len()).min(text.len())
        };
        Spans {
            epoch: at(version.epoch),
            release: at(version.release),
            pre: version.pre.map(|(kind, n)| (kind, at(n))),
            post: version.post.map(at),
            dev: version.dev.map(at),
            local: version.local.map(at),
        }
    }

    /// The version again, borrowing from `text`.
    fn view<'a>(&self, text: &'a str) -> Pep440<'a> {
        let get = |r: &Range<usize>| text.get(r.clone()).unwrap_or_default();
        Pep440 {
            epoch: get(&self.epoch),
            release: get(&self.release),
            pre: self.pre.as_ref().map(|(kind, n)| (*kind, get(n))),
            post: self.post.as_ref().map(get),
            dev: self.dev.as_ref().map(get),
            local: self.local.as_ref().map(get),
        }
    }
}

/// Compares two PEP 440 versions.
#[inline]
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    // The same string is the same version (found often when matching): parsed once.
    if a == b {
        return scan(a)
            .map(|_| Ordering::Equal)
            .map_err(|e| e.into_error(a));
    }
    let a = scan(a).map_err(|e| e.into_error(a))?;
    let b = scan(b).map_err(|e| e.into_error(b))?;
    Ok(a.order(&b))
}

// ---------------------------------------------------------------------------------------------
// Specifiers

/// A specifier operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Compatible,
    Equal,
    NotEqual,
    LessEqual,
    GreaterEqual,
    Less,
    Greater,
    Arbitrary,
}

/// One specifier: an operator, where its version text (after the operator, trimmed) lies in
/// the set's source, and that version parsed (except for `===` and `.*` prefixes).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Specifier {
    op: Op,
    version: Range<usize>,
    parsed: Option<Spans>,
}

/// A PEP 440 specifier set (`>=1.0,!=1.3.*,<2`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecifierSet {
    source: String,
    specs: Vec<Specifier>,
}

/// `text[range]` with Python's `str.strip()` applied, as a range of `text`.
fn strip_range(text: &str, range: Range<usize>) -> Range<usize> {
    let part = &text[range.clone()];
    let trimmed = py_trim(part);
    if trimmed.len() == part.len() {
        return range;
    }
    let start = range.start + (part.len() - part.trim_start_matches(is_py_space).len());
    start..start + trimmed.len()
}

/// Parses the specifier at `range` of `set`.
fn parse_specifier(set: &str, range: Range<usize>) -> Result<Specifier, RangeError> {
    let raw = &set[range.clone()];
    let err = |reason: String| RangeError::syntax("pypi", set, reason);
    let range = strip_range(set, range);
    let spec = &set[range.clone()];
    let (op, len) = match spec.as_bytes() {
        [b'=', b'=', b'=', ..] => (Op::Arbitrary, 3),
        [b'~', b'=', ..] => (Op::Compatible, 2),
        [b'=', b'=', ..] => (Op::Equal, 2),
        [b'!', b'=', ..] => (Op::NotEqual, 2),
        [b'<', b'=', ..] => (Op::LessEqual, 2),
        [b'>', b'=', ..] => (Op::GreaterEqual, 2),
        [b'<', ..] => (Op::Less, 1),
        [b'>', ..] => (Op::Greater, 1),
        _ => return Err(err(format!("invalid specifier `{raw}`: no operator"))),
    };
    let range = strip_range(set, range.start + len..range.end);
    let version = &set[range.clone()];
    let has_space =
        |text: &str| text.bytes().any(|b| b <= b' ' || b >= 0x7f) && text.contains(is_py_space);
    if op == Op::Arbitrary {
        if has_space(version) || version.contains([';', ')']) {
            return Err(err(format!("invalid specifier `{raw}`")));
        }
        return Ok(Specifier {
            op,
            version: range,
            parsed: None,
        });
    }
    let invalid = |why: &str| err(format!("invalid specifier `{raw}`: {why}"));
    if let Some(base) = version.strip_suffix(".*") {
        if !matches!(op, Op::Equal | Op::NotEqual) {
            return Err(invalid("`.*` is only allowed with `==` and `!=`"));
        }
        let v = parse(base).map_err(|e| invalid(&e.reason))?;
        let plain = base.trim_start_matches(['v', 'V']);
        if v.pre.is_some()
            || v.post.is_some()
            || v.dev.is_some()
            || v.local.is_some()
            || plain != base.strip_prefix(['v', 'V']).unwrap_or(base)
        {
            return Err(invalid("a `.*` prefix must be a plain release"));
        }
        if has_space(base) {
            return Err(invalid("whitespace inside the version"));
        }
        return Ok(Specifier {
            op,
            version: range,
            parsed: None,
        });
    }
    if has_space(version) {
        return Err(invalid("whitespace inside the version"));
    }
    let v = parse(version).map_err(|e| invalid(&e.reason))?;
    if v.local.is_some() && !matches!(op, Op::Equal | Op::NotEqual) {
        return Err(invalid(
            "local versions are only allowed with `==` and `!=`",
        ));
    }
    if op == Op::Compatible && !v.release.contains('.') {
        return Err(invalid("`~=` needs at least two release segments"));
    }
    Ok(Specifier {
        op,
        version: range,
        parsed: Some(Spans::of(&v, set)),
    })
}

/// `==V.*` prefix matching (every `.*` prefix is a plain release): packaging 26.3 reads it as
/// the range `[V.dev0, W.dev0)` where W is V with its last segment incremented, which holds
/// exactly when the epochs are equal and each release segment of V equals the prospective's
/// segment at the same place (missing segments count as 0). Local versions match.
fn release_prefix_match(prospective: &Pep440<'_>, epoch: &str, release: &str) -> bool {
    if compare_digits(prospective.epoch, epoch) != Ordering::Equal {
        return false;
    }
    let mut theirs = prospective.release.split('.');
    release
        .split('.')
        .all(|segment| compare_digits(theirs.next().unwrap_or("0"), segment) == Ordering::Equal)
}

fn equal(prospective: &Pep440<'_>, spec: &str) -> Result<bool, VersionError> {
    if let Some(prefix) = spec.strip_suffix(".*") {
        let prefix = parse(prefix)?;
        return Ok(release_prefix_match(
            prospective,
            prefix.epoch,
            prefix.release,
        ));
    }
    Ok(equal_version(prospective, &parse(spec)?))
}

/// `==V` for a parsed V without `.*`: a V without a local version ignores the prospective's.
fn equal_version(prospective: &Pep440<'_>, spec_version: &Pep440<'_>) -> bool {
    let prospective = if spec_version.local.is_none() {
        prospective.public()
    } else {
        *prospective
    };
    prospective.order(spec_version) == Ordering::Equal
}

/// True when both versions have the same pre-release (kind and number), or neither has one.
fn same_pre(a: &Pep440<'_>, b: &Pep440<'_>) -> bool {
    match (a.pre, b.pre) {
        (None, None) => true,
        (Some((ka, na)), Some((kb, nb))) => ka == kb && compare_digits(na, nb) == Ordering::Equal,
        _ => false,
    }
}

/// `>V` as packaging 26.3 bounds it. For a V with a dev or post number the next possible
/// version above V's local family (`V.dev(N+1)`, `V.post(N+1).dev0`); otherwise above every
/// version of V's post family (same epoch, release and pre-release: V's locals and
/// post-releases), as PEP 440 requires.
fn greater(v: &Pep440<'_>, s: &Pep440<'_>) -> bool {
    if v.order(s) != Ordering::Greater {
        return false;
    }
    if s.dev.is_some() || s.post.is_some() {
        return v.public().order(s) != Ordering::Equal;
    }
    !(compare_digits(v.epoch, s.epoch) == Ordering::Equal
        && compare_release(v.release, s.release) == Ordering::Equal
        && same_pre(v, s))
}

/// `<V` as packaging 26.3 bounds it: below V when V is a pre-release, else below `V.dev0`
/// (which excludes V's own pre- and dev releases, as PEP 440 requires).
fn less(v: &Pep440<'_>, s: &Pep440<'_>) -> bool {
    if s.is_prerelease() {
        v.order(s) == Ordering::Less
    } else {
        let bound = Pep440 {
            dev: Some("0"),
            local: None,
            ..*s
        };
        v.order(&bound) == Ordering::Less
    }
}

/// `~=V` as packaging 26.3 bounds it: `[V, P'.dev0)` where P is V's release without its last
/// segment and P' is P with its last segment incremented — that is `>=V` and a release prefix
/// match on P.
fn compatible(v: &Pep440<'_>, s: &Pep440<'_>) -> bool {
    if v.order(s) == Ordering::Less {
        return false;
    }
    let prefix = s.release.rsplit_once('.').map_or("", |(head, _)| head);
    release_prefix_match(v, s.epoch, prefix)
}

impl Specifier {
    fn contains(&self, source: &str, v: &Pep440<'_>) -> Result<bool, VersionError> {
        let spec = &source[self.version.clone()];
        let Some(spans) = &self.parsed else {
            // `===` and `.*` prefixes.
            return Ok(match self.op {
                Op::Arbitrary => v.normalized().to_lowercase() == spec.to_lowercase(),
                Op::NotEqual => !equal(v, spec)?,
                _ => equal(v, spec)?,
            });
        };
        let s = &spans.view(source);
        Ok(match self.op {
            Op::Arbitrary => v.normalized().to_lowercase() == spec.to_lowercase(),
            Op::Equal => equal_version(v, s),
            Op::NotEqual => !equal_version(v, s),
            Op::LessEqual => v.public().order(s) != Ordering::Greater,
            Op::GreaterEqual => v.public().order(s) != Ordering::Less,
            Op::Less => less(v, s),
            Op::Greater => greater(v, s),
            Op::Compatible => compatible(v, s),
        })
    }
}

impl SpecifierSet {
    /// Parses a comma-separated specifier set.
    pub fn parse(set: &str) -> Result<SpecifierSet, RangeError> {
        let mut specs = Vec::new();
        let mut start = 0;
        for end in set
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b',')
            .map(|(i, _)| i)
            .chain([set.len()])
        {
            if !py_trim(&set[start..end]).is_empty() {
                specs.push(parse_specifier(set, start..end)?);
            }
            start = end + 1;
        }
        Ok(SpecifierSet {
            source: set.to_owned(),
            specs,
        })
    }

    /// `contains(version, prereleases=True)`.
    pub fn contains(&self, version: &str) -> Result<bool, VersionError> {
        let v = parse(version)?;
        for spec in &self.specs {
            if !spec.contains(&self.source, &v)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

impl NativeRange for SpecifierSet {
    fn contains(&self, version: &str) -> Result<bool, VersionError> {
        SpecifierSet::contains(self, version)
    }

    /// The vers form of the bounds. `~=`, `.*` wildcards and `===` have no exact vers form.
    /// PEP 440's rule that `<V` excludes V's own pre-releases cannot be written in vers either;
    /// the conversion keeps the bound itself, as the vers-spec conversions do.
    fn to_vers(&self) -> Result<Vers, RangeError> {
        let mut bounds = Vec::new();
        for spec in &self.specs {
            let op = match spec.op {
                Op::LessEqual => Comparator::Le,
                Op::GreaterEqual => Comparator::Ge,
                Op::Less => Comparator::Lt,
                Op::Greater => Comparator::Gt,
                Op::Equal if !self.source[spec.version.clone()].ends_with(".*") => Comparator::Eq,
                Op::NotEqual if !self.source[spec.version.clone()].ends_with(".*") => {
                    Comparator::Ne
                }
                _ => {
                    return Err(RangeError::NotRepresentable {
                        scheme: "pypi",
                        range: self.source.clone(),
                        reason: format!("`{:?}` specifiers have no exact vers form", spec.op),
                    });
                }
            };
            bounds.push(Bound::new(op, self.source[spec.version.clone()].to_owned()));
        }
        ComparatorUnion::new(Scheme::Pypi, &self.source, vec![bounds])?.to_vers()
    }
}

impl VersionScheme for Pypi {
    fn name(&self) -> &'static str {
        "pypi"
    }

    fn validate(&self, version: &str) -> Result<(), VersionError> {
        parse(version).map(|_| ())
    }

    fn compare(&self, a: &str, b: &str) -> Result<Ordering, VersionError> {
        compare(a, b)
    }

    fn parse_native_range(&self, range: &str) -> Result<Box<dyn NativeRange>, RangeError> {
        Ok(Box::new(SpecifierSet::parse(range)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(a: &str, b: &str) -> Ordering {
        compare(a, b).expect("valid")
    }

    #[test]
    fn pep440_order() {
        // The ordering example of PEP 440 ("Summary of permitted suffixes and relative ordering").
        let chain = [
            "1.dev0",
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0rc1.dev456",
            "1.0rc1",
            "1.0",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0+5",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.0.15",
            "1.1.dev1",
        ];
        for pair in chain.windows(2) {
            assert_eq!(c(pair[0], pair[1]), Ordering::Less, "{pair:?}");
        }
        assert_eq!(c("1.0", "1.0.0"), Ordering::Equal);
        assert_eq!(c("1!1.0", "2.0"), Ordering::Greater);
    }

    #[test]
    fn normalisation() {
        for (raw, norm) in [
            ("1.0ALPHA1", "1.0a1"),
            ("v1.0-beta.2", "1.0b2"),
            ("1.0c1", "1.0rc1"),
            ("1.0-pre", "1.0rc0"),
            ("1.0.preview1", "1.0rc1"),
            ("1.0-1", "1.0.post1"),
            ("1.0rev", "1.0.post0"),
            ("1.0-r4", "1.0.post4"),
            ("1.0_dev", "1.0.dev0"),
            ("1.0+Ubuntu-1", "1.0+ubuntu.1"),
            (" 01.02 ", "1.2"),
            ("0!1.0", "1.0"),
            ("1.0.post.", "1.0.post0"),
            ("1.0.dev.", "1.0.dev0"),
            ("1.0a.", "1.0a0"),
            ("1.0.post-1", "1.0.post1"),
            ("1.0-dev-1", "1.0.dev1"),
            ("1.0-1dev", "1.0.post1.dev0"),
        ] {
            assert_eq!(parse(raw).expect(raw).normalized(), norm, "{raw}");
            assert_eq!(c(raw, norm), Ordering::Equal, "{raw}");
        }
        for bad in [
            "",
            "1.0.dev1.post1",
            "1..0",
            "1.0+",
            "latest",
            "1.0-foo",
            "1.0+a_",
            "1.0 1",
            "*",
            "1.0-",
            "1.0_",
            "v 1.0",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn specifiers() {
        let s = |set: &str, v: &str| SpecifierSet::parse(set).expect(set).contains(v).expect(v);
        assert!(s(">=1.0,!=1.3.*,<2", "1.2"));
        assert!(!s(">=1.0,!=1.3.*,<2", "1.3.4"));
        assert!(
            s(">=1.0,!=1.3.*,<2", "1.9rc1"),
            "pre-releases allowed inside the bounds"
        );
        assert!(!s("<2.0", "2.0a1"), "<V excludes V's own pre-releases");
        assert!(s("<2.0", "1.9"));
        assert!(s("<2.0a2", "2.0a1"));
        assert!(!s(">1.0", "1.0.post1"), ">V excludes V's post-releases");
        assert!(s(">1.0.post1", "1.0.post2"));
        assert!(!s(">1.0", "1.0+local"));
        assert!(
            s("==1.0", "1.0+local"),
            "== without a local ignores the prospective local"
        );
        assert!(!s("==1.0+a", "1.0+b"));
        assert!(s("==1.*", "1.5.dev1"));
        assert!(s("==1.0.*", "1.0.0a1"));
        assert!(!s("==1.0.*", "1.1"));
        assert!(s("~=2.2", "2.9"));
        assert!(!s("~=2.2", "3.0"));
        assert!(!s("~=2.2.1", "2.3"));
        assert!(s("~=1!2.2", "1!2.5"));
        assert!(s("===1.0", "v1.0"));
        assert!(s("", "0.1"));
    }

    /// The intervals packaging 26.3 gives `<`, `>` and `~=` (checked against it; older
    /// packaging releases answered the first four differently).
    #[test]
    fn specifier_intervals_of_packaging_26_3() {
        let s = |set: &str, v: &str| SpecifierSet::parse(set).expect(set).contains(v).expect(v);
        assert!(
            s("~=1.2.rev1", "1.3"),
            "the prefix comes from the parsed release"
        );
        assert!(s("~=1.2.POST3", "1.5"));
        assert!(s("~=1.2c1", "1.3"));
        assert!(s("<1.0.post1", "1.0rc1"), "below 1.0.post1.dev0");
        assert!(!s("<1.0.post1", "1.0.post1.dev0"));
        assert!(
            s(">1.0a1", "1.0b1.post1"),
            "another pre-release is not 1.0a1's family"
        );
        assert!(s(">1.0a1", "1.0a2+local"));
        assert!(!s(">1.0a1", "1.0a1.post1"));
        assert!(!s(">1.0.dev1", "1.0.dev1+local"));
        assert!(s(">1.0.dev1", "1.0.dev2"));
        assert!(!s(">1.0.post1", "1.0.post1+local"));
        assert!(s(">1.0.post1", "1.0.post2.dev0"));
        assert!(!s("<0", "0.dev0"));
        assert!(s("~=v1!2.0", "1!2.5"));
        assert!(!s("~=v1!2.0", "2.5"));
        assert!(!s("~=1.2.3-1", "1.3"));
        for bad in [
            "lolwat",
            "~=1",
            "<1.0.*",
            ">=1.0+local",
            "==1.0a1.*",
            "== 1. 0",
        ] {
            assert!(SpecifierSet::parse(bad).is_err(), "{bad}");
        }
    }
}
