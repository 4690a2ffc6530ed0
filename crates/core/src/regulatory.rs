//! Medical risk decisions on findings and the regulatory clocks they start.
//!
//! A manufacturer decides, per finding, the patient-harm severity, whether the risk is
//! controlled or uncontrolled (FDA postmarket guidance) with its rationale, the date it became
//! aware, and which regulatory reports apply. Each report (`data/regulatory/*.yaml`: Japan's
//! malfunction reports, FDA's uncontrolled-risk remediation, Part 806 and 803 reports, EU MDR
//! vigilance and CRA reporting — every one citing its source and how well it was verified)
//! has clocks that start on the awareness date or on the date a fix became available. A
//! clock stops when the step is recorded as done with its reference. Views judge the clocks on
//! a given day (`today`), so they are reproducible; the server passes the current UTC date.

use std::collections::HashMap;
use std::sync::LazyLock;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use medcyber_model::Localized;
use medcyber_model::risk::{CvssProfile, HarmSeverity, RiskAssessment, RiskControl, Submission};
use medcyber_store::{RiskRow, Store};
use serde::{Deserialize, Serialize};

use crate::CoreError;
use crate::audit::{self, Event, snapshot};
use crate::lifecycle::days_until;
use crate::refusal::Refusal;
use crate::tenancy::{Action, Principal};

/// Days before its due date in which an open clock is "due soon".
pub const DUE_SOON_DAYS: i64 = 7;

/// What a clock starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStart {
    /// The date the manufacturer became aware.
    Aware,
    /// The date a fix or mitigation became available to customers.
    FixAvailable,
}

impl ClockStart {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockStart::Aware => "aware",
            ClockStart::FixAvailable => "fix_available",
        }
    }
}

/// A deadline: a step due some time after its start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clock {
    /// Its stable id.
    pub id: String,
    /// What is due, in English and Japanese.
    pub title: Localized,
    /// What starts it.
    pub from: ClockStart,
    /// Calendar days.
    #[serde(default)]
    pub days: Option<u32>,
    /// Working days (Monday to Friday).
    #[serde(default)]
    pub working_days: Option<u32>,
    /// Hours (dates are kept to the day: due on the start plus the hours in days, rounded up).
    #[serde(default)]
    pub hours: Option<u32>,
}

impl Clock {
    /// The due date of a clock started on `start`.
    pub fn due(&self, start: Date) -> Option<Date> {
        if let Some(d) = self.days {
            return start.checked_add(i64::from(d).days()).ok();
        }
        if let Some(h) = self.hours {
            return start.checked_add(i64::from(h.div_ceil(24)).days()).ok();
        }
        let mut left = self.working_days?;
        let mut day = start;
        while left > 0 {
            day = day.tomorrow().ok()?;
            if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
                left -= 1;
            }
        }
        Some(day)
    }

    /// Its duration as people read it (`15 days`, `10 working days`, `24 hours`).
    pub fn duration(&self) -> (u32, &'static str) {
        match (self.days, self.working_days, self.hours) {
            (Some(d), _, _) => (d, "days"),
            (_, Some(w), _) => (w, "working_days"),
            (_, _, Some(h)) => (h, "hours"),
            _ => (0, "days"),
        }
    }
}

/// When the UI proposes a report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggest {
    /// The patient-harm severity is at least this.
    #[serde(default)]
    pub harm_at_least: Option<HarmSeverity>,
    /// The FDA postmarket decision is this.
    #[serde(default)]
    pub control: Option<RiskControl>,
    /// The vulnerability is on the KEV list.
    #[serde(default)]
    pub kev: Option<bool>,
}

/// A regulatory report with its clocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Its stable id.
    pub id: String,
    /// Its jurisdiction (`JP`, `US`, `EU`), from its file.
    #[serde(default)]
    pub jurisdiction: String,
    /// Its name.
    pub title: Localized,
    /// When it applies.
    pub help: Localized,
    /// When the UI proposes it.
    #[serde(default)]
    pub suggest: Option<Suggest>,
    /// Its clocks.
    pub clocks: Vec<Clock>,
    /// The source: law, regulation, guidance and section.
    pub source: String,
    /// `V`, `P` or `U` (see `data/regulatory/README.md`).
    pub verified: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    jurisdiction: String,
    #[allow(dead_code)]
    name: Localized,
    reports: Vec<Report>,
}

