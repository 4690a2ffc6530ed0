//! vers, the version range specifier (<https://github.com/package-url/vers-spec>).
//!
//! `vers:<type>/<constraint>|<constraint>|...` where each constraint is a version with an
//! optional comparator (`=`, `!=`, `<`, `<=`, `>`, `>=`) or the lone `*`.
//!
//! Two readings:
//! - [`Vers::parse`] is the spec's strict reading: the string must already be canonical (no
//!   whitespace, lowercase type, constraints sorted by version, versions unique, comparators
//!   alternating as the spec requires, canonical percent-encoding). Anything else is an error
//!   that names the rule.
//! - [`Vers::parse_lenient`] accepts constraints in any order (and duplicated), sorts them by
//!   version as the reference implementation (`univers`) does, and otherwise applies the same
//!   syntax rules. Its [`Display`](std::fmt::Display) is the canonical form.
//!
//! Containment ([`Vers::contains`]) follows the spec's algorithm step by step, with versions
//! ordered by the type's [`Scheme`].

use std::cmp::Ordering;
use std::fmt;

use crate::version::{Scheme, VersionError};

/// A comparator of a vers constraint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// `=` (written without the sign in canonical form).
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `*`: every version.
    Any,
}

impl Comparator {
    /// The comparator as written in a vers (`=` is written explicitly here).
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Eq => "=",
            Comparator::Ne => "!=",
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
            Comparator::Any => "*",
        }
    }

    /// True when a version whose ordering against the bound is `ord` satisfies this comparator.
    pub fn accepts(self, ord: Ordering) -> bool {
        match self {
            Comparator::Eq => ord == Ordering::Equal,
            Comparator::Ne => ord != Ordering::Equal,
            Comparator::Lt => ord == Ordering::Less,
            Comparator::Le => ord != Ordering::Greater,
            Comparator::Gt => ord == Ordering::Greater,
            Comparator::Ge => ord != Ordering::Less,
            Comparator::Any => true,
        }
    }

    /// The order of comparators for constraints on equal versions (ASCII order of their
    /// signs, as `univers` sorts them).
    fn sort_key(self) -> u8 {
        match self {
            Comparator::Ne => 0,
            Comparator::Lt => 1,
            Comparator::Le => 2,
            Comparator::Eq => 3,
            Comparator::Gt => 4,
            Comparator::Ge => 5,
            Comparator::Any => 6,
        }
    }

    fn is_lower(self) -> bool {
        matches!(self, Comparator::Gt | Comparator::Ge)
    }

    fn is_upper(self) -> bool {
        matches!(self, Comparator::Lt | Comparator::Le)
    }
}

/// One constraint: a comparator and a version (decoded, without percent-encoding).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Constraint {
    /// The comparator.
    pub comparator: Comparator,
    /// The version, percent-decoded. Empty only for [`Comparator::Any`].
    pub version: String,
}

impl Constraint {
    /// A constraint `comparator version`.
    pub fn new(comparator: Comparator, version: impl Into<String>) -> Self {
        Constraint {
            comparator,
            version: version.into(),
        }
    }
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.comparator {
            Comparator::Any => f.write_str("*"),
            Comparator::Eq => write_encoded(f, &self.version),
            other => {
                f.write_str(other.as_str())?;
                write_encoded(f, &self.version)
            }
        }
    }
}

/// Characters that must be percent-encoded inside a vers version.
const MUST_ENCODE: &[u8] = b"><=!*|%";

fn write_encoded(f: &mut fmt::Formatter<'_>, version: &str) -> fmt::Result {
    for c in version.chars() {
        if c.is_ascii() && MUST_ENCODE.contains(&(c as u8)) {
            write!(f, "%{:02X}", c as u8)?;
        } else {
            write!(f, "{c}")?;
        }
    }
    Ok(())
}

