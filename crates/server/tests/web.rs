//! The web UI through the router (no socket), on SQLite and on PostgreSQL: login with
//! sessions, throttling and logout; CSRF tokens and the same-origin check; every page behind
//! the login; pages in both languages with no untranslated key; escaping; upload, bulk triage
//! and role-dependent forms. (The browser tests in `e2e/` drive the same pages in Chromium.)
#![allow(clippy::print_stderr, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use medcyber_core::FeedSource;
use medcyber_model::platform::{OrgKind, Role};
use medcyber_server::web::i18n::{Lang, SOURCES, message_ids};
use medcyber_server::{AppState, router};
use medcyber_store::{Location, Store};
use tower::ServiceExt;

const PASSWORD: &str = "a long enough passphrase";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn session(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("medcyber_session=") && !v.starts_with("medcyber_session=;"))
            .map(|v| v.split(';').next().unwrap_or("").to_owned())
    }

    /// The value of the first `<input name="csrf" value="...">`.
    fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\" value=\"")
            .expect("a CSRF field");
        let rest = &self.body[at + 19..];
        rest[..rest.find('"').unwrap()].to_owned()
    }
}

struct Client<'a> {
    app: &'a Router,
    cookie: String,
    lang: &'static str,
}

impl Client<'_> {
    async fn send(&self, method: Method, uri: &str, content_type: &str, body: Vec<u8>) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ACCEPT_LANGUAGE, self.lang);
        if !self.cookie.is_empty() {
            request = request.header(header::COOKIE, &self.cookie);
        }
        if !content_type.is_empty() {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get(&self, uri: &str) -> Answer {
        self.send(Method::GET, uri, "", Vec::new()).await
    }

    async fn post(&self, uri: &str, form: &[(&str, &str)]) -> Answer {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        self.send(
            Method::POST,
            uri,
            "application/x-www-form-urlencoded",
            body.into_bytes(),
        )
        .await
    }

    async fn login<'a>(app: &'a Router, email: &str, lang: &'static str) -> Client<'a> {
        let visitor = Client {
            app,
            cookie: String::new(),
            lang,
        };
        let answer = visitor
            .post(
                "/login",
                &[
                    ("email", email),
                    ("password", PASSWORD),
                    ("next", "/products"),
                ],
            )
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        assert_eq!(answer.location(), "/products");
        Client {
            app,
            cookie: answer.session().expect("a session cookie"),
            lang,
        }
    }
}

async fn import_samples(store: &Store) {
    let samples = repo().join("data/samples/advisories");
    for (source, path) in [
        (FeedSource::Osv, samples.join("osv")),
        (FeedSource::Nvd, samples.join("nvd")),
        (FeedSource::Kev, samples.join("kev.json")),
    ] {
        medcyber_core::import_feed(store, source, &[path], &mut |_| {})
            .await
            .expect("import samples");
    }
}

async fn setup(store: &Store) {
    import_samples(store).await;
    medcyber_core::accounts::create_org(store, "ACME Medical", OrgKind::Manufacturer, "cli:test")
        .await
        .unwrap();
    medcyber_core::accounts::create_org(store, "City Hospital", OrgKind::Hospital, "cli:test")
        .await
        .unwrap();
    medcyber_core::accounts::create_user(
        store,
        "City Hospital",
        "ciso@hospital.example",
        Role::Owner,
        PASSWORD,
        "cli:test",
    )
    .await
    .unwrap();
    for role in [Role::Owner, Role::SecurityEngineer, Role::Viewer] {
        medcyber_core::accounts::create_user(
            store,
            "ACME Medical",
            &format!("{}@acme.example", role.as_str()),
            role,
            PASSWORD,
            "cli:test",
        )
        .await
        .unwrap();
    }
}

/// ACME Medical's owner, and a new product version of ACME Medical with an SBOM of the
/// repository (`sbom`) uploaded.
async fn owner_version(
    store: &Store,
    product: &str,
    version: &str,
    sbom: &str,
) -> (
    medcyber_core::tenancy::Principal,
    medcyber_model::platform::ProductVersion,
) {
    let token =
        medcyber_core::accounts::create_token(store, "owner@acme.example", None, "cli:test")
            .await
            .unwrap();
    let owner = medcyber_core::accounts::authenticate(store, &token.secret)
        .await
        .unwrap();
    let p = medcyber_core::portfolio::create_product(store, &owner, product)
        .await
        .unwrap();
    let v = medcyber_core::portfolio::create_version(store, &owner, &p.id, version)
        .await
        .unwrap();
    let bytes = std::fs::read(repo().join(sbom)).unwrap();
    medcyber_core::portfolio::upload_sbom(store, &owner, &v.id, &bytes, Default::default())
        .await
        .unwrap();
    (owner, v)
}

async fn on_both<F, Fut>(name: &str, body: F)
where
    F: Fn(Store) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&Location::Sqlite(dir.path().join("medcyber.db")))
        .await
        .expect("open sqlite");
    body(store.clone()).await;
    store.close().await;
    if let Some((url, db)) = medcyber_testdata::postgres(name).await {
        let store = Store::open(&Location::Postgres(url))
            .await
            .expect("open postgres");
        body(store.clone()).await;
        store.close().await;
        medcyber_testdata::drop_postgres(&db).await;
    }
}

