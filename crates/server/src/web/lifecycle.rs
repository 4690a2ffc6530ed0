//! The lifecycle pages: the portfolio's versions by stage with those nearing end of support,
//! overdue customer communications and components past their end of support; a version's
//! dates and its customer-communication checklist with evidence; component support entries.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use medcyber_core::CoreError;
use medcyber_core::lifecycle::{self, LifecycleView, PortfolioLifecycle};
use serde::Deserialize;

use super::auth::Session;
use super::pages::{PageError, PageResult, Refusal, answer_form, checked_form, fail, render};
use super::view::Ui;
use crate::AppState;

/// The support levels the entry form offers.
const LEVELS: [&str; 5] = ["active", "limited", "none", "manufacturer", "unknown"];

#[derive(Template)]
#[template(path = "lifecycle.html")]
struct PortfolioPage {
    ui: Ui,
    view: PortfolioLifecycle,
    error: Refusal,
    levels: [&'static str; 5],
    saved: bool,
}

/// `?within_days=` of the portfolio page, `?saved=` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct PortfolioQuery {
    within_days: Option<String>,
    saved: Option<String>,
}

/// The portfolio's lifecycle.
pub async fn portfolio(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<PortfolioQuery>,
) -> PageResult {
    let within = match q.within_days.as_deref().map(str::trim) {
        None | Some("") => 730,
        Some(v) => v.parse::<i64>().map_err(|_| {
            PageError::new(
                session.ui.lang,
                StatusCode::BAD_REQUEST,
                "`within_days` must be a number of days".to_owned(),
            )
        })?,
    };
    portfolio_page(
        &state,
        session,
        within,
        Refusal::default(),
        q.saved.is_some(),
        StatusCode::OK,
    )
    .await
}

async fn portfolio_page(
    state: &AppState,
    session: Session,
    within: i64,
    error: Refusal,
    saved: bool,
    status: StatusCode,
) -> PageResult {
    let view = lifecycle::portfolio(&state.store, &session.principal, lifecycle::today(), within)
        .await
        .map_err(fail(session.ui.lang))?;
    let page = PortfolioPage {
        ui: session.ui.at("lifecycle"),
        view,
        error,
        levels: LEVELS,
        saved,
    };
    Ok((status, render(&page)).into_response())
}

/// Enters a component's support (writers), then returns to the portfolio's lifecycle.
pub async fn component_support(
    State(state): State<AppState>,
    session: Session,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&session, &body)?;
    let optional = |name: &str| Some(form.text(name)).filter(|s| !s.is_empty());
    let input = lifecycle::SupportInput {
        component: form.text("component"),
        level: optional("level"),
        end_of_support: optional("end_of_support"),
        note: optional("note"),
    };
    let result = lifecycle::set_component_support(&state.store, &session.principal, &input).await;
    answer_form(session, result, "/lifecycle?saved=1", |s, error| {
        portfolio_page(&state, s, 730, error, false, StatusCode::BAD_REQUEST)
    })
    .await
}

#[derive(Template)]
#[template(path = "version_lifecycle.html")]
struct VersionPage {
    ui: Ui,
    product: medcyber_model::platform::Product,
    view: LifecycleView,
    error: Refusal,
    saved: bool,
}

/// `?saved=` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// A version's lifecycle: stage, dates, checklist, components' support.
pub async fn version(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<SavedQuery>,
) -> PageResult {
    version_page(
        &state,
        session,
        &id,
        Refusal::default(),
        q.saved.is_some(),
        StatusCode::OK,
    )
    .await
}

async fn version_page(
    state: &AppState,
    session: Session,
    id: &str,
    error: Refusal,
    saved: bool,
    status: StatusCode,
) -> PageResult {
    let lang = session.ui.lang;
    let view =
        lifecycle::version_lifecycle(&state.store, &session.principal, id, lifecycle::today())
            .await
            .map_err(fail(lang))?;
    let product =
        medcyber_core::portfolio::product(&state.store, &session.principal, &view.version.product)
            .await
            .map_err(fail(lang))?
            .product;
    let page = VersionPage {
        ui: session.ui.at("lifecycle"),
        product,
        view,
        error,
        saved,
    };
    Ok((status, render(&page)).into_response())
}

/// Sets a version's lifecycle dates (writers).
pub async fn set_dates(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&session, &body)?;
    let input = lifecycle::LifecycleInput {
        release: Some(form.text("release")),
        end_of_life: Some(form.text("end_of_life")),
        end_of_support: Some(form.text("end_of_support")),
        note: Some(form.text("note")),
    };
    let result = lifecycle::set_lifecycle(&state.store, &session.principal, &id, &input).await;
    saved_or_again(&state, session, &id, result).await
}

/// Records a customer communication of a version's checklist (writers).
pub async fn record_communication(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&session, &body)?;
    let result = lifecycle::record_communication(
        &state.store,
        &session.principal,
        &id,
        &form.text("item"),
        &form.text("done"),
        &form.text("evidence"),
        lifecycle::today(),
    )
    .await;
    saved_or_again(&state, session, &id, result).await
}

/// After a change of a version's lifecycle: the page again, saved or with the refusal.
async fn saved_or_again<T>(
    state: &AppState,
    session: Session,
    id: &str,
    result: Result<T, CoreError>,
) -> PageResult {
    let to = format!("/versions/{id}/lifecycle?saved=1");
    answer_form(session, result, &to, |s, error| {
        version_page(state, s, id, error, false, StatusCode::BAD_REQUEST)
    })
    .await
}