/// Why a vers string was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VersError {
    /// The string breaks the vers grammar or a canonical-form rule.
    #[error("invalid vers `{input}`: {reason}")]
    Syntax {
        /// The vers as given.
        input: String,
        /// The rule broken, and where.
        reason: String,
    },
    /// The type names no scheme medcyber can order.
    #[error("invalid vers `{input}`: unknown versioning type `{type_name}`")]
    UnknownType {
        /// The vers as given.
        input: String,
        /// The type.
        type_name: String,
    },
    /// A version is not valid in the type's scheme.
    #[error("invalid vers `{input}`: {source}")]
    Version {
        /// The vers as given.
        input: String,
        /// The version error.
        source: VersionError,
    },
    /// The constraints do not form a valid range (an error the containment algorithm meets).
    #[error("invalid vers `{input}`: {reason}")]
    InvalidRange {
        /// The vers as given.
        input: String,
        /// Which constraints conflict.
        reason: String,
    },
}

/// A parsed vers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vers {
    type_name: String,
    scheme: Scheme,
    constraints: Vec<Constraint>,
}

/// The scheme that orders a vers `type`. Besides the scheme names and aliases of
/// [`Scheme::from_name`], vers types registered with `univers` that use SemVer-like versions
/// (`github`, `apache`, `mozilla`, `mattermost`, `hex`, `composer`) are ordered by the
/// [`generic`](crate::version::generic) scheme.
pub fn scheme_for_type(type_name: &str) -> Option<Scheme> {
    Scheme::from_name(type_name).ok().or(match type_name {
        "github" | "apache" | "mozilla" | "mattermost" | "hex" | "composer" => {
            Some(Scheme::Generic)
        }
        _ => None,
    })
}

impl Vers {
    /// A vers matching every version of `scheme` (`vers:<scheme>/*`).
    pub fn any(scheme: Scheme) -> Vers {
        Vers {
            type_name: scheme.name().to_owned(),
            scheme,
            constraints: vec![Constraint::new(Comparator::Any, "")],
        }
    }

    /// Builds a vers from constraints in any order: validates every version and sorts the
    /// constraints canonically.
    pub fn from_constraints(
        scheme: Scheme,
        constraints: Vec<Constraint>,
    ) -> Result<Vers, VersError> {
        let mut vers = Vers {
            type_name: scheme.name().to_owned(),
            scheme,
            constraints,
        };
        let input = vers.to_string();
        // A vers is printable ASCII without spaces; other characters cannot be carried.
        if let Some(c) = vers
            .constraints
            .iter()
            .flat_map(|c| c.version.chars())
            .find(|c| !c.is_ascii_graphic())
        {
            return Err(VersError::Syntax {
                input,
                reason: format!(
                    "the version character {c:?} cannot be written in a vers (printable ASCII only)"
                ),
            });
        }
        vers.check_versions(&input)?;
        vers.sort(&input)?;
        Ok(vers)
    }

    /// The type as written (lowercase).
    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// The scheme that orders this range's versions.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The constraints, in canonical order.
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    /// True for `vers:<type>/*`.
    pub fn is_any(&self) -> bool {
        self.constraints.len() == 1 && self.constraints[0].comparator == Comparator::Any
    }

    /// Parses a vers that must already be canonical (the spec's strict reading).
    pub fn parse(input: &str) -> Result<Vers, VersError> {
        let vers = Vers::parse_syntax(input, true)?;
        vers.check_sorted(input)?;
        vers.check_unique(input)?;
        vers.check_comparators(input)?;
        Ok(vers)
    }

    /// Parses a vers whose constraints may be in any order or repeated; they are sorted into
    /// canonical order. Every other rule of [`Vers::parse`] still applies.
    pub fn parse_lenient(input: &str) -> Result<Vers, VersError> {
        let mut vers = Vers::parse_syntax(input, false)?;
        vers.check_versions(input)?;
        vers.sort(input)?;
        Ok(vers)
    }

