//! The risk routes: a finding's medical risk decision (patient-harm severity, controlled or
//! uncontrolled risk, awareness, the applicable regulatory reports) and its clocks; the steps
//! done that stop them; the organisation's regulatory calendar; the rules themselves.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use medcyber_core::regulatory::{self, CalendarEntry, ClockStatus};
use medcyber_model::risk::{RiskAssessment, Submission};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::lifecycle::Texts;
use super::{ApiResult, Created};
use crate::AppState;
use crate::error::Problem;
use crate::extract::{ApiJson, ApiQuery, Auth};

fn texts(l: medcyber_model::Localized) -> Texts {
    Texts { en: l.en, ja: l.ja }
}

/// A risk decision on a finding.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Risk {
    /// Its id.
    pub id: String,
    /// The finding.
    pub finding: String,
    /// The finding's product version.
    pub product_version: String,
    /// `negligible`, `minor`, `serious`, `critical` or `catastrophic`.
    pub harm: String,
    /// `controlled` or `uncontrolled`.
    pub control: String,
    /// Why.
    pub rationale: String,
    /// When the manufacturer became aware (ISO 8601 date).
    pub aware: String,
    /// When a fix became available.
    pub fix_available: Option<String>,
    /// The applicable reports' ids.
    pub reports: Vec<String>,
    /// A controlled risk accepted until this date.
    pub accepted_until: Option<String>,
    /// Who owns the acceptance.
    pub acceptance_owner: Option<String>,
    /// Who decided.
    pub author: String,
    /// When.
    pub at: String,
}

impl From<RiskAssessment> for Risk {
    fn from(a: RiskAssessment) -> Risk {
        Risk {
            id: a.id,
            finding: a.finding,
            product_version: a.product_version,
            harm: a.harm.as_str().to_owned(),
            control: a.control.as_str().to_owned(),
            rationale: a.rationale,
            aware: a.aware,
            fix_available: a.fix_available,
            reports: a.reports,
            accepted_until: a.accepted_until,
            acceptance_owner: a.acceptance_owner,
            author: a.author,
            at: a.at,
        }
    }
}

/// A regulatory step done.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Step {
    /// When (ISO 8601 date).
    pub done: String,
    /// The reference: a report number, a letter, a link.
    pub reference: String,
    /// Who recorded it.
    pub recorded_by: String,
}

impl From<Submission> for Step {
    fn from(s: Submission) -> Step {
        Step {
            done: s.done,
            reference: s.reference,
            recorded_by: s.recorded_by,
        }
    }
}

/// A regulatory clock.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ClockView {
    /// The clock's id.
    pub id: String,
    /// What is due.
    pub title: Texts,
    /// The report's id.
    pub report: String,
    /// The report's name.
    pub report_title: Texts,
    /// `JP`, `US` or `EU`.
    pub jurisdiction: String,
    /// The report's source.
    pub source: String,
    /// `V`, `P` or `U` (how well the rule was verified against its source).
    pub verified: String,
    /// `aware` or `fix_available`.
    pub from: String,
    /// The duration.
    pub length: u32,
    /// `days`, `working_days` or `hours`.
    pub unit: String,
    /// When it started.
    pub started: Option<String>,
    /// When it is due.
    pub due: Option<String>,
    /// Days left (negative: overdue), while open.
    pub days_left: Option<i64>,
    /// `done`, `overdue`, `due_soon`, `open` or `not_started`.
    pub state: String,
    /// The step that stopped it.
    pub done: Option<Step>,
}

impl From<ClockStatus> for ClockView {
    fn from(c: ClockStatus) -> ClockView {
        let (length, unit) = c.clock.duration();
        ClockView {
            id: c.clock.id,
            title: texts(c.clock.title),
            report: c.report,
            report_title: texts(c.report_title),
            jurisdiction: c.jurisdiction,
            source: c.source,
            verified: c.verified,
            from: c.clock.from.as_str().to_owned(),
            length,
            unit: unit.to_owned(),
            started: c.started,
            due: c.due,
            days_left: c.days_left,
            state: c.state.as_str().to_owned(),
            done: c.submission.map(Step::from),
        }
    }
}

