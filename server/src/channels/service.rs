//! Channel records: create, list, update, rotate the secret, delete.

use earshot_api::{
    Channel, ChannelKind, ChannelWithSecret, CreateChannelRequest, UpdateChannelRequest,
};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde_json::json;

use crate::audit::{self, Actor};
use crate::auth::{Caller, secret};
use crate::db::stmt;
use crate::db::{Db, now, write_tx};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, FromQueryResult)]
pub struct ChannelRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub team_id: Option<i64>,
    pub webhook_url: Option<String>,
    pub secret: String,
    pub active: bool,
    pub last_success_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    pub created_at: i64,
}

const SELECT: &str = "SELECT id, kind, name, team_id, webhook_url, secret, active, last_success_at, last_error, \
    last_error_at, created_at FROM channels";

impl ChannelRow {
    /// The wire form never carries the secret, only its last four characters.
    pub fn to_wire(&self) -> Channel {
        Channel {
            id: self.id,
            kind: ChannelKind::parse(&self.kind).unwrap_or(ChannelKind::Api),
            name: self.name.clone(),
            team_id: self.team_id,
            webhook_url: self.webhook_url.clone(),
            secret_hint: self
                .secret
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
            active: self.active,
            last_success_at: self.last_success_at,
            last_error: self.last_error.clone(),
            last_error_at: self.last_error_at,
            created_at: self.created_at,
        }
    }
}

pub fn inbound_path(id: i64) -> String {
    format!("/api/v1/channels/{id}/inbound")
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> AppResult<Option<ChannelRow>> {
    Ok(
        ChannelRow::find_by_statement(stmt(&format!("{SELECT} WHERE id = ?"), vec![id.into()]))
            .one(db)
            .await?,
    )
}

pub async fn list(db: &Db) -> AppResult<Vec<Channel>> {
    let rows = ChannelRow::find_by_statement(stmt(&format!("{SELECT} ORDER BY name"), vec![]))
        .all(db)
        .await?;
    Ok(rows.iter().map(ChannelRow::to_wire).collect())
}

fn check_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "invalid_name",
            "Enter a channel name of 1 to 80 characters.",
        ));
    }
    Ok(name.to_string())
}

fn check_webhook_url(url: Option<&str>) -> AppResult<Option<String>> {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    let valid = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 2048
        && url
            .split("://")
            .nth(1)
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if !valid {
        return Err(AppError::invalid(
            "invalid_webhook_url",
            "The webhook URL must be an http:// or https:// address.",
        ));
    }
    Ok(Some(url.to_string()))
}

