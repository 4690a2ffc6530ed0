//! The pages: each handler takes the session (or a visitor), calls `medcyber-core` as the API
//! does, and renders a template with translated strings. Forms post back with the session's
//! CSRF token and are answered with a redirect (post/redirect/get), or with the page and its
//! error when the input is refused.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use medcyber_core::portfolio::{self, NewAnalysis, QualitySummary, UploadOptions};
use medcyber_core::{CoreError, accounts, audit, sessions, sharing};
use medcyber_model::analysis::{AnalysisState, Justification, Response as AnalysisResponse};
use medcyber_model::platform::{ApiToken, Role, User};
use medcyber_store::{Page, StoredFinding};
use serde::Deserialize;

use super::auth::{self, Session, Visitor};
use super::i18n::Lang;
use super::view::{Trend, Ui, severity_class, severity_rows};
use crate::AppState;
use crate::api::FindingsQuery;

/// Rows per page in the UI's lists.
const PER_PAGE: u32 = 100;

/// A page that could not be shown: rendered in the user's language with its status.
#[derive(Debug)]
pub struct PageError {
    lang: Lang,
    status: StatusCode,
    detail: String,
    /// The message in the user's language, when it is more than the status's.
    message: Option<String>,
}

impl PageError {
    /// An error with a status and a technical detail.
    pub fn new(lang: Lang, status: StatusCode, detail: String) -> PageError {
        PageError {
            lang,
            status,
            detail,
            message: None,
        }
    }

    /// The page error of a use case's error (the API's statuses); a refusal in the user's
    /// language.
    pub fn core(lang: Lang, e: CoreError) -> PageError {
        let message = match &e {
            CoreError::Refused(r) | CoreError::Forbidden(r) => Some(refusal_text(lang, r)),
            _ => None,
        };
        let api = crate::error::ApiError::from(e);
        PageError {
            lang,
            status: api.status(),
            detail: if message.is_some() {
                String::new()
            } else {
                api.detail().to_owned()
            },
            message,
        }
    }
}

/// A use case's refusal in `lang`, from the catalogues (`refused-<code>`, with its arguments).
fn refusal_text(lang: Lang, r: &medcyber_core::refusal::Refusal) -> String {
    // Roles are named in the user's language.
    let values: Vec<String> = r
        .args
        .iter()
        .map(|(name, value)| match *name {
            "role" | "own" => lang.t(&format!("role-{}", value.replace('_', "-"))),
            // A lifecycle date's field, named in the user's language.
            "field" | "later" => lang.t(&format!("field-{}", value.replace('_', "-"))),
            _ => value.clone(),
        })
        .collect();
    let args: Vec<(&'static str, super::i18n::Arg<'_>)> = r
        .args
        .iter()
        .zip(&values)
        .map(|((name, _), value)| (*name, super::i18n::Arg::Text(value)))
        .collect();
    lang.t_args(&format!("refused-{}", r.code), &args)
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ui: Ui,
    status: u16,
    message: String,
    detail: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let key = match self.status.as_u16() {
            400 | 422 => "error-input",
            401 => "error-unauthenticated",
            403 => "error-forbidden",
            404 => "error-not-found",
            409 => "error-conflict",
            429 => "error-throttled",
            _ => "error-internal",
        };
        let ui = Ui {
            lang: self.lang,
            csrf: String::new(),
            user: None,
            section: "",
            path: "/".to_owned(),
        };
        let page = ErrorPage {
            message: self.message.unwrap_or_else(|| ui.t(key)),
            status: self.status.as_u16(),
            detail: self.detail,
            ui,
        };
        (self.status, render(&page)).into_response()
    }
}

pub(super) type PageResult = Result<Response, PageError>;

pub(super) fn render(page: &impl Template) -> Html<String> {
    match page.render() {
        Ok(html) => Html(html),
        Err(e) => {
            tracing::error!(error = %e, "a template failed");
            Html("<!doctype html><title>medcyber</title><p>template error</p>".to_owned())
        }
    }
}

fn page(template: &impl Template) -> PageResult {
    Ok(render(template).into_response())
}

pub(super) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A path to return to after a form: only a local path (no open redirect).
fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\") => {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// A URL-encoded form, with repeated fields (checkbox lists) kept.
#[derive(Clone, Debug, Default)]
pub struct Form(Vec<(String, String)>);

impl Form {
    fn parse(body: &[u8]) -> Form {
        Form(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or("").trim().to_owned()
    }

    pub(super) fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn checked(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| !v.is_empty())
    }
}

/// A form post of a logged-in page: parsed, and its CSRF token checked.
pub(super) fn checked_form(session: &Session, body: &[u8]) -> Result<Form, PageError> {
    let form = Form::parse(body);
    if auth::csrf_matches(&session.ui.csrf, form.get("csrf")) {
        Ok(form)
    } else {
        Err(PageError::new(
            session.ui.lang,
            StatusCode::FORBIDDEN,
            "the form's CSRF token is missing or wrong; reload the page".to_owned(),
        ))
    }
}

/// The answer to a form: a redirect to `to` when the use case succeeded; when it refused the
/// input, the page again (`again`) with the reason in the user's language; any other failure
/// as an error page.
pub(super) async fn answer_form<T, Fut>(
    session: Session,
    result: Result<T, CoreError>,
    to: &str,
    again: impl FnOnce(Session, Refusal) -> Fut,
) -> PageResult
where
    Fut: std::future::Future<Output = PageResult>,
{
    match result {
        Ok(_) => Ok(see_other(to)),
        Err(e @ CoreError::Refused(_)) => {
            let error = Refusal::of(&session.ui, &e);
            again(session, error).await
        }
        Err(e) => Err(PageError::core(session.ui.lang, e)),
    }
}

