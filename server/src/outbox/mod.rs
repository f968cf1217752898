//! The outbox: everything that leaves Earshot (replies, later notifications and digests) is
//! first written here in the same transaction as the change that caused it, then delivered by
//! a worker with retries and backoff. A restart picks up whatever was pending or in flight.

use std::time::Duration;

use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::AppState;
use crate::db::now;
use crate::db::stmt;
use crate::error::AppResult;

/// Attempts before an item is given up ("dead"): 5 s doubling to 1 h, about a day in all.
pub const MAX_ATTEMPTS: i64 = 30;
/// An item being sent is leased this long; if the process dies, it is retried after.
const LEASE_SECS: i64 = 120;

/// Queues an item inside the caller's transaction. The dedupe key makes it idempotent.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    kind: &str,
    payload: &serde_json::Value,
    dedupe_key: Option<&str>,
) -> AppResult<()> {
    db.execute_raw(stmt(
        "INSERT INTO outbox (kind, payload, dedupe_key, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (dedupe_key) DO NOTHING",
        vec![kind.into(), payload.to_string().into(), dedupe_key.into(), now().into(), now().into()],
    ))
    .await?;
    Ok(())
}

#[derive(Debug, FromQueryResult)]
pub struct OutboxItem {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
}

/// Why a delivery failed, and whether trying again can help.
#[derive(Debug)]
pub struct DeliveryError {
    pub message: String,
    pub retry: bool,
}

/// Seconds to wait before attempt `n` (1-based): 5 s, 10 s, 20 s, … capped at 1 h.
pub fn backoff_secs(attempts: i64) -> i64 {
    (5i64 << attempts.clamp(0, 20).saturating_sub(1)).min(3600)
}

/// Runs forever: delivers due items, sleeping until woken or the next poll.
pub fn spawn_worker(state: actix_web::web::Data<AppState>) {
    tokio::spawn(async move {
        loop {
            match deliver_due(&state).await {
                Ok(0) => {
                    let _ = tokio::time::timeout(
                        Duration::from_secs(2),
                        state.outbox_wakeup.notified(),
                    )
                    .await;
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "outbox worker");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
            }
        }
    });
}

/// Leases and delivers up to a handful of due items; returns how many it tried.
pub async fn deliver_due(state: &AppState) -> AppResult<usize> {
    let at = now();
    let due = OutboxItem::find_by_statement(stmt(
        "UPDATE outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = ? \
         WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= ? \
                      ORDER BY next_attempt_at, id LIMIT 16) \
         RETURNING id, kind, payload, attempts",
        vec![(at + LEASE_SECS).into(), at.into()],
    ))
    .all(&state.db)
    .await?;
    for item in &due {
        let outcome = match item.kind.as_str() {
            "deliver_reply" => crate::channels::delivery::deliver_reply(state, item).await,
            other => Err(DeliveryError {
                message: format!("unknown outbox kind {other}"),
                retry: false,
            }),
        };
        finish(state, item, outcome).await?;
    }
    Ok(due.len())
}

async fn finish(
    state: &AppState,
    item: &OutboxItem,
    outcome: Result<(), DeliveryError>,
) -> AppResult<()> {
    match outcome {
        Ok(()) => {
            state
                .db
                .execute_raw(stmt("UPDATE outbox SET status = 'done', done_at = ?, last_error = NULL WHERE id = ?", vec![now().into(), item.id.into()]))
                .await?;
        }
        Err(e) => {
            let dead = !e.retry || item.attempts >= MAX_ATTEMPTS;
            let status = if dead { "dead" } else { "pending" };
            tracing::warn!(outbox_id = item.id, kind = %item.kind, attempts = item.attempts, dead, error = %e.message, "delivery failed");
            state
                .db
                .execute_raw(stmt(
                    "UPDATE outbox SET status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                    vec![status.into(), (now() + backoff_secs(item.attempts)).into(), e.message.clone().into(), item.id.into()],
                ))
                .await?;
            if item.kind == "deliver_reply" {
                crate::channels::delivery::record_failure(state, item, &e.message, dead).await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::backoff_secs;

    #[test]
    fn backoff_doubles_and_caps_at_an_hour() {
        assert_eq!(backoff_secs(1), 5);
        assert_eq!(backoff_secs(2), 10);
        assert_eq!(backoff_secs(4), 40);
        assert_eq!(backoff_secs(30), 3600);
    }
}