/// The embedded rule files.
const FILES: [(&str, &str); 3] = [
    ("jp.yaml", include_str!("../../../data/regulatory/jp.yaml")),
    ("us.yaml", include_str!("../../../data/regulatory/us.yaml")),
    ("eu.yaml", include_str!("../../../data/regulatory/eu.yaml")),
];

static REPORTS: LazyLock<Result<Vec<Report>, String>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for (name, text) in FILES {
        let file: RuleFile =
            serde_norway::from_str(text).map_err(|e| format!("data/regulatory/{name}: {e}"))?;
        for mut r in file.reports {
            r.jurisdiction.clone_from(&file.jurisdiction);
            out.push(r);
        }
    }
    Ok(out)
});

/// Every regulatory report, by jurisdiction (`data/regulatory/*.yaml`, embedded).
pub fn reports() -> Result<&'static [Report], CoreError> {
    REPORTS
        .as_ref()
        .map(Vec::as_slice)
        .map_err(|e| CoreError::Input(e.clone()))
}

/// Where a clock stands on the day judged by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Done (a submission recorded).
    Done,
    /// Past its due date.
    Overdue,
    /// Due within [`DUE_SOON_DAYS`].
    DueSoon,
    /// Running.
    Open,
    /// Not started: it starts when a fix becomes available.
    NotStarted,
}

impl ClockState {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockState::Done => "done",
            ClockState::Overdue => "overdue",
            ClockState::DueSoon => "due_soon",
            ClockState::Open => "open",
            ClockState::NotStarted => "not_started",
        }
    }
}

/// A clock of a finding's risk decision on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClockStatus {
    /// The report's id.
    pub report: String,
    /// The jurisdiction.
    pub jurisdiction: String,
    /// The report's name.
    pub report_title: Localized,
    /// The clock.
    pub clock: Clock,
    /// The report's source.
    pub source: String,
    /// How well it was verified.
    pub verified: String,
    /// When it started (ISO 8601 date), once it has.
    pub started: Option<String>,
    /// When it is due, once started.
    pub due: Option<String>,
    /// Days left (negative: overdue), while open.
    pub days_left: Option<i64>,
    /// Where it stands.
    pub state: ClockState,
    /// The submission that stopped it.
    pub submission: Option<Submission>,
}

fn parse_day(s: &str) -> Option<Date> {
    s.parse::<Date>().ok()
}

/// The clocks of a risk decision on `day`, with the submissions recorded for the finding.
pub fn clocks(
    assessment: &RiskAssessment,
    submissions: &[Submission],
    day: Date,
) -> Result<Vec<ClockStatus>, CoreError> {
    let mut done: HashMap<&str, &Submission> = HashMap::new();
    for s in submissions {
        done.insert(&s.clock, s);
    }
    let all = reports()?;
    let mut out = Vec::new();
    for id in &assessment.reports {
        let Some(report) = all.iter().find(|r| &r.id == id) else {
            continue;
        };
        for clock in &report.clocks {
            let start = match clock.from {
                ClockStart::Aware => parse_day(&assessment.aware),
                ClockStart::FixAvailable => assessment.fix_available.as_deref().and_then(parse_day),
            };
            let due = start.and_then(|s| clock.due(s));
            let submission = done.get(clock.id.as_str()).map(|s| (*s).clone());
            let days_left = due.map(|d| days_until(day, d));
            let state = match (&submission, days_left) {
                (Some(_), _) => ClockState::Done,
                (None, None) => ClockState::NotStarted,
                (None, Some(n)) if n < 0 => ClockState::Overdue,
                (None, Some(n)) if n <= DUE_SOON_DAYS => ClockState::DueSoon,
                (None, Some(_)) => ClockState::Open,
            };
            out.push(ClockStatus {
                report: report.id.clone(),
                jurisdiction: report.jurisdiction.clone(),
                report_title: report.title.clone(),
                clock: clock.clone(),
                source: report.source.clone(),
                verified: report.verified.clone(),
                started: start.map(|d| d.to_string()),
                due: due.map(|d| d.to_string()),
                days_left: if submission.is_some() {
                    None
                } else {
                    days_left
                },
                state,
                submission,
            });
        }
    }
    Ok(out)
}

