//! OSV `affected` evaluation exactly as the OSV schema's "Evaluation" section defines it:
//! a version is affected when it is listed in `versions`, or when, in a range it is below one
//! of the `limit` events of (an implicit `*` limit when there is none), walking the events
//! sorted by version leaves it vulnerable (`introduced` ≤ v turns it on; `fixed` ≤ v and
//! `last_affected` < v turn it off). SEMVER ranges use SemVer 2.0 (a leading `v` ignored, as Go
//! writes it); ECOSYSTEM ranges the ecosystem's own ordering; GIT ranges are not evaluated.

use std::cmp::Ordering;

use medcyber_ident::version::Scheme;
use medcyber_model::advisory::{Event, OsvRange, RangeKind};

/// Why an entry affects a version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// One line: the listed version, or the range with its events.
    pub evidence: String,
    /// The `fixed` versions of the range that matched that are above the version (the
    /// upgrades that leave it).
    pub fixed: Vec<String>,
}

/// The outcome of evaluating one OSV `affected` entry against a version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Affected, and why.
    Affected(Hit),
    /// Not affected by any range or listed version.
    NotAffected,
    /// The version or an event could not be read in the entry's ordering, so the entry could not
    /// be decided; the reason says which.
    Undecided(String),
}

fn strip_v(scheme: Scheme, version: &str) -> &str {
    if scheme == Scheme::Semver {
        version.strip_prefix('v').unwrap_or(version)
    } else {
        version
    }
}

fn cmp(scheme: Scheme, a: &str, b: &str) -> Result<Ordering, String> {
    scheme
        .compare(strip_v(scheme, a), strip_v(scheme, b))
        .map_err(|e| e.to_string())
}

fn event_version(e: &Event) -> &str {
    match e {
        Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
    }
}

fn describe(range: &OsvRange) -> String {
    let events: Vec<String> = range
        .events
        .iter()
        .map(|e| match e {
            Event::Introduced(v) => format!("introduced {v}"),
            Event::Fixed(v) => format!("fixed {v}"),
            Event::LastAffected(v) => format!("last_affected {v}"),
            Event::Limit(v) => format!("limit {v}"),
        })
        .collect();
    let kind = match range.kind {
        RangeKind::Semver => "SEMVER",
        RangeKind::Ecosystem => "ECOSYSTEM",
        RangeKind::Git => "GIT",
    };
    format!("{kind} range [{}]", events.join(", "))
}

