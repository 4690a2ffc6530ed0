//! The lifecycle routes: a version's stage, dates and customer-communication checklist; the
//! portfolio's versions nearing end of support and components past theirs; component support
//! entries. Views are judged on the server's current UTC date.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use medcyber_core::lifecycle::{self, ChecklistItem, ComponentSupport};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiResult, Created};
use crate::AppState;
use crate::error::Problem;
use crate::extract::{ApiJson, ApiQuery, Auth};

/// A text in English and Japanese.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Texts {
    /// English.
    pub en: String,
    /// Japanese.
    pub ja: String,
}

/// An item of a version's customer-communication checklist.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ChecklistEntry {
    /// The item's id (`data/lifecycle/communications.yaml`).
    pub id: String,
    /// Its milestone: `release`, `eol` or `eos`.
    pub milestone: String,
    /// What is communicated.
    pub text: Texts,
    /// The source document and section.
    pub source: String,
    /// `V` (wording verified in the primary document) or `P` (partially).
    pub verified: String,
    /// When it is due (ISO 8601 date), once its milestone is dated.
    pub due: Option<String>,
    /// `done`, `overdue`, `due_soon`, `open` or `undated`.
    pub status: String,
    /// When it was done, once recorded.
    pub done: Option<String>,
    /// The evidence recorded.
    pub evidence: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
}

impl From<ChecklistItem> for ChecklistEntry {
    fn from(c: ChecklistItem) -> ChecklistEntry {
        let (done, evidence, recorded_by) = match c.record {
            Some(r) => (Some(r.done), Some(r.evidence), Some(r.recorded_by)),
            None => (None, None, None),
        };
        ChecklistEntry {
            id: c.item.id,
            milestone: c.item.milestone.as_str().to_owned(),
            text: Texts {
                en: c.item.text.en,
                ja: c.item.text.ja,
            },
            source: c.item.source,
            verified: c.item.verified,
            due: c.due,
            status: c.status.as_str().to_owned(),
            done,
            evidence,
            recorded_by,
        }
    }
}

/// A component whose support is known.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SupportedComponent {
    /// The product version whose current SBOM has it.
    pub product_version: String,
    /// Its bom-ref.
    pub bom_ref: String,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: Option<String>,
    /// Its purl.
    pub purl: Option<String>,
    /// Its identity across versions (what a support entry names).
    pub component: String,
    /// The level of support.
    pub level: Option<String>,
    /// The end-of-support date.
    pub end_of_support: Option<String>,
    /// `sbom` (stated by the SBOM) or `entered` (a support entry).
    pub source: String,
    /// Past its end-of-support date.
    pub past_end_of_support: bool,
    /// Its supplier no longer supports it (level `none`).
    pub unsupported: bool,
}

impl From<ComponentSupport> for SupportedComponent {
    fn from(c: ComponentSupport) -> SupportedComponent {
        SupportedComponent {
            product_version: c.version_id,
            bom_ref: c.bom_ref,
            name: c.name,
            version: c.version,
            purl: c.purl,
            component: c.component,
            level: c.level,
            end_of_support: c.end_of_support,
            source: c.source.to_owned(),
            past_end_of_support: c.past_end_of_support,
            unsupported: c.unsupported,
        }
    }
}

/// A product version's lifecycle.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Lifecycle {
    /// The product version's id.
    pub product_version: String,
    /// The day judged by (UTC).
    pub today: String,
    /// `development`, `support`, `limited_support` or `end_of_support`.
    pub stage: String,
    /// The commercial release (ISO 8601 date).
    pub release: Option<String>,
    /// End of life.
    pub end_of_life: Option<String>,
    /// End of support.
    pub end_of_support: Option<String>,
    /// Days until end of support (negative: past).
    pub days_to_end_of_support: Option<i64>,
    /// The basis of the dates.
    pub note: String,
    /// When the dates were last set (empty: never).
    pub updated: String,
    /// Who set them.
    pub updated_by: String,
    /// The customer-communication checklist.
    pub checklist: Vec<ChecklistEntry>,
    /// The components of its current SBOM whose support is known, past end of support first.
    pub components: Vec<SupportedComponent>,
}