pub(super) fn fail(lang: Lang) -> impl FnOnce(CoreError) -> PageError {
    move |e| PageError::core(lang, e)
}

/// Why a form's input was refused, in the user's language: a refusal of the use case from the
/// catalogues by its code (`refused-<code>`); otherwise a general message with the lower
/// layer's own (English) words as a technical detail (a reader's parse error, say).
#[derive(Clone, Debug, Default)]
pub(super) struct Refusal {
    pub(super) message: String,
    pub(super) detail: String,
}

impl Refusal {
    pub(super) fn of(ui: &Ui, e: &CoreError) -> Refusal {
        let key = match e {
            CoreError::Refused(r) => return Refusal::message(refusal_text(ui.lang, r)),
            CoreError::InvalidDocument { .. } => "upload-invalid",
            _ => "error-input",
        };
        Refusal {
            message: ui.t(key),
            detail: e.to_string(),
        }
    }

    fn message(message: String) -> Refusal {
        Refusal {
            message,
            detail: String::new(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Login, logout, language

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ui: Ui,
    next: String,
    email: String,
    error: String,
}

/// `?next=` of the login page.
#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The login form.
pub async fn login_page(Visitor(ui): Visitor, Query(q): Query<NextQuery>) -> PageResult {
    page(&LoginPage {
        next: local_path(q.next.as_deref()),
        email: String::new(),
        error: String::new(),
        ui: ui.at("login"),
    })
}

/// Logs in: a session cookie and a redirect to where the user was going.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Visitor(ui): Visitor,
    body: Bytes,
) -> PageResult {
    let form = Form::parse(&body);
    let email = form.text("email");
    let next = local_path(form.get("next"));
    match sessions::login(&state.store, &email, form.get("password").unwrap_or("")).await {
        Ok(session) => {
            let mut response = see_other(&next);
            response.headers_mut().append(
                header::SET_COOKIE,
                auth::session_cookie(&headers, &session.secret),
            );
            Ok(response)
        }
        Err(e @ (CoreError::Unauthenticated(_) | CoreError::Throttled(_))) => {
            let (status, key) = match e {
                CoreError::Throttled(_) => (StatusCode::TOO_MANY_REQUESTS, "login-throttled"),
                _ => (StatusCode::UNAUTHORIZED, "login-failed"),
            };
            let ui = ui.at("login");
            let page = LoginPage {
                error: ui.t(key),
                next,
                email,
                ui,
            };
            Ok((status, render(&page)).into_response())
        }
        Err(e) => Err(PageError::core(ui.lang, e)),
    }
}

/// Logs out.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    body: Bytes,
) -> PageResult {
    checked_form(&session, &body)?;
    sessions::logout(&state.store, &session.secret, &session.principal)
        .await
        .map_err(fail(session.ui.lang))?;
    let mut response = see_other("/login");
    response
        .headers_mut()
        .append(header::SET_COOKIE, auth::clear_session_cookie(&headers));
    Ok(response)
}

/// Switches the language (a cookie) and returns to the page.
pub async fn language(headers: HeaderMap, body: Bytes) -> Response {
    let form = Form::parse(&body);
    let back = local_path(form.get("back"));
    let mut response = see_other(&back);
    if let Some(lang) = form.get("lang").and_then(Lang::from_tag) {
        response
            .headers_mut()
            .append(header::SET_COOKIE, auth::lang_cookie(&headers, lang));
    }
    response
}

// ---------------------------------------------------------------------------------------------
// Dashboard

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    ui: Ui,
    counts: medcyber_store::Counts,
    severities: Vec<(String, &'static str, u64)>,
    epss: Vec<medcyber_store::EpssRow>,
    trend: String,
    trend_last: (u64, u64),
}

/// The portfolio dashboard.
pub async fn dashboard(State(state): State<AppState>, session: Session) -> PageResult {
    let lang = session.ui.lang;
    let d = portfolio::dashboard(&state.store, &session.principal)
        .await
        .map_err(fail(lang))?;
    let ui = session.ui.at("dashboard");
    let severities = severity_rows(&ui, |level| match level {
        Some(l) => d.counts.by_severity[l as usize],
        None => d.counts.unknown,
    });
    let trend = Trend::from_uploads(&d.uploads, 30);
    let trend_last = trend.points.last().map_or((0, 0), |p| (p.1, p.2));
    page(&DashboardPage {
        trend: trend.svg(&ui),
        trend_last,
        severities,
        counts: d.counts,
        epss: d.top_epss,
        ui,
    })
}

// ---------------------------------------------------------------------------------------------
// Products and versions

#[derive(Template)]
#[template(path = "products.html")]
struct ProductsPage {
    ui: Ui,
    products: Vec<medcyber_model::platform::Product>,
    total: u64,
    pager: Pager,
    error: Refusal,
    name: String,
}

/// `?offset=` of a list page.
#[derive(Debug, Default, Deserialize)]
pub struct OffsetQuery {
    offset: Option<u64>,
}

/// Previous and next links of a list.
#[derive(Clone, Debug, Default)]
struct Pager {
    prev: Option<String>,
    next: Option<String>,
    from: u64,
    to: u64,
}

impl Pager {
    fn new(base: &str, offset: u64, shown: usize, total: u64) -> Pager {
        let join = if base.contains('?') { '&' } else { '?' };
        let per = u64::from(PER_PAGE);
        Pager {
            prev: (offset > 0)
                .then(|| format!("{base}{join}offset={}", offset.saturating_sub(per))),
            next: (offset + per < total).then(|| format!("{base}{join}offset={}", offset + per)),
            from: if shown == 0 { 0 } else { offset + 1 },
            to: offset + shown as u64,
        }
    }
}

fn page_at(offset: Option<u64>) -> Page {
    Page {
        limit: PER_PAGE,
        offset: offset.unwrap_or(0),
    }
}

/// The products.
pub async fn products(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<OffsetQuery>,
) -> PageResult {
    products_page(
        &state,
        session,
        q.offset,
        Refusal::default(),
        String::new(),
        StatusCode::OK,
    )
    .await
}

async fn products_page(
    state: &AppState,
    session: Session,
    offset: Option<u64>,
    error: Refusal,
    name: String,
    status: StatusCode,
) -> PageResult {
    let p = page_at(offset);
    let paged = portfolio::products(&state.store, &session.principal, p)
        .await
        .map_err(fail(session.ui.lang))?;
    let pager = Pager::new("/products", p.offset, paged.items.len(), paged.total);
    let page = ProductsPage {
        ui: session.ui.at("products"),
        total: paged.total,
        products: paged.items,
        pager,
        error,
        name,
    };
    Ok((status, render(&page)).into_response())
}

/// Creates a product.
pub async fn create_product(
    State(state): State<AppState>,
    session: Session,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&session, &body)?;
    let name = form.text("name");
    match portfolio::create_product(&state.store, &session.principal, &name).await {
        Ok(product) => Ok(see_other(&format!("/products/{}", product.id))),
        Err(e @ (CoreError::Input(_) | CoreError::Refused(_))) => {
            let error = Refusal::of(&session.ui, &e);
            products_page(&state, session, None, error, name, StatusCode::BAD_REQUEST).await
        }
        Err(e) => Err(PageError::core(session.ui.lang, e)),
    }
}

