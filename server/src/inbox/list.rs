//! The conversation list: filters, full-text search, three sort orders and keyset (cursor)
//! pagination — one SQL statement, scoped to what the caller may see.

use earshot_api::{ConversationQuery, ConversationSummary, Page};
use sea_orm::{FromQueryResult, Value};

use super::rows::{ConversationRow, SUMMARY_SELECT, summaries};
use super::scope::Scope;
use super::search::match_expression;
use crate::db::stmt;
use crate::db::{Db, now};
use crate::error::{AppError, AppResult};

const MAX_LIMIT: u64 = 200;

#[derive(Clone, Copy, PartialEq)]
enum Sort {
    Priority,
    Waiting,
    Newest,
}

/// `waiting_since` of conversations nobody waits on sorts last.
const NOT_WAITING: i64 = i64::MAX;

pub async fn list(
    db: &Db,
    scope: &Scope,
    q: &ConversationQuery,
) -> AppResult<Page<ConversationSummary>> {
    let sort = match q.sort.as_deref().unwrap_or("priority") {
        "priority" => Sort::Priority,
        "waiting" => Sort::Waiting,
        "newest" => Sort::Newest,
        other => {
            return Err(AppError::invalid(
                "invalid_sort",
                format!("Unknown sort {other:?}; use priority, waiting or newest."),
            ));
        }
    };
    let limit = q.limit.unwrap_or(50).clamp(1, MAX_LIMIT);
    let mut conditions: Vec<String> = Vec::new();
    let mut values: Vec<Value> = vec![scope.user_id.into()];

    let (scope_sql, scope_values) = scope.sql();
    conditions.push(scope_sql);
    values.extend(scope_values);

    match q.status.as_deref().unwrap_or("open") {
        "all" => {}
        s @ ("open" | "pending" | "snoozed" | "resolved") => {
            conditions.push("c.status = ?".into());
            values.push(s.into());
        }
        other => {
            return Err(AppError::invalid(
                "invalid_status",
                format!("Unknown status {other:?}; use open, pending, snoozed, resolved or all."),
            ));
        }
    }
    // Spam is filed away from the queue: listed only when asked for.
    conditions.push(if q.spam == Some(true) {
        "c.spam".into()
    } else {
        "NOT c.spam".into()
    });
    match q.assigned.as_deref().unwrap_or("all") {
        "all" => {}
        "mine" => {
            conditions.push("c.assignee_id = ?".into());
            values.push(scope.user_id.into());
        }
        "unassigned" => conditions.push("c.assignee_id IS NULL".into()),
        other => {
            return Err(AppError::invalid(
                "invalid_assigned",
                format!("Unknown assigned filter {other:?}; use mine, unassigned or all."),
            ));
        }
    }
    if let Some(team) = q.team_id {
        conditions.push("c.team_id = ?".into());
        values.push(team.into());
    }
    if let Some(channel) = q.channel_id {
        conditions.push("c.channel_id = ?".into());
        values.push(channel.into());
    }
    if let Some(kind) = q.kind {
        conditions.push("c.kind = ?".into());
        values.push(kind.as_str().into());
    }
    if let Some(priority) = q.priority {
        conditions.push("c.priority = ?".into());
        values.push(priority.rank().into());
    }
    if let Some(sentiment) = q.sentiment.as_deref().filter(|s| !s.is_empty()) {
        conditions.push("c.sentiment_label = ?".into());
        values.push(sentiment.into());
    }
    if q.vip == Some(true) {
        conditions.push("ct.vip".into());
    }
    if let Some(secs) = q.waiting_longer_than {
        conditions.push("c.waiting_since IS NOT NULL AND c.waiting_since <= ?".into());
        values.push((now() - secs.max(0)).into());
    }
    if let Some(tag) = q.tag.as_deref().filter(|s| !s.is_empty()) {
        conditions.push(
            "EXISTS (SELECT 1 FROM conversation_tags x JOIN tags t ON t.id = x.tag_id \
             WHERE x.conversation_id = c.id AND t.name = ?)"
                .into(),
        );
        values.push(super::tags::normalize(tag).into());
    }
    if let Some(expr) = q.q.as_deref().and_then(match_expression) {
        conditions.push(search_condition());
        values.push(expr.into());
    }
    if let Some(cursor) = q.cursor.as_deref().filter(|s| !s.is_empty()) {
        let (a, b, id) = parse_cursor(cursor)?;
        let keyset = match sort {
            Sort::Priority => "(c.priority, c.last_activity_at, c.id) < (?, ?, ?)",
            Sort::Newest => "(c.last_activity_at, c.id) < (?, ?)",
            Sort::Waiting => "(COALESCE(c.waiting_since, 9223372036854775807), c.id) > (?, ?)",
        };
        conditions.push(keyset.into());
        if sort == Sort::Priority {
            values.push(a.into());
        }
        values.push(b.into());
        values.push(id.into());
    }
    let order = match sort {
        Sort::Priority => "c.priority DESC, c.last_activity_at DESC, c.id DESC",
        Sort::Newest => "c.last_activity_at DESC, c.id DESC",
        Sort::Waiting => "COALESCE(c.waiting_since, 9223372036854775807) ASC, c.id ASC",
    };
    let sql = format!(
        "{SUMMARY_SELECT} WHERE {} ORDER BY {order} LIMIT {}",
        conditions.join(" AND "),
        limit + 1
    );
    let mut rows = ConversationRow::find_by_statement(stmt(&sql, values))
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| make_cursor(sort, r))
    } else {
        None
    };
    Ok(Page {
        items: summaries(db, &rows).await?,
        next_cursor,
    })
}

/// A search considers the conversations of at most this many most recent matching messages:
/// a term found in more messages than that is too common to list them all usefully, and the
/// bound keeps every search fast (FTS5 streams matches newest-first and stops here).
pub const SEARCH_MATCH_LIMIT: u64 = 2_000;

fn search_condition() -> String {
    format!(
        "c.id IN (SELECT m.conversation_id FROM messages m WHERE m.id IN \
         (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT {SEARCH_MATCH_LIMIT}))"
    )
}

fn make_cursor(sort: Sort, r: &ConversationRow) -> String {
    match sort {
        Sort::Priority => format!("{}.{}.{}", r.priority, r.last_activity_at, r.id),
        Sort::Newest => format!("0.{}.{}", r.last_activity_at, r.id),
        Sort::Waiting => format!("0.{}.{}", r.waiting_since.unwrap_or(NOT_WAITING), r.id),
    }
}

fn parse_cursor(cursor: &str) -> AppResult<(i64, i64, i64)> {
    let bad = || {
        AppError::invalid(
            "invalid_cursor",
            "The cursor is not valid; use next_cursor from a previous page with the same sort.",
        )
    };
    let parts: Vec<i64> = cursor
        .split('.')
        .map(|p| p.parse().map_err(|_| bad()))
        .collect::<AppResult<_>>()?;
    match parts[..] {
        [a, b, c] => Ok((a, b, c)),
        _ => Err(bad()),
    }
}
