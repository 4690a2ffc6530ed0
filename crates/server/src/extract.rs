//! Extractors: the authenticated principal, and JSON bodies and queries whose rejections are
//! problems like every other error.

use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::header;
use axum::http::request::Parts;
use medcyber_core::CoreError;
use medcyber_core::tenancy::Principal;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::ApiError;

/// The principal of a request with a valid `Authorization: Bearer <token>`; 401 otherwise.
#[derive(Clone, Debug)]
pub struct Auth(pub Principal);

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Auth, ApiError> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                ApiError::from(CoreError::Unauthenticated(
                    "an `Authorization: Bearer <token>` header is required".to_owned(),
                ))
            })?;
        let secret = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim)
            .ok_or_else(|| {
                ApiError::from(CoreError::Unauthenticated(
                    "the Authorization header must use the Bearer scheme".to_owned(),
                ))
            })?;
        let principal = medcyber_core::accounts::authenticate(&state.store, secret).await?;
        Ok(Auth(principal))
    }
}

/// A JSON body; a malformed one is a 400 problem, one that is not JSON a 415.
#[derive(Clone, Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<ApiJson<T>, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            // A body that is not JSON (wrong content type) is 415; a malformed one, or one whose
            // fields have the wrong types (axum's 422), is bad input: 400.
            Err(rejection)
                if rejection.status() == axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE =>
            {
                Err(ApiError::new(rejection.status(), rejection.body_text()))
            }
            Err(rejection) => Err(ApiError::bad_request(rejection.body_text())),
        }
    }
}

/// A query string; a malformed one is a 400 problem.
#[derive(Clone, Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned> FromRequestParts<AppState> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ApiQuery<T>, ApiError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(ApiError::bad_request(rejection.body_text())),
        }
    }
}
