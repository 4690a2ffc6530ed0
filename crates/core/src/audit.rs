//! The audit trail: every change of the platform's data is an append-only event in a hash chain.
//!
//! Event `n` stores `hash_n = SHA-256(canonical(n))`, where `canonical(n)` is the JSON array
//! `[seq, at, org, actor, action, object_kind, object_id, before, after, prev_hash]` and
//! `prev_hash` is `hash_(n-1)` (64 zeros for the first event). The head row keeps the last
//! `seq` and hash, so deleting the newest events is caught too. [`verify`] recomputes the
//! chain and names the first broken link: an edited event (its hash no longer matches), a
//! deleted one (a gap in `seq` or a `prev_hash` that does not follow), or a truncated tail
//! (the head points past the last event).

use medcyber_store::{AuditRow, Change, Page, Paged, Store};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::CoreError;
use crate::tenancy::{Action, Principal};

/// What a change did, for the audit log.
#[derive(Clone, Debug)]
pub struct Event<'a> {
    /// The organisation the change belongs to (none for platform-wide changes).
    pub org: Option<&'a str>,
    /// Who made it.
    pub actor: &'a str,
    /// What was done (`product.create`).
    pub action: &'a str,
    /// The kind of object changed.
    pub object_kind: &'a str,
    /// Its id.
    pub object_id: &'a str,
    /// The object before the change (none when it is new).
    pub before: Option<serde_json::Value>,
    /// The object after the change (none when it is gone).
    pub after: Option<serde_json::Value>,
}

/// The JSON of a value for an audit event.
pub fn snapshot<T: Serialize>(value: &T) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

/// The hash of an event given everything but its hash.
pub fn hash(row: &AuditRow) -> String {
    let canonical = serde_json::json!([
        row.seq,
        row.at,
        row.org,
        row.actor,
        row.action,
        row.object_kind,
        row.object_id,
        row.before,
        row.after,
        row.prev_hash,
    ]);
    let digest = Sha256::digest(canonical.to_string().as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Appends the event of a change to its transaction (the change commits both or neither).
pub async fn record(change: &mut Change, event: Event<'_>) -> Result<(), CoreError> {
    let head = change.head().clone();
    let mut row = AuditRow {
        seq: head.seq + 1,
        at: medcyber_store::now_micros(),
        org: event.org.map(str::to_owned),
        actor: event.actor.to_owned(),
        action: event.action.to_owned(),
        object_kind: event.object_kind.to_owned(),
        object_id: event.object_id.to_owned(),
        before: event.before.map(|v| v.to_string()),
        after: event.after.map(|v| v.to_string()),
        prev_hash: head.hash,
        hash: String::new(),
    };
    row.hash = hash(&row);
    change.audit(&row).await?;
    Ok(())
}

/// A page of the principal's organisation's audit events, newest first.
pub async fn events(
    store: &Store,
    principal: &Principal,
    page: Page,
) -> Result<Paged<AuditRow>, CoreError> {
    principal.require(Action::ReadAudit)?;
    Ok(store.audit_events(&principal.org, page).await?)
}

/// The verdict on the whole chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Events checked.
    pub events: u64,
    /// The first broken link, when there is one.
    pub broken: Option<BrokenLink>,
}

/// Where and how the chain is broken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrokenLink {
    /// The event number where the chain breaks.
    pub seq: i64,
    /// What is wrong.
    pub reason: String,
}

const ZERO: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Recomputes the whole chain, in slices, and checks it against the head.
pub async fn verify(store: &Store) -> Result<Verification, CoreError> {
    let mut expected_seq = 1i64;
    let mut prev = ZERO.to_owned();
    let mut events = 0u64;
    let broken = |events, seq, reason: String| {
        Ok(Verification {
            events,
            broken: Some(BrokenLink { seq, reason }),
        })
    };
    loop {
        let slice = store.audit_chain(expected_seq - 1, 2000).await?;
        if slice.is_empty() {
            break;
        }
        for row in slice {
            if row.seq != expected_seq {
                return broken(
                    events,
                    expected_seq,
                    format!(
                        "event {expected_seq} is missing (the next stored event is {})",
                        row.seq
                    ),
                );
            }
            if row.prev_hash != prev {
                return broken(
                    events,
                    row.seq,
                    format!(
                        "event {} does not follow event {}: its previous hash is not that event's hash",
                        row.seq,
                        row.seq - 1
                    ),
                );
            }
            if hash(&row) != row.hash {
                return broken(
                    events,
                    row.seq,
                    format!(
                        "event {} was altered: its content does not match its hash",
                        row.seq
                    ),
                );
            }
            prev = row.hash;
            expected_seq += 1;
            events += 1;
        }
    }
    let head = store.audit_head().await?;
    let last = expected_seq - 1;
    if head.seq != last || head.hash != prev {
        return broken(
            events,
            last + 1,
            format!(
                "the log ends at event {last} but its head records event {}: events were deleted",
                head.seq
            ),
        );
    }
    Ok(Verification {
        events,
        broken: None,
    })
}