#[derive(Template)]
#[template(path = "product.html")]
struct ProductPage {
    ui: Ui,
    product: medcyber_model::platform::Product,
    versions: Vec<medcyber_model::platform::ProductVersion>,
    error: Refusal,
    version: String,
    /// The product's grants with their grantee's name (administrators only).
    grants: Vec<(medcyber_model::platform::ShareGrant, String)>,
    /// The product's CVSS environment profiles.
    profiles: Vec<medcyber_model::risk::CvssProfile>,
}

/// A product and its versions.
pub async fn product(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> PageResult {
    product_page(
        &state,
        session,
        &id,
        Refusal::default(),
        String::new(),
        StatusCode::OK,
    )
    .await
}

pub(super) async fn product_page(
    state: &AppState,
    session: Session,
    id: &str,
    error: Refusal,
    version: String,
    status: StatusCode,
) -> PageResult {
    let lang = session.ui.lang;
    let detail = portfolio::product(&state.store, &session.principal, id)
        .await
        .map_err(fail(lang))?;
    let mut grants = Vec::new();
    if session.ui.user.as_ref().is_some_and(|u| u.can_admin) {
        for g in sharing::grants(&state.store, &session.principal)
            .await
            .map_err(fail(lang))?
        {
            if g.product == detail.product.id {
                let name = state
                    .store
                    .org(&g.grantee)
                    .await
                    .map_err(|e| PageError::core(lang, e.into()))?
                    .map(|o| o.name)
                    .unwrap_or_default();
                grants.push((g, name));
            }
        }
    }
    let profiles = medcyber_core::regulatory::profiles(&state.store, &session.principal, id)
        .await
        .map_err(fail(lang))?;
    let page = ProductPage {
        ui: session.ui.at("products"),
        product: detail.product,
        versions: detail.version_list,
        error,
        version,
        grants,
        profiles,
    };
    Ok((status, render(&page)).into_response())
}

/// Creates a version of a product.
pub async fn create_version(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&session, &body)?;
    let version = form.text("version");
    match portfolio::create_version(&state.store, &session.principal, &id, &version).await {
        Ok(v) => Ok(see_other(&format!("/versions/{}", v.id))),
        Err(e @ (CoreError::Input(_) | CoreError::Refused(_))) => {
            let error = Refusal::of(&session.ui, &e);
            product_page(
                &state,
                session,
                &id,
                error,
                version,
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(e) => Err(PageError::core(session.ui.lang, e)),
    }
}

/// Shares a product with a customer organisation, by name (administrators).
pub async fn create_grant(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&session, &body)?;
    let grantee = form.text("grantee");
    match sharing::grant(
        &state.store,
        &session.principal,
        &grantee,
        &id,
        form.checked("share_findings"),
    )
    .await
    {
        Ok(_) => Ok(see_other(&format!("/products/{id}"))),
        Err(e @ (CoreError::Input(_) | CoreError::Refused(_) | CoreError::NotFound(_)))
            if session.ui.user.as_ref().is_some_and(|u| u.can_admin) =>
        {
            let error = Refusal::of(&session.ui, &e);
            product_page(
                &state,
                session,
                &id,
                error,
                String::new(),
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(e) => Err(PageError::core(session.ui.lang, e)),
    }
}

/// Withdraws a grant (administrators), then returns to the product.
pub async fn revoke_grant(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&session, &body)?;
    sharing::revoke(&state.store, &session.principal, &id)
        .await
        .map_err(fail(session.ui.lang))?;
    Ok(see_other(&local_path(form.get("back"))))
}

/// One finding row of a findings table.
struct FindingRow {
    id: String,
    vulnerability: String,
    summary: String,
    component: String,
    severity: String,
    severity_class: &'static str,
    score: String,
    kev: bool,
    epss: String,
    state: String,
    state_class: String,
    fixed: String,
}

fn finding_row(ui: &Ui, f: &StoredFinding) -> FindingRow {
    let finding = &f.finding;
    let score = finding
        .severity
        .iter()
        .filter_map(|s| s.score)
        .fold(None::<f64>, |best, s| Some(best.map_or(s, |b| b.max(s))));
    let state = f
        .analysis
        .as_ref()
        .map_or(medcyber_store::UNANALYSED, |a| a.state.as_str());
    FindingRow {
        id: f.id.clone(),
        vulnerability: finding.vulnerability.id.clone(),
        summary: finding.vulnerability.summary.clone().unwrap_or_default(),
        component: match &finding.component.version {
            Some(v) => format!("{} {v}", finding.component.name),
            None => finding.component.name.clone(),
        },
        severity: ui.severity(&finding.severity_level),
        severity_class: severity_class(finding.severity_level),
        score: score.map(|s| format!("{s:.1}")).unwrap_or_default(),
        kev: finding.kev,
        epss: finding
            .epss
            .as_ref()
            .map(|e| format!("{:.1}%", e.score * 100.0))
            .unwrap_or_default(),
        state: ui.state(state),
        state_class: format!("st-{state}"),
        fixed: finding.fixed_versions.join(", "),
    }
}

/// The findings filter as the form sends it (empty fields are absent).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FilterQuery {
    severity: Option<String>,
    kev: Option<String>,
    state: Option<String>,
    component: Option<String>,
    vulnerability: Option<String>,
    sort: Option<String>,
    offset: Option<u64>,
    triaged: Option<u64>,
}

fn some(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

impl FilterQuery {
    fn api(&self) -> FindingsQuery {
        FindingsQuery {
            severity: some(&self.severity),
            kev: some(&self.kev).map(|k| k == "true"),
            vulnerability: some(&self.vulnerability),
            component: some(&self.component),
            state: some(&self.state),
            sort: some(&self.sort),
            limit: Some(PER_PAGE),
            offset: self.offset,
        }
    }

    /// The query string of the filter (for the pager).
    fn base(&self, path: &str) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("severity", &self.severity),
            ("kev", &self.kev),
            ("state", &self.state),
            ("component", &self.component),
            ("vulnerability", &self.vulnerability),
            ("sort", &self.sort),
        ] {
            if let Some(v) = some(v) {
                q.append_pair(k, &v);
            }
        }
        let q = q.finish();
        if q.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{q}")
        }
    }
}

