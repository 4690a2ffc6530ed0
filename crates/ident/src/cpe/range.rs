//! The version ranges of NVD configurations: a `cpeMatch` criterion (a CPE name, usually with
//! version `*`) bounded by `versionStartIncluding`, `versionStartExcluding`,
//! `versionEndIncluding` and `versionEndExcluding`.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::matching::{Relation, compare_values, has_wildcards};
use super::{Value, Wfn};
use crate::version::{Scheme, VersionError};

/// The version bounds of an NVD `cpeMatch`, named as NVD names them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionBounds {
    /// `versionStartIncluding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_start_including: Option<String>,
    /// `versionStartExcluding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_start_excluding: Option<String>,
    /// `versionEndIncluding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_end_including: Option<String>,
    /// `versionEndExcluding`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_end_excluding: Option<String>,
}

impl VersionBounds {
    /// True when no bound is set (the criterion's own version attribute decides).
    pub fn is_empty(&self) -> bool {
        self.version_start_including.is_none()
            && self.version_start_excluding.is_none()
            && self.version_end_including.is_none()
            && self.version_end_excluding.is_none()
    }

    /// Whether `version` lies within the bounds, compared by `scheme`.
    pub fn contains(&self, scheme: Scheme, version: &str) -> Result<bool, VersionError> {
        let cmp = |bound: &Option<String>| {
            bound
                .as_deref()
                .map(|b| scheme.compare(version, b))
                .transpose()
        };
        if let Some(o) = cmp(&self.version_start_including)?
            && o == Ordering::Less
        {
            return Ok(false);
        }
        if let Some(o) = cmp(&self.version_start_excluding)?
            && o != Ordering::Greater
        {
            return Ok(false);
        }
        if let Some(o) = cmp(&self.version_end_including)?
            && o == Ordering::Greater
        {
            return Ok(false);
        }
        if let Some(o) = cmp(&self.version_end_excluding)?
            && o != Ordering::Less
        {
            return Ok(false);
        }
        Ok(true)
    }
}

/// The outcome of matching a component's CPE against a [`CpeRange`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeMatch {
    /// The component is inside the criterion and its version inside the bounds.
    Match,
    /// The component is outside: another product, or a version outside the bounds.
    NoMatch,
    /// The component names the product but gives no version (`*`) to decide with; a matcher
    /// reports this as a possible finding, never as a certain one.
    VersionUnknown,
}

/// An NVD `cpeMatch` criterion with its version bounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpeRange {
    /// The criterion (`criteria` in NVD CVE API 2.0, `cpe23Uri` in the 1.1 feeds).
    pub criteria: Wfn,
    /// The version bounds.
    pub bounds: VersionBounds,
    /// How versions are compared (NVD gives no scheme: [`Scheme::Generic`] unless the
    /// component's ecosystem is known).
    pub scheme: Scheme,
}

impl CpeRange {
    /// A criterion with bounds, compared with the generic scheme.
    pub fn new(criteria: Wfn, bounds: VersionBounds) -> CpeRange {
        CpeRange {
            criteria,
            bounds,
            scheme: Scheme::Generic,
        }
    }

