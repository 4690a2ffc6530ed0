//! Package URLs (purl, ECMA-427; <https://github.com/package-url/purl-spec>).
//!
//! `pkg:type/namespace/name@version?qualifiers#subpath`. [`Purl::parse`] follows the spec's
//! "how to parse" procedure (right to left: subpath, qualifiers, scheme, type, version, name,
//! namespace), then applies the rules of the registered type definitions (namespace required
//! or prohibited, case folding, name normalisation, permitted characters; see [`types`]).
//! [`Purl::build`] validates decoded components the same way, and [`Display`](std::fmt::Display)
//! writes the canonical form: every character other than `A-Z a-z 0-9 . - _ ~ :` percent-encoded
//! (uppercase hex), qualifiers sorted by key, empty values and `.`/`..` subpath segments dropped.
//!
//! Two readings, as the purl test suite distinguishes them:
//! - [`Purl::parse`] is strict: the spec's "shall" rules hold (qualifier keys already
//!   lowercase). Case-insensitive components are still folded, since the type definitions
//!   declare them so.
//! - [`Purl::parse_lenient`] also repairs what a tool may repair (uppercase qualifier keys), for
//!   real-world SBOM data. Both reject an empty name, including `pkg:swift/host/owner/@1.0`
//!   where a trailing `/` leaves the name empty.
//!
//! Errors distinguish a broken purl string ([`PurlErrorKind::Syntax`]) from a purl that breaks
//! its type's definition ([`PurlErrorKind::Type`]).
//!
//! ```
//! use medcyber_ident::purl::Purl;
//!
//! let purl = Purl::parse("pkg:PyPI/Django_Rest@3.14?arch=x86").unwrap();
//! assert_eq!(purl.name(), "django-rest");
//! assert_eq!(purl.to_string(), "pkg:pypi/django-rest@3.14?arch=x86");
//!
//! assert!(Purl::parse("pkg:gem/rails@7.0?Platform=java").is_err());
//! let repaired = Purl::parse_lenient("pkg:gem/rails@7.0?Platform=java").unwrap();
//! assert_eq!(repaired.to_string(), "pkg:gem/rails@7.0?platform=java");
//! ```

pub mod types;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// What kind of rule a purl broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PurlErrorKind {
    /// The string is not a syntactically valid purl.
    Syntax,
    /// The purl is well-formed but breaks its type's definition.
    Type,
}

/// An invalid purl, with the rule it broke.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid purl `{input}`: {message}")]
pub struct PurlError {
    /// Syntax or type rule.
    pub kind: PurlErrorKind,
    /// The purl as given (or the components, for [`Purl::build`]).
    pub input: String,
    /// What is wrong.
    pub message: String,
}

/// A parsed, normalised Package URL. Components are stored decoded.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Purl {
    ty: Cow<'static, str>,
    namespace: Option<String>,
    name: String,
    version: Option<String>,
    qualifiers: BTreeMap<String, String>,
    subpath: Option<String>,
}

/// Decoded components for [`Purl::build`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Components<'a> {
    /// The type (required).
    pub ty: &'a str,
    /// The namespace, segments separated by `/`.
    pub namespace: Option<&'a str>,
    /// The name (required).
    pub name: &'a str,
    /// The version.
    pub version: Option<&'a str>,
    /// Qualifier key/value pairs.
    pub qualifiers: Vec<(&'a str, &'a str)>,
    /// The subpath, segments separated by `/`.
    pub subpath: Option<&'a str>,
}

impl Purl {
    /// The type, lowercase (`npm`, `maven`, ...).
    pub fn ty(&self) -> &str {
        &self.ty
    }

    /// The namespace (decoded, segments joined by `/`), if any.
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The name (decoded and normalised for its type).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The version (decoded), if any.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// The qualifiers, sorted by key. Keys are lowercase; values decoded and never empty.
    pub fn qualifiers(&self) -> &BTreeMap<String, String> {
        &self.qualifiers
    }

    /// The subpath (decoded segments joined by `/`), if any.
    pub fn subpath(&self) -> Option<&str> {
        self.subpath.as_deref()
    }

    /// The same purl without its version (for matching a package regardless of version).
    pub fn without_version(&self) -> Purl {
        Purl {
            version: None,
            ..self.clone()
        }
    }

    /// Parses a purl string strictly and normalises it for its type.
    pub fn parse(input: &str) -> Result<Purl, PurlError> {
        Purl::parse_with(input, Mode::Strict)
    }

    /// Parses a purl string, also repairing what the spec lets a tool repair: uppercase
    /// qualifier keys are lowercased.
    pub fn parse_lenient(input: &str) -> Result<Purl, PurlError> {
        Purl::parse_with(input, Mode::Lenient)
    }