#[derive(Template)]
#[template(path = "version.html")]
struct VersionPage {
    ui: Ui,
    product: medcyber_model::platform::Product,
    version: medcyber_model::platform::ProductVersion,
    sbom: Option<medcyber_store::SbomRecord>,
    quality: Vec<QualitySummary>,
    rows: Vec<FindingRow>,
    total: u64,
    pager: Pager,
    filter: FilterQuery,
    triaged: Option<u64>,
    states: Vec<&'static str>,
    justifications: Vec<&'static str>,
    responses: Vec<&'static str>,
}

impl VersionPage {
    fn selected(&self, field: &str, value: &str) -> bool {
        let current = match field {
            "severity" => &self.filter.severity,
            "kev" => &self.filter.kev,
            "state" => &self.filter.state,
            "sort" => &self.filter.sort,
            _ => return false,
        };
        current.as_deref() == Some(value)
    }
}

fn analysis_vocabulary() -> (Vec<&'static str>, Vec<&'static str>, Vec<&'static str>) {
    (
        AnalysisState::ALL.iter().map(|s| s.as_str()).collect(),
        Justification::ALL.iter().map(|j| j.as_str()).collect(),
        AnalysisResponse::ALL.iter().map(|r| r.as_str()).collect(),
    )
}

/// A product version: its SBOM, quality and findings, with the triage form.
pub async fn version(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Query(filter): Query<FilterQuery>,
) -> PageResult {
    let lang = session.ui.lang;
    let principal = &session.principal;
    let version = portfolio::version(&state.store, principal, &id)
        .await
        .map_err(fail(lang))?;
    let product = portfolio::product(&state.store, principal, &version.product)
        .await
        .map_err(fail(lang))?
        .product;
    let sbom = match version.sbom {
        Some(_) => Some(
            portfolio::current_sbom(&state.store, principal, &id)
                .await
                .map_err(fail(lang))?,
        ),
        None => None,
    };
    let quality = sbom
        .as_ref()
        .and_then(|s| serde_json::from_str(&s.quality).ok())
        .unwrap_or_default();
    let (f, sort, p) = filter
        .api()
        .resolve()
        .map_err(|e| PageError::new(lang, e.status(), e.detail().to_owned()))?;
    let paged = portfolio::findings(&state.store, principal, &id, &f, sort, p)
        .await
        .map_err(fail(lang))?;
    let ui = session.ui.at("products");
    let rows = paged.items.iter().map(|f| finding_row(&ui, f)).collect();
    let pager = Pager::new(
        &filter.base(&format!("/versions/{id}")),
        p.offset,
        paged.items.len(),
        paged.total,
    );
    let (states, justifications, responses) = analysis_vocabulary();
    page(&VersionPage {
        triaged: filter.triaged,
        ui,
        product,
        version,
        sbom,
        quality,
        rows,
        total: paged.total,
        pager,
        filter,
        states,
        justifications,
        responses,
    })
}

