//! One error type for every handler, answered as RFC 9457 `application/problem+json`.
//!
//! | variant | status |
//! |---|---|
//! | [`CoreError::Unauthenticated`] | 401, with `WWW-Authenticate: Bearer` |
//! | [`CoreError::Forbidden`], with the refusal's `code` | 403 |
//! | [`CoreError::NotFound`] (also another organisation's object) | 404 |
//! | [`CoreError::Refused`] of kind `Taken` (a name in use) | 409, with the refusal's `code` |
//! | [`CoreError::Refused`] of kind `Invalid`, with its `code` | 400 |
//! | [`CoreError::Input`], a malformed JSON body or query | 400 |
//! | [`CoreError::InvalidDocument`] | 422, with every located problem in `errors` |
//! | [`CoreError::Throttled`] (too many failed logins) | 429 |
//! | anything else (the database) | 500: logged, never sent |

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use medcyber_core::CoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// A problem, as RFC 9457 describes it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem type (`about:blank`: the status says it all).
    #[serde(rename = "type")]
    pub kind: String,
    /// The status's reason phrase.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong, for people.
    pub detail: String,
    /// The refusal's stable code (`product-name-invalid`, `taken-product`, ...), when the
    /// request was refused for a reason the client can act on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Located problems of an invalid document (JSON pointer or line and column).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<serde_json::Value>,
}

/// A handler's error.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    detail: String,
    code: Option<&'static str>,
    errors: Vec<serde_json::Value>,
}

impl ApiError {
    /// An error with a status and a message for the client.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            detail: detail.into(),
            code: None,
            errors: Vec::new(),
        }
    }

    /// 400 Bad Request.
    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, detail)
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What went wrong, for people.
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> ApiError {
        let status = match &e {
            CoreError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            CoreError::Forbidden(_) => StatusCode::FORBIDDEN,
            CoreError::NotFound(_) => StatusCode::NOT_FOUND,
            CoreError::Refused(r) => match r.kind {
                medcyber_core::refusal::Kind::Taken => StatusCode::CONFLICT,
                medcyber_core::refusal::Kind::Invalid => StatusCode::BAD_REQUEST,
                medcyber_core::refusal::Kind::Denied => StatusCode::FORBIDDEN,
            },
            CoreError::Input(_) => StatusCode::BAD_REQUEST,
            CoreError::InvalidDocument { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            CoreError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            CoreError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %e, "request failed");
            return ApiError::new(
                status,
                "something went wrong; the server log has the details",
            );
        }
        let errors = match &e {
            CoreError::InvalidDocument { diagnostics, .. } => diagnostics
                .iter()
                .filter_map(|d| serde_json::to_value(d).ok())
                .collect(),
            _ => Vec::new(),
        };
        ApiError {
            status,
            detail: e.to_string(),
            code: match &e {
                CoreError::Refused(r) | CoreError::Forbidden(r) => Some(r.code),
                _ => None,
            },
            errors,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = Problem {
            kind: "about:blank".to_owned(),
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            detail: self.detail,
            code: self.code.map(str::to_owned),
            errors: self.errors,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"medcyber\""),
            );
        }
        response
    }
}
