//! A manufacturer's portfolio: products, their versions, the SBOM of each version with its
//! quality report, its components and its findings.
//!
//! Uploading an SBOM reads it (any format `medcyber-sbom` reads, detected from the content),
//! checks it against every regulatory profile, scans it against the advisory data in the same
//! store, and stores the document, its components and its findings in one change with its
//! audit event: a failed upload leaves nothing behind.

use medcyber_model::analysis::{
    Analysis, AnalysisState, Justification, Response as AnalysisResponse,
};
use medcyber_model::platform::{Product, ProductVersion};
use medcyber_model::{Component, Lang};
use medcyber_sbom::check::{Profile, ProfileReport};
use medcyber_sbom::{Diagnostic, ReadOptions, SbomError};
use medcyber_store::{
    FindingFilter, FindingSort, NewSbom, Page, Paged, SbomRecord, Store, StoredFinding,
};
use serde::Serialize;

use crate::CoreError;
use crate::audit::{self, Event, snapshot};
use crate::refusal::{self, Refusal};
use crate::tenancy::{Action, Principal};

fn refused(code: &'static str) -> CoreError {
    CoreError::Refused(Refusal::new(code, &[]))
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Creates a product in the principal's organisation.
pub async fn create_product(
    store: &Store,
    principal: &Principal,
    name: &str,
) -> Result<Product, CoreError> {
    principal.require(Action::Write)?;
    let product = Product {
        id: new_id(),
        org: principal.org.clone(),
        name: refusal::name("product-name-invalid", name).map_err(CoreError::Refused)?,
        created: medcyber_store::now(),
        versions: 0,
    };
    let mut change = store.change().await?;
    change.insert_product(&product).await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "product.create",
            object_kind: "product",
            object_id: &product.id,
            before: None,
            after: snapshot(&product),
        },
    )
    .await?;
    change.commit().await?;
    Ok(product)
}

/// A page of the principal's organisation's products.
pub async fn products(
    store: &Store,
    principal: &Principal,
    page: Page,
) -> Result<Paged<Product>, CoreError> {
    principal.require(Action::Read)?;
    Ok(store.products(&principal.org, page).await?)
}

/// A product of the principal's organisation with its versions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProductDetail {
    /// The product.
    #[serde(flatten)]
    pub product: Product,
    /// Its versions, oldest first.
    #[serde(rename = "version_list")]
    pub version_list: Vec<ProductVersion>,
}

/// One product of the principal's organisation, with its versions.
pub async fn product(
    store: &Store,
    principal: &Principal,
    id: &str,
) -> Result<ProductDetail, CoreError> {
    principal.require(Action::Read)?;
    let product = store
        .product(&principal.org, id)
        .await?
        .ok_or_else(|| not_found("product", id))?;
    let version_list = store.versions(&principal.org, id).await?;
    Ok(ProductDetail {
        product,
        version_list,
    })
}

/// A component's identity across versions and uploads, which analyses are keyed by: its purl
/// (without qualifiers and subpath), else `name@version`.
pub fn component_key(component: &medcyber_model::finding::FindingComponent) -> String {
    identity_key(
        &component.name,
        component.version.as_deref(),
        component.purl.as_deref(),
    )
}

/// The identity key of a component given by its parts (see [`component_key`]).
pub fn identity_key(name: &str, version: Option<&str>, purl: Option<&str>) -> String {
    match purl {
        Some(purl) => without_qualifiers(purl).to_owned(),
        None => format!("{name}@{}", version.unwrap_or("")),
    }
}

/// A purl without its qualifiers and subpath.
pub fn without_qualifiers(purl: &str) -> &str {
    purl.split(['?', '#']).next().unwrap_or(purl)
}

fn not_found(what: &str, id: &str) -> CoreError {
    CoreError::NotFound(format!("no {what} `{id}`"))
}