/// Evaluates one range: `Ok(true)` when `version` is inside it.
fn in_range(scheme: Scheme, range: &OsvRange, version: &str) -> Result<bool, String> {
    // BeforeLimits: below at least one limit, or no limit at all (an implicit `*`).
    let mut limits = range.events.iter().filter_map(|e| match e {
        Event::Limit(l) => Some(l.as_str()),
        _ => None,
    });
    if let Some(first) = limits.next() {
        let mut below = false;
        for limit in std::iter::once(first).chain(limits) {
            if limit == "*" || cmp(scheme, version, limit)? == Ordering::Less {
                below = true;
                break;
            }
        }
        if !below {
            return Ok(false);
        }
    }
    // Sort the events by version; `introduced: 0` is below everything.
    let mut keyed: Vec<&Event> = range
        .events
        .iter()
        .filter(|e| !matches!(e, Event::Limit(_)))
        .collect();
    for e in &keyed {
        let v = event_version(e);
        if !(matches!(e, Event::Introduced(_)) && v == "0") {
            scheme
                .validate(strip_v(scheme, v))
                .map_err(|err| format!("event `{v}`: {err}"))?;
        }
    }
    let mut failure = None;
    keyed.sort_by(|a, b| {
        let (va, vb) = (event_version(a), event_version(b));
        let zero_a = matches!(a, Event::Introduced(_)) && va == "0";
        let zero_b = matches!(b, Event::Introduced(_)) && vb == "0";
        match (zero_a, zero_b) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => cmp(scheme, va, vb).unwrap_or_else(|e| {
                failure = Some(e);
                Ordering::Equal
            }),
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    let mut vulnerable = false;
    for e in keyed {
        match e {
            Event::Introduced(v) => {
                if v == "0" || cmp(scheme, version, v)? != Ordering::Less {
                    vulnerable = true;
                }
            }
            Event::Fixed(v) => {
                if cmp(scheme, version, v)? != Ordering::Less {
                    vulnerable = false;
                }
            }
            Event::LastAffected(v) => {
                if cmp(scheme, version, v)? == Ordering::Greater {
                    vulnerable = false;
                }
            }
            Event::Limit(_) => {}
        }
    }
    Ok(vulnerable)
}

/// Evaluates an OSV `affected` entry (its ranges and listed versions) against `version`, with
/// `ecosystem_scheme` ordering ECOSYSTEM ranges and the `versions` list.
pub fn evaluate(
    ecosystem_scheme: Scheme,
    ranges: &[OsvRange],
    versions: &[String],
    version: &str,
) -> Outcome {
    let mut undecided = None;
    // PEP 440 versions are case-insensitive, and a PyPI purl carries its version folded to
    // lower case; legacy (non-PEP 440) strings in `versions` still have to meet it.
    let case_insensitive = ecosystem_scheme == Scheme::Pypi;
    if let Some(listed) = versions.iter().find(|v| {
        *v == version
            || (case_insensitive && v.eq_ignore_ascii_case(version))
            || ecosystem_scheme
                .compare(v, version)
                .is_ok_and(|o| o == Ordering::Equal)
    }) {
        return Outcome::Affected(Hit {
            evidence: format!("version {listed} is listed as affected"),
            fixed: fixed_above(ecosystem_scheme, ranges, version),
        });
    }
    for range in ranges {
        let scheme = match range.kind {
            RangeKind::Git => continue,
            RangeKind::Semver => Scheme::Semver,
            RangeKind::Ecosystem => ecosystem_scheme,
        };
        if let Err(e) = scheme.validate(strip_v(scheme, version)) {
            undecided.get_or_insert(format!(
                "version `{version}` is not a {} version: {e}",
                scheme.name()
            ));
            continue;
        }
        match in_range(scheme, range, version) {
            Ok(true) => {
                let fixed = range
                    .events
                    .iter()
                    .filter_map(|e| match e {
                        Event::Fixed(f) => Some(f),
                        _ => None,
                    })
                    .filter(|f| cmp(scheme, f, version).is_ok_and(|o| o == Ordering::Greater))
                    .cloned()
                    .collect();
                return Outcome::Affected(Hit {
                    evidence: format!("{version} is inside {}", describe(range)),
                    fixed,
                });
            }
            Ok(false) => {}
            Err(e) => {
                undecided.get_or_insert(format!("{}: {e}", describe(range)));
            }
        }
    }
    match undecided {
        Some(reason) => Outcome::Undecided(reason),
        None => Outcome::NotAffected,
    }
}

fn fixed_above(scheme: Scheme, ranges: &[OsvRange], version: &str) -> Vec<String> {
    let mut fixed: Vec<String> = ranges
        .iter()
        .filter(|r| r.kind != RangeKind::Git)
        .flat_map(|r| &r.events)
        .filter_map(|e| match e {
            Event::Fixed(f) => Some(f),
            _ => None,
        })
        .filter(|f| cmp(scheme, f, version).is_ok_and(|o| o == Ordering::Greater))
        .cloned()
        .collect();
    fixed.sort();
    fixed.dedup();
    fixed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(kind: RangeKind, events: Vec<Event>) -> OsvRange {
        OsvRange {
            kind,
            repo: None,
            events,
        }
    }

    fn affected(scheme: Scheme, r: &OsvRange, v: &str) -> bool {
        matches!(
            evaluate(scheme, std::slice::from_ref(r), &[], v),
            Outcome::Affected(_)
        )
    }

    #[test]
    fn introduced_fixed() {
        let r = range(
            RangeKind::Ecosystem,
            vec![Event::Introduced("0".into()), Event::Fixed("1.6.0".into())],
        );
        assert!(affected(Scheme::Golang, &r, "v1.5.9"));
        assert!(!affected(Scheme::Golang, &r, "v1.6.0"));
        let Outcome::Affected(hit) = evaluate(Scheme::Golang, &[r], &[], "v1.5.0") else {
            panic!("affected")
        };
        assert_eq!(hit.fixed, ["1.6.0"]);
        assert_eq!(
            hit.evidence,
            "v1.5.0 is inside ECOSYSTEM range [introduced 0, fixed 1.6.0]"
        );
    }

    #[test]
    fn events_are_sorted_before_walking() {
        // Two introduced/fixed pairs given out of order: 1.0–1.2 and 2.0–2.3.
        let r = range(
            RangeKind::Ecosystem,
            vec![
                Event::Introduced("2.0".into()),
                Event::Fixed("1.2".into()),
                Event::Fixed("2.3".into()),
                Event::Introduced("1.0".into()),
            ],
        );
        for (v, want) in [
            ("0.9", false),
            ("1.0", true),
            ("1.1.5", true),
            ("1.2", false),
            ("1.9", false),
            ("2.0", true),
            ("2.2.9", true),
            ("2.3", false),
        ] {
            assert_eq!(affected(Scheme::Pypi, &r, v), want, "{v}");
        }
    }

    #[test]
    fn last_affected_and_limit() {
        let r = range(
            RangeKind::Semver,
            vec![
                Event::Introduced("1.0.0".into()),
                Event::LastAffected("1.4.2".into()),
            ],
        );
        assert!(affected(Scheme::Npm, &r, "1.4.2"));
        assert!(affected(Scheme::Npm, &r, "v1.4.2"));
        assert!(!affected(Scheme::Npm, &r, "1.4.3"));
        let limited = range(
            RangeKind::Ecosystem,
            vec![Event::Introduced("0".into()), Event::Limit("2.0".into())],
        );
        assert!(affected(Scheme::Maven, &limited, "1.9"));
        assert!(!affected(Scheme::Maven, &limited, "2.0"));
        let star = range(
            RangeKind::Ecosystem,
            vec![Event::Introduced("1.0".into()), Event::Limit("*".into())],
        );
        assert!(affected(Scheme::Maven, &star, "99"));
    }

    #[test]
    fn pre_releases_are_inside_ranges() {
        let r = range(
            RangeKind::Ecosystem,
            vec![Event::Introduced("0".into()), Event::Fixed("2.0.0".into())],
        );
        assert!(affected(Scheme::Pypi, &r, "2.0.0rc1"));
        assert!(affected(Scheme::Npm, &r, "2.0.0-rc.1"));
    }

    #[test]
    fn versions_list_and_undecided() {
        let versions = vec!["1.0".to_owned(), "1.1".to_owned()];
        assert!(matches!(
            evaluate(Scheme::Maven, &[], &versions, "1.0.0"),
            Outcome::Affected(_)
        ));
        assert_eq!(
            evaluate(Scheme::Maven, &[], &versions, "1.2"),
            Outcome::NotAffected
        );
        let legacy = vec!["2013-09-11T19-27-10".to_owned()];
        assert!(matches!(
            evaluate(Scheme::Pypi, &[], &legacy, "2013-09-11t19-27-10"),
            Outcome::Affected(_)
        ));
        let r = range(
            RangeKind::Ecosystem,
            vec![Event::Introduced("0".into()), Event::Fixed("2.0".into())],
        );
        assert!(matches!(
            evaluate(Scheme::Pypi, &[r], &[], "not a version"),
            Outcome::Undecided(_)
        ));
        let git = range(RangeKind::Git, vec![Event::Introduced("0".into())]);
        assert_eq!(
            evaluate(Scheme::Pypi, &[git], &[], "1.0"),
            Outcome::NotAffected
        );
    }
}
