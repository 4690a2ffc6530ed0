//! Reads the real advisory databases in the shared data: every record of go-vulndb, the PyPA
//! advisory database (YAML), RustSec (OSV), Bitnami; the KEV catalog in JSON and CSV; the
//! osv-linter's deliberately broken records; the CVE 5 records of CISA vulnrichment; NVD 2.0 records.

use std::collections::BTreeMap;
use std::path::Path;

use medcyber_feeds::{FeedError, Origin, Record, Stats, kev, osv};
use medcyber_model::Advisory;
use medcyber_model::advisory::{Affected, Event};

/// Every advisory and every broken record a reader reports for `path`.
fn read_all(
    reader: fn(&Path, &mut medcyber_feeds::Sink<'_>) -> Result<Stats, FeedError>,
    path: &Path,
) -> (Vec<Advisory>, Vec<FeedError>, Stats) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let stats = reader(
        path,
        &mut |r: Result<(Record, Origin), FeedError>| match r {
            Ok((Record::Advisory(a), _)) => good.push(*a),
            Ok(_) => {}
            Err(e) => bad.push(e),
        },
    )
    .expect("readable input");
    (good, bad, stats)
}

fn read_osv(path: &Path) -> (Vec<Advisory>, Vec<FeedError>, Stats) {
    read_all(osv::read, path)
}

#[test]
fn go_vulndb() {
    let Some(dir) = medcyber_testdata::dir("go-vulndb") else {
        return;
    };
    let (good, bad, stats) = read_osv(&dir.join("data/osv"));
    assert!(bad.is_empty(), "{:?}", &bad[..bad.len().min(5)]);
    assert_eq!(stats.records, 4291);
    let gin = good
        .iter()
        .find(|a| a.id == "GO-2020-0001")
        .expect("GO-2020-0001");
    assert!(gin.aliases.contains(&"CVE-2020-36567".to_owned()));
    let Affected::Package {
        ecosystem,
        name,
        ranges,
        ..
    } = &gin.affected[0]
    else {
        panic!("package")
    };
    assert_eq!(
        (ecosystem.as_str(), name.as_str()),
        ("Go", "github.com/gin-gonic/gin")
    );
    assert_eq!(ranges[0].events.last(), Some(&Event::Fixed("1.6.0".into())));
}

#[test]
fn pypa_yaml() {
    let Some(dir) = medcyber_testdata::dir("pypa-advisory-db") else {
        return;
    };
    let (good, bad, stats) = read_osv(&dir);
    assert!(bad.is_empty(), "{:?}", &bad[..bad.len().min(5)]);
    assert_eq!(stats.records, 2661);
    assert!(
        good.iter()
            .all(|a| a.id.starts_with("PYSEC-") && a.database.as_deref() == Some("PyPA"))
    );
    let with_versions = good
        .iter()
        .flat_map(|a| &a.affected)
        .filter(|af| matches!(af, Affected::Package { versions, .. } if !versions.is_empty()))
        .count();
    assert!(with_versions > 1000, "{with_versions}");
}

#[test]
fn rustsec_and_bitnami() {
    let Some(rustsec) = medcyber_testdata::dir("rustsec-advisory-db") else {
        return;
    };
    let (good, bad, _) = read_osv(&rustsec.join("osv"));
    assert!(bad.is_empty(), "{:?}", &bad[..bad.len().min(5)]);
    assert_eq!(good.len(), 1206);
    let Some(bitnami) = medcyber_testdata::dir("bitnami-vulndb") else {
        return;
    };
    let (good, bad, _) = read_osv(&bitnami);
    let mut by_db: BTreeMap<Option<String>, usize> = BTreeMap::new();
    for a in &good {
        *by_db.entry(a.database.clone()).or_default() += 1;
    }
    assert!(bad.is_empty(), "{:?}", &bad[..bad.len().min(5)]);
    assert!(good.len() > 1300, "{by_db:?}");
}

#[test]
fn osv_linter_broken_records_are_reported_not_fatal() {
    let Some(dir) = medcyber_testdata::dir("osv-schema") else {
        return;
    };
    let (good, bad, stats) = read_osv(&dir.join("tools/osv-linter/testdata"));
    assert_eq!(stats.records + stats.errors, good.len() + bad.len());
    assert!(!good.is_empty());
    for e in &bad {
        assert!(e.origin.path.exists(), "{e}");
    }
}

