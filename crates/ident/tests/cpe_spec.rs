//! CPE 2.3 conformance: the CSAF 2.1 CPE test names (`test/cpe/data/{valid,invalid}/cpe.txt`)
//! and every CPE name in the real advisory data under `MEDCYBER_TEST_DATA` (NVD 2.0 records,
//! an NVD 1.1 feed, CVE 5 records with CISA's ADP CPEs, Bitnami OSV records): each parses,
//! round-trips through both bindings, and equals itself under 7696 matching.

use std::collections::BTreeSet;

use medcyber_ident::cpe::{Relation, Relations, Wfn, compare_values};
use serde_json::Value;

fn lines(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn csaf_cpe_test_names() {
    let Some(dir) = medcyber_testdata::dir("oasis-csaf") else {
        return;
    };
    let data = dir.join("csaf_2.1/test/cpe/data");
    let valid = lines(&data.join("valid/cpe.txt"));
    let invalid = lines(&data.join("invalid/cpe.txt"));
    assert!(valid.len() >= 10 && invalid.len() >= 9);
    for name in &valid {
        let wfn = Wfn::parse(name).unwrap_or_else(|e| panic!("valid name rejected: {e}"));
        assert_eq!(Wfn::parse(&wfn.to_fs()).as_ref(), Ok(&wfn), "{name}");
    }
    for name in &invalid {
        assert!(Wfn::parse(name).is_err(), "invalid name accepted: {name}");
    }
}

fn collect(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::String(s) if s.starts_with("cpe:2.3:") || s.starts_with("cpe:/") => {
            out.insert(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect(v, out)),
        _ => {}
    }
}

/// Names in the data that break the CPE 2.3 grammar, each checked by hand: unquoted colons
/// inside a value (a Perl module name written `soap::lite`).
const KNOWN_INVALID: &[&str] = &["cpe:2.3:a:soap::lite_project:soap::lite:*:*:*:*:*:perl:*:*"];

#[test]
fn every_cpe_in_the_advisory_data() {
    let mut names = BTreeSet::new();
    let mut roots = 0;
    for name in [
        "grype-nvd-fixtures",
        "osv-dev-vulnfeeds",
        "cisa-vulnrichment",
        "bitnami-vulndb",
    ] {
        let Some(dir) = medcyber_testdata::dir(name) else {
            continue;
        };
        roots += 1;
        for file in medcyber_testdata::files(&dir, ".json") {
            collect(&medcyber_testdata::read_json(&file), &mut names);
        }
    }
    if roots == 0 {
        return;
    }
    assert!(names.len() > 3000, "only {} CPE names found", names.len());
    let mut rejected = Vec::new();
    for name in &names {
        let wfn = match Wfn::parse(name) {
            Ok(w) => w,
            Err(e) => {
                rejected.push(name.clone());
                assert!(KNOWN_INVALID.contains(&name.as_str()), "{e}");
                continue;
            }
        };
        let fs = wfn.to_fs();
        assert_eq!(
            Wfn::parse(&fs).as_ref(),
            Ok(&wfn),
            "FS round trip of {name} via {fs}"
        );
        let uri = wfn.to_uri();
        assert_eq!(
            Wfn::parse(&uri).as_ref(),
            Ok(&wfn),
            "URI round trip of {name} via {uri}"
        );
        let display = wfn.to_string();
        assert_eq!(
            Wfn::parse(&display).as_ref(),
            Ok(&wfn),
            "WFN round trip of {name} via {display}"
        );
        if name.starts_with("cpe:2.3:") {
            // Binding writes `\.`, `\-`, `\_` unquoted and lower case; otherwise the FS is unchanged.
            assert_eq!(fs, name.to_ascii_lowercase(), "{name}");
        }
        let r = Relations::of(&wfn, &wfn);
        // A value holding a wildcard is UNDEFINED against itself (7696 leaves it so).
        let has_wildcards = wfn
            .values
            .iter()
            .any(|v| compare_values(v, v) == Relation::Undefined);
        if !has_wildcards {
            assert!(r.equal && r.subset && r.superset && !r.disjoint, "{name}");
        }
    }
    assert_eq!(rejected.len(), KNOWN_INVALID.len(), "{rejected:?}");
}
