//! Conversation detail and the actions on a conversation: reply, note, status, priority,
//! snooze, assignment, team, tags, presence. Every function first loads the conversation
//! through the caller's scope, so an id from another team is simply "not found".

use earshot_api::{
    ConversationDetail, ConversationSummary, Event, Message, Permission, Status,
    UpdateConversationRequest,
};
use sea_orm::{ConnectionTrait, FromQueryResult, TransactionTrait};

use super::rows::{self, ConversationRow, MESSAGE_SELECT, MessageRow, SUMMARY_SELECT};
use super::scope::Scope;
use super::{notifications, tags};
use crate::AppState;
use crate::auth::Caller;
use crate::db::stmt;
use crate::db::{now, write_tx};
use crate::error::{AppError, AppResult};
use crate::events::Published;

const MAX_TEXT_CHARS: usize = 10_000;
const DETAIL_MESSAGES: u64 = 500;

/// Loads a conversation the caller may see, or 404.
pub async fn visible(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: i64,
) -> AppResult<ConversationRow> {
    match rows::conversation_row(db, caller.user_id, id).await? {
        Some(row) if Scope::of(caller).allows(row.team_id, row.assignee_id) => Ok(row),
        _ => Err(AppError::NotFound("conversation")),
    }
}

pub async fn detail(state: &AppState, caller: &Caller, id: i64) -> AppResult<ConversationDetail> {
    let db = &state.db;
    let row = visible(db, caller, id).await?;
    let mut conversation = rows::summaries(db, std::slice::from_ref(&row))
        .await?
        .remove(0);
    let sql = format!(
        "SELECT * FROM ({MESSAGE_SELECT} WHERE m.conversation_id = ? ORDER BY m.id DESC LIMIT {DETAIL_MESSAGES}) ORDER BY id"
    );
    let sees_contact_details = Scope::of(caller).sees_contact_details;
    let messages: Vec<Message> = MessageRow::find_by_statement(stmt(&sql, vec![id.into()]))
        .all(db)
        .await?
        .into_iter()
        .map(|row| {
            let mut message = Message::from(row);
            if !sees_contact_details {
                super::privacy::hide_contact_details(&mut message);
            }
            message
        })
        .collect();
    let contact = crate::contacts::load(db, row.contact_id).await?;
    let (scope_sql, scope_values) = Scope::of(caller).sql();
    let mut values = vec![caller.user_id.into(), row.contact_id.into(), id.into()];
    values.extend(scope_values);
    let past_sql = format!(
        "{SUMMARY_SELECT} WHERE c.contact_id = ? AND c.id <> ? AND {scope_sql} ORDER BY c.last_activity_at DESC LIMIT 20"
    );
    let past_rows = ConversationRow::find_by_statement(stmt(&past_sql, values))
        .all(db)
        .await?;
    let past_conversations = rows::summaries(db, &past_rows).await?;
    if let Some(last) = row.last_message_id {
        mark_read(db, caller.user_id, id, last).await?;
        conversation.unread = false;
    }
    Ok(ConversationDetail {
        conversation,
        messages,
        contact,
        past_conversations,
    })
}

pub async fn mark_read(
    db: &impl ConnectionTrait,
    user_id: i64,
    conversation_id: i64,
    message_id: i64,
) -> AppResult<()> {
    db.execute_raw(stmt(
        "INSERT INTO conversation_reads (user_id, conversation_id, last_read_message_id) VALUES (?, ?, ?) \
         ON CONFLICT (user_id, conversation_id) DO UPDATE SET last_read_message_id = \
         MAX(last_read_message_id, excluded.last_read_message_id)",
        vec![user_id.into(), conversation_id.into(), message_id.into()],
    ))
    .await?;
    Ok(())
}

fn check_text(text: &str) -> AppResult<&str> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(AppError::invalid("empty_text", "Write something first."));
    }
    if trimmed.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::invalid(
            "text_too_long",
            format!("Keep it under {MAX_TEXT_CHARS} characters."),
        ));
    }
    Ok(trimmed)
}

pub fn preview(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.chars().take(140).collect()
}