/// Every catalogue key: a page containing one as text has an untranslated string.
fn keys() -> Vec<String> {
    message_ids(SOURCES[0].1)
}

fn assert_translated(page: &Answer, lang: Lang, what: &str) {
    for key in keys() {
        // A key shows up as text or as an accessible name only when a lookup fell through.
        for pattern in [
            format!(">{key}<"),
            format!("> {key}<"),
            format!("aria-label=\"{key}\""),
            format!("<title>{key} "),
        ] {
            assert!(
                !page.body.contains(&pattern),
                "{what} ({}) shows the raw key {key}",
                lang.tag()
            );
        }
    }
    assert!(
        page.body
            .contains(&format!("<html lang=\"{}\">", lang.tag())),
        "{what} is not in {}",
        lang.tag()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sessions_throttling_and_logout() {
    on_both("web_login", |store| async move {
        setup(&store).await;
        let app = router(AppState::new(store.clone()));
        let visitor = Client {
            app: &app,
            cookie: String::new(),
            lang: "ja,en;q=0.5",
        };
        // Every page but the public ones sends a visitor to the login page, which returns.
        for route in medcyber_server::web::ROUTES.iter().filter(|r| !r.public) {
            let uri = route.path.replace("{id}", "x");
            let answer = if route.method == "GET" {
                visitor.get(&uri).await
            } else {
                visitor.post(&uri, &[]).await
            };
            assert_eq!(
                answer.status,
                StatusCode::SEE_OTHER,
                "{} {uri}",
                route.method
            );
            assert!(answer.location().starts_with("/login?next="), "{uri}");
        }
        let page = visitor.get("/login?next=%2Fproducts").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("medcyber にログイン"), "{}", page.body);
        assert!(page.body.contains("value=\"/products\""));
        assert_translated(&page, Lang::Ja, "the login page");
        // An open redirect is not followed.
        let page = visitor.get("/login?next=https%3A%2F%2Fevil.example").await;
        assert!(page.body.contains("name=\"next\" value=\"/\""));

        // Wrong passwords: refused, then throttled even with the right one.
        let email = "viewer@acme.example";
        for _ in 0..medcyber_core::sessions::MAX_FAILURES {
            let answer = visitor
                .post(
                    "/login",
                    &[("email", email), ("password", "wrong password!")],
                )
                .await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
            assert!(
                answer
                    .body
                    .contains("メールアドレスまたはパスワードが違います")
            );
            assert!(answer.session().is_none());
        }
        let answer = visitor
            .post("/login", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(answer.session().is_none());
        // An unknown address is refused like a wrong password.
        let answer = visitor
            .post(
                "/login",
                &[("email", "nobody@acme.example"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);

        // A good login: an HttpOnly, SameSite cookie; the session works; logout ends it.
        let owner = Client::login(&app, "owner@acme.example", "en").await;
        let answer = Client {
            app: &app,
            cookie: String::new(),
            lang: "en",
        }
        .post(
            "/login",
            &[("email", "owner@acme.example"), ("password", PASSWORD)],
        )
        .await;
        let set_cookie = answer
            .headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));
        let page = owner.get("/").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Portfolio dashboard"));
        assert!(page.body.contains("owner@acme.example"));
        // Logout needs the CSRF token.
        let refused = owner.post("/logout", &[]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let csrf = page.csrf();
        let out = owner.post("/logout", &[("csrf", &csrf)]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert_eq!(out.location(), "/login");
        let after = owner.get("/").await;
        assert_eq!(after.status, StatusCode::SEE_OTHER, "the session has ended");
        // A forged cookie is no session.
        let forged = Client {
            app: &app,
            cookie: format!("medcyber_session={}", "ab".repeat(32)),
            lang: "en",
        };
        assert_eq!(forged.get("/").await.status, StatusCode::SEE_OTHER);

        // Logins and logouts are in the audit log.
        let chain = medcyber_core::audit::verify(&store).await.unwrap();
        assert!(chain.broken.is_none(), "{chain:?}");
        let events = store.audit_chain(0, 1000).await.unwrap();
        assert!(events.iter().any(|e| e.action == "session.login"));
        assert!(events.iter().any(|e| e.action == "session.logout"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_forms_csrf_upload_and_triage() {
    on_both("web_pages", |store| async move {
        setup(&store).await;
        let app = router(AppState::new(store.clone()));
        let engineer = Client::login(&app, "security_engineer@acme.example", "en").await;
        let page = engineer.get("/products").await;
        let csrf = page.csrf();

        // A form without the token, or from another origin, changes nothing.
        let refused = engineer.post("/products", &[("name", "Pump")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let mut cross = Request::builder()
            .method(Method::POST)
            .uri("/products")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, "https://evil.example")
            .header(header::COOKIE, &engineer.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("csrf={csrf}&name=Pump")))
            .unwrap();
        cross.headers_mut().insert("sec-fetch-site", "cross-site".parse().unwrap());
        let response = app.clone().oneshot(cross).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(engineer.get("/products").await.body.matches("href=\"/products/").count(), 0);

        // Create a product (its name escaped on every page) and a version.
        let name = "Pump <script>alert(1)</script>";
        let created = engineer
            .post("/products", &[("csrf", &csrf), ("name", name)])
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let product_uri = created.location().to_owned();
        let product = engineer.get(&product_uri).await;
        assert!(product.body.contains("Pump &#60;script&#62;") || product.body.contains("Pump &lt;script&gt;"), "{}", product.body);
        assert!(!product.body.contains("<script>"));
        let duplicate = engineer
            .post("/products", &[("csrf", &csrf), ("name", name)])
            .await;
        assert_eq!(duplicate.status, StatusCode::BAD_REQUEST);
        assert!(duplicate.body.contains("role=\"alert\""));
        assert!(duplicate.body.contains("A product with that name already exists."), "{}", duplicate.body);
        // In Japanese, the use case's refusal is in Japanese, with no English left.
        let duplicate_ja = Client {
            app: &app,
            cookie: format!("{}; medcyber_lang=ja", engineer.cookie),
            lang: "en",
        }
        .post("/products", &[("csrf", &csrf), ("name", name)])
        .await;
        assert!(duplicate_ja.body.contains("その名前の製品は既に存在します。"), "{}", duplicate_ja.body);
        assert!(!duplicate_ja.body.contains("already exists"), "{}", duplicate_ja.body);
        assert!(!duplicate_ja.body.contains("技術的な詳細"));
        let empty_ja = Client {
            app: &app,
            cookie: format!("{}; medcyber_lang=ja", engineer.cookie),
            lang: "en",
        }
        .post("/products", &[("csrf", &csrf), ("name", "  ")])
        .await;
        assert_eq!(empty_ja.status, StatusCode::BAD_REQUEST);
        assert!(empty_ja.body.contains("製品名は制御文字を含まない 1〜200 文字で入力してください。"), "{}", empty_ja.body);
        let version = engineer
            .post(
                &format!("{product_uri}/versions"),
                &[("csrf", &csrf), ("version", "1.0")],
            )
            .await;
        assert_eq!(version.status, StatusCode::SEE_OTHER);
        let version_uri = version.location().to_owned();
        let empty = engineer.get(&version_uri).await;
        assert!(empty.body.contains("No SBOM has been uploaded"));

        // Upload the demo SBOM as a browser does (multipart form).
        let sbom = std::fs::read(repo().join("data/samples/device.cdx.json")).unwrap();
        let boundary = "XboundaryX";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"sbom\"; filename=\"device.cdx.json\"\r\nContent-Type: application/json\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&sbom);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let uploaded = engineer
            .send(
                Method::POST,
                &format!("{version_uri}/sbom"),
                &format!("multipart/form-data; boundary={boundary}"),
                body,
            )
            .await;
        assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.body);
        assert!(uploaded.body.contains("data-testid=\"upload-result\""));
        assert!(uploaded.body.contains("NTIA minimum elements"));
        // A broken document is refused with its located problems.
        let broken = engineer
            .send(
                Method::POST,
                &format!("{version_uri}/sbom"),
                &format!("multipart/form-data; boundary={boundary}"),
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"sbom\"; filename=\"x.json\"\r\n\r\n{{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": 3}}\r\n--{boundary}--\r\n"
                )
                .into_bytes(),
            )
            .await;
        assert!(
            broken.status == StatusCode::UNPROCESSABLE_ENTITY || broken.status == StatusCode::BAD_REQUEST,
            "{}",
            broken.status
        );
        assert!(broken.body.contains("role=\"alert\""));

        // The findings page in both languages, filters, and a bulk triage.
        let findings = engineer.get(&version_uri).await;
        assert_eq!(findings.status, StatusCode::OK);
        assert_translated(&findings, Lang::En, "the version page");
        let ids: Vec<String> = findings
            .body
            .match_indices("name=\"finding\" value=\"")
            .map(|(at, m)| {
                let rest = &findings.body[at + m.len()..];
                rest[..rest.find('"').unwrap()].to_owned()
            })
            .collect();
        assert!(ids.len() >= 2, "the demo SBOM has findings: {}", ids.len());
        let mut form: Vec<(&str, &str)> = vec![
            ("csrf", &csrf),
            ("state", "not_affected"),
            ("justification", "code_not_reachable"),
            ("response", "will_not_fix"),
            ("detail", "The vulnerable parser is not built into the device image."),
            ("all_versions", "on"),
        ];
        for id in &ids[..2] {
            form.push(("finding", id));
        }
        let triaged = engineer.post(&format!("{version_uri}/triage"), &form).await;
        assert_eq!(triaged.status, StatusCode::SEE_OTHER, "{}", triaged.body);
        let after = engineer.get(triaged.location()).await;
        assert!(after.body.contains("The analysis was recorded for 2 findings."), "{}", triaged.location());
        let filtered = engineer
            .get(&format!("{version_uri}?state=not_affected"))
            .await;
        assert!(filtered.body.contains("2 findings"), "{}", filtered.body);
        // A bad decision is refused whole.
        let bad = engineer
            .post(
                &format!("{version_uri}/triage"),
                &[("csrf", &csrf), ("state", "not_affected"), ("finding", &ids[0])],
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let finding = engineer.get(&format!("/findings/{}", ids[0])).await;
        assert!(finding.body.contains("Code not reachable"));
        assert!(finding.body.contains("every version"));

        // A re-scan of the version's SBOM, asked for on its page, runs as a job listed on the
        // jobs page.
        let page = engineer.get(&version_uri).await;
        assert!(page.body.contains("Scan this SBOM again"));
        let version_id = version_uri.rsplit('/').next().unwrap_or("").to_owned();
        let queued = engineer
            .post("/jobs/rescan", &[("csrf", &csrf), ("version", &version_id)])
            .await;
        assert_eq!(queued.status, StatusCode::SEE_OTHER, "{}", queued.body);
        assert_eq!(queued.location(), "/jobs?queued=1");
        let jobs = engineer.get(queued.location()).await;
        assert!(jobs.body.contains("The re-scan is queued"), "{}", jobs.body);
        assert!(jobs.body.contains("data-kind=\"rescan\" data-status=\"queued\""), "{}", jobs.body);
        let job = medcyber_core::jobs::run_next(&store, "web:test").await.unwrap().unwrap();
        assert_eq!(job.status, "done", "{:?}", job.error);
        let jobs = engineer.get("/jobs").await;
        assert!(jobs.body.contains("1 version: 0 new findings, 0 resolved"), "{}", jobs.body);
        let refused = engineer.post("/jobs/rescan", &[("csrf", &csrf), ("version", "nope")]).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);

        // Japanese pages: the same data, translated, dates in Japanese.
        let ja = Client {
            app: &app,
            cookie: format!("{}; medcyber_lang=ja", engineer.cookie),
            lang: "en",
        };
        let uris: [String; 9] = [
            "/jobs".to_owned(),
            "/".to_owned(),
            "/products".to_owned(),
            product_uri.clone(),
            version_uri.clone(),
            format!("{version_uri}/components"),
            format!("/findings/{}", ids[0]),
            "/account".to_owned(),
            "/shared".to_owned(),
        ];
        for uri in uris {
            let page = ja.get(&uri).await;
            assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
            assert_translated(&page, Lang::Ja, &uri);
        }
        let version_ja = ja.get(&version_uri).await;
        assert!(version_ja.body.contains("影響なし"));
        assert!(version_ja.body.contains("年") && version_ja.body.contains("月"));
        // The engineer may not read the audit log.
        assert_eq!(ja.get("/audit").await.status, StatusCode::FORBIDDEN);

        // A viewer sees no forms that change anything, and cannot post them.
        let viewer = Client::login(&app, "viewer@acme.example", "en").await;
        let page = viewer.get(&version_uri).await;
        assert!(!page.body.contains("name=\"finding\""));
        assert!(!page.body.contains("enctype=\"multipart/form-data\""));
        let csrf = page.csrf();
        let refused = viewer
            .post(
                &format!("{version_uri}/triage"),
                &[("csrf", &csrf), ("state", "in_triage"), ("finding", &ids[0])],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(!page.body.contains("/jobs/rescan"));
        let refused = viewer.post("/jobs/rescan", &[("csrf", &csrf)]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(refused.body.contains("The role “Viewer” may not change the portfolio."), "{}", refused.body);
        let viewer_ja = Client {
            app: &app,
            cookie: format!("{}; medcyber_lang=ja", viewer.cookie),
            lang: "en",
        };
        let refused = viewer_ja.post("/jobs/rescan", &[("csrf", &csrf)]).await;
        assert!(refused.body.contains("役割「閲覧者」ではポートフォリオを変更できません。"), "{}", refused.body);
        assert!(!refused.body.contains("may not"), "{}", refused.body);

        // The owner reads the audit log and creates a token, shown once.
        let owner = Client::login(&app, "owner@acme.example", "en").await;
        let audit = owner.get("/audit").await;
        assert_eq!(audit.status, StatusCode::OK);
        assert!(audit.body.contains("analysis.create"));
        let csrf = audit.csrf();
        let token = owner
            .post("/account/tokens", &[("csrf", &csrf), ("role", "viewer"), ("expires_days", "30")])
            .await;
        assert_eq!(token.status, StatusCode::OK);
        assert!(token.body.contains("value=\"mcy_"));
        assert_eq!(
            token.headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()),
            Some("no-store")
        );
        // The owner adds a user, then disables them: the new user's session ends.
        let added = owner
            .post(
                "/account/users",
                &[("csrf", &csrf), ("email", "new@acme.example"), ("role", "viewer"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        let newcomer = Client::login(&app, "new@acme.example", "ja").await;
        assert_eq!(newcomer.get("/").await.status, StatusCode::OK);
        let account = owner.get("/account").await;
        assert!(account.body.contains("new@acme.example"));
        let org = store.org_by_name("ACME Medical").await.unwrap().unwrap();
        let id = store
            .users(&org.id)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.email == "new@acme.example")
            .unwrap()
            .id;
        let disabled = owner
            .post(&format!("/account/users/{id}"), &[("csrf", &csrf), ("action", "disable")])
            .await;
        assert_eq!(disabled.status, StatusCode::SEE_OTHER, "{}", disabled.body);
        assert_eq!(newcomer.get("/").await.status, StatusCode::SEE_OTHER, "the session ended");
        assert!(owner.get("/account").await.body.contains("disabled"));
        // The owner cannot change themselves.
        let own_id = store
            .users(&org.id)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.email == "owner@acme.example")
            .unwrap()
            .id;
        let refused = owner
            .post(&format!("/account/users/{own_id}"), &[("csrf", &csrf), ("action", "disable")])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // The owner shares the product with the hospital, findings included; the hospital
        // sees the version's findings with the manufacturer's analyses, and nothing else.
        let refused = owner
            .post(&format!("{product_uri}/grants"), &[("csrf", &csrf), ("grantee", "Nobody Hospital")])
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("role=\"alert\""));
        let shared = owner
            .post(
                &format!("{product_uri}/grants"),
                &[("csrf", &csrf), ("grantee", "City Hospital"), ("share_findings", "on")],
            )
            .await;
        assert_eq!(shared.status, StatusCode::SEE_OTHER, "{}", shared.body);
        assert!(owner.get(&product_uri).await.body.contains("City Hospital"));
        let hospital = Client::login(&app, "ciso@hospital.example", "ja").await;
        let list = hospital.get("/shared").await;
        let version_id = version_uri.trim_start_matches("/versions/");
        assert!(list.body.contains(&format!("/shared/versions/{version_id}")), "{}", list.body);
        let findings = hospital.get(&format!("/shared/versions/{version_id}")).await;
        assert_eq!(findings.status, StatusCode::OK, "{}", findings.body);
        assert!(findings.body.contains("影響なし"), "the manufacturer's analysis is shown");
        assert_translated(&findings, Lang::Ja, "the shared version page");
        assert_eq!(hospital.get(&version_uri).await.status, StatusCode::NOT_FOUND);

        // The dashboard counts what was uploaded.
        let dashboard = owner.get("/").await;
        assert!(dashboard.body.contains("<svg class=\"trend\""));
        let number = |testid: &str| -> u64 {
            let marker = format!("data-testid=\"{testid}\">");
            let at = dashboard.body.find(&marker).unwrap() + marker.len();
            let rest = &dashboard.body[at..];
            rest[..rest.find('<').unwrap()].parse().unwrap()
        };
        let total = number("total-findings");
        assert!(total >= 2);
        assert_eq!(number("unanalysed-findings"), total - 2, "two findings were triaged");
    })
    .await;
}

#[test]
fn every_key_the_templates_use_is_in_both_catalogues() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut used = Vec::new();
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(dir.join("templates")).unwrap() {
        sources.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    for entry in std::fs::read_dir(dir.join("src/web")).unwrap() {
        sources.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    for source in &sources {
        for call in [".t(\"", ".n(\"", ".t1(\"", ".t_args(\""] {
            for (at, _) in source.match_indices(call) {
                let rest = &source[at + call.len()..];
                let key = &rest[..rest.find('"').unwrap()];
                if key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    used.push(key.to_owned());
                }
            }
        }
    }
    // Keys built from a vocabulary.
    for r in Role::ALL {
        used.push(format!("role-{}", r.as_str().replace('_', "-")));
    }
    for k in ["manufacturer", "hospital", "sharing"] {
        used.push(format!("org-kind-{k}"));
    }
    for s in medcyber_model::analysis::AnalysisState::ALL {
        used.push(format!("state-{}", s.as_str().replace('_', "-")));
    }
    used.push("state-unanalysed".to_owned());
    for j in medcyber_model::analysis::Justification::ALL {
        used.push(format!("justification-{}", j.as_str().replace('_', "-")));
    }
    for r in medcyber_model::analysis::Response::ALL {
        used.push(format!("response-{}", r.as_str().replace('_', "-")));
    }
    for p in ["ntia", "imdrf", "fda", "bsi"] {
        used.push(format!("profile-{p}"));
    }
    for s in ["severity", "epss", "vulnerability", "component"] {
        used.push(format!("sort-{s}"));
    }
    for s in medcyber_model::lifecycle::LifecycleStage::ALL {
        used.push(format!("stage-{}", s.as_str().replace('_', "-")));
    }
    for m in ["release", "eol", "eos"] {
        used.push(format!("milestone-{m}"));
    }
    for s in ["done", "overdue", "due-soon", "open", "undated"] {
        used.push(format!("item-status-{s}"));
    }
    for l in ["active", "limited", "none", "manufacturer", "unknown"] {
        used.push(format!("support-level-{l}"));
    }
    for s in ["sbom", "entered"] {
        used.push(format!("lifecycle-source-{s}"));
    }
    for f in [
        "release",
        "end-of-life",
        "end-of-support",
        "done",
        "aware",
        "fix-available",
        "accepted-until",
    ] {
        used.push(format!("field-{f}"));
    }
    for s in ["active", "expiring", "expired"] {
        used.push(format!("acceptance-{s}"));
    }
    for h in medcyber_model::risk::HarmSeverity::ALL {
        used.push(format!("harm-{}", h.as_str()));
    }
    for c in medcyber_model::risk::RiskControl::ALL {
        used.push(format!("control-{}", c.as_str()));
    }
    for s in ["done", "overdue", "due-soon", "open", "not-started"] {
        used.push(format!("clock-{s}"));
    }
    for v in ["v", "p", "u"] {
        used.push(format!("verified-{v}"));
    }
    used.sort();
    used.dedup();
    assert!(used.len() > 150, "{}", used.len());
    for lang in Lang::ALL {
        let missing: Vec<_> = used.iter().filter(|k| !lang.has(k)).collect();
        assert!(missing.is_empty(), "{}: {missing:?}", lang.tag());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lifecycle_pages_dates_communications_and_support() {
    on_both("web_lifecycle", |store| async move {
        setup(&store).await;
        let app = router(AppState::new(store.clone()));
        let (_, version) = owner_version(
            &store,
            "IP-7",
            "2.0",
            "data/samples/medical-sbom-case-study/narrow.sbom.json",
        )
        .await;
        let uri = format!("/versions/{}/lifecycle", version.id);

        let engineer = Client::login(&app, "security_engineer@acme.example", "en").await;
        let page = engineer.get(&format!("/versions/{}", version.id)).await;
        assert!(
            page.body.contains(&format!("href=\"{uri}\"")),
            "the version page links its lifecycle"
        );
        let page = engineer.get(&uri).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(
            page.body.contains("data-testid=\"stage\">Development<"),
            "{}",
            page.body
        );
        assert!(
            page.body
                .contains("data-item=\"eos-notice\" data-status=\"undated\"")
        );
        assert!(page.body.contains("FluentValidationNA"));
        let csrf = page.csrf();

        // Dates out of order: refused in the user's language, the page shown again.
        let refused = engineer
            .post(
                &uri,
                &[
                    ("csrf", &csrf),
                    ("release", "2030-01-01"),
                    ("end_of_life", "2025-01-01"),
                    ("end_of_support", ""),
                    ("note", ""),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(
            refused
                .body
                .contains("The commercial release must come before the end of life."),
            "{}",
            refused.body
        );
        // Dates in order: limited support (EOL passed, EOS ahead).
        let saved = engineer
            .post(
                &uri,
                &[
                    ("csrf", &csrf),
                    ("release", "2019-04-01"),
                    ("end_of_life", "2025-03-31"),
                    ("end_of_support", "2099-03-31"),
                    ("note", "EOL letter 2024-03"),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        assert_eq!(saved.location(), format!("{uri}?saved=1"));
        let page = engineer.get(saved.location()).await;
        assert!(
            page.body.contains("data-testid=\"stage\">Limited support<"),
            "{}",
            page.body
        );
        assert!(page.body.contains("value=\"2025-03-31\""));
        assert!(
            page.body
                .contains("data-item=\"eol-notice\" data-status=\"overdue\"")
        );
        let recorded = engineer
            .post(
                &format!("{uri}/communications"),
                &[
                    ("csrf", &csrf),
                    ("item", "eol-notice"),
                    ("done", "2023-03-01"),
                    ("evidence", "Letter <b>CS-2023-007</b>"),
                ],
            )
            .await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        let page = engineer.get(&uri).await;
        assert!(
            page.body
                .contains("data-item=\"eol-notice\" data-status=\"done\"")
        );
        assert!(
            page.body
                .contains("Letter &#60;b&#62;CS-2023-007&#60;/b&#62;")
                || page.body.contains("Letter &lt;b&gt;CS-2023-007&lt;/b&gt;"),
            "evidence escaped"
        );
        let refused = engineer
            .post(
                &format!("{uri}/communications"),
                &[
                    ("csrf", &csrf),
                    ("item", "eol-notice"),
                    ("done", "2023-03-01"),
                    ("evidence", ""),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);

        // A component's support entered on the portfolio page; it shows as past support.
        let portfolio = engineer.get("/lifecycle").await;
        assert_eq!(portfolio.status, StatusCode::OK);
        assert!(portfolio.body.contains(&format!(
            "data-version=\"{}\" data-stage=\"limited_support\"",
            version.id
        )));
        let entered = engineer
            .post(
                "/lifecycle/component-support",
                &[
                    ("csrf", &csrf),
                    ("component", "pkg:nuget/Newtonsoft.Json@9.0.1"),
                    ("level", "none"),
                    ("end_of_support", "2024-01-01"),
                    ("note", "supplier"),
                ],
            )
            .await;
        assert_eq!(entered.status, StatusCode::SEE_OTHER, "{}", entered.body);
        let portfolio = engineer.get("/lifecycle").await;
        assert!(
            portfolio
                .body
                .contains("data-component=\"pkg:nuget/Newtonsoft.Json@9.0.1\""),
            "{}",
            portfolio.body
        );
        let refused = engineer
            .post(
                "/lifecycle/component-support",
                &[
                    ("csrf", &csrf),
                    ("component", "x@1"),
                    ("level", ""),
                    ("end_of_support", ""),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(
            refused
                .body
                .contains("Give a level of support or an end-of-support date.")
        );

        // Japanese: every string translated, the stage and dates in Japanese.
        let ja = Client {
            app: &app,
            cookie: format!("{}; medcyber_lang=ja", engineer.cookie),
            lang: "en",
        };
        for u in ["/lifecycle".to_owned(), uri.clone()] {
            let page = ja.get(&u).await;
            assert_eq!(page.status, StatusCode::OK, "{u}");
            assert_translated(&page, Lang::Ja, &u);
        }
        let page = ja.get(&uri).await;
        assert!(page.body.contains("限定的サポート段階"));
        assert!(page.body.contains("2025年3月31日"));
        assert!(page.body.contains("EOSの通知"));
        let refused = ja
            .post(
                &uri,
                &[
                    ("csrf", &csrf),
                    ("release", "2019-04-01"),
                    ("end_of_life", "2019-13-01"),
                ],
            )
            .await;
        assert!(
            refused
                .body
                .contains("EOL(製品寿命終了)日「2019-13-01」は暦日"),
            "{}",
            refused.body
        );

        // A viewer reads, without forms, and may not post.
        let viewer = Client::login(&app, "viewer@acme.example", "en").await;
        let page = viewer.get(&uri).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("name=\"evidence\""));
        assert!(
            !viewer
                .get("/lifecycle")
                .await
                .body
                .contains("name=\"component\"")
        );
        let csrf = page.csrf();
        let refused = viewer
            .post(&uri, &[("csrf", &csrf), ("release", "2019-04-01")])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        // Another organisation's version is not found.
        let hospital = Client::login(&app, "ciso@hospital.example", "en").await;
        assert_eq!(hospital.get(&uri).await.status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn risk_pages_and_the_regulatory_calendar() {
    on_both("web_risk", |store| async move {
        setup(&store).await;
        let app = router(AppState::new(store.clone()));
        let (owner, version) =
            owner_version(&store, "BM-200", "4.2", "data/samples/device.cdx.json").await;
        let findings = medcyber_core::portfolio::findings(
            &store,
            &owner,
            &version.id,
            &medcyber_store::FindingFilter::default(),
            medcyber_store::FindingSort::Severity,
            medcyber_store::Page::default(),
        )
        .await
        .unwrap();
        let finding = findings.items[0].id.clone();
        let uri = format!("/findings/{finding}/risk");

        let engineer = Client::login(&app, "security_engineer@acme.example", "en").await;
        let page = engineer.get(&format!("/findings/{finding}")).await;
        assert!(
            page.body.contains(&format!("href=\"{uri}\"")),
            "the finding links its risk page"
        );
        let page = engineer.get(&uri).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("No risk decision has been recorded"));
        let csrf = page.csrf();
        // A refused decision: shown again with the reason.
        let refused = engineer
            .post(
                &uri,
                &[
                    ("csrf", &csrf),
                    ("harm", "serious"),
                    ("control", "uncontrolled"),
                    ("rationale", ""),
                    ("aware", "2026-01-10"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(
            refused.body.contains("Give the rationale of the decision"),
            "{}",
            refused.body
        );
        // A decision with two reports; their clocks show.
        let saved = engineer
            .post(
                &uri,
                &[
                    ("csrf", &csrf),
                    ("harm", "serious"),
                    ("control", "uncontrolled"),
                    ("rationale", "Reachable over the clinical network"),
                    ("aware", "2026-01-10"),
                    ("fix_available", ""),
                    ("report", "fda-uncontrolled"),
                    ("report", "jp-malfunction-15"),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let page = engineer.get(saved.location()).await;
        assert!(page.body.contains("data-testid=\"risk-current\""));
        assert!(
            page.body
                .contains("data-clock=\"fda-uncontrolled-communicate\"")
        );
        assert!(
            page.body
                .contains("data-clock=\"jp-malfunction-15-report\"")
        );
        let step = engineer
            .post(
                &format!("{uri}/steps"),
                &[
                    ("csrf", &csrf),
                    ("clock", "jp-malfunction-15-report"),
                    ("done", "2026-01-20"),
                    ("reference", "PMDA 2026-0001"),
                ],
            )
            .await;
        assert_eq!(step.status, StatusCode::SEE_OTHER, "{}", step.body);
        let page = engineer.get(&uri).await;
        assert!(
            page.body
                .contains("data-clock=\"jp-malfunction-15-report\" data-state=\"done\""),
            "{}",
            page.body
        );
        assert!(page.body.contains("PMDA 2026-0001"));

        // The calendar lists the open clocks; with ?all=1 the done one too.
        let cal = engineer.get("/regulatory").await;
        assert_eq!(cal.status, StatusCode::OK);
        assert!(cal.body.contains("data-clock=\"fda-uncontrolled-fix\""));
        assert!(!cal.body.contains("data-clock=\"jp-malfunction-15-report\""));
        assert!(
            engineer
                .get("/regulatory?all=1")
                .await
                .body
                .contains("data-clock=\"jp-malfunction-15-report\"")
        );

        // A CVSS environment added on the product page rescores the finding's CVSS 3.1 vector
        // (RUSTSEC-2021-0003, 9.8: adjacent network only, 8.8).
        let product_uri = format!("/products/{}", version.product);
        let refused = engineer
            .post(
                &format!("{product_uri}/cvss-profiles"),
                &[
                    ("csrf", &csrf),
                    ("name", "ICU"),
                    ("v3", "AV:L"),
                    ("v4", ""),
                    ("note", ""),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(
            refused
                .body
                .contains("is not an environmental metric of CVSS 3.1"),
            "{}",
            refused.body
        );
        let made = engineer
            .post(
                &format!("{product_uri}/cvss-profiles"),
                &[
                    ("csrf", &csrf),
                    ("name", "ICU"),
                    ("v3", "MAV:A"),
                    ("v4", ""),
                    ("note", "clinical VLAN"),
                ],
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        assert!(
            engineer
                .get(&product_uri)
                .await
                .body
                .contains("data-profile=\"ICU\"")
        );
        let page = engineer.get(&uri).await;
        assert!(
            page.body
                .contains("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:A"),
            "{}",
            page.body
        );
        assert!(
            page.body
                .contains("data-testid=\"environmental-score\">8.8 High<"),
            "{}",
            page.body
        );

        // A risk acceptance recorded from the form shows on the risk page and the calendar.
        let accepted = engineer
            .post(
                &uri,
                &[
                    ("csrf", &csrf),
                    ("harm", "minor"),
                    ("control", "controlled"),
                    ("rationale", "Isolated workstation"),
                    ("aware", "2026-01-10"),
                    ("accepted_until", "2099-01-01"),
                    ("acceptance_owner", "Head of QA"),
                    ("report", "jp-malfunction-15"),
                ],
            )
            .await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
        let page = engineer.get(&uri).await;
        assert!(
            page.body
                .contains("data-testid=\"acceptance\" data-state=\"active\""),
            "{}",
            page.body
        );
        assert!(
            engineer
                .get("/regulatory")
                .await
                .body
                .contains("data-state=\"active\"><td>1 Jan 2099")
        );
        let refused = engineer
            .post(
                &uri,
                &[
                    ("csrf", &csrf),
                    ("harm", "minor"),
                    ("control", "uncontrolled"),
                    ("rationale", "r"),
                    ("aware", "2026-01-10"),
                    ("accepted_until", "2099-01-01"),
                    ("acceptance_owner", "Head of QA"),
                ],
            )
            .await;
        assert!(
            refused
                .body
                .contains("Only a controlled risk can be accepted."),
            "{}",
            refused.body
        );

        // Japanese, every string translated.
        let ja = Client {
            app: &app,
            cookie: format!("{}; medcyber_lang=ja", engineer.cookie),
            lang: "en",
        };
        for u in [
            "/regulatory".to_owned(),
            "/regulatory?all=1".to_owned(),
            uri.clone(),
        ] {
            let page = ja.get(&u).await;
            assert_eq!(page.status, StatusCode::OK, "{u}");
            assert_translated(&page, Lang::Ja, &u);
        }
        let page = ja.get(&uri).await;
        assert!(page.body.contains("管理されていないリスク"));
        assert!(page.body.contains("知った日から15日以内にPMDAへ報告"));
        let refused = ja
            .post(
                &uri,
                &[
                    ("csrf", &csrf),
                    ("harm", "minor"),
                    ("control", "controlled"),
                    ("rationale", "r"),
                    ("aware", "2099-01-01"),
                ],
            )
            .await;
        assert!(
            refused
                .body
                .contains("知った日に未来の日付は指定できません。"),
            "{}",
            refused.body
        );

        // A viewer reads without forms and may not post; another organisation sees nothing.
        let viewer = Client::login(&app, "viewer@acme.example", "en").await;
        let page = viewer.get(&uri).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("name=\"rationale\""));
        let csrf = page.csrf();
        let refused = viewer
            .post(
                &uri,
                &[
                    ("csrf", &csrf),
                    ("harm", "minor"),
                    ("control", "controlled"),
                    ("rationale", "r"),
                    ("aware", "2026-01-10"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let hospital = Client::login(&app, "ciso@hospital.example", "en").await;
        assert_eq!(hospital.get(&uri).await.status, StatusCode::NOT_FOUND);
        assert!(
            !hospital
                .get("/regulatory")
                .await
                .body
                .contains("data-clock=")
        );
    })
    .await;
}