/// The reports the UI proposes for a decision on a finding (never selected by themselves).
pub fn suggested(
    harm: HarmSeverity,
    control: RiskControl,
    kev: bool,
) -> Result<Vec<String>, CoreError> {
    Ok(reports()?
        .iter()
        .filter(|r| {
            r.suggest.as_ref().is_some_and(|s| {
                s.harm_at_least.is_some_and(|h| harm >= h)
                    || s.control == Some(control)
                    || (s.kev == Some(true) && kev)
            })
        })
        .map(|r| r.id.clone())
        .collect())
}

/// A new risk decision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RiskInput {
    /// The patient-harm severity (`negligible` … `catastrophic`).
    pub harm: String,
    /// `controlled` or `uncontrolled`.
    pub control: String,
    /// Why.
    pub rationale: String,
    /// When the manufacturer became aware (ISO 8601 date, not in the future).
    pub aware: String,
    /// When a fix became available (ISO 8601 date, not before awareness), if it has.
    pub fix_available: Option<String>,
    /// The applicable reports' ids.
    #[serde(default)]
    pub reports: Vec<String>,
    /// A controlled risk accepted until this date (ISO 8601); the rationale is the reason.
    #[serde(default)]
    pub accepted_until: Option<String>,
    /// Who owns the acceptance.
    #[serde(default)]
    pub acceptance_owner: Option<String>,
}

fn refused(code: &'static str, args: &[(&'static str, &str)]) -> CoreError {
    CoreError::Refused(Refusal::new(code, args))
}

fn date_in(field: &'static str, value: &str, day: Date) -> Result<Date, CoreError> {
    let d = value.trim().parse::<Date>().map_err(|_| {
        refused(
            "risk-date-invalid",
            &[("field", field), ("value", value.trim())],
        )
    })?;
    if d > day {
        return Err(refused("risk-date-future", &[("field", field)]));
    }
    Ok(d)
}

/// A required free text: [`crate::refusal::long_text`], and not empty.
fn text(value: &str, code: &'static str) -> Result<String, CoreError> {
    match crate::refusal::long_text(code, value) {
        Ok(t) if !t.is_empty() => Ok(t),
        Ok(_) => Err(refused(code, &[])),
        Err(r) => Err(CoreError::Refused(r)),
    }
}

/// Records a risk decision on a finding of the principal's organisation.
pub async fn assess(
    store: &Store,
    principal: &Principal,
    finding: &str,
    input: &RiskInput,
    day: Date,
) -> Result<RiskAssessment, CoreError> {
    principal.require(Action::Triage)?;
    let f = store
        .finding(&principal.org, finding)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("no finding `{finding}`")))?;
    let harm = HarmSeverity::parse(input.harm.trim())
        .ok_or_else(|| refused("risk-harm-unknown", &[("value", input.harm.trim())]))?;
    let control = RiskControl::parse(input.control.trim())
        .ok_or_else(|| refused("risk-control-unknown", &[("value", input.control.trim())]))?;
    let rationale = text(&input.rationale, "risk-rationale-needed")?;
    let aware = date_in("aware", &input.aware, day)?;
    let fix_available = match input.fix_available.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => {
            let d = date_in("fix_available", v, day)?;
            if d < aware {
                return Err(refused("risk-fix-before-aware", &[]));
            }
            Some(d.to_string())
        }
    };
    let until = input
        .accepted_until
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let owner = input
        .acceptance_owner
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let (accepted_until, acceptance_owner) = match (until, owner) {
        (None, None) => (None, None),
        (Some(until), Some(owner)) => {
            if control != RiskControl::Controlled {
                return Err(refused("risk-acceptance-uncontrolled", &[]));
            }
            let d = until.parse::<Date>().map_err(|_| {
                refused(
                    "risk-date-invalid",
                    &[("field", "accepted_until"), ("value", until)],
                )
            })?;
            if d <= aware {
                return Err(refused("risk-acceptance-date", &[]));
            }
            let owner =
                crate::refusal::name("risk-acceptance-owner", owner).map_err(CoreError::Refused)?;
            (Some(d.to_string()), Some(owner))
        }
        _ => return Err(refused("risk-acceptance-owner", &[])),
    };
    let known = reports()?;
    let mut chosen: Vec<String> = Vec::new();
    for r in &input.reports {
        let r = r.trim();
        if !known.iter().any(|k| k.id == r) {
            return Err(refused("risk-report-unknown", &[("report", r)]));
        }
        if !chosen.iter().any(|c| c == r) {
            chosen.push(r.to_owned());
        }
    }
    let assessment = RiskAssessment {
        id: uuid::Uuid::new_v4().to_string(),
        org: principal.org.clone(),
        finding: f.id.clone(),
        product_version: f.product_version.clone(),
        harm,
        control,
        rationale,
        aware: aware.to_string(),
        fix_available,
        reports: chosen,
        accepted_until,
        acceptance_owner,
        author: principal.actor(),
        at: medcyber_store::now_micros(),
    };
    let mut change = store.change().await?;
    change
        .insert_risk(&assessment, &f.finding.vulnerability.id, &f.component_key)
        .await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "risk.assess",
            object_kind: "finding",
            object_id: &f.id,
            before: None,
            after: snapshot(&assessment),
        },
    )
    .await?;
    change.commit().await?;
    Ok(assessment)
}