/// Inserts a reply or note by a user and updates the conversation; returns the message id.
async fn insert_team_message(
    db: &impl ConnectionTrait,
    conv: &ConversationRow,
    caller: &Caller,
    direction: &str,
    text: &str,
) -> AppResult<i64> {
    let at = now();
    let delivery = if direction == "out" {
        Some("queued")
    } else {
        None
    };
    let row = db
        .query_one_raw(stmt(
            "INSERT INTO messages (conversation_id, channel_id, direction, author_user_id, text, delivery_status, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            vec![conv.id.into(), conv.channel_id.into(), direction.into(), caller.user_id.into(), text.into(), delivery.into(), at.into()],
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("insert returned no id"))?;
    let id: i64 = row.try_get_by_index(0)?;
    db.execute_raw(stmt(
        "INSERT INTO messages_fts (rowid, body) VALUES (?, ?)",
        vec![id.into(), super::search::index_text(text).into()],
    ))
    .await?;
    // A reply answers the customer; a note is internal and leaves the list preview alone.
    let (sql, values): (&str, Vec<sea_orm::Value>) = if direction == "out" {
        (
            "UPDATE conversations SET last_activity_at = ?, last_message_id = ?, preview = ?, \
             message_count = message_count + 1, first_response_at = COALESCE(first_response_at, ?), \
             waiting_since = NULL WHERE id = ?",
            vec![
                at.into(),
                id.into(),
                preview(text).into(),
                at.into(),
                conv.id.into(),
            ],
        )
    } else {
        (
            "UPDATE conversations SET last_activity_at = ?, last_message_id = ?, \
             message_count = message_count + 1 WHERE id = ?",
            vec![at.into(), id.into(), conv.id.into()],
        )
    };
    db.execute_raw(stmt(sql, values)).await?;
    mark_read(db, caller.user_id, conv.id, id).await?;
    Ok(id)
}

/// Publishes a new or changed message and its conversation to everyone who may see them.
pub async fn publish_message(
    state: &AppState,
    conversation_id: i64,
    message_id: i64,
) -> AppResult<()> {
    publish_messages(state, &[(conversation_id, message_id)], &[]).await
}

/// [`publish_message`] for a committed batch of (conversation, message) pairs: each message,
/// then each conversation's summary once, however many of the batch's messages it holds.
/// `moved`: conversations the batch moved away from a team (by topic), with that team,
/// which is told too, so the conversation leaves their lists.
pub async fn publish_messages(
    state: &AppState,
    batch: &[(i64, i64)],
    moved: &[(i64, Option<i64>)],
) -> AppResult<()> {
    if !state.bus.has_subscribers() {
        return Ok(());
    }
    // In the order the batch first names them.
    let mut conversations: Vec<(i64, Option<(ConversationRow, ConversationSummary)>)> = Vec::new();
    for &(conversation_id, message_id) in batch {
        let Some(message) = rows::message(&state.db, message_id).await? else {
            continue;
        };
        let at = match conversations
            .iter()
            .position(|(id, _)| *id == conversation_id)
        {
            Some(at) => at,
            None => {
                // Unread is per user; the summary is built for nobody (user 0), the client
                // tracks reads.
                let read = rows::conversation(&state.db, 0, conversation_id).await?;
                conversations.push((conversation_id, read));
                conversations.len() - 1
            }
        };
        let Some((row, _)) = &conversations[at].1 else {
            continue;
        };
        state.bus.publish(Published::for_conversation(
            row.team_id,
            row.assignee_id,
            Event::Message {
                conversation_id,
                message: Box::new(message),
            },
        ));
    }
    for (conversation_id, read) in conversations {
        let Some((row, conversation)) = read else {
            continue;
        };
        let left = moved.iter().find(|(id, _)| *id == conversation_id);
        if let Some(&(_, team)) = left.filter(|(_, team)| *team != row.team_id) {
            state.bus.publish(Published::for_conversation(
                team,
                None,
                Event::Conversation {
                    conversation: conversation.clone(),
                },
            ));
        }
        state.bus.publish(Published::for_conversation(
            row.team_id,
            row.assignee_id,
            Event::Conversation { conversation },
        ));
    }
    Ok(())
}

pub async fn publish_conversation(
    state: &AppState,
    conversation_id: i64,
    previously: Option<(Option<i64>, Option<i64>)>,
) -> AppResult<()> {
    if !state.bus.has_subscribers() {
        return Ok(());
    }
    let Some((row, conversation)) = rows::conversation(&state.db, 0, conversation_id).await? else {
        return Ok(());
    };
    if let Some((team, assignee)) = previously.filter(|p| *p != (row.team_id, row.assignee_id)) {
        // Tell those who could see it before, so it leaves their lists.
        state.bus.publish(Published::for_conversation(
            team,
            assignee,
            Event::Conversation {
                conversation: conversation.clone(),
            },
        ));
    }
    state.bus.publish(Published::for_conversation(
        row.team_id,
        row.assignee_id,
        Event::Conversation { conversation },
    ));
    Ok(())
}

pub async fn reply(state: &AppState, caller: &Caller, id: i64, text: &str) -> AppResult<Message> {
    let text = check_text(text)?;
    let txn = write_tx(&state.db).await?;
    let conv = visible(&txn, caller, id).await?;
    let message_id = insert_team_message(&txn, &conv, caller, "out", text).await?;
    crate::outbox::enqueue(
        &txn,
        "deliver_reply",
        &serde_json::json!({"message_id": message_id}),
        Some(&format!("reply:{message_id}")),
    )
    .await?;
    txn.commit().await?;
    state.outbox_wakeup.notify_one();
    publish_message(state, id, message_id).await?;
    rows::message(&state.db, message_id)
        .await?
        .ok_or(AppError::NotFound("message"))
}

pub async fn note(state: &AppState, caller: &Caller, id: i64, text: &str) -> AppResult<Message> {
    let text = check_text(text)?;
    let txn = write_tx(&state.db).await?;
    let conv = visible(&txn, caller, id).await?;
    let message_id = insert_team_message(&txn, &conv, caller, "note", text).await?;
    let mut notified = Vec::new();
    for user_id in super::mentions::mentioned_users(&txn, caller.user_id, text).await? {
        let Some(account) = crate::users::service::load_active_account(&txn, user_id).await? else {
            continue;
        };
        let scope = Scope::for_role(user_id, account.role, account.team_ids);
        if account.role.has(Permission::ViewConversations)
            && scope.allows(conv.team_id, conv.assignee_id)
        {
            notified.push(
                notifications::create(
                    &txn,
                    notifications::NewNotification {
                        user_id,
                        kind: "mention",
                        conversation_id: id,
                        message_id,
                        actor_name: &caller.name,
                        text,
                    },
                )
                .await?,
            );
        }
    }
    txn.commit().await?;
    for (user_id, n) in notified {
        notifications::publish(&state.bus, user_id, n);
    }
    publish_message(state, id, message_id).await?;
    rows::message(&state.db, message_id)
        .await?
        .ok_or(AppError::NotFound("message"))
}

/// Applies an update inside the caller's transaction (also used by bulk updates).
async fn apply_update(
    db: &impl ConnectionTrait,
    caller: &Caller,
    conv: &ConversationRow,
    req: &UpdateConversationRequest,
) -> AppResult<()> {
    let mut sets: Vec<&str> = Vec::new();
    let mut values: Vec<sea_orm::Value> = Vec::new();
    if let Some(status) = req.status {
        sets.push("status = ?");
        values.push(status.as_str().into());
        match status {
            Status::Snoozed => {
                let until = req.snoozed_until.filter(|t| *t > now()).ok_or_else(|| {
                    AppError::invalid(
                        "invalid_snooze",
                        "Snoozing needs snoozed_until, a time in the future.",
                    )
                })?;
                sets.push("snoozed_until = ?");
                values.push(until.into());
            }
            Status::Resolved => sets.push("snoozed_until = NULL, waiting_since = NULL"),
            _ => sets.push("snoozed_until = NULL"),
        }
    }
    if let Some(priority) = req.priority {
        sets.push("priority = ?");
        values.push(priority.rank().into());
    }
    // Filing as spam or restoring never deletes anything.
    if let Some(spam) = req.spam {
        sets.push("spam = ?");
        values.push(spam.into());
        // A person restored it: the analysis's spam verdicts on its messages are overruled
        // (reports count them again).
        if !spam {
            db.execute_raw(stmt(
                "UPDATE messages SET spam = 0 WHERE conversation_id = ? AND spam",
                vec![conv.id.into()],
            ))
            .await?;
        }
    }
    if let Some(assignee) = req.assignee_id {
        let may_assign_others = caller.role.has(Permission::AssignAndApprove);
        let taking_or_leaving = assignee.is_none_or(|a| a == caller.user_id);
        let held_by_other = conv.assignee_id.is_some_and(|a| a != caller.user_id);
        if !may_assign_others && (!taking_or_leaving || held_by_other) {
            return Err(AppError::forbidden(
                "Your role may assign conversations only to yourself, and only unassigned ones.",
            ));
        }
        if let Some(user_id) = assignee {
            let account = crate::users::service::load_active_account(db, user_id).await?;
            if !account.is_some_and(|a| a.role.has(Permission::ActOnConversations)) {
                return Err(AppError::invalid(
                    "invalid_assignee",
                    "Assign to an active teammate who works conversations.",
                ));
            }
        }
        sets.push("assignee_id = ?");
        values.push(assignee.into());
    }
    if let Some(team) = req.team_id {
        if !caller.role.has(Permission::AssignAndApprove) {
            return Err(AppError::forbidden(
                "Your role may not move conversations between teams.",
            ));
        }
        crate::users::teams::check_exists(db, team).await?;
        // A person's choice: routing by topic no longer moves it.
        sets.push("team_id = ?, team_settled = 1");
        values.push(team.into());
    }
    if !sets.is_empty() {
        values.push(conv.id.into());
        db.execute_raw(stmt(
            &format!("UPDATE conversations SET {} WHERE id = ?", sets.join(", ")),
            values,
        ))
        .await?;
    }
    for name in req.add_tags.iter().flatten() {
        tags::add(db, conv.id, &tags::check(name)?).await?;
    }
    for name in req.remove_tags.iter().flatten() {
        tags::remove(db, conv.id, &tags::normalize(name)).await?;
    }
    Ok(())
}

pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: i64,
    req: &UpdateConversationRequest,
) -> AppResult<ConversationSummary> {
    let txn = write_tx(&state.db).await?;
    let conv = visible(&txn, caller, id).await?;
    apply_update(&txn, caller, &conv, req).await?;
    txn.commit().await?;
    publish_conversation(state, id, Some((conv.team_id, conv.assignee_id))).await?;
    // After a move the caller may no longer see it: answer with what they may know.
    match rows::conversation(&state.db, caller.user_id, id).await? {
        Some((_, summary)) => Ok(summary),
        None => Err(AppError::NotFound("conversation")),
    }
}

