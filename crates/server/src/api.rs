//! The `/api/v1` handlers: extract, call `medcyber-core`, answer. Each is annotated for the
//! OpenAPI document, which is generated from these annotations and the router together.
//!
//! Lists take `limit` (1–500, default 50) and `offset`, and answer
//! `{"items": [...], "total": N, "limit": L, "offset": O}`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use medcyber_core::portfolio::UploadOptions;
use medcyber_core::{accounts, audit, portfolio, sharing};
use medcyber_model::analysis::{AnalysisState, Justification, Response as AnalysisResponse};
use medcyber_model::platform;
use medcyber_store::{FindingFilter, FindingSort, Page};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiQuery, Auth};

pub mod lifecycle;
pub mod risk;

type ApiResult<T> = Result<T, ApiError>;

/// A page request.
#[derive(Clone, Copy, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Rows to return (1–500, default 50).
    pub limit: Option<u32>,
    /// Rows to skip (default 0).
    pub offset: Option<u64>,
}

impl PageQuery {
    fn page(self) -> ApiResult<Page> {
        let limit = self.limit.unwrap_or(50);
        if !(1..=500).contains(&limit) {
            return Err(ApiError::bad_request("`limit` must be between 1 and 500"));
        }
        Ok(Page {
            limit,
            offset: self.offset.unwrap_or(0),
        })
    }
}

/// A page of a list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct List<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Rows in all.
    pub total: u64,
    /// The page size asked for.
    pub limit: u32,
    /// Rows skipped.
    pub offset: u64,
}

fn list<T, U: From<T>>(paged: medcyber_store::Paged<T>, page: Page) -> List<U> {
    List {
        items: paged.items.into_iter().map(U::from).collect(),
        total: paged.total,
        limit: page.limit,
        offset: page.offset,
    }
}

/// The id of a created object.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Created {
    /// Its id.
    pub id: String,
}

/// A product.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Product {
    /// Its id.
    pub id: String,
    /// Its name, unique in the organisation.
    pub name: String,
    /// When it was created (RFC 3339 UTC).
    pub created: String,
    /// How many versions it has.
    pub versions: u64,
}

impl From<platform::Product> for Product {
    fn from(p: platform::Product) -> Product {
        Product {
            id: p.id,
            name: p.name,
            created: p.created,
            versions: p.versions,
        }
    }
}

/// A product version.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Version {
    /// Its id.
    pub id: String,
    /// The product's id.
    pub product: String,
    /// The version string.
    pub version: String,
    /// When it was created.
    pub created: String,
    /// The current SBOM's id, once one is uploaded.
    pub sbom: Option<String>,
}

impl From<platform::ProductVersion> for Version {
    fn from(v: platform::ProductVersion) -> Version {
        Version {
            id: v.id,
            product: v.product,
            version: v.version,
            created: v.created,
            sbom: v.sbom,
        }
    }
}

/// A product with its versions.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProductDetail {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it was created.
    pub created: String,
    /// Its versions, oldest first.
    pub versions: Vec<Version>,
}

/// `POST /api/v1/products`.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewProduct {
    /// The product's name, unique in the organisation.
    pub name: String,
}

/// `POST /api/v1/products/{id}/versions`.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewVersion {
    /// The version string, unique in the product.
    pub version: String,
}

/// Creates a product in the caller's organisation.
#[utoipa::path(post, path = "/api/v1/products", tag = "portfolio", request_body = NewProduct,
    responses((status = 201, body = Created), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
pub async fn create_product(
    State(state): State<AppState>,
    Auth(principal): Auth,
    ApiJson(body): ApiJson<NewProduct>,
) -> ApiResult<(StatusCode, axum::Json<Created>)> {
    let product = portfolio::create_product(&state.store, &principal, &body.name).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: product.id })))
}

