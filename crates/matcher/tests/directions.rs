//! The forward and reverse directions agree: matching each SBOM against an index gives the same
//! findings as the reverse match of that index over a portfolio of those SBOMs.

use medcyber_matcher::{Index, Portfolio};
use medcyber_model::advisory::{
    Affected, ConfigNode, Configuration, CpeMatch, Event, Operator, OsvRange, RangeKind,
};
use medcyber_model::{Advisory, Component, Sbom};

fn osv(id: &str, eco: &str, name: &str, introduced: &str, fixed: &str) -> Advisory {
    Advisory {
        id: id.into(),
        affected: vec![Affected::Package {
            ecosystem: eco.into(),
            name: name.into(),
            purl: None,
            ranges: vec![OsvRange {
                kind: RangeKind::Ecosystem,
                repo: None,
                events: vec![
                    Event::Introduced(introduced.into()),
                    Event::Fixed(fixed.into()),
                ],
            }],
            versions: vec![],
        }],
        ..Advisory::default()
    }
}

fn nvd(id: &str, criteria: &str, end: &str) -> Advisory {
    Advisory {
        id: id.into(),
        affected: vec![Affected::Configurations {
            configurations: vec![Configuration {
                operator: Operator::Or,
                negate: false,
                nodes: vec![ConfigNode {
                    operator: Operator::Or,
                    negate: false,
                    matches: vec![CpeMatch {
                        vulnerable: true,
                        criteria: criteria.into(),
                        version_end_excluding: Some(end.into()),
                        ..CpeMatch::default()
                    }],
                }],
            }],
        }],
        ..Advisory::default()
    }
}

fn component(r: &str, purl: Option<&str>, cpe: Option<&str>) -> Component {
    Component {
        bom_ref: r.into(),
        name: r.into(),
        purl: purl.map(Into::into),
        cpe: cpe.map(Into::into),
        ..Component::default()
    }
}

fn sbom(components: Vec<Component>) -> Sbom {
    Sbom {
        components,
        ..Sbom::default()
    }
}

#[test]
fn forward_equals_reverse() {
    let mut index = Index::new();
    index.insert(osv("PYSEC-1", "PyPI", "Django", "3.0", "3.2.5"));
    index.insert(osv("GHSA-1", "npm", "lodash", "0", "4.17.21"));
    index.insert(nvd(
        "CVE-1",
        "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*",
        "1.36.0",
    ));
    let mut withdrawn = osv("GHSA-2", "npm", "lodash", "0", "99");
    withdrawn.withdrawn = Some("2024-01-01T00:00:00Z".into());
    index.insert(withdrawn);
    let sboms = vec![
        sbom(vec![
            component("django", Some("pkg:pypi/django@3.2.0"), None),
            component("lodash", Some("pkg:npm/lodash@4.17.20"), None),
            component(
                "bb",
                None,
                Some("cpe:2.3:a:busybox:busybox:1.35.0:*:*:*:*:*:*:*"),
            ),
        ]),
        sbom(vec![
            component("django-fixed", Some("pkg:pypi/Django@3.2.5"), None),
            component("lodash-fixed", Some("pkg:npm/lodash@4.17.21"), None),
        ]),
        sbom(vec![component(
            "django-2",
            Some("pkg:pypi/django@3.1"),
            None,
        )]),
    ];
    let mut portfolio = Portfolio::new();
    for s in &sboms {
        portfolio.insert(s.clone());
    }
    let reverse = index.reverse(&portfolio);
    let ids = |m: &medcyber_matcher::Matches, s: &Sbom| {
        let mut v: Vec<(String, String)> = m
            .matches
            .iter()
            .map(|m| {
                (
                    s.components[m.component].bom_ref.clone(),
                    index.advisory(m.advisory).expect("advisory").id.clone(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let forward: Vec<Vec<(String, String)>> =
        sboms.iter().map(|s| ids(&index.match_sbom(s), s)).collect();
    assert_eq!(
        forward[0],
        [
            ("bb".to_owned(), "CVE-1".to_owned()),
            ("django".to_owned(), "PYSEC-1".to_owned()),
            ("lodash".to_owned(), "GHSA-1".to_owned()),
        ]
    );
    assert!(forward[1].is_empty());
    assert_eq!(forward[2], [("django-2".to_owned(), "PYSEC-1".to_owned())]);
    let mut from_reverse = vec![Vec::new(); sboms.len()];
    for (s, m) in &reverse {
        from_reverse[*s] = ids(m, &sboms[*s]);
    }
    assert_eq!(from_reverse, forward);
}
