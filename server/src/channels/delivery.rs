//! Delivering replies. The API channel POSTs the reply as JSON to the channel's webhook URL,
//! signed like inbound items (`X-Earshot-Signature: sha256=<hex hmac>`), with the outbox id in
//! `X-Earshot-Delivery` so the receiver can drop retries it has already seen.

use std::time::Duration;

use earshot_api::OutboundWebhook;
use sea_orm::ConnectionTrait;

use super::inbound::{SIGNATURE_HEADER, sign};
use super::service::{self, ChannelRow};
use crate::AppState;
use crate::db::stmt;
use crate::error::AppResult;
use crate::inbox::service::publish_message;
use crate::outbox::{DeliveryError, OutboxItem};

fn message_id(item: &OutboxItem) -> Result<i64, DeliveryError> {
    serde_json::from_str::<serde_json::Value>(&item.payload)
        .ok()
        .and_then(|v| v["message_id"].as_i64())
        .ok_or_else(|| permanent("malformed outbox payload"))
}

fn permanent(message: impl Into<String>) -> DeliveryError {
    DeliveryError {
        message: message.into(),
        retry: false,
    }
}

pub async fn deliver_reply(state: &AppState, item: &OutboxItem) -> Result<(), DeliveryError> {
    let id = message_id(item)?;
    let internal = |e: crate::error::AppError| DeliveryError {
        message: e.to_string(),
        retry: true,
    };
    let row = state
        .db
        .query_one_raw(stmt(
            "SELECT m.conversation_id, m.text, m.created_at, COALESCE(u.name, ''), c.channel_id, 0, \
             (SELECT external_id FROM messages p WHERE p.conversation_id = c.id AND p.direction = 'in' ORDER BY p.id DESC LIMIT 1) \
             FROM messages m JOIN conversations c ON c.id = m.conversation_id LEFT JOIN users u ON u.id = m.author_user_id \
             WHERE m.id = ?",
            vec![id.into()],
        ))
        .await
        .map_err(|e| internal(e.into()))?
        .ok_or_else(|| permanent("the message no longer exists"))?;
    let conversation_id: i64 = row.try_get_by_index(0).map_err(|e| internal(e.into()))?;
    let text: String = row.try_get_by_index(1).map_err(|e| internal(e.into()))?;
    let created_at: i64 = row.try_get_by_index(2).map_err(|e| internal(e.into()))?;
    let author_name: String = row.try_get_by_index(3).map_err(|e| internal(e.into()))?;
    let channel_id: i64 = row.try_get_by_index(4).map_err(|e| internal(e.into()))?;
    let in_reply_to: Option<String> = row.try_get_by_index(6).map_err(|e| internal(e.into()))?;
    let channel: ChannelRow = service::find(&state.db, channel_id)
        .await
        .map_err(internal)?
        .ok_or_else(|| permanent("the channel no longer exists"))?;
    // The recipient is whoever last wrote in this conversation (their identity on this channel).
    let recipient_id: String = state
        .db
        .query_one_raw(stmt(
            "SELECT i.external_id FROM messages p JOIN contact_identities i ON i.id = p.author_identity_id \
             WHERE p.conversation_id = ? AND p.direction = 'in' ORDER BY p.id DESC LIMIT 1",
            vec![conversation_id.into()],
        ))
        .await
        .map_err(|e| internal(e.into()))?
        .and_then(|r| r.try_get_by_index(0).ok())
        .ok_or_else(|| permanent("the contact has no identity on this channel"))?;
    let Some(url) = channel.webhook_url.clone() else {
        return Err(permanent(
            "the channel has no webhook URL; set one in Settings → Channels",
        ));
    };
    let body = serde_json::to_vec(&OutboundWebhook {
        event: "message.created".into(),
        message_id: id,
        conversation_id,
        recipient_id,
        in_reply_to,
        text,
        author_name,
        created_at,
    })
    .map_err(|e| permanent(e.to_string()))?;
    let signature = sign(&channel.secret, &body);
    let delivery_id = item.id.to_string();
    let result =
        tokio::task::spawn_blocking(move || post_json(&url, &body, &signature, &delivery_id))
            .await
            .unwrap_or_else(|e| {
                Err(DeliveryError {
                    message: e.to_string(),
                    retry: true,
                })
            });
    match &result {
        Ok(()) => {
            state
                .db
                .execute_raw(stmt("UPDATE messages SET delivery_status = 'sent', delivery_error = NULL WHERE id = ?", vec![id.into()]))
                .await
                .map_err(|e| internal(e.into()))?;
            let _ = service::record_health(&state.db, channel.id, None).await;
            let _ = publish_message(state, conversation_id, id).await;
        }
        Err(e) => {
            let _ = service::record_health(&state.db, channel.id, Some(&e.message)).await;
        }
    }
    result
}

fn post_json(
    url: &str,
    body: &[u8],
    signature: &str,
    delivery_id: &str,
) -> Result<(), DeliveryError> {
    // One agent for every delivery, so connections to a webhook are reused.
    static AGENT: std::sync::LazyLock<ureq::Agent> = std::sync::LazyLock::new(|| {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(15)))
            .max_redirects(0)
            .build()
            .into()
    });
    let response = AGENT
        .post(url)
        .header("content-type", "application/json")
        .header(SIGNATURE_HEADER, signature)
        .header("X-Earshot-Delivery", delivery_id)
        .header("user-agent", concat!("Earshot/", env!("CARGO_PKG_VERSION")))
        .send(body)
        .map_err(|e| DeliveryError {
            message: format!("cannot reach the webhook: {e}"),
            retry: true,
        })?;
    let status = response.status().as_u16();
    match status {
        200..=299 => Ok(()),
        408 | 425 | 429 | 500..=599 => Err(DeliveryError {
            message: format!("the webhook answered {status}; will retry"),
            retry: true,
        }),
        _ => Err(DeliveryError {
            message: format!("the webhook answered {status}"),
            retry: false,
        }),
    }
}

/// Shows the failure on the message (still "queued" while retries remain).
pub async fn record_failure(
    state: &AppState,
    item: &OutboxItem,
    error: &str,
    dead: bool,
) -> AppResult<()> {
    let Ok(id) = message_id(item) else {
        return Ok(());
    };
    let status = if dead { "failed" } else { "queued" };
    state
        .db
        .execute_raw(stmt(
            "UPDATE messages SET delivery_status = ?, delivery_error = ? WHERE id = ?",
            vec![status.into(), error.into(), id.into()],
        ))
        .await?;
    if let Some(row) = state
        .db
        .query_one_raw(stmt(
            "SELECT conversation_id FROM messages WHERE id = ?",
            vec![id.into()],
        ))
        .await?
    {
        publish_message(state, row.try_get_by_index(0)?, id).await?;
    }
    Ok(())
}