/// Applies one update to many conversations; each succeeds or is skipped on its own.
pub async fn bulk_update(
    state: &AppState,
    caller: &Caller,
    ids: &[i64],
    req: &UpdateConversationRequest,
) -> AppResult<(Vec<i64>, Vec<i64>)> {
    if ids.len() > 500 {
        return Err(AppError::invalid(
            "too_many",
            "Select at most 500 conversations at a time.",
        ));
    }
    let mut updated = Vec::new();
    let mut skipped = Vec::new();
    let mut previous = Vec::new();
    let txn = write_tx(&state.db).await?;
    for id in ids {
        let conv = match visible(&txn, caller, *id).await {
            Ok(conv) => conv,
            Err(AppError::NotFound(_)) => {
                skipped.push(*id);
                continue;
            }
            Err(e) => return Err(e),
        };
        // Each conversation in a savepoint: one that may not be changed is skipped whole.
        let savepoint = txn.begin().await?;
        match apply_update(&savepoint, caller, &conv, req).await {
            Ok(()) => {
                savepoint.commit().await?;
                previous.push((conv.id, conv.team_id, conv.assignee_id));
                updated.push(*id);
            }
            Err(AppError::Forbidden(_)) => {
                savepoint.rollback().await?;
                skipped.push(*id);
            }
            Err(e) => return Err(e),
        }
    }
    txn.commit().await?;
    for (id, team, assignee) in previous {
        publish_conversation(state, id, Some((team, assignee))).await?;
    }
    Ok((updated, skipped))
}

