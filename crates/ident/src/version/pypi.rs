//! The `pypi` scheme: PEP 440 versions and specifier sets, exactly as the `packaging` library
//! (pypa/packaging 26) reads, normalises and orders them.
//!
//! - Versions: `[v][N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]` with every spelling PEP 440
//!   normalises (`alpha`/`beta`/`c`/`pre`/`preview`, `rev`/`r`/`-N` post-releases, `_`/`-`/`.`
//!   separators, implicit numbers, any case, surrounding whitespace). Ordering is packaging's
//!   `_cmpkey`: epoch; release with trailing zeros ignored; a dev-only release before its
//!   pre-releases, which come before the release, then post-releases (each with its dev
//!   releases first); a local version after the same public version, local segments compared
//!   with numbers above strings. Parsing borrows from the input: comparing does not allocate.
//! - Specifier sets: comma-separated `~=`, `==` (with `.*` prefix matching and local-version
//!   rules), `!=`, `<=`, `>=`, `<` (which excludes pre-releases of its own version unless that
//!   version is one), `>` (which excludes post-releases and local versions of its own version),
//!   and `===` (string equality of the normalised version). Containment is
//!   `SpecifierSet(s).contains(v, prereleases=True)`.
//!
//! Deliberate deviation: an unparsable version is an error here (packaging 26's `contains`
//! answers `False`).

use std::cmp::Ordering;

use super::range::{Bound, ComparatorUnion};
use super::semver::compare_digits;
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

/// Splits at `.` without a searcher: the next segment from `*pos`, or None after the last.
#[inline]
fn next_segment<'a>(s: &'a str, pos: &mut usize) -> Option<&'a str> {
    if *pos > s.len() {
        return None;
    }
    let start = *pos;
    let end = s.as_bytes()[start..]
        .iter()
        .position(|&c| c == b'.')
        .map_or(s.len(), |p| start + p);
    *pos = end + 1;
    s.get(start..end)
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.s.get(self.i..).unwrap_or("")
    }

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
    let text = py_trim(version);
    let mut c = Cursor { s: text, i: 0 };
    if matches!(c.peek(), Some(b'v' | b'V')) {
        c.i += 1;
    }
    // Epoch: digits followed by `!`; otherwise those digits open the release.
    let mut epoch = "0";
    let mut start = c.i;
    let digits = c.digits();
    if !digits.is_empty() && c.peek() == Some(b'!') {
        epoch = digits;
        c.i += 1;
        start = c.i;
        if c.digits().is_empty() {
            return Err(error(version, "expected a release number"));
        }
    } else if digits.is_empty() {
        return Err(error(version, "expected a release number"));
    }
    // Release.
    loop {
        let mark = c.i;
        if c.peek() == Some(b'.') {
            c.i += 1;
            if !c.digits().is_empty() {
                continue;
            }
        }
        c.i = mark;
        break;
    }
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
        pre = Some((kind, if n.is_empty() { "0" } else { n }));
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
            post = Some(if n.is_empty() { "0" } else { n });
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
        dev = Some(if n.is_empty() { "0" } else { n });
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
                return Err(error(version, "empty local version segment"));
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
        return Err(error(version, &format!("unexpected `{}`", c.rest())));
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
    if a == b {
        return Ordering::Equal;
    }
    let (mut i, mut j) = (0, 0);
    loop {
        match (next_segment(a, &mut i), next_segment(b, &mut j)) {
            (None, None) => return Ordering::Equal,
            (p, q) => match compare_digits(p.unwrap_or("0"), q.unwrap_or("0")) {
                Ordering::Equal => {}
                other => return other,
            },
        }
    }
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

/// Compares two PEP 440 versions.
#[inline]
pub fn compare(a: &str, b: &str) -> Result<Ordering, VersionError> {
    Ok(parse(a)?.order(&parse(b)?))
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

/// One specifier: an operator and the version text as written (after the operator, trimmed).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Specifier {
    op: Op,
    version: String,
}

/// A PEP 440 specifier set (`>=1.0,!=1.3.*,<2`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecifierSet {
    source: String,
    specs: Vec<Specifier>,
}