/// Creates a version of a product of the principal's organisation.
pub async fn create_version(
    store: &Store,
    principal: &Principal,
    product: &str,
    version: &str,
) -> Result<ProductVersion, CoreError> {
    principal.require(Action::Write)?;
    // Existence within the organisation first: another organisation's product is not found.
    store
        .product(&principal.org, product)
        .await?
        .ok_or_else(|| not_found("product", product))?;
    let version = ProductVersion {
        id: new_id(),
        org: principal.org.clone(),
        product: product.to_owned(),
        version: refusal::name("version-invalid", version).map_err(CoreError::Refused)?,
        created: medcyber_store::now(),
        sbom: None,
    };
    let mut change = store.change().await?;
    change.insert_version(&version).await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "version.create",
            object_kind: "product_version",
            object_id: &version.id,
            before: None,
            after: snapshot(&version),
        },
    )
    .await?;
    change.commit().await?;
    Ok(version)
}

/// A product version of the principal's organisation.
pub async fn version(
    store: &Store,
    principal: &Principal,
    id: &str,
) -> Result<ProductVersion, CoreError> {
    principal.require(Action::Read)?;
    store
        .version(&principal.org, id)
        .await?
        .ok_or_else(|| not_found("product version", id))
}

/// One profile's result in an upload's quality report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct QualitySummary {
    /// `ntia`, `imdrf`, `fda` or `bsi`.
    pub profile: String,
    /// Quality score, 0–100.
    pub score: u8,
    /// True when every required check passes.
    pub passed: bool,
    /// The ids of the checks that fail.
    pub failed: Vec<String>,
}

/// What an upload stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SbomUpload {
    /// The SBOM document's id.
    pub id: String,
    /// The product version.
    pub product_version: String,
    /// `CycloneDX` or `SPDX`.
    pub format: String,
    /// The specification version.
    pub spec_version: String,
    /// Components stored.
    pub components: usize,
    /// Findings against the advisory data.
    pub findings: usize,
    /// Findings by severity (`critical`, `high`, `medium`, `low`, `none`, `unknown`) and `kev`.
    pub summary: std::collections::BTreeMap<String, usize>,
    /// The regulatory profiles' scores.
    pub quality: Vec<QualitySummary>,
    /// Schema problems of a document accepted leniently.
    pub diagnostics: Vec<Diagnostic>,
}

/// How to read an upload.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UploadOptions {
    /// Accept a document that fails its schema, listing the problems (a strict upload refuses
    /// it with the problems located).
    pub lenient: bool,
}

fn summarise(report: &ProfileReport) -> QualitySummary {
    QualitySummary {
        profile: report.profile.name().to_owned(),
        score: report.score,
        passed: report.passed,
        failed: report
            .checks
            .iter()
            .filter(|c| c.status != medcyber_sbom::check::Status::Pass)
            .map(|c| c.id.clone())
            .collect(),
    }
}