/// A finding's risk decisions and clocks.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FindingRisk {
    /// The finding.
    pub finding: String,
    /// The day judged by (UTC).
    pub today: String,
    /// The current decision.
    pub current: Option<Risk>,
    /// Every decision, newest first.
    pub history: Vec<Risk>,
    /// The current decision's clocks.
    pub clocks: Vec<ClockView>,
    /// The reports proposed for the decision.
    pub suggested: Vec<String>,
    /// The finding's CVSS 3.x and 4.0 vectors rescored in each of its product's CVSS profiles.
    pub environmental: Vec<Rescored>,
    /// The current decision's risk acceptance.
    pub acceptance: Option<AcceptanceView>,
}

/// A risk acceptance on the current date.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AcceptanceView {
    /// Who owns it.
    pub owner: String,
    /// Until when.
    pub until: String,
    /// The reason.
    pub reason: String,
    /// `active`, `expiring` (within 30 days) or `expired` (the finding is open again).
    pub state: String,
    /// Days left (negative: expired).
    pub days_left: i64,
}

impl From<regulatory::Acceptance> for AcceptanceView {
    fn from(a: regulatory::Acceptance) -> AcceptanceView {
        AcceptanceView {
            owner: a.owner,
            until: a.until,
            reason: a.reason,
            state: a.state.to_owned(),
            days_left: a.days_left,
        }
    }
}

/// A risk acceptance in the organisation's list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AcceptanceRow {
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
    pub acceptance: AcceptanceView,
}

/// The organisation's risk acceptances on the current date: expired ones (their findings open
/// again) first, then by expiry.
#[utoipa::path(get, path = "/api/v1/regulatory/acceptances", tag = "regulatory",
    responses((status = 200, body = Vec<AcceptanceRow>), (status = 401, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_acceptances(
    State(state): State<AppState>,
    Auth(principal): Auth,
) -> ApiResult<axum::Json<Vec<AcceptanceRow>>> {
    let rows = regulatory::acceptances(&state.store, &principal, medcyber_core::lifecycle::today())
        .await?;
    Ok(axum::Json(
        rows.into_iter()
            .map(|e| AcceptanceRow {
                finding: e.finding,
                vulnerability: e.vulnerability,
                component: e.component,
                product_name: e.product_name,
                version: e.version,
                acceptance: e.acceptance.into(),
            })
            .collect(),
    ))
}

/// A CVSS vector rescored in a product's environment.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Rescored {
    /// The profile's id.
    pub profile: String,
    /// The profile's name.
    pub profile_name: String,
    /// Who assessed the base vector.
    pub assessor: Option<String>,
    /// The base vector.
    pub base_vector: String,
    /// Its base score.
    pub base_score: f64,
    /// The vector in the environment.
    pub vector: String,
    /// The score in the environment.
    pub score: f64,
    /// Its severity.
    pub severity: String,
}

impl From<regulatory::Rescored> for Rescored {
    fn from(r: regulatory::Rescored) -> Rescored {
        Rescored {
            profile: r.profile,
            profile_name: r.profile_name,
            assessor: r.assessor,
            base_vector: r.base_vector,
            base_score: r.base_score,
            vector: r.vector,
            score: r.score,
            severity: r.severity,
        }
    }
}

/// A product's CVSS environment profile.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Profile {
    /// Its id.
    pub id: String,
    /// The product.
    pub product: String,
    /// Its name.
    pub name: String,
    /// CVSS 3.x environmental metrics.
    pub v3: Option<String>,
    /// CVSS 4.0 environmental metrics.
    pub v4: Option<String>,
    /// The deployment it describes.
    pub note: String,
    /// Who created it.
    pub created_by: String,
    /// When.
    pub at: String,
}

impl From<medcyber_model::risk::CvssProfile> for Profile {
    fn from(p: medcyber_model::risk::CvssProfile) -> Profile {
        Profile {
            id: p.id,
            product: p.product,
            name: p.name,
            v3: p.v3,
            v4: p.v4,
            note: p.note,
            created_by: p.created_by,
            at: p.at,
        }
    }
}