fn parse_specifier(raw: &str, set: &str) -> Result<Specifier, RangeError> {
    let err = |reason: String| RangeError::syntax("pypi", set, reason);
    let spec = raw.trim_matches(is_py_space);
    let (op, rest) = if let Some(r) = spec.strip_prefix("===") {
        (Op::Arbitrary, r)
    } else if let Some(r) = spec.strip_prefix("~=") {
        (Op::Compatible, r)
    } else if let Some(r) = spec.strip_prefix("==") {
        (Op::Equal, r)
    } else if let Some(r) = spec.strip_prefix("!=") {
        (Op::NotEqual, r)
    } else if let Some(r) = spec.strip_prefix("<=") {
        (Op::LessEqual, r)
    } else if let Some(r) = spec.strip_prefix(">=") {
        (Op::GreaterEqual, r)
    } else if let Some(r) = spec.strip_prefix('<') {
        (Op::Less, r)
    } else if let Some(r) = spec.strip_prefix('>') {
        (Op::Greater, r)
    } else {
        return Err(err(format!("invalid specifier `{raw}`: no operator")));
    };
    let version = rest.trim_matches(is_py_space);
    if op == Op::Arbitrary {
        if version.contains(|c: char| is_py_space(c) || c == ';' || c == ')') {
            return Err(err(format!("invalid specifier `{raw}`")));
        }
        return Ok(Specifier {
            op,
            version: version.to_owned(),
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
        if base.contains(|c: char| is_py_space(c)) {
            return Err(invalid("whitespace inside the version"));
        }
        return Ok(Specifier {
            op,
            version: version.to_owned(),
        });
    }
    if version.contains(|c: char| is_py_space(c)) {
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
        version: version.to_owned(),
    })
}

/// packaging's `_version_split`: epoch, then release items, splitting `1rc1`-style items.
fn version_split(version: &str) -> Vec<String> {
    let (epoch, rest) = match version.rsplit_once('!') {
        Some((e, r)) => (e, r),
        None => ("", version),
    };
    let mut out = vec![if epoch.is_empty() {
        "0".to_owned()
    } else {
        epoch.to_owned()
    }];
    for item in rest.split('.') {
        // `^([0-9]+)((?:a|b|c|rc)[0-9]+)$`
        let digits = item.bytes().take_while(u8::is_ascii_digit).count();
        let (num, suffix) = item.split_at(digits);
        let suffix_ok = ["rc", "a", "b", "c"].iter().any(|p| {
            suffix
                .strip_prefix(p)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
        });
        if digits > 0 && suffix_ok {
            out.push(num.to_owned());
            out.push(suffix.to_owned());
        } else {
            out.push(item.to_owned());
        }
    }
    out
}

/// `==V.*` prefix matching on the public version.
fn prefix_match(prospective: &Pep440<'_>, prefix: &str) -> Result<bool, VersionError> {
    let spec = parse(prefix)?;
    let normalized_prospective = prospective.public().normalized();
    let normalized_spec = spec.normalized();
    let split_spec = version_split(&normalized_spec);
    let split_prospective = version_split(&normalized_prospective);
    // _pad_version: pad the numeric head of the prospective to the spec's numeric length.
    let numeric = |v: &[String]| {
        v.iter()
            .take_while(|x| x.bytes().all(|c| c.is_ascii_digit()) && !x.is_empty())
            .count()
    };
    let (pn, sn) = (numeric(&split_prospective), numeric(&split_spec));
    let mut padded: Vec<String> = split_prospective[..pn].to_vec();
    padded.extend(std::iter::repeat_n("0".to_owned(), sn.saturating_sub(pn)));
    padded.extend(split_prospective[pn..].iter().cloned());
    Ok(padded.len() >= split_spec.len() && padded[..split_spec.len()] == split_spec[..])
}

fn equal(prospective: &Pep440<'_>, spec: &str) -> Result<bool, VersionError> {
    if let Some(prefix) = spec.strip_suffix(".*") {
        return prefix_match(prospective, prefix);
    }
    let spec_version = parse(spec)?;
    let prospective = if spec_version.local.is_none() {
        prospective.public()
    } else {
        *prospective
    };
    Ok(prospective.order(&spec_version) == Ordering::Equal)
}

impl Specifier {
    fn contains(&self, v: &Pep440<'_>) -> Result<bool, VersionError> {
        let spec = self.version.as_str();
        Ok(match self.op {
            Op::Arbitrary => v.normalized().to_lowercase() == spec.to_lowercase(),
            Op::Equal => equal(v, spec)?,
            Op::NotEqual => !equal(v, spec)?,
            Op::LessEqual => v.public().order(&parse(spec)?) != Ordering::Greater,
            Op::GreaterEqual => v.public().order(&parse(spec)?) != Ordering::Less,
            Op::Less => {
                let s = parse(spec)?;
                v.order(&s) == Ordering::Less
                    && !(!s.is_prerelease()
                        && v.is_prerelease()
                        && v.base().order(&s.base()) == Ordering::Equal)
            }
            Op::Greater => {
                let s = parse(spec)?;
                v.order(&s) == Ordering::Greater
                    && !(!s.is_postrelease()
                        && v.is_postrelease()
                        && v.base().order(&s.base()) == Ordering::Equal)
                    && !(v.local.is_some() && v.base().order(&s.base()) == Ordering::Equal)
            }
            Op::Compatible => {
                // ~=V is >=V and ==P.* where P is V's release without its last item.
                let split = version_split(spec);
                let kept: Vec<&String> = split
                    .iter()
                    .skip(1)
                    .take_while(|s| {
                        !["dev", "a", "b", "rc", "post"]
                            .iter()
                            .any(|p| s.starts_with(p))
                    })
                    .collect();
                let head = &kept[..kept.len().saturating_sub(1)];
                let epoch = &split[0];
                let prefix = format!(
                    "{}{}.*",
                    if epoch == "0" {
                        String::new()
                    } else {
                        format!("{epoch}!")
                    },
                    head.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(".")
                );
                v.public().order(&parse(spec)?) != Ordering::Less && equal(v, &prefix)?
            }
        })
    }
}

impl SpecifierSet {
    /// Parses a comma-separated specifier set.
    pub fn parse(set: &str) -> Result<SpecifierSet, RangeError> {
        let mut specs = Vec::new();
        for raw in set.split(',') {
            if raw.trim_matches(is_py_space).is_empty() {
                continue;
            }
            specs.push(parse_specifier(raw, set)?);
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
            if !spec.contains(&v)? {
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
                Op::Equal if !spec.version.ends_with(".*") => Comparator::Eq,
                Op::NotEqual if !spec.version.ends_with(".*") => Comparator::Ne,
                _ => {
                    return Err(RangeError::NotRepresentable {
                        scheme: "pypi",
                        range: self.source.clone(),
                        reason: format!("`{:?}` specifiers have no exact vers form", spec.op),
                    });
                }
            };
            bounds.push(Bound::new(op, spec.version.clone()));
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