/// Reads, checks, scans and stores the SBOM of a product version of the principal's
/// organisation; it becomes the version's current SBOM.
pub async fn upload_sbom(
    store: &Store,
    principal: &Principal,
    version_id: &str,
    bytes: &[u8],
    options: UploadOptions,
) -> Result<SbomUpload, CoreError> {
    principal.require(Action::Write)?;
    let version = store
        .version(&principal.org, version_id)
        .await?
        .ok_or_else(|| not_found("product version", version_id))?;
    let read_options = ReadOptions {
        lenient: options.lenient,
        ..ReadOptions::default()
    };
    let outcome = match medcyber_sbom::read(bytes, &read_options) {
        Ok(outcome) => outcome,
        Err(SbomError::Invalid {
            detected,
            diagnostics,
        }) => {
            return Err(CoreError::InvalidDocument {
                message: format!(
                    "the document is not valid {detected} ({} problem(s)); upload with lenient=true to store it with its problems listed",
                    diagnostics.len()
                ),
                diagnostics,
            });
        }
        Err(e) => return Err(CoreError::Input(e.to_string())),
    };
    let sbom = outcome.sbom;
    let reports: Vec<ProfileReport> = Profile::ALL
        .into_iter()
        .map(|p| medcyber_sbom::check::check(&sbom, p, Lang::En))
        .collect();
    let quality: Vec<QualitySummary> = reports.iter().map(summarise).collect();
    let scan = crate::scan::scan(store, &sbom).await?;
    let findings = with_ids(scan.findings, |_, _| None);
    let mut summary = std::collections::BTreeMap::new();
    for (_, _, f) in &findings {
        let level = f
            .severity_level
            .map_or("unknown".to_owned(), |s| s.as_str().to_lowercase());
        *summary.entry(level).or_insert(0) += 1;
        if f.kev {
            *summary.entry("kev".to_owned()).or_insert(0) += 1;
        }
    }
    let format = match outcome.detected.format {
        medcyber_model::sbom::SbomFormat::CycloneDx => "CycloneDX",
        medcyber_model::sbom::SbomFormat::Spdx => "SPDX",
    };
    let record = SbomRecord {
        id: new_id(),
        org: principal.org.clone(),
        product_version: version.id.clone(),
        format: format.to_owned(),
        spec_version: outcome.detected.spec_version.clone(),
        digest: blake3::hash(bytes).to_hex().to_string(),
        uploaded: medcyber_store::now(),
        uploaded_by: principal.actor(),
        components: sbom.components.len() as u64,
        quality: serde_json::to_string(&quality).unwrap_or_else(|_| "[]".to_owned()),
    };
    // The reader has checked the encoding: the bytes are UTF-8.
    let content = String::from_utf8_lossy(bytes);
    let mut change = store.change().await?;
    change
        .insert_sbom(NewSbom {
            record: &record,
            content: &content,
            components: &sbom.components,
            findings: &findings,
        })
        .await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "sbom.upload",
            object_kind: "sbom",
            object_id: &record.id,
            before: version
                .sbom
                .as_ref()
                .map(|s| serde_json::json!({ "sbom": s })),
            after: snapshot(&record),
        },
    )
    .await?;
    change.commit().await?;
    Ok(SbomUpload {
        id: record.id,
        product_version: version.id,
        format: record.format,
        spec_version: record.spec_version,
        components: sbom.components.len(),
        findings: findings.len(),
        summary,
        quality,
        diagnostics: outcome.diagnostics,
    })
}

/// Each finding with its id (`kept` gives the id of a finding that stays, else a new one) and
/// its component key.
fn with_ids(
    findings: Vec<medcyber_model::Finding>,
    mut kept: impl FnMut(&FindingIdentity, &medcyber_model::Finding) -> Option<String>,
) -> Vec<(String, String, medcyber_model::Finding)> {
    findings
        .into_iter()
        .map(|f| {
            let key = component_key(&f.component);
            let identity = (
                key,
                f.component.bom_ref.clone(),
                f.vulnerability.id.clone(),
                f.source.as_str().to_owned(),
            );
            let id = kept(&identity, &f).unwrap_or_else(new_id);
            (id, identity.0, f)
        })
        .collect()
}

/// What makes a finding the same finding across analyses of one SBOM: component key,
/// bom-ref, vulnerability, source.
type FindingIdentity = (String, String, String, String);

/// The outcome of analysing a version's current SBOM again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Rescan {
    /// Its findings now.
    pub findings: usize,
    /// Findings the last analysis did not have.
    pub new: usize,
    /// Findings of the last analysis that are gone.
    pub resolved: usize,
    /// Findings that stay with a changed record (severity, KEV, EPSS, fixed versions, evidence).
    pub updated: usize,
    /// Whether the findings were written: false when nothing changed, or when the version got
    /// another SBOM meanwhile (its upload's findings stand).
    pub written: bool,
}