    fn parse_syntax(input: &str, strict: bool) -> Result<Vers, VersError> {
        let err = |reason: &str| VersError::Syntax {
            input: input.to_owned(),
            reason: reason.to_owned(),
        };
        if let Some(pos) = input.find(|c: char| c.is_ascii_whitespace() || c.is_whitespace()) {
            return Err(err(&format!(
                "non-canonical VERS: whitespace is not permitted (at byte {pos})"
            )));
        }
        if let Some((pos, c)) = input
            .char_indices()
            .find(|(_, c)| !c.is_ascii() || c.is_ascii_control())
        {
            return Err(err(&format!(
                "only printable ASCII is permitted; found {c:?} at byte {pos}"
            )));
        }
        let Some((scheme, rest)) = input.split_once(':') else {
            return Err(err("missing `vers:` scheme"));
        };
        if scheme != "vers" {
            if scheme.eq_ignore_ascii_case("vers") {
                return Err(err(
                    "non-canonical VERS: the scheme must be lowercase `vers`",
                ));
            }
            return Err(err(&format!(
                "the URI scheme must be `vers`, not `{scheme}`"
            )));
        }
        let Some((type_name, constraints)) = rest.split_once('/') else {
            return Err(err("missing `/` after the versioning type"));
        };
        if type_name.is_empty() {
            return Err(err("empty versioning type"));
        }
        if !type_name.starts_with(|c: char| c.is_ascii_alphabetic())
            || !type_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        {
            return Err(err(&format!(
                "invalid versioning type `{type_name}`: letters, digits, `.` and `-` only, starting with a letter"
            )));
        }
        if type_name.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(err(&format!(
                "non-canonical VERS: the versioning type `{type_name}` must be lowercase"
            )));
        }
        let scheme = scheme_for_type(type_name).ok_or_else(|| VersError::UnknownType {
            input: input.to_owned(),
            type_name: type_name.to_owned(),
        })?;
        if constraints.is_empty() {
            return Err(err("no constraints after `/`"));
        }
        if constraints.starts_with('|') {
            return Err(err("non-canonical VERS: leading pipe is not permitted"));
        }
        if constraints.ends_with('|') {
            return Err(err("non-canonical VERS: trailing pipe is not permitted"));
        }
        if constraints.contains("||") {
            return Err(err(
                "non-canonical VERS: consecutive pipes are not permitted",
            ));
        }
        let mut parsed = Vec::new();
        for raw in constraints.split('|') {
            parsed.push(parse_constraint(raw, scheme, strict).map_err(|r| err(&r))?);
        }
        if parsed.iter().any(|c| c.comparator == Comparator::Any) && parsed.len() > 1 {
            return Err(err("`*` must be the only constraint"));
        }
        Ok(Vers {
            type_name: type_name.to_owned(),
            scheme,
            constraints: parsed,
        })
    }

    /// Checks every version against the type's scheme. Parsing checks the vers syntax only;
    /// versions are checked here, and whenever they are compared (sorting, containment).
    pub fn validate_versions(&self) -> Result<(), VersError> {
        self.check_versions(&self.to_string())
    }

    fn check_versions(&self, input: &str) -> Result<(), VersError> {
        for c in &self.constraints {
            if c.comparator != Comparator::Any {
                self.scheme
                    .validate(&c.version)
                    .map_err(|source| VersError::Version {
                        input: input.to_owned(),
                        source,
                    })?;
            }
        }
        Ok(())
    }

    fn compare_constraints(
        &self,
        a: &Constraint,
        b: &Constraint,
    ) -> Result<Ordering, VersionError> {
        Ok(self
            .scheme
            .compare(&a.version, &b.version)?
            .then(a.comparator.sort_key().cmp(&b.comparator.sort_key())))
    }

    fn sort(&mut self, input: &str) -> Result<(), VersError> {
        if self.is_any() {
            return Ok(());
        }
        // Versions were validated, so comparisons cannot fail; keep the first error anyway.
        let mut failure = None;
        let mut constraints = std::mem::take(&mut self.constraints);
        crate::version::sort_tolerant(&mut constraints, |a, b| {
            self.compare_constraints(a, b).unwrap_or_else(|e| {
                failure.get_or_insert(e);
                Ordering::Equal
            })
        });
        self.constraints = constraints;
        match failure {
            Some(source) => Err(VersError::Version {
                input: input.to_owned(),
                source,
            }),
            None => Ok(()),
        }
    }

    fn version_error(input: &str) -> impl Fn(VersionError) -> VersError + '_ {
        move |source| VersError::Version {
            input: input.to_owned(),
            source,
        }
    }

    fn check_sorted(&self, input: &str) -> Result<(), VersError> {
        for pair in self.constraints.windows(2) {
            if self
                .scheme
                .compare(&pair[0].version, &pair[1].version)
                .map_err(Vers::version_error(input))?
                == Ordering::Greater
            {
                return Err(VersError::Syntax {
                    input: input.to_owned(),
                    reason: format!(
                        "non-canonical VERS: constraints are not sorted by version (`{}` before `{}`)",
                        pair[0], pair[1]
                    ),
                });
            }
        }
        Ok(())
    }

    fn check_unique(&self, input: &str) -> Result<(), VersError> {
        for pair in self.constraints.windows(2) {
            if self
                .scheme
                .compare(&pair[0].version, &pair[1].version)
                .map_err(Vers::version_error(input))?
                == Ordering::Equal
                && !self.is_any()
            {
                return Err(VersError::InvalidRange {
                    input: input.to_owned(),
                    reason: format!(
                        "version `{}` occurs more than once (`{}` and `{}`)",
                        pair[1].version, pair[0], pair[1]
                    ),
                });
            }
        }
        Ok(())
    }

    /// The spec's comparator rules over the sorted, de-duplicated constraints.
    fn check_comparators(&self, input: &str) -> Result<(), VersError> {
        let invalid = |reason: String| VersError::InvalidRange {
            input: input.to_owned(),
            reason,
        };
        let without_ne: Vec<&Constraint> = self
            .constraints
            .iter()
            .filter(|c| c.comparator != Comparator::Ne)
            .collect();
        for pair in without_ne.windows(2) {
            if pair[0].comparator == Comparator::Eq
                && !matches!(
                    pair[1].comparator,
                    Comparator::Eq | Comparator::Gt | Comparator::Ge
                )
            {
                return Err(invalid(format!(
                    "`{}` cannot be followed by `{}`: an equality must be followed by `=`, `>` or `>=`",
                    pair[0], pair[1]
                )));
            }
        }
        let bounds: Vec<&&Constraint> = without_ne
            .iter()
            .filter(|c| c.comparator != Comparator::Eq)
            .collect();
        for pair in bounds.windows(2) {
            let (cur, next) = (pair[0].comparator, pair[1].comparator);
            if (cur.is_upper() && !next.is_lower()) || (cur.is_lower() && !next.is_upper()) {
                return Err(invalid(format!(
                    "`{}` cannot be followed by `{}`: lower and upper bounds must alternate",
                    pair[0], pair[1]
                )));
            }
        }
        Ok(())
    }

    /// True when `version` is inside this range, by the vers-spec containment algorithm.
    ///
    /// Errors when `version` is invalid in the scheme, or when the constraints break the
    /// alternation rule at a point the algorithm has to read (as the reference does).
    pub fn contains(&self, version: &str) -> Result<bool, VersError> {
        let scheme = self.scheme;
        let verr = |source| VersError::Version {
            input: self.to_string(),
            source,
        };
        scheme.validate(version).map_err(verr)?;
        let cmp = |c: &Constraint| scheme.compare(version, &c.version).map_err(verr);
        let constraints = &self.constraints;
        if constraints.len() == 1 {
            let c = &constraints[0];
            if c.comparator == Comparator::Any {
                return Ok(true);
            }
            return Ok(c.comparator.accepts(cmp(c)?));
        }
        for c in constraints {
            if c.comparator == Comparator::Ne && cmp(c)? == Ordering::Equal {
                return Ok(false);
            }
        }
        for c in constraints {
            if matches!(
                c.comparator,
                Comparator::Eq | Comparator::Le | Comparator::Ge
            ) && cmp(c)? == Ordering::Equal
            {
                return Ok(true);
            }
        }
        let bounds: Vec<&Constraint> = constraints
            .iter()
            .filter(|c| !matches!(c.comparator, Comparator::Eq | Comparator::Ne))
            .collect();
        match bounds.as_slice() {
            [] => return Ok(false),
            [only] => return Ok(only.comparator.accepts(cmp(only)?)),
            _ => {}
        }
        for (i, pair) in bounds.windows(2).enumerate() {
            let (cur, next) = (pair[0], pair[1]);
            if i == 0 && cur.comparator.is_upper() && cmp(cur)? == Ordering::Less {
                return Ok(true);
            }
            if cur.comparator.is_lower() && next.comparator.is_upper() {
                if cmp(cur)? == Ordering::Greater && cmp(next)? == Ordering::Less {
                    return Ok(true);
                }
            } else if cur.comparator.is_upper() && next.comparator.is_lower() {
                // A gap between two intervals.
            } else {
                return Err(VersError::InvalidRange {
                    input: self.to_string(),
                    reason: format!(
                        "invalid constraint sequence `{cur}|{next}`: lower and upper bounds must alternate"
                    ),
                });
            }
        }
        let last = bounds[bounds.len() - 1];
        Ok(last.comparator.is_lower() && cmp(last)? == Ordering::Greater)
    }
}

