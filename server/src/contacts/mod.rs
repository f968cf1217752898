//! Contacts — the single customer view — and their channel identities. The pipeline resolves
//! an inbound author to an identity here (creating the contact on first sight).

use earshot_api::{ChannelKind, Contact, Identity};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::db::now;
use crate::db::stmt;
use crate::error::{AppError, AppResult};

#[derive(FromQueryResult)]
struct ContactRow {
    id: i64,
    name: String,
    vip: bool,
    notes: String,
    created_at: i64,
}

#[derive(FromQueryResult)]
struct IdentityRow {
    id: i64,
    channel_kind: String,
    external_id: String,
    handle: String,
    display_name: String,
    followers: Option<i64>,
}

pub async fn load(db: &impl ConnectionTrait, id: i64) -> AppResult<Contact> {
    let c = ContactRow::find_by_statement(stmt(
        "SELECT id, name, vip, notes, created_at FROM contacts WHERE id = ?",
        vec![id.into()],
    ))
    .one(db)
    .await?
    .ok_or(AppError::NotFound("contact"))?;
    let identities = IdentityRow::find_by_statement(stmt(
        "SELECT id, channel_kind, external_id, handle, display_name, followers FROM contact_identities WHERE contact_id = ? ORDER BY id",
        vec![id.into()],
    ))
    .all(db)
    .await?
    .into_iter()
    .map(|i| Identity {
        id: i.id,
        // API channels namespace their identities as `api:<channel id>`.
        channel_kind: ChannelKind::parse(i.channel_kind.split(':').next().unwrap_or("")).unwrap_or(ChannelKind::Api),
        external_id: i.external_id,
        handle: i.handle,
        display_name: i.display_name,
        followers: i.followers,
    })
    .collect();
    Ok(Contact {
        id: c.id,
        name: c.name,
        vip: c.vip,
        notes: c.notes,
        identities,
        created_at: c.created_at,
    })
}

/// An author as a channel reports them.
pub struct Author<'a> {
    pub channel_kind: &'a str,
    pub external_id: &'a str,
    pub handle: &'a str,
    pub display_name: &'a str,
    pub followers: Option<i64>,
}

/// Finds the identity for an author, creating the contact and identity on first sight and
/// refreshing handle, name and followers when they changed. Returns (identity id, contact id).
pub async fn resolve_identity(
    db: &impl ConnectionTrait,
    author: &Author<'_>,
) -> AppResult<(i64, i64)> {
    let found = db
        .query_one_raw(stmt(
            "SELECT id, contact_id, handle, display_name, followers FROM contact_identities WHERE channel_kind = ? AND external_id = ?",
            vec![author.channel_kind.into(), author.external_id.into()],
        ))
        .await?;
    if let Some(row) = found {
        let (id, contact_id): (i64, i64) = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        let handle: String = row.try_get_by_index(2)?;
        let display_name: String = row.try_get_by_index(3)?;
        let followers: Option<i64> = row.try_get_by_index(4)?;
        let changed = (!author.handle.is_empty() && author.handle != handle)
            || (!author.display_name.is_empty() && author.display_name != display_name)
            || (author.followers.is_some() && author.followers != followers);
        if changed {
            db.execute_raw(stmt(
                "UPDATE contact_identities SET handle = CASE WHEN ? = '' THEN handle ELSE ? END, \
                 display_name = CASE WHEN ? = '' THEN display_name ELSE ? END, followers = COALESCE(?, followers) WHERE id = ?",
                vec![
                    author.handle.into(),
                    author.handle.into(),
                    author.display_name.into(),
                    author.display_name.into(),
                    author.followers.into(),
                    id.into(),
                ],
            ))
            .await?;
        }
        return Ok((id, contact_id));
    }
    let name = [author.display_name, author.handle, author.external_id]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or("Unknown");
    let contact = db
        .query_one_raw(stmt(
            "INSERT INTO contacts (name, created_at) VALUES (?, ?) RETURNING id",
            vec![name.into(), now().into()],
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("insert returned no id"))?;
    let contact_id: i64 = contact.try_get_by_index(0)?;
    let identity = db
        .query_one_raw(stmt(
            "INSERT INTO contact_identities (contact_id, channel_kind, external_id, handle, display_name, followers) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            vec![
                contact_id.into(),
                author.channel_kind.into(),
                author.external_id.into(),
                author.handle.into(),
                author.display_name.into(),
                author.followers.into(),
            ],
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("insert returned no id"))?;
    Ok((identity.try_get_by_index(0)?, contact_id))
}