/// Scans the stored SBOM `sbom_id` of a version again against today's advisory data and
/// replaces the version's findings; findings that stay keep their ids (and, as always, their
/// analyses, which are keyed by component and vulnerability). A change of the findings is an
/// audit event of `actor` (a job). The system's own use case: the caller has checked who may
/// ask for it ([`crate::jobs::queue_rescan`]).
pub async fn rescan(
    store: &Store,
    org: &str,
    version_id: &str,
    sbom_id: &str,
    actor: &str,
) -> Result<Rescan, CoreError> {
    let content = store
        .sbom_content(org, sbom_id)
        .await?
        .ok_or_else(|| not_found("SBOM", sbom_id))?;
    // The document was accepted at upload (perhaps leniently, with its problems listed).
    let read_options = ReadOptions {
        lenient: true,
        ..ReadOptions::default()
    };
    let sbom = medcyber_sbom::read(content.as_bytes(), &read_options)
        .map_err(|e| CoreError::Input(format!("the stored SBOM `{sbom_id}` cannot be read: {e}")))?
        .sbom;
    let scan = crate::scan::scan(store, &sbom).await?;
    // A component may match one advisory more than once (by purl and by CPE, say): each
    // identity holds the stored findings in order, taken one by one.
    let mut before: std::collections::HashMap<FindingIdentity, Vec<(String, String)>> =
        std::collections::HashMap::new();
    let mut stored = 0;
    for k in store.finding_keys(org, version_id).await? {
        stored += 1;
        before
            .entry((k.component_key, k.bom_ref, k.vulnerability, k.source))
            .or_default()
            .push((k.id, k.record));
    }
    let mut stayed = 0;
    let mut updated = 0;
    let findings = with_ids(scan.findings, |identity, finding| {
        let (id, record) = before.get_mut(identity).and_then(|v| {
            if v.is_empty() {
                None
            } else {
                Some(v.remove(0))
            }
        })?;
        stayed += 1;
        // Severity, KEV, EPSS, fixed versions or evidence may have changed.
        if serde_json::to_string(finding).ok().as_deref() != Some(record.as_str()) {
            updated += 1;
        }
        Some(id)
    });
    let outcome = Rescan {
        findings: findings.len(),
        new: findings.len() - stayed,
        resolved: stored - stayed,
        updated,
        written: false,
    };
    if outcome.new == 0 && outcome.resolved == 0 && outcome.updated == 0 {
        return Ok(outcome);
    }
    let mut change = store.change().await?;
    if !change
        .replace_findings(org, version_id, sbom_id, &findings, &medcyber_store::now())
        .await?
    {
        return Ok(outcome);
    }
    audit::record(
        &mut change,
        Event {
            org: Some(org),
            actor,
            action: "findings.rescan",
            object_kind: "product_version",
            object_id: version_id,
            before: Some(serde_json::json!({ "sbom": sbom_id, "findings": stored })),
            after: Some(serde_json::json!({
                "sbom": sbom_id,
                "findings": outcome.findings,
                "new": outcome.new,
                "resolved": outcome.resolved,
                "updated": outcome.updated,
            })),
        },
    )
    .await?;
    change.commit().await?;
    Ok(Rescan {
        written: true,
        ..outcome
    })
}

/// The current SBOM of a version of the principal's organisation.
pub async fn current_sbom(
    store: &Store,
    principal: &Principal,
    version_id: &str,
) -> Result<SbomRecord, CoreError> {
    let version = version(store, principal, version_id).await?;
    let id = version.sbom.ok_or_else(|| {
        CoreError::NotFound(format!("product version `{version_id}` has no SBOM yet"))
    })?;
    store
        .sbom(&principal.org, &id)
        .await?
        .ok_or_else(|| not_found("SBOM", &id))
}

