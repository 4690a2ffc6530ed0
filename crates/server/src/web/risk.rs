//! The regulatory pages: a finding's medical risk decision (patient-harm severity, controlled
//! or uncontrolled risk, awareness, the applicable reports) with its clocks and the steps that
//! stop them; the organisation's regulatory calendar.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use medcyber_core::CoreError;
use medcyber_core::regulatory::{self, AcceptanceEntry, CalendarEntry, FindingRisk, Report};
use medcyber_model::risk::{HarmSeverity, RiskControl};
use medcyber_store::StoredFinding;
use serde::Deserialize;

use super::auth::Session;
use super::pages::{PageResult, Refusal, answer_form, checked_form, fail, render};
use super::view::Ui;
use crate::AppState;

#[derive(Template)]
#[template(path = "risk.html")]
struct RiskPage {
    ui: Ui,
    finding: StoredFinding,
    risk: FindingRisk,
    reports: &'static [Report],
    harms: Vec<&'static str>,
    controls: Vec<&'static str>,
    error: Refusal,
    saved: bool,
}

impl RiskPage {
    /// Whether a report is selected in the current decision.
    fn chosen(&self, id: &str) -> bool {
        self.risk
            .current
            .as_ref()
            .is_some_and(|c| c.reports.iter().any(|r| r == id))
    }

    /// Whether a report is proposed for the decision.
    fn proposed(&self, id: &str) -> bool {
        self.risk.suggested.iter().any(|r| r == id)
    }

    fn harm_is(&self, h: &str) -> bool {
        self.risk
            .current
            .as_ref()
            .is_some_and(|c| c.harm.as_str() == h)
    }

    fn control_is(&self, c: &str) -> bool {
        self.risk
            .current
            .as_ref()
            .map_or(c == "controlled", |x| x.control.as_str() == c)
    }
}

/// `?saved=` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// A finding's risk decision and clocks.
pub async fn finding(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<SavedQuery>,
) -> PageResult {
    risk_page(
        &state,
        session,
        &id,
        Refusal::default(),
        q.saved.is_some(),
        StatusCode::OK,
    )
    .await
}

async fn risk_page(
    state: &AppState,
    session: Session,
    id: &str,
    error: Refusal,
    saved: bool,
    status: StatusCode,
) -> PageResult {
    let lang = session.ui.lang;
    let finding = medcyber_core::portfolio::finding(&state.store, &session.principal, id)
        .await
        .map_err(fail(lang))?;
    let risk = regulatory::finding_risk(
        &state.store,
        &session.principal,
        id,
        medcyber_core::lifecycle::today(),
    )
    .await
    .map_err(fail(lang))?;
    let page = RiskPage {
        ui: session.ui.at("regulatory"),
        finding,
        risk,
        reports: regulatory::reports().map_err(fail(lang))?,
        harms: HarmSeverity::ALL.iter().map(|h| h.as_str()).collect(),
        controls: RiskControl::ALL.iter().map(|c| c.as_str()).collect(),
        error,
        saved,
    };
    Ok((status, render(&page)).into_response())
}

/// After a change of a finding's risk: the page again, saved or with the refusal.
async fn saved_or_again<T>(
    state: &AppState,
    session: Session,
    id: &str,
    result: Result<T, CoreError>,
) -> PageResult {
    let to = format!("/findings/{id}/risk?saved=1");
    answer_form(session, result, &to, |s, error| {
        risk_page(state, s, id, error, false, StatusCode::BAD_REQUEST)
    })
    .await
}

/// Records a risk decision (triage roles).
pub async fn assess(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&session, &body)?;
    let input = regulatory::RiskInput {
        harm: form.text("harm"),
        control: form.text("control"),
        rationale: form.text("rationale"),
        aware: form.text("aware"),
        fix_available: Some(form.text("fix_available")),
        reports: form.all("report"),
        accepted_until: Some(form.text("accepted_until")),
        acceptance_owner: Some(form.text("acceptance_owner")),
    };
    let result = regulatory::assess(
        &state.store,
        &session.principal,
        &id,
        &input,
        medcyber_core::lifecycle::today(),
    )
    .await;
    saved_or_again(&state, session, &id, result).await
}

/// Records a clock's step as done (triage roles).
pub async fn step(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&session, &body)?;
    let result = regulatory::record_submission(
        &state.store,
        &session.principal,
        &id,
        &form.text("clock"),
        &form.text("done"),
        &form.text("reference"),
        medcyber_core::lifecycle::today(),
    )
    .await;
    saved_or_again(&state, session, &id, result).await
}

/// Creates a CVSS environment profile of a product (writers), then returns to the product.
pub async fn create_profile(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&session, &body)?;
    let optional = |name: &str| Some(form.text(name)).filter(|s| !s.is_empty());
    let input = regulatory::ProfileInput {
        name: form.text("name"),
        v3: optional("v3"),
        v4: optional("v4"),
        note: optional("note"),
    };
    let result = regulatory::create_profile(&state.store, &session.principal, &id, &input).await;
    let to = format!("/products/{id}");
    answer_form(session, result, &to, |s, error| {
        super::pages::product_page(
            &state,
            s,
            &id,
            error,
            String::new(),
            StatusCode::BAD_REQUEST,
        )
    })
    .await
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    ui: Ui,
    rows: Vec<CalendarEntry>,
    /// The rows grouped by the month they are due in (`YYYY-MM`; overdue ones first, under
    /// their own heading).
    months: Vec<(String, Vec<usize>)>,
    overdue: Vec<usize>,
    all: bool,
    acceptances: Vec<AcceptanceEntry>,
}

/// `?all=` of the calendar (also the clocks done).
#[derive(Debug, Default, Deserialize)]
pub struct CalendarQuery {
    all: Option<String>,
}

/// The organisation's regulatory calendar.
pub async fn calendar(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<CalendarQuery>,
) -> PageResult {
    let all = q.all.is_some();
    let (rows, acceptances) = regulatory::overview(
        &state.store,
        &session.principal,
        medcyber_core::lifecycle::today(),
        !all,
    )
    .await
    .map_err(fail(session.ui.lang))?;
    let mut overdue = Vec::new();
    let mut months: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if r.clock.state == regulatory::ClockState::Overdue {
            overdue.push(i);
            continue;
        }
        let month = r
            .clock
            .due
            .as_deref()
            .and_then(|d| d.get(..7))
            .unwrap_or("")
            .to_owned();
        match months.last_mut() {
            Some((m, list)) if *m == month => list.push(i),
            _ => months.push((month, vec![i])),
        }
    }
    let page = CalendarPage {
        acceptances,
        ui: session.ui.at("regulatory"),
        rows,
        months,
        overdue,
        all,
    };
    Ok(render(&page).into_response())
}