/// A product version's lifecycle on the current date: stage, dates, the customer-communication
/// checklist with due dates (IMDRF N70, MHLW 手引書 6.6 表2), and its components' support.
#[utoipa::path(get, path = "/api/v1/versions/{id}/lifecycle", tag = "lifecycle",
    params(("id" = String, Path, description = "The product version's id")),
    responses((status = 200, body = Lifecycle), (status = 401, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_lifecycle(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<Lifecycle>> {
    let view =
        lifecycle::version_lifecycle(&state.store, &principal, &id, lifecycle::today()).await?;
    Ok(axum::Json(Lifecycle {
        product_version: view.version.id,
        today: view.today,
        stage: view.stage.as_str().to_owned(),
        release: view.lifecycle.release,
        end_of_life: view.lifecycle.end_of_life,
        end_of_support: view.lifecycle.end_of_support,
        days_to_end_of_support: view.days_to_end_of_support,
        note: view.lifecycle.note,
        updated: view.lifecycle.updated,
        updated_by: view.lifecycle.updated_by,
        checklist: view.checklist.into_iter().map(Into::into).collect(),
        components: view.components.into_iter().map(Into::into).collect(),
    }))
}

/// `PUT /api/v1/versions/{id}/lifecycle`: every date is replaced (absent or empty: not set).
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LifecycleDates {
    /// The commercial release (`YYYY-MM-DD`).
    pub release: Option<String>,
    /// End of life (`YYYY-MM-DD`), after the release.
    pub end_of_life: Option<String>,
    /// End of support (`YYYY-MM-DD`), no earlier than end of life.
    pub end_of_support: Option<String>,
    /// The basis of the dates (compensating controls that extend limited support, say).
    pub note: Option<String>,
}

/// Sets a product version's lifecycle dates; answers its lifecycle.
#[utoipa::path(put, path = "/api/v1/versions/{id}/lifecycle", tag = "lifecycle",
    params(("id" = String, Path, description = "The product version's id")),
    request_body = LifecycleDates,
    responses((status = 200, body = Lifecycle), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn set_lifecycle(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LifecycleDates>,
) -> ApiResult<axum::Json<Lifecycle>> {
    let input = lifecycle::LifecycleInput {
        release: body.release,
        end_of_life: body.end_of_life,
        end_of_support: body.end_of_support,
        note: body.note,
    };
    lifecycle::set_lifecycle(&state.store, &principal, &id, &input).await?;
    get_lifecycle(State(state), Auth(principal), Path(id)).await
}

/// `POST /api/v1/versions/{id}/lifecycle/communications`.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCommunication {
    /// The checklist item's id.
    pub item: String,
    /// When the communication was made (`YYYY-MM-DD`, not in the future).
    pub done: String,
    /// Where the notice, letter or document is.
    pub evidence: String,
}

/// Records a customer communication of a version's lifecycle checklist as done, with its
/// evidence (a later record of the same item supersedes the earlier one; both stay in the
/// audit trail).
#[utoipa::path(post, path = "/api/v1/versions/{id}/lifecycle/communications", tag = "lifecycle",
    params(("id" = String, Path, description = "The product version's id")),
    request_body = NewCommunication,
    responses((status = 201, body = Created), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn record_communication(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewCommunication>,
) -> ApiResult<(StatusCode, axum::Json<Created>)> {
    let record = lifecycle::record_communication(
        &state.store,
        &principal,
        &id,
        &body.item,
        &body.done,
        &body.evidence,
        lifecycle::today(),
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: record.id })))
}

/// `POST /api/v1/component-support`.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComponentSupport {
    /// The component: its purl (qualifiers are dropped) or `name@version`.
    pub component: String,
    /// `active`, `limited`, `none`, `manufacturer` or `unknown`.
    pub level: Option<String>,
    /// The end-of-support date (`YYYY-MM-DD`).
    pub end_of_support: Option<String>,
    /// The source of the information.
    pub note: Option<String>,
}

