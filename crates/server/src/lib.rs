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
pub mod worker;

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
    /// The directory feed files may be imported from by path (none: uploads only).
    pub import_dir: Option<std::path::PathBuf>,
    /// Background workers [`serve`] runs (0: none; the jobs wait for another server).
    pub workers: u32,
    /// Wakes the workers when a job is queued.
    pub jobs_queued: Arc<tokio::sync::Notify>,
}

impl AppState {
    /// State over a store: no import directory, one worker.
    pub fn new(store: Store) -> AppState {
        AppState {
            store,
            metrics: Arc::new(Metrics::default()),
            import_dir: None,
            workers: 1,
            jobs_queued: Arc::new(tokio::sync::Notify::new()),
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
        (name = "jobs", description = "Feed imports, run in the background by the servers' workers"),
        (name = "regulatory", description = "Medical risk decisions on findings (harm, controlled or uncontrolled risk) and the regulatory clocks they start (Japan, FDA, EU), each rule citing its source"),
        (name = "lifecycle", description = "Each version's lifecycle stage and dates, the customer communications each milestone requires (IMDRF N70, MHLW guidance 6.6), and components' support"),
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

/// Makes the document say what every handler's extractors do: a problem is
/// `application/problem+json`; an operation with query parameters may answer 400 (a malformed
/// or out-of-range parameter), one with a JSON body 400 (malformed) or 415 (not JSON), one
/// with a bearer token 401.
struct Problems;

impl utoipa::Modify for Problems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
        let problem = || {
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build()
        };
        let answer = |text: &str| {
            ResponseBuilder::new()
                .description(text)
                .content("application/problem+json", problem())
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            for op in [
                item.get.as_mut(),
                item.post.as_mut(),
                item.put.as_mut(),
                item.patch.as_mut(),
                item.delete.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                let responses = &mut op.responses.responses;
                for response in responses.values_mut() {
                    if let RefOr::T(r) = response
                        && let Some(content) = r.content.shift_remove("application/json")
                    {
                        let is_problem = matches!(&content,
                            RefOr::T(c) if matches!(&c.schema,
                                Some(RefOr::Ref(x)) if x.ref_location.ends_with("/Problem")));
                        let kind = if is_problem {
                            "application/problem+json"
                        } else {
                            "application/json"
                        };
                        r.content.insert(kind.to_owned(), content);
                    }
                }
                let has_query = op
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Query));
                let json_body = op.request_body.as_ref().is_some_and(
                    |b| matches!(b, RefOr::T(b) if b.content.contains_key("application/json")),
                );
                if has_query || json_body {
                    responses
                        .entry("400".to_owned())
                        .or_insert_with(|| answer("A malformed request").into());
                }
                if json_body {
                    responses
                        .entry("415".to_owned())
                        .or_insert_with(|| answer("The body is not JSON").into());
                }
            }
        }
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
        .routes(routes!(api::list_users, api::create_user))
        .routes(routes!(api::update_user))
        .routes(routes!(api::list_tokens, api::create_token))
        .routes(routes!(api::revoke_token))
        .routes(routes!(api::list_audit))
        .routes(routes!(api::queue_import))
        .routes(routes!(api::queue_rescan))
        .routes(routes!(api::list_jobs))
        .routes(routes!(api::get_job))
        .routes(routes!(
            api::lifecycle::get_lifecycle,
            api::lifecycle::set_lifecycle
        ))
        .routes(routes!(api::lifecycle::record_communication))
        .routes(routes!(api::lifecycle::set_component_support))
        .routes(routes!(api::lifecycle::get_portfolio_lifecycle))
        .routes(routes!(api::risk::get_risk, api::risk::create_risk))
        .routes(routes!(api::risk::create_step))
        .routes(routes!(api::risk::get_calendar))
        .routes(routes!(api::risk::list_rules))
        .routes(routes!(api::risk::list_acceptances))
        .routes(routes!(api::risk::create_profile, api::risk::list_profiles))
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(metrics_text))
}

/// The OpenAPI document of the server.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut document = api().into_openapi();
    utoipa::Modify::modify(&Problems, &mut document);
    document
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (routes, mut openapi) = api().split_for_parts();
    // After the routes are in: it rewrites their responses.
    utoipa::Modify::modify(&Problems, &mut openapi);
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

/// Serves the application on `listener` with its job workers until `shutdown` completes,
/// then finishes the requests in flight (a worker finishes its job).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let workers: Vec<_> = (0..state.workers)
        .map(|i| tokio::spawn(worker::run(state.clone(), i, stopped.clone())))
        .collect();
    let result = axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await;
    let _ = stop.send(true);
    for w in workers {
        let _ = w.await;
    }
    result
}