/// A page of the components of a version's current SBOM.
pub async fn components(
    store: &Store,
    principal: &Principal,
    version_id: &str,
    page: Page,
) -> Result<Paged<Component>, CoreError> {
    let version = version(store, principal, version_id).await?;
    match version.sbom {
        Some(sbom) => Ok(store.components(&principal.org, &sbom, page).await?),
        None => Ok(Paged {
            items: Vec::new(),
            total: 0,
        }),
    }
}

/// A page of a version's findings.
pub async fn findings(
    store: &Store,
    principal: &Principal,
    version_id: &str,
    filter: &FindingFilter,
    sort: FindingSort,
    page: Page,
) -> Result<Paged<StoredFinding>, CoreError> {
    principal.require(Action::Read)?;
    // The query is scoped by the organisation, so rows prove the version is the principal's;
    // only an empty page needs the version looked up (404 for another organisation's).
    let paged = store
        .findings(&principal.org, version_id, filter, sort, page)
        .await?;
    if paged.total == 0 {
        version(store, principal, version_id).await?;
    }
    Ok(paged)
}

/// Every source's record of a vulnerability (by its id or any alias). Advisory data is public
/// and shared by every organisation.
pub async fn vulnerability(
    store: &Store,
    principal: &Principal,
    id: &str,
) -> Result<Vec<medcyber_model::Advisory>, CoreError> {
    principal.require(Action::Read)?;
    let records = store.vulnerability(id).await?;
    if records.is_empty() {
        return Err(not_found("vulnerability", id));
    }
    Ok(records)
}

/// The portfolio dashboard's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dashboard {
    /// Products, versions and the findings of current SBOMs by severity, KEV and analysis.
    pub counts: medcyber_store::Counts,
    /// The findings with the highest EPSS scores.
    pub top_epss: Vec<medcyber_store::EpssRow>,
    /// Every SBOM upload's finding counts, oldest first (the trend over time).
    pub uploads: Vec<medcyber_store::UploadCounts>,
}

/// The dashboard of the principal's organisation.
pub async fn dashboard(store: &Store, principal: &Principal) -> Result<Dashboard, CoreError> {
    principal.require(Action::Read)?;
    Ok(Dashboard {
        counts: store.dashboard_counts(&principal.org).await?,
        top_epss: store.top_epss(&principal.org, 10).await?,
        uploads: store.upload_counts(&principal.org).await?,
    })
}

/// A vulnerability with every source's record, and the KEV entries and EPSS scores of its CVE
/// ids (its own and its aliases).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VulnerabilityDetail {
    /// Every source's record.
    pub records: Vec<medcyber_model::Advisory>,
    /// KEV entries of its CVE ids.
    pub kev: Vec<medcyber_model::advisory::KevEntry>,
    /// EPSS scores of its CVE ids.
    pub epss: Vec<medcyber_model::advisory::EpssScore>,
}

/// [`vulnerability`] with KEV and EPSS.
pub async fn vulnerability_detail(
    store: &Store,
    principal: &Principal,
    id: &str,
) -> Result<VulnerabilityDetail, CoreError> {
    let records = vulnerability(store, principal, id).await?;
    let mut cves: Vec<String> = records
        .iter()
        .flat_map(|a| std::iter::once(&a.id).chain(&a.aliases))
        .filter(|x| x.starts_with("CVE-"))
        .cloned()
        .collect();
    cves.sort();
    cves.dedup();
    let kev = store.kev_for(&cves).await?.into_values().collect();
    let epss = store.epss_for(&cves).await?.into_values().collect();
    Ok(VulnerabilityDetail { records, kev, epss })
}

/// A triage decision to record on a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAnalysis {
    /// The state.
    pub state: AnalysisState,
    /// Why it is not affected (required for `not_affected`).
    pub justification: Option<Justification>,
    /// What is done about it.
    pub response: Vec<AnalysisResponse>,
    /// The reasoning and evidence.
    pub detail: String,
    /// Apply it to every version of the organisation with the same component and
    /// vulnerability, now and in future uploads (otherwise to the finding's version only).
    pub all_versions: bool,
}

