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

/// The CVE ids a CSAF advisory's vulnerabilities name.
fn cves(a: &Advisory) -> std::collections::BTreeSet<String> {
    a.cve_ids().map(str::to_owned).collect()
}

#[test]
fn cisa_csaf_every_advisory_parses_with_its_products() {
    let Some(dir) = medcyber_testdata::dir("cisa-csaf") else {
        return;
    };
    // The whole mirror: the 144 medical advisories, the ICS sample and the IT VEX documents;
    // the ROLIE feeds met on the way are recognised as listings and skipped.
    let (good, bad, stats) = read_all(medcyber_feeds::csaf::read, &dir);
    assert!(bad.is_empty(), "{:?}", &bad[..bad.len().min(5)]);
    assert_eq!(stats.records, 144 + 204 + 4);
    let icsma: Vec<&Advisory> = good.iter().filter(|a| a.id.starts_with("ICSMA")).collect();
    assert_eq!(icsma.len(), 144);
    for a in &icsma {
        assert_eq!(a.database.as_deref(), Some("CISA"), "{}", a.id);
        let products: Vec<_> = a
            .affected
            .iter()
            .filter_map(|x| match x {
                Affected::Product {
                    vendor, product, ..
                } => Some((vendor, product)),
                _ => None,
            })
            .collect();
        assert!(!products.is_empty(), "{}: no products", a.id);
        assert!(
            products.iter().all(|(v, p)| !v.is_empty() && !p.is_empty()),
            "{}: a product without vendor or name: {products:?}",
            a.id
        );
    }
    let pump = good
        .iter()
        .find(|a| a.id == "ICSMA-24-023-01")
        .expect("ICSMA-24-023-01");
    assert_eq!(
        pump.affected,
        [Affected::Product {
            vendor: "Orthanc".into(),
            product: "Osimis WebViewer".into(),
            product_id: Some("CSAFPID-0001".into()),
            versions: medcyber_model::advisory::ProductVersions::Exact("1.4.2.0-9d9eff4".into()),
            status: medcyber_model::advisory::ProductStatus::Affected,
            identifiers: Default::default(),
            vulnerabilities: vec![],
            justification: None,
        }]
    );
    assert_eq!(pump.aliases, ["CVE-2023-7238"]);
    assert_eq!(pump.severity[0].score, Some(7.1));
    // Ranges: most product_version_range names become vers ranges; prose stays text.
    let ranges: Vec<_> = icsma
        .iter()
        .flat_map(|a| &a.affected)
        .filter_map(|x| match x {
            Affected::Product { versions, .. } => Some(versions),
            _ => None,
        })
        .collect();
    let text = ranges
        .iter()
        .filter(|v| matches!(v, medcyber_model::advisory::ProductVersions::Text(_)))
        .count();
    assert!(
        text * 10 < ranges.len(),
        "{text} of {} ranges are text",
        ranges.len()
    );
}

