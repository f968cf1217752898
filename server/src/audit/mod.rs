//! The audit log: append-only record of logins, failures, user/role/team and settings changes.
//! Entries never contain secrets (no passwords, tokens or message bodies) — callers pass only
//! ids, emails, role names and similar facts in `details`.

pub mod entity;
pub mod handlers;

use earshot_api::{AuditEntry, Page};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::auth::Caller;
use crate::db::{Db, now};
use crate::error::AppResult;

/// Who did it.
pub enum Actor<'a> {
    User(&'a Caller),
    /// A person not logged in yet (a failed login, for instance), identified by the email typed.
    Anonymous {
        email: &'a str,
    },
    /// Earshot itself, or the command line.
    System,
}

pub async fn record(
    db: &impl ConnectionTrait,
    actor: Actor<'_>,
    action: &str,
    target: &str,
    ip: &str,
    details: serde_json::Value,
) -> AppResult<()> {
    let (actor_id, actor_email) = match actor {
        Actor::User(c) => (Some(c.user_id), Some(c.email.clone())),
        Actor::Anonymous { email } => (None, Some(email.chars().take(254).collect())),
        Actor::System => (None, None),
    };
    entity::ActiveModel {
        at: Set(now()),
        actor_id: Set(actor_id),
        actor_email: Set(actor_email),
        action: Set(action.to_string()),
        target: Set(target.chars().take(254).collect()),
        ip: Set(ip.to_string()),
        details: Set(details.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Newest first; `before` is the id cursor from the previous page.
pub async fn list(db: &Db, before: Option<i64>, limit: u64) -> AppResult<Page<AuditEntry>> {
    let limit = limit.clamp(1, 200);
    let mut query = entity::Entity::find()
        .order_by_desc(entity::Column::Id)
        .limit(limit + 1);
    if let Some(before) = before {
        query = query.filter(entity::Column::Id.lt(before));
    }
    let mut rows = query.all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| r.id.to_string())
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: r.at,
            actor_id: r.actor_id,
            actor_email: r.actor_email,
            action: r.action,
            target: r.target,
            ip: r.ip,
            details: serde_json::from_str(&r.details).unwrap_or(serde_json::Value::Null),
        })
        .collect();
    Ok(Page { items, next_cursor })
}