/// `POST /api/v1/products/{id}/cvss-profiles`.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProfile {
    /// Its name, unique in the product.
    pub name: String,
    /// CVSS 3.x environmental metrics (`CR:H/IR:H/AR:H/MAV:A`).
    pub v3: Option<String>,
    /// CVSS 4.0 environmental metrics (`CR:H/MAV:A/MSI:S/MSA:S`).
    pub v4: Option<String>,
    /// The deployment it describes.
    pub note: Option<String>,
}

/// Creates a CVSS environment profile of a product: the environmental metrics its clinical
/// deployment implies, reused to rescore every finding of its versions.
#[utoipa::path(post, path = "/api/v1/products/{id}/cvss-profiles", tag = "regulatory",
    params(("id" = String, Path, description = "The product's id")), request_body = NewProfile,
    responses((status = 201, body = Created), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
pub async fn create_profile(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewProfile>,
) -> ApiResult<(StatusCode, axum::Json<Created>)> {
    let p = regulatory::create_profile(
        &state.store,
        &principal,
        &id,
        &regulatory::ProfileInput {
            name: body.name,
            v3: body.v3,
            v4: body.v4,
            note: body.note,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: p.id })))
}

/// A product's CVSS environment profiles, by name.
#[utoipa::path(get, path = "/api/v1/products/{id}/cvss-profiles", tag = "regulatory",
    params(("id" = String, Path, description = "The product's id")),
    responses((status = 200, body = Vec<Profile>), (status = 401, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_profiles(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<Vec<Profile>>> {
    let list = regulatory::profiles(&state.store, &principal, &id).await?;
    Ok(axum::Json(list.into_iter().map(Profile::from).collect()))
}

/// A finding's medical risk decisions and the regulatory clocks of the current one, on the
/// current date.
#[utoipa::path(get, path = "/api/v1/findings/{id}/risk", tag = "regulatory",
    params(("id" = String, Path, description = "The finding's id")),
    responses((status = 200, body = FindingRisk), (status = 401, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_risk(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<FindingRisk>> {
    let r = regulatory::finding_risk(
        &state.store,
        &principal,
        &id,
        medcyber_core::lifecycle::today(),
    )
    .await?;
    Ok(axum::Json(FindingRisk {
        finding: r.finding,
        today: r.today,
        current: r.current.map(Risk::from),
        history: r.history.into_iter().map(Risk::from).collect(),
        clocks: r.clocks.into_iter().map(ClockView::from).collect(),
        suggested: r.suggested,
        environmental: r.environmental.into_iter().map(Rescored::from).collect(),
        acceptance: r.acceptance.map(AcceptanceView::from),
    }))
}

/// `POST /api/v1/findings/{id}/risk`.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRisk {
    /// `negligible`, `minor`, `serious`, `critical` or `catastrophic`.
    pub harm: String,
    /// `controlled` or `uncontrolled`.
    pub control: String,
    /// Why (required).
    pub rationale: String,
    /// When the manufacturer became aware (`YYYY-MM-DD`, not in the future).
    pub aware: String,
    /// When a fix became available to customers (`YYYY-MM-DD`).
    pub fix_available: Option<String>,
    /// The applicable reports (ids of `GET /api/v1/regulatory/rules`).
    #[serde(default)]
    pub reports: Vec<String>,
    /// Accept the (controlled) risk until this date (`YYYY-MM-DD`, after awareness); the
    /// finding is open again after it. Needs `acceptance_owner`.
    pub accepted_until: Option<String>,
    /// Who owns the acceptance.
    pub acceptance_owner: Option<String>,
}

/// Records a medical risk decision on a finding; its clocks start (a later decision
/// supersedes it).
#[utoipa::path(post, path = "/api/v1/findings/{id}/risk", tag = "regulatory",
    params(("id" = String, Path, description = "The finding's id")), request_body = NewRisk,
    responses((status = 201, body = Created), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn create_risk(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewRisk>,
) -> ApiResult<(StatusCode, axum::Json<Created>)> {
    let a = regulatory::assess(
        &state.store,
        &principal,
        &id,
        &regulatory::RiskInput {
            harm: body.harm,
            control: body.control,
            rationale: body.rationale,
            aware: body.aware,
            fix_available: body.fix_available,
            reports: body.reports,
            accepted_until: body.accepted_until,
            acceptance_owner: body.acceptance_owner,
        },
        medcyber_core::lifecycle::today(),
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: a.id })))
}

/// `POST /api/v1/findings/{id}/risk/steps`.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStep {
    /// The clock's id.
    pub clock: String,
    /// When it was done (`YYYY-MM-DD`, not in the future).
    pub done: String,
    /// The reference: a report number, a letter, a link.
    pub reference: String,
}

/// Records a clock's step as done (a report submitted, customers told); the clock stops.
#[utoipa::path(post, path = "/api/v1/findings/{id}/risk/steps", tag = "regulatory",
    params(("id" = String, Path, description = "The finding's id")), request_body = NewStep,
    responses((status = 201, body = Created), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn create_step(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewStep>,
) -> ApiResult<(StatusCode, axum::Json<Created>)> {
    let s = regulatory::record_submission(
        &state.store,
        &principal,
        &id,
        &body.clock,
        &body.done,
        &body.reference,
        medcyber_core::lifecycle::today(),
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: s.id })))
}

