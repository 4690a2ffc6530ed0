//! Who is asking, for the web UI: the session cookie, the language, the CSRF token, and the
//! same-origin check on every form post.
//!
//! - `medcyber_session`: the session's secret; `HttpOnly`, `SameSite=Lax`, `Path=/`, and
//!   `Secure` unless the request came to a loopback address over plain HTTP (a browser keeps
//!   a `Secure` cookie only over HTTPS, and `medcyber demo` runs on `http://127.0.0.1`).
//! - `medcyber_lang`: `en` or `ja`, the user's choice; without it the browser's
//!   `Accept-Language` decides.
//! - Every `POST` must come from the same origin (`Origin` equal to the `Host`, and no
//!   `Sec-Fetch-Site: cross-site`), and every form of a logged-in page carries the session's
//!   CSRF token, compared in constant time.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use medcyber_core::sessions;
use medcyber_core::tenancy::Principal;

use super::i18n::Lang;
use super::view::{Ui, UiUser};
use crate::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "medcyber_session";
/// The language cookie's name.
pub const LANG_COOKIE: &str = "medcyber_lang";

/// The value of cookie `name` in a request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

/// The request's language: the cookie, else `Accept-Language`.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(Lang::from_tag)
        .unwrap_or_else(|| {
            Lang::negotiate(
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok()),
            )
        })
}

fn loopback_host(headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    matches!(name, "localhost" | "127.0.0.1" | "::1")
}

fn secure_attribute(headers: &HeaderMap) -> &'static str {
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    if https || !loopback_host(headers) {
        "; Secure"
    } else {
        ""
    }
}

/// `Set-Cookie` for a new session.
pub fn session_cookie(headers: &HeaderMap, secret: &str) -> HeaderValue {
    let value = format!(
        "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        sessions::SESSION_HOURS * 3600,
        secure_attribute(headers)
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_session_cookie(headers: &HeaderMap) -> HeaderValue {
    let value = format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        secure_attribute(headers)
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` for the language choice (a year).
pub fn lang_cookie(headers: &HeaderMap, lang: Lang) -> HeaderValue {
    let value = format!(
        "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000{}",
        lang.tag(),
        secure_attribute(headers)
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A logged-in request: the principal, the session's secret and the page context. Without a
/// live session the request is redirected to the login page (which returns to it).
#[derive(Clone, Debug)]
pub struct Session {
    /// Who is acting.
    pub principal: Principal,
    /// The session cookie's secret (for logout).
    pub secret: String,
    /// The page context (language, user, CSRF token).
    pub ui: Ui,
}

/// Where an unauthenticated page request is sent.
pub struct ToLogin(String);

impl IntoResponse for ToLogin {
    fn into_response(self) -> Response {
        Redirect::to(&self.0).into_response()
    }
}

/// `/login?next=<path>`, the path percent-encoded.
pub fn login_url(path_and_query: &str) -> String {
    let next: String = form_urlencoded::byte_serialize(path_and_query.as_bytes()).collect();
    format!("/login?next={next}")
}

impl FromRequestParts<AppState> for Session {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Session, Response> {
        let lang = lang_of(&parts.headers);
        let path = parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned();
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE).map(str::to_owned) else {
            return Err(ToLogin(login_url(&path)).into_response());
        };
        let live = match sessions::session(&state.store, &secret).await {
            Ok(live) => live,
            Err(medcyber_core::CoreError::Unauthenticated(_)) => {
                let mut response = ToLogin(login_url(&path)).into_response();
                response
                    .headers_mut()
                    .append(header::SET_COOKIE, clear_session_cookie(&parts.headers));
                return Err(response);
            }
            Err(e) => return Err(super::pages::PageError::core(lang, e).into_response()),
        };
        let org = match state.store.org(&live.principal.org).await {
            Ok(org) => org.map(|o| o.name).unwrap_or_default(),
            Err(e) => {
                return Err(super::pages::PageError::core(lang, e.into()).into_response());
            }
        };
        let ui = Ui {
            lang,
            csrf: live.csrf,
            user: Some(UiUser::of(&live.principal, org)),
            section: "",
            path,
        };
        Ok(Session {
            principal: live.principal,
            secret,
            ui,
        })
    }
}

/// A request that need not be logged in (the login page): the language and path only.
#[derive(Clone, Debug)]
pub struct Visitor(pub Ui);

impl FromRequestParts<AppState> for Visitor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &AppState,
    ) -> Result<Visitor, std::convert::Infallible> {
        Ok(Visitor(Ui {
            lang: lang_of(&parts.headers),
            csrf: String::new(),
            user: None,
            section: "",
            path: parts
                .uri
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned(),
        }))
    }
}

/// Whether a form's CSRF token is the session's (in constant time).
pub fn csrf_matches(expected: &str, given: Option<&str>) -> bool {
    let Some(given) = given else {
        return false;
    };
    if expected.is_empty() || expected.len() != given.len() {
        return false;
    }
    expected
        .bytes()
        .zip(given.bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// Refuses a state-changing request from another origin (403), before any handler runs.
pub async fn same_origin(request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let headers = request.headers();
        let cross_site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"));
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        let origin_ok = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            None => true,
            Some(origin) => {
                let origin_host = origin
                    .split_once("://")
                    .map_or(origin, |(_, rest)| rest)
                    .trim_end_matches('/');
                host.is_some_and(|h| h.eq_ignore_ascii_case(origin_host))
            }
        };
        if cross_site || !origin_ok {
            let lang = lang_of(headers);
            return super::pages::PageError::new(
                lang,
                StatusCode::FORBIDDEN,
                "a cross-origin form post is refused".to_owned(),
            )
            .into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; medcyber_lang=ja; medcyber_session=abc"),
        );
        assert_eq!(cookie(&headers, LANG_COOKIE), Some("ja"));
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, "b"), None);
        assert_eq!(lang_of(&headers), Lang::Ja);
    }

    #[test]
    fn secure_except_plain_http_on_loopback() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(
            !session_cookie(&headers, "s")
                .to_str()
                .unwrap_or("")
                .contains("Secure")
        );
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(
            session_cookie(&headers, "s")
                .to_str()
                .unwrap_or("")
                .contains("Secure")
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            header::HOST,
            HeaderValue::from_static("medcyber.example.jp"),
        );
        let value = session_cookie(&headers, "s");
        let value = value.to_str().unwrap_or("");
        assert!(value.contains("Secure") && value.contains("HttpOnly"));
        assert!(value.contains("SameSite=Lax"));
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("[::1]:8080"));
        assert!(loopback_host(&headers));
    }

    #[test]
    fn csrf_tokens_compare_exactly() {
        assert!(csrf_matches("abcd", Some("abcd")));
        assert!(!csrf_matches("abcd", Some("abce")));
        assert!(!csrf_matches("abcd", Some("abc")));
        assert!(!csrf_matches("abcd", None));
        assert!(!csrf_matches("", Some("")));
    }
}