    fn parse_with(input: &str, mode: Mode) -> Result<Purl, PurlError> {
        let syntax = |message: String| PurlError {
            kind: PurlErrorKind::Syntax,
            input: input.to_owned(),
            message,
        };
        if input.is_empty() {
            return Err(syntax("empty string".to_owned()));
        }
        // One forward scan finds the separators the spec's right-to-left procedure splits at:
        // the last `#` (subpath), the last `?` before it (qualifiers) and the first `:`
        // (scheme). It also notes bytes outside printable ASCII: ASCII whitespace other than
        // the space and ASCII controls are all below 0x20 or 0x7f, so only input with such a
        // byte (or non-ASCII text) needs the full character check.
        let bytes = input.as_bytes();
        let (mut hash, mut question, mut question_before_hash, mut colon) =
            (None, None, None, None);
        let mut suspicious = false;
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'#' => {
                    hash = Some(i);
                    question_before_hash = question;
                }
                b'?' => question = Some(i),
                b':' if colon.is_none() => colon = Some(i),
                0x20..=0x7e => {}
                _ => suspicious = true,
            }
        }
        if let Some((i, c)) = suspicious
            .then(|| {
                input
                    .char_indices()
                    .find(|(_, c)| c.is_whitespace() && *c != ' ' || c.is_control())
            })
            .flatten()
        {
            return Err(syntax(format!(
                "control or whitespace character {c:?} at byte {i}"
            )));
        }
        // The separators are ASCII, so every split below falls on a character boundary.
        let end = hash.unwrap_or(bytes.len());
        let subpath = match hash {
            Some(i) => parse_subpath(&input[i + 1..]).map_err(&syntax)?,
            None => None,
        };
        let question = if hash.is_some() {
            question_before_hash
        } else {
            question
        };
        let (remainder, qualifiers) = match question {
            Some(i) => (
                &input[..i],
                parse_qualifiers(&input[i + 1..end], mode).map_err(&syntax)?,
            ),
            None => (&input[..end], BTreeMap::new()),
        };
        // Scheme: left of the first ':'.
        let Some(colon) = colon.filter(|&c| c < remainder.len()) else {
            return Err(syntax("missing the `pkg:` scheme".to_owned()));
        };
        let (scheme, remainder) = (&remainder[..colon], &remainder[colon + 1..]);
        if !scheme.eq_ignore_ascii_case("pkg") {
            return Err(syntax(format!("the scheme must be `pkg`, not `{scheme}`")));
        }
        // Type.
        let remainder = &remainder[remainder.bytes().take_while(|&b| b == b'/').count()..];
        let Some(slash) = remainder.bytes().position(|b| b == b'/') else {
            return Err(syntax(
                "missing the type (expected `pkg:<type>/<name>`)".to_owned(),
            ));
        };
        let (ty, remainder) = (&remainder[..slash], &remainder[slash + 1..]);
        check_type(ty).map_err(&syntax)?;
        let rules = types::lookup_ignore_case(ty);
        let ty: Cow<'static, str> = match rules {
            Some(rules) => Cow::Borrowed(rules.ty),
            None => Cow::Owned(ty.to_ascii_lowercase()),
        };
        let git = ty == "git";
        // Version: right of the last '@', unless that '@' belongs to the namespace or name
        // (an unencoded '/' after it, as in a non-canonical `pkg:npm/@scope/name`).
        let rb = remainder.as_bytes();
        let (remainder, version) = match rb.iter().rposition(|&b| b == b'@' || b == b'/') {
            Some(at) if rb[at] == b'@' => {
                let mut version = String::new();
                decode_into(&remainder[at + 1..], &mut version).map_err(&syntax)?;
                (&remainder[..at], Some(version))
            }
            _ => (remainder, None),
        };
        // Name: right of the last '/' (for `git`, everything after the host).
        let rb = remainder.as_bytes();
        let split = if git {
            rb.iter().position(|&b| b == b'/')
        } else {
            rb.iter().rposition(|&b| b == b'/')
        };
        let (remainder, name) = match split {
            Some(i) => (&remainder[..i], &remainder[i + 1..]),
            None => ("", remainder),
        };
        let name = if git {
            decode_segments(name, "name")
                .map_err(&syntax)?
                .unwrap_or_default()
        } else {
            let mut decoded = String::new();
            decode_into(name, &mut decoded).map_err(&syntax)?;
            decoded
        };
        if name.is_empty() {
            return Err(syntax("missing the name".to_owned()));
        }
        // Namespace: the remaining segments.
        let namespace = decode_segments(remainder, "namespace").map_err(&syntax)?;
        let purl = Purl {
            ty,
            namespace,
            name,
            version: version.filter(|v| !v.is_empty()),
            qualifiers,
            subpath,
        };
        purl.normalize(rules).map_err(|message| PurlError {
            kind: PurlErrorKind::Type,
            input: input.to_owned(),
            message,
        })
    }

    /// Builds a purl from decoded components, validating and normalising them.
    pub fn build(c: &Components<'_>) -> Result<Purl, PurlError> {
        let input = format!("{c:?}");
        let syntax = |message: String| PurlError {
            kind: PurlErrorKind::Syntax,
            input: input.clone(),
            message,
        };
        check_type(c.ty).map_err(&syntax)?;
        if c.name.trim_matches('/').is_empty() {
            return Err(syntax("missing the name".to_owned()));
        }
        let mut qualifiers = BTreeMap::new();
        for (key, value) in &c.qualifiers {
            let key = check_qualifier_key(key).map_err(&syntax)?;
            if value.is_empty() {
                continue;
            }
            if qualifiers
                .insert(key.clone(), (*value).to_owned())
                .is_some()
            {
                return Err(syntax(format!("duplicate qualifier key `{key}`")));
            }
        }
        let namespace = c.namespace.and_then(|ns| {
            let segments: Vec<&str> = ns.split('/').filter(|s| !s.is_empty()).collect();
            (!segments.is_empty()).then(|| segments.join("/"))
        });
        let subpath = c.subpath.and_then(|sp| {
            let segments: Vec<&str> = sp
                .split('/')
                .filter(|s| !s.is_empty() && *s != "." && *s != "..")
                .collect();
            (!segments.is_empty()).then(|| segments.join("/"))
        });
        let rules = types::lookup_ignore_case(c.ty);
        let purl = Purl {
            ty: match rules {
                Some(rules) => Cow::Borrowed(rules.ty),
                None => Cow::Owned(c.ty.to_ascii_lowercase()),
            },
            namespace,
            name: c.name.trim_matches('/').to_owned(),
            version: c.version.filter(|v| !v.is_empty()).map(str::to_owned),
            qualifiers,
            subpath,
        };
        purl.normalize(rules).map_err(|message| PurlError {
            kind: PurlErrorKind::Type,
            input: input.clone(),
            message,
        })
    }

    /// Applies the type definition's normalisation and checks its rules.
    fn normalize(mut self, rules: Option<&types::TypeRules>) -> Result<Purl, String> {
        if let Some(rules) = rules {
            types::apply(&mut self, rules)?;
        }
        Ok(self)
    }
}

