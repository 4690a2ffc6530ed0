//! The web UI: server-rendered pages in Japanese and English over the same use cases as the
//! API, usable without JavaScript.
//!
//! - [`auth`]: the session cookie, the language, CSRF tokens and the same-origin check.
//! - [`i18n`]: the Fluent catalogues (`locales/{en,ja}/main.ftl`) and dates in each locale.
//! - [`view`]: the page context the templates (`templates/*.html`, askama) call.
//! - [`pages`]: the handlers.
//!
//! [`ROUTES`] lists every page; the router is built from it, and the tests walk it (every page
//! but the login page needs a session).

pub mod auth;
pub mod i18n;
pub mod lifecycle;
pub mod pages;
pub mod risk;
pub mod view;

use axum::Router;
use axum::routing::{MethodRouter, get, post};

use crate::AppState;

/// A route of the UI.
#[derive(Clone, Copy)]
pub struct Route {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path, with `{id}` for a parameter.
    pub path: &'static str,
    /// Answered without a session (the login page, the language switch, the style sheet).
    pub public: bool,
    handler: fn() -> MethodRouter<AppState>,
}

const fn route(
    method: &'static str,
    path: &'static str,
    public: bool,
    handler: fn() -> MethodRouter<AppState>,
) -> Route {
    Route {
        method,
        path,
        public,
        handler,
    }
}

/// Every route of the UI.
pub const ROUTES: &[Route] = &[
    route("GET", "/", false, || get(pages::dashboard)),
    route("GET", "/login", true, || get(pages::login_page)),
    route("POST", "/login", true, || post(pages::login)),
    route("POST", "/logout", false, || post(pages::logout)),
    route("POST", "/language", true, || post(pages::language)),
    route("GET", "/static/app.css", true, || get(pages::stylesheet)),
    route("GET", "/products", false, || get(pages::products)),
    route("POST", "/products", false, || post(pages::create_product)),
    route("GET", "/products/{id}", false, || get(pages::product)),
    route("POST", "/products/{id}/versions", false, || {
        post(pages::create_version)
    }),
    route("GET", "/versions/{id}", false, || get(pages::version)),
    route("GET", "/versions/{id}/components", false, || {
        get(pages::components)
    }),
    route("POST", "/versions/{id}/sbom", false, || post(pages::upload)),
    route("POST", "/versions/{id}/triage", false, || {
        post(pages::triage)
    }),
    route("GET", "/findings/{id}", false, || get(pages::finding)),
    route("GET", "/vulnerabilities/{id}", false, || {
        get(pages::vulnerability)
    }),
    route("GET", "/audit", false, || get(pages::audit_log)),
    route("GET", "/jobs", false, || get(pages::jobs)),
    route("POST", "/jobs/rescan", false, || post(pages::rescan)),
    route("GET", "/account", false, || get(pages::account)),
    route("POST", "/account/tokens", false, || {
        post(pages::create_token)
    }),
    route("POST", "/account/tokens/{id}/revoke", false, || {
        post(pages::revoke_token)
    }),
    route("POST", "/account/users", false, || post(pages::create_user)),
    route("POST", "/account/users/{id}", false, || {
        post(pages::update_user)
    }),
    route("POST", "/products/{id}/grants", false, || {
        post(pages::create_grant)
    }),
    route("POST", "/grants/{id}/revoke", false, || {
        post(pages::revoke_grant)
    }),
    route("GET", "/lifecycle", false, || get(lifecycle::portfolio)),
    route("POST", "/lifecycle/component-support", false, || {
        post(lifecycle::component_support)
    }),
    route("GET", "/versions/{id}/lifecycle", false, || {
        get(lifecycle::version)
    }),
    route("POST", "/versions/{id}/lifecycle", false, || {
        post(lifecycle::set_dates)
    }),
    route(
        "POST",
        "/versions/{id}/lifecycle/communications",
        false,
        || post(lifecycle::record_communication),
    ),
    route("GET", "/regulatory", false, || get(risk::calendar)),
    route("GET", "/findings/{id}/risk", false, || get(risk::finding)),
    route("POST", "/findings/{id}/risk", false, || post(risk::assess)),
    route("POST", "/findings/{id}/risk/steps", false, || {
        post(risk::step)
    }),
    route("POST", "/products/{id}/cvss-profiles", false, || {
        post(risk::create_profile)
    }),
    route("GET", "/shared", false, || get(pages::shared)),
    route("GET", "/shared/versions/{id}", false, || {
        get(pages::shared_version)
    }),
    route("GET", "/shared/versions/{id}/sbom", false, || {
        get(pages::shared_sbom)
    }),
];

/// The UI's routes (the same-origin check on every form post is layered here).
pub fn router() -> Router<AppState> {
    let mut router: Router<AppState> = Router::new();
    for r in ROUTES {
        router = router.route(r.path, (r.handler)());
    }
    router.layer(axum::middleware::from_fn(auth::same_origin))
}