/// Enters a component's level of support and end-of-support date for every version of the
/// organisation that has it (it supersedes what the SBOMs say).
#[utoipa::path(post, path = "/api/v1/component-support", tag = "lifecycle",
    request_body = NewComponentSupport,
    responses((status = 201, body = Created), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
pub async fn set_component_support(
    State(state): State<AppState>,
    Auth(principal): Auth,
    ApiJson(body): ApiJson<NewComponentSupport>,
) -> ApiResult<(StatusCode, axum::Json<Created>)> {
    let entry = lifecycle::set_component_support(
        &state.store,
        &principal,
        &lifecycle::SupportInput {
            component: body.component,
            level: body.level,
            end_of_support: body.end_of_support,
            note: body.note,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: entry.id })))
}

/// The window of the portfolio's lifecycle view.
#[derive(Clone, Copy, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WindowQuery {
    /// Versions whose end of support falls within this many days are "nearing" it (0–36500,
    /// default 730: the two years' notice IMDRF N70 asks for).
    pub within_days: Option<u32>,
}

/// A version in the portfolio's lifecycle view.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct VersionLifecycleStatus {
    /// The product's id.
    pub product: String,
    /// The product's name.
    pub product_name: String,
    /// The version's id.
    pub product_version: String,
    /// The version string.
    pub version: String,
    /// `development`, `support`, `limited_support` or `end_of_support`.
    pub stage: String,
    /// The commercial release.
    pub release: Option<String>,
    /// End of life.
    pub end_of_life: Option<String>,
    /// End of support.
    pub end_of_support: Option<String>,
    /// Days until end of support (negative: past).
    pub days_to_end_of_support: Option<i64>,
    /// End of support falls within the window and has not passed.
    pub nearing_end_of_support: bool,
    /// Checklist items past their due date.
    pub overdue: u32,
    /// Checklist items due within 90 days.
    pub due_soon: u32,
}

/// The portfolio's lifecycle.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PortfolioLifecycle {
    /// The day judged by (UTC).
    pub today: String,
    /// The window, in days.
    pub within_days: i64,
    /// Every version, most urgent first (past or nearing end of support, then overdue items).
    pub versions: Vec<VersionLifecycleStatus>,
    /// Components of current SBOMs past their end of support or no longer supported.
    pub components_past_support: Vec<SupportedComponent>,
}

/// The lifecycle of the whole portfolio: each version's stage and checklist standing, versions
/// nearing end of support, and components past theirs.
#[utoipa::path(get, path = "/api/v1/lifecycle", tag = "lifecycle", params(WindowQuery),
    responses((status = 200, body = PortfolioLifecycle), (status = 401, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_portfolio_lifecycle(
    State(state): State<AppState>,
    Auth(principal): Auth,
    ApiQuery(q): ApiQuery<WindowQuery>,
) -> ApiResult<axum::Json<PortfolioLifecycle>> {
    let within = q.within_days.unwrap_or(730);
    if within > 36_500 {
        return Err(crate::error::ApiError::bad_request(
            "`within_days` must be between 0 and 36500",
        ));
    }
    let view = lifecycle::portfolio(
        &state.store,
        &principal,
        lifecycle::today(),
        i64::from(within),
    )
    .await?;
    Ok(axum::Json(PortfolioLifecycle {
        today: view.today,
        within_days: view.within_days,
        versions: view
            .versions
            .into_iter()
            .map(|v| VersionLifecycleStatus {
                product: v.product,
                product_name: v.product_name,
                product_version: v.version_id,
                version: v.version,
                stage: v.stage.as_str().to_owned(),
                release: v.release,
                end_of_life: v.end_of_life,
                end_of_support: v.end_of_support,
                days_to_end_of_support: v.days_to_end_of_support,
                nearing_end_of_support: v.nearing_end_of_support,
                overdue: v.overdue,
                due_soon: v.due_soon,
            })
            .collect(),
        components_past_support: view
            .components_past_support
            .into_iter()
            .map(Into::into)
            .collect(),
    }))
}
