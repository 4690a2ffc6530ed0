//! `medcyber demo`: the platform with a realistic demo portfolio, in one command.
//!
//! Seeds (once per data directory) a fictitious manufacturer with a bedside monitor and an
//! infusion pump in several versions (the SBOMs of `data/samples`, two of them the
//! de-identified medical-device SBOMs of the sbom-completeness case study), the demo
//! advisories (OSV, CVE 5, NVD, a CISA medical CSAF advisory, KEV), a triage decision reused
//! across versions, and a hospital customer with a shared product; then serves it and prints
//! the logins.

use anyhow::Context as _;
use medcyber_core::FeedSource;
use medcyber_core::portfolio::{NewAnalysis, UploadOptions};
use medcyber_model::analysis::{AnalysisState, Justification, Response};
use medcyber_model::platform::{OrgKind, Role};
use medcyber_store::{FindingFilter, FindingSort, Page, Store};

use crate::ExitStatus;
use crate::args::{DataArgs, ServeArgs};
use crate::commands::serve;
use crate::output;

/// The bundled demo files (`data/samples`, sources and licences in its SOURCES.md).
const SAMPLES: &[(&str, &[u8])] = &[
    (
        "osv/GO-2020-0001.json",
        include_bytes!("../../../../data/samples/advisories/osv/GO-2020-0001.json"),
    ),
    (
        "osv/GO-2021-0052.json",
        include_bytes!("../../../../data/samples/advisories/osv/GO-2021-0052.json"),
    ),
    (
        "osv/GO-2023-1737.json",
        include_bytes!("../../../../data/samples/advisories/osv/GO-2023-1737.json"),
    ),
    (
        "osv/RUSTSEC-2021-0003.json",
        include_bytes!("../../../../data/samples/advisories/osv/RUSTSEC-2021-0003.json"),
    ),
    (
        "cve5/CVE-2011-0611.json",
        include_bytes!("../../../../data/samples/advisories/cve5/CVE-2011-0611.json"),
    ),
    (
        "cve5/CVE-2024-28115.json",
        include_bytes!("../../../../data/samples/advisories/cve5/CVE-2024-28115.json"),
    ),
    (
        "nvd/CVE-2018-1000500.json",
        include_bytes!("../../../../data/samples/advisories/nvd/CVE-2018-1000500.json"),
    ),
    (
        "nvd/CVE-2024-3094.json",
        include_bytes!("../../../../data/samples/advisories/nvd/CVE-2024-3094.json"),
    ),
    (
        "csaf/icsma-24-151-02.json",
        include_bytes!("../../../../data/samples/advisories/csaf/icsma-24-151-02.json"),
    ),
    (
        "kev.json",
        include_bytes!("../../../../data/samples/advisories/kev.json"),
    ),
];
const MONITOR: &[u8] = include_bytes!("../../../../data/samples/device.cdx.json");
const PUMP_NARROW: &[u8] =
    include_bytes!("../../../../data/samples/medical-sbom-case-study/narrow.sbom.json");
const PUMP_EXTENDED: &[u8] =
    include_bytes!("../../../../data/samples/medical-sbom-case-study/extended.sbom.json");

/// The manufacturer's name, which marks a seeded data directory.
const MANUFACTURER: &str = "Example Medical";

/// Runs `medcyber demo`.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitStatus> {
    let data = match (&args.data.data_dir, &args.data.database_url) {
        (None, None) => {
            let dir = std::env::temp_dir().join(format!("medcyber-demo-{}", std::process::id()));
            DataArgs {
                data_dir: Some(dir),
                database_url: None,
            }
        }
        _ => args.data.clone(),
    };
    let logins = crate::commands::db::runtime()?.block_on(async {
        let store = crate::commands::admin::open(&data).await?;
        let logins = seed(&store, &data).await;
        store.close().await;
        logins
    })?;
    for line in logins {
        output::note("demo", &line);
    }
    serve::run(ServeArgs { data, ..args })
}