    /// Matches a component's CPE (the target; it should hold no wildcards).
    ///
    /// Every attribute other than the version must be matched by the criterion (7696 SUPERSET
    /// or EQUAL). With no bounds, the version attribute is matched the same way; with bounds,
    /// the criterion's version must be ANY or equal to the component's, and the component's
    /// version, with its WFN quoting removed, is compared with the bounds. A component version
    /// of ANY gives [`RangeMatch::VersionUnknown`]; NA, a wildcard, or a version the scheme
    /// cannot read gives [`RangeMatch::NoMatch`] or an error respectively.
    pub fn matches(&self, target: &Wfn) -> Result<RangeMatch, VersionError> {
        for i in (0..11).filter(|i| *i != 3) {
            match compare_values(&self.criteria.values[i], &target.values[i]) {
                Relation::Superset | Relation::Equal => {}
                _ => return Ok(RangeMatch::NoMatch),
            }
        }
        let source_version = &self.criteria.values[3];
        let target_version = &target.values[3];
        // The component gives no version, but the criterion needs one.
        if *target_version == Value::Any
            && (*source_version != Value::Any || !self.bounds.is_empty())
        {
            return Ok(RangeMatch::VersionUnknown);
        }
        match compare_values(source_version, target_version) {
            Relation::Superset | Relation::Equal => {}
            _ => return Ok(RangeMatch::NoMatch),
        }
        if self.bounds.is_empty() {
            return Ok(RangeMatch::Match);
        }
        let Value::Str(quoted) = target_version else {
            return Ok(RangeMatch::NoMatch);
        };
        if has_wildcards(quoted) {
            return Ok(RangeMatch::NoMatch);
        }
        let version = target_version.unquoted().unwrap_or_default();
        Ok(if self.bounds.contains(self.scheme, &version)? {
            RangeMatch::Match
        } else {
            RangeMatch::NoMatch
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Wfn {
        Wfn::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    fn range(criteria: &str, bounds: VersionBounds) -> CpeRange {
        CpeRange::new(w(criteria), bounds)
    }

    #[test]
    fn nvd_bounds() {
        let r = range(
            "cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*",
            VersionBounds {
                version_start_including: Some("8.5".into()),
                version_end_excluding: Some("9.8".into()),
                ..Default::default()
            },
        );
        let m = |t: &str| r.matches(&w(t)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            m("cpe:2.3:a:openbsd:openssh:8.5:*:*:*:*:*:*:*"),
            RangeMatch::Match
        );
        assert_eq!(
            m("cpe:2.3:a:openbsd:openssh:9.7:p1:*:*:*:*:*:*"),
            RangeMatch::Match
        );
        assert_eq!(
            m("cpe:2.3:a:openbsd:openssh:9.8:*:*:*:*:*:*:*"),
            RangeMatch::NoMatch
        );
        assert_eq!(
            m("cpe:2.3:a:openbsd:openssh:8.4:*:*:*:*:*:*:*"),
            RangeMatch::NoMatch
        );
        assert_eq!(
            m("cpe:2.3:a:OpenBSD:OpenSSH:9.0:*:*:*:*:*:*:*"),
            RangeMatch::Match
        );
        assert_eq!(
            m("cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*"),
            RangeMatch::VersionUnknown
        );
        assert_eq!(
            m("cpe:2.3:a:openbsd:openssh:-:*:*:*:*:*:*:*"),
            RangeMatch::NoMatch
        );
        assert_eq!(
            m("cpe:2.3:a:other:openssh:9.0:*:*:*:*:*:*:*"),
            RangeMatch::NoMatch
        );
        assert_eq!(
            m("cpe:2.3:o:openbsd:openssh:9.0:*:*:*:*:*:*:*"),
            RangeMatch::NoMatch
        );
    }

    #[test]
    fn excluding_and_including_ends() {
        let r = range(
            "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*",
            VersionBounds {
                version_start_excluding: Some("5.10".into()),
                version_end_including: Some("5.15.2".into()),
                ..Default::default()
            },
        );
        let m = |v: &str| {
            r.matches(&w(&format!(
                "cpe:2.3:o:linux:linux_kernel:{v}:*:*:*:*:*:*:*"
            )))
            .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(m("5.10"), RangeMatch::NoMatch);
        assert_eq!(m("5.10.1"), RangeMatch::Match);
        assert_eq!(m("5.15.2"), RangeMatch::Match);
        assert_eq!(m("5.15.10"), RangeMatch::NoMatch);
    }

    #[test]
    fn criterion_without_bounds() {
        let r = range(
            "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*",
            VersionBounds::default(),
        );
        assert_eq!(
            r.matches(&w("cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*")),
            Ok(RangeMatch::Match)
        );
        assert_eq!(
            r.matches(&w("cpe:2.3:a:busybox:busybox:1.36.0:*:*:*:*:*:*:*")),
            Ok(RangeMatch::NoMatch)
        );
        assert_eq!(
            r.matches(&w("cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*")),
            Ok(RangeMatch::VersionUnknown)
        );
        // A criterion's target_hw narrows the match.
        let r = range(
            "cpe:2.3:o:vendor:firmware:2.0:*:*:*:*:*:x64:*",
            VersionBounds::default(),
        );
        assert_eq!(
            r.matches(&w("cpe:2.3:o:vendor:firmware:2.0:*:*:*:*:*:arm:*")),
            Ok(RangeMatch::NoMatch)
        );
    }
}
