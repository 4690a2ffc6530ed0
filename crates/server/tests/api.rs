//! The REST API end to end through the router (no socket), on SQLite and on PostgreSQL: the
//! exact routes of the contract, tenancy (another organisation's objects answer 404), problem
//! documents, SBOM upload with quality and findings, the audit trail, and the permission matrix
//! over every route the router serves (derived from the OpenAPI document the router generates,
//! so a new route without a rule here fails).
#![allow(clippy::print_stderr, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use medcyber_core::FeedSource;
use medcyber_core::tenancy::{Action, permits};
use medcyber_model::platform::{OrgKind, Role};
use medcyber_server::{AppState, router};
use medcyber_store::{Location, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The demo advisories (data/samples) imported, so that an upload of the demo SBOM has
/// findings.
async fn import_samples(store: &Store) {
    let samples = repo().join("data/samples/advisories");
    for (source, path) in [
        (FeedSource::Osv, samples.join("osv")),
        (FeedSource::Cve5, samples.join("cve5")),
        (FeedSource::Nvd, samples.join("nvd")),
        (FeedSource::Csaf, samples.join("csaf")),
        (FeedSource::Kev, samples.join("kev.json")),
    ] {
        medcyber_core::import_feed(store, source, &[path], &mut |_| {})
            .await
            .expect("import samples");
    }
}

/// Two organisations: a manufacturer with a user and token per role, and a hospital with an
/// owner.
struct World {
    app: Router,
    store: Store,
    tokens: Vec<(Role, String)>,
    foreign: String,
}

impl World {
    fn token(&self, role: Role) -> &str {
        &self
            .tokens
            .iter()
            .find(|(r, _)| *r == role)
            .expect("a token per role")
            .1
    }
}

async fn world(store: Store) -> World {
    import_samples(&store).await;
    let op = "cli:test";
    medcyber_core::accounts::create_org(&store, "ACME Medical", OrgKind::Manufacturer, op)
        .await
        .expect("org");
    medcyber_core::accounts::create_org(&store, "City Hospital", OrgKind::Hospital, op)
        .await
        .expect("org");
    let mut tokens = Vec::new();
    for role in Role::ALL {
        let email = format!("{}@acme.example", role.as_str());
        medcyber_core::accounts::create_user(
            &store,
            "ACME Medical",
            &email,
            role,
            "a long enough passphrase",
            op,
        )
        .await
        .expect("user");
        let token = medcyber_core::accounts::create_token(&store, &email, Some(30), op)
            .await
            .expect("token");
        tokens.push((role, token.secret));
    }
    medcyber_core::accounts::create_user(
        &store,
        "City Hospital",
        "ciso@hospital.example",
        Role::Owner,
        "another long passphrase",
        op,
    )
    .await
    .expect("user");
    let foreign = medcyber_core::accounts::create_token(&store, "ciso@hospital.example", None, op)
        .await
        .expect("token")
        .secret;
    World {
        app: router(AppState::new(store.clone())),
        store,
        tokens,
        foreign,
    }
}

struct Answer {
    status: StatusCode,
    content_type: String,
    body: Value,
}

async fn call(app: &Router, method: Method, uri: &str, token: Option<&str>, body: Body) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let response = app
        .clone()
        .oneshot(request.body(body).expect("request"))
        .await
        .expect("response");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    Answer {
        status,
        content_type,
        body,
    }
}

