//! Findings a supplier's VEX statement or a user's ignore rule speaks for: marked with
//! `suppressed_by` (kept in the report, left out of the table and of `--fail-on`).
//!
//! **VEX** (`--vex FILE...`, CycloneDX VEX, OpenVEX or CSAF; see `medcyber_feeds::vex`): the last
//! statement that applies to a finding decides (files in the order given, statements in document
//! order), so a later `affected` statement takes back an earlier `not_affected`. `not_affected`
//! and `fixed` suppress; the justification and the impact statement are shown. A supplier's
//! `affected` does not override the user's own ignore rule for the finding.
//!
//! **Ignore rules** (`--ignore FILE`, YAML): each rule names a vulnerability (id or alias), and
//! optionally a component (purl — without a version it covers every version —, CPE, bom-ref or
//! name), and must give a reason and an expiry date; after that date the rule no longer applies
//! and the scan says so. Unknown fields are errors, so a misspelt key never silently widens or
//! narrows a rule.
//!
//! ```yaml
//! rules:
//!   - id: RA-2026-014
//!     vulnerability: CVE-2024-28115
//!     component: pkg:github/freertos/freertos
//!     reason: The MPU port is not built into this device (design document DD-12, section 4).
//!     expires: 2027-03-31
//! ```

use std::path::Path;

use jiff::civil::Date;
use medcyber_model::finding::Suppression;
use medcyber_model::vex::{VexProduct, VexStatement};
use medcyber_model::{Finding, Sbom};
use serde::Deserialize;

use crate::CoreError;

/// One ignore rule.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreRule {
    /// A name for the rule (a risk-acceptance number, say).
    #[serde(default)]
    pub id: Option<String>,
    /// The vulnerability id or alias.
    pub vulnerability: String,
    /// The component: purl, CPE, bom-ref or name; absent means every component.
    #[serde(default)]
    pub component: Option<String>,
    /// Why the finding is accepted.
    pub reason: String,
    /// The last day the rule applies (`YYYY-MM-DD`).
    pub expires: Date,
}

impl IgnoreRule {
    /// The rule's name: its id, else its vulnerability (and component).
    pub fn label(&self) -> String {
        match (&self.id, &self.component) {
            (Some(id), _) => id.clone(),
            (None, Some(c)) => format!("{} on {c}", self.vulnerability),
            (None, None) => self.vulnerability.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IgnoreFile {
    rules: Vec<IgnoreRule>,
}

/// Reads an ignore file; every rule needs a vulnerability, a non-empty reason and an expiry.
pub fn read_ignore(path: &Path) -> Result<Vec<IgnoreRule>, CoreError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CoreError::Input(format!("{}: cannot read: {e}", path.display())))?;
    let file: IgnoreFile = serde_norway::from_str(&text).map_err(|e| {
        let at = e
            .location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default();
        CoreError::Input(format!("{}{at}: not an ignore file: {e}", path.display()))
    })?;
    for (i, r) in file.rules.iter().enumerate() {
        if r.reason.trim().is_empty() || r.vulnerability.trim().is_empty() {
            return Err(CoreError::Input(format!(
                "{}: rule {} ({}): the vulnerability and the reason must not be empty",
                path.display(),
                i + 1,
                r.label()
            )));
        }
    }
    Ok(file.rules)
}

/// Reads VEX documents, in order.
pub fn read_vex(paths: &[std::path::PathBuf]) -> Result<Vec<VexStatement>, CoreError> {
    let mut out = Vec::new();
    for p in paths {
        out.extend(medcyber_feeds::vex::read(p).map_err(|e| CoreError::Input(e.to_string()))?);
    }
    Ok(out)
}

/// The statement that decides a finding. A finding whose advisory covers several CVEs (a CSAF
/// advisory, a GHSA merging CVEs) is decided by a statement naming the advisory itself, or else
/// only when every one of its CVEs has a suppressing statement — one CVE's `not_affected` never
/// silences the others.
fn vex_decision<'v>(
    vex: &'v [VexStatement],
    ids: &[&str],
    sbom: &Sbom,
    component: usize,
) -> Option<&'v VexStatement> {
    let last = |ids: &[&str]| {
        vex.iter()
            .rev()
            .find(|s| medcyber_matcher::vex::applies(s, ids, sbom, component))
    };
    let cves: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|i| i.starts_with("CVE-"))
        .collect();
    if cves.len() <= 1 {
        return last(ids);
    }
    let own: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|i| !i.starts_with("CVE-"))
        .collect();
    if let Some(s) = last(&own) {
        return Some(s);
    }
    let per_cve: Vec<Option<&VexStatement>> = cves.iter().map(|c| last(&[*c])).collect();
    if per_cve
        .iter()
        .all(|s| s.is_some_and(|s| s.status.suppresses()))
    {
        return per_cve.into_iter().flatten().next();
    }
    // Some CVE is not covered (or is affected): the finding stands, as the first statement
    // saying affected shows, if any.
    per_cve
        .into_iter()
        .flatten()
        .find(|s| !s.status.suppresses())
}

