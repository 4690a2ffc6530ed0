//! Organisations, users and API tokens: creating them (the admin CLI and the API) and turning a
//! bearer token into a [`Principal`].
//!
//! Passwords are stored as argon2id PHC strings (m = 19 MiB, t = 2, p = 1, the OWASP setting).
//! A token is `mcy_` followed by 64 hex digits of the operating system's randomness; only its
//! SHA-256 is stored, so a stolen database yields no usable token, and the secret is shown once.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use medcyber_model::platform::{ApiToken, Org, OrgKind, Role, User};
use medcyber_store::Store;
use sha2::{Digest, Sha256};

use crate::CoreError;
use crate::audit::{self, Event, snapshot};
use crate::refusal::Refusal;
use crate::tenancy::{Action, Principal};

/// The prefix of every API token (so that secret scanners can recognise one).
pub const TOKEN_PREFIX: &str = "mcy_";

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 12;

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The stored hash of a token secret.
pub fn token_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Hashes a password with argon2id.
pub fn hash_password(password: &str) -> Result<String, CoreError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| CoreError::Input(format!("no randomness for a salt: {e}")))?;
    let salt = SaltString::encode_b64(&bytes)
        .map_err(|e| CoreError::Input(format!("cannot encode a salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::Input(format!("cannot hash the password: {e}")))
}

/// Whether `password` matches a stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

pub(crate) fn valid_email(email: &str) -> Result<String, CoreError> {
    let email = email.trim().to_lowercase();
    let ok = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@')
        })
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(email)
    } else {
        Err(CoreError::Refused(Refusal::new(
            "email-invalid",
            &[("email", &email)],
        )))
    }
}

/// Creates an organisation (the admin CLI; `actor` names the operator).
pub async fn create_org(
    store: &Store,
    name: &str,
    kind: OrgKind,
    actor: &str,
) -> Result<Org, CoreError> {
    let org = Org {
        id: new_id(),
        name: crate::refusal::name("org-name-invalid", name).map_err(CoreError::Refused)?,
        kind,
        created: medcyber_store::now(),
    };
    let mut change = store.change().await?;
    change.insert_org(&org).await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&org.id),
            actor,
            action: "org.create",
            object_kind: "org",
            object_id: &org.id,
            before: None,
            after: snapshot(&org),
        },
    )
    .await?;
    change.commit().await?;
    Ok(org)
}

/// Creates a user of the organisation named `org_name` with a password (the admin CLI).
pub async fn create_user(
    store: &Store,
    org_name: &str,
    email: &str,
    role: Role,
    password: &str,
    actor: &str,
) -> Result<User, CoreError> {
    let org = store
        .org_by_name(org_name)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("no organisation is named `{org_name}`")))?;
    new_user(store, &org.id, email, role, password, actor).await
}

/// Checks and stores a new user of organisation `org` with a password, with its audit event
/// (the admin CLI and administrators through the API and UI).
async fn new_user(
    store: &Store,
    org: &str,
    email: &str,
    role: Role,
    password: &str,
    actor: &str,
) -> Result<User, CoreError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(CoreError::Refused(Refusal::new(
            "password-short",
            &[("min", &MIN_PASSWORD.to_string())],
        )));
    }
    let user = User {
        id: new_id(),
        org: org.to_owned(),
        email: valid_email(email)?,
        role,
        created: medcyber_store::now(),
        disabled: None,
    };
    // argon2 takes tens of milliseconds of CPU: off the async workers.
    let password = password.to_owned();
    let phc = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| CoreError::Input(format!("cannot hash the password: {e}")))??;
    let mut change = store.change().await?;
    change.insert_user(&user, Some(&phc)).await?;
    audit::record(
        &mut change,
        Event {
            org: Some(org),
            actor,
            action: "user.create",
            object_kind: "user",
            object_id: &user.id,
            before: None,
            after: snapshot(&user),
        },
    )
    .await?;
    change.commit().await?;
    Ok(user)
}

/// A new token: its public part and the secret, shown once.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NewToken {
    /// The public part.
    pub token: ApiToken,
    /// The secret to send as `Authorization: Bearer <secret>`.
    pub secret: String,
}