fn check_type(ty: &str) -> Result<(), String> {
    if ty.is_empty() {
        return Err("missing the type".to_owned());
    }
    if !ty.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!("the type `{ty}` must start with an ASCII letter"));
    }
    if !ty
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && let Some(c) = ty
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '.' || *c == '-'))
    {
        return Err(format!(
            "the type `{ty}` may contain only ASCII letters, digits, `.` and `-` (found {c:?})"
        ));
    }
    Ok(())
}

/// How strictly to read a purl string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Strict,
    Lenient,
}

fn check_qualifier_key(key: &str) -> Result<String, String> {
    if key.is_empty() {
        return Err("empty qualifier key".to_owned());
    }
    if !key.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!(
            "qualifier key `{key}` must start with an ASCII letter"
        ));
    }
    if !key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        && let Some(c) = key
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Err(format!(
            "qualifier key `{key}` may contain only ASCII letters, digits, `.`, `-` and `_` (found {c:?})"
        ));
    }
    Ok(key.to_ascii_lowercase())
}

/// Splits at an ASCII separator byte (a plain loop: purl components are short).
fn split_byte(text: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == sep) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

fn parse_qualifiers(text: &str, mode: Mode) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for pair in split_byte(text, b'&') {
        if pair.is_empty() {
            continue;
        }
        let Some(eq) = pair.bytes().position(|b| b == b'=') else {
            return Err(format!("qualifier `{pair}` is not a key=value pair"));
        };
        let (key, value) = (&pair[..eq], &pair[eq + 1..]);
        if mode == Mode::Strict && key.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(format!("qualifier key `{key}` must be lowercase"));
        }
        if value.is_empty() {
            check_qualifier_key(key)?;
            continue;
        }
        let key = check_qualifier_key(key)?;
        let mut decoded = String::new();
        decode_into(value, &mut decoded)?;
        if decoded.is_empty() {
            continue;
        }
        if map.insert(key.clone(), decoded).is_some() {
            return Err(format!("duplicate qualifier key `{key}`"));
        }
    }
    Ok(map)
}