pub async fn presence(state: &AppState, caller: &Caller, id: i64, presence: &str) -> AppResult<()> {
    if !matches!(presence, "viewing" | "replying" | "left") {
        return Err(AppError::invalid(
            "invalid_state",
            "Presence is viewing, replying or left.",
        ));
    }
    if presence == "replying" && !caller.role.has(Permission::ActOnConversations) {
        return Err(AppError::forbidden("Your role is read-only here."));
    }
    let conv = visible(&state.db, caller, id).await?;
    state.bus.publish(Published {
        team_id: conv.team_id,
        assignee_id: conv.assignee_id,
        only_user: None,
        except_user: Some(caller.user_id),
        event: Event::Presence {
            conversation_id: id,
            user_id: caller.user_id,
            user_name: caller.name.clone(),
            state: presence.into(),
        },
    });
    Ok(())
}

/// Snoozed conversations whose time has come are opened again.
pub async fn wake_snoozed(state: &AppState) -> AppResult<usize> {
    let due = state
        .db
        .query_all_raw(stmt(
            "UPDATE conversations SET status = 'open', snoozed_until = NULL \
             WHERE status = 'snoozed' AND snoozed_until <= ? RETURNING id",
            vec![now().into()],
        ))
        .await?;
    for row in &due {
        publish_conversation(state, row.try_get_by_index(0)?, None).await?;
    }
    Ok(due.len())
}