#[derive(Template)]
#[template(path = "components.html")]
struct ComponentsPage {
    ui: Ui,
    product: medcyber_model::platform::Product,
    version: medcyber_model::platform::ProductVersion,
    components: Vec<medcyber_model::Component>,
    total: u64,
    pager: Pager,
}

impl ComponentsPage {
    fn supplier(&self, c: &medcyber_model::Component) -> String {
        c.supplier
            .as_ref()
            .and_then(|p| p.name.clone())
            .unwrap_or_default()
    }
}

/// The components of a version's current SBOM.
pub async fn components(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<OffsetQuery>,
) -> PageResult {
    let lang = session.ui.lang;
    let principal = &session.principal;
    let version = portfolio::version(&state.store, principal, &id)
        .await
        .map_err(fail(lang))?;
    let product = portfolio::product(&state.store, principal, &version.product)
        .await
        .map_err(fail(lang))?
        .product;
    let p = page_at(q.offset);
    let paged = portfolio::components(&state.store, principal, &id, p)
        .await
        .map_err(fail(lang))?;
    let pager = Pager::new(
        &format!("/versions/{id}/components"),
        p.offset,
        paged.items.len(),
        paged.total,
    );
    page(&ComponentsPage {
        ui: session.ui.at("products"),
        product,
        version,
        total: paged.total,
        components: paged.items,
        pager,
    })
}

