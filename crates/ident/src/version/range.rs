//! Unions of comparator sets: the shape most native range syntaxes reduce to.
//!
//! npm (`>=1.2.0 <2.0.0 || 3.x`), Maven (`[1.0,2.0),[3.0,)`), RubyGems (`~> 2.2, != 2.2.1`),
//! NuGet, Conan and nginx ranges all mean "any of these alternatives, each a conjunction of
//! comparisons". [`ComparatorUnion`] holds that form for one [`Scheme`], tests containment with
//! the scheme's ordering, and converts to a vers with overlapping alternatives merged.

use std::cmp::Ordering;

use super::{NativeRange, RangeError, Scheme, VersionError};
use crate::vers::{Comparator, Constraint, Vers};

/// A comparison of a version against a bound.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    /// The comparison operator.
    pub op: Comparator,
    /// The bound version (valid in the range's scheme).
    pub version: String,
}

impl Bound {
    /// A bound `op version`.
    pub fn new(op: Comparator, version: impl Into<String>) -> Self {
        Bound {
            op,
            version: version.into(),
        }
    }

    /// True when `version` satisfies this single comparison.
    pub fn test(&self, scheme: Scheme, version: &str) -> Result<bool, VersionError> {
        let ord = scheme.compare(version, &self.version)?;
        Ok(self.op.accepts(ord))
    }
}

/// A range that is the union (OR) of conjunctions (AND) of comparisons, in one scheme.
///
/// An empty conjunction matches every version; a union with no alternative matches none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComparatorUnion {
    scheme: Scheme,
    source: String,
    alternatives: Vec<Vec<Bound>>,
}

impl ComparatorUnion {
    /// Builds a union from its alternatives. `source` is the native text, kept for messages.
    /// Every bound version must be valid in `scheme`.
    pub fn new(
        scheme: Scheme,
        source: &str,
        alternatives: Vec<Vec<Bound>>,
    ) -> Result<Self, RangeError> {
        for bound in alternatives.iter().flatten() {
            scheme.validate(&bound.version)?;
        }
        Ok(ComparatorUnion {
            scheme,
            source: source.to_owned(),
            alternatives,
        })
    }

    /// The alternatives (each a conjunction of bounds).
    pub fn alternatives(&self) -> &[Vec<Bound>] {
        &self.alternatives
    }

    /// The scheme whose ordering the bounds use.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    fn interval(&self, conjunction: &[Bound]) -> Result<Option<Interval>, VersionError> {
        let scheme = self.scheme;
        let mut interval = Interval::default();
        let mut exact: Option<&str> = None;
        for bound in conjunction {
            match bound.op {
                Comparator::Gt | Comparator::Ge => {
                    let inclusive = bound.op == Comparator::Ge;
                    let tighter = match &interval.low {
                        None => true,
                        Some((v, inc)) => match scheme.compare(&bound.version, v)? {
                            Ordering::Greater => true,
                            Ordering::Equal => *inc && !inclusive,
                            Ordering::Less => false,
                        },
                    };
                    if tighter {
                        interval.low = Some((bound.version.clone(), inclusive));
                    }
                }
                Comparator::Lt | Comparator::Le => {
                    let inclusive = bound.op == Comparator::Le;
                    let tighter = match &interval.high {
                        None => true,
                        Some((v, inc)) => match scheme.compare(&bound.version, v)? {
                            Ordering::Less => true,
                            Ordering::Equal => *inc && !inclusive,
                            Ordering::Greater => false,
                        },
                    };
                    if tighter {
                        interval.high = Some((bound.version.clone(), inclusive));
                    }
                }
                Comparator::Eq => {
                    if let Some(prev) = exact
                        && scheme.compare(prev, &bound.version)? != Ordering::Equal
                    {
                        return Ok(None);
                    }
                    exact = Some(&bound.version);
                }
                Comparator::Ne => interval.excluded.push(bound.version.clone()),
                Comparator::Any => {}
            }
        }
        if let Some(v) = exact {
            // An exact version inside the other bounds collapses the interval to that point.
            if !conjunction
                .iter()
                .all(|b| b.test(scheme, v).unwrap_or(false))
            {
                return Ok(None);
            }
            return Ok(Some(Interval {
                low: Some((v.to_owned(), true)),
                high: Some((v.to_owned(), true)),
                excluded: Vec::new(),
            }));
        }
        if interval.is_empty(scheme)? {
            return Ok(None);
        }
        Ok(Some(interval))
    }

    /// Converts to vers: each alternative becomes an interval, overlapping intervals merge,
    /// and the constraints are written in version order.
    pub fn to_vers(&self) -> Result<Vers, RangeError> {
        let scheme = self.scheme;
        let mut intervals = Vec::new();
        for conjunction in &self.alternatives {
            if let Some(interval) = self.interval(conjunction)? {
                intervals.push(interval);
            }
        }
        if intervals.is_empty() {
            return Err(RangeError::NotRepresentable {
                scheme: scheme.name(),
                range: self.source.clone(),
                reason: "the range matches no version and vers cannot express an empty range"
                    .to_owned(),
            });
        }
        // Sort by lower bound (unbounded first), then merge strictly overlapping neighbours.
        let mut error = None;
        super::sort_tolerant(&mut intervals, |a, b| {
            a.compare_low(b, scheme).unwrap_or_else(|e| {
                error.get_or_insert(e);
                Ordering::Equal
            })
        });
        if let Some(e) = error {
            return Err(e.into());
        }
        let mut merged: Vec<Interval> = Vec::new();
        for interval in intervals {
            if let Some(last) = merged.last_mut()
                && last.overlaps(&interval, scheme)?
            {
                last.absorb(interval, scheme)?;
                continue;
            }
            merged.push(interval);
        }
        if merged.len() == 1
            && merged[0].low.is_none()
            && merged[0].high.is_none()
            && merged[0].excluded.is_empty()
        {
            return Ok(Vers::any(scheme));
        }
        let mut constraints = Vec::new();
        for interval in &merged {
            match (&interval.low, &interval.high) {
                (Some((lo, true)), Some((hi, true)))
                    if scheme.compare(lo, hi)? == Ordering::Equal =>
                {
                    constraints.push(Constraint::new(Comparator::Eq, lo.clone()));
                }
                (low, high) => {
                    if let Some((v, inc)) = low {
                        let op = if *inc { Comparator::Ge } else { Comparator::Gt };
                        constraints.push(Constraint::new(op, v.clone()));
                    }
                    if let Some((v, inc)) = high {
                        let op = if *inc { Comparator::Le } else { Comparator::Lt };
                        constraints.push(Constraint::new(op, v.clone()));
                    }
                }
            }
            for ex in &interval.excluded {
                constraints.push(Constraint::new(Comparator::Ne, ex.clone()));
            }
        }
        Ok(Vers::from_constraints(scheme, constraints)?)
    }
}