fn expiry(days: Option<u32>) -> Result<Option<String>, CoreError> {
    let Some(days) = days else {
        return Ok(None);
    };
    if days == 0 || days > 3650 {
        return Err(CoreError::Refused(Refusal::new("token-expiry", &[])));
    }
    let at = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(24 * i64::from(days)))
        .map_err(|e| CoreError::Input(e.to_string()))?;
    Ok(Some(at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()))
}

async fn issue_token(
    store: &Store,
    user: &User,
    role: Role,
    expires_days: Option<u32>,
    actor: &str,
) -> Result<NewToken, CoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| CoreError::Input(format!("no randomness for a token: {e}")))?;
    let secret = format!("{TOKEN_PREFIX}{}", hex(&bytes));
    let token = ApiToken {
        id: new_id(),
        user: user.id.clone(),
        org: user.org.clone(),
        role,
        created: medcyber_store::now(),
        expires: expiry(expires_days)?,
        revoked: None,
    };
    let mut change = store.change().await?;
    change.insert_token(&token, &token_hash(&secret)).await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&user.org),
            actor,
            action: "token.create",
            object_kind: "token",
            object_id: &token.id,
            before: None,
            after: snapshot(&token),
        },
    )
    .await?;
    change.commit().await?;
    Ok(NewToken { token, secret })
}

/// Creates an API token for the user with `email`, with the user's role (the admin CLI).
pub async fn create_token(
    store: &Store,
    email: &str,
    expires_days: Option<u32>,
    actor: &str,
) -> Result<NewToken, CoreError> {
    let email = valid_email(email)?;
    let (user, _) = store
        .user_by_email(&email)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("no user has the e-mail address `{email}`")))?;
    let role = user.role;
    issue_token(store, &user, role, expires_days, actor).await
}

/// Creates a token for the principal's own user, with the principal's role or a lesser one
/// (the API).
pub async fn create_own_token(
    store: &Store,
    principal: &Principal,
    role: Option<Role>,
    expires_days: Option<u32>,
) -> Result<NewToken, CoreError> {
    principal.require(Action::Read)?;
    let role = role.unwrap_or(principal.role);
    // A token carries the principal's role or one that permits a subset of it.
    if !may_grant(principal.role, role) {
        return Err(CoreError::Forbidden(Refusal::new(
            "token-role-denied",
            &[("role", role.as_str()), ("own", principal.role.as_str())],
        )));
    }
    let user = User {
        id: principal.user.clone(),
        org: principal.org.clone(),
        email: principal.email.clone(),
        role: principal.role,
        created: String::new(),
        disabled: None,
    };
    issue_token(store, &user, role, expires_days, &principal.actor()).await
}

/// The public parts of the principal's organisation's tokens.
pub async fn tokens(store: &Store, principal: &Principal) -> Result<Vec<ApiToken>, CoreError> {
    principal.require(Action::Administer)?;
    Ok(store.tokens(&principal.org).await?)
}

/// Revokes a token of the principal's organisation.
pub async fn revoke_token(store: &Store, principal: &Principal, id: &str) -> Result<(), CoreError> {
    principal.require(Action::Administer)?;
    let mut change = store.change().await?;
    let at = medcyber_store::now();
    if !change.revoke_token(&principal.org, id, &at).await? {
        return Err(CoreError::NotFound(format!("no active token `{id}`")));
    }
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "token.revoke",
            object_kind: "token",
            object_id: id,
            before: None,
            after: Some(serde_json::json!({ "revoked": at })),
        },
    )
    .await?;
    change.commit().await?;
    Ok(())
}

/// Whether a principal with role `own` may give `role` (to a token or a user): one that
/// permits a subset of what `own` permits, and `owner` only by an owner.
pub fn may_grant(own: Role, role: Role) -> bool {
    let rank = |r: Role| Role::ALL.iter().position(|x| *x == r).unwrap_or(usize::MAX);
    let subset = crate::tenancy::Action::ALL
        .iter()
        .all(|a| !crate::tenancy::permits(role, *a) || crate::tenancy::permits(own, *a));
    subset && rank(role) >= rank(own)
}