/// The caller's organisation's products, by name.
#[utoipa::path(get, path = "/api/v1/products", tag = "portfolio", params(PageQuery),
    responses((status = 200, body = List<Product>), (status = 401, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_products(
    State(state): State<AppState>,
    Auth(principal): Auth,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<axum::Json<List<Product>>> {
    let page = query.page()?;
    let paged = portfolio::products(&state.store, &principal, page).await?;
    Ok(axum::Json(list(paged, page)))
}

/// One product with its versions.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "portfolio",
    params(("id" = String, Path, description = "The product's id")),
    responses((status = 200, body = ProductDetail), (status = 401, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_product(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<ProductDetail>> {
    let detail = portfolio::product(&state.store, &principal, &id).await?;
    Ok(axum::Json(ProductDetail {
        id: detail.product.id,
        name: detail.product.name,
        created: detail.product.created,
        versions: detail.version_list.into_iter().map(Version::from).collect(),
    }))
}

/// Creates a version of a product.
#[utoipa::path(post, path = "/api/v1/products/{id}/versions", tag = "portfolio",
    params(("id" = String, Path, description = "The product's id")), request_body = NewVersion,
    responses((status = 201, body = Created), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
pub async fn create_version(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewVersion>,
) -> ApiResult<(StatusCode, axum::Json<Created>)> {
    let version = portfolio::create_version(&state.store, &principal, &id, &body.version).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: version.id })))
}

/// The versions of a product, oldest first.
#[utoipa::path(get, path = "/api/v1/products/{id}/versions", tag = "portfolio",
    params(("id" = String, Path, description = "The product's id")),
    responses((status = 200, body = Vec<Version>), (status = 401, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_versions(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<Vec<Version>>> {
    let detail = portfolio::product(&state.store, &principal, &id).await?;
    Ok(axum::Json(
        detail.version_list.into_iter().map(Version::from).collect(),
    ))
}

/// One product version.
#[utoipa::path(get, path = "/api/v1/versions/{id}", tag = "portfolio",
    params(("id" = String, Path, description = "The product version's id")),
    responses((status = 200, body = Version), (status = 401, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_version(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<Version>> {
    Ok(axum::Json(
        portfolio::version(&state.store, &principal, &id)
            .await?
            .into(),
    ))
}

/// How an SBOM upload is read.
#[derive(Clone, Copy, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// Store a document that fails its schema, with its problems listed (default: refuse it
    /// with 422 and every problem located).
    pub lenient: Option<bool>,
}

/// What an SBOM upload stored.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SbomUpload {
    /// The SBOM document's id.
    pub id: String,
    /// The product version.
    pub product_version: String,
    /// `CycloneDX` or `SPDX`.
    pub format: String,
    /// The specification version.
    pub spec_version: String,
    /// Components stored.
    pub components: usize,
    /// Findings against the advisory data.
    pub findings: usize,
    /// Findings by severity and `kev`.
    #[schema(value_type = Object)]
    pub summary: std::collections::BTreeMap<String, usize>,
    /// The regulatory profiles' quality scores (`ntia`, `imdrf`, `fda`, `bsi`).
    #[schema(value_type = Vec<Object>)]
    pub quality: Vec<portfolio::QualitySummary>,
    /// Schema problems of a document accepted leniently.
    #[schema(value_type = Vec<Object>)]
    pub diagnostics: Vec<medcyber_sbom::Diagnostic>,
}

/// Uploads the SBOM of a product version (CycloneDX 1.2–1.7 JSON or XML, SPDX 2.2/2.3 JSON,
/// YAML or tag-value, SPDX 3.0 JSON-LD; the format is detected from the content). The
/// document is validated, checked against the NTIA, IMDRF, FDA and BSI profiles and scanned;
/// it becomes the version's current SBOM and its findings replace the previous ones.
#[utoipa::path(post, path = "/api/v1/versions/{id}/sbom", tag = "portfolio",
    params(("id" = String, Path, description = "The product version's id"), UploadQuery),
    request_body(content = String, description = "The SBOM document", content_type = "application/octet-stream"),
    responses((status = 201, body = SbomUpload), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub async fn upload_sbom(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<UploadQuery>,
    body: Bytes,
) -> ApiResult<(StatusCode, axum::Json<SbomUpload>)> {
    let options = UploadOptions {
        lenient: query.lenient.unwrap_or(false),
    };
    let u = portfolio::upload_sbom(&state.store, &principal, &id, &body, options).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(SbomUpload {
            id: u.id,
            product_version: u.product_version,
            format: u.format,
            spec_version: u.spec_version,
            components: u.components,
            findings: u.findings,
            summary: u.summary,
            quality: u.quality,
            diagnostics: u.diagnostics,
        }),
    ))
}

/// The current SBOM of a version (its record and quality scores; `?download=true` answers the
/// uploaded document itself).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SbomInfo {
    /// Its id.
    pub id: String,
    /// `CycloneDX` or `SPDX`.
    pub format: String,
    /// The specification version.
    pub spec_version: String,
    /// BLAKE3 of the uploaded bytes.
    pub digest: String,
    /// When it was uploaded.
    pub uploaded: String,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// Components it lists.
    pub components: u64,
    /// The quality scores.
    #[schema(value_type = Vec<Object>)]
    pub quality: serde_json::Value,
}

/// `?download=true`.
#[derive(Clone, Copy, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DownloadQuery {
    /// Answer the uploaded document itself.
    pub download: Option<bool>,
}

/// The current SBOM of a product version.
#[utoipa::path(get, path = "/api/v1/versions/{id}/sbom", tag = "portfolio",
    params(("id" = String, Path, description = "The product version's id"), DownloadQuery),
    responses((status = 200, body = SbomInfo), (status = 401, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_sbom(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<DownloadQuery>,
) -> ApiResult<Response> {
    let record = portfolio::current_sbom(&state.store, &principal, &id).await?;
    if query.download.unwrap_or(false) {
        let content = state
            .store
            .sbom_content(&principal.org, &record.id)
            .await
            .map_err(medcyber_core::CoreError::from)?
            .unwrap_or_default();
        return Ok(document(content));
    }
    Ok(axum::Json(SbomInfo {
        quality: serde_json::from_str(&record.quality).unwrap_or(serde_json::Value::Null),
        id: record.id,
        format: record.format,
        spec_version: record.spec_version,
        digest: record.digest,
        uploaded: record.uploaded,
        uploaded_by: record.uploaded_by,
        components: record.components,
    })
    .into_response())
}

/// The components of a version's current SBOM, in document order (the SBOM model's
/// `Component`: bom_ref, name, version, purl, cpes, hashes, supplier, licences, support data).
#[utoipa::path(get, path = "/api/v1/versions/{id}/components", tag = "portfolio",
    params(("id" = String, Path, description = "The product version's id"), PageQuery),
    responses((status = 200, body = List<Object>), (status = 401, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_components(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<axum::Json<List<serde_json::Value>>> {
    let page = query.page()?;
    let paged = portfolio::components(&state.store, &principal, &id, page).await?;
    Ok(axum::Json(List {
        items: paged
            .items
            .iter()
            .filter_map(|c| serde_json::to_value(c).ok())
            .collect(),
        total: paged.total,
        limit: page.limit,
        offset: page.offset,
    }))
}

/// Which findings, in which order.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FindingsQuery {
    /// At least this severity: `none`, `low`, `medium`, `high`, `critical`.
    pub severity: Option<String>,
    /// Only findings in CISA's KEV catalog (`true`) or only the others (`false`).
    pub kev: Option<bool>,
    /// Only this vulnerability id.
    pub vulnerability: Option<String>,
    /// Only components whose name contains this text (case-insensitive).
    pub component: Option<String>,
    /// Only findings whose current analysis has this state (`unanalysed` for none).
    pub state: Option<String>,
    /// `severity` (KEV first, then most severe; the default), `vulnerability`, `component`,
    /// `epss` (highest first).
    pub sort: Option<String>,
    /// Rows to return (1–500, default 50).
    pub limit: Option<u32>,
    /// Rows to skip.
    pub offset: Option<u64>,
}

/// The findings of a product version: the `medcyber scan --format json` finding (component,
/// vulnerability, source, severity, kev, epss, fixed_versions, evidence, match_kind,
/// confidence) with its `id` and `product_version`.
#[utoipa::path(get, path = "/api/v1/versions/{id}/findings", tag = "portfolio",
    params(("id" = String, Path, description = "The product version's id"), FindingsQuery),
    responses((status = 200, body = List<Object>), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_findings(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<FindingsQuery>,
) -> ApiResult<axum::Json<List<medcyber_store::StoredFinding>>> {
    let (filter, sort, page) = query.resolve()?;
    let paged = portfolio::findings(&state.store, &principal, &id, &filter, sort, page).await?;
    Ok(axum::Json(findings_list(paged, page)))
}

/// A page of findings, serialised straight from the stored records.
fn findings_list(
    paged: medcyber_store::Paged<medcyber_store::StoredFinding>,
    page: Page,
) -> List<medcyber_store::StoredFinding> {
    list(paged, page)
}

impl FindingsQuery {
    /// The filter, order and page asked for.
    pub(crate) fn resolve(self) -> ApiResult<(FindingFilter, FindingSort, Page)> {
        let page = PageQuery {
            limit: self.limit,
            offset: self.offset,
        }
        .page()?;
        let min_severity = match self.severity.as_deref() {
            None => None,
            Some(s) => Some(
                s.parse::<medcyber_model::Severity>()
                    .map_err(|_| {
                        ApiError::bad_request(format!(
                            "`severity` must be none, low, medium, high or critical, not `{s}`"
                        ))
                    })
                    .map(|s| s as i64)?,
            ),
        };
        let sort = match self.sort.as_deref() {
            None | Some("severity") => FindingSort::Severity,
            Some("vulnerability") => FindingSort::Vulnerability,
            Some("component") => FindingSort::Component,
            Some("epss") => FindingSort::Epss,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "`sort` must be severity, vulnerability, component or epss, not `{other}`"
                )));
            }
        };
        if let Some(state) = self.state.as_deref()
            && state != medcyber_store::UNANALYSED
            && AnalysisState::parse(state).is_none()
        {
            return Err(ApiError::bad_request(format!(
                "`state` must be an analysis state or `unanalysed`, not `{state}`"
            )));
        }
        let filter = FindingFilter {
            min_severity,
            kev: self.kev,
            vulnerability: self.vulnerability,
            component: self.component,
            state: self.state,
        };
        Ok((filter, sort, page))
    }
}

/// `POST /api/v1/findings/{id}/analysis`: a triage decision in the CycloneDX vocabulary.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewAnalysis {
    /// `resolved`, `resolved_with_pedigree`, `exploitable`, `in_triage`, `false_positive` or
    /// `not_affected`.
    pub state: String,
    /// Required with `not_affected`: `code_not_present`, `code_not_reachable`,
    /// `requires_configuration`, `requires_dependency`, `requires_environment`,
    /// `protected_by_compiler`, `protected_at_runtime`, `protected_at_perimeter`,
    /// `protected_by_mitigating_control`.
    pub justification: Option<String>,
    /// Any of `can_not_fix`, `will_not_fix`, `update`, `rollback`, `workaround_available`.
    #[serde(default)]
    pub response: Vec<String>,
    /// The reasoning and evidence.
    #[serde(default)]
    pub detail: String,
    /// `version` (the finding's version only; the default) or `all_versions` (every version
    /// of the organisation with the same component and vulnerability, now and in future
    /// uploads).
    pub scope: Option<String>,
}

/// A recorded triage decision.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Analysis {
    /// Its id.
    pub id: String,
    /// The version it is for; none for every version.
    pub product_version: Option<String>,
    /// The component's identity (purl, else `name@version`).
    pub component: String,
    /// The vulnerability id.
    pub vulnerability: String,
    /// The state.
    pub state: String,
    /// The justification.
    pub justification: Option<String>,
    /// The responses.
    pub response: Vec<String>,
    /// The reasoning.
    pub detail: String,
    /// Who decided.
    pub author: String,
    /// When.
    pub at: String,
}

impl From<medcyber_model::analysis::Analysis> for Analysis {
    fn from(a: medcyber_model::analysis::Analysis) -> Analysis {
        Analysis {
            id: a.id,
            product_version: a.product_version,
            component: a.component,
            vulnerability: a.vulnerability,
            state: a.state.as_str().to_owned(),
            justification: a.justification.map(|j| j.as_str().to_owned()),
            response: a.response.iter().map(|r| r.as_str().to_owned()).collect(),
            detail: a.detail,
            author: a.author,
            at: a.at,
        }
    }
}

/// Records a triage decision on a finding (it becomes the finding's current analysis; the
/// previous ones stay in its history).
#[utoipa::path(post, path = "/api/v1/findings/{id}/analysis", tag = "portfolio",
    params(("id" = String, Path, description = "The finding's id")), request_body = NewAnalysis,
    responses((status = 201, body = Analysis), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn create_analysis(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewAnalysis>,
) -> ApiResult<(StatusCode, axum::Json<Analysis>)> {
    let decision = portfolio::NewAnalysis {
        state: AnalysisState::parse(&body.state)
            .ok_or_else(|| ApiError::bad_request(format!("unknown state `{}`", body.state)))?,
        justification: match body.justification.as_deref() {
            None => None,
            Some(j) => Some(
                Justification::parse(j)
                    .ok_or_else(|| ApiError::bad_request(format!("unknown justification `{j}`")))?,
            ),
        },
        response: body
            .response
            .iter()
            .map(|r| {
                AnalysisResponse::parse(r)
                    .ok_or_else(|| ApiError::bad_request(format!("unknown response `{r}`")))
            })
            .collect::<ApiResult<Vec<_>>>()?,
        detail: body.detail,
        all_versions: match body.scope.as_deref() {
            None | Some("version") => false,
            Some("all_versions") => true,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "`scope` must be version or all_versions, not `{other}`"
                )));
            }
        },
    };
    let analysis = portfolio::analyse(&state.store, &principal, &id, decision).await?;
    Ok((StatusCode::CREATED, axum::Json(analysis.into())))
}

