//! Minimum-element and quality checks of an SBOM against a regulatory profile.
//!
//! A [`Profile`] is a list of [`Check`]s, each citing its source: the NTIA minimum elements,
//! the IMDRF N73 / MHLW guidance SBOM elements, the FDA premarket additions (level of support
//! and end-of-support date per component) and BSI TR-03183-2. A check applies to the document
//! or to each component; its result names the components that fail it. The profile's quality
//! score (0–100) weighs required checks twice as much as recommended ones, each by the share of
//! components that pass it.

mod profiles;

use medcyber_model::sbom::{Component, Sbom};
use medcyber_model::{Lang, Localized};
use serde::Serialize;

pub use profiles::checks_for;

/// A regulatory profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// NTIA "The Minimum Elements For a Software Bill of Materials" (2021).
    Ntia,
    /// IMDRF N73 (2023) and the MHLW guidance's SBOM annex (附属書A).
    Imdrf,
    /// FDA premarket cybersecurity guidance (2023, re-issued 2025): NTIA elements plus level
    /// of support and end-of-support date per component.
    Fda,
    /// BSI TR-03183-2 (v2.0.0, 2024).
    Bsi,
}

impl Profile {
    /// Every profile.
    pub const ALL: [Profile; 4] = [Profile::Ntia, Profile::Imdrf, Profile::Fda, Profile::Bsi];

    /// The profile's name as the CLI writes it.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Ntia => "ntia",
            Profile::Imdrf => "imdrf",
            Profile::Fda => "fda",
            Profile::Bsi => "bsi",
        }
    }

    /// The profile's title.
    pub fn title(self) -> Localized {
        match self {
            Profile::Ntia => Localized::new("NTIA minimum elements", "NTIA 最小要素"),
            Profile::Imdrf => Localized::new(
                "IMDRF N73 / MHLW guidance SBOM elements",
                "IMDRF N73・厚生労働省手引書 SBOM 要素",
            ),
            Profile::Fda => Localized::new(
                "FDA premarket SBOM (NTIA + support data)",
                "FDA 市販前 SBOM（NTIA 要素＋サポート情報）",
            ),
            Profile::Bsi => Localized::new(
                "BSI TR-03183-2 SBOM requirements",
                "BSI TR-03183-2 SBOM 要件",
            ),
        }
    }

    /// Parses a profile name.
    pub fn parse(name: &str) -> Option<Profile> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }
}

/// Whether a check must pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Requirement {
    /// The source requires it ("shall", "must", a minimum element).
    Required,
    /// The source recommends it.
    Recommended,
}

/// What a check looks at.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    /// The document once.
    Document(fn(&Sbom) -> Result<(), Localized>),
    /// Each component.
    Component(fn(&Context<'_>, &Component) -> Result<(), Localized>),
}

/// What a component check may consult besides the component: the document, and the bom-refs
/// that take part in a dependency edge (built once per run, so that a check over every
/// component stays linear in the size of the SBOM).
pub struct Context<'a> {
    /// The document.
    pub sbom: &'a Sbom,
    /// Every bom-ref at either end of a dependency edge.
    pub related: std::collections::HashSet<&'a str>,
}

/// One check of a profile.
#[derive(Clone, Debug)]
pub struct Check {
    /// A stable id (`ntia.supplier`).
    pub id: String,
    /// What is checked.
    pub title: Localized,
    /// Required or recommended.
    pub requirement: Requirement,
    /// The source document and section.
    pub source: &'static str,
    /// How well the requirement's wording is verified against the primary source.
    pub verified: bool,
    /// The test.
    pub target: Target,
}

/// A component that fails a check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The component's bom-ref (absent for document checks).
    pub bom_ref: Option<String>,
    /// Its name and version, for people.
    pub component: Option<String>,
    /// Why it fails.
    pub reason: String,
}

/// The outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every applicable item passes.
    Pass,
    /// Some item fails.
    Fail,
}

