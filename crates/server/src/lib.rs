//! medcyber's platform server: the REST API over the use cases of `medcyber-core`.
//!
//! - [`router`] builds the whole application (`/api/v1/...`, `/api/openapi.json`, `/healthz`,
//!   `/readyz`, `/metrics`) over an [`AppState`]; [`serve`] runs it on a listener until a
//!   shutdown signal. Tests call the router without a socket.
//! - Handlers (`api`) are thin: extract, call `medcyber-core`, answer. Authentication is an
//!   extractor ([`extract::Auth`]: `Authorization: Bearer <token>`); permissions and tenancy
//!   are decided in core, where every read is scoped by the caller's organisation, so another
//!   organisation's object answers 404 like one that does not exist.
//! - Every error is an RFC 9457 problem ([`error::ApiError`]); internal failures are logged,
//!   never sent.
//! - The web UI ([`web`]) is server-rendered in Japanese and English over the same use cases,
//!   with cookie sessions, CSRF tokens and login throttling.
//! - The OpenAPI 3.1 document is generated from the handlers' annotations as the router is
//!   built (`utoipa-axum`), so it lists exactly the routes the server answers.
#![deny(missing_docs)]

pub mod api;
pub mod error;
pub mod extract;
mod metrics;
pub mod web;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use medcyber_store::Store;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use metrics::Metrics;

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The store (advisory data and the platform's data).
    pub store: Store,
    /// Request counters for `/metrics`.
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// State over a store.
    pub fn new(store: Store) -> AppState {
        AppState {
            store,
            metrics: Arc::new(Metrics::default()),
        }
    }
}

/// The largest request body (an SBOM upload): the SBOM readers' own default limit.
pub const MAX_BODY: usize = medcyber_sbom::DEFAULT_MAX_BYTES;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "medcyber",
        description = "The cybersecurity lifecycle of medical devices: portfolio, SBOMs, findings, vulnerabilities, accounts and the audit log. Every `/api/v1` route takes `Authorization: Bearer <token>`; errors are `application/problem+json`.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "portfolio", description = "Products, versions, SBOMs, components and findings"),
        (name = "vulnerabilities", description = "Advisory data from every source"),
        (name = "sharing", description = "Grants of read access to customer organisations, and what others share"),
        (name = "accounts", description = "The organisation, users, tokens and the audit log"),
        (name = "operations", description = "Health, readiness and metrics")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token from `medcyber admin create-token`"))
                    .build(),
            ),
        );
    }
}

/// The API routes with their OpenAPI document.
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(api::create_product, api::list_products))
        .routes(routes!(api::get_product))
        .routes(routes!(api::create_version, api::list_versions))
        .routes(routes!(api::get_version))
        .routes(routes!(api::upload_sbom, api::get_sbom))
        .routes(routes!(api::list_components))
        .routes(routes!(api::list_findings))
        .routes(routes!(api::create_analysis, api::list_analyses))
        .routes(routes!(api::get_vulnerability))
        .routes(routes!(api::create_grant, api::list_grants))
        .routes(routes!(api::revoke_grant))
        .routes(routes!(api::list_shared))
        .routes(routes!(api::get_shared_sbom))
        .routes(routes!(api::list_shared_findings))
        .routes(routes!(api::get_org))
        .routes(routes!(api::list_users))
        .routes(routes!(api::list_tokens, api::create_token))
        .routes(routes!(api::revoke_token))
        .routes(routes!(api::list_audit))
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(metrics_text))
}

/// The OpenAPI document of the server.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api().into_openapi()
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (routes, openapi) = api().split_for_parts();
    let document = Arc::new(openapi);
    routes
        .route(
            "/api/openapi.json",
            get(move || {
                let document = Arc::clone(&document);
                async move { axum::Json((*document).clone()) }
            }),
        )
        .merge(web::router())
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state)
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = String)))]
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, body = String), (status = 503, body = String)))]
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Request counts and latencies in the Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, body = String)))]
async fn metrics_text(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}

/// Serves the application on `listener` until `shutdown` completes, then finishes the requests
/// in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