/// Parses one constraint: comparator, then a percent-encoded version.
fn parse_constraint(raw: &str, scheme: Scheme, strict: bool) -> Result<Constraint, String> {
    if raw == "*" {
        return Ok(Constraint::new(Comparator::Any, ""));
    }
    if raw.starts_with('*') {
        return Err(format!("`*` must stand alone, found `{raw}`"));
    }
    let (comparator, version) = if let Some(v) = raw.strip_prefix(">=") {
        (Comparator::Ge, v)
    } else if let Some(v) = raw.strip_prefix("<=") {
        (Comparator::Le, v)
    } else if let Some(v) = raw.strip_prefix("!=") {
        (Comparator::Ne, v)
    } else if let Some(v) = raw.strip_prefix('<') {
        (Comparator::Lt, v)
    } else if let Some(v) = raw.strip_prefix('>') {
        (Comparator::Gt, v)
    } else if let Some(v) = raw.strip_prefix('=') {
        if strict {
            return Err(format!(
                "non-canonical VERS: `{raw}` must be written without `=` (an equality is a bare version)"
            ));
        }
        (Comparator::Eq, v)
    } else {
        (Comparator::Eq, raw)
    };
    if version.is_empty() {
        return Err(format!("constraint `{raw}` has no version"));
    }
    let version = decode_version(version, scheme)?;
    if scheme == Scheme::Datetime && version.contains(['t', 'z']) {
        return Err(format!(
            "non-canonical VERS: datetime must use uppercase T and Z (`{version}`)"
        ));
    }
    Ok(Constraint::new(comparator, version))
}