#[test]
fn kev_json_and_csv_agree() {
    let Some(dir) = medcyber_testdata::dir("cisa-kev") else {
        return;
    };
    let collect = |file: &str| {
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        kev::read(&dir.join(file), &mut |r| match r {
            Ok((Record::Kev(e), _)) => entries.push(e),
            Ok(_) => {}
            Err(e) => errors.push(e),
        })
        .expect("readable");
        assert!(errors.is_empty(), "{file}: {errors:?}");
        entries
    };
    let json = collect("known_exploited_vulnerabilities.json");
    let csv = collect("known_exploited_vulnerabilities.csv");
    assert_eq!(json.len(), 1404);
    assert_eq!(json, csv);
    let git = json
        .iter()
        .find(|e| e.cve == "CVE-2025-48384")
        .expect("git entry");
    assert_eq!(
        (git.vendor.as_str(), git.due_date.as_deref()),
        ("Git", Some("2025-09-15"))
    );
}

#[test]
fn cve5_vulnrichment_records() {
    let Some(dir) = medcyber_testdata::dir("cisa-vulnrichment") else {
        return;
    };
    let (good, bad, _) = read_all(medcyber_feeds::cve5::read, &dir);
    assert!(bad.is_empty(), "{:?}", &bad[..bad.len().min(3)]);
    assert_eq!(good.len(), 757);
    // CISA's ADP container: CPE configurations, a CVSS vector and SSVC for FreeRTOS-Kernel.
    let rtos = good
        .iter()
        .find(|a| a.id == "CVE-2024-28115")
        .expect("CVE-2024-28115");
    let Some(Affected::Configurations { configurations }) = rtos
        .affected
        .iter()
        .find(|a| matches!(a, Affected::Configurations { .. }))
    else {
        panic!("configurations")
    };
    let m = &configurations[0].nodes[0].matches[0];
    assert_eq!(
        m.criteria,
        "cpe:2.3:o:freertos:freertos-kernel:*:*:*:*:*:*:*:*"
    );
    assert_eq!(m.version_end_excluding.as_deref(), Some("10.6.2"));
    assert!(rtos.ssvc.is_some());
    let with_cpes = good
        .iter()
        .filter(|a| {
            a.affected
                .iter()
                .any(|x| matches!(x, Affected::Configurations { .. }))
        })
        .count();
    assert!(with_cpes > 350, "{with_cpes}");
    assert!(
        good.iter()
            .all(|a| a.source == Some(medcyber_model::advisory::Source::Cve5))
    );
}

#[test]
fn nvd_api_records_and_grype_edge_cases() {
    let (Some(vulnfeeds), Some(grype)) = (
        medcyber_testdata::dir("osv-dev-vulnfeeds"),
        medcyber_testdata::dir("grype-nvd-fixtures"),
    ) else {
        return;
    };
    let (good, bad, _) = read_all(
        medcyber_feeds::nvd::read,
        &vulnfeeds.join("vulnfeeds/test_data/nvdcve-2.0"),
    );
    assert!(bad.is_empty(), "{:?}", &bad[..bad.len().min(3)]);
    assert_eq!(good.len(), 23);
    let xz = good.iter().find(|a| a.id == "CVE-2024-3094").expect("xz");
    assert!(xz.severity.iter().any(|s| s.score == Some(10.0)));
    let (good, bad, _) = read_all(medcyber_feeds::nvd::read, &grype);
    assert!(bad.is_empty(), "{:?}", &bad[..bad.len().min(3)]);
    assert_eq!(good.len(), 19);
    // A configuration with a running-on platform keeps both kinds of criteria.
    let platform = good
        .iter()
        .find(|a| a.id == "CVE-2023-45283")
        .expect("CVE-2023-45283");
    let Affected::Configurations { configurations } = &platform.affected[0] else {
        panic!("configurations")
    };
    let all: Vec<_> = configurations
        .iter()
        .flat_map(|c| &c.nodes)
        .flat_map(|n| &n.matches)
        .collect();
    assert!(all.iter().any(|m| m.vulnerable) && all.iter().any(|m| !m.vulnerable));
}