/// Records a triage decision on a finding of the principal's organisation.
pub async fn analyse(
    store: &Store,
    principal: &Principal,
    finding_id: &str,
    decision: NewAnalysis,
) -> Result<Analysis, CoreError> {
    let mut recorded = analyse_many(store, principal, &[finding_id.to_owned()], decision).await?;
    recorded
        .pop()
        .ok_or_else(|| not_found("finding", finding_id))
}

/// Records one triage decision on several findings (bulk triage): all of them or, when one is
/// not found or the decision is not acceptable, none.
pub async fn analyse_many(
    store: &Store,
    principal: &Principal,
    finding_ids: &[String],
    decision: NewAnalysis,
) -> Result<Vec<Analysis>, CoreError> {
    principal.require(Action::Triage)?;
    if decision.state == AnalysisState::NotAffected && decision.justification.is_none() {
        return Err(refused("triage-justification-needed"));
    }
    if decision.state != AnalysisState::NotAffected && decision.justification.is_some() {
        return Err(refused("triage-justification-unexpected"));
    }
    if decision.detail.chars().count() > 20_000 {
        return Err(refused("triage-detail-long"));
    }
    if finding_ids.is_empty() {
        return Err(refused("triage-none"));
    }
    if finding_ids.len() > 1000 {
        return Err(refused("triage-too-many"));
    }
    let mut findings = Vec::with_capacity(finding_ids.len());
    for id in finding_ids {
        let finding = store
            .finding(&principal.org, id)
            .await?
            .ok_or_else(|| not_found("finding", id))?;
        findings.push(finding);
    }
    let mut recorded = Vec::with_capacity(findings.len());
    let mut change = store.change().await?;
    // One decision per (scope, component, vulnerability): two selected findings of the same
    // component and vulnerability get one analysis.
    let mut seen = std::collections::HashSet::new();
    for finding in findings {
        let scope = (!decision.all_versions).then(|| finding.product_version.clone());
        if !seen.insert((
            scope.clone(),
            finding.component_key.clone(),
            finding.finding.vulnerability.id.clone(),
        )) {
            continue;
        }
        let before = finding.analysis.clone();
        let analysis = Analysis {
            id: new_id(),
            org: principal.org.clone(),
            product_version: scope,
            component: finding.component_key.clone(),
            vulnerability: finding.finding.vulnerability.id.clone(),
            state: decision.state,
            justification: decision.justification,
            response: decision.response.clone(),
            detail: decision.detail.clone(),
            author: principal.actor(),
            at: medcyber_store::now_micros(),
        };
        change.insert_analysis(&analysis).await?;
        audit::record(
            &mut change,
            Event {
                org: Some(&principal.org),
                actor: &principal.actor(),
                action: "analysis.create",
                object_kind: "analysis",
                object_id: &analysis.id,
                before: before.as_ref().and_then(snapshot),
                after: snapshot(&analysis),
            },
        )
        .await?;
        recorded.push(analysis);
    }
    change.commit().await?;
    Ok(recorded)
}

/// One finding of the principal's organisation, with its current analysis.
pub async fn finding(
    store: &Store,
    principal: &Principal,
    id: &str,
) -> Result<StoredFinding, CoreError> {
    principal.require(Action::Read)?;
    store
        .finding(&principal.org, id)
        .await?
        .ok_or_else(|| not_found("finding", id))
}

/// The decisions that apply to a finding, newest first (the first is current).
pub async fn analysis_history(
    store: &Store,
    principal: &Principal,
    finding_id: &str,
) -> Result<Vec<Analysis>, CoreError> {
    principal.require(Action::Read)?;
    let finding = store
        .finding(&principal.org, finding_id)
        .await?
        .ok_or_else(|| not_found("finding", finding_id))?;
    Ok(store
        .analysis_history(
            &principal.org,
            &finding.product_version,
            &finding.component_key,
            &finding.finding.vulnerability.id,
        )
        .await?)
}
