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
    ty: String,
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
        // ASCII whitespace other than the space, and ASCII controls, are all below 0x20 or
        // 0x7f: only input with such a byte or non-ASCII text needs the full character scan.
        let suspicious = input.bytes().any(|b| !(0x20..0x7f).contains(&b));
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
        // Subpath: right of the last '#'.
        let (remainder, subpath) = match input.rsplit_once('#') {
            Some((left, right)) => (left, Some(parse_subpath(right).map_err(&syntax)?)),
            None => (input, None),
        };
        // Qualifiers: right of the last '?'.
        let (remainder, qualifiers) = match remainder.rsplit_once('?') {
            Some((left, right)) => (left, parse_qualifiers(right, mode).map_err(&syntax)?),
            None => (remainder, BTreeMap::new()),
        };
        // Scheme.
        let Some((scheme, remainder)) = remainder.split_once(':') else {
            return Err(syntax("missing the `pkg:` scheme".to_owned()));
        };
        if !scheme.eq_ignore_ascii_case("pkg") {
            return Err(syntax(format!("the scheme must be `pkg`, not `{scheme}`")));
        }
        // Type.
        let remainder = remainder.trim_start_matches('/');
        let Some((ty, remainder)) = remainder.split_once('/') else {
            return Err(syntax(
                "missing the type (expected `pkg:<type>/<name>`)".to_owned(),
            ));
        };
        check_type(ty).map_err(&syntax)?;
        let ty = ty.to_ascii_lowercase();
        // Version: right of the last '@', unless that '@' belongs to the namespace or name
        // (an unencoded '/' after it, as in a non-canonical `pkg:npm/@scope/name`).
        let (remainder, version) = match remainder.rsplit_once('@') {
            Some((left, right)) if !right.contains('/') => {
                (left, Some(decode(right).map_err(&syntax)?))
            }
            _ => (remainder, None),
        };
        // Name: right of the last '/' (for `git`, everything after the host).
        let split = if ty == "git" {
            remainder.split_once('/')
        } else {
            remainder.rsplit_once('/')
        };
        let (remainder, name) = match split {
            Some((left, right)) => (left, right),
            None => ("", remainder),
        };
        let name = if ty == "git" {
            decode_segments(name).map_err(&syntax)?
        } else {
            decode(name).map_err(&syntax)?
        };
        if name.is_empty() {
            return Err(syntax("missing the name".to_owned()));
        }
        // Namespace: the remaining segments.
        let mut namespace: Option<String> = None;
        for segment in remainder.split('/').filter(|s| !s.is_empty()) {
            let decoded = decode(segment).map_err(&syntax)?;
            if decoded.contains('/') {
                return Err(syntax(format!(
                    "namespace segment `{segment}` decodes to a `/`"
                )));
            }
            match &mut namespace {
                Some(ns) => {
                    ns.push('/');
                    ns.push_str(&decoded);
                }
                None => namespace = Some(decoded),
            }
        }
        let purl = Purl {
            ty,
            namespace,
            name,
            version: version.filter(|v| !v.is_empty()),
            qualifiers,
            subpath: subpath.filter(|s| !s.is_empty()),
        };
        purl.normalize().map_err(|message| PurlError {
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
        let purl = Purl {
            ty: c.ty.to_ascii_lowercase(),
            namespace,
            name: c.name.trim_matches('/').to_owned(),
            version: c.version.filter(|v| !v.is_empty()).map(str::to_owned),
            qualifiers,
            subpath,
        };
        purl.normalize().map_err(|message| PurlError {
            kind: PurlErrorKind::Type,
            input: input.clone(),
            message,
        })
    }

    /// Applies the type definition's normalisation and checks its rules.
    fn normalize(mut self) -> Result<Purl, String> {
        types::apply(&mut self)?;
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
    if let Some(c) = ty
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
    if let Some(c) = key
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Err(format!(
            "qualifier key `{key}` may contain only ASCII letters, digits, `.`, `-` and `_` (found {c:?})"
        ));
    }
    Ok(key.to_ascii_lowercase())
}

