//! Rows read from the inbox tables and their wire forms. Queries select exactly these columns.

use earshot_api::{
    ChannelKind, ConversationKind, ConversationSummary, Direction, Message, MessageAnalysis,
    Priority, Status,
};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

use crate::db::stmt;
use crate::error::AppResult;

/// The columns of a conversation summary; `{read_user}` is bound to the caller for unread.
pub const SUMMARY_SELECT: &str = "SELECT c.id, c.kind, c.channel_id, ch.kind AS channel_kind, \
    ch.name AS channel_name, c.contact_id, ct.name AS contact_name, ct.vip AS contact_vip, c.status, \
    c.priority, c.assignee_id, c.team_id, c.sentiment_label, c.snoozed_until, c.waiting_since, \
    c.first_response_at, c.last_activity_at, c.preview, c.message_count, c.last_message_id, \
    c.spam, c.pii_exposed, \
    COALESCE((SELECT r.last_read_message_id FROM conversation_reads r \
              WHERE r.user_id = ? AND r.conversation_id = c.id), 0) AS last_read \
    FROM conversations c JOIN channels ch ON ch.id = c.channel_id JOIN contacts ct ON ct.id = c.contact_id";

#[derive(Debug, Clone, FromQueryResult)]
pub struct ConversationRow {
    pub id: i64,
    pub kind: String,
    pub channel_id: i64,
    pub channel_kind: String,
    pub channel_name: String,
    pub contact_id: i64,
    pub contact_name: String,
    pub contact_vip: bool,
    pub status: String,
    pub priority: i64,
    pub assignee_id: Option<i64>,
    pub team_id: Option<i64>,
    pub sentiment_label: Option<String>,
    pub snoozed_until: Option<i64>,
    pub waiting_since: Option<i64>,
    pub first_response_at: Option<i64>,
    pub last_activity_at: i64,
    pub preview: String,
    pub message_count: i64,
    pub last_message_id: Option<i64>,
    pub spam: bool,
    pub pii_exposed: Option<String>,
    pub last_read: i64,
}

impl ConversationRow {
    pub fn to_wire(&self, tags: Vec<String>) -> ConversationSummary {
        ConversationSummary {
            id: self.id,
            kind: ConversationKind::parse(&self.kind).unwrap_or(ConversationKind::Private),
            channel_id: self.channel_id,
            channel_kind: ChannelKind::parse(&self.channel_kind).unwrap_or(ChannelKind::Api),
            channel_name: self.channel_name.clone(),
            contact_id: self.contact_id,
            contact_name: self.contact_name.clone(),
            contact_vip: self.contact_vip,
            status: Status::parse(&self.status).unwrap_or(Status::Open),
            priority: Priority::from_rank(self.priority),
            assignee_id: self.assignee_id,
            team_id: self.team_id,
            tags,
            sentiment: self.sentiment_label.clone(),
            snoozed_until: self.snoozed_until,
            waiting_since: self.waiting_since,
            first_response_at: self.first_response_at,
            last_activity_at: Some(self.last_activity_at),
            preview: self.preview.clone(),
            message_count: self.message_count,
            unread: self.last_message_id.unwrap_or(0) > self.last_read,
            spam: self.spam,
            pii_exposed: self.pii_exposed.clone(),
        }
    }
}

/// Summaries for rows, with their tags, in the rows' order.
pub async fn summaries(
    db: &impl ConnectionTrait,
    rows: &[ConversationRow],
) -> AppResult<Vec<ConversationSummary>> {
    if rows.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<Value> = rows.iter().map(|r| r.id.into()).collect();
    let sql = format!(
        "SELECT ct.conversation_id, t.name FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id \
         WHERE ct.conversation_id IN ({}) ORDER BY t.name",
        vec!["?"; ids.len()].join(",")
    );
    let tag_rows = db.query_all_raw(stmt(&sql, ids)).await?;
    let mut tags: Vec<(i64, String)> = Vec::with_capacity(tag_rows.len());
    for row in tag_rows {
        tags.push((row.try_get_by_index(0)?, row.try_get_by_index(1)?));
    }
    Ok(rows
        .iter()
        .map(|r| {
            r.to_wire(
                tags.iter()
                    .filter(|(id, _)| *id == r.id)
                    .map(|(_, n)| n.clone())
                    .collect(),
            )
        })
        .collect())
}