async fn json_call(app: &Router, method: Method, uri: &str, token: &str, body: Value) -> Answer {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json");
    request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    let response = app
        .clone()
        .oneshot(request.body(Body::from(body.to_string())).expect("request"))
        .await
        .expect("response");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Answer {
        status,
        content_type,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

fn demo_sbom() -> Vec<u8> {
    std::fs::read(repo().join("data/samples/device.cdx.json")).expect("demo SBOM")
}

/// Runs `body` on SQLite and on PostgreSQL, with the database's URL.
async fn on_both<F, Fut>(name: &str, body: F)
where
    F: Fn(Store, String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("medcyber.db");
    let store = Store::open(&Location::Sqlite(path.clone()))
        .await
        .expect("open sqlite");
    body(store.clone(), format!("sqlite://{}", path.display())).await;
    store.close().await;
    if let Some((url, db)) = medcyber_testdata::postgres(name).await {
        let store = Store::open(&Location::Postgres(url.clone()))
            .await
            .expect("open postgres");
        body(store.clone(), url).await;
        store.close().await;
        medcyber_testdata::drop_postgres(&db).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn portfolio_story_on_both_backends() {
    on_both("api_story", |store, _| async move {
        let w = world(store).await;
        let engineer = w.token(Role::SecurityEngineer);

        // No token, a malformed one, an unknown one: 401 problems.
        for token in [None, Some("nonsense"), Some(&*format!("mcy_{}", "0".repeat(64)))] {
            let a = call(&w.app, Method::GET, "/api/v1/products", token, Body::empty()).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED);
            assert_eq!(a.content_type, "application/problem+json");
            assert_eq!(a.body["status"], 401);
        }

        // The exact routes of the contract.
        let a = json_call(&w.app, Method::POST, "/api/v1/products", engineer, json!({"name": "Infusion pump IP-7"})).await;
        assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
        let product = a.body["id"].as_str().expect("id").to_owned();
        let a = json_call(&w.app, Method::POST, "/api/v1/products", engineer, json!({"name": "Infusion pump IP-7"})).await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        // Refusals carry a stable code beside their English detail.
        assert_eq!(a.body["code"], "taken-product", "{}", a.body);
        assert_eq!(a.body["detail"], "a product with that name already exists");
        let a = json_call(&w.app, Method::POST, "/api/v1/products", engineer, json!({"name": " "})).await;
        assert_eq!((a.status, a.body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("product-name-invalid")), "{}", a.body);
        let a = json_call(&w.app, Method::POST, "/api/v1/products", w.token(Role::Viewer), json!({"name": "X"})).await;
        assert_eq!((a.status, a.body["code"].as_str()), (StatusCode::FORBIDDEN, Some("denied-write")), "{}", a.body);
        let a = json_call(&w.app, Method::POST, "/api/v1/products", engineer, json!({"title": "x"})).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "a body without the fields is bad input");
        assert_eq!(a.content_type, "application/problem+json");

        let a = call(&w.app, Method::GET, "/api/v1/products", Some(engineer), Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["total"], 1);
        assert_eq!(a.body["items"][0]["name"], "Infusion pump IP-7");

        let uri = format!("/api/v1/products/{product}/versions");
        let a = json_call(&w.app, Method::POST, &uri, engineer, json!({"version": "4.2"})).await;
        assert_eq!(a.status, StatusCode::CREATED);
        let version = a.body["id"].as_str().expect("id").to_owned();

        let a = call(&w.app, Method::GET, &format!("/api/v1/products/{product}"), Some(engineer), Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["versions"][0]["version"], "4.2");

        // Upload: quality report and findings against the imported samples.
        let uri = format!("/api/v1/versions/{version}/sbom");
        let a = call(&w.app, Method::POST, &uri, Some(engineer), Body::from(demo_sbom())).await;
        assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
        assert_eq!(a.body["format"], "CycloneDX");
        assert_eq!(a.body["spec_version"], "1.6");
        let found = a.body["findings"].as_u64().expect("findings");
        assert!(found > 0, "the demo SBOM has findings: {:?}", a.body);
        let profiles: Vec<&str> = a.body["quality"]
            .as_array()
            .expect("quality")
            .iter()
            .filter_map(|q| q["profile"].as_str())
            .collect();
        assert_eq!(profiles, ["ntia", "imdrf", "fda", "bsi"]);

        let uri = format!("/api/v1/versions/{version}/findings");
        let a = call(&w.app, Method::GET, &uri, Some(engineer), Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["total"].as_u64(), Some(found));
        let first = &a.body["items"][0];
        assert!(first["id"].is_string() && first["vulnerability"]["id"].is_string());
        assert!(first["evidence"].is_string());
        // KEV first: the xz backdoor of the demo SBOM is in the KEV sample.
        assert_eq!(first["kev"], true, "{first:?}");
        let a = call(&w.app, Method::GET, &format!("{uri}?kev=true&limit=1"), Some(engineer), Body::empty()).await;
        assert_eq!(a.body["items"].as_array().map(Vec::len), Some(1));
        assert!(a.body["items"].as_array().expect("items").iter().all(|f| f["kev"] == true));
        let a = call(&w.app, Method::GET, &format!("{uri}?severity=critical"), Some(engineer), Body::empty()).await;
        assert!(a.body["items"].as_array().expect("items").iter().all(|f| f["severity_level"] == "Critical"));
        let a = call(&w.app, Method::GET, &format!("{uri}?severity=catastrophic"), Some(engineer), Body::empty()).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        let a = call(&w.app, Method::GET, &format!("{uri}?limit=0"), Some(engineer), Body::empty()).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);

        let a = call(&w.app, Method::GET, &format!("/api/v1/versions/{version}/components?limit=2"), Some(engineer), Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["items"].as_array().map(Vec::len), Some(2));
        assert!(a.body["total"].as_u64().expect("total") > 2);

        let a = call(&w.app, Method::GET, &format!("/api/v1/versions/{version}/sbom"), Some(engineer), Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["uploaded_by"], "user:security_engineer@acme.example");

        // A finding's vulnerability, with every source's record.
        let vulnerability = first["vulnerability"]["id"].as_str().expect("id").to_owned();
        let a = call(&w.app, Method::GET, &format!("/api/v1/vulnerabilities/{vulnerability}"), Some(engineer), Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(!a.body.as_array().expect("records").is_empty());

        // Not an SBOM: 400; schema-invalid: 422 with located errors, or stored leniently.
        let uri = format!("/api/v1/versions/{version}/sbom");
        let a = call(&w.app, Method::POST, &uri, Some(engineer), Body::from("hello")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        let mut invalid: Value = serde_json::from_slice(&demo_sbom()).expect("json");
        invalid["components"][0]["type"] = json!("gizmo");
        let a = call(&w.app, Method::POST, &uri, Some(engineer), Body::from(invalid.to_string())).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", a.body);
        assert!(a.body["errors"][0]["pointer"].as_str().expect("pointer").starts_with("/components/0"));
        let a = call(&w.app, Method::POST, &format!("{uri}?lenient=true"), Some(engineer), Body::from(invalid.to_string())).await;
        assert_eq!(a.status, StatusCode::CREATED);
        assert!(!a.body["diagnostics"].as_array().expect("diagnostics").is_empty());

        // The other organisation sees none of it: 404, never the data.
        for uri in [
            format!("/api/v1/products/{product}"),
            format!("/api/v1/products/{product}/versions"),
            format!("/api/v1/versions/{version}"),
            format!("/api/v1/versions/{version}/findings"),
            format!("/api/v1/versions/{version}/components"),
            format!("/api/v1/versions/{version}/sbom"),
        ] {
            let a = call(&w.app, Method::GET, &uri, Some(&w.foreign), Body::empty()).await;
            assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
            assert!(!a.body.to_string().contains("Infusion"), "{uri}");
        }
        let a = json_call(&w.app, Method::POST, &format!("/api/v1/products/{product}/versions"), &w.foreign, json!({"version": "9"})).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = call(&w.app, Method::GET, "/api/v1/products", Some(&w.foreign), Body::empty()).await;
        assert_eq!(a.body["total"], 0);

        // Tokens: created once, listed without secrets, revoked, then refused.
        let a = json_call(&w.app, Method::POST, "/api/v1/tokens", w.token(Role::Admin), json!({"role": "viewer", "expires_days": 7})).await;
        assert_eq!(a.status, StatusCode::CREATED);
        let secret = a.body["token"].as_str().expect("token").to_owned();
        let id = a.body["id"].as_str().expect("id").to_owned();
        let a = call(&w.app, Method::GET, "/api/v1/products", Some(&secret), Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK);
        let a = call(&w.app, Method::GET, "/api/v1/tokens", Some(w.token(Role::Admin)), Body::empty()).await;
        assert!(!a.body.to_string().contains(&secret));
        let a = json_call(&w.app, Method::POST, "/api/v1/tokens", w.token(Role::Viewer), json!({"role": "owner"})).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let a = call(&w.app, Method::DELETE, &format!("/api/v1/tokens/{id}"), Some(&w.foreign), Body::empty()).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = call(&w.app, Method::DELETE, &format!("/api/v1/tokens/{id}"), Some(w.token(Role::Admin)), Body::empty()).await;
        assert_eq!(a.status, StatusCode::NO_CONTENT);
        let a = call(&w.app, Method::GET, "/api/v1/products", Some(&secret), Body::empty()).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);

        // The audit log: the organisation's changes, newest first, and an intact chain.
        let a = call(&w.app, Method::GET, "/api/v1/audit?limit=500", Some(w.token(Role::Auditor)), Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK);
        let actions: Vec<&str> = a.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        assert_eq!(actions.first(), Some(&"token.revoke"));
        for action in ["org.create", "user.create", "token.create", "product.create", "version.create", "sbom.upload"] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
        let verification = medcyber_core::audit::verify(&w.store).await.expect("verify");
        assert!(verification.broken.is_none(), "{verification:?}");
        assert!(verification.events >= 19, "{}", verification.events);

        // Operations.
        let a = call(&w.app, Method::GET, "/readyz", None, Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK);
        let a = call(&w.app, Method::GET, "/metrics", None, Body::empty()).await;
        let text = a.body.as_str().expect("text").to_owned();
        assert!(text.contains("medcyber_http_requests_total{route=\"/api/v1/products\",method=\"GET\",status=\"2xx\"}"), "{text}");
        assert!(!text.contains(&product), "metrics are by route, not by id");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_verify_names_the_first_broken_link() {
    on_both("audit", |store, url| async move {
        let op = "cli:test";
        for name in ["A", "B", "C", "D"] {
            medcyber_core::accounts::create_org(&store, name, OrgKind::Hospital, op)
                .await
                .expect("org");
        }
        let ok = medcyber_core::audit::verify(&store).await.expect("verify");
        assert_eq!((ok.events, ok.broken), (4, None));
        // Tamper with the store directly, as someone with database access would.
        let pool = raw_pool(&url).await;
        sqlx::query("UPDATE audit_event SET actor = 'cli:mallory' WHERE seq = 2")
            .execute(&pool)
            .await
            .expect("edit");
        let v = medcyber_core::audit::verify(&store).await.expect("verify");
        let broken = v.broken.expect("broken");
        assert_eq!(broken.seq, 2);
        assert!(broken.reason.contains("altered"), "{}", broken.reason);
        sqlx::query("UPDATE audit_event SET actor = 'cli:test' WHERE seq = 2")
            .execute(&pool)
            .await
            .expect("restore");
        sqlx::query("DELETE FROM audit_event WHERE seq = 3")
            .execute(&pool)
            .await
            .expect("delete");
        let broken = medcyber_core::audit::verify(&store)
            .await
            .expect("verify")
            .broken
            .expect("broken");
        assert_eq!(broken.seq, 3);
        assert!(broken.reason.contains("missing"), "{}", broken.reason);
        sqlx::query("DELETE FROM audit_event WHERE seq >= 3")
            .execute(&pool)
            .await
            .expect("truncate");
        let broken = medcyber_core::audit::verify(&store)
            .await
            .expect("verify")
            .broken
            .expect("broken");
        assert_eq!(broken.seq, 3);
        assert!(broken.reason.contains("deleted"), "{}", broken.reason);
        pool.close().await;
    })
    .await;
}

/// A second connection to the database, bypassing the store (to tamper with it).
async fn raw_pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(url).await.expect("raw pool")
}

/// What a route needs: the action it performs, and how to call it.
struct Rule {
    action: Option<Action>,
    /// `{id}` is an object of the caller's organisation (false: a global id or none).
    owned: bool,
}

/// Every route's rule; a route the router serves without a rule here fails the matrix.
fn rule(method: &str, path: &str) -> Rule {
    let r = |action, owned| Rule { action, owned };
    match (method, path) {
        ("get", "/healthz" | "/readyz" | "/metrics") => r(None, false),
        ("get", "/api/v1/products") => r(Some(Action::Read), false),
        ("post", "/api/v1/products") => r(Some(Action::Write), false),
        ("get", "/api/v1/products/{id}" | "/api/v1/products/{id}/versions") => {
            r(Some(Action::Read), true)
        }
        ("post", "/api/v1/products/{id}/versions") => r(Some(Action::Write), true),
        (
            "get",
            "/api/v1/versions/{id}"
            | "/api/v1/versions/{id}/sbom"
            | "/api/v1/versions/{id}/components"
            | "/api/v1/versions/{id}/findings",
        ) => r(Some(Action::Read), true),
        ("post", "/api/v1/versions/{id}/sbom") => r(Some(Action::Write), true),
        ("get", "/api/v1/vulnerabilities/{id}") => r(Some(Action::Read), false),
        ("get", "/api/v1/org") => r(Some(Action::Read), false),
        ("get", "/api/v1/users" | "/api/v1/tokens") => r(Some(Action::Administer), false),
        ("post", "/api/v1/users") => r(Some(Action::Administer), false),
        ("patch", "/api/v1/users/{id}") => r(Some(Action::Administer), true),
        ("post", "/api/v1/tokens") => r(Some(Action::Read), false),
        ("delete", "/api/v1/tokens/{id}") => r(Some(Action::Administer), true),
        ("get", "/api/v1/audit") => r(Some(Action::ReadAudit), false),
        ("post", "/api/v1/imports") => r(Some(Action::Administer), false),
        ("post", "/api/v1/rescans") => r(Some(Action::Write), false),
        ("get", "/api/v1/jobs") => r(Some(Action::Read), false),
        ("get", "/api/v1/jobs/{id}") => r(Some(Action::Read), true),
        ("post", "/api/v1/findings/{id}/analysis") => r(Some(Action::Triage), true),
        ("get", "/api/v1/findings/{id}/analysis") => r(Some(Action::Read), true),
        ("post", "/api/v1/grants") => r(Some(Action::Administer), false),
        ("get", "/api/v1/grants") => r(Some(Action::Administer), false),
        ("delete", "/api/v1/grants/{id}") => r(Some(Action::Administer), true),
        ("get", "/api/v1/shared") => r(Some(Action::Read), false),
        ("get", "/api/v1/versions/{id}/lifecycle") => r(Some(Action::Read), true),
        ("put", "/api/v1/versions/{id}/lifecycle")
        | ("post", "/api/v1/versions/{id}/lifecycle/communications") => {
            r(Some(Action::Write), true)
        }
        ("post", "/api/v1/component-support") => r(Some(Action::Write), false),
        ("get", "/api/v1/lifecycle") => r(Some(Action::Read), false),
        ("get", "/api/v1/findings/{id}/risk" | "/api/v1/products/{id}/cvss-profiles") => {
            r(Some(Action::Read), true)
        }
        ("post", "/api/v1/products/{id}/cvss-profiles") => r(Some(Action::Write), true),
        ("post", "/api/v1/findings/{id}/risk" | "/api/v1/findings/{id}/risk/steps") => {
            r(Some(Action::Triage), true)
        }
        (
            "get",
            "/api/v1/regulatory/calendar"
            | "/api/v1/regulatory/rules"
            | "/api/v1/regulatory/acceptances",
        ) => r(Some(Action::Read), false),
        ("get", "/api/v1/shared/versions/{id}/sbom" | "/api/v1/shared/versions/{id}/findings") => {
            r(Some(Action::Read), true)
        }
        _ => panic!("the route {method} {path} has no rule in the permission matrix"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permission_matrix_covers_every_route() {
    on_both("matrix", |store, _| async move {
        let w = world(store).await;
        // One product and version with an SBOM in each organisation.
        let mut ids = Vec::new();
        for token in [w.token(Role::Owner).to_owned(), w.foreign.clone()] {
            let p = json_call(&w.app, Method::POST, "/api/v1/products", &token, json!({"name": "Monitor"})).await;
            let product = p.body["id"].as_str().expect("product").to_owned();
            let v = json_call(&w.app, Method::POST, &format!("/api/v1/products/{product}/versions"), &token, json!({"version": "1"})).await;
            let version = v.body["id"].as_str().expect("version").to_owned();
            let u = call(&w.app, Method::POST, &format!("/api/v1/versions/{version}/sbom"), Some(&token), Body::from(demo_sbom())).await;
            assert_eq!(u.status, StatusCode::CREATED);
            ids.push((product, version));
        }
        // The hospital shares nothing of its own; it shares one of two products with ACME
        // (the matrix's "own" object for the shared routes), not the other ("foreign").
        let owner = medcyber_core::accounts::authenticate(&w.store, w.token(Role::Owner)).await.expect("owner");
        let hospital = medcyber_core::accounts::authenticate(&w.store, &w.foreign).await.expect("hospital");
        let mut shared_versions = Vec::new();
        for (name, share) in [("Shared", true), ("Private", false)] {
            let p = medcyber_core::portfolio::create_product(&w.store, &hospital, name).await.expect("product");
            let v = medcyber_core::portfolio::create_version(&w.store, &hospital, &p.id, "1").await.expect("version");
            medcyber_core::portfolio::upload_sbom(&w.store, &hospital, &v.id, &demo_sbom(), Default::default()).await.expect("upload");
            if share {
                medcyber_core::sharing::grant(&w.store, &hospital, "ACME Medical", &p.id, true).await.expect("grant");
            }
            shared_versions.push(v.id);
        }
        let first_finding = |version: String, token: String| {
            let app = w.app.clone();
            async move {
                let a = call(&app, Method::GET, &format!("/api/v1/versions/{version}/findings?limit=1"), Some(&token), Body::empty()).await;
                a.body["items"][0]["id"].as_str().expect("a finding").to_owned()
            }
        };
        let findings = [
            first_finding(ids[0].1.clone(), w.token(Role::Owner).to_owned()).await,
            first_finding(ids[1].1.clone(), w.foreign.clone()).await,
        ];
        let openapi = serde_json::to_value(medcyber_server::openapi()).expect("openapi");
        let paths = openapi["paths"].as_object().expect("paths");
        let mut checked = 0;
        let mut n = 0;
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                if item.get(method).is_none() {
                    continue;
                }
                let rule = rule(method, path);
                let Some(action) = rule.action else {
                    let a = call(&w.app, Method::GET, path, None, Body::empty()).await;
                    assert_eq!(a.status, StatusCode::OK, "{method} {path} is public");
                    continue;
                };
                // Without a token: 401, whatever the route.
                let uri = path.replace("{id}", "x");
                let a = call(&w.app, method.to_uppercase().parse().expect("method"), &uri, None, Body::empty()).await;
                assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{method} {path} without a token");
                for (role, token) in &w.tokens {
                    for own in [true, false] {
                        if !own && !rule.owned {
                            continue;
                        }
                        n += 1;
                        let (product, version) = if own { &ids[0] } else { &ids[1] };
                        let id = if path.starts_with("/api/v1/shared/versions/") {
                            shared_versions[usize::from(!own)].clone()
                        } else if path.starts_with("/api/v1/findings/") {
                            findings[usize::from(!own)].clone()
                        } else if path.starts_with("/api/v1/grants/") {
                            // A fresh grant of the owning organisation to withdraw.
                            let (by, to) = if own { (&owner, "City Hospital") } else { (&hospital, "ACME Medical") };
                            let p = medcyber_core::portfolio::create_product(&w.store, by, &format!("G{n}")).await.expect("product");
                            medcyber_core::sharing::grant(&w.store, by, to, &p.id, false).await.expect("grant").id
                        } else if path.starts_with("/api/v1/products/") {
                            product.clone()
                        } else if path.starts_with("/api/v1/versions/") {
                            version.clone()
                        } else if path.starts_with("/api/v1/tokens/") {
                            // A fresh token of the owning organisation to revoke.
                            let email = if own { "viewer@acme.example" } else { "ciso@hospital.example" };
                            let t = medcyber_core::accounts::create_token(&w.store, email, None, "cli:test").await.expect("token");
                            t.token.id
                        } else if path.starts_with("/api/v1/jobs/") {
                            let by = if own { &owner } else { &hospital };
                            let kev = std::fs::read(repo().join("data/samples/advisories/kev.json")).expect("kev");
                            medcyber_core::jobs::queue_import(&w.store, by, "kev", medcyber_core::jobs::ImportData::Upload(&kev, "kev.json"), None).await.expect("job").id
                        } else if path.starts_with("/api/v1/users/") {
                            // A fresh user of the owning organisation to change.
                            let org = if own { "ACME Medical" } else { "City Hospital" };
                            medcyber_core::accounts::create_user(&w.store, org, &format!("u{n}@{}.example", if own { "acme" } else { "hospital" }), Role::Viewer, "a long enough passphrase", "cli:test").await.expect("user").id
                        } else if path.starts_with("/api/v1/vulnerabilities/") {
                            "CVE-2024-3094".to_owned()
                        } else {
                            String::new()
                        };
                        let uri = if path == "/api/v1/imports" {
                            "/api/v1/imports?source=kev&name=kev.json".to_owned()
                        } else {
                            path.replace("{id}", &id)
                        };
                        let body = match (method, path.as_str()) {
                            ("post", "/api/v1/imports") => Body::from(std::fs::read(repo().join("data/samples/advisories/kev.json")).expect("kev")),
                            ("post", "/api/v1/products") => Body::from(json!({"name": format!("P{n}")}).to_string()),
                            ("post", "/api/v1/products/{id}/versions") => Body::from(json!({"version": format!("v{n}")}).to_string()),
                            ("post", "/api/v1/tokens") => Body::from("{}"),
                            ("post", "/api/v1/rescans") => Body::from("{}"),
                            ("post", "/api/v1/users") => Body::from(json!({"email": format!("new{n}@acme.example"), "role": "viewer", "password": "a long enough passphrase"}).to_string()),
                            ("patch", "/api/v1/users/{id}") => Body::from(r#"{"role": "auditor"}"#),
                            ("post", "/api/v1/findings/{id}/analysis") => Body::from(r#"{"state": "in_triage"}"#),
                            ("post", "/api/v1/grants") => {
                                let p = medcyber_core::portfolio::create_product(&w.store, &owner, &format!("S{n}")).await.expect("product");
                                Body::from(json!({"grantee": "City Hospital", "product": p.id}).to_string())
                            }
                            ("post", "/api/v1/versions/{id}/sbom") => Body::from(demo_sbom()),
                            ("put", "/api/v1/versions/{id}/lifecycle") => Body::from(r#"{"release": "2020-01-01", "end_of_life": "2030-01-01"}"#),
                            ("post", "/api/v1/versions/{id}/lifecycle/communications") => Body::from(r#"{"item": "eos-notice", "done": "2020-01-01", "evidence": "letter 1"}"#),
                            ("post", "/api/v1/findings/{id}/risk") => Body::from(r#"{"harm": "serious", "control": "uncontrolled", "rationale": "r", "aware": "2026-01-05", "reports": ["fda-uncontrolled"]}"#),
                            ("post", "/api/v1/findings/{id}/risk/steps") => {
                                // A decision to record a step against, on the owning organisation's finding.
                                let by = if own { &owner } else { &hospital };
                                let input = medcyber_core::regulatory::RiskInput { harm: "minor".into(), control: "uncontrolled".into(), rationale: "r".into(), aware: "2026-01-05".into(), fix_available: None, reports: vec!["fda-uncontrolled".into()], accepted_until: None, acceptance_owner: None };
                                medcyber_core::regulatory::assess(&w.store, by, &id, &input, medcyber_core::lifecycle::today()).await.expect("assess");
                                Body::from(r#"{"clock": "fda-uncontrolled-communicate", "done": "2026-01-20", "reference": "letter"}"#)
                            }
                            ("post", "/api/v1/products/{id}/cvss-profiles") => Body::from(json!({"name": format!("ICU {n}"), "v3": "MAV:A"}).to_string()),
                            ("post", "/api/v1/component-support") => Body::from(r#"{"component": "pkg:npm/left-pad@1.0.0", "level": "none"}"#),
                            _ => Body::empty(),
                        };
                        let mut request = Request::builder()
                            .method(method.to_uppercase().parse::<Method>().expect("method"))
                            .uri(&uri)
                            .header(header::AUTHORIZATION, format!("Bearer {token}"));
                        if matches!(method, "post" | "patch" | "put") && !path.ends_with("/sbom") {
                            request = request.header(header::CONTENT_TYPE, "application/json");
                        }
                        let response = w.app.clone().oneshot(request.body(body).expect("request")).await.expect("response");
                        let status = response.status();
                        let allowed = permits(*role, action);
                        let expected: &[StatusCode] = match (allowed, own) {
                            (true, true) => &[StatusCode::OK, StatusCode::CREATED, StatusCode::ACCEPTED, StatusCode::NO_CONTENT],
                            (true, false) => &[StatusCode::NOT_FOUND],
                            (false, true) => &[StatusCode::FORBIDDEN],
                            (false, false) => &[StatusCode::FORBIDDEN, StatusCode::NOT_FOUND],
                        };
                        assert!(
                            expected.contains(&status),
                            "{method} {path} as {} on {} object: {status}, expected one of {expected:?}",
                            role.as_str(),
                            if own { "its own" } else { "another organisation's" }
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked >= 100, "{checked} cases");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn triage_decisions_are_reused_and_shared_with_customers() {
    on_both("triage", |store, _| async move {
        let w = world(store).await;
        let engineer = w.token(Role::SecurityEngineer);
        let p = json_call(&w.app, Method::POST, "/api/v1/products", engineer, json!({"name": "Monitor BM-200"})).await;
        let product = p.body["id"].as_str().expect("id").to_owned();
        let mut versions = Vec::new();
        for v in ["4.2", "4.3"] {
            let a = json_call(&w.app, Method::POST, &format!("/api/v1/products/{product}/versions"), engineer, json!({"version": v})).await;
            versions.push(a.body["id"].as_str().expect("id").to_owned());
        }
        let upload = |version: String| {
            let app = w.app.clone();
            let token = engineer.to_owned();
            async move {
                let a = call(&app, Method::POST, &format!("/api/v1/versions/{version}/sbom"), Some(&token), Body::from(demo_sbom())).await;
                assert_eq!(a.status, StatusCode::CREATED);
            }
        };
        upload(versions[0].clone()).await;
        let findings_uri = format!("/api/v1/versions/{}/findings", versions[0]);
        let a = call(&w.app, Method::GET, &findings_uri, Some(engineer), Body::empty()).await;
        let total = a.body["total"].as_u64().expect("total");
        let first = a.body["items"][0].clone();
        let finding = first["id"].as_str().expect("id").to_owned();
        assert!(first["analysis"].is_null());

        // Vocabulary rules: not_affected needs a justification, and only it takes one.
        let uri = format!("/api/v1/findings/{finding}/analysis");
        let a = json_call(&w.app, Method::POST, &uri, engineer, json!({"state": "not_affected"})).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        let a = json_call(&w.app, Method::POST, &uri, engineer, json!({"state": "exploitable", "justification": "code_not_present"})).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        let a = json_call(&w.app, Method::POST, &uri, engineer, json!({"state": "pwned"})).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        let a = json_call(&w.app, Method::POST, &uri, w.token(Role::Viewer), json!({"state": "in_triage"})).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);

        // A version decision, then one for every version: history keeps both, newest first.
        let a = json_call(&w.app, Method::POST, &uri, engineer, json!({"state": "in_triage", "detail": "looking"})).await;
        assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
        let a = json_call(&w.app, Method::POST, &uri, engineer, json!({
            "state": "not_affected", "justification": "code_not_reachable",
            "response": ["will_not_fix"], "detail": "The vulnerable decoder is never called by the device.",
            "scope": "all_versions"})).await;
        assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
        assert!(a.body["product_version"].is_null());
        assert_eq!(a.body["author"], "user:security_engineer@acme.example");
        let a = call(&w.app, Method::GET, &uri, Some(w.token(Role::Viewer)), Body::empty()).await;
        let states: Vec<&str> = a.body.as_array().expect("history").iter().filter_map(|h| h["state"].as_str()).collect();
        assert_eq!(states, ["not_affected", "in_triage"]);

        // Filters by the current state.
        let a = call(&w.app, Method::GET, &format!("{findings_uri}?state=not_affected"), Some(engineer), Body::empty()).await;
        assert_eq!(a.body["total"], 1);
        assert_eq!(a.body["items"][0]["analysis"]["justification"], "code_not_reachable");
        let a = call(&w.app, Method::GET, &format!("{findings_uri}?state=unanalysed"), Some(engineer), Body::empty()).await;
        assert_eq!(a.body["total"].as_u64(), Some(total - 1));
        let a = call(&w.app, Method::GET, &format!("{findings_uri}?state=bogus"), Some(engineer), Body::empty()).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);

        // Reused by a later upload of another version with the same component.
        upload(versions[1].clone()).await;
        let other = format!("/api/v1/versions/{}/findings?state=not_affected", versions[1]);
        let a = call(&w.app, Method::GET, &other, Some(engineer), Body::empty()).await;
        assert_eq!(a.body["total"], 1, "the all-versions decision applies to 4.3");
        assert_eq!(a.body["items"][0]["vulnerability"]["id"], first["vulnerability"]["id"]);

        // Sharing: nothing before a grant; the SBOM after one; findings only when shared.
        let shared_sbom = format!("/api/v1/shared/versions/{}/sbom", versions[0]);
        let shared_findings = format!("/api/v1/shared/versions/{}/findings", versions[0]);
        let a = call(&w.app, Method::GET, &shared_sbom, Some(&w.foreign), Body::empty()).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = json_call(&w.app, Method::POST, "/api/v1/grants", engineer, json!({"grantee": "City Hospital", "product": product})).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "granting is for administrators");
        let a = json_call(&w.app, Method::POST, "/api/v1/grants", w.token(Role::Admin), json!({"grantee": "City Hospital", "product": product})).await;
        assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
        let grant = a.body["id"].as_str().expect("id").to_owned();
        let a = json_call(&w.app, Method::POST, "/api/v1/grants", w.token(Role::Admin), json!({"grantee": "City Hospital", "product": product})).await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        let a = call(&w.app, Method::GET, "/api/v1/shared", Some(&w.foreign), Body::empty()).await;
        assert_eq!(a.body[0]["owner"], "ACME Medical");
        assert_eq!(a.body[0]["versions"].as_array().map(Vec::len), Some(2));
        let a = call(&w.app, Method::GET, &shared_sbom, Some(&w.foreign), Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["bomFormat"], "CycloneDX");
        let a = call(&w.app, Method::GET, &shared_findings, Some(&w.foreign), Body::empty()).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        // The hospital's own API never shows ACME's product as its own.
        let a = call(&w.app, Method::GET, &format!("/api/v1/versions/{}", versions[0]), Some(&w.foreign), Body::empty()).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = call(&w.app, Method::DELETE, &format!("/api/v1/grants/{grant}"), Some(w.token(Role::Owner)), Body::empty()).await;
        assert_eq!(a.status, StatusCode::NO_CONTENT);
        let a = json_call(&w.app, Method::POST, "/api/v1/grants", w.token(Role::Owner), json!({"grantee": "City Hospital", "product": product, "share_findings": true})).await;
        assert_eq!(a.status, StatusCode::CREATED);
        let a = call(&w.app, Method::GET, &format!("{shared_findings}?state=not_affected"), Some(&w.foreign), Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["total"], 1, "the manufacturer's VEX view");
        assert_eq!(a.body["items"][0]["analysis"]["state"], "not_affected");
        let v = medcyber_core::audit::verify(&w.store).await.expect("verify");
        assert!(v.broken.is_none());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_are_managed_by_administrators_within_their_role() {
    on_both("users", |store, _| async move {
        let w = world(store).await;
        let admin = w.token(Role::Admin);
        let owner = w.token(Role::Owner);
        // An admin adds an engineer, not an owner; a weak password is refused.
        let a = json_call(&w.app, Method::POST, "/api/v1/users", admin, json!({"email": "New.Engineer@ACME.example", "role": "security_engineer", "password": "a long enough passphrase"})).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        assert_eq!(a.body["email"], "new.engineer@acme.example");
        let engineer = a.body["id"].as_str().expect("id").to_owned();
        let a = json_call(&w.app, Method::POST, "/api/v1/users", admin, json!({"email": "boss@acme.example", "role": "owner", "password": "a long enough passphrase"})).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let a = json_call(&w.app, Method::POST, "/api/v1/users", owner, json!({"email": "boss@acme.example", "role": "owner", "password": "short"})).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        let a = json_call(&w.app, Method::POST, "/api/v1/users", owner, json!({"email": "new.engineer@acme.example", "role": "viewer", "password": "a long enough passphrase"})).await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        let a = json_call(&w.app, Method::POST, "/api/v1/users", owner, json!({"email": "x@acme.example", "role": "emperor", "password": "a long enough passphrase"})).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);

        // The new user's token works until the user is disabled, and again once enabled.
        let token = medcyber_core::accounts::create_token(&w.store, "new.engineer@acme.example", None, "cli:test").await.expect("token").secret;
        assert_eq!(call(&w.app, Method::GET, "/api/v1/products", Some(&token), Body::empty()).await.status, StatusCode::OK);
        let a = json_call(&w.app, Method::PATCH, &format!("/api/v1/users/{engineer}"), admin, json!({"disabled": true})).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert!(a.body["disabled"].is_string());
        assert_eq!(call(&w.app, Method::GET, "/api/v1/products", Some(&token), Body::empty()).await.status, StatusCode::UNAUTHORIZED);
        let login = medcyber_core::sessions::login(&w.store, "new.engineer@acme.example", "a long enough passphrase").await;
        assert!(matches!(login, Err(medcyber_core::CoreError::Unauthenticated(_))), "a disabled user cannot log in");
        let a = json_call(&w.app, Method::PATCH, &format!("/api/v1/users/{engineer}"), admin, json!({"disabled": false, "role": "auditor"})).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["role"], "auditor");
        assert!(a.body["disabled"].is_null());
        assert_eq!(call(&w.app, Method::GET, "/api/v1/products", Some(&token), Body::empty()).await.status, StatusCode::OK);
        assert!(medcyber_core::sessions::login(&w.store, "new.engineer@acme.example", "a long enough passphrase").await.is_ok());

        // Nobody changes themselves; an admin does not change an owner or make one.
        let users = call(&w.app, Method::GET, "/api/v1/users", Some(admin), Body::empty()).await;
        let id_of = |email: &str| {
            users.body.as_array().expect("users").iter().find(|u| u["email"] == email).and_then(|u| u["id"].as_str()).expect("user").to_owned()
        };
        let a = json_call(&w.app, Method::PATCH, &format!("/api/v1/users/{}", id_of("admin@acme.example")), admin, json!({"role": "viewer"})).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let a = json_call(&w.app, Method::PATCH, &format!("/api/v1/users/{}", id_of("owner@acme.example")), admin, json!({"disabled": true})).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let a = json_call(&w.app, Method::PATCH, &format!("/api/v1/users/{engineer}"), admin, json!({"role": "owner"})).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        // Another organisation's user is not found.
        let a = json_call(&w.app, Method::PATCH, &format!("/api/v1/users/{engineer}"), &w.foreign, json!({"role": "viewer"})).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        // Every change is in the audit trail.
        let events = w.store.audit_chain(0, 1000).await.expect("audit");
        assert_eq!(events.iter().filter(|e| e.action == "user.update").count(), 2);
        assert!(medcyber_core::audit::verify(&w.store).await.expect("verify").broken.is_none());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feed_imports_run_as_jobs() {
    on_both("jobs", |store, _| async move {
        let w = world(store).await;
        let owner = w.token(Role::Owner);
        let kev = std::fs::read(repo().join("data/samples/advisories/kev.json")).expect("kev");
        let a = call(
            &w.app,
            Method::POST,
            "/api/v1/imports?source=kev&name=kev.json",
            Some(owner),
            Body::from(kev),
        )
        .await;
        assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
        assert_eq!(a.body["status"], "queued");
        let id = a.body["id"].as_str().expect("id").to_owned();
        // A broken record is skipped and reported, as `db import` does.
        let b = call(
            &w.app,
            Method::POST,
            "/api/v1/imports?source=osv&name=broken.json",
            Some(owner),
            Body::from("{ not json"),
        )
        .await;
        assert_eq!(b.status, StatusCode::ACCEPTED);
        let broken = b.body["id"].as_str().expect("id").to_owned();
        // Refused before queueing: an unknown feed, an empty upload, a path without an import
        // directory, a role that does not administer.
        for (uri, token, body, status) in [
            (
                "/api/v1/imports?source=gopher",
                owner,
                "x",
                StatusCode::BAD_REQUEST,
            ),
            (
                "/api/v1/imports?source=kev",
                owner,
                "",
                StatusCode::BAD_REQUEST,
            ),
            (
                "/api/v1/imports?source=kev&path=kev.json",
                owner,
                "",
                StatusCode::FORBIDDEN,
            ),
            (
                "/api/v1/imports?source=kev",
                w.token(Role::SecurityEngineer),
                "x",
                StatusCode::FORBIDDEN,
            ),
        ] {
            let a = call(&w.app, Method::POST, uri, Some(token), Body::from(body)).await;
            assert_eq!(a.status, status, "{uri}: {}", a.body);
        }
        // A worker runs them, in order.
        let first = medcyber_core::jobs::run_next(&w.store, "test:1")
            .await
            .expect("run")
            .expect("a job");
        assert_eq!(first.id, id);
        assert_eq!(first.status, "done", "{:?}", first.error);
        let second = medcyber_core::jobs::run_next(&w.store, "test:1")
            .await
            .expect("run")
            .expect("a job");
        assert_eq!(second.id, broken);
        assert_eq!(second.status, "done");
        let report: Value =
            serde_json::from_str(second.result.as_deref().unwrap_or("{}")).expect("report");
        assert_eq!(
            report["errors"].as_array().map(Vec::len),
            Some(1),
            "{report}"
        );
        assert!(
            medcyber_core::jobs::run_next(&w.store, "test:1")
                .await
                .expect("run")
                .is_none()
        );
        let a = call(
            &w.app,
            Method::GET,
            &format!("/api/v1/jobs/{id}"),
            Some(w.token(Role::Viewer)),
            Body::empty(),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["status"], "done");
        assert_eq!(a.body["worker"], "test:1");
        assert_eq!(a.body["attempts"], 1);
        assert!(a.body["result"]["counts"].is_object(), "{}", a.body);
        let list = call(
            &w.app,
            Method::GET,
            "/api/v1/jobs",
            Some(owner),
            Body::empty(),
        )
        .await;
        assert_eq!(list.body["total"], 2);
        // Another organisation does not see them.
        let a = call(
            &w.app,
            Method::GET,
            &format!("/api/v1/jobs/{id}"),
            Some(&w.foreign),
            Body::empty(),
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        // Server-side paths: only under the import directory.
        let dir = tempfile::tempdir().expect("dir");
        std::fs::copy(
            repo().join("data/samples/advisories/kev.json"),
            dir.path().join("kev.json"),
        )
        .expect("copy");
        let mut state = AppState::new(w.store.clone());
        state.import_dir = Some(dir.path().to_owned());
        let app = router(state);
        let a = call(
            &app,
            Method::POST,
            "/api/v1/imports?source=kev&path=kev.json",
            Some(owner),
            Body::empty(),
        )
        .await;
        assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
        let a = call(
            &app,
            Method::POST,
            "/api/v1/imports?source=kev&path=../../../etc/passwd",
            Some(owner),
            Body::empty(),
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let done = medcyber_core::jobs::run_next(&w.store, "test:2")
            .await
            .expect("run")
            .expect("a job");
        assert_eq!(done.status, "done", "{:?}", done.error);
        // A file gone before the worker reads it: the job fails with the reason.
        let a = call(
            &app,
            Method::POST,
            "/api/v1/imports?source=kev&path=kev.json",
            Some(owner),
            Body::empty(),
        )
        .await;
        assert_eq!(a.status, StatusCode::ACCEPTED);
        std::fs::remove_file(dir.path().join("kev.json")).expect("remove");
        let failed = medcyber_core::jobs::run_next(&w.store, "test:2")
            .await
            .expect("run")
            .expect("a job");
        assert_eq!(failed.status, "failed");
        assert!(
            failed
                .error
                .as_deref()
                .is_some_and(|e| e.contains("kev.json")),
            "{:?}",
            failed.error
        );
        let events = w.store.audit_chain(0, 10_000).await.expect("audit");
        assert_eq!(
            events.iter().filter(|e| e.action == "job.finish").count(),
            4
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_rescan_the_stored_sboms_as_jobs() {
    on_both("rescans", |store, _| async move {
        let w = world(store).await;
        let engineer = w.token(Role::SecurityEngineer);
        let owner = w.token(Role::Owner);
        let p = json_call(&w.app, Method::POST, "/api/v1/products", engineer, json!({"name": "Pump"})).await;
        let product = p.body["id"].as_str().expect("product").to_owned();
        let v = json_call(&w.app, Method::POST, &format!("/api/v1/products/{product}/versions"), engineer, json!({"version": "1.0"})).await;
        let version = v.body["id"].as_str().expect("version").to_owned();
        let u = call(&w.app, Method::POST, &format!("/api/v1/versions/{version}/sbom"), Some(engineer), Body::from(demo_sbom())).await;
        assert_eq!(u.status, StatusCode::CREATED, "{}", u.body);
        let findings = |token: String| {
            let app = w.app.clone();
            let version = version.clone();
            async move {
                let a = call(&app, Method::GET, &format!("/api/v1/versions/{version}/findings?limit=500"), Some(&token), Body::empty()).await;
                a.body["items"]
                    .as_array()
                    .expect("items")
                    .iter()
                    .map(|f| {
                        (
                            f["vulnerability"]["id"].as_str().unwrap_or("").to_owned(),
                            f["id"].as_str().unwrap_or("").to_owned(),
                            f["epss"].clone(),
                        )
                    })
                    .collect::<Vec<_>>()
            }
        };
        let before = findings(engineer.to_owned()).await;
        assert!(!before.is_empty());
        assert!(before.iter().all(|(v, _, _)| v != "MCY-TEST-0001"));
        // A decision on one finding, which must survive the re-scans.
        let (decided_vuln, decided, _) = before[0].clone();
        let a = json_call(&w.app, Method::POST, &format!("/api/v1/findings/{decided}/analysis"), engineer, json!({"state": "exploitable", "detail": "reachable over the service port"})).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);

        // A new advisory for a component of the SBOM arrives through an import job ...
        let advisory = json!({
            "schema_version": "1.6.0",
            "id": "MCY-TEST-0001",
            "modified": "2026-12-01T00:00:00Z",
            "summary": "smallvec: a test advisory",
            "affected": [{
                "package": {"ecosystem": "crates.io", "name": "smallvec"},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.6.1"}]}]
            }]
        });
        let a = call(&w.app, Method::POST, "/api/v1/imports?source=osv&name=new.json", Some(owner), Body::from(advisory.to_string())).await;
        assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
        let import = a.body["id"].as_str().expect("id").to_owned();
        let done = medcyber_core::jobs::run_next(&w.store, "test:1").await.expect("run").expect("a job");
        assert_eq!((done.id.as_str(), done.status.as_str()), (import.as_str(), "done"), "{:?}", done.error);
        // ... and queues a re-scan of each portfolio with SBOMs, run like any job.
        let rescan = medcyber_core::jobs::run_next(&w.store, "test:1").await.expect("run").expect("a re-scan");
        assert_eq!(rescan.kind, "rescan");
        assert_eq!(rescan.status, "done", "{:?}", rescan.error);
        assert_eq!(rescan.created_by, format!("system:job:{import}"));
        let report: Value = serde_json::from_str(rescan.result.as_deref().unwrap_or("{}")).expect("report");
        assert_eq!(report["versions"], 1, "{report}");
        assert_eq!(report["changed"], 1, "{report}");
        assert_eq!(report["new"], 1, "{report}");
        assert_eq!(report["resolved"], 0, "{report}");
        assert!(medcyber_core::jobs::run_next(&w.store, "test:1").await.expect("run").is_none());
        let after = findings(engineer.to_owned()).await;
        assert_eq!(after.len(), before.len() + 1);
        assert!(after.iter().any(|(v, _, _)| v == "MCY-TEST-0001"));
        // The findings that stay keep their ids, and their decisions.
        for (vuln, id, _) in &before {
            assert!(after.iter().any(|(v, i, _)| v == vuln && i == id), "{vuln} kept its id");
        }
        let a = call(&w.app, Method::GET, &format!("/api/v1/findings/{decided}/analysis"), Some(engineer), Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body[0]["state"], "exploitable", "{} ({decided_vuln})", a.body);

        // Exploitation data changes the records of findings that stay.
        let cve = after.iter().find(|(v, _, _)| v.starts_with("CVE-")).map(|(v, _, _)| v.clone()).expect("a CVE finding");
        let epss = format!("#model_version:v2025.03.14,score_date:2026-12-01T00:00:00+0000\ncve,epss,percentile\n{cve},0.91234,0.99\n");
        let a = call(&w.app, Method::POST, "/api/v1/imports?source=epss&name=epss.csv", Some(owner), Body::from(epss)).await;
        assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
        let import = medcyber_core::jobs::run_next(&w.store, "test:1").await.expect("run").expect("the import");
        assert_eq!(import.status, "done", "{:?}", import.error);
        let rescan = medcyber_core::jobs::run_next(&w.store, "test:1").await.expect("run").expect("a re-scan");
        assert_eq!((rescan.kind.as_str(), rescan.status.as_str()), ("rescan", "done"), "{:?}", rescan.error);
        let report: Value = serde_json::from_str(rescan.result.as_deref().unwrap_or("{}")).expect("report");
        assert_eq!(report["new"], 0, "{report}");
        assert!(report["updated"].as_u64().is_some_and(|n| n >= 1), "{report}");
        let scored = findings(engineer.to_owned()).await;
        assert!(scored.iter().any(|(v, _, e)| *v == cve && e["score"].as_f64() == Some(0.91234)), "{scored:?}");

        // Asked for by a user: one version or all; nothing new, nothing written.
        for body in [json!({}), json!({"version": version})] {
            let a = json_call(&w.app, Method::POST, "/api/v1/rescans", engineer, body).await;
            assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
            assert_eq!(a.body["kind"], "rescan");
            let job = medcyber_core::jobs::run_next(&w.store, "test:2").await.expect("run").expect("the job");
            let report: Value = serde_json::from_str(job.result.as_deref().unwrap_or("{}")).expect("report");
            assert_eq!((report["versions"].as_u64(), report["changed"].as_u64()), (Some(1), Some(0)), "{report}");
        }
        // Refused: a viewer, another organisation's version, a version without an SBOM, an
        // unknown field.
        let bare = json_call(&w.app, Method::POST, &format!("/api/v1/products/{product}/versions"), engineer, json!({"version": "2.0"})).await;
        let bare = bare.body["id"].as_str().expect("version").to_owned();
        for (token, body, status) in [
            (w.token(Role::Viewer), json!({}), StatusCode::FORBIDDEN),
            (w.foreign.as_str(), json!({"version": version}), StatusCode::NOT_FOUND),
            (engineer, json!({"version": bare}), StatusCode::BAD_REQUEST),
            (engineer, json!({"versions": []}), StatusCode::BAD_REQUEST),
        ] {
            let a = json_call(&w.app, Method::POST, "/api/v1/rescans", token, body.clone()).await;
            assert_eq!(a.status, status, "{body}: {}", a.body);
        }
        // The dashboard's trend has the upload's counts and the re-scans' that changed them.
        let org = medcyber_core::accounts::authenticate(&w.store, engineer).await.expect("engineer").org;
        let counts = w.store.upload_counts(&org).await.expect("counts");
        assert_eq!(counts.len(), 3, "{counts:?}");
        assert_eq!(counts[1].findings, counts[0].findings + 1);
        let events = w.store.audit_chain(0, 10_000).await.expect("audit");
        assert_eq!(events.iter().filter(|e| e.action == "findings.rescan").count(), 2);
        assert!(medcyber_core::audit::verify(&w.store).await.expect("verify").broken.is_none());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ends_after_two_idle_hours() {
    on_both("idle", |store, url| async move {
        let _w = world(store.clone()).await;
        let pool = raw_pool(&url).await;
        let login = medcyber_core::sessions::login(
            &store,
            "viewer@acme.example",
            "a long enough passphrase",
        )
        .await
        .expect("login");
        assert!(
            medcyber_core::sessions::session(&store, &login.secret)
                .await
                .is_ok()
        );
        // Last used 30 minutes ago: still live, and its use is recorded.
        let ago =
            |minutes: i64| medcyber_core::sessions::minutes_ago(jiff::Timestamp::now(), minutes);
        sqlx::query("UPDATE ui_session SET last_seen = $1")
            .bind(ago(30))
            .execute(&pool)
            .await
            .expect("age");
        assert!(
            medcyber_core::sessions::session(&store, &login.secret)
                .await
                .is_ok()
        );
        let seen: String = sqlx::query_scalar("SELECT last_seen FROM ui_session")
            .fetch_one(&pool)
            .await
            .expect("seen");
        assert!(seen > ago(1), "touched: {seen}");
        // Unused for longer than the idle time: ended.
        sqlx::query("UPDATE ui_session SET last_seen = $1")
            .bind(ago(medcyber_core::sessions::IDLE_MINUTES + 1))
            .execute(&pool)
            .await
            .expect("age");
        assert!(matches!(
            medcyber_core::sessions::session(&store, &login.secret).await,
            Err(medcyber_core::CoreError::Unauthenticated(_))
        ));
        pool.close().await;
    })
    .await;
}

/// A day relative to today (UTC), as `YYYY-MM-DD`.
fn day(offset_days: i64) -> String {
    use jiff::ToSpan;
    medcyber_core::lifecycle::today()
        .checked_add(offset_days.days())
        .expect("a date")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lifecycle_dates_checklist_and_component_support() {
    on_both("lifecycle", |store, _| async move {
        let w = world(store).await;
        let owner = w.token(Role::Owner).to_owned();
        let p = json_call(&w.app, Method::POST, "/api/v1/products", &owner, json!({"name": "IP-7"})).await;
        let product = p.body["id"].as_str().expect("product").to_owned();
        let v = json_call(&w.app, Method::POST, &format!("/api/v1/products/{product}/versions"), &owner, json!({"version": "2.0"})).await;
        let version = v.body["id"].as_str().expect("version").to_owned();
        let pump = std::fs::read(repo().join("data/samples/medical-sbom-case-study/narrow.sbom.json")).expect("pump SBOM");
        let u = call(&w.app, Method::POST, &format!("/api/v1/versions/{version}/sbom"), Some(&owner), Body::from(pump)).await;
        assert_eq!(u.status, StatusCode::CREATED, "{}", u.body);
        let uri = format!("/api/v1/versions/{version}/lifecycle");

        // Undated: development, every item undated; the SBOM's own support statements.
        let a = call(&w.app, Method::GET, &uri, Some(&owner), Body::empty()).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["stage"], "development");
        let checklist = a.body["checklist"].as_array().expect("checklist");
        assert!(checklist.len() >= 12);
        assert!(checklist.iter().all(|i| i["status"] == "undated"));
        assert!(checklist.iter().all(|i| !i["text"]["ja"].as_str().unwrap_or("").is_empty()));
        let components = a.body["components"].as_array().expect("components");
        let deprecated = components
            .iter()
            .find(|c| c["name"] == "FluentValidationNA")
            .expect("a component its SBOM calls no longer supported");
        assert_eq!(deprecated["source"], "sbom");
        assert_eq!(deprecated["unsupported"], true);
        assert_eq!(components[0]["unsupported"], true, "unsupported components come first");

        // Dates around today: released five years ago, EOL a year ago, EOS in a year.
        let (release, eol, eos) = (day(-1826), day(-365), day(365));
        let a = json_call(&w.app, Method::PUT, &uri, &owner, json!({"release": release, "end_of_life": eol, "end_of_support": eos, "note": "EOL declared in the 2025 customer letter"})).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["stage"], "limited_support");
        assert_eq!(a.body["days_to_end_of_support"], 365);
        assert_eq!(a.body["end_of_life"], eol.as_str());
        assert_eq!(a.body["updated_by"], "user:owner@acme.example");
        let status = |body: &Value, id: &str| {
            body["checklist"].as_array().expect("checklist").iter().find(|i| i["id"] == id).expect(id)["status"].as_str().expect("status").to_owned()
        };
        // The EOS notice was due at EOL, a year ago; the EOS public notice is due at EOS.
        assert_eq!(status(&a.body, "eos-notice"), "overdue");
        assert_eq!(status(&a.body, "eos-public-notice"), "open");

        // Refused dates, with their codes; nothing changes.
        let bad = json_call(&w.app, Method::PUT, &uri, &owner, json!({"release": eos, "end_of_life": eol})).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(bad.body["code"], "lifecycle-date-order");
        let bad = json_call(&w.app, Method::PUT, &uri, &owner, json!({"end_of_support": "2027-02-30"})).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(bad.body["code"], "lifecycle-date-invalid");
        let bad = json_call(&w.app, Method::PUT, &uri, &owner, json!({"eos": "2027-01-01"})).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "an unknown field is refused");
        let a = call(&w.app, Method::GET, &uri, Some(&owner), Body::empty()).await;
        assert_eq!(a.body["stage"], "limited_support");

        // A communication recorded with its evidence; refused ones are not.
        let c = json_call(&w.app, Method::POST, &format!("{uri}/communications"), &owner, json!({"item": "eos-notice", "done": day(-30), "evidence": "Customer letter CS-2026-014"})).await;
        assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
        for (body, code) in [
            (json!({"item": "no-such-item", "done": day(0), "evidence": "x"}), "lifecycle-item-unknown"),
            (json!({"item": "eos-notice", "done": day(2), "evidence": "x"}), "lifecycle-done-future"),
            (json!({"item": "eos-notice", "done": day(0), "evidence": "  "}), "lifecycle-evidence-needed"),
            (json!({"item": "eos-notice", "done": "yesterday", "evidence": "x"}), "lifecycle-date-invalid"),
        ] {
            let r = json_call(&w.app, Method::POST, &format!("{uri}/communications"), &owner, body).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{code}");
            assert_eq!(r.body["code"], code);
        }
        let a = call(&w.app, Method::GET, &uri, Some(&owner), Body::empty()).await;
        let item = a.body["checklist"].as_array().expect("checklist").iter().find(|i| i["id"] == "eos-notice").expect("eos-notice").clone();
        assert_eq!(item["status"], "done");
        assert_eq!(item["evidence"], "Customer letter CS-2026-014");
        assert_eq!(item["done"], day(-30).as_str());

        // A component's support entered: it wins over the SBOM, in every version.
        let s = json_call(&w.app, Method::POST, "/api/v1/component-support", &owner, json!({"component": "pkg:nuget/Newtonsoft.Json@9.0.1?arch=x64", "level": "limited", "end_of_support": day(-10), "note": "supplier notice"})).await;
        assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
        let bad = json_call(&w.app, Method::POST, "/api/v1/component-support", &owner, json!({"component": "pkg:nuget/x@1", "level": "sometimes"})).await;
        assert_eq!(bad.body["code"], "support-level-unknown");
        let bad = json_call(&w.app, Method::POST, "/api/v1/component-support", &owner, json!({"component": "pkg:nuget/x@1"})).await;
        assert_eq!(bad.body["code"], "support-empty");
        let a = call(&w.app, Method::GET, &uri, Some(&owner), Body::empty()).await;
        let newtonsoft = a.body["components"].as_array().expect("components").iter().find(|c| c["name"] == "Newtonsoft.Json").expect("entered").clone();
        assert_eq!(newtonsoft["source"], "entered");
        assert_eq!(newtonsoft["level"], "limited");
        assert_eq!(newtonsoft["past_end_of_support"], true);
        assert_eq!(newtonsoft["component"], "pkg:nuget/Newtonsoft.Json@9.0.1");

        // The portfolio: the version nearing end of support, with overdue items; components
        // past support from both sources.
        let p = call(&w.app, Method::GET, "/api/v1/lifecycle?within_days=400", Some(&owner), Body::empty()).await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        let row = p.body["versions"].as_array().expect("versions").iter().find(|r| r["product_version"] == version.as_str()).expect("the version").clone();
        assert_eq!(row["stage"], "limited_support");
        assert_eq!(row["nearing_end_of_support"], true);
        assert!(row["overdue"].as_u64().expect("overdue") >= 6, "{row}");
        assert_eq!(p.body["versions"][0]["product_version"], version.as_str(), "most urgent first");
        let past = p.body["components_past_support"].as_array().expect("components");
        assert!(past.iter().any(|c| c["name"] == "Newtonsoft.Json" && c["source"] == "entered"));
        assert!(past.iter().any(|c| c["name"] == "FluentValidationNA" && c["source"] == "sbom"));
        let p = call(&w.app, Method::GET, "/api/v1/lifecycle?within_days=100", Some(&owner), Body::empty()).await;
        let row = p.body["versions"].as_array().expect("versions").iter().find(|r| r["product_version"] == version.as_str()).expect("the version").clone();
        assert_eq!(row["nearing_end_of_support"], false);
        let bad = call(&w.app, Method::GET, "/api/v1/lifecycle?within_days=99999", Some(&owner), Body::empty()).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);

        // Tenancy and roles: another organisation sees nothing; a viewer reads but may not set.
        let f = call(&w.app, Method::GET, &uri, Some(&w.foreign), Body::empty()).await;
        assert_eq!(f.status, StatusCode::NOT_FOUND);
        let f = call(&w.app, Method::GET, "/api/v1/lifecycle", Some(&w.foreign), Body::empty()).await;
        assert_eq!(f.body["versions"].as_array().map(Vec::len), Some(0));
        assert_eq!(f.body["components_past_support"].as_array().map(Vec::len), Some(0));
        let viewer = w.token(Role::Viewer).to_owned();
        assert_eq!(call(&w.app, Method::GET, &uri, Some(&viewer), Body::empty()).await.status, StatusCode::OK);
        let denied = json_call(&w.app, Method::PUT, &uri, &viewer, json!({"release": release})).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);

        // Every change is in the audit trail, with before and after.
        let audit = call(&w.app, Method::GET, "/api/v1/audit?limit=500", Some(&owner), Body::empty()).await;
        let actions: Vec<&str> = audit.body["items"].as_array().expect("events").iter().filter_map(|e| e["action"].as_str()).collect();
        for action in ["lifecycle.update", "lifecycle.communication", "lifecycle.component_support"] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn risk_decisions_start_regulatory_clocks() {
    on_both("risk", |store, _| async move {
        let w = world(store).await;
        let owner = w.token(Role::Owner).to_owned();
        let p = json_call(&w.app, Method::POST, "/api/v1/products", &owner, json!({"name": "BM-200"})).await;
        let product = p.body["id"].as_str().expect("product").to_owned();
        let v = json_call(&w.app, Method::POST, &format!("/api/v1/products/{product}/versions"), &owner, json!({"version": "4.2"})).await;
        let version = v.body["id"].as_str().expect("version").to_owned();
        let u = call(&w.app, Method::POST, &format!("/api/v1/versions/{version}/sbom"), Some(&owner), Body::from(demo_sbom())).await;
        assert_eq!(u.status, StatusCode::CREATED);
        // The dashboard's counts (one row per version, written with the findings) agree with
        // the findings themselves (counted row by row when filtered).
        let org = medcyber_core::accounts::authenticate(&w.store, &owner).await.expect("owner").org;
        let counts = w.store.dashboard_counts(&org).await.expect("counts");
        let total = |query: &str| {
            let app = w.app.clone();
            let uri = format!("/api/v1/versions/{version}/findings?limit=1{query}");
            let token = owner.clone();
            async move { call(&app, Method::GET, &uri, Some(&token), Body::empty()).await.body["total"].as_u64().expect("total") }
        };
        assert_eq!(counts.findings, total("").await);
        assert!(counts.findings > 0);
        assert_eq!(counts.kev, total("&kev=true").await);
        assert_eq!(counts.by_severity[4], total("&severity=critical").await);
        assert_eq!(counts.by_severity[3] + counts.by_severity[4], total("&severity=high").await);
        assert_eq!(counts.findings - counts.unknown, total("&severity=none").await);

        // Adobe Reader 9.3 on the monitor's workstation: CVE-2011-0611 is on the KEV list.
        let f = call(&w.app, Method::GET, &format!("/api/v1/versions/{version}/findings?vulnerability=CVE-2011-0611"), Some(&owner), Body::empty()).await;
        let finding = f.body["items"][0]["id"].as_str().expect("the KEV finding").to_owned();
        let uri = format!("/api/v1/findings/{finding}/risk");

        // No decision yet: no clocks; the CRA report is proposed for a KEV vulnerability.
        let r = call(&w.app, Method::GET, &uri, Some(&owner), Body::empty()).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body["current"], Value::Null);
        assert_eq!(r.body["clocks"].as_array().map(Vec::len), Some(0));
        assert!(r.body["suggested"].as_array().expect("suggested").iter().any(|s| s == "eu-cra-exploited"));

        // A step needs a decision whose clock it stops.
        let none = json_call(&w.app, Method::POST, &format!("{uri}/steps"), &owner, json!({"clock": "fda-uncontrolled-communicate", "done": day(0), "reference": "x"})).await;
        assert_eq!(none.status, StatusCode::NOT_FOUND, "{}", none.body);

        // Aware 20 days ago, uncontrolled, serious: the FDA and Japanese clocks run.
        let aware = day(-20);
        let a = json_call(&w.app, Method::POST, &uri, &owner, json!({"harm": "serious", "control": "uncontrolled", "rationale": "Remote code execution on the monitor's management port; no compensating control at most sites.", "aware": aware, "reports": ["fda-uncontrolled", "jp-malfunction-15", "eu-cra-exploited"]})).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        let r = call(&w.app, Method::GET, &uri, Some(&owner), Body::empty()).await;
        assert_eq!(r.body["current"]["control"], "uncontrolled");
        let clock = |body: &Value, id: &str| body["clocks"].as_array().expect("clocks").iter().find(|c| c["id"] == id).expect(id).clone();
        let c = clock(&r.body, "fda-uncontrolled-communicate");
        assert_eq!(c["due"], day(10).as_str());
        assert_eq!(c["days_left"], 10);
        assert_eq!(c["state"], "open");
        assert_eq!(c["verified"], "P");
        assert_eq!(clock(&r.body, "fda-uncontrolled-fix")["due"], day(40).as_str());
        assert_eq!(clock(&r.body, "jp-malfunction-15-report")["state"], "overdue");
        assert_eq!(clock(&r.body, "eu-cra-early-warning")["state"], "overdue");
        assert_eq!(clock(&r.body, "eu-cra-final-report")["state"], "not_started");
        for id in ["jp-malfunction-15", "fda-uncontrolled", "eu-mdr-serious-incident", "eu-cra-exploited"] {
            assert!(r.body["suggested"].as_array().expect("suggested").iter().any(|s| s == id), "{id}");
        }

        // A step done stops its clock; refused input changes nothing.
        let s = json_call(&w.app, Method::POST, &format!("{uri}/steps"), &owner, json!({"clock": "jp-malfunction-15-report", "done": day(-8), "reference": "PMDA 受付番号 2026-0815"})).await;
        assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
        for (body, code) in [
            (json!({"clock": "eu-mdr-death-report", "done": day(0), "reference": "x"}), "risk-clock-unknown"),
            (json!({"clock": "fda-uncontrolled-fix", "done": day(1), "reference": "x"}), "risk-date-future"),
            (json!({"clock": "fda-uncontrolled-fix", "done": day(0), "reference": " "}), "risk-reference-needed"),
        ] {
            let b = json_call(&w.app, Method::POST, &format!("{uri}/steps"), &owner, body).await;
            assert_eq!(b.status, StatusCode::BAD_REQUEST, "{code}: {}", b.body);
            assert_eq!(b.body["code"], code);
        }
        for (body, code) in [
            (json!({"harm": "bad", "control": "controlled", "rationale": "r", "aware": day(0)}), "risk-harm-unknown"),
            (json!({"harm": "minor", "control": "maybe", "rationale": "r", "aware": day(0)}), "risk-control-unknown"),
            (json!({"harm": "minor", "control": "controlled", "rationale": "", "aware": day(0)}), "risk-rationale-needed"),
            (json!({"harm": "minor", "control": "controlled", "rationale": "r", "aware": day(3)}), "risk-date-future"),
            (json!({"harm": "minor", "control": "controlled", "rationale": "r", "aware": day(0), "fix_available": day(-1)}), "risk-fix-before-aware"),
            (json!({"harm": "minor", "control": "controlled", "rationale": "r", "aware": day(0), "reports": ["gdpr-breach"]}), "risk-report-unknown"),
        ] {
            let b = json_call(&w.app, Method::POST, &uri, &owner, body).await;
            assert_eq!(b.status, StatusCode::BAD_REQUEST, "{code}: {}", b.body);
            assert_eq!(b.body["code"], code);
        }
        let r = call(&w.app, Method::GET, &uri, Some(&owner), Body::empty()).await;
        let c = clock(&r.body, "jp-malfunction-15-report");
        assert_eq!(c["state"], "done");
        assert_eq!(c["done"]["reference"], "PMDA 受付番号 2026-0815");
        assert_eq!(r.body["history"].as_array().map(Vec::len), Some(1));

        // The calendar: open clocks only by default, overdue first; with done ones on request.
        let cal = call(&w.app, Method::GET, "/api/v1/regulatory/calendar", Some(&owner), Body::empty()).await;
        assert_eq!(cal.status, StatusCode::OK, "{}", cal.body);
        let rows = cal.body.as_array().expect("rows");
        assert!(rows.iter().all(|r| r["clock"]["state"] != "done"));
        assert_eq!(rows[0]["clock"]["state"], "overdue");
        assert_eq!(rows[0]["vulnerability"], "CVE-2011-0611");
        assert_eq!(rows[0]["product_name"], "BM-200");
        let all = call(&w.app, Method::GET, "/api/v1/regulatory/calendar?open=false", Some(&owner), Body::empty()).await;
        assert_eq!(all.body.as_array().map(Vec::len), Some(rows.len() + 1));

        // A later decision (a fix shipped) supersedes; the CRA final report's clock starts.
        let a = json_call(&w.app, Method::POST, &uri, &owner, json!({"harm": "serious", "control": "controlled", "rationale": "Workstation image 4.2.1 removes Reader 9.", "aware": aware, "fix_available": day(-2), "reports": ["eu-cra-exploited"]})).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        let r = call(&w.app, Method::GET, &uri, Some(&owner), Body::empty()).await;
        assert_eq!(r.body["history"].as_array().map(Vec::len), Some(2));
        assert_eq!(clock(&r.body, "eu-cra-final-report")["due"], day(12).as_str());
        assert!(r.body["clocks"].as_array().expect("clocks").iter().all(|c| c["report"] == "eu-cra-exploited"));

        // A CVSS environment for the product: the finding's CVSS 3.1 vector rescored in it.
        let vectors: Vec<String> = f.body["items"][0]["severity"].as_array().expect("severity").iter().filter_map(|s| s["vector"].as_str()).filter(|v| v.starts_with("CVSS:3.")).map(str::to_owned).collect();
        assert!(vectors.iter().any(|v| v == "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H"), "{vectors:?}");
        let profiles = format!("/api/v1/products/{product}/cvss-profiles");
        let p = json_call(&w.app, Method::POST, &profiles, &owner, json!({"name": "Central station, clinical VLAN", "v3": "MAV:A", "v4": "MAV:A/MSI:S/MSA:S", "note": "Reachable from the clinical VLAN only"})).await;
        assert_eq!(p.status, StatusCode::CREATED, "{}", p.body);
        let taken = json_call(&w.app, Method::POST, &profiles, &owner, json!({"name": "Central station, clinical VLAN", "v3": "CR:H"})).await;
        assert_eq!(taken.status, StatusCode::CONFLICT);
        assert_eq!(taken.body["code"], "taken-profile");
        for (body, code) in [
            (json!({"name": "x", "v3": "AV:L"}), "profile-metrics-invalid"),
            (json!({"name": "x", "v4": "MAV:Q"}), "profile-metrics-invalid"),
            (json!({"name": "x"}), "profile-empty"),
            (json!({"name": "", "v3": "CR:H"}), "profile-name-invalid"),
        ] {
            let b = json_call(&w.app, Method::POST, &profiles, &owner, body).await;
            assert_eq!(b.status, StatusCode::BAD_REQUEST, "{code}: {}", b.body);
            assert_eq!(b.body["code"], code);
        }
        let list = call(&w.app, Method::GET, &profiles, Some(&owner), Body::empty()).await;
        assert_eq!(list.body.as_array().map(Vec::len), Some(1));
        assert_eq!(list.body[0]["v4"], "MAV:A/MSI:S/MSA:S");
        let r = call(&w.app, Method::GET, &uri, Some(&owner), Body::empty()).await;
        let env = r.body["environmental"].as_array().expect("environmental");
        assert_eq!(env.len(), vectors.len(), "{env:?}");
        let e = env.iter().find(|e| e["base_vector"] == "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H").expect("rescored");
        // Modified exploitability 8.22 × 0.62 × 0.77 × 0.85 × 0.62 = 2.07, impact 5.87: 8.0.
        assert_eq!(e["base_score"], 8.8);
        assert_eq!(e["score"], 8.0);
        assert_eq!(e["severity"], "High");
        assert_eq!(e["vector"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H/MAV:A");
        assert_eq!(e["profile_name"], "Central station, clinical VLAN");

        // A risk acceptance: controlled only, with an owner and an expiry after awareness;
        // once expired, the finding is open again (listed first).
        for (body, code) in [
            (json!({"harm": "minor", "control": "uncontrolled", "rationale": "r", "aware": aware, "accepted_until": day(90), "acceptance_owner": "Head of QA"}), "risk-acceptance-uncontrolled"),
            (json!({"harm": "minor", "control": "controlled", "rationale": "r", "aware": aware, "acceptance_owner": "Head of QA"}), "risk-acceptance-owner"),
            (json!({"harm": "minor", "control": "controlled", "rationale": "r", "aware": aware, "accepted_until": aware, "acceptance_owner": "Head of QA"}), "risk-acceptance-date"),
        ] {
            let b = json_call(&w.app, Method::POST, &uri, &owner, body).await;
            assert_eq!(b.status, StatusCode::BAD_REQUEST, "{code}: {}", b.body);
            assert_eq!(b.body["code"], code);
        }
        let a = json_call(&w.app, Method::POST, &uri, &owner, json!({"harm": "minor", "control": "controlled", "rationale": "Reader is removed from the image in 4.3; the workstation is isolated until then.", "aware": aware, "accepted_until": day(90), "acceptance_owner": "Head of QA"})).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        let r = call(&w.app, Method::GET, &uri, Some(&owner), Body::empty()).await;
        assert_eq!(r.body["acceptance"]["state"], "active");
        assert_eq!(r.body["acceptance"]["days_left"], 90);
        assert_eq!(r.body["acceptance"]["owner"], "Head of QA");
        assert_eq!(r.body["current"]["accepted_until"], day(90).as_str());
        let a = json_call(&w.app, Method::POST, &uri, &owner, json!({"harm": "minor", "control": "controlled", "rationale": "Accepted for the pilot.", "aware": aware, "accepted_until": day(-1), "acceptance_owner": "Head of QA"})).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        let list = call(&w.app, Method::GET, "/api/v1/regulatory/acceptances", Some(&owner), Body::empty()).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert_eq!(list.body[0]["finding"], finding.as_str());
        assert_eq!(list.body[0]["acceptance"]["state"], "expired");
        assert_eq!(list.body[0]["acceptance"]["reason"], "Accepted for the pilot.");
        let foreign = call(&w.app, Method::GET, "/api/v1/regulatory/acceptances", Some(&w.foreign), Body::empty()).await;
        assert_eq!(foreign.body.as_array().map(Vec::len), Some(0));

        // The rules, with their sources; tenancy and roles.
        let rules = call(&w.app, Method::GET, "/api/v1/regulatory/rules", Some(&owner), Body::empty()).await;
        assert!(rules.body.as_array().expect("rules").iter().all(|r| !r["source"].as_str().unwrap_or("").is_empty()));
        assert_eq!(call(&w.app, Method::GET, &uri, Some(&w.foreign), Body::empty()).await.status, StatusCode::NOT_FOUND);
        let foreign_cal = call(&w.app, Method::GET, "/api/v1/regulatory/calendar", Some(&w.foreign), Body::empty()).await;
        assert_eq!(foreign_cal.body.as_array().map(Vec::len), Some(0));
        let auditor = w.token(Role::Auditor).to_owned();
        let denied = json_call(&w.app, Method::POST, &uri, &auditor, json!({"harm": "minor", "control": "controlled", "rationale": "r", "aware": day(0)})).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
        let audit = call(&w.app, Method::GET, "/api/v1/audit?limit=500", Some(&owner), Body::empty()).await;
        let actions: Vec<&str> = audit.body["items"].as_array().expect("events").iter().filter_map(|e| e["action"].as_str()).collect();
        assert!(actions.contains(&"risk.assess") && actions.contains(&"risk.submission"), "{actions:?}");
        assert!(actions.contains(&"cvss_profile.create"), "{actions:?}");
        assert_eq!(call(&w.app, Method::GET, &profiles, Some(&w.foreign), Body::empty()).await.status, StatusCode::NOT_FOUND);
    })
    .await;
}
