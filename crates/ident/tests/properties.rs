//! Property tests: every scheme's ordering is a total order, and identifiers round-trip through
//! their canonical forms.

use std::cmp::Ordering;

use medcyber_ident::cpe::{Relation, Relations, Value as CpeValue, Wfn, compare_values};
use medcyber_ident::purl::Purl;
use medcyber_ident::vers::Vers;
use medcyber_ident::version::Scheme;
use proptest::prelude::*;

/// Version-like strings: digits, letters, separators and the special characters that orderings
/// treat specially (`~`, `^`, `+`, `-`, `_`, `:`), biased towards realistic shapes.
fn version_like() -> impl Strategy<Value = String> {
    prop_oneof![
        // Realistic dotted versions with optional pre-release/build/revision.
        (
            0u32..20,
            0u32..20,
            0u32..20,
            prop::option::of("(alpha|beta|rc|pre|dev|a|b|post|p|sp|SNAPSHOT|M)[0-9]{0,2}"),
            prop::option::of("[0-9]{1,2}"),
            prop::sample::select(vec!["", "-", ".", "_", "~", "^", "+"]),
        )
            .prop_map(|(a, b, c, pre, rev, sep)| {
                let mut s = format!("{a}.{b}.{c}");
                if let Some(pre) = pre {
                    s.push_str(sep);
                    s.push_str(&pre);
                }
                if let Some(rev) = rev {
                    s.push('-');
                    s.push_str(&rev);
                }
                s
            }),
        "[0-9]{1,3}(\\.[0-9]{1,3}){0,4}",
        "v?[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{1,2}(-[0-9A-Za-z]{1,4}(\\.[0-9A-Za-z]{1,3}){0,2})?(\\+[0-9a-z]{1,3})?",
        "[0-9]{1,2}:[0-9]{1,2}\\.[0-9a-z~+^]{1,6}(-[0-9a-z.~+^]{1,4})?",
        "[0-9a-zA-Z._~^+:-]{1,12}",
    ]
}

fn cmp(scheme: Scheme, a: &str, b: &str) -> Option<Ordering> {
    scheme.compare(a, b).ok()
}

/// Schemes whose reference ordering is a total order on every valid input. Conan's is not
/// when numeric and alphabetic items mix (`2` < `10` < `1:0` < `2`, as in Conan itself); it is
/// checked on its own below, on numeric items.
fn total_schemes() -> impl Iterator<Item = Scheme> {
    Scheme::ALL.into_iter().filter(|s| *s != Scheme::Conan)
}