async fn seed(store: &Store, data: &DataArgs) -> anyhow::Result<Vec<String>> {
    let op = "cli:demo";
    let mut logins = Vec::new();
    if store.org_by_name(MANUFACTURER).await?.is_some() {
        logins
            .push("the data directory holds the demo already; its logins are unchanged".to_owned());
        return Ok(logins);
    }
    // The advisories.
    let dir = match &data.data_dir {
        Some(d) => d.join("demo-samples"),
        None => std::env::temp_dir().join(format!("medcyber-demo-samples-{}", std::process::id())),
    };
    for (name, bytes) in SAMPLES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    for (source, path) in [
        (FeedSource::Osv, dir.join("osv")),
        (FeedSource::Cve5, dir.join("cve5")),
        (FeedSource::Nvd, dir.join("nvd")),
        (FeedSource::Csaf, dir.join("csaf")),
        (FeedSource::Kev, dir.join("kev.json")),
    ] {
        medcyber_core::import_feed(store, source, &[path], &mut |_| {}).await?;
    }
    // The organisations and their people.
    use medcyber_core::accounts;
    accounts::create_org(store, MANUFACTURER, OrgKind::Manufacturer, op).await?;
    accounts::create_org(store, "City Hospital", OrgKind::Hospital, op).await?;
    let password = demo_password()?;
    for (org, email, role) in [
        (MANUFACTURER, "psirt@example-medical.test", Role::Owner),
        (
            MANUFACTURER,
            "engineer@example-medical.test",
            Role::SecurityEngineer,
        ),
        (MANUFACTURER, "qa@example-medical.test", Role::Auditor),
        ("City Hospital", "ciso@city-hospital.test", Role::Owner),
    ] {
        accounts::create_user(store, org, email, role, &password, op).await?;
    }
    let token = accounts::create_token(store, "psirt@example-medical.test", Some(30), op).await?;
    let psirt = accounts::authenticate(store, &token.secret).await?;
    // The portfolio.
    use medcyber_core::portfolio;
    let monitor = portfolio::create_product(store, &psirt, "Bedside monitor BM-200").await?;
    let pump = portfolio::create_product(store, &psirt, "Infusion pump IP-7").await?;
    let lenient = UploadOptions { lenient: true };
    let v42 = portfolio::create_version(store, &psirt, &monitor.id, "4.2").await?;
    portfolio::upload_sbom(store, &psirt, &v42.id, MONITOR, lenient).await?;
    let mut pump_versions = Vec::new();
    for (version, sbom) in [("2.0", PUMP_NARROW), ("2.1", PUMP_EXTENDED)] {
        let v = portfolio::create_version(store, &psirt, &pump.id, version).await?;
        portfolio::upload_sbom(store, &psirt, &v.id, sbom, lenient).await?;
        pump_versions.push(v.id);
    }
    lifecycles(store, &psirt, &v42.id, &pump_versions).await?;
    risk(store, &psirt, &monitor.id, &v42.id).await?;
    // A decision, reused by every version with the same component: the xz backdoor is not in
    // the monitor's build (as its OpenVEX statement says).
    let xz = store
        .findings(
            &psirt.org,
            &v42.id,
            &FindingFilter {
                vulnerability: Some("CVE-2024-3094".to_owned()),
                ..FindingFilter::default()
            },
            FindingSort::Severity,
            Page::default(),
        )
        .await?;
    if let Some(f) = xz.items.first() {
        portfolio::analyse(
            store,
            &psirt,
            &f.id,
            NewAnalysis {
                state: AnalysisState::NotAffected,
                justification: Some(Justification::CodeNotPresent),
                response: vec![Response::WillNotFix],
                detail: "The monitor's image is built from xz 5.4.6 sources; the backdoored \
                         release tarball was never used."
                    .to_owned(),
                all_versions: true,
            },
        )
        .await?;
    }
    medcyber_core::sharing::grant(store, &psirt, "City Hospital", &monitor.id, true).await?;
    let hospital = accounts::create_token(store, "ciso@city-hospital.test", Some(30), op).await?;
    logins.push(format!("users psirt@example-medical.test (owner), engineer@example-medical.test, qa@example-medical.test (auditor), ciso@city-hospital.test; password: {password}"));
    logins.push(format!("manufacturer API token: {}", token.secret));
    logins.push(format!("hospital API token:     {}", hospital.secret));
    logins.push(
        "try: curl -H \"Authorization: Bearer <token>\" http://<address>/api/v1/products"
            .to_owned(),
    );
    Ok(logins)
}