/// The result of one check.
#[derive(Clone, Debug, Serialize)]
pub struct CheckResult {
    /// The check id.
    pub id: String,
    /// What is checked, in the report's language.
    pub title: String,
    /// Required or recommended.
    pub requirement: Requirement,
    /// The source.
    pub source: &'static str,
    /// Whether the wording is verified against the primary source.
    pub verified: bool,
    /// Pass or fail.
    pub status: Status,
    /// Items that pass.
    pub passed: usize,
    /// Items checked.
    pub total: usize,
    /// Every failing item.
    pub failures: Vec<Failure>,
}

/// The result of a profile.
#[derive(Clone, Debug, Serialize)]
pub struct ProfileReport {
    /// The profile.
    pub profile: Profile,
    /// Its title, in the report's language.
    pub title: String,
    /// Quality score, 0–100.
    pub score: u8,
    /// True when every required check passes.
    pub passed: bool,
    /// Each check.
    pub checks: Vec<CheckResult>,
}

/// Runs one profile over an SBOM; texts in `lang`.
pub fn check(sbom: &Sbom, profile: Profile, lang: Lang) -> ProfileReport {
    let ctx = Context {
        sbom,
        related: sbom
            .dependencies
            .iter()
            .flat_map(|d| [d.from.as_str(), d.to.as_str()])
            .collect(),
    };
    let mut results = Vec::new();
    for check in checks_for(profile) {
        let mut failures = Vec::new();
        let total;
        match check.target {
            Target::Document(test) => {
                total = 1;
                if let Err(reason) = test(sbom) {
                    failures.push(Failure {
                        bom_ref: None,
                        component: None,
                        reason: reason.get(lang).to_owned(),
                    });
                }
            }
            Target::Component(test) => {
                total = sbom.components.len();
                for component in &sbom.components {
                    if let Err(reason) = test(&ctx, component) {
                        failures.push(Failure {
                            bom_ref: Some(component.bom_ref.clone()),
                            component: Some(describe(component)),
                            reason: reason.get(lang).to_owned(),
                        });
                    }
                }
            }
        }
        results.push(CheckResult {
            id: check.id.clone(),
            title: check.title.get(lang).to_owned(),
            requirement: check.requirement,
            source: check.source,
            verified: check.verified,
            status: if failures.is_empty() {
                Status::Pass
            } else {
                Status::Fail
            },
            passed: total - failures.len(),
            total,
            failures,
        });
    }
    let weight = |r: &CheckResult| match r.requirement {
        Requirement::Required => 2.0,
        Requirement::Recommended => 1.0,
    };
    let (mut got, mut max) = (0.0f64, 0.0f64);
    for r in &results {
        let share = if r.total == 0 {
            1.0
        } else {
            r.passed as f64 / r.total as f64
        };
        got += weight(r) * share;
        max += weight(r);
    }
    let score = if max == 0.0 {
        100.0
    } else {
        (100.0 * got / max).floor()
    };
    ProfileReport {
        profile,
        title: profile.title().get(lang).to_owned(),
        score: score.clamp(0.0, 100.0) as u8,
        passed: results
            .iter()
            .all(|r| r.requirement == Requirement::Recommended || r.status == Status::Pass),
        checks: results,
    }
}

