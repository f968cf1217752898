//! In-app notifications, e.g. "Jane mentioned you in a note".

use earshot_api::{Event, Notification};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::db::stmt;
use crate::db::{Db, now};
use crate::error::AppResult;
use crate::events::{Bus, Published};

#[derive(FromQueryResult)]
struct NotificationRow {
    id: i64,
    kind: String,
    conversation_id: Option<i64>,
    message_id: Option<i64>,
    actor_name: String,
    text: String,
    created_at: i64,
    read_at: Option<i64>,
}

impl From<NotificationRow> for Notification {
    fn from(r: NotificationRow) -> Self {
        Notification {
            id: r.id,
            kind: r.kind,
            conversation_id: r.conversation_id,
            message_id: r.message_id,
            actor_name: r.actor_name,
            text: r.text,
            created_at: r.created_at,
            read_at: r.read_at,
        }
    }
}

pub struct NewNotification<'a> {
    pub user_id: i64,
    pub kind: &'a str,
    pub conversation_id: i64,
    pub message_id: i64,
    pub actor_name: &'a str,
    pub text: &'a str,
}

/// Stores a notification (inside the caller's transaction); returns it for publishing.
pub async fn create(
    db: &impl ConnectionTrait,
    n: NewNotification<'_>,
) -> AppResult<(i64, Notification)> {
    let text: String = n.text.chars().take(200).collect();
    let at = now();
    let row = db
        .query_one_raw(stmt(
            "INSERT INTO notifications (user_id, kind, conversation_id, message_id, actor_name, text, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            vec![n.user_id.into(), n.kind.into(), n.conversation_id.into(), n.message_id.into(), n.actor_name.into(), text.clone().into(), at.into()],
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("insert returned no id"))?;
    let id: i64 = row.try_get_by_index(0)?;
    Ok((
        n.user_id,
        Notification {
            id,
            kind: n.kind.into(),
            conversation_id: Some(n.conversation_id),
            message_id: Some(n.message_id),
            actor_name: n.actor_name.into(),
            text,
            created_at: at,
            read_at: None,
        },
    ))
}

pub fn publish(bus: &Bus, user_id: i64, notification: Notification) {
    bus.publish(Published {
        team_id: None,
        assignee_id: None,
        only_user: Some(user_id),
        except_user: None,
        event: Event::Notification { notification },
    });
}

pub async fn list(db: &Db, user_id: i64) -> AppResult<Vec<Notification>> {
    let rows = NotificationRow::find_by_statement(stmt(
        "SELECT id, kind, conversation_id, message_id, actor_name, text, created_at, read_at \
         FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 100",
        vec![user_id.into()],
    ))
    .all(db)
    .await?;
    Ok(rows.into_iter().map(Notification::from).collect())
}

pub async fn mark_all_read(db: &Db, user_id: i64) -> AppResult<()> {
    db.execute_raw(stmt(
        "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
        vec![now().into(), user_id.into()],
    ))
    .await?;
    Ok(())
}
