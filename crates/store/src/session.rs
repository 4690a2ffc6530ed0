//! Login sessions of the web UI and failed logins.
//!
//! A session's cookie carries a random secret; only its SHA-256 is stored (as with API tokens),
//! with the session's CSRF token and its absolute expiry. Creating and ending a session is a
//! [`Change`] (it is audited by the caller); touching it and recording failed logins are not
//! changes of the organisation's data and are written directly.

use medcyber_model::platform::{OrgKind, User};
use sqlx::Row;

use crate::platform::{count, kind_of, text, user_of};
use crate::{Change, Result, Store, db};

/// A live session as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionOwner {
    /// The user.
    pub user: User,
    /// The user's organisation's kind.
    pub org_kind: OrgKind,
    /// The session's CSRF token (every form posts it back).
    pub csrf: String,
    /// When it expires (RFC 3339 UTC).
    pub expires: String,
    /// When it was last used.
    pub last_seen: String,
}

impl Store {
    /// The session whose secret hashes to `hash`, if it has not expired at `now`.
    pub async fn session(&self, hash: &str, now: &str) -> Result<Option<SessionOwner>> {
        let row = sqlx::query(
            "SELECT u.id, u.org, u.email, u.role, u.created, u.disabled, o.kind, s.csrf, \
             s.expires, s.last_seen FROM ui_session s JOIN app_user u ON u.id = s.app_user \
             JOIN org o ON o.id = u.org WHERE s.hash = $1 AND s.expires > $2 \
             AND u.disabled IS NULL",
        )
        .bind(hash.to_owned())
        .bind(now.to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(db("reading a session"))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let user = user_of(&row)?;
        Ok(Some(SessionOwner {
            org_kind: kind_of(&text(&row, 6, "a session")?, &user.id)?,
            csrf: text(&row, 7, "a session")?,
            expires: text(&row, 8, "a session")?,
            last_seen: text(&row, 9, "a session")?,
            user,
        }))
    }

    /// Marks a session as used at `now` (for the idle timeout).
    pub async fn touch_session(&self, hash: &str, now: &str) -> Result<()> {
        sqlx::query("UPDATE ui_session SET last_seen = $1 WHERE hash = $2")
            .bind(now.to_owned())
            .bind(hash.to_owned())
            .execute(&self.pool)
            .await
            .map_err(db("touching a session"))?;
        Ok(())
    }

    /// Records a failed login for `email` at `at`, and forgets failures older than `forget_before`.
    pub async fn record_login_failure(
        &self,
        email: &str,
        at: &str,
        forget_before: &str,
    ) -> Result<()> {
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(db("recording a failed login"))?;
        sqlx::query("DELETE FROM login_failure WHERE at < $1")
            .bind(forget_before.to_owned())
            .execute(&mut *tx)
            .await
            .map_err(db("forgetting old failed logins"))?;
        sqlx::query("INSERT INTO login_failure (email, at) VALUES ($1, $2)")
            .bind(email.to_owned())
            .bind(at.to_owned())
            .execute(&mut *tx)
            .await
            .map_err(db("recording a failed login"))?;
        tx.commit().await.map_err(db("recording a failed login"))
    }

    /// Failed logins for `email` since `since`.
    pub async fn login_failures(&self, email: &str, since: &str) -> Result<u64> {
        let row = sqlx::query("SELECT COUNT(*) FROM login_failure WHERE email = $1 AND at >= $2")
            .bind(email.to_owned())
            .bind(since.to_owned())
            .fetch_one(&self.pool)
            .await
            .map_err(db("counting failed logins"))?;
        count(&row, 0, "failed logins")
    }

    /// Forgets the failed logins of `email` (after a successful one).
    pub async fn clear_login_failures(&self, email: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failure WHERE email = $1")
            .bind(email.to_owned())
            .execute(&self.pool)
            .await
            .map_err(db("clearing failed logins"))?;
        Ok(())
    }
}

impl Change {
    /// Stores a new session (its secret's hash) for `user`; sessions past their expiry are
    /// removed on the way.
    pub async fn insert_session(
        &mut self,
        hash: &str,
        user: &str,
        csrf: &str,
        now: &str,
        expires: &str,
    ) -> Result<()> {
        sqlx::query("DELETE FROM ui_session WHERE expires <= $1")
            .bind(now.to_owned())
            .execute(&mut *self.tx)
            .await
            .map_err(db("removing expired sessions"))?;
        sqlx::query(
            "INSERT INTO ui_session (hash, app_user, csrf, created, expires, last_seen) \
             VALUES ($1, $2, $3, $4, $5, $4)",
        )
        .bind(hash.to_owned())
        .bind(user.to_owned())
        .bind(csrf.to_owned())
        .bind(now.to_owned())
        .bind(expires.to_owned())
        .execute(&mut *self.tx)
        .await
        .map_err(db("storing a session"))?;
        Ok(())
    }

    /// Ends the session whose secret hashes to `hash`; the user's id when there was one.
    pub async fn delete_session(&mut self, hash: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT app_user FROM ui_session WHERE hash = $1")
            .bind(hash.to_owned())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db("reading a session"))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let user: String = row.try_get(0).map_err(db("reading a session"))?;
        sqlx::query("DELETE FROM ui_session WHERE hash = $1")
            .bind(hash.to_owned())
            .execute(&mut *self.tx)
            .await
            .map_err(db("ending a session"))?;
        Ok(Some(user))
    }
}