#[derive(Template)]
#[template(path = "upload.html")]
struct UploadPage {
    ui: Ui,
    version_id: String,
    upload: Option<portfolio::SbomUpload>,
    error: Refusal,
    diagnostics: Vec<String>,
    severities: Vec<(String, &'static str, usize)>,
}

/// Uploads an SBOM (a `multipart/form-data` form: `csrf`, `sbom`, optional `lenient`) and
/// shows its quality report and findings summary.
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> PageResult {
    let lang = session.ui.lang;
    let bad = |detail: String| PageError::new(lang, StatusCode::BAD_REQUEST, detail);
    let (mut csrf, mut lenient, mut file) = (None, false, None);
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| bad(format!("the form could not be read: {e}")))?
    {
        match field.name().unwrap_or("") {
            "csrf" => csrf = Some(field.text().await.map_err(|e| bad(e.to_string()))?),
            "lenient" => {
                lenient = !field
                    .text()
                    .await
                    .map_err(|e| bad(e.to_string()))?
                    .is_empty()
            }
            "sbom" => file = Some(field.bytes().await.map_err(|e| bad(e.to_string()))?),
            _ => {}
        }
    }
    if !auth::csrf_matches(&session.ui.csrf, csrf.as_deref()) {
        return Err(PageError::new(
            lang,
            StatusCode::FORBIDDEN,
            "the form's CSRF token is missing or wrong; reload the page".to_owned(),
        ));
    }
    let ui = session.ui.clone().at("products");
    let file = file.filter(|f| !f.is_empty());
    let Some(file) = file else {
        let page = UploadPage {
            error: Refusal::message(ui.t("upload-no-file")),
            ui,
            version_id: id,
            upload: None,
            diagnostics: Vec::new(),
            severities: Vec::new(),
        };
        return Ok((StatusCode::BAD_REQUEST, render(&page)).into_response());
    };
    let options = UploadOptions { lenient };
    match portfolio::upload_sbom(&state.store, &session.principal, &id, &file, options).await {
        Ok(upload) => {
            let severities = severity_rows(&ui, |level| {
                let name = level.map_or("unknown", |l| l.as_str());
                upload
                    .summary
                    .get(&name.to_ascii_lowercase())
                    .copied()
                    .unwrap_or(0)
            });
            let diagnostics = upload.diagnostics.iter().map(|d| d.to_string()).collect();
            page(&UploadPage {
                ui,
                version_id: id,
                upload: Some(upload),
                error: Refusal::default(),
                diagnostics,
                severities,
            })
        }
        Err(e @ CoreError::InvalidDocument { .. }) => {
            let diagnostics = match &e {
                CoreError::InvalidDocument { diagnostics, .. } => {
                    diagnostics.iter().map(|d| d.to_string()).collect()
                }
                _ => Vec::new(),
            };
            let page = UploadPage {
                error: Refusal::of(&ui, &e),
                diagnostics,
                ui,
                version_id: id,
                upload: None,
                severities: Vec::new(),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e @ CoreError::Input(_)) => {
            let page = UploadPage {
                error: Refusal::of(&ui, &e),
                ui,
                version_id: id,
                upload: None,
                diagnostics: Vec::new(),
                severities: Vec::new(),
            };
            Ok((StatusCode::BAD_REQUEST, render(&page)).into_response())
        }
        Err(e) => Err(PageError::core(lang, e)),
    }
}

/// Records one decision on the selected findings (`finding` repeated), then returns to the
/// version (or to `back`).
pub async fn triage(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let lang = session.ui.lang;
    let form = checked_form(&session, &body)?;
    let bad = |detail: String| PageError::new(lang, StatusCode::BAD_REQUEST, detail);
    let state_name = form.text("state");
    let analysis_state = AnalysisState::parse(&state_name)
        .ok_or_else(|| bad(format!("`{state_name}` is not an analysis state")))?;
    let justification = match form.text("justification").as_str() {
        "" => None,
        j => Some(
            Justification::parse(j).ok_or_else(|| bad(format!("`{j}` is not a justification")))?,
        ),
    };
    let response = form
        .all("response")
        .iter()
        .map(|r| AnalysisResponse::parse(r).ok_or_else(|| bad(format!("`{r}` is not a response"))))
        .collect::<Result<Vec<_>, _>>()?;
    let decision = NewAnalysis {
        state: analysis_state,
        justification,
        response,
        detail: form.get("detail").unwrap_or("").to_owned(),
        all_versions: form.checked("all_versions"),
    };
    // The findings must belong to this version.
    let ids = form.all("finding");
    for f in &ids {
        let finding = match portfolio::finding(&state.store, &session.principal, f).await {
            Ok(finding) => Some(finding),
            Err(CoreError::NotFound(_)) => None,
            Err(e) => return Err(PageError::core(lang, e)),
        };
        if finding.is_none_or(|x| x.product_version != id) {
            return Err(PageError::new(
                lang,
                StatusCode::NOT_FOUND,
                format!("no finding `{f}` in this version"),
            ));
        }
    }
    let recorded = portfolio::analyse_many(&state.store, &session.principal, &ids, decision)
        .await
        .map_err(fail(lang))?;
    let back = match form.get("back") {
        Some(b) => local_path(Some(b)),
        None => format!("/versions/{id}?triaged={}", recorded.len()),
    };
    Ok(see_other(&back))
}

#[derive(Template)]
#[template(path = "finding.html")]
struct FindingPage {
    ui: Ui,
    row: FindingRow,
    finding: StoredFinding,
    product: medcyber_model::platform::Product,
    version: medcyber_model::platform::ProductVersion,
    history: Vec<medcyber_model::analysis::Analysis>,
    states: Vec<&'static str>,
    justifications: Vec<&'static str>,
    responses: Vec<&'static str>,
}

/// One finding: its evidence, its analyses with their history, and a triage form.
pub async fn finding(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> PageResult {
    let lang = session.ui.lang;
    let principal = &session.principal;
    let stored = portfolio::finding(&state.store, principal, &id)
        .await
        .map_err(fail(lang))?;
    let history = portfolio::analysis_history(&state.store, principal, &id)
        .await
        .map_err(fail(lang))?;
    let version = portfolio::version(&state.store, principal, &stored.product_version)
        .await
        .map_err(fail(lang))?;
    let product = portfolio::product(&state.store, principal, &version.product)
        .await
        .map_err(fail(lang))?
        .product;
    let ui = session.ui.at("products");
    let (states, justifications, responses) = analysis_vocabulary();
    page(&FindingPage {
        row: finding_row(&ui, &stored),
        ui,
        finding: stored,
        product,
        version,
        history,
        states,
        justifications,
        responses,
    })
}

// ---------------------------------------------------------------------------------------------
// Vulnerabilities

#[derive(Template)]
#[template(path = "vulnerability.html")]
struct VulnerabilityPage {
    ui: Ui,
    id: String,
    detail: portfolio::VulnerabilityDetail,
}

impl VulnerabilityPage {
    fn source(&self, a: &medcyber_model::Advisory) -> String {
        match (a.source, &a.database) {
            (Some(s), Some(db)) => format!("{} · {db}", s.as_str()),
            (Some(s), None) => s.as_str().to_owned(),
            (None, Some(db)) => db.clone(),
            (None, None) => String::new(),
        }
    }
}

/// A vulnerability with every source's record, KEV and EPSS.
pub async fn vulnerability(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> PageResult {
    let detail = portfolio::vulnerability_detail(&state.store, &session.principal, &id)
        .await
        .map_err(fail(session.ui.lang))?;
    page(&VulnerabilityPage {
        ui: session.ui.at("products"),
        id,
        detail,
    })
}

// ---------------------------------------------------------------------------------------------
// Audit log, account, sharing

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    ui: Ui,
    events: Vec<medcyber_store::AuditRow>,
    total: u64,
    pager: Pager,
}

/// The organisation's audit log, newest first.
pub async fn audit_log(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<OffsetQuery>,
) -> PageResult {
    let p = page_at(q.offset);
    let paged = audit::events(&state.store, &session.principal, p)
        .await
        .map_err(fail(session.ui.lang))?;
    page(&AuditPage {
        pager: Pager::new("/audit", p.offset, paged.items.len(), paged.total),
        ui: session.ui.at("audit"),
        total: paged.total,
        events: paged.items,
    })
}

#[derive(Template)]
#[template(path = "jobs.html")]
struct JobsPage {
    ui: Ui,
    jobs: Vec<JobRow>,
    total: u64,
    pager: Pager,
    queued: bool,
}

/// A job as the jobs page shows it.
struct JobRow {
    job: medcyber_store::Job,
    /// What it did, in the user's language.
    outcome: String,
}

impl JobRow {
    fn of(lang: Lang, job: medcyber_store::Job) -> JobRow {
        use super::i18n::Arg;
        let result: serde_json::Value = job
            .result
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok())
            .unwrap_or_default();
        #[allow(clippy::cast_precision_loss)]
        let n = |v: &serde_json::Value| Arg::Number(v.as_u64().unwrap_or(0) as f64);
        let outcome = match (job.status.as_str(), job.kind.as_str()) {
            ("done", medcyber_core::jobs::IMPORT) => lang.t_args(
                "job-import-result",
                &[
                    ("source", Arg::Text(result["source"].as_str().unwrap_or(""))),
                    ("added", n(&result["counts"]["added"])),
                    ("updated", n(&result["counts"]["updated"])),
                    ("unchanged", n(&result["counts"]["unchanged"])),
                    ("errors", n(&result["counts"]["errors"])),
                ],
            ),
            ("done", medcyber_core::jobs::RESCAN) => lang.t_args(
                "job-rescan-result",
                &[
                    ("versions", n(&result["versions"])),
                    ("new", n(&result["new"])),
                    ("resolved", n(&result["resolved"])),
                    ("updated", n(&result["updated"])),
                    (
                        "errors",
                        n(&result["errors"].as_array().map_or(0, Vec::len).into()),
                    ),
                ],
            ),
            ("failed", _) => job.error.clone().unwrap_or_default(),
            _ => String::new(),
        };
        JobRow { job, outcome }
    }
}

/// `?queued=` of the jobs page (after a re-scan was asked for).
#[derive(Debug, Default, Deserialize)]
pub struct JobsQuery {
    offset: Option<u64>,
    queued: Option<String>,
}

/// The organisation's background jobs (feed imports, re-scans), newest first.
pub async fn jobs(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<JobsQuery>,
) -> PageResult {
    let p = page_at(q.offset);
    let paged = medcyber_core::jobs::jobs(&state.store, &session.principal, p)
        .await
        .map_err(fail(session.ui.lang))?;
    let lang = session.ui.lang;
    page(&JobsPage {
        pager: Pager::new("/jobs", p.offset, paged.items.len(), paged.total),
        ui: session.ui.at("jobs"),
        total: paged.total,
        jobs: paged
            .items
            .into_iter()
            .map(|j| JobRow::of(lang, j))
            .collect(),
        queued: q.queued.is_some(),
    })
}

/// Queues a re-scan of one version's SBOM (`version` in the form) or of the whole portfolio.
pub async fn rescan(State(state): State<AppState>, session: Session, body: Bytes) -> PageResult {
    let form = checked_form(&session, &body)?;
    let version = form.text("version");
    let version = (!version.is_empty()).then_some(version);
    medcyber_core::jobs::queue_rescan(&state.store, &session.principal, version.as_deref())
        .await
        .map_err(fail(session.ui.lang))?;
    state.jobs_queued.notify_one();
    Ok(see_other("/jobs?queued=1"))
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    ui: Ui,
    users: Vec<User>,
    tokens: Vec<ApiToken>,
    roles: Vec<&'static str>,
    new_token: Option<accounts::NewToken>,
}

impl AccountPage {
    /// Whether the user may change `other` (not themselves, and no greater role).
    fn changeable(&self, other: &User) -> bool {
        self.ui.user.as_ref().is_some_and(|u| {
            u.email != other.email
                && Role::parse(&u.role).is_some_and(|own| accounts::may_grant(own, other.role))
        })
    }
}

/// The user's account: the organisation's users and tokens (administrators), and a form to
/// create an API token.
pub async fn account(State(state): State<AppState>, session: Session) -> PageResult {
    account_page(&state, session, None).await
}

async fn account_page(
    state: &AppState,
    session: Session,
    new_token: Option<accounts::NewToken>,
) -> PageResult {
    let lang = session.ui.lang;
    let admin = session.ui.user.as_ref().is_some_and(|u| u.can_admin);
    let (users, tokens) = if admin {
        (
            accounts::users(&state.store, &session.principal)
                .await
                .map_err(fail(lang))?,
            accounts::tokens(&state.store, &session.principal)
                .await
                .map_err(fail(lang))?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let own = session.principal.role;
    let roles = Role::ALL
        .iter()
        .filter(|r| accounts::may_grant(own, **r))
        .map(|r| r.as_str())
        .collect();
    page(&AccountPage {
        ui: session.ui.at("account"),
        users,
        tokens,
        roles,
        new_token,
    })
}

/// Creates an API token for the user; the page shows its secret once.
pub async fn create_token(
    State(state): State<AppState>,
    session: Session,
    body: Bytes,
) -> PageResult {
    let lang = session.ui.lang;
    let form = checked_form(&session, &body)?;
    let role = match form.text("role").as_str() {
        "" => None,
        r => Some(Role::parse(r).ok_or_else(|| {
            PageError::new(
                lang,
                StatusCode::BAD_REQUEST,
                format!("`{r}` is not a role"),
            )
        })?),
    };
    let days = match form.text("expires_days").as_str() {
        "" => None,
        d => Some(d.parse::<u32>().map_err(|_| {
            PageError::new(
                lang,
                StatusCode::BAD_REQUEST,
                format!("`{d}` is not a number of days"),
            )
        })?),
    };
    let new = accounts::create_own_token(&state.store, &session.principal, role, days)
        .await
        .map_err(fail(lang))?;
    let mut response = account_page(&state, session, Some(new)).await?;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// Adds a user to the organisation (administrators).
pub async fn create_user(
    State(state): State<AppState>,
    session: Session,
    body: Bytes,
) -> PageResult {
    let lang = session.ui.lang;
    let form = checked_form(&session, &body)?;
    let role = Role::parse(&form.text("role"))
        .ok_or_else(|| PageError::new(lang, StatusCode::BAD_REQUEST, "choose a role".to_owned()))?;
    accounts::add_user(
        &state.store,
        &session.principal,
        &form.text("email"),
        role,
        form.get("password").unwrap_or(""),
    )
    .await
    .map_err(fail(lang))?;
    Ok(see_other("/account"))
}

/// Changes a user's role, or disables or enables it (administrators).
pub async fn update_user(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let lang = session.ui.lang;
    let form = checked_form(&session, &body)?;
    let role = match form.text("role").as_str() {
        "" => None,
        r => Some(Role::parse(r).ok_or_else(|| {
            PageError::new(
                lang,
                StatusCode::BAD_REQUEST,
                format!("`{r}` is not a role"),
            )
        })?),
    };
    let disabled = match form.text("action").as_str() {
        "disable" => Some(true),
        "enable" => Some(false),
        _ => None,
    };
    accounts::update_user(&state.store, &session.principal, &id, role, disabled)
        .await
        .map_err(fail(lang))?;
    Ok(see_other("/account"))
}

/// Revokes a token of the organisation.
pub async fn revoke_token(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    checked_form(&session, &body)?;
    accounts::revoke_token(&state.store, &session.principal, &id)
        .await
        .map_err(fail(session.ui.lang))?;
    Ok(see_other("/account"))
}

#[derive(Template)]
#[template(path = "shared.html")]
struct SharedPage {
    ui: Ui,
    shared: Vec<sharing::SharedProduct>,
}

/// The products other organisations share with the user's.
pub async fn shared(State(state): State<AppState>, session: Session) -> PageResult {
    let shared = sharing::shared(&state.store, &session.principal)
        .await
        .map_err(fail(session.ui.lang))?;
    page(&SharedPage {
        ui: session.ui.at("shared"),
        shared,
    })
}

#[derive(Template)]
#[template(path = "shared_version.html")]
struct SharedVersionPage {
    ui: Ui,
    owner: String,
    product: String,
    version: String,
    version_id: String,
    rows: Vec<FindingRow>,
    total: u64,
    pager: Pager,
}

/// The findings of a version shared with the user's organisation, with the manufacturer's
/// analyses (when the manufacturer shares findings; 403 otherwise).
pub async fn shared_version(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Query(q): Query<OffsetQuery>,
) -> PageResult {
    let lang = session.ui.lang;
    let p = page_at(q.offset);
    let paged = sharing::shared_findings(
        &state.store,
        &session.principal,
        &id,
        &medcyber_store::FindingFilter::default(),
        medcyber_store::FindingSort::Severity,
        p,
    )
    .await
    .map_err(fail(lang))?;
    let shared = sharing::shared(&state.store, &session.principal)
        .await
        .map_err(fail(lang))?;
    let (owner, product, version) = shared
        .iter()
        .find_map(|s| {
            s.versions
                .iter()
                .find(|v| v.id == id)
                .map(|v| (s.owner.clone(), s.product.name.clone(), v.version.clone()))
        })
        .unwrap_or_default();
    let ui = session.ui.at("shared");
    let rows = paged.items.iter().map(|f| finding_row(&ui, f)).collect();
    page(&SharedVersionPage {
        pager: Pager::new(
            &format!("/shared/versions/{id}"),
            p.offset,
            paged.items.len(),
            paged.total,
        ),
        ui,
        owner,
        product,
        version,
        version_id: id,
        rows,
        total: paged.total,
    })
}

/// The current SBOM of a version shared with the user's organisation, as it was uploaded.
pub async fn shared_sbom(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> PageResult {
    let (record, content) = sharing::shared_sbom(&state.store, &session.principal, &id)
        .await
        .map_err(fail(session.ui.lang))?;
    let kind = crate::api::media_type(&content);
    let disposition = format!("attachment; filename=\"sbom-{}.txt\"", record.id);
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        content,
    )
        .into_response())
}

/// The style sheet.
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/products?x=1")), "/products?x=1");
        assert_eq!(local_path(Some("//evil.example/")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(Some("https://evil.example/")), "/");
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn forms_keep_repeated_fields() {
        let f = Form::parse(b"finding=a&finding=b&state=in_triage&detail=x+y%26z");
        assert_eq!(f.all("finding"), vec!["a", "b"]);
        assert_eq!(f.get("detail"), Some("x y&z"));
        assert!(!f.checked("all_versions"));
    }

    #[test]
    fn pager_links() {
        let p = Pager::new("/audit", 0, 100, 250);
        assert_eq!(p.prev, None);
        assert_eq!(p.next.as_deref(), Some("/audit?offset=100"));
        let p = Pager::new("/versions/x?state=exploitable", 200, 50, 250);
        assert_eq!(
            p.prev.as_deref(),
            Some("/versions/x?state=exploitable&offset=100")
        );
        assert_eq!(p.next, None);
        assert_eq!((p.from, p.to), (201, 250));
    }
}