/// The demo's lifecycle, dated from today so that it reads the same whenever it runs: the
/// pump's 2.0 in limited support with its end of support a little over a year away (one
/// communication overdue), its 2.1 and the monitor in support; Adobe Reader 9 (in the
/// monitor's workstation) entered as past its supplier's end of support (26 June 2013).
async fn lifecycles(
    store: &Store,
    psirt: &medcyber_core::tenancy::Principal,
    monitor: &str,
    pump: &[String],
) -> anyhow::Result<()> {
    use jiff::ToSpan;
    use medcyber_core::lifecycle::{self, LifecycleInput};
    let today = lifecycle::today();
    let day = |months: i32| -> anyhow::Result<Option<String>> {
        Ok(Some(today.checked_add(months.months())?.to_string()))
    };
    let plans = [
        (
            monitor,
            -36,
            24,
            60,
            "Plan of the 2023 product security documentation.",
        ),
        (
            pump.first().map_or("", String::as_str),
            -72,
            -10,
            14,
            "EOL declared to customers by letter; limited support (security updates only) until EOS.",
        ),
        (
            pump.get(1).map_or("", String::as_str),
            -24,
            48,
            72,
            "Plan at release.",
        ),
    ];
    for (version, release, eol, eos, note) in plans {
        lifecycle::set_lifecycle(
            store,
            psirt,
            version,
            &LifecycleInput {
                release: day(release)?,
                end_of_life: day(eol)?,
                end_of_support: day(eos)?,
                note: Some(note.to_owned()),
            },
        )
        .await?;
    }
    if let Some(v20) = pump.first() {
        for (item, months, evidence) in [
            (
                "release-sbom-mds2",
                -72,
                "SBOM and MDS2 in the customer portal, document IP7-SEC-003",
            ),
            (
                "release-lifecycle-plan",
                -72,
                "Product security documentation IP7-SEC-001, section 7",
            ),
            (
                "eol-notice",
                -36,
                "Customer letter CS-2023-011 (EOL and EOS dates)",
            ),
        ] {
            let done = day(months)?.unwrap_or_default();
            lifecycle::record_communication(store, psirt, v20, item, &done, evidence, today)
                .await?;
        }
    }
    lifecycle::set_component_support(
        store,
        psirt,
        &lifecycle::SupportInput {
            component: "Adobe Reader@9.3".to_owned(),
            level: Some("none".to_owned()),
            end_of_support: Some("2013-06-26".to_owned()),
            note: Some("Adobe's end of support for Reader 9.".to_owned()),
        },
    )
    .await?;
    Ok(())
}

/// The monitor's CVSS environment (its central station on the clinical VLAN), and a risk
/// decision dated from today on its KEV finding (CVE-2011-0611, Adobe Reader 9.3 on its
/// workstation): uncontrolled, with the FDA and Japanese 30-day clocks running and the
/// customer communication done.
async fn risk(
    store: &Store,
    psirt: &medcyber_core::tenancy::Principal,
    product: &str,
    monitor: &str,
) -> anyhow::Result<()> {
    use jiff::ToSpan;
    use medcyber_core::lifecycle::today;
    use medcyber_core::regulatory::{self, RiskInput};
    let found = store
        .findings(
            &psirt.org,
            monitor,
            &FindingFilter {
                vulnerability: Some("CVE-2011-0611".to_owned()),
                ..FindingFilter::default()
            },
            FindingSort::Severity,
            Page::default(),
        )
        .await?;
    regulatory::create_profile(
        store,
        psirt,
        product,
        &regulatory::ProfileInput {
            name: "Central station, clinical VLAN".to_owned(),
            v3: Some("CR:H/IR:H/AR:H/MAV:A".to_owned()),
            v4: Some("CR:H/IR:H/AR:H/MAV:A/MSI:S/MSA:S".to_owned()),
            note: Some(
                "Reachable from the hospital's clinical VLAN only; alarms and therapy data \
                 need high integrity and availability."
                    .to_owned(),
            ),
        },
    )
    .await?;
    let Some(finding) = found.items.first() else {
        return Ok(());
    };
    let day =
        |days: i64| -> anyhow::Result<String> { Ok(today().checked_add(days.days())?.to_string()) };
    regulatory::assess(
        store,
        psirt,
        &finding.id,
        &RiskInput {
            harm: "serious".to_owned(),
            control: "uncontrolled".to_owned(),
            rationale: "The review workstation opens PDF reports from the hospital network;                         code execution there reaches the monitor's central station."
                .to_owned(),
            aware: day(-12)?,
            fix_available: None,
            accepted_until: None,
            acceptance_owner: None,
            reports: vec!["fda-uncontrolled".to_owned(), "jp-malfunction-30".to_owned()],
        },
        today(),
    )
    .await?;
    regulatory::record_submission(
        store,
        psirt,
        &finding.id,
        "fda-uncontrolled-communicate",
        &day(-5)?,
        "Customer security notice CSN-2026-12 (workstation isolation until the update)",
        today(),
    )
    .await?;
    Ok(())
}

/// A fresh random password for the demo users (printed once).
fn demo_password() -> anyhow::Result<String> {
    let mut bytes = [0u8; 9];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(format!(
        "demo-{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}