/// Records a clock's step as done for a finding (a report submitted, customers told).
pub async fn record_submission(
    store: &Store,
    principal: &Principal,
    finding: &str,
    clock: &str,
    done: &str,
    reference: &str,
    day: Date,
) -> Result<Submission, CoreError> {
    principal.require(Action::Triage)?;
    let risks = store.risks(&principal.org, Some(finding)).await?;
    let Some(current) = risks.last() else {
        return Err(CoreError::NotFound(format!(
            "finding `{finding}` has no risk decision"
        )));
    };
    let applies = reports()?.iter().any(|r| {
        current.assessment.reports.contains(&r.id) && r.clocks.iter().any(|c| c.id == clock)
    });
    if !applies {
        return Err(refused("risk-clock-unknown", &[("clock", clock)]));
    }
    let done = date_in("done", done, day)?;
    let submission = Submission {
        id: uuid::Uuid::new_v4().to_string(),
        org: principal.org.clone(),
        finding: current.assessment.finding.clone(),
        clock: clock.to_owned(),
        done: done.to_string(),
        reference: text(reference, "risk-reference-needed")?,
        recorded_by: principal.actor(),
        at: medcyber_store::now_micros(),
    };
    let mut change = store.change().await?;
    change.insert_submission(&submission).await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "risk.submission",
            object_kind: "finding",
            object_id: &submission.finding,
            before: None,
            after: snapshot(&submission),
        },
    )
    .await?;
    change.commit().await?;
    Ok(submission)
}

/// A vector every CVSS 3.x environment is checked against.
const REFERENCE_V3: &str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
/// A vector every CVSS 4.0 environment is checked against.
const REFERENCE_V4: &str = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

/// A new CVSS profile of a product.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ProfileInput {
    /// Its name, unique in the product.
    pub name: String,
    /// CVSS 3.x environmental metrics.
    pub v3: Option<String>,
    /// CVSS 4.0 environmental metrics.
    pub v4: Option<String>,
    /// The deployment it describes.
    pub note: Option<String>,
}

fn environment(
    version: &'static str,
    reference: &str,
    metrics: Option<&str>,
) -> Result<Option<String>, CoreError> {
    let Some(m) = metrics
        .map(|m| m.trim().trim_matches('/'))
        .filter(|m| !m.is_empty())
    else {
        return Ok(None);
    };
    medcyber_cvss::with_environment(reference, m).map_err(|e| {
        refused(
            "profile-metrics-invalid",
            &[("version", version), ("detail", &e.message)],
        )
    })?;
    Ok(Some(m.to_owned()))
}

/// Creates a CVSS environment profile of a product of the principal's organisation.
pub async fn create_profile(
    store: &Store,
    principal: &Principal,
    product: &str,
    input: &ProfileInput,
) -> Result<CvssProfile, CoreError> {
    principal.require(Action::Write)?;
    store
        .product(&principal.org, product)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("no product `{product}`")))?;
    let name =
        crate::refusal::name("profile-name-invalid", &input.name).map_err(CoreError::Refused)?;
    let v3 = environment("3.x", REFERENCE_V3, input.v3.as_deref())?;
    let v4 = environment("4.0", REFERENCE_V4, input.v4.as_deref())?;
    if v3.is_none() && v4.is_none() {
        return Err(refused("profile-empty", &[]));
    }
    let note = crate::refusal::long_text(
        "lifecycle-text-invalid",
        input.note.as_deref().unwrap_or(""),
    )
    .map_err(CoreError::Refused)?;
    let profile = CvssProfile {
        id: uuid::Uuid::new_v4().to_string(),
        org: principal.org.clone(),
        product: product.to_owned(),
        name,
        v3,
        v4,
        note,
        created_by: principal.actor(),
        at: medcyber_store::now_micros(),
    };
    let mut change = store.change().await?;
    change.insert_cvss_profile(&profile).await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "cvss_profile.create",
            object_kind: "cvss_profile",
            object_id: &profile.id,
            before: None,
            after: snapshot(&profile),
        },
    )
    .await?;
    change.commit().await?;
    Ok(profile)
}