/// The subpath: decoded segments joined by `/`, without empty, `.` and `..` segments; None
/// when no segment is left.
fn parse_subpath(text: &str) -> Result<Option<String>, String> {
    let mut out = String::new();
    for segment in split_byte(text, b'/') {
        let start = out.len();
        if start > 0 {
            out.push('/');
        }
        decode_into(segment, &mut out)?;
        let decoded = &out[start + usize::from(start > 0)..];
        if decoded.as_bytes().contains(&b'/') {
            return Err(format!("subpath segment `{segment}` decodes to a `/`"));
        }
        if decoded.is_empty() || decoded == "." || decoded == ".." {
            out.truncate(start);
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

/// Decodes a `/`-separated path whose segments are each percent-encoded (a namespace, or the
/// `git` name): the decoded segments joined by `/`, without empty segments; None when no
/// segment is left. A segment that decodes to a `/` is an error.
fn decode_segments(text: &str, what: &str) -> Result<Option<String>, String> {
    let mut out = String::new();
    for segment in split_byte(text, b'/').filter(|s| !s.is_empty()) {
        let start = out.len();
        if start > 0 {
            out.push('/');
        }
        decode_into(segment, &mut out)?;
        if out.as_bytes()[start + usize::from(start > 0)..].contains(&b'/') {
            return Err(format!("{what} segment `{segment}` decodes to a `/`"));
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

/// Percent-decodes a component. A `%` must start a valid `%XX` triplet and the result must be
/// UTF-8.
pub fn decode(text: &str) -> Result<String, String> {
    let mut out = String::new();
    decode_into(text, &mut out)?;
    Ok(out)
}

/// [`decode`], appending to `out`.
fn decode_into(text: &str, out: &mut String) -> Result<(), String> {
    let bytes = text.as_bytes();
    let Some(first) = bytes.iter().position(|&b| b == b'%') else {
        out.push_str(text);
        return Ok(());
    };
    let mut decoded = Vec::with_capacity(bytes.len());
    decoded.extend_from_slice(&bytes[..first]);
    let mut i = first;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).unwrap_or("");
            match u8::from_str_radix(hex, 16) {
                Ok(b) if hex.len() == 2 && hex.bytes().all(|h| h.is_ascii_hexdigit()) => {
                    decoded.push(b);
                    i += 3;
                }
                _ => return Err(format!("invalid percent-encoding at byte {i} of `{text}`")),
            }
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(decoded).map_err(|e| {
        format!(
            "percent-decoded `{text}` is not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    if out.is_empty() {
        *out = decoded;
    } else {
        out.push_str(&decoded);
    }
    Ok(())
}

/// The octets ECMA-427 leaves unencoded: ASCII letters, digits, `.`, `-`, `_`, `~` and `:`.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_' | b'~' | b':');
        b += 1;
    }
    table
};

/// Percent-encodes a component as ECMA-427 requires: every octet other than an ASCII letter,
/// digit, `.`, `-`, `_`, `~` or `:` becomes `%XX` with uppercase hex.
pub fn encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if UNRESERVED[usize::from(b)] {
            continue;
        }
        // Runs of unreserved bytes are copied whole; `i` is a char boundary (an ASCII byte
        // or the first byte of a multi-byte character, whose bytes are all encoded).
        out.push_str(text.get(start..i).unwrap_or_default());
        out.push('%');
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
        start = i + 1;
    }
    out.push_str(text.get(start..).unwrap_or_default());
}

/// Encodes each `/`-separated segment of `path`, keeping the separators.
fn encode_segments(path: &str, out: &mut String) {
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        encode(segment, out);
    }
}

impl Purl {
    /// The canonical string (the same as `to_string()`).
    pub fn canonical(&self) -> String {
        let mut out = String::with_capacity(
            8 + self.ty.len()
                + self.namespace.as_ref().map_or(0, String::len)
                + self.name.len()
                + self.version.as_ref().map_or(0, String::len)
                + self
                    .qualifiers
                    .iter()
                    .map(|(k, v)| k.len() + v.len() + 2)
                    .sum::<usize>()
                + self.subpath.as_ref().map_or(0, String::len)
                + 16,
        );
        out.push_str("pkg:");
        out.push_str(&self.ty);
        out.push('/');
        if let Some(ns) = &self.namespace {
            encode_segments(ns, &mut out);
            out.push('/');
        }
        if self.ty == "git" {
            encode_segments(&self.name, &mut out);
        } else {
            encode(&self.name, &mut out);
        }
        if let Some(v) = &self.version {
            out.push('@');
            encode(v, &mut out);
        }
        for (i, (key, value)) in self.qualifiers.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(key);
            out.push('=');
            encode(value, &mut out);
        }
        if let Some(sp) = &self.subpath {
            out.push('#');
            encode_segments(sp, &mut out);
        }
        out
    }
}

impl fmt::Display for Purl {
    /// The canonical form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl std::str::FromStr for Purl {
    type Err = PurlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Purl::parse(s)
    }
}