#[derive(Clone, Debug, Default)]
struct Interval {
    low: Option<(String, bool)>,
    high: Option<(String, bool)>,
    excluded: Vec<String>,
}

impl Interval {
    fn is_empty(&self, scheme: Scheme) -> Result<bool, VersionError> {
        if let (Some((lo, lo_inc)), Some((hi, hi_inc))) = (&self.low, &self.high) {
            return Ok(match scheme.compare(lo, hi)? {
                Ordering::Greater => true,
                Ordering::Equal => !(*lo_inc && *hi_inc),
                Ordering::Less => false,
            });
        }
        Ok(false)
    }

    fn compare_low(&self, other: &Interval, scheme: Scheme) -> Result<Ordering, VersionError> {
        Ok(match (&self.low, &other.low) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some((a, ai)), Some((b, bi))) => scheme.compare(a, b)?.then(bi.cmp(ai)),
        })
    }

    /// True when `next` (whose lower bound is not below ours) shares at least one version with
    /// this interval. Intervals that only touch (`<1.5` and `>=1.5`) are kept apart, as the
    /// vers-spec conversions do.
    fn overlaps(&self, next: &Interval, scheme: Scheme) -> Result<bool, VersionError> {
        let Some((hi, hi_inc)) = &self.high else {
            return Ok(true);
        };
        let Some((lo, lo_inc)) = &next.low else {
            return Ok(true);
        };
        Ok(match scheme.compare(lo, hi)? {
            Ordering::Less => true,
            Ordering::Equal => *hi_inc && *lo_inc,
            Ordering::Greater => false,
        })
    }

    /// Widens this interval to cover `next`. An exclusion survives only when `next` does not
    /// cover the excluded version either.
    fn absorb(&mut self, next: Interval, scheme: Scheme) -> Result<(), VersionError> {
        let mut kept = Vec::new();
        for ex in self.excluded.drain(..) {
            if !next.contains(&ex, scheme)? {
                kept.push(ex);
            }
        }
        self.excluded = kept;
        self.high = match (&self.high, next.high) {
            (None, _) | (_, None) => None,
            (Some((a, ai)), Some((b, bi))) => match scheme.compare(a, &b)? {
                Ordering::Less => Some((b, bi)),
                Ordering::Greater => Some((a.clone(), *ai)),
                Ordering::Equal => Some((b, bi || *ai)),
            },
        };
        Ok(())
    }

    fn contains(&self, version: &str, scheme: Scheme) -> Result<bool, VersionError> {
        if let Some((lo, inc)) = &self.low {
            let ord = scheme.compare(version, lo)?;
            if ord == Ordering::Less || (ord == Ordering::Equal && !inc) {
                return Ok(false);
            }
        }
        if let Some((hi, inc)) = &self.high {
            let ord = scheme.compare(version, hi)?;
            if ord == Ordering::Greater || (ord == Ordering::Equal && !inc) {
                return Ok(false);
            }
        }
        for ex in &self.excluded {
            if scheme.compare(version, ex)? == Ordering::Equal {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

impl NativeRange for ComparatorUnion {
    fn contains(&self, version: &str) -> Result<bool, VersionError> {
        self.scheme.validate(version)?;
        for conjunction in &self.alternatives {
            let mut all = true;
            for bound in conjunction {
                if !bound.test(self.scheme, version)? {
                    all = false;
                    break;
                }
            }
            if all {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn to_vers(&self) -> Result<Vers, RangeError> {
        ComparatorUnion::to_vers(self)
    }
}
