//! NVD configurations evaluated as NVD means them.
//!
//! A configuration is a tree: an operator (AND/OR, possibly negated) over nodes, each an
//! operator over `cpeMatch` criteria. A criterion with `vulnerable: true` names the vulnerable
//! software and is matched against the component under test; a criterion with
//! `vulnerable: false` names the platform it must run on ("running with") and is matched
//! against every CPE the SBOM holds. Evaluation is three-valued: a platform the SBOM does not
//! describe at all, or a component CPE without a version, is *unknown*, not false — such a
//! finding is reported with low confidence and says why, instead of being silently dropped or
//! counted as certain.

use medcyber_ident::cpe::{CpeRange, RangeMatch, Value, VersionBounds, Wfn};
use medcyber_ident::version::Scheme;
use medcyber_model::Confidence;
use medcyber_model::advisory::{Configuration, CpeMatch, Operator};

/// A `cpeMatch` with its criterion parsed.
#[derive(Clone, Debug)]
pub struct ParsedMatch {
    /// The source criterion.
    pub source: CpeMatch,
    /// The criterion as a WFN (`None` when NVD's string does not parse: the criterion is then
    /// false).
    pub wfn: Option<Wfn>,
    /// Its `(vendor, product)`, when both are plain values.
    key: Option<(String, String)>,
}

/// A node with parsed criteria.
#[derive(Clone, Debug)]
pub struct ParsedNode {
    operator: Operator,
    negate: bool,
    matches: Vec<ParsedMatch>,
}

/// A configuration with parsed criteria.
#[derive(Clone, Debug)]
pub struct ParsedConfiguration {
    operator: Operator,
    negate: bool,
    nodes: Vec<ParsedNode>,
}

impl ParsedMatch {
    /// The criterion's `(vendor, product)`, when both are plain values.
    pub fn key(&self) -> Option<&(String, String)> {
        self.key.as_ref()
    }
}