/// The decisions that apply to a finding, newest first (the first is current).
#[utoipa::path(get, path = "/api/v1/findings/{id}/analysis", tag = "portfolio",
    params(("id" = String, Path, description = "The finding's id")),
    responses((status = 200, body = Vec<Analysis>), (status = 401, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_analyses(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<Vec<Analysis>>> {
    let history = portfolio::analysis_history(&state.store, &principal, &id).await?;
    Ok(axum::Json(
        history.into_iter().map(Analysis::from).collect(),
    ))
}

/// A sharing grant.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Grant {
    /// Its id.
    pub id: String,
    /// The organisation granted access (id).
    pub grantee: String,
    /// The product shared.
    pub product: String,
    /// Whether findings and analyses are shared.
    pub share_findings: bool,
    /// When.
    pub created: String,
    /// Who granted it.
    pub created_by: String,
}

impl From<platform::ShareGrant> for Grant {
    fn from(g: platform::ShareGrant) -> Grant {
        Grant {
            id: g.id,
            grantee: g.grantee,
            product: g.product,
            share_findings: g.share_findings,
            created: g.created,
            created_by: g.created_by,
        }
    }
}

/// `POST /api/v1/grants`.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewGrant {
    /// The customer organisation's name.
    pub grantee: String,
    /// The product's id.
    pub product: String,
    /// Share its findings with their analyses too (default false).
    #[serde(default)]
    pub share_findings: bool,
}

/// Grants a customer organisation read access to a product (administrators).
#[utoipa::path(post, path = "/api/v1/grants", tag = "sharing", request_body = NewGrant,
    responses((status = 201, body = Grant), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
pub async fn create_grant(
    State(state): State<AppState>,
    Auth(principal): Auth,
    ApiJson(body): ApiJson<NewGrant>,
) -> ApiResult<(StatusCode, axum::Json<Grant>)> {
    let grant = sharing::grant(
        &state.store,
        &principal,
        &body.grantee,
        &body.product,
        body.share_findings,
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(grant.into())))
}

/// The grants the caller's organisation has made (administrators).
#[utoipa::path(get, path = "/api/v1/grants", tag = "sharing",
    responses((status = 200, body = Vec<Grant>), (status = 401, body = Problem),
        (status = 403, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_grants(
    State(state): State<AppState>,
    Auth(principal): Auth,
) -> ApiResult<axum::Json<Vec<Grant>>> {
    let grants = sharing::grants(&state.store, &principal).await?;
    Ok(axum::Json(grants.into_iter().map(Grant::from).collect()))
}

/// Withdraws a grant (administrators).
#[utoipa::path(delete, path = "/api/v1/grants/{id}", tag = "sharing",
    params(("id" = String, Path, description = "The grant's id")),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn revoke_grant(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    sharing::revoke(&state.store, &principal, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A product shared with the caller's organisation.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SharedProduct {
    /// The product.
    pub product: Product,
    /// The manufacturer's name.
    pub owner: String,
    /// Whether findings are shared.
    pub share_findings: bool,
    /// Its versions.
    pub versions: Vec<Version>,
}

/// The products other organisations share with the caller's organisation.
#[utoipa::path(get, path = "/api/v1/shared", tag = "sharing",
    responses((status = 200, body = Vec<SharedProduct>), (status = 401, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_shared(
    State(state): State<AppState>,
    Auth(principal): Auth,
) -> ApiResult<axum::Json<Vec<SharedProduct>>> {
    let shared = sharing::shared(&state.store, &principal).await?;
    Ok(axum::Json(
        shared
            .into_iter()
            .map(|s| SharedProduct {
                product: s.product.into(),
                owner: s.owner,
                share_findings: s.share_findings,
                versions: s.versions.into_iter().map(Version::from).collect(),
            })
            .collect(),
    ))
}

/// The SBOM document of a shared product version, as the manufacturer uploaded it.
#[utoipa::path(get, path = "/api/v1/shared/versions/{id}/sbom", tag = "sharing",
    params(("id" = String, Path, description = "The product version's id")),
    responses((status = 200, body = String), (status = 401, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_shared_sbom(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (_, content) = sharing::shared_sbom(&state.store, &principal, &id).await?;
    Ok(document(content))
}

/// The findings of a shared product version with the manufacturer's analyses (when it
/// shares them; 403 otherwise).
#[utoipa::path(get, path = "/api/v1/shared/versions/{id}/findings", tag = "sharing",
    params(("id" = String, Path, description = "The product version's id"), FindingsQuery),
    responses((status = 200, body = List<Object>), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_shared_findings(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<FindingsQuery>,
) -> ApiResult<axum::Json<List<medcyber_store::StoredFinding>>> {
    let (filter, sort, page) = query.resolve()?;
    let paged =
        sharing::shared_findings(&state.store, &principal, &id, &filter, sort, page).await?;
    Ok(axum::Json(findings_list(paged, page)))
}

/// The media type of an SBOM document's text (XML, JSON, else text: tag-value, YAML).
pub(crate) fn media_type(content: &str) -> &'static str {
    if content.trim_start().starts_with('<') {
        "application/xml"
    } else if content.trim_start().starts_with('{') {
        "application/json"
    } else {
        "text/plain; charset=utf-8"
    }
}

/// An SBOM document's text with its media type.
fn document(content: String) -> Response {
    let kind = media_type(&content);
    ([(axum::http::header::CONTENT_TYPE, kind)], content).into_response()
}

/// Every source's record of a vulnerability, by its id or any alias (CVE, GHSA, ICSMA, ...):
/// each with its severities (CVSS vectors with their assessor), affected packages, products or
/// configurations, references and dates.
#[utoipa::path(get, path = "/api/v1/vulnerabilities/{id}", tag = "vulnerabilities",
    params(("id" = String, Path, description = "A vulnerability id or alias")),
    responses((status = 200, body = Vec<Object>), (status = 401, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_vulnerability(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<Vec<serde_json::Value>>> {
    let records = portfolio::vulnerability(&state.store, &principal, &id).await?;
    Ok(axum::Json(
        records
            .iter()
            .filter_map(|a| serde_json::to_value(a).ok())
            .collect(),
    ))
}

/// An organisation.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Org {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `manufacturer`, `hospital` or `sharing`.
    pub kind: String,
    /// When it was created.
    pub created: String,
}

/// The caller's organisation.
#[utoipa::path(get, path = "/api/v1/org", tag = "accounts",
    responses((status = 200, body = Org), (status = 401, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_org(
    State(state): State<AppState>,
    Auth(principal): Auth,
) -> ApiResult<axum::Json<Org>> {
    let org = accounts::own_org(&state.store, &principal).await?;
    Ok(axum::Json(Org {
        id: org.id,
        name: org.name,
        kind: org.kind.as_str().to_owned(),
        created: org.created,
    }))
}

/// A user.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct User {
    /// Its id.
    pub id: String,
    /// The login e-mail address.
    pub email: String,
    /// `owner`, `admin`, `security_engineer`, `auditor` or `viewer`.
    pub role: String,
    /// When it was created.
    pub created: String,
    /// When it was disabled, if it was.
    pub disabled: Option<String>,
}

impl From<platform::User> for User {
    fn from(u: platform::User) -> User {
        User {
            id: u.id,
            email: u.email,
            role: u.role.as_str().to_owned(),
            created: u.created,
            disabled: u.disabled,
        }
    }
}

/// `POST /api/v1/users`.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewUser {
    /// The login e-mail address (unique across the platform).
    pub email: String,
    /// The role: no greater than the caller's.
    pub role: String,
    /// The initial password (at least 12 characters).
    pub password: String,
}

/// `PATCH /api/v1/users/{id}`.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct UserChange {
    /// A new role (no greater than the caller's).
    pub role: Option<String>,
    /// `true` disables the user (no login; its tokens and sessions stop working), `false`
    /// enables it again.
    pub disabled: Option<bool>,
}

fn role_named(name: &str) -> ApiResult<platform::Role> {
    platform::Role::parse(name).ok_or_else(|| {
        ApiError::bad_request(format!(
            "`{name}` is not a role (owner, admin, security_engineer, auditor, viewer)"
        ))
    })
}

/// Adds a user to the caller's organisation (administrators).
#[utoipa::path(post, path = "/api/v1/users", tag = "accounts", request_body = NewUser,
    responses((status = 201, body = User), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 409, body = Problem)),
    security(("bearer" = [])))]
pub async fn create_user(
    State(state): State<AppState>,
    Auth(principal): Auth,
    ApiJson(body): ApiJson<NewUser>,
) -> ApiResult<(StatusCode, axum::Json<User>)> {
    let role = role_named(&body.role)?;
    let user =
        accounts::add_user(&state.store, &principal, &body.email, role, &body.password).await?;
    Ok((StatusCode::CREATED, axum::Json(user.into())))
}

/// Changes a user's role or disables it (administrators; not oneself).
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "accounts", request_body = UserChange,
    params(("id" = String, Path, description = "The user's id")),
    responses((status = 200, body = User), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn update_user(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UserChange>,
) -> ApiResult<axum::Json<User>> {
    let role = body.role.as_deref().map(role_named).transpose()?;
    let user = accounts::update_user(&state.store, &principal, &id, role, body.disabled).await?;
    Ok(axum::Json(user.into()))
}

/// The users of the caller's organisation (administrators).
#[utoipa::path(get, path = "/api/v1/users", tag = "accounts",
    responses((status = 200, body = Vec<User>), (status = 401, body = Problem),
        (status = 403, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_users(
    State(state): State<AppState>,
    Auth(principal): Auth,
) -> ApiResult<axum::Json<Vec<User>>> {
    let users = accounts::users(&state.store, &principal).await?;
    Ok(axum::Json(users.into_iter().map(User::from).collect()))
}

/// An API token's public part.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Token {
    /// Its id.
    pub id: String,
    /// The user it acts for.
    pub user: String,
    /// The role it carries.
    pub role: String,
    /// When it was created.
    pub created: String,
    /// When it expires, if ever.
    pub expires: Option<String>,
    /// When it was revoked, if it was.
    pub revoked: Option<String>,
}

impl From<platform::ApiToken> for Token {
    fn from(t: platform::ApiToken) -> Token {
        Token {
            id: t.id,
            user: t.user,
            role: t.role.as_str().to_owned(),
            created: t.created,
            expires: t.expires,
            revoked: t.revoked,
        }
    }
}

/// `POST /api/v1/tokens`.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewToken {
    /// The role the token carries: the caller's own (default) or one that permits less.
    pub role: Option<String>,
    /// Days until it expires (1–3650; default: never).
    pub expires_days: Option<u32>,
}

/// A new token: the secret is shown this once.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// The token's id.
    pub id: String,
    /// The secret, for `Authorization: Bearer <token>`.
    pub token: String,
    /// When it expires, if ever.
    pub expires: Option<String>,
}

/// The tokens of the caller's organisation (administrators; public parts only).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts",
    responses((status = 200, body = Vec<Token>), (status = 401, body = Problem),
        (status = 403, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_tokens(
    State(state): State<AppState>,
    Auth(principal): Auth,
) -> ApiResult<axum::Json<Vec<Token>>> {
    let tokens = accounts::tokens(&state.store, &principal).await?;
    Ok(axum::Json(tokens.into_iter().map(Token::from).collect()))
}

/// Creates a token for the caller's own user.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
pub async fn create_token(
    State(state): State<AppState>,
    Auth(principal): Auth,
    ApiJson(body): ApiJson<NewToken>,
) -> ApiResult<(StatusCode, axum::Json<CreatedToken>)> {
    let role = match body.role.as_deref() {
        None => None,
        Some(r) => Some(
            platform::Role::parse(r)
                .ok_or_else(|| ApiError::bad_request(format!("unknown role `{r}`")))?,
        ),
    };
    let new = accounts::create_own_token(&state.store, &principal, role, body.expires_days).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(CreatedToken {
            id: new.token.id,
            token: new.secret,
            expires: new.token.expires,
        }),
    ))
}

/// Revokes a token of the caller's organisation (administrators).
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts",
    params(("id" = String, Path, description = "The token's id")),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn revoke_token(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    accounts::revoke_token(&state.store, &principal, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An audit event.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditEvent {
    /// Its position in the chain.
    pub seq: i64,
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What (`product.create`, `sbom.upload`, ...).
    pub action: String,
    /// The kind of object.
    pub object_kind: String,
    /// Its id.
    pub object_id: String,
    /// The object before (JSON text).
    pub before: Option<String>,
    /// The object after (JSON text).
    pub after: Option<String>,
    /// This event's hash (SHA-256 over it and the previous event's hash).
    pub hash: String,
}

impl From<medcyber_store::AuditRow> for AuditEvent {
    fn from(r: medcyber_store::AuditRow) -> AuditEvent {
        AuditEvent {
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            action: r.action,
            object_kind: r.object_kind,
            object_id: r.object_id,
            before: r.before,
            after: r.after,
            hash: r.hash,
        }
    }
}

/// The caller's organisation's audit log, newest first (owners, administrators, auditors).
#[utoipa::path(get, path = "/api/v1/audit", tag = "accounts", params(PageQuery),
    responses((status = 200, body = List<AuditEvent>), (status = 401, body = Problem),
        (status = 403, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_audit(
    State(state): State<AppState>,
    Auth(principal): Auth,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<axum::Json<List<AuditEvent>>> {
    let page = query.page()?;
    let paged = audit::events(&state.store, &principal, page).await?;
    Ok(axum::Json(list(paged, page)))
}

/// A background job.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct JobView {
    /// Its id.
    pub id: String,
    /// What it does: `import` (a feed) or `rescan` (stored SBOMs matched again).
    pub kind: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    /// Its parameters: an import's `{"source", "path"?, "file"?}`, a re-scan's
    /// `{"version"?, "after_import"?}` (every version when `version` is absent; the import job
    /// that queued it).
    #[schema(value_type = Object)]
    pub input: serde_json::Value,
    /// When it was queued, and by whom.
    pub created: String,
    /// Who queued it.
    pub created_by: String,
    /// When a worker took it.
    pub started: Option<String>,
    /// When it finished.
    pub finished: Option<String>,
    /// The worker (host:process:number).
    pub worker: Option<String>,
    /// How many times a worker took it.
    pub attempts: i64,
    /// Once done: an import's report (`source`, `counts`, `errors`), a re-scan's (`versions`,
    /// `changed`, `findings`, `new`, `resolved`, `updated`, `errors`).
    #[schema(value_type = Option<Object>)]
    pub result: Option<serde_json::Value>,
    /// Why it failed.
    pub error: Option<String>,
}

impl From<medcyber_store::Job> for JobView {
    fn from(j: medcyber_store::Job) -> JobView {
        JobView {
            input: serde_json::from_str(&j.input).unwrap_or(serde_json::Value::Null),
            result: j
                .result
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok()),
            id: j.id,
            kind: j.kind,
            status: j.status,
            created: j.created,
            created_by: j.created_by,
            started: j.started,
            finished: j.finished,
            worker: j.worker,
            attempts: j.attempts,
            error: j.error,
        }
    }
}

/// Which feed to import, and from where.
#[derive(Clone, Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `osv`, `nvd`, `cve5`, `csaf`, `kev` or `epss`.
    pub source: String,
    /// A file or directory under the server's `--import-dir` (the body is then empty).
    pub path: Option<String>,
    /// The uploaded file's name; its extension tells the format (`all.zip`, `kev.csv`,
    /// `epss.csv.gz`, ...). Default: `<source>.json`.
    pub name: Option<String>,
}

/// Queues a feed import (administrators): the feed file as the body, or `path` under the
/// server's import directory. 202 with the job; a worker of any server on the database runs it.
#[utoipa::path(post, path = "/api/v1/imports", tag = "jobs", params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "The feed file (empty with `path`)"),
    responses((status = 202, body = JobView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn queue_import(
    State(state): State<AppState>,
    Auth(principal): Auth,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: Bytes,
) -> ApiResult<(StatusCode, axum::Json<JobView>)> {
    let default_name = format!("{}.json", query.source);
    let data = match &query.path {
        Some(path) => {
            if !body.is_empty() {
                return Err(ApiError::bad_request(
                    "give either a body or `path`, not both",
                ));
            }
            medcyber_core::jobs::ImportData::Path(path)
        }
        None => medcyber_core::jobs::ImportData::Upload(
            &body,
            query.name.as_deref().unwrap_or(&default_name),
        ),
    };
    let job = medcyber_core::jobs::queue_import(
        &state.store,
        &principal,
        &query.source,
        data,
        state.import_dir.as_deref(),
    )
    .await?;
    state.jobs_queued.notify_one();
    Ok((StatusCode::ACCEPTED, axum::Json(job.into())))
}

/// `POST /api/v1/rescans`.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRescan {
    /// A product version of the caller's organisation; every version with an SBOM when absent.
    #[serde(default)]
    pub version: Option<String>,
}

/// Queues a re-scan (security engineers and up): the stored SBOM of one version, or of every
/// version, matched again against today's advisory data; findings that stay keep their ids and
/// analyses. 202 with the job. Every import that changes advisory data queues one for each
/// organisation by itself.
#[utoipa::path(post, path = "/api/v1/rescans", tag = "jobs", request_body = NewRescan,
    responses((status = 202, body = JobView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn queue_rescan(
    State(state): State<AppState>,
    Auth(principal): Auth,
    ApiJson(body): ApiJson<NewRescan>,
) -> ApiResult<(StatusCode, axum::Json<JobView>)> {
    let job = medcyber_core::jobs::queue_rescan(&state.store, &principal, body.version.as_deref())
        .await?;
    state.jobs_queued.notify_one();
    Ok((StatusCode::ACCEPTED, axum::Json(job.into())))
}

/// The jobs of the caller's organisation, newest first.
#[utoipa::path(get, path = "/api/v1/jobs", tag = "jobs", params(PageQuery),
    responses((status = 200, body = List<JobView>), (status = 400, body = Problem),
        (status = 401, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_jobs(
    State(state): State<AppState>,
    Auth(principal): Auth,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<axum::Json<List<JobView>>> {
    let page = query.page()?;
    let paged = medcyber_core::jobs::jobs(&state.store, &principal, page).await?;
    Ok(axum::Json(list(paged, page)))
}

/// One job of the caller's organisation.
#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "jobs",
    params(("id" = String, Path, description = "The job's id")),
    responses((status = 200, body = JobView), (status = 401, body = Problem),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_job(
    State(state): State<AppState>,
    Auth(principal): Auth,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<JobView>> {
    Ok(axum::Json(
        medcyber_core::jobs::job(&state.store, &principal, &id)
            .await?
            .into(),
    ))
}