fn parse_qualifiers(text: &str, mode: Mode) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for pair in text.split('&') {
        if pair.is_empty() {
            continue;
        }
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!("qualifier `{pair}` is not a key=value pair"));
        };
        if mode == Mode::Strict && key.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(format!("qualifier key `{key}` must be lowercase"));
        }
        let key = check_qualifier_key(key)?;
        let value = decode(value)?;
        if value.is_empty() {
            continue;
        }
        if map.insert(key.clone(), value).is_some() {
            return Err(format!("duplicate qualifier key `{key}`"));
        }
    }
    Ok(map)
}

fn parse_subpath(text: &str) -> Result<String, String> {
    let mut segments = Vec::new();
    for segment in text.split('/') {
        let decoded = decode(segment)?;
        if decoded.is_empty() || decoded == "." || decoded == ".." {
            continue;
        }
        if decoded.contains('/') {
            return Err(format!("subpath segment `{segment}` decodes to a `/`"));
        }
        segments.push(decoded);
    }
    Ok(segments.join("/"))
}

/// Decodes a `/`-separated path whose segments are each percent-encoded (the `git` name).
fn decode_segments(text: &str) -> Result<String, String> {
    let segments: Result<Vec<String>, String> = text
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            let decoded = decode(segment)?;
            if decoded.contains('/') {
                return Err(format!("name segment `{segment}` decodes to a `/`"));
            }
            Ok(decoded)
        })
        .collect();
    Ok(segments?.join("/"))
}

/// Percent-decodes a component. A `%` must start a valid `%XX` triplet and the result must be
/// UTF-8.
pub fn decode(text: &str) -> Result<String, String> {
    if !text.contains('%') {
        return Ok(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).unwrap_or("");
            match u8::from_str_radix(hex, 16) {
                Ok(b) if hex.len() == 2 && hex.bytes().all(|h| h.is_ascii_hexdigit()) => {
                    out.push(b);
                    i += 3;
                }
                _ => return Err(format!("invalid percent-encoding at byte {i} of `{text}`")),
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|e| {
        format!(
            "percent-decoded `{text}` is not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Percent-encodes a component as ECMA-427 requires: every octet other than an ASCII letter,
/// digit, `.`, `-`, `_`, `~` or `:` becomes `%XX` with uppercase hex.
pub fn encode(text: &str, out: &mut impl fmt::Write) -> fmt::Result {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~' | b':') {
            continue;
        }
        // Runs of unreserved bytes are written whole; `i` is a char boundary (an ASCII byte
        // or the first byte of a multi-byte character, whose bytes are all encoded).
        out.write_str(text.get(start..i).unwrap_or_default())?;
        let escaped = [b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]];
        out.write_str(std::str::from_utf8(&escaped).unwrap_or_default())?;
        start = i + 1;
    }
    out.write_str(text.get(start..).unwrap_or_default())
}

impl Purl {
    /// The canonical string (the same as `to_string()`, built in one allocation).
    pub fn canonical(&self) -> String {
        use fmt::Write as _;
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
        // Writing into a String cannot fail.
        let _ = write!(out, "{self}");
        out
    }
}

impl fmt::Display for Purl {
    /// The canonical form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pkg:{}/", self.ty)?;
        if let Some(ns) = &self.namespace {
            for segment in ns.split('/') {
                encode(segment, f)?;
                f.write_str("/")?;
            }
        }
        if self.ty == "git" {
            for (i, segment) in self.name.split('/').enumerate() {
                if i > 0 {
                    f.write_str("/")?;
                }
                encode(segment, f)?;
            }
        } else {
            encode(&self.name, f)?;
        }
        if let Some(v) = &self.version {
            f.write_str("@")?;
            encode(v, f)?;
        }
        for (i, (key, value)) in self.qualifiers.iter().enumerate() {
            f.write_str(if i == 0 { "?" } else { "&" })?;
            f.write_str(key)?;
            f.write_str("=")?;
            encode(value, f)?;
        }
        if let Some(sp) = &self.subpath {
            f.write_str("#")?;
            for (i, segment) in sp.split('/').enumerate() {
                if i > 0 {
                    f.write_str("/")?;
                }
                encode(segment, f)?;
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for Purl {
    type Err = PurlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Purl::parse(s)
    }
}
