//! Tags on conversations: created on first use, names normalised to lower case.

use earshot_api::Tag;
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::db::stmt;
use crate::error::{AppError, AppResult};

pub fn normalize(name: &str) -> String {
    name.trim().trim_start_matches('#').to_lowercase()
}

pub fn check(name: &str) -> AppResult<String> {
    let n = normalize(name);
    if n.is_empty() || n.chars().count() > 40 || n.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "invalid_tag",
            "Tags are 1 to 40 characters.",
        ));
    }
    Ok(n)
}

#[derive(FromQueryResult)]
struct TagRow {
    id: i64,
    name: String,
    color: String,
}

pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<Tag>> {
    let rows = TagRow::find_by_statement(stmt(
        "SELECT id, name, color FROM tags ORDER BY name",
        vec![],
    ))
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Tag {
            id: r.id,
            name: r.name,
            color: r.color,
        })
        .collect())
}

pub async fn add(db: &impl ConnectionTrait, conversation_id: i64, name: &str) -> AppResult<()> {
    db.execute_raw(stmt(
        "INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING",
        vec![name.into()],
    ))
    .await?;
    db.execute_raw(stmt(
        "INSERT INTO conversation_tags (conversation_id, tag_id) SELECT ?, id FROM tags WHERE name = ? \
         ON CONFLICT DO NOTHING",
        vec![conversation_id.into(), name.into()],
    ))
    .await?;
    Ok(())
}

pub async fn remove(db: &impl ConnectionTrait, conversation_id: i64, name: &str) -> AppResult<()> {
    db.execute_raw(stmt(
        "DELETE FROM conversation_tags WHERE conversation_id = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)",
        vec![conversation_id.into(), name.into()],
    ))
    .await?;
    Ok(())
}