/// Adds a user with a password to the principal's organisation (administrators; a role no
/// greater than the principal's).
pub async fn add_user(
    store: &Store,
    principal: &Principal,
    email: &str,
    role: Role,
    password: &str,
) -> Result<User, CoreError> {
    principal.require(Action::Administer)?;
    if !may_grant(principal.role, role) {
        return Err(CoreError::Forbidden(Refusal::new(
            "user-role-denied",
            &[("own", principal.role.as_str()), ("role", role.as_str())],
        )));
    }
    new_user(
        store,
        &principal.org,
        email,
        role,
        password,
        &principal.actor(),
    )
    .await
}

/// Changes a user of the principal's organisation: its role, and whether it is disabled
/// (administrators; not oneself, and not an owner unless the principal is one).
pub async fn update_user(
    store: &Store,
    principal: &Principal,
    id: &str,
    role: Option<Role>,
    disabled: Option<bool>,
) -> Result<User, CoreError> {
    principal.require(Action::Administer)?;
    let before = store
        .user(&principal.org, id)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("no user `{id}`")))?;
    if before.id == principal.user {
        return Err(CoreError::Forbidden(Refusal::new("user-self", &[])));
    }
    if !may_grant(principal.role, before.role)
        || role.is_some_and(|r| !may_grant(principal.role, r))
    {
        return Err(CoreError::Forbidden(Refusal::new(
            "user-change-denied",
            &[
                ("own", principal.role.as_str()),
                ("role", before.role.as_str()),
            ],
        )));
    }
    let mut after = before.clone();
    if let Some(role) = role {
        after.role = role;
    }
    match disabled {
        Some(true) if after.disabled.is_none() => after.disabled = Some(medcyber_store::now()),
        Some(false) => after.disabled = None,
        _ => {}
    }
    let mut change = store.change().await?;
    change.update_user(&after).await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "user.update",
            object_kind: "user",
            object_id: &after.id,
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    change.commit().await?;
    Ok(after)
}

/// The users of the principal's organisation.
pub async fn users(store: &Store, principal: &Principal) -> Result<Vec<User>, CoreError> {
    principal.require(Action::Administer)?;
    Ok(store.users(&principal.org).await?)
}

/// The principal's own organisation.
pub async fn own_org(store: &Store, principal: &Principal) -> Result<Org, CoreError> {
    principal.require(Action::Read)?;
    store
        .org(&principal.org)
        .await?
        .ok_or_else(|| CoreError::NotFound("the organisation is gone".to_owned()))
}

/// The principal a bearer token stands for; [`CoreError::Unauthenticated`] for an unknown,
/// revoked or expired token (one message for all three).
pub async fn authenticate(store: &Store, secret: &str) -> Result<Principal, CoreError> {
    let unauthenticated = || CoreError::Unauthenticated("invalid or expired token".to_owned());
    if !secret.starts_with(TOKEN_PREFIX) || secret.len() != TOKEN_PREFIX.len() + 64 {
        return Err(unauthenticated());
    }
    let owner = store
        .token_by_hash(&token_hash(secret))
        .await?
        .ok_or_else(unauthenticated)?;
    if owner.token.revoked.is_some() {
        return Err(unauthenticated());
    }
    if let Some(expires) = &owner.token.expires {
        // Both RFC 3339 UTC with seconds: text order is time order.
        if *expires <= medcyber_store::now() {
            return Err(unauthenticated());
        }
    }
    Ok(Principal {
        user: owner.token.user,
        email: owner.email,
        org: owner.token.org,
        org_kind: owner.org_kind,
        role: owner.token.role,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords() {
        let phc = hash_password("correct horse battery").expect("hash");
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct horse battery", &phc));
        assert!(!verify_password("correct horse batterz", &phc));
        assert!(!verify_password("x", "not a phc string"));
    }

    #[test]
    fn emails() {
        assert_eq!(
            valid_email(" A@B.example ").ok().as_deref(),
            Some("a@b.example")
        );
        assert!(valid_email("nobody").is_err());
        assert!(valid_email("a@b@c").is_err());
        assert!(valid_email("a b@c").is_err());
    }
}