/// Decodes a version's percent-encoding, which must be canonical: `%` followed by two
/// uppercase hex digits, used only for characters that must be encoded.
fn decode_version(raw: &str, scheme: Scheme) -> Result<String, String> {
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = raw.get(i + 1..i + 3).unwrap_or("");
            let valid_hex = hex.len() == 2 && hex.bytes().all(|h| h.is_ascii_hexdigit());
            if !valid_hex {
                return Err(format!(
                    "non-canonical VERS: invalid percent-encoding in version `{raw}` at byte {i}"
                ));
            }
            let value = u8::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
            if hex.bytes().any(|h| h.is_ascii_lowercase()) {
                return Err(format!(
                    "non-canonical VERS: percent-encoding in version is not canonical (`%{hex}` must be uppercase) in `{raw}`"
                ));
            }
            if !MUST_ENCODE.contains(&value) {
                if scheme == Scheme::Datetime && value == b':' {
                    return Err(
                        "non-canonical VERS: datetime time colons must be unencoded".to_owned()
                    );
                }
                return Err(format!(
                    "non-canonical VERS: `%{hex}` encodes `{}`, which must not be percent-encoded",
                    value as char
                ));
            }
            out.push(value as char);
            i += 3;
        } else {
            if MUST_ENCODE.contains(&b) {
                return Err(format!(
                    "`{}` in version `{raw}` must be percent-encoded",
                    b as char
                ));
            }
            out.push(b as char);
            i += 1;
        }
    }
    Ok(out)
}

impl fmt::Display for Vers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "vers:{}/", self.type_name)?;
        for (i, c) in self.constraints.iter().enumerate() {
            if i > 0 {
                f.write_str("|")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Vers {
    type Err = VersError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Vers::parse(s)
    }
}
