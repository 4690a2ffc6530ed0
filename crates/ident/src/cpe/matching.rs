//! Name matching (NIST IR 7696 §6 and §7), following the specification's pseudocode.

use std::fmt;

use super::{Value, Wfn};

/// The relation of one source attribute value to one target attribute value (7696 Table 6-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The source denotes a proper superset of the target (`*` vs `foo`, `fo*` vs `foo`).
    Superset,
    /// The source denotes a proper subset of the target (`foo` vs `*`).
    Subset,
    /// The values are equal (case-insensitively).
    Equal,
    /// The values share nothing.
    Disjoint,
    /// Not defined: the target holds a wildcard.
    Undefined,
}

impl Relation {
    /// The name the specification gives the relation: `SUPERSET`, `SUBSET`, `EQUAL`,
    /// `DISJOINT`, `UNDEFINED`.
    pub fn name(self) -> &'static str {
        match self {
            Relation::Superset => "SUPERSET",
            Relation::Subset => "SUBSET",
            Relation::Equal => "EQUAL",
            Relation::Disjoint => "DISJOINT",
            Relation::Undefined => "UNDEFINED",
        }
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `compare(source, target)` for one attribute (7696 §6.1).
pub fn compare_values(source: &Value, target: &Value) -> Relation {
    match (source, target) {
        (_, Value::Str(t)) if has_wildcards(t) => Relation::Undefined,
        (Value::Any, Value::Any) | (Value::Na, Value::Na) => Relation::Equal,
        (Value::Str(s), Value::Str(t)) if s.eq_ignore_ascii_case(t) => Relation::Equal,
        (Value::Any, _) => Relation::Superset,
        (_, Value::Any) => Relation::Subset,
        (Value::Na, _) | (_, Value::Na) => Relation::Disjoint,
        (Value::Str(s), Value::Str(t)) => {
            compare_strings(&s.to_ascii_lowercase(), &t.to_ascii_lowercase())
        }
    }
}

/// The attribute relations of two names, in attribute order (7696 §6.1, `compare_wfns`).
pub fn compare_wfns(source: &Wfn, target: &Wfn) -> [Relation; 11] {
    std::array::from_fn(|i| compare_values(&source.values[i], &target.values[i]))
}

/// The name relations of 7696 §7: the four `CPE_*` functions applied to one source and target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relations {
    /// `CPE_DISJOINT`: some attribute is DISJOINT.
    pub disjoint: bool,
    /// `CPE_EQUAL`: every attribute is EQUAL.
    pub equal: bool,
    /// `CPE_SUBSET`: every attribute is SUBSET or EQUAL.
    pub subset: bool,
    /// `CPE_SUPERSET`: every attribute is SUPERSET or EQUAL.
    pub superset: bool,
}

impl Relations {
    /// Compares two names.
    pub fn of(source: &Wfn, target: &Wfn) -> Relations {
        Relations::from_attributes(&compare_wfns(source, target))
    }

    /// The name relations implied by attribute relations.
    pub fn from_attributes(relations: &[Relation; 11]) -> Relations {
        let all = |f: fn(Relation) -> bool| relations.iter().all(|r| f(*r));
        Relations {
            disjoint: relations.contains(&Relation::Disjoint),
            equal: all(|r| r == Relation::Equal),
            subset: all(|r| matches!(r, Relation::Subset | Relation::Equal)),
            superset: all(|r| matches!(r, Relation::Superset | Relation::Equal)),
        }
    }

    /// One overall relation: EQUAL, else SUPERSET, else SUBSET, else DISJOINT; `UNDEFINED`
    /// when none of the four holds (the names overlap without one containing the other, e.g.
    /// `a:vendor:*:1.0` against `a:vendor:product:*`, or the target carries a wildcard).
    pub fn relation(&self) -> Relation {
        if self.equal {
            Relation::Equal
        } else if self.superset {
            Relation::Superset
        } else if self.subset {
            Relation::Subset
        } else if self.disjoint {
            Relation::Disjoint
        } else {
            Relation::Undefined
        }
    }
}

/// True when a WFN string holds an unquoted `*` or `?`.
pub(crate) fn has_wildcards(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'*' | b'?' => return true,
            _ => i += 1,
        }
    }
    false
}

/// A WFN string as logical characters: `\x` (a quoted character) is one token, distinct from
/// an unquoted `x`.
fn tokens(s: &str) -> Vec<u16> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            out.push(0x100 | u16::from(b[i + 1]));
            i += 2;
        } else {
            out.push(u16::from(b[i]));
            i += 1;
        }
    }
    out
}

const STAR: u16 = b'*' as u16;
const QUESTION: u16 = b'?' as u16;