pub const MESSAGE_SELECT: &str = "SELECT m.id, m.conversation_id, m.direction, m.external_id, \
    m.reply_to_external_id, m.text, m.language, m.sentiment_label, m.sentiment_score, \
    COALESCE(NULLIF(i.display_name, ''), NULLIF(i.handle, ''), u.name, '') AS author_name, \
    m.author_user_id, m.delivery_status, m.delivery_error, m.url, m.created_at, m.analysis \
    FROM messages m LEFT JOIN contact_identities i ON i.id = m.author_identity_id \
    LEFT JOIN users u ON u.id = m.author_user_id";

#[derive(Debug, Clone, FromQueryResult)]
pub struct MessageRow {
    pub id: i64,
    pub conversation_id: i64,
    pub direction: String,
    pub external_id: Option<String>,
    pub reply_to_external_id: Option<String>,
    pub text: String,
    pub language: Option<String>,
    pub sentiment_label: Option<String>,
    pub sentiment_score: Option<f64>,
    pub author_name: String,
    pub author_user_id: Option<i64>,
    pub delivery_status: Option<String>,
    pub delivery_error: Option<String>,
    pub url: Option<String>,
    pub created_at: i64,
    pub analysis: String,
}

impl From<MessageRow> for Message {
    /// The wire message, with secrets (card numbers, passwords, codes) masked for every role.
    fn from(m: MessageRow) -> Message {
        let analysis = serde_json::from_str::<MessageAnalysis>(&m.analysis)
            .ok()
            .filter(|a| *a != MessageAnalysis::default());
        let text = match &analysis {
            Some(a) => super::privacy::mask_secrets(&m.text, &a.pii),
            None => m.text,
        };
        Message {
            id: m.id,
            conversation_id: m.conversation_id,
            direction: match m.direction.as_str() {
                "out" => Direction::Out,
                "note" => Direction::Note,
                _ => Direction::In,
            },
            external_id: m.external_id,
            reply_to_external_id: m.reply_to_external_id,
            text,
            language: m.language,
            sentiment: m.sentiment_label,
            sentiment_score: m.sentiment_score,
            author_name: m.author_name,
            author_user_id: m.author_user_id,
            delivery_status: m.delivery_status,
            delivery_error: m.delivery_error,
            url: m.url,
            created_at: m.created_at,
            analysis,
        }
    }
}

pub async fn message(db: &impl ConnectionTrait, id: i64) -> AppResult<Option<Message>> {
    let sql = format!("{MESSAGE_SELECT} WHERE m.id = ?");
    Ok(MessageRow::find_by_statement(stmt(&sql, vec![id.into()]))
        .one(db)
        .await?
        .map(Message::from))
}

/// One conversation's row regardless of scope (callers check scope themselves).
pub async fn conversation_row(
    db: &impl ConnectionTrait,
    user_id: i64,
    id: i64,
) -> AppResult<Option<ConversationRow>> {
    let sql = format!("{SUMMARY_SELECT} WHERE c.id = ?");
    Ok(
        ConversationRow::find_by_statement(stmt(&sql, vec![user_id.into(), id.into()]))
            .one(db)
            .await?,
    )
}

/// One conversation's row and summary (with its tags) regardless of scope.
pub async fn conversation(
    db: &impl ConnectionTrait,
    user_id: i64,
    id: i64,
) -> AppResult<Option<(ConversationRow, ConversationSummary)>> {
    let Some(row) = conversation_row(db, user_id, id).await? else {
        return Ok(None);
    };
    let summary = summaries(db, std::slice::from_ref(&row)).await?.remove(0);
    Ok(Some((row, summary)))
}