pub async fn create(
    db: &Db,
    caller: &Caller,
    ip: &str,
    req: CreateChannelRequest,
) -> AppResult<ChannelWithSecret> {
    let name = check_name(&req.name)?;
    let webhook_url = check_webhook_url(req.webhook_url.as_deref())?;
    let txn = write_tx(db).await?;
    crate::users::teams::check_exists(&txn, req.team_id).await?;
    let secret = secret::new_token();
    let row = txn
        .query_one_raw(stmt(
            "INSERT INTO channels (kind, name, team_id, webhook_url, secret, created_at) VALUES ('api', ?, ?, ?, ?, ?) RETURNING id",
            vec![name.clone().into(), req.team_id.into(), webhook_url.into(), secret.clone().into(), now().into()],
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("insert returned no id"))?;
    let id: i64 = row.try_get_by_index(0)?;
    audit::record(
        &txn,
        Actor::User(caller),
        "channel.create",
        &name,
        ip,
        json!({"channel_id": id, "kind": "api"}),
    )
    .await?;
    txn.commit().await?;
    let channel = find(db, id).await?.ok_or(AppError::NotFound("channel"))?;
    Ok(ChannelWithSecret {
        channel: channel.to_wire(),
        secret,
        inbound_path: inbound_path(id),
    })
}

pub async fn update(
    db: &Db,
    caller: &Caller,
    ip: &str,
    id: i64,
    req: UpdateChannelRequest,
) -> AppResult<Channel> {
    let txn = write_tx(db).await?;
    let existing = find(&txn, id).await?.ok_or(AppError::NotFound("channel"))?;
    let name = match &req.name {
        Some(n) => check_name(n)?,
        None => existing.name.clone(),
    };
    let team_id = match req.team_id {
        Some(t) => {
            crate::users::teams::check_exists(&txn, t).await?;
            t
        }
        None => existing.team_id,
    };
    let webhook_url = match &req.webhook_url {
        Some(u) => check_webhook_url(u.as_deref())?,
        None => existing.webhook_url.clone(),
    };
    let active = req.active.unwrap_or(existing.active);
    txn.execute_raw(stmt(
        "UPDATE channels SET name = ?, team_id = ?, webhook_url = ?, active = ? WHERE id = ?",
        vec![
            name.clone().into(),
            team_id.into(),
            webhook_url.into(),
            active.into(),
            id.into(),
        ],
    ))
    .await?;
    let changed: Vec<&str> = [
        (req.name.is_some(), "name"),
        (req.team_id.is_some(), "team"),
        (req.webhook_url.is_some(), "webhook_url"),
        (req.active.is_some(), "active"),
    ]
    .into_iter()
    .filter_map(|(c, n)| c.then_some(n))
    .collect();
    audit::record(
        &txn,
        Actor::User(caller),
        "channel.update",
        &name,
        ip,
        json!({"channel_id": id, "changed": changed, "active": active}),
    )
    .await?;
    txn.commit().await?;
    Ok(find(db, id)
        .await?
        .ok_or(AppError::NotFound("channel"))?
        .to_wire())
}

pub async fn rotate_secret(
    db: &Db,
    caller: &Caller,
    ip: &str,
    id: i64,
) -> AppResult<ChannelWithSecret> {
    let txn = write_tx(db).await?;
    let existing = find(&txn, id).await?.ok_or(AppError::NotFound("channel"))?;
    let secret = secret::new_token();
    txn.execute_raw(stmt(
        "UPDATE channels SET secret = ? WHERE id = ?",
        vec![secret.clone().into(), id.into()],
    ))
    .await?;
    audit::record(
        &txn,
        Actor::User(caller),
        "channel.rotate_secret",
        &existing.name,
        ip,
        json!({"channel_id": id}),
    )
    .await?;
    txn.commit().await?;
    let channel = find(db, id).await?.ok_or(AppError::NotFound("channel"))?;
    Ok(ChannelWithSecret {
        channel: channel.to_wire(),
        secret,
        inbound_path: inbound_path(id),
    })
}

pub async fn delete(db: &Db, caller: &Caller, ip: &str, id: i64) -> AppResult<()> {
    let txn = write_tx(db).await?;
    let existing = find(&txn, id).await?.ok_or(AppError::NotFound("channel"))?;
    if txn
        .query_one_raw(stmt(
            "SELECT 1 FROM conversations WHERE channel_id = ? LIMIT 1",
            vec![id.into()],
        ))
        .await?
        .is_some()
    {
        return Err(AppError::conflict(
            "channel_has_conversations",
            "This channel has conversations; deactivate it instead so their history stays.",
        ));
    }
    txn.execute_raw(stmt("DELETE FROM channels WHERE id = ?", vec![id.into()]))
        .await?;
    audit::record(
        &txn,
        Actor::User(caller),
        "channel.delete",
        &existing.name,
        ip,
        json!({"channel_id": id}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records a delivery or polling outcome for the channel's health display.
pub async fn record_health(db: &Db, id: i64, error: Option<&str>) -> AppResult<()> {
    match error {
        None => {
            db.execute_raw(stmt(
                "UPDATE channels SET last_success_at = ? WHERE id = ?",
                vec![now().into(), id.into()],
            ))
            .await?
        }
        Some(e) => {
            let e: String = e.chars().take(300).collect();
            db.execute_raw(stmt(
                "UPDATE channels SET last_error = ?, last_error_at = ? WHERE id = ?",
                vec![e.into(), now().into(), id.into()],
            ))
            .await?
        }
    };
    Ok(())
}