/// The ICS Advisory Project's master list (an independent transcription of CISA's advisories)
/// agrees with what the reader extracts from the CSAF documents: the CVE ids of 133 of the 141
/// medical advisories both hold are the same; the 8 that differ are differences between the two
/// sources (checked by hand: the CSAF documents add or drop CVEs the list transcribed from a
/// later or earlier revision), named here so that any other difference fails.
#[test]
fn cisa_csaf_agrees_with_the_ics_advisory_project() {
    let (Some(csaf), Some(project)) = (
        medcyber_testdata::dir("cisa-csaf"),
        medcyber_testdata::dir("ics-advisory-project"),
    ) else {
        return;
    };
    let (good, bad, _) = read_all(medcyber_feeds::csaf::read, &csaf.join("icsma"));
    assert!(bad.is_empty());
    let mut rows: BTreeMap<String, Vec<csv::StringRecord>> = BTreeMap::new();
    let mut reader = csv::Reader::from_path(project.join("ICS-CERT_ADV/CISA_ICS_ADV_Master.csv"))
        .expect("master list");
    let headers = reader.headers().expect("headers").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .expect(name)
    };
    let (number, cve) = (col("ICS-CERT_Number"), col("CVE_Number"));
    for row in reader.records() {
        let row = row.expect("row");
        rows.entry(row[number].trim().to_ascii_uppercase())
            .or_default()
            .push(row);
    }
    let mut both = 0;
    let mut differ = Vec::new();
    for a in &good {
        let Some(rs) = rows.get(&a.id.to_ascii_uppercase()) else {
            continue;
        };
        both += 1;
        let listed: std::collections::BTreeSet<String> = rs
            .iter()
            .flat_map(|r| {
                r[cve]
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .filter(|t| t.starts_with("CVE-") && t != &"CVE-NA")
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        if listed != cves(a) {
            differ.push(a.id.clone());
        }
    }
    assert_eq!(both, 141);
    assert_eq!(
        differ,
        [
            "ICSMA-18-114-01",
            "ICSMA-18-144-01",
            "ICSMA-18-226-01",
            "ICSMA-19-311-02",
            "ICSMA-20-184-01",
            "ICSMA-20-233-01",
            "ICSMA-21-187-01",
            "ICSMA-24-200-01"
        ]
    );
}

/// A provider's `index.txt` and ROLIE feed are resolved against the mirror that holds them;
/// documents they list but the mirror lacks are located errors, and the rest reads.
#[test]
fn cisa_csaf_provider_listings() {
    let Some(dir) = medcyber_testdata::dir("cisa-csaf") else {
        return;
    };
    let it = dir.join("it-va");
    let (good, bad, _) = read_all(medcyber_feeds::csaf::read, &it.join("index.txt"));
    assert!(bad.is_empty(), "{bad:?}");
    let listed = std::fs::read_to_string(it.join("index.txt")).expect("index");
    assert_eq!(good.len(), listed.lines().filter(|l| !l.is_empty()).count());
    let feed = it.join("cisa-csaf-it-feed-tlp-white.json");
    let (good, bad, _) = read_all(medcyber_feeds::csaf::read, &feed);
    assert!(bad.is_empty(), "{bad:?}");
    assert!(good.iter().all(|a| a.id.starts_with("VA-24-")));
    assert!(!good.is_empty());
    // The OT listing names 2,379 documents; this mirror holds none at the listed places.
    let (good, bad, _) = read_all(medcyber_feeds::csaf::read, &dir.join("ot-index/index.txt"));
    assert!(good.is_empty());
    assert!(bad.len() > 2000);
    assert_eq!(bad[0].origin.line, Some(1));
    assert!(
        bad[0].message.contains("not found in the mirror"),
        "{}",
        bad[0]
    );
}

/// Every VEX example of the CycloneDX examples (21 documents over 22 use cases, each with a README stating
/// its meaning) and of the OASIS CSAF 2.0 VEX examples reads into statements.
#[test]
fn vex_examples() {
    use medcyber_model::vex::VexStatus;
    let (Some(cdx), Some(oasis)) = (
        medcyber_testdata::dir("cyclonedx-bom-examples"),
        medcyber_testdata::dir("oasis-csaf"),
    ) else {
        return;
    };
    let vex_files = medcyber_testdata::files(&cdx.join("VEX"), "vex.json");
    assert_eq!(vex_files.len(), 21);
    for f in &vex_files {
        let statements = medcyber_feeds::vex::read(f).unwrap_or_else(|e| panic!("{e}"));
        assert!(!statements.is_empty(), "{}", f.display());
    }
    // Use case 1: CVE-2020-25649 is not exploitable in Acme Product 2.4.0 (code not reachable).
    let case1 =
        medcyber_feeds::vex::read(&cdx.join("VEX/Use-Cases/Case-1/vex.json")).expect("case 1");
    assert_eq!(case1.len(), 1);
    assert_eq!(case1[0].vulnerability, "CVE-2020-25649");
    assert_eq!(case1[0].status, VexStatus::NotAffected);
    assert_eq!(
        case1[0].justification.as_deref(),
        Some("code_not_reachable")
    );
    assert_eq!(
        case1[0].products[0].bom_ref.as_deref(),
        Some("acme-product")
    );
    // Use case 9: Ripple20 not exploitable in three products, each named by a BOM-Link.
    let case9 =
        medcyber_feeds::vex::read(&cdx.join("VEX/Use-Cases/Case-9/vex.json")).expect("case 9");
    assert!(
        case9
            .iter()
            .all(|s| s.status == VexStatus::NotAffected && s.products.len() == 3)
    );
    assert!(case9[0].products.iter().all(|p| p.bom_serial.is_some()));

    let csaf_vex =
        medcyber_testdata::files(&oasis.join("csaf_2.0/examples/csaf/csaf_vex"), ".json");
    assert_eq!(csaf_vex.len(), 13);
    let mut statuses = std::collections::BTreeSet::new();
    for f in &csaf_vex {
        let statements = medcyber_feeds::vex::read(f).unwrap_or_else(|e| panic!("{e}"));
        assert!(!statements.is_empty(), "{}", f.display());
        statuses.extend(statements.iter().map(|s| s.status));
    }
    assert_eq!(statuses.len(), 4, "{statuses:?}");
    // The IT advisories CISA publishes as csaf_vex read too.
    if let Some(cisa) = medcyber_testdata::dir("cisa-csaf") {
        for f in medcyber_testdata::files(&cisa.join("it-va"), ".json")
            .iter()
            .filter(|f| f.to_string_lossy().contains("va-24-"))
        {
            medcyber_feeds::vex::read(f).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// The NVD 1.1 feed of osv.dev's vulnfeeds test data (669 items): every item reads, into the
/// same configurations an API 2.0 record would give.
#[test]
fn nvd_11_feed() {
    let Some(dir) = medcyber_testdata::dir("osv-dev-vulnfeeds") else {
        return;
    };
    let file = dir.join("vulnfeeds/test_data/nvdcve-1.1-test-data.json");
    let (good, bad, stats) = read_all(medcyber_feeds::nvd::read, &file);
    assert!(bad.is_empty(), "{:?}", &bad[..bad.len().min(3)]);
    assert_eq!(stats.records, 669);
    let gitlab = good
        .iter()
        .find(|a| a.id == "CVE-2022-0090")
        .expect("CVE-2022-0090");
    assert_eq!(gitlab.cwes, ["CWE-269"]);
    assert_eq!(
        gitlab.modified.as_deref().map(|m| m.len()),
        Some(20),
        "{:?}",
        gitlab.modified
    );
    assert!(
        gitlab
            .severity
            .iter()
            .any(|s| s.vector == "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:H/A:N")
    );
    let Affected::Configurations { configurations } = &gitlab.affected[0] else {
        panic!("configurations")
    };
    assert_eq!(configurations.len(), 1);
    assert_eq!(configurations[0].nodes[0].matches.len(), 6);
    assert_eq!(
        configurations[0].nodes[0].matches[4]
            .version_end_excluding
            .as_deref(),
        Some("14.4.5")
    );
    // Running-on configurations (an AND of children) keep their shape.
    let and = good
        .iter()
        .flat_map(|a| &a.affected)
        .filter_map(|x| match x {
            Affected::Configurations { configurations } => Some(configurations),
            _ => None,
        })
        .flatten()
        .filter(|c| c.operator == medcyber_model::advisory::Operator::And)
        .count();
    assert!(and > 100, "{and}");
}