/// `?open=` of the calendar.
#[derive(Clone, Copy, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// Only the clocks not done (default true).
    pub open: Option<bool>,
}

/// A clock in the regulatory calendar.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CalendarRow {
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
    pub clock: ClockView,
}

impl From<CalendarEntry> for CalendarRow {
    fn from(e: CalendarEntry) -> CalendarRow {
        CalendarRow {
            finding: e.finding,
            vulnerability: e.vulnerability,
            component: e.component,
            product_version: e.product_version,
            product_name: e.product_name,
            version: e.version,
            clock: e.clock.into(),
        }
    }
}

/// The organisation's regulatory calendar on the current date: the clocks of every finding's
/// current risk decision, overdue first, then by due date.
#[utoipa::path(get, path = "/api/v1/regulatory/calendar", tag = "regulatory",
    params(CalendarQuery),
    responses((status = 200, body = Vec<CalendarRow>), (status = 401, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_calendar(
    State(state): State<AppState>,
    Auth(principal): Auth,
    ApiQuery(q): ApiQuery<CalendarQuery>,
) -> ApiResult<axum::Json<Vec<CalendarRow>>> {
    let rows = regulatory::calendar(
        &state.store,
        &principal,
        medcyber_core::lifecycle::today(),
        q.open.unwrap_or(true),
    )
    .await?;
    Ok(axum::Json(
        rows.into_iter().map(CalendarRow::from).collect(),
    ))
}

/// A regulatory report medcyber keeps clocks for.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Rule {
    /// Its id.
    pub id: String,
    /// `JP`, `US` or `EU`.
    pub jurisdiction: String,
    /// Its name.
    pub title: Texts,
    /// When it applies.
    pub help: Texts,
    /// Its source.
    pub source: String,
    /// `V`, `P` or `U`.
    pub verified: String,
    /// Its clocks: id, what is due, and its length.
    pub clocks: Vec<RuleClock>,
}

/// A clock of a rule.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RuleClock {
    /// Its id.
    pub id: String,
    /// What is due.
    pub title: Texts,
    /// `aware` or `fix_available`.
    pub from: String,
    /// The duration.
    pub length: u32,
    /// `days`, `working_days` or `hours`.
    pub unit: String,
}

/// The regulatory reports and their clocks (`data/regulatory/*.yaml`), each with its source.
#[utoipa::path(get, path = "/api/v1/regulatory/rules", tag = "regulatory",
    responses((status = 200, body = Vec<Rule>), (status = 401, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_rules(Auth(_principal): Auth) -> ApiResult<axum::Json<Vec<Rule>>> {
    let rules = regulatory::reports()?;
    Ok(axum::Json(
        rules
            .iter()
            .map(|r| Rule {
                id: r.id.clone(),
                jurisdiction: r.jurisdiction.clone(),
                title: texts(r.title.clone()),
                help: texts(r.help.clone()),
                source: r.source.clone(),
                verified: r.verified.clone(),
                clocks: r
                    .clocks
                    .iter()
                    .map(|c| {
                        let (length, unit) = c.duration();
                        RuleClock {
                            id: c.id.clone(),
                            title: texts(c.title.clone()),
                            from: c.from.as_str().to_owned(),
                            length,
                            unit: unit.to_owned(),
                        }
                    })
                    .collect(),
            })
            .collect(),
    ))
}