/// `name version` of a component, for people.
pub fn describe(component: &Component) -> String {
    match &component.version {
        Some(v) => format!("{} {v}", component.name),
        None => component.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use medcyber_model::sbom::{Dependency, DependencyKind, Hash, Party, Support};
    use medcyber_model::{Component, ComponentKind};

    use super::*;

    fn device_sbom() -> Sbom {
        let pump = Component {
            bom_ref: "pump".into(),
            kind: ComponentKind::Device,
            name: "InfuStar pump".into(),
            version: Some("3.2".into()),
            supplier: Some(Box::new(Party::organization("Medi Devices KK"))),
            cpe: Some("cpe:2.3:h:medi:infustar:3.2:*:*:*:*:*:*:*".into()),
            ..Component::default()
        };
        let rtos = Component {
            bom_ref: "rtos".into(),
            name: "FreeRTOS".into(),
            version: Some("10.0.1".into()),
            supplier: Some(Box::new(Party::organization("Amazon"))),
            purl: Some("pkg:github/freertos/freertos-kernel@V10.0.1".into()),
            support: Support {
                level: Some("Actively maintained".into()),
                end_of_support: Some("2030-12-31".into()),
            },
            hashes: vec![Hash {
                alg: "SHA-512".into(),
                value: "ab".repeat(64),
            }],
            ..Component::default()
        };
        let blob = Component {
            bom_ref: "blob".into(),
            name: "vendor blob".into(),
            ..Component::default()
        };
        Sbom {
            timestamp: Some("2025-07-23T20:52:41Z".into()),
            authors: vec![Party {
                name: Some("PSIRT".into()),
                email: Some("psirt@medi.example".into()),
                ..Party::default()
            }],
            subject: vec!["pump".into()],
            components: vec![pump, rtos, blob],
            dependencies: vec![Dependency {
                from: "pump".into(),
                to: "rtos".into(),
                kind: DependencyKind::DependsOn,
            }],
            ..Sbom::default()
        }
    }

    fn result<'r>(report: &'r ProfileReport, id: &str) -> &'r CheckResult {
        report
            .checks
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no check {id}"))
    }

    #[test]
    fn ntia_names_failing_components() {
        let report = check(&device_sbom(), Profile::Ntia, Lang::En);
        let supplier = result(&report, "ntia.supplier");
        assert_eq!(
            (supplier.status, supplier.passed, supplier.total),
            (Status::Fail, 2, 3)
        );
        assert_eq!(supplier.failures[0].bom_ref.as_deref(), Some("blob"));
        assert_eq!(result(&report, "ntia.timestamp").status, Status::Pass);
        assert_eq!(result(&report, "ntia.dependencies").status, Status::Pass);
        let graph = result(&report, "ntia.graph");
        assert_eq!(graph.failures.len(), 1, "the blob is an orphan");
        assert!(!report.passed);
        // supplier 2/3, name 3/3, version 2/3, identifier 2/3, deps 1, author 1, timestamp 1
        // (all x2) and graph 2/3 (x1): (2*(2/3*3 + 4) + 2/3) / 15 = 0.844...
        assert_eq!(report.score, 84);
    }

    #[test]
    fn fda_requires_support_data_and_japanese_reasons() {
        let report = check(&device_sbom(), Profile::Fda, Lang::Ja);
        let support = result(&report, "fda.support");
        assert_eq!((support.passed, support.total), (1, 3));
        assert_eq!(support.failures[0].reason, "サポートレベルがない");
        assert_eq!(result(&report, "fda.end-of-support-date").passed, 1);
        assert_eq!(report.title, "FDA 市販前 SBOM（NTIA 要素＋サポート情報）");
    }

    #[test]
    fn a_complete_sbom_scores_100() {
        let mut sbom = device_sbom();
        sbom.components.truncate(2);
        sbom.components[0].support = sbom.components[1].support.clone();
        let report = check(&sbom, Profile::Fda, Lang::En);
        assert!(report.passed, "{report:#?}");
        assert_eq!(report.score, 100);
        let imdrf = check(&sbom, Profile::Imdrf, Lang::En);
        assert!(imdrf.passed);
        assert_eq!(result(&imdrf, "imdrf.matchable").status, Status::Pass);
    }

    #[test]
    fn bsi_checks_format_and_hashes() {
        let mut sbom = device_sbom();
        sbom.format = Some(medcyber_model::sbom::SbomFormat::CycloneDx);
        sbom.spec_version = Some("1.4".into());
        let report = check(&sbom, Profile::Bsi, Lang::En);
        assert_eq!(result(&report, "bsi.format").status, Status::Fail);
        assert_eq!(result(&report, "bsi.hash").passed, 1);
        assert_eq!(result(&report, "bsi.creator").status, Status::Pass);
        sbom.spec_version = Some("1.6".into());
        assert_eq!(
            result(&check(&sbom, Profile::Bsi, Lang::En), "bsi.format").status,
            Status::Pass
        );
    }
}