/// The CVSS profiles of a product of the principal's organisation.
pub async fn profiles(
    store: &Store,
    principal: &Principal,
    product: &str,
) -> Result<Vec<CvssProfile>, CoreError> {
    principal.require(Action::Read)?;
    store
        .product(&principal.org, product)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("no product `{product}`")))?;
    Ok(store.cvss_profiles(&principal.org, product).await?)
}

/// A finding's CVSS vector rescored in one of its product's environments.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rescored {
    /// The profile's id.
    pub profile: String,
    /// The profile's name.
    pub profile_name: String,
    /// Who assessed the base vector.
    pub assessor: Option<String>,
    /// The base vector, as its source gives it.
    pub base_vector: String,
    /// Its base score.
    pub base_score: f64,
    /// The vector in the environment.
    pub vector: String,
    /// The score in the environment.
    pub score: f64,
    /// Its severity (`Low` … `Critical`).
    pub severity: String,
}

/// Every CVSS 3.x and 4.0 vector of a finding, rescored in each profile that has metrics for
/// its version (vectors that do not parse are left out: the finding page shows them as given).
pub fn rescore(
    severity: &[medcyber_model::advisory::SeverityScore],
    profiles: &[CvssProfile],
) -> Vec<Rescored> {
    let mut out = Vec::new();
    for p in profiles {
        for s in severity {
            let metrics = if s.vector.starts_with("CVSS:3.") {
                p.v3.as_deref()
            } else if s.vector.starts_with("CVSS:4.0/") {
                p.v4.as_deref()
            } else {
                None
            };
            let Some(metrics) = metrics else { continue };
            let (Ok(base), Ok(v)) = (
                medcyber_cvss::parse(&s.vector),
                medcyber_cvss::with_environment(&s.vector, metrics),
            ) else {
                continue;
            };
            let (score, severity) = v.environmental();
            out.push(Rescored {
                profile: p.id.clone(),
                profile_name: p.name.clone(),
                assessor: s.assessor.clone(),
                base_vector: s.vector.clone(),
                base_score: base.base().0,
                vector: v.to_string(),
                score,
                severity: severity.as_str().to_owned(),
            });
        }
    }
    out
}

/// Days before its expiry in which a risk acceptance is "expiring".
pub const ACCEPTANCE_EXPIRING_DAYS: i64 = 30;

/// A risk acceptance on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Acceptance {
    /// Who owns it.
    pub owner: String,
    /// Until when (ISO 8601 date).
    pub until: String,
    /// The reason (the decision's rationale).
    pub reason: String,
    /// `active`, `expiring` (within [`ACCEPTANCE_EXPIRING_DAYS`]) or `expired` (the finding is
    /// open again until a new decision).
    pub state: &'static str,
    /// Days left (negative: expired).
    pub days_left: i64,
}

/// The acceptance of a decision on `day`, if it has one.
pub fn acceptance(a: &RiskAssessment, day: Date) -> Option<Acceptance> {
    let until = parse_day(a.accepted_until.as_deref()?)?;
    let days_left = days_until(day, until);
    Some(Acceptance {
        owner: a.acceptance_owner.clone().unwrap_or_default(),
        until: until.to_string(),
        reason: a.rationale.clone(),
        state: if days_left <= 0 {
            "expired"
        } else if days_left <= ACCEPTANCE_EXPIRING_DAYS {
            "expiring"
        } else {
            "active"
        },
        days_left,
    })
}

/// A finding's risk acceptance in the organisation's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AcceptanceEntry {
    /// The finding.
    pub finding: String,
    /// The vulnerability.
    pub vulnerability: String,
    /// The component's identity.
    pub component: String,
    /// The product's name.
    pub product_name: String,
    /// The version string.
    pub version: String,
    /// The acceptance.
    pub acceptance: Acceptance,
}

/// The risk acceptances of the organisation's current decisions on `day`, expired ones (the
/// findings open again) first, then by expiry.
pub async fn acceptances(
    store: &Store,
    principal: &Principal,
    day: Date,
) -> Result<Vec<AcceptanceEntry>, CoreError> {
    principal.require(Action::Read)?;
    Ok(acceptances_of(
        &current_risks(store, &principal.org).await?,
        day,
    ))
}

