//! Scanning an SBOM: the store narrows the candidate advisories by the components' keys, the
//! matcher decides with each source's semantics, and exploitation data (KEV, EPSS) is joined to
//! every finding.

use std::collections::{BTreeSet, HashMap};

use medcyber_matcher::{Identified, Index};
use medcyber_model::advisory::SeverityScore;
use medcyber_model::finding::{FindingComponent, FindingVulnerability};
use medcyber_model::{Advisory, Finding, Sbom, Severity};
use medcyber_store::Store;

use crate::CoreError;
use crate::import::store_keys;

/// A component/advisory pair the matcher could not decide.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Undecided {
    /// The component's `bom_ref`.
    pub bom_ref: String,
    /// The advisory id.
    pub vulnerability: String,
    /// Why.
    pub reason: String,
}

/// The result of a scan.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ScanReport {
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// Pairs that could not be decided (an unreadable version, say).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undecided: Vec<Undecided>,
    /// Components scanned.
    pub components: usize,
    /// Components with an identifier the matcher can look up (purl of a known ecosystem, CPE,
    /// a vendor for named products).
    pub identified: usize,
    /// Candidate advisories the store returned.
    pub candidates: usize,
}

/// The qualitative severity of a score record: its CVSS vector's base severity, else the
/// source's own label (`HIGH`, `MODERATE`, ...).
pub fn severity_of(score: &SeverityScore) -> Option<Severity> {
    if let Ok(cvss) = medcyber_cvss::parse(&score.vector) {
        return Some(cvss.base().1);
    }
    if let Some(s) = score.score {
        return Some(medcyber_cvss::severity(s));
    }
    match score.vector.to_ascii_lowercase().as_str() {
        "critical" => Some(Severity::Critical),
        "high" | "important" => Some(Severity::High),
        "medium" | "moderate" => Some(Severity::Medium),
        "low" => Some(Severity::Low),
        "none" => Some(Severity::None),
        _ => None,
    }
}

/// Scans an SBOM against the store.
pub async fn scan(store: &Store, sbom: &Sbom) -> Result<ScanReport, CoreError> {
    let parsed = Identified::new(sbom);
    let identified = parsed.keys().iter().filter(|k| !k.is_empty()).count();
    let keys: BTreeSet<_> = parsed.keys().iter().flatten().cloned().collect();
    let candidates = store
        .candidates_for(&store_keys(keys.into_iter().collect()))
        .await?;
    let count = candidates.len();
    let mut index = Index::new();
    let mut index_keys = Vec::with_capacity(count);
    for (key, view) in candidates {
        index.insert(view);
        index_keys.push(key);
    }
    let matches = index.match_identified(&parsed);
    // The whole records of the advisories that matched (the index holds their match views).
    let mut matched: Vec<String> = matches
        .matches
        .iter()
        .filter_map(|m| index_keys.get(m.advisory).cloned())
        .collect();
    matched.sort();
    matched.dedup();
    let records = store.advisories_by_keys(&matched).await?;
    let record = |position: usize| {
        index_keys
            .get(position)
            .and_then(|k| records.get(k))
            .or_else(|| index.advisory(position))
    };
    let candidates = count;
    let mut cves: BTreeSet<String> = BTreeSet::new();
    for m in &matches.matches {
        if let Some(a) = record(m.advisory) {
            cves.extend(a.cve_ids().map(str::to_owned));
        }
    }
    // Every source's record of the same vulnerabilities: their severities (attributed to
    // their assessors) and ids join each finding.
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for m in &matches.matches {
        if let Some(a) = record(m.advisory) {
            ids.insert(a.id.clone());
            ids.extend(a.aliases.iter().cloned());
        }
    }
    let mut others: HashMap<String, Vec<Advisory>> = HashMap::new();
    for a in store
        .advisories_by_ids(&ids.into_iter().collect::<Vec<_>>())
        .await?
    {
        cves.extend(a.cve_ids().map(str::to_owned));
        others.entry(a.id.clone()).or_default().push(a);
    }
    let cves: Vec<String> = cves.into_iter().collect();
    let kev = store.kev_for(&cves).await?;
    let epss = store.epss_for(&cves).await?;
    let mut findings = Vec::with_capacity(matches.matches.len());
    for m in matches.matches {
        let (Some(component), Some(advisory)) =
            (sbom.components.get(m.component), record(m.advisory))
        else {
            continue;
        };
        let kev_entry = advisory.cve_ids().find_map(|id| kev.get(id)).cloned();
        let epss_score = advisory
            .cve_ids()
            .filter_map(|id| epss.get(id))
            .max_by(|a, b| a.score.total_cmp(&b.score))
            .cloned();
        let mut severity = advisory.severity.clone();
        let mut aliases = advisory.aliases.clone();
        for id in std::iter::once(&advisory.id).chain(&advisory.aliases) {
            for other in others.get(id).into_iter().flatten() {
                if other.source == advisory.source && other.id == advisory.id {
                    continue;
                }
                for s in &other.severity {
                    if !severity
                        .iter()
                        .any(|x| x.vector == s.vector && x.assessor == s.assessor)
                    {
                        severity.push(s.clone());
                    }
                }
                for alias in std::iter::once(&other.id).chain(&other.aliases) {
                    if *alias != advisory.id && !aliases.contains(alias) {
                        aliases.push(alias.clone());
                    }
                }
            }
        }
        let severity_level = severity.iter().filter_map(severity_of).max();
        let (purl, cpe) = match m.kind {
            medcyber_model::MatchKind::Cpe => (component.purl.clone(), Some(m.identifier.clone())),
            _ => (component.purl.clone(), component.cpe.clone()),
        };
        findings.push(Finding {
            component: FindingComponent {
                bom_ref: component.bom_ref.clone(),
                name: component.name.clone(),
                version: component.version.clone(),
                purl,
                cpe,
            },
            vulnerability: FindingVulnerability {
                id: advisory.id.clone(),
                aliases,
                summary: advisory.summary.clone(),
            },
            source: advisory
                .source
                .unwrap_or(medcyber_model::advisory::Source::Osv),
            database: advisory.database.clone(),
            severity,
            severity_level,
            kev: kev_entry.is_some(),
            kev_entry,
            epss: epss_score,
            fixed_versions: m.fixed_versions,
            evidence: m.evidence,
            match_kind: m.kind,
            confidence: m.confidence,
            suppressed_by: None,
        });
    }
    findings.sort_by(|a, b| {
        b.kev
            .cmp(&a.kev)
            .then(b.severity_level.cmp(&a.severity_level))
            .then_with(|| a.component.name.cmp(&b.component.name))
            .then_with(|| a.component.version.cmp(&b.component.version))
            .then_with(|| a.vulnerability.id.cmp(&b.vulnerability.id))
    });
    let by_ref: HashMap<usize, &str> = sbom
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.bom_ref.as_str()))
        .collect();
    let undecided = matches
        .undecided
        .into_iter()
        .map(|u| Undecided {
            bom_ref: by_ref.get(&u.component).copied().unwrap_or("").to_owned(),
            vulnerability: index
                .advisory(u.advisory)
                .map(|a| a.id.clone())
                .unwrap_or_default(),
            reason: u.reason,
        })
        .collect();
    Ok(ScanReport {
        findings,
        undecided,
        components: sbom.components.len(),
        identified,
        candidates,
    })
}
