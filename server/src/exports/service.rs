//! The messages export: every message of a period within the caller's scope, oldest first,
//! as CSV written a page at a time (memory stays flat however long the period). Pages follow
//! the time index (`messages_by_time`, whose entries are ordered by time and then id), each
//! starting where the last one stopped, so a page costs the same on the first day and the last.

use std::collections::HashMap;

use earshot_api::{Message, ReportQuery};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

use super::csv;
use crate::auth::Caller;
use crate::db::{Db, stmt};
use crate::error::AppResult;
use crate::inbox::privacy;
use crate::inbox::rows::{MESSAGE_SELECT, MessageRow};
use crate::inbox::scope::{Scope, narrowed_to_team};
use crate::reports::dates;
use crate::reports::service::Period;

/// Messages read per query.
const PAGE: i64 = 1000;

pub const COLUMNS: [&str; 16] = [
    "message_id",
    "conversation_id",
    "created_at",
    "channel",
    "conversation_kind",
    "status",
    "team",
    "spam",
    "direction",
    "author",
    "language",
    "sentiment",
    "sentiment_score",
    "topics",
    "personal_data",
    "text",
];

/// What the export covers, fixed when it starts.
pub struct Export {
    db: Db,
    /// A condition on conversations `c` (the caller's scope and the asked team), with values.
    filter: (String, Vec<Value>),
    period: Period,
    sees_contact_details: bool,
    /// The (time, id) of the last message written; the next page starts after it.
    after: Option<(i64, i64)>,
    pub done: bool,
}

impl Export {
    pub fn new(db: Db, caller: &Caller, query: &ReportQuery, period: Period) -> Export {
        let scope = Scope::of(caller);
        Export {
            db,
            filter: narrowed_to_team(scope.sql(), query.team_id),
            period,
            sees_contact_details: scope.sees_contact_details,
            after: None,
            done: false,
        }
    }

    /// The header line.
    pub fn header() -> String {
        let mut out = String::new();
        csv::push_record(&mut out, COLUMNS);
        out
    }

    /// The next page of records, or `None` when all are written.
    pub async fn next_page(&mut self) -> AppResult<Option<String>> {
        if self.done {
            return Ok(None);
        }
        // The range starts at the last page's time (its other messages at that second are
        // skipped by id), so the index is read from there, already in order: no sort.
        let [start, end] = self.period.bounds();
        let (start, last_at, last_id): (Value, i64, i64) = match self.after {
            Some((at, id)) => (at.into(), at, id),
            None => (start, i64::MIN, i64::MIN),
        };
        let sql = format!(
            "{MESSAGE_SELECT} JOIN conversations c ON c.id = m.conversation_id \
             WHERE m.created_at >= ? AND m.created_at < ? AND (m.created_at > ? OR m.id > ?) \
             AND {} ORDER BY m.created_at, m.id LIMIT {PAGE}",
            self.filter.0
        );
        let mut values: Vec<Value> = vec![start, end, last_at.into(), last_id.into()];
        values.extend(self.filter.1.iter().cloned());
        let rows = MessageRow::find_by_statement(stmt(&sql, values))
            .all(&self.db)
            .await?;
        if (rows.len() as i64) < PAGE {
            self.done = true;
        }
        let Some(last) = rows.last() else {
            return Ok(None);
        };
        self.after = Some((last.created_at, last.id));
        let conversations = conversations(&self.db, &rows).await?;
        let mut out = String::with_capacity(rows.len() * 256);
        for row in rows {
            let mut message = Message::from(row);
            if !self.sees_contact_details {
                privacy::hide_contact_details(&mut message);
            }
            let about = conversations.get(&message.conversation_id);
            record(&mut out, &message, about);
        }
        Ok(Some(out))
    }
}

/// What the export says of a message's conversation.
#[derive(FromQueryResult)]
struct ConversationFacts {
    id: i64,
    channel: String,
    kind: String,
    status: String,
    team: Option<String>,
    spam: bool,
}

async fn conversations(
    db: &impl ConnectionTrait,
    rows: &[MessageRow],
) -> AppResult<HashMap<i64, ConversationFacts>> {
    let mut ids: Vec<i64> = rows.iter().map(|r| r.conversation_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let sql = format!(
        "SELECT c.id, ch.name AS channel, c.kind, c.status, t.name AS team, c.spam \
         FROM conversations c JOIN channels ch ON ch.id = c.channel_id \
         LEFT JOIN teams t ON t.id = c.team_id WHERE c.id IN ({})",
        vec!["?"; ids.len()].join(",")
    );
    let values = ids.into_iter().map(Value::from).collect();
    Ok(ConversationFacts::find_by_statement(stmt(&sql, values))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect())
}

/// `unix_secs` as `YYYY-MM-DDTHH:MM:SSZ`.
fn timestamp(unix_secs: i64) -> String {
    let seconds = unix_secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        dates::format(dates::day_of(unix_secs)),
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

fn record(out: &mut String, m: &Message, about: Option<&ConversationFacts>) {
    let direction = match m.direction {
        earshot_api::Direction::In => "in",
        earshot_api::Direction::Out => "out",
        earshot_api::Direction::Note => "note",
    };
    let (topics, personal_data) = match &m.analysis {
        Some(a) => (
            a.topics
                .iter()
                .map(|t| t.topic.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            a.pii
                .iter()
                .map(|p| p.kind.as_str())
                .collect::<Vec<_>>()
                .join(";"),
        ),
        None => (String::new(), String::new()),
    };
    let fields = [
        m.id.to_string(),
        m.conversation_id.to_string(),
        timestamp(m.created_at),
        about.map(|c| c.channel.clone()).unwrap_or_default(),
        about.map(|c| c.kind.clone()).unwrap_or_default(),
        about.map(|c| c.status.clone()).unwrap_or_default(),
        about.and_then(|c| c.team.clone()).unwrap_or_default(),
        about.is_some_and(|c| c.spam).to_string(),
        direction.to_string(),
        m.author_name.clone(),
        m.language.clone().unwrap_or_default(),
        m.sentiment.clone().unwrap_or_default(),
        m.sentiment_score.map(|s| s.to_string()).unwrap_or_default(),
        topics,
        personal_data,
        m.text.clone(),
    ];
    csv::push_record(out, fields.iter().map(String::as_str));
}

#[cfg(test)]
mod tests {
    use super::timestamp;

    #[test]
    fn timestamps_are_utc_iso_8601() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_795_776_245), "2026-11-27T10:44:05Z");
    }
}