proptest! {
    // 400 cases per property by default; PROPTEST_CASES raises it for a deeper run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400)
    ))]

    /// Reflexive and antisymmetric, for every scheme, on every pair both sides accept.
    #[test]
    fn orderings_are_antisymmetric(a in version_like(), b in version_like()) {
        for scheme in Scheme::ALL {
            if scheme.validate(&a).is_err() || scheme.validate(&b).is_err() {
                continue;
            }
            prop_assert_eq!(cmp(scheme, &a, &a), Some(Ordering::Equal), "{} {} reflexive", scheme, a);
            let ab = cmp(scheme, &a, &b);
            let ba = cmp(scheme, &b, &a);
            prop_assert!(ab.is_some() && ba.is_some(), "{} compare failed on valid {} {}", scheme, a, b);
            prop_assert_eq!(ab.map(Ordering::reverse), ba, "{} {} {} antisymmetric", scheme, a, b);
        }
    }

    /// Transitive (for both `<=` and `==`), for every scheme.
    #[test]
    fn orderings_are_transitive(a in version_like(), b in version_like(), c in version_like()) {
        for scheme in total_schemes() {
            if [&a, &b, &c].iter().any(|v| scheme.validate(v).is_err()) {
                continue;
            }
            let mut v = [a.as_str(), b.as_str(), c.as_str()];
            v.sort_by(|x, y| scheme.compare(x, y).unwrap_or(Ordering::Equal));
            let [x, y, z] = v;
            let xy = cmp(scheme, x, y);
            let yz = cmp(scheme, y, z);
            let xz = cmp(scheme, x, z);
            prop_assert!(xy != Some(Ordering::Greater) && yz != Some(Ordering::Greater));
            prop_assert!(xz != Some(Ordering::Greater), "{}: {} <= {} <= {} but {} > {}", scheme, x, y, z, x, z);
            if xy == Some(Ordering::Equal) && yz == Some(Ordering::Equal) {
                prop_assert_eq!(xz, Some(Ordering::Equal), "{}: equality not transitive {} {} {}", scheme, x, y, z);
            }
        }
    }

    /// Conan's ordering is a total order on numeric items with pre-releases and builds.
    #[test]
    fn conan_is_total_on_numeric_items(
        v in prop::collection::vec("[0-9]{1,3}(\\.[0-9]{1,3}){0,3}(-(alpha|beta|rc)(\\.[0-9]{1,2})?)?(\\+b[0-9])?", 3)
    ) {
        let mut sorted = v.clone();
        sorted.sort_by(|x, y| Scheme::Conan.compare(x, y).unwrap_or(Ordering::Equal));
        let [x, y, z] = [&sorted[0], &sorted[1], &sorted[2]];
        let c = |a: &str, b: &str| Scheme::Conan.compare(a, b).ok();
        prop_assert_eq!(c(x, y).map(Ordering::reverse), c(y, x));
        prop_assert!(c(x, z) != Some(Ordering::Greater), "{} {} {}", x, y, z);
    }

    /// A canonical purl parses back to the same purl, and printing is idempotent.
    #[test]
    fn purl_round_trips(
        ty in prop::sample::select(vec!["npm", "maven", "pypi", "deb", "generic", "golang", "nuget", "github", "custom-type"]),
        namespace in prop::option::of("[a-zA-Z0-9@._ -]{1,8}(/[a-zA-Z0-9._~%-]{1,8}){0,2}"),
        name in "[a-zA-Z0-9._~ %@?#&=+!:-]{1,12}",
        version in prop::option::of("[a-zA-Z0-9._~ %@?#&=+!:/-]{1,10}"),
        qualifiers in prop::collection::btree_map("[a-z][a-z0-9._-]{0,6}", "[a-zA-Z0-9 ,/:%@?&=-]{0,8}", 0..3),
        subpath in prop::option::of("[a-zA-Z0-9._ -]{1,6}(/[a-zA-Z0-9._ -]{1,6}){0,2}"),
    ) {
        let components = medcyber_ident::purl::Components {
            ty,
            namespace: namespace.as_deref(),
            name: &name,
            version: version.as_deref(),
            qualifiers: qualifiers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
            subpath: subpath.as_deref(),
        };
        if let Ok(purl) = Purl::build(&components) {
            let text = purl.to_string();
            let again = Purl::parse(&text);
            prop_assert_eq!(again.as_ref(), Ok(&purl), "{}", text);
            prop_assert_eq!(again.map(|p| p.to_string()), Ok(text));
        }
    }

    /// Any string that parses as a purl prints a canonical form that is a fixed point.
    #[test]
    fn purl_canonical_is_a_fixed_point(input in "pkg:[a-zA-Z/]{1,8}/[a-zA-Z0-9%@/._~-]{1,16}(@[a-z0-9.%-]{1,6})?(\\?[a-zA-Z_]{1,4}=[a-z%/]{0,4})?(#[a-z./%]{0,8})?") {
        if let Ok(purl) = Purl::parse_lenient(&input) {
            let text = purl.to_string();
            let again = Purl::parse(&text).map_err(|e| e.to_string());
            prop_assert_eq!(again.as_ref().map(|p| p.to_string()), Ok(text.clone()), "{} -> {}", input, text);
        }
    }

    /// A vers built from any constraints prints a canonical string that strict parsing
    /// accepts back unchanged (when the constraints form a valid range).
    #[test]
    fn vers_round_trips(versions in prop::collection::vec((0u32..5, 0u32..5, 0u32..5), 1..6)) {
        let mut versions: Vec<String> = versions.into_iter().map(|(a, b, c)| format!("{a}.{b}.{c}")).collect();
        versions.sort_by(|a, b| Scheme::Npm.compare(a, b).unwrap_or(Ordering::Equal));
        versions.dedup();
        // Alternate >= and < to build a valid range.
        let body: Vec<String> = versions
            .iter()
            .enumerate()
            .map(|(i, v)| if i % 2 == 0 { format!(">={v}") } else { format!("<{v}") })
            .collect();
        let text = format!("vers:npm/{}", body.join("|"));
        let vers = Vers::parse(&text);
        prop_assert!(vers.is_ok(), "{}: {:?}", text, vers);
        let vers = vers.map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(vers.to_string(), text.clone());
        prop_assert_eq!(Vers::parse(&vers.to_string()), Ok(vers.clone()));
        // Containment agrees with the interval reading of the constraints.
        for probe in ["0.0.0", "1.1.1", "2.3.4", "4.4.4", "9.9.9"] {
            // Inside [lo, hi) intervals when the probe passed more lower than upper bounds.
            let lows = versions.iter().step_by(2).filter(|v| Scheme::Npm.compare(probe, v).map(|o| o != Ordering::Less).unwrap_or(false)).count();
            let highs = versions.iter().skip(1).step_by(2).filter(|v| Scheme::Npm.compare(probe, v).map(|o| o != Ordering::Less).unwrap_or(false)).count();
            prop_assert_eq!(vers.contains(probe).ok(), Some(lows > highs), "{} contains {}", text, probe);
        }
    }

    /// Any valid WFN binds to a formatted string and a URI that both unbind to the same WFN,
    /// and a name without wildcards is EQUAL to itself.
    #[test]
    fn cpe_bindings_round_trip(
        values in prop::collection::vec(cpe_value(), 9),
        part in "[aho*-]",
        language in prop::sample::select(vec!["*", "-", "en", "ja-jp", "EN-us", "zh-419", "en_us", "english", "e"]),
    ) {
        let fs = format!(
            "cpe:2.3:{part}:{}:{language}:{}",
            values[..5].join(":"),
            values[5..].join(":")
        );
        let valid_language = !matches!(language, "en_us" | "english" | "e");
        let parsed = Wfn::parse(&fs);
        prop_assert_eq!(parsed.is_ok(), valid_language, "{}: {:?}", fs, parsed);
        let Ok(wfn) = parsed else {
            return Ok(());
        };
        prop_assert_eq!(Wfn::parse(&wfn.to_fs()), Ok(wfn.clone()), "{}", fs);
        prop_assert_eq!(Wfn::parse(&wfn.to_uri()), Ok(wfn.clone()), "{} -> {}", fs, wfn.to_uri());
        prop_assert_eq!(Wfn::parse(&wfn.to_string()), Ok(wfn.clone()), "{}", fs);
        let wild = wfn.values.iter().any(|v| compare_values(v, v) == Relation::Undefined);
        if !wild {
            let r = Relations::of(&wfn, &wfn);
            prop_assert!(r.equal && r.superset && r.subset && !r.disjoint);
        }
    }

    /// Without wildcards, attribute comparison is a set relation: SUPERSET one way is SUBSET
    /// the other, EQUAL and DISJOINT are symmetric.
    #[test]
    fn cpe_relations_are_consistent(a in cpe_plain_value(), b in cpe_plain_value()) {
        let (ab, ba) = (compare_values(&a, &b), compare_values(&b, &a));
        let expected = match ab {
            Relation::Superset => Relation::Subset,
            Relation::Subset => Relation::Superset,
            other => other,
        };
        prop_assert_eq!(ba, expected, "{:?} vs {:?}", a, b);
    }
}

/// One FS attribute value: ANY, NA, or a string with quoted punctuation and wildcards at its ends.
fn cpe_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_owned()),
        Just("-".to_owned()),
        "(\\*|\\?{1,2})?[a-zA-Z0-9._-]{1,6}((\\\\[!#$%&()+,/:;<=>@~*?\\\\])[a-z0-9]{1,3})?(\\*|\\?{1,2})?",
    ]
}

/// A WFN value without wildcards.
fn cpe_plain_value() -> impl Strategy<Value = CpeValue> {
    prop_oneof![
        Just(CpeValue::Any),
        Just(CpeValue::Na),
        "[a-c]{1,2}(\\\\[!.])?".prop_map(CpeValue::Str),
    ]
}