fn acceptances_of(rows: &[RiskRow], day: Date) -> Vec<AcceptanceEntry> {
    let mut out: Vec<AcceptanceEntry> = rows
        .iter()
        .filter_map(|row| {
            acceptance(&row.assessment, day).map(|acceptance| AcceptanceEntry {
                finding: row.assessment.finding.clone(),
                vulnerability: row.vulnerability.clone(),
                component: row.component.clone(),
                product_name: row.product_name.clone(),
                version: row.version.clone(),
                acceptance,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.acceptance.days_left, &a.finding).cmp(&(b.acceptance.days_left, &b.finding))
    });
    out
}

/// The current (latest) risk decision of every finding of an organisation.
async fn current_risks(store: &Store, org: &str) -> Result<Vec<RiskRow>, CoreError> {
    let mut current: HashMap<String, RiskRow> = HashMap::new();
    for r in store.risks(org, None).await? {
        current.insert(r.assessment.finding.clone(), r);
    }
    Ok(current.into_values().collect())
}

/// A finding's risk decisions and clocks on a day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingRisk {
    /// The finding.
    pub finding: String,
    /// The day judged by.
    pub today: String,
    /// The current decision.
    pub current: Option<RiskAssessment>,
    /// Every decision, newest first.
    pub history: Vec<RiskAssessment>,
    /// The current decision's clocks.
    pub clocks: Vec<ClockStatus>,
    /// The reports proposed for the current decision (or for a first one: by the finding's
    /// KEV flag alone).
    pub suggested: Vec<String>,
    /// The finding's CVSS vectors rescored in its product's environments.
    pub environmental: Vec<Rescored>,
    /// The current decision's risk acceptance, if it has one.
    pub acceptance: Option<Acceptance>,
}

/// The risk decisions of a finding of the principal's organisation and their clocks on `day`.
pub async fn finding_risk(
    store: &Store,
    principal: &Principal,
    finding: &str,
    day: Date,
) -> Result<FindingRisk, CoreError> {
    principal.require(Action::Read)?;
    let f = store
        .finding(&principal.org, finding)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("no finding `{finding}`")))?;
    let mut history: Vec<RiskAssessment> = store
        .risks(&principal.org, Some(finding))
        .await?
        .into_iter()
        .map(|r| r.assessment)
        .collect();
    let current = history.last().cloned();
    let submissions = store.submissions(&principal.org, Some(finding)).await?;
    let (clocks, suggested) = match &current {
        Some(a) => (
            clocks(a, &submissions, day)?,
            suggested(a.harm, a.control, f.finding.kev)?,
        ),
        None => (
            Vec::new(),
            suggested(
                HarmSeverity::Negligible,
                RiskControl::Controlled,
                f.finding.kev,
            )?,
        ),
    };
    history.reverse();
    let environmental = match store.version(&principal.org, &f.product_version).await? {
        Some(v) => rescore(
            &f.finding.severity,
            &store.cvss_profiles(&principal.org, &v.product).await?,
        ),
        None => Vec::new(),
    };
    Ok(FindingRisk {
        acceptance: current.as_ref().and_then(|a| acceptance(a, day)),
        environmental,
        finding: f.id,
        today: day.to_string(),
        current,
        history,
        clocks,
        suggested,
    })
}

/// A running or stopped clock in the organisation's regulatory calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CalendarEntry {
    /// The finding.
    pub finding: String,
    /// The vulnerability.
    pub vulnerability: String,
    /// The component's identity.
    pub component: String,
    /// The product version's id.
    pub product_version: String,
    /// The product's name.
    pub product_name: String,
    /// The version string.
    pub version: String,
    /// The clock.
    pub clock: ClockStatus,
}

/// The organisation's regulatory calendar on `day`: every clock of every finding's current
/// risk decision, overdue first, then by due date; with `open_only`, only those not done.
pub async fn calendar(
    store: &Store,
    principal: &Principal,
    day: Date,
    open_only: bool,
) -> Result<Vec<CalendarEntry>, CoreError> {
    Ok(overview(store, principal, day, open_only).await?.0)
}

