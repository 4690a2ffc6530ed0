//! Logins of the web UI: sessions with a CSRF token, idle and absolute expiry, and throttling
//! of failed logins.
//!
//! - A session's secret (64 hex digits of the operating system's randomness) goes in an
//!   `HttpOnly` cookie; only its SHA-256 is stored. It expires [`SESSION_HOURS`] after login,
//!   or after [`IDLE_MINUTES`] without use.
//! - Each session has its own CSRF token, which every form posts back.
//! - After [`MAX_FAILURES`] failed logins for an e-mail address within [`WINDOW_MINUTES`],
//!   further attempts are refused without checking the password until the window has passed;
//!   the count is in the database, so every server of a deployment shares it. An unknown
//!   address costs the same password hashing as a known one (no user enumeration by timing).
//! - Logins and logouts are audit events.

use medcyber_store::Store;

use crate::CoreError;
use crate::accounts::{hex, token_hash, valid_email, verify_password};
use crate::audit::{self, Event};
use crate::tenancy::Principal;

/// Hours a session lives after login.
pub const SESSION_HOURS: i64 = 12;
/// Minutes of inactivity after which a session ends.
pub const IDLE_MINUTES: i64 = 120;
/// Failed logins allowed per e-mail address within the window.
pub const MAX_FAILURES: u64 = 5;
/// The throttling window, in minutes.
pub const WINDOW_MINUTES: i64 = 15;

/// A hash that no password matches, verified for unknown addresses so that they take as long
/// as known ones.
const DUMMY_PHC: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3u5vlm0l8aKhuIu+MTGuWMlrf2LeNbURg5fzBZyFkvI";

/// A session just opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSession {
    /// The cookie's secret (shown to the browser once).
    pub secret: String,
    /// The CSRF token.
    pub csrf: String,
    /// Who logged in.
    pub principal: Principal,
}

/// A live session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// Who it belongs to.
    pub principal: Principal,
    /// Its CSRF token.
    pub csrf: String,
}

/// A time as the store writes it (RFC 3339 UTC, seconds).
pub(crate) fn stamp(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The time `minutes` before `now`, as the store writes it.
pub fn minutes_ago(now: jiff::Timestamp, minutes: i64) -> String {
    stamp(
        now.checked_sub(jiff::SignedDuration::from_mins(minutes))
            .unwrap_or(now),
    )
}

fn random_hex() -> Result<String, CoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| CoreError::Input(format!("no randomness for a session: {e}")))?;
    Ok(hex(&bytes))
}

/// Logs a user in with their e-mail address and password.
pub async fn login(store: &Store, email: &str, password: &str) -> Result<NewSession, CoreError> {
    let wrong = || CoreError::Unauthenticated("wrong e-mail address or password".to_owned());
    let Ok(email) = valid_email(email) else {
        return Err(wrong());
    };
    let now = jiff::Timestamp::now();
    let window_start = minutes_ago(now, WINDOW_MINUTES);
    if store.login_failures(&email, &window_start).await? >= MAX_FAILURES {
        return Err(CoreError::Throttled(format!(
            "too many failed logins for this address; try again in {WINDOW_MINUTES} minutes"
        )));
    }
    let found = store.user_by_email(&email).await?;
    let phc = found
        .as_ref()
        .and_then(|(_, phc)| phc.clone())
        .unwrap_or_else(|| DUMMY_PHC.to_owned());
    let password = password.to_owned();
    // argon2 takes tens of milliseconds of CPU: off the async workers.
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .unwrap_or(false);
    let user = match found {
        Some((user, Some(_))) if matches && user.disabled.is_none() => user,
        _ => {
            store
                .record_login_failure(&email, &stamp(now), &minutes_ago(now, 24 * 60))
                .await?;
            return Err(wrong());
        }
    };
    store.clear_login_failures(&email).await?;
    let org = store
        .org(&user.org)
        .await?
        .ok_or_else(|| CoreError::NotFound("the organisation is gone".to_owned()))?;
    let secret = random_hex()?;
    let csrf = random_hex()?;
    let expires = stamp(
        now.checked_add(jiff::SignedDuration::from_hours(SESSION_HOURS))
            .unwrap_or(now),
    );
    let principal = Principal {
        user: user.id.clone(),
        email: user.email.clone(),
        org: user.org.clone(),
        org_kind: org.kind,
        role: user.role,
    };
    let mut change = store.change().await?;
    change
        .insert_session(&token_hash(&secret), &user.id, &csrf, &stamp(now), &expires)
        .await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&user.org),
            actor: &principal.actor(),
            action: "session.login",
            object_kind: "user",
            object_id: &user.id,
            before: None,
            after: Some(serde_json::json!({ "expires": expires })),
        },
    )
    .await?;
    change.commit().await?;
    Ok(NewSession {
        secret,
        csrf,
        principal,
    })
}

/// The live session of a cookie's secret; [`CoreError::Unauthenticated`] when it is unknown,
/// expired or idle too long.
pub async fn session(store: &Store, secret: &str) -> Result<Session, CoreError> {
    let gone = || CoreError::Unauthenticated("the session has ended; log in again".to_owned());
    if secret.len() != 64 || !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(gone());
    }
    let now = jiff::Timestamp::now();
    let hash = token_hash(secret);
    let owner = store.session(&hash, &stamp(now)).await?.ok_or_else(gone)?;
    if owner.last_seen < minutes_ago(now, IDLE_MINUTES) {
        return Err(gone());
    }
    // One write a minute at most per session.
    if owner.last_seen < minutes_ago(now, 1) {
        store.touch_session(&hash, &stamp(now)).await?;
    }
    Ok(Session {
        principal: Principal {
            user: owner.user.id,
            email: owner.user.email,
            org: owner.user.org,
            org_kind: owner.org_kind,
            role: owner.user.role,
        },
        csrf: owner.csrf,
    })
}

/// Ends a session (logging out); nothing happens for an unknown one.
pub async fn logout(store: &Store, secret: &str, principal: &Principal) -> Result<(), CoreError> {
    let mut change = store.change().await?;
    if change.delete_session(&token_hash(secret)).await?.is_some() {
        audit::record(
            &mut change,
            Event {
                org: Some(&principal.org),
                actor: &principal.actor(),
                action: "session.logout",
                object_kind: "user",
                object_id: &principal.user,
                before: None,
                after: None,
            },
        )
        .await?;
        change.commit().await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_valid_phc_string_no_password_matches() {
        assert!(argon2::password_hash::PasswordHash::new(DUMMY_PHC).is_ok());
        assert!(!verify_password("", DUMMY_PHC));
        assert!(!verify_password("password", DUMMY_PHC));
    }
}