/// `compare_strings(source, target)` (7696 §6.1.1): the source may hold wildcards at its
/// ends, the target holds none; both are lower case.
///
/// The specification's pseudocode counts characters and subtracts escape characters to find
/// how many target characters lie before and after a match, and it miscounts when the matched
/// part itself holds quoted characters (`8\.0` against `8\.0\\a` would come out SUPERSET).
/// Working on logical characters gives what the pseudocode intends: a leading `*` or trailing
/// `*` absorbs any number of characters, `n` leading or trailing `?` up to `n` characters.
fn compare_strings(source: &str, target: &str) -> Relation {
    let src = tokens(source);
    let tgt = tokens(target);
    let mut start = 0;
    let mut end = src.len();
    // None is the specification's -1: any number of characters.
    let mut begins: Option<usize> = Some(0);
    let mut ends: Option<usize> = Some(0);
    if src.first() == Some(&STAR) {
        start = 1;
        begins = None;
    } else {
        while start < src.len() && src[start] == QUESTION {
            start += 1;
            begins = begins.map(|b| b + 1);
        }
    }
    if end > start && src[end - 1] == STAR {
        end -= 1;
        ends = None;
    } else {
        while end > start && src[end - 1] == QUESTION {
            end -= 1;
            ends = ends.map(|e| e + 1);
        }
    }
    let body = &src[start..end];
    if body.len() > tgt.len() {
        return Relation::Disjoint;
    }
    for index in 0..=tgt.len() - body.len() {
        if begins.is_some_and(|b| index > b) {
            break;
        }
        if tgt[index..index + body.len()] != *body {
            continue;
        }
        let leftover = tgt.len() - index - body.len();
        if ends.is_some_and(|e| leftover > e) {
            continue;
        }
        return Relation::Superset;
    }
    Relation::Disjoint
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Wfn {
        Wfn::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    fn rel(source: &str, target: &str) -> Relations {
        Relations::of(&w(source), &w(target))
    }

    /// NIST IR 7696 Table 6-4 (attribute comparison examples).
    #[test]
    fn attribute_table() {
        let s = |x: &str| Value::Str(x.to_owned());
        let cases = [
            (Value::Any, s("foo"), Relation::Superset),
            (Value::Any, Value::Any, Relation::Equal),
            (Value::Any, Value::Na, Relation::Superset),
            (Value::Na, Value::Any, Relation::Subset),
            (Value::Na, Value::Na, Relation::Equal),
            (Value::Na, s("foo"), Relation::Disjoint),
            (s("foo"), Value::Na, Relation::Disjoint),
            (s("foo"), Value::Any, Relation::Subset),
            (s("foo"), s("Foo"), Relation::Equal),
            (s("foo"), s("bar"), Relation::Disjoint),
            (s("fo*"), s("foo"), Relation::Superset),
            (s("*oo"), s("foo"), Relation::Superset),
            (s("f?o"), s("foo"), Relation::Disjoint),
            (s("?oo"), s("foo"), Relation::Superset),
            (s("??o"), s("foo"), Relation::Superset),
            (s("???"), s("foo"), Relation::Superset),
            (s("????"), s("foo"), Relation::Superset),
            (s("??"), s("foo"), Relation::Disjoint),
            (s("foo"), s("fo*"), Relation::Undefined),
            (s(r"foo\*"), s(r"foo\*"), Relation::Equal),
            (s(r"8\.*"), s(r"8\.0\.6001"), Relation::Superset),
            (s(r"8\.*"), s(r"9\.0"), Relation::Disjoint),
            // Quoted characters inside the match are one character each.
            (s(r"8\.0\.6001"), s(r"8\.0\.6001\\a"), Relation::Disjoint),
            (s(r"8\.0\.6001??"), s(r"8\.0\.6001\\a"), Relation::Superset),
            (s(r"8\.0\.6001?"), s(r"8\.0\.6001\!\!"), Relation::Disjoint),
            (s(r"?\!a"), s(r"\!\!a"), Relation::Superset),
        ];
        for (source, target, expected) in cases {
            assert_eq!(
                compare_values(&source, &target),
                expected,
                "{source:?} vs {target:?}"
            );
        }
    }

    /// NIST IR 7696 §7 examples.
    #[test]
    fn name_relations() {
        let r = rel(
            "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
            "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*",
        );
        // The target holds wildcards: version and update are UNDEFINED.
        assert!(!r.disjoint && !r.equal && !r.subset && !r.superset);
        assert_eq!(r.relation(), Relation::Undefined);

        let r = rel(
            "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*",
            "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:sp1:*:*:*:*:*:*",
        );
        assert!(r.superset && !r.subset && !r.equal && !r.disjoint);

        let r = rel(
            "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:sp1:*:*:*:*:*:*",
            "cpe:2.3:a:microsoft:internet_explorer:*:*:*:*:*:*:*:*",
        );
        assert_eq!(r.relation(), Relation::Subset);

        let r = rel(
            "cpe:2.3:a:Microsoft:Internet_Explorer:8.0:*:*:*:*:*:*:*",
            "cpe:/a:microsoft:internet_explorer:8.0",
        );
        assert!(r.equal && r.subset && r.superset);

        let r = rel(
            "cpe:2.3:a:microsoft:ie:8.0:*:*:*:*:*:*:*",
            "cpe:2.3:a:microsoft:ie:9.0:*:*:*:*:*:*:*",
        );
        assert_eq!(r.relation(), Relation::Disjoint);

        // Overlap without containment.
        let r = rel(
            "cpe:2.3:a:vendor:*:1.0:*:*:*:*:*:*:*",
            "cpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*",
        );
        assert_eq!(r.relation(), Relation::Undefined);
    }

    #[test]
    fn quoted_wildcards_are_literal() {
        assert!(!has_wildcards(r"foo\*"));
        assert!(has_wildcards(r"foo\\*"));
        assert_eq!(
            compare_values(
                &Value::Str(r"foo\\*".into()),
                &Value::Str(r"foo\\bar".into())
            ),
            Relation::Superset
        );
    }
}