/// The calendar and the risk acceptances together, from one read of the current decisions (the
/// calendar page shows both).
pub async fn overview(
    store: &Store,
    principal: &Principal,
    day: Date,
    open_only: bool,
) -> Result<(Vec<CalendarEntry>, Vec<AcceptanceEntry>), CoreError> {
    principal.require(Action::Read)?;
    let current = current_risks(store, &principal.org).await?;
    let mut submissions: HashMap<String, Vec<Submission>> = HashMap::new();
    for s in store.submissions(&principal.org, None).await? {
        submissions.entry(s.finding.clone()).or_default().push(s);
    }
    let mut out = Vec::new();
    for row in &current {
        let done = submissions
            .get(&row.assessment.finding)
            .map_or(&[][..], Vec::as_slice);
        for clock in clocks(&row.assessment, done, day)? {
            if open_only && clock.state == ClockState::Done {
                continue;
            }
            out.push(CalendarEntry {
                finding: row.assessment.finding.clone(),
                vulnerability: row.vulnerability.clone(),
                component: row.component.clone(),
                product_version: row.assessment.product_version.clone(),
                product_name: row.product_name.clone(),
                version: row.version.clone(),
                clock,
            });
        }
    }
    out.sort_by(|a, b| {
        let key = |e: &CalendarEntry| {
            (
                e.clock.state == ClockState::Done,
                e.clock.due.clone().unwrap_or_else(|| "9999".to_owned()),
                e.finding.clone(),
                e.clock.clock.id.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    Ok((out, acceptances_of(&current, day)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    fn clock(id: &str) -> Clock {
        reports()
            .expect("reports")
            .iter()
            .flat_map(|r| r.clocks.iter())
            .find(|c| c.id == id)
            .expect(id)
            .clone()
    }

    #[test]
    fn the_rule_files_are_complete() {
        let all = reports().expect("the embedded rules read");
        let mut ids = std::collections::HashSet::new();
        for r in all {
            assert!(ids.insert(r.id.clone()), "duplicate {}", r.id);
            assert!(
                matches!(r.jurisdiction.as_str(), "JP" | "US" | "EU"),
                "{}",
                r.id
            );
            assert!(!r.title.en.is_empty() && !r.title.ja.is_empty(), "{}", r.id);
            assert!(!r.help.en.is_empty() && !r.help.ja.is_empty(), "{}", r.id);
            assert!(!r.source.trim().is_empty(), "{}", r.id);
            assert!(matches!(r.verified.as_str(), "V" | "P" | "U"), "{}", r.id);
            assert!(!r.clocks.is_empty(), "{}", r.id);
            for c in &r.clocks {
                assert!(ids.insert(c.id.clone()), "duplicate {}", c.id);
                let n = [c.days, c.working_days, c.hours].iter().flatten().count();
                assert_eq!(n, 1, "{}: exactly one duration", c.id);
                assert!(!c.title.en.is_empty() && !c.title.ja.is_empty(), "{}", c.id);
            }
        }
        // The jurisdictions issue 7 names.
        for id in [
            "jp-malfunction-15",
            "jp-malfunction-30",
            "fda-uncontrolled",
            "fda-806",
            "eu-mdr-serious-incident",
            "eu-cra-exploited",
        ] {
            assert!(all.iter().any(|r| r.id == id), "{id}");
        }
    }

    /// Golden due dates of every kind of clock.
    #[test]
    fn due_dates() {
        // 2026-12-04 is a Friday.
        let aware = d("2026-12-04");
        assert_eq!(
            clock("jp-malfunction-15-report").due(aware),
            Some(d("2026-12-19"))
        );
        assert_eq!(
            clock("jp-malfunction-30-report").due(aware),
            Some(d("2027-01-03"))
        );
        assert_eq!(
            clock("fda-uncontrolled-communicate").due(aware),
            Some(d("2027-01-03"))
        );
        assert_eq!(
            clock("fda-uncontrolled-fix").due(aware),
            Some(d("2027-02-02"))
        );
        // 10 working days from a Friday: two weeks later, Friday.
        assert_eq!(clock("fda-806-report").due(aware), Some(d("2026-12-18")));
        // 5 working days from a Saturday: the next Friday.
        assert_eq!(
            clock("fda-mdr-5-day-report").due(d("2026-12-05")),
            Some(d("2026-12-11"))
        );
        assert_eq!(
            clock("eu-mdr-public-health-threat-report").due(aware),
            Some(d("2026-12-06"))
        );
        assert_eq!(
            clock("eu-cra-early-warning").due(aware),
            Some(d("2026-12-05"))
        );
        assert_eq!(
            clock("eu-cra-notification").due(aware),
            Some(d("2026-12-07"))
        );
    }

    fn assessment(reports: &[&str], fix: Option<&str>) -> RiskAssessment {
        RiskAssessment {
            id: "a".into(),
            org: "o".into(),
            finding: "f".into(),
            product_version: "v".into(),
            harm: HarmSeverity::Serious,
            control: RiskControl::Uncontrolled,
            rationale: "r".into(),
            aware: "2026-11-20".into(),
            fix_available: fix.map(str::to_owned),
            reports: reports.iter().map(|s| (*s).to_owned()).collect(),
            accepted_until: None,
            acceptance_owner: None,
            author: "user:a@example".into(),
            at: "2026-11-20T00:00:00Z".into(),
        }
    }

    #[test]
    fn clock_states_on_a_day() {
        let a = assessment(
            &["fda-uncontrolled", "eu-cra-exploited", "jp-malfunction-15"],
            None,
        );
        let sent = Submission {
            id: "s".into(),
            org: "o".into(),
            finding: "f".into(),
            clock: "eu-cra-early-warning".into(),
            done: "2026-11-20".into(),
            reference: "ENISA SRP 2026-0042".into(),
            recorded_by: "user:a@example".into(),
            at: "2026-11-20T10:00:00Z".into(),
        };
        let list = clocks(&a, &[sent], d("2026-12-07")).expect("clocks");
        let state = |id: &str| list.iter().find(|c| c.clock.id == id).expect(id).state;
        assert_eq!(state("eu-cra-early-warning"), ClockState::Done);
        assert_eq!(state("eu-cra-notification"), ClockState::Overdue);
        assert_eq!(state("jp-malfunction-15-report"), ClockState::Overdue);
        // Due 2026-12-20 (30 days): 13 days left.
        assert_eq!(state("fda-uncontrolled-communicate"), ClockState::Open);
        let c = list
            .iter()
            .find(|c| c.clock.id == "fda-uncontrolled-communicate")
            .expect("c");
        assert_eq!(c.days_left, Some(13));
        assert_eq!(state("eu-cra-final-report"), ClockState::NotStarted);
        let fixed = assessment(&["eu-cra-exploited"], Some("2026-12-01"));
        let list = clocks(&fixed, &[], d("2026-12-07")).expect("clocks");
        let c = list
            .iter()
            .find(|c| c.clock.id == "eu-cra-final-report")
            .expect("c");
        assert_eq!(c.due.as_deref(), Some("2026-12-15"));
        assert_eq!(c.state, ClockState::Open);
        assert_eq!(
            clocks(&fixed, &[], d("2026-12-10"))
                .expect("clocks")
                .iter()
                .find(|c| c.clock.id == "eu-cra-final-report")
                .map(|c| c.state),
            Some(ClockState::DueSoon)
        );
    }

    #[test]
    fn acceptances_expire() {
        let mut a = assessment(&[], None);
        assert_eq!(acceptance(&a, d("2026-12-07")), None);
        a.accepted_until = Some("2027-01-01".into());
        a.acceptance_owner = Some("Head of QA".into());
        let state = |day: &str| acceptance(&a, d(day)).expect("an acceptance").state;
        assert_eq!(state("2026-11-01"), "active");
        assert_eq!(state("2026-12-07"), "expiring");
        assert_eq!(state("2026-12-31"), "expiring");
        assert_eq!(state("2027-01-01"), "expired");
        assert_eq!(acceptance(&a, d("2027-01-11")).expect("a").days_left, -10);
    }

    #[test]
    fn suggestions_follow_harm_control_and_kev() {
        let s = suggested(HarmSeverity::Minor, RiskControl::Controlled, false).expect("s");
        assert!(s.is_empty(), "{s:?}");
        let s = suggested(HarmSeverity::Serious, RiskControl::Uncontrolled, true).expect("s");
        for id in [
            "jp-malfunction-15",
            "fda-uncontrolled",
            "eu-mdr-serious-incident",
            "eu-cra-exploited",
        ] {
            assert!(s.iter().any(|x| x == id), "{id} in {s:?}");
        }
        assert!(!s.iter().any(|x| x == "fda-mdr"), "{s:?}");
        let s = suggested(HarmSeverity::Catastrophic, RiskControl::Controlled, false).expect("s");
        assert!(s.iter().any(|x| x == "eu-mdr-death") && s.iter().any(|x| x == "fda-mdr"));
    }
}