fn rule_covers(rule: &IgnoreRule, ids: &[&str], sbom: &Sbom, component: usize) -> bool {
    if !ids
        .iter()
        .any(|id| id.eq_ignore_ascii_case(&rule.vulnerability))
    {
        return false;
    }
    let Some(target) = &rule.component else {
        return true;
    };
    let Some(c) = sbom.components.get(component) else {
        return false;
    };
    let product = if target.starts_with("pkg:") {
        VexProduct {
            purls: vec![target.clone()],
            ..VexProduct::default()
        }
    } else if target.starts_with("cpe:") {
        VexProduct {
            cpes: vec![target.clone()],
            ..VexProduct::default()
        }
    } else {
        return c.bom_ref == *target || c.name.eq_ignore_ascii_case(target);
    };
    medcyber_matcher::vex::names(&product, sbom, c)
}

/// Marks the findings that VEX statements or live ignore rules speak for; returns a warning per
/// expired rule.
pub fn apply(
    findings: &mut [Finding],
    sbom: &Sbom,
    vex: &[VexStatement],
    rules: &[IgnoreRule],
    today: Date,
) -> Vec<String> {
    let position: std::collections::HashMap<&str, usize> = sbom
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.bom_ref.as_str(), i))
        .collect();
    let (live, expired): (Vec<&IgnoreRule>, Vec<&IgnoreRule>) =
        rules.iter().partition(|r| r.expires >= today);
    for f in findings.iter_mut() {
        let Some(&ci) = position.get(f.component.bom_ref.as_str()) else {
            continue;
        };
        let ids: Vec<&str> = std::iter::once(f.vulnerability.id.as_str())
            .chain(f.vulnerability.aliases.iter().map(String::as_str))
            .collect();
        // A supplier's `not_affected` or `fixed` decides; a supplier's `affected` leaves the
        // finding to the user's own ignore rules (a risk acceptance).
        if let Some(s) = vex_decision(vex, &ids, sbom, ci).filter(|s| s.status.suppresses()) {
            f.suppressed_by = Some(Suppression {
                kind: "vex".to_owned(),
                status: s.status.as_str().to_owned(),
                justification: s.justification.clone(),
                detail: s.detail.clone(),
                action: s.action.clone(),
                source: s.source.clone(),
            });
            continue;
        }
        if let Some(rule) = live.iter().find(|r| rule_covers(r, &ids, sbom, ci)) {
            f.suppressed_by = Some(Suppression {
                kind: "ignore".to_owned(),
                status: rule.label(),
                justification: None,
                detail: Some(format!("{} (until {})", rule.reason, rule.expires)),
                action: None,
                source: "ignore file".to_owned(),
            });
        }
    }
    expired
        .iter()
        .map(|r| {
            format!(
                "ignore rule {} expired on {}; what it covered is reported again",
                r.label(),
                r.expires
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use medcyber_model::finding::{FindingComponent, FindingVulnerability};
    use medcyber_model::vex::VexStatus;
    use medcyber_model::{Component, Confidence, MatchKind};

    fn finding(bom_ref: &str, id: &str) -> Finding {
        Finding {
            component: FindingComponent {
                bom_ref: bom_ref.into(),
                name: bom_ref.into(),
                ..FindingComponent::default()
            },
            vulnerability: FindingVulnerability {
                id: id.into(),
                aliases: vec!["GHSA-1".into()],
                summary: None,
            },
            source: medcyber_model::advisory::Source::Osv,
            database: None,
            severity: vec![],
            severity_level: None,
            kev: false,
            kev_entry: None,
            epss: None,
            fixed_versions: vec![],
            evidence: String::new(),
            match_kind: MatchKind::Purl,
            confidence: Confidence::High,
            suppressed_by: None,
        }
    }

    fn sbom() -> Sbom {
        Sbom {
            subject: vec!["dev".into()],
            components: ["dev", "a", "b"]
                .iter()
                .map(|r| Component {
                    bom_ref: (*r).into(),
                    name: (*r).into(),
                    purl: Some(format!("pkg:npm/{r}@1.0.0")),
                    ..Component::default()
                })
                .collect(),
            ..Sbom::default()
        }
    }

    fn date(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn the_last_applicable_statement_decides() {
        let s = sbom();
        let not_affected = VexStatement {
            vulnerability: "GHSA-1".into(),
            aliases: vec![],
            products: vec![VexProduct {
                purls: vec!["pkg:npm/a".into()],
                ..VexProduct::default()
            }],
            status: VexStatus::NotAffected,
            justification: Some("component_not_present".into()),
            detail: None,
            action: None,
            source: "a.vex.json".into(),
        };
        let mut f = vec![finding("a", "CVE-1"), finding("b", "CVE-1")];
        apply(
            &mut f,
            &s,
            std::slice::from_ref(&not_affected),
            &[],
            date("2026-01-01"),
        );
        assert_eq!(
            f[0].suppressed_by.as_ref().map(|x| x.status.as_str()),
            Some("not_affected")
        );
        assert!(f[1].suppressed_by.is_none());
        let mut retracted = not_affected.clone();
        retracted.status = VexStatus::Affected;
        let mut f = vec![finding("a", "CVE-1")];
        apply(
            &mut f,
            &s,
            &[not_affected, retracted],
            &[],
            date("2026-01-01"),
        );
        assert!(f[0].suppressed_by.is_none());
    }

    #[test]
    fn one_cve_of_many_does_not_silence_the_advisory() {
        let s = sbom();
        let statement = |cve: &str| VexStatement {
            vulnerability: cve.into(),
            aliases: vec![],
            products: vec![VexProduct {
                bom_ref: Some("dev".into()),
                ..VexProduct::default()
            }],
            status: VexStatus::NotAffected,
            justification: Some("vulnerable_code_not_present".into()),
            detail: None,
            action: None,
            source: "v".into(),
        };
        let advisory = |f: &mut Finding| {
            f.vulnerability.id = "ICSMA-1".into();
            f.vulnerability.aliases = vec!["CVE-2024-1".into(), "CVE-2024-2".into()];
        };
        let mut f = vec![finding("a", "x")];
        advisory(&mut f[0]);
        apply(
            &mut f,
            &s,
            &[statement("CVE-2024-1")],
            &[],
            date("2026-01-01"),
        );
        assert!(f[0].suppressed_by.is_none(), "one of two CVEs");
        apply(
            &mut f,
            &s,
            &[statement("CVE-2024-1"), statement("CVE-2024-2")],
            &[],
            date("2026-01-01"),
        );
        assert!(f[0].suppressed_by.is_some(), "both CVEs");
        let mut g = vec![finding("a", "x")];
        advisory(&mut g[0]);
        apply(&mut g, &s, &[statement("ICSMA-1")], &[], date("2026-01-01"));
        assert!(g[0].suppressed_by.is_some(), "the advisory itself");
    }

    #[test]
    fn ignore_rules_expire() {
        let s = sbom();
        let rule = IgnoreRule {
            id: None,
            vulnerability: "CVE-1".into(),
            component: Some("pkg:npm/b".into()),
            reason: "accepted".into(),
            expires: date("2026-06-30"),
        };
        let mut f = vec![finding("a", "CVE-1"), finding("b", "CVE-1")];
        let warnings = apply(
            &mut f,
            &s,
            &[],
            std::slice::from_ref(&rule),
            date("2026-06-30"),
        );
        assert!(warnings.is_empty());
        assert!(f[0].suppressed_by.is_none());
        assert_eq!(
            f[1].suppressed_by.as_ref().map(|x| x.kind.as_str()),
            Some("ignore")
        );
        // A supplier's `affected` statement does not take the user's risk acceptance away.
        let affected = VexStatement {
            vulnerability: "CVE-1".into(),
            aliases: vec![],
            products: vec![VexProduct {
                purls: vec!["pkg:npm/b".into()],
                ..VexProduct::default()
            }],
            status: VexStatus::Affected,
            justification: None,
            detail: None,
            action: None,
            source: "v".into(),
        };
        let mut f = vec![finding("b", "CVE-1")];
        apply(
            &mut f,
            &s,
            &[affected],
            std::slice::from_ref(&rule),
            date("2026-06-30"),
        );
        assert_eq!(
            f[0].suppressed_by.as_ref().map(|x| x.kind.as_str()),
            Some("ignore")
        );
        let mut f = vec![finding("b", "CVE-1")];
        let warnings = apply(&mut f, &s, &[], &[rule], date("2026-07-01"));
        assert!(f[0].suppressed_by.is_none());
        assert!(
            warnings[0].contains("expired on 2026-06-30"),
            "{warnings:?}"
        );
    }

    #[test]
    fn ignore_files_are_strict() {
        let dir = std::env::temp_dir().join(format!("medcyber-ignore-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let p = dir.join("i.yaml");
        std::fs::write(
            &p,
            "rules:\n  - vulnerability: CVE-1\n    reason: ok\n    expires: 2027-01-01\n",
        )
        .expect("w");
        assert_eq!(read_ignore(&p).expect("read").len(), 1);
        std::fs::write(&p, "rules:\n  - vulnerability: CVE-1\n    reason: ok\n").expect("w");
        assert!(read_ignore(&p).is_err(), "expiry required");
        std::fs::write(&p, "rules:\n  - vulnerability: CVE-1\n    reason: ok\n    expires: 2027-01-01\n    componnet: x\n").expect("w");
        let e = read_ignore(&p).expect_err("unknown field").to_string();
        assert!(e.contains("componnet"), "{e}");
        std::fs::write(
            &p,
            "rules:\n  - vulnerability: CVE-1\n    reason: ' '\n    expires: 2027-01-01\n",
        )
        .expect("w");
        assert!(read_ignore(&p).is_err(), "empty reason");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