impl ParsedConfiguration {
    /// Parses every criterion of a configuration once.
    pub fn new(c: &Configuration) -> ParsedConfiguration {
        ParsedConfiguration {
            operator: c.operator,
            negate: c.negate,
            nodes: c
                .nodes
                .iter()
                .map(|n| ParsedNode {
                    operator: n.operator,
                    negate: n.negate,
                    matches: n
                        .matches
                        .iter()
                        .map(|m| {
                            let wfn = Wfn::parse(&m.criteria).ok();
                            ParsedMatch {
                                key: wfn.as_ref().and_then(vendor_product),
                                source: m.clone(),
                                wfn,
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The vulnerable criteria (what a component must be to be affected).
    pub fn vulnerable(&self) -> impl Iterator<Item = &ParsedMatch> {
        self.nodes
            .iter()
            .flat_map(|n| &n.matches)
            .filter(|m| m.source.vulnerable)
    }
}

/// A CPE `(vendor, product)`.
pub type VendorProduct = (&'static str, &'static str);

/// CPE names that NVD, CISA's ADP and SBOM authors give the same software, as
/// `(vendor, product)` pairs with `*` for "any product of this vendor". Each pair was seen in
/// real records: NVD names FreeRTOS `amazon:freertos` (CVE-2018-16522 and others) where CISA's
/// ADP writes `freertos:freertos-kernel` (CVE-2024-28115); SBOM tools write the Apache and jQuery
/// foundations out in full where NVD writes `apache` and `jquery`.
pub const CPE_ALIASES: &[(VendorProduct, VendorProduct)] = &[
    (("amazon", "freertos"), ("freertos", "freertos-kernel")),
    (("amazon", "freertos"), ("freertos", "freertos")),
    (
        ("amazon", "freertos-plus-tcp"),
        ("freertos", "freertos-plus-tcp"),
    ),
    (("the_apache_software_foundation", "*"), ("apache", "*")),
    (("apache_software_foundation", "*"), ("apache", "*")),
    (("the_jquery_foundation", "jquery"), ("jquery", "jquery")),
];

/// A WFN value for a plain lower-case name (WFN-quoting what is not a letter, digit or `_`).
fn plain_value(name: &str) -> Value {
    let mut quoted = String::with_capacity(name.len());
    for c in name.chars() {
        if !(c.is_ascii_alphanumeric() || c == '_') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    Value::Str(quoted)
}

/// The other names of a component CPE ([`CPE_ALIASES`], both directions), each with the alias
/// that gave it.
pub fn aliases(wfn: &Wfn) -> Vec<(Wfn, String)> {
    let Some((vendor, product)) = vendor_product(wfn) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for ((v1, p1), (v2, p2)) in CPE_ALIASES {
        for ((fv, fp), (tv, tp)) in [((v1, p1), (v2, p2)), ((v2, p2), (v1, p1))] {
            if *fv != vendor || (*fp != "*" && *fp != product) {
                continue;
            }
            let to_product = if *tp == "*" { product.as_str() } else { tp };
            let mut w = wfn.clone();
            w.values[1] = plain_value(tv);
            w.values[2] = plain_value(to_product);
            out.push((w, format!("{vendor}:{product} = {tv}:{to_product}")));
        }
    }
    out
}

/// The `(vendor, product)` of a criterion in lower case without WFN quoting, or `None` when
/// either holds a wildcard or is ANY/NA (such a criterion cannot be looked up).
pub fn vendor_product(wfn: &Wfn) -> Option<(String, String)> {
    let plain = |v: &Value| match v {
        Value::Str(s) if !s.contains(['*', '?']) || s.contains("\\*") => {
            v.unquoted().map(|u| u.to_lowercase())
        }
        _ => None,
    };
    Some((plain(wfn.vendor())?, plain(wfn.product())?))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    fn negate(self, negate: bool) -> Truth {
        match (self, negate) {
            (Truth::True, true) => Truth::False,
            (Truth::False, true) => Truth::True,
            (t, _) => t,
        }
    }

    fn combine(op: Operator, items: impl Iterator<Item = Truth>) -> Truth {
        let mut any_unknown = false;
        let mut any_true = false;
        let mut any_false = false;
        let mut empty = true;
        for t in items {
            empty = false;
            match t {
                Truth::True => any_true = true,
                Truth::False => any_false = true,
                Truth::Unknown => any_unknown = true,
            }
        }
        if empty {
            return Truth::False;
        }
        match op {
            Operator::And if any_false => Truth::False,
            Operator::And if any_unknown => Truth::Unknown,
            Operator::And => Truth::True,
            Operator::Or if any_true => Truth::True,
            Operator::Or if any_unknown => Truth::Unknown,
            Operator::Or => Truth::False,
        }
    }
}

/// A component as the CPE matcher sees it.
pub struct Target<'a> {
    /// The component's CPEs (parsed).
    pub cpes: &'a [Wfn],
    /// How to compare its versions (its purl's scheme, or generic).
    pub scheme: Scheme,
}

/// Every CPE of an SBOM, for the platform ("running with") criteria, indexed by
/// `(vendor, product)` so a criterion looks at the few CPEs that can match it.
#[derive(Default)]
pub struct Platform {
    all: Vec<Wfn>,
    by_product: std::collections::HashMap<(String, String), Vec<usize>>,
}

impl Platform {
    /// Indexes the CPEs of every component of an SBOM.
    pub fn new(all: Vec<Wfn>) -> Platform {
        let mut by_product: std::collections::HashMap<(String, String), Vec<usize>> =
            std::collections::HashMap::new();
        for (i, w) in all.iter().enumerate() {
            if let Some(k) = vendor_product(w) {
                by_product.entry(k).or_default().push(i);
            }
        }
        Platform { all, by_product }
    }

    /// The CPEs that can match a criterion: those of its vendor and product, or all of them for
    /// a criterion with a wildcard vendor or product.
    fn candidates(&self, m: &ParsedMatch) -> Vec<&Wfn> {
        match &m.key {
            Some(k) => self
                .by_product
                .get(k)
                .map(|ix| ix.iter().filter_map(|&i| self.all.get(i)).collect())
                .unwrap_or_default(),
            None => self.all.iter().collect(),
        }
    }
}

/// A configuration that affects a component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpeHit {
    /// The component CPE that matched (formatted string).
    pub cpe: String,
    /// One line: which criterion and bounds, and any caveat.
    pub evidence: String,
    /// How sure.
    pub confidence: Confidence,
    /// The criterion's `versionEndExcluding`, when it has one (the first fixed version).
    pub fixed: Option<String>,
}

fn bounds(m: &CpeMatch) -> VersionBounds {
    VersionBounds {
        version_start_including: m.version_start_including.clone(),
        version_start_excluding: m.version_start_excluding.clone(),
        version_end_including: m.version_end_including.clone(),
        version_end_excluding: m.version_end_excluding.clone(),
    }
}

fn describe(m: &CpeMatch) -> String {
    let mut s = m.criteria.clone();
    let b = [
        ("versionStartIncluding", &m.version_start_including),
        ("versionStartExcluding", &m.version_start_excluding),
        ("versionEndIncluding", &m.version_end_including),
        ("versionEndExcluding", &m.version_end_excluding),
    ];
    let parts: Vec<String> = b
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
        .collect();
    if !parts.is_empty() {
        s.push_str(&format!(" ({})", parts.join(", ")));
    }
    s
}

/// What one vulnerable criterion said about the component.
struct Seen {
    cpe: String,
    criterion: String,
    confidence: Confidence,
    caveat: Option<&'static str>,
    fixed: Option<String>,
}

fn match_one(
    m: &ParsedMatch,
    cpes: &[&Wfn],
    scheme: Scheme,
    seen: &mut Option<Seen>,
    record: bool,
) -> Truth {
    let Some(wfn) = &m.wfn else {
        return Truth::False;
    };
    let range = CpeRange {
        criteria: wfn.clone(),
        bounds: bounds(&m.source),
        scheme,
    };
    let mut result = Truth::False;
    for cpe in cpes.iter().copied() {
        let outcome = range.matches(cpe);
        let (truth, confidence, caveat) = match outcome {
            Ok(RangeMatch::Match) => {
                let every_version = *wfn.version() == Value::Any && range.bounds.is_empty();
                if every_version {
                    (
                        Truth::True,
                        Confidence::Low,
                        Some("the criterion covers every version"),
                    )
                } else if scheme == Scheme::Generic && !range.bounds.is_empty() {
                    (
                        Truth::True,
                        Confidence::Medium,
                        Some("versions compared with the generic ordering"),
                    )
                } else {
                    (Truth::True, Confidence::High, None)
                }
            }
            Ok(RangeMatch::VersionUnknown) => (
                Truth::Unknown,
                Confidence::Low,
                Some("the component's CPE has no version"),
            ),
            Ok(RangeMatch::NoMatch) => continue,
            Err(_) => (
                Truth::Unknown,
                Confidence::Low,
                Some("the version could not be compared"),
            ),
        };
        if record
            && truth != Truth::False
            && seen.as_ref().is_none_or(|s| s.confidence < confidence)
        {
            *seen = Some(Seen {
                cpe: cpe.to_fs(),
                criterion: describe(&m.source),
                confidence,
                caveat,
                fixed: m.source.version_end_excluding.clone(),
            });
        }
        if truth == Truth::True {
            return Truth::True;
        }
        result = Truth::Unknown;
    }
    // A platform the SBOM does not describe at all is unknown; one it describes in another
    // version is false.
    if !m.source.vulnerable && result == Truth::False && cpes.is_empty() {
        return Truth::Unknown;
    }
    result
}

/// Evaluates a configuration for a component. `None` when it does not affect the component.
pub fn evaluate(
    config: &ParsedConfiguration,
    target: &Target<'_>,
    platform: &Platform,
) -> Option<CpeHit> {
    let own: Vec<&Wfn> = target.cpes.iter().collect();
    let mut seen = None;
    let mut platform_unknown = false;
    let truth = Truth::combine(
        config.operator,
        config.nodes.iter().map(|node| {
            Truth::combine(
                node.operator,
                node.matches.iter().map(|m| {
                    if m.source.vulnerable {
                        match_one(m, &own, target.scheme, &mut seen, true)
                    } else {
                        let t = match_one(
                            m,
                            &platform.candidates(m),
                            Scheme::Generic,
                            &mut None,
                            false,
                        );
                        if t == Truth::Unknown {
                            platform_unknown = true;
                        }
                        t
                    }
                }),
            )
            .negate(node.negate)
        }),
    )
    .negate(config.negate);
    let seen = seen?;
    let mut caveats: Vec<&str> = seen.caveat.into_iter().collect();
    let confidence = match truth {
        Truth::False => return None,
        Truth::True => seen.confidence,
        Truth::Unknown => {
            if platform_unknown {
                caveats.push("the platform it must run on is not in the SBOM");
            }
            Confidence::Low
        }
    };
    let mut evidence = format!("{} matches {}", seen.cpe, seen.criterion);
    for c in caveats {
        evidence.push_str("; ");
        evidence.push_str(c);
    }
    Some(CpeHit {
        cpe: seen.cpe,
        evidence,
        confidence,
        fixed: seen.fixed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use medcyber_model::advisory::ConfigNode;

    fn cm(vulnerable: bool, criteria: &str, end_excl: Option<&str>) -> CpeMatch {
        CpeMatch {
            vulnerable,
            criteria: criteria.into(),
            version_end_excluding: end_excl.map(Into::into),
            ..CpeMatch::default()
        }
    }

    fn wfn(s: &str) -> Wfn {
        Wfn::parse(s).expect("cpe")
    }

    fn eval(config: &Configuration, component: &str, sbom: &[&str]) -> Option<CpeHit> {
        let cpes = [wfn(component)];
        let all: Vec<Wfn> = sbom.iter().map(|s| wfn(s)).collect();
        evaluate(
            &ParsedConfiguration::new(config),
            &Target {
                cpes: &cpes,
                scheme: Scheme::Generic,
            },
            &Platform::new(all),
        )
    }

    fn simple(criteria: &str, end: Option<&str>) -> Configuration {
        Configuration {
            operator: Operator::Or,
            negate: false,
            nodes: vec![ConfigNode {
                operator: Operator::Or,
                negate: false,
                matches: vec![cm(true, criteria, end)],
            }],
        }
    }

    #[test]
    fn bounded_range() {
        let c = simple("cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*", Some("1.36.0"));
        let hit = eval(&c, "cpe:2.3:a:busybox:busybox:1.35.0:*:*:*:*:*:*:*", &[]).expect("hit");
        assert_eq!(hit.confidence, Confidence::Medium);
        assert_eq!(hit.fixed.as_deref(), Some("1.36.0"));
        assert!(
            hit.evidence.contains("versionEndExcluding 1.36.0"),
            "{}",
            hit.evidence
        );
        assert!(eval(&c, "cpe:2.3:a:busybox:busybox:1.36.0:*:*:*:*:*:*:*", &[]).is_none());
        assert!(eval(&c, "cpe:2.3:a:other:busybox:1.0:*:*:*:*:*:*:*", &[]).is_none());
        let versionless = eval(&c, "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*", &[]).expect("hit");
        assert_eq!(versionless.confidence, Confidence::Low);
    }

    #[test]
    fn exact_version_and_every_version() {
        let c = simple("cpe:2.3:o:freertos:freertos:10.4.1:*:*:*:*:*:*:*", None);
        let hit = eval(&c, "cpe:2.3:o:freertos:freertos:10.4.1:*:*:*:*:*:*:*", &[]).expect("hit");
        assert_eq!(hit.confidence, Confidence::High);
        assert!(eval(&c, "cpe:2.3:o:freertos:freertos:10.4.2:*:*:*:*:*:*:*", &[]).is_none());
        let every = simple("cpe:2.3:a:acme:pump:*:*:*:*:*:*:*:*", None);
        let hit = eval(&every, "cpe:2.3:a:acme:pump:3.0:*:*:*:*:*:*:*", &[]).expect("hit");
        assert_eq!(hit.confidence, Confidence::Low);
    }

    #[test]
    fn running_on_platform() {
        let c = Configuration {
            operator: Operator::And,
            negate: false,
            nodes: vec![
                ConfigNode {
                    operator: Operator::Or,
                    negate: false,
                    matches: vec![cm(
                        true,
                        "cpe:2.3:o:acme:firmware:*:*:*:*:*:*:*:*",
                        Some("2.0"),
                    )],
                },
                ConfigNode {
                    operator: Operator::Or,
                    negate: false,
                    matches: vec![cm(false, "cpe:2.3:h:acme:pump_x:-:*:*:*:*:*:*:*", None)],
                },
            ],
        };
        let fw = "cpe:2.3:o:acme:firmware:1.0:*:*:*:*:*:*:*";
        // The platform is in the SBOM: a certain match.
        let hit = eval(&c, fw, &[fw, "cpe:2.3:h:acme:pump_x:-:*:*:*:*:*:*:*"]).expect("hit");
        assert_eq!(hit.confidence, Confidence::Medium);
        // Another hardware of the same product line: not affected.
        assert!(eval(&c, fw, &[fw, "cpe:2.3:h:acme:pump_x:2:*:*:*:*:*:*:*"]).is_none());
        // No hardware described: possible, low confidence, and it says why.
        let hit = eval(&c, fw, &[fw]).expect("hit");
        assert_eq!(hit.confidence, Confidence::Low);
        assert!(hit.evidence.contains("platform"), "{}", hit.evidence);
    }
}
