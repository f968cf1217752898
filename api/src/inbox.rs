//! The inbox: conversations, messages, contacts, tags, notifications and live events.

use serde::{Deserialize, Serialize};

use crate::ChannelKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationKind {
    /// A private thread (DM).
    Private,
    /// A public post and its comments.
    Public,
    /// A mention of the brand found by listening.
    Mention,
}

impl ConversationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationKind::Private => "private",
            ConversationKind::Public => "public",
            ConversationKind::Mention => "mention",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            ConversationKind::Private,
            ConversationKind::Public,
            ConversationKind::Mention,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Pending,
    Snoozed,
    Resolved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Pending => "pending",
            Status::Snoozed => "snoozed",
            Status::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Status::Open,
            Status::Pending,
            Status::Snoozed,
            Status::Resolved,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

impl Priority {
    /// Stored as 0..=3 so that sorting by priority is sorting by number.
    pub fn rank(self) -> i64 {
        self as i64
    }

    pub fn from_rank(rank: i64) -> Self {
        match rank {
            i64::MIN..=0 => Priority::Low,
            1 => Priority::Normal,
            2 => Priority::High,
            _ => Priority::Urgent,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From the customer.
    In,
    /// A reply by the team.
    Out,
    /// A private note, never sent.
    Note,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConversationSummary {
    pub id: i64,
    pub kind: ConversationKind,
    pub channel_id: i64,
    pub channel_kind: ChannelKind,
    pub channel_name: String,
    pub contact_id: i64,
    pub contact_name: String,
    pub contact_vip: bool,
    pub status: Status,
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    pub team_id: Option<i64>,
    pub tags: Vec<String>,
    pub sentiment: Option<String>,
    pub snoozed_until: Option<i64>,
    pub waiting_since: Option<i64>,
    pub first_response_at: Option<i64>,
    pub last_activity_at: Option<i64>,
    pub preview: String,
    pub message_count: i64,
    /// Messages newer than the caller last read.
    pub unread: bool,
    /// Filed away as spam (restorable); the inbox lists it only under the spam filter.
    pub spam: bool,
    /// What a public post exposed, e.g. "a card number": the customer should move to private.
    pub pii_exposed: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Message {
    pub id: i64,
    pub conversation_id: i64,
    pub direction: Direction,
    pub external_id: Option<String>,
    pub reply_to_external_id: Option<String>,
    pub text: String,
    pub language: Option<String>,
    pub sentiment: Option<String>,
    pub sentiment_score: Option<f64>,
    /// For customers' messages: the identity that wrote it.
    pub author_name: String,
    pub author_user_id: Option<i64>,
    /// Replies: `queued`, `sent`, `failed` (with the reason in `delivery_error`).
    pub delivery_status: Option<String>,
    pub delivery_error: Option<String>,
    pub url: Option<String>,
    pub created_at: i64,
    /// For customers' messages: what the analysis found and why.
    pub analysis: Option<MessageAnalysis>,
}

/// The analysis of a customer's message with the reasons behind each judgement (the web
/// app shows them on hover). Fields default, so older or partial analyses still read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct MessageAnalysis {
    pub language: Option<LanguageFinding>,
    pub sentiment: Option<SentimentFinding>,
    pub topics: Vec<TopicFinding>,
    pub pii: Vec<PiiFinding>,
    pub spam: SpamFinding,
    pub priority: PriorityFinding,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct LanguageFinding {
    pub code: String,
    pub script: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct SentimentFinding {
    pub score: f64,
    pub label: String,
    /// `en`, `es` or `zh`.
    pub lexicon: String,
    pub reasons: Vec<SentimentReason>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct SentimentReason {
    pub token: String,
    pub valence: f64,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct TopicFinding {
    pub topic: String,
    pub matched: String,
    pub urgent: bool,
}

/// Where a piece of personal data is in the message text (byte offsets), never its value.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct PiiFinding {
    /// `card_number`, `password`, `otp`, `account_number`, `booking_reference`, `email`, `phone`.
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub masked: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct SpamFinding {
    pub is_spam: bool,
    pub reasons: Vec<SpamReason>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct SpamReason {
    pub code: String,
    pub detail: String,
    pub strong: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct PriorityFinding {
    pub score: f64,
    pub band: String,
    pub terms: Vec<PriorityTerm>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct PriorityTerm {
    pub name: String,
    pub points: f64,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Identity {
    pub id: i64,
    pub channel_kind: ChannelKind,
    pub external_id: String,
    pub handle: String,
    pub display_name: String,
    pub followers: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub vip: bool,
    pub notes: String,
    pub identities: Vec<Identity>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConversationDetail {
    pub conversation: ConversationSummary,
    pub messages: Vec<Message>,
    pub contact: Contact,
    /// The contact's other conversations the caller may see, newest first.
    pub past_conversations: Vec<ConversationSummary>,
}

/// `GET /api/v1/conversations` query: every filter is optional.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct ConversationQuery {
    /// `open` (default), `pending`, `snoozed`, `resolved` or `all`.
    pub status: Option<String>,
    /// `mine`, `unassigned` or `all` (default).
    pub assigned: Option<String>,
    pub team_id: Option<i64>,
    pub channel_id: Option<i64>,
    pub kind: Option<ConversationKind>,
    pub tag: Option<String>,
    pub priority: Option<Priority>,
    pub sentiment: Option<String>,
    pub vip: Option<bool>,
    /// Only conversations whose customer has waited longer than this many seconds.
    pub waiting_longer_than: Option<i64>,
    /// Full-text search over message text.
    pub q: Option<String>,
    /// `true` lists only conversations filed as spam; otherwise they are left out.
    pub spam: Option<bool>,
    /// `priority` (default), `waiting` (longest waiting first) or `newest`.
    pub sort: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyRequest {
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    /// `@name` or `@email` mentions notify those users.
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct UpdateConversationRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Unix seconds; required with `status: snoozed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snoozed_until: Option<i64>,
    /// `Some(None)`: unassign.
    #[serde(
        default,
        deserialize_with = "crate::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub assignee_id: Option<Option<i64>>,
    #[serde(
        default,
        deserialize_with = "crate::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub team_id: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remove_tags: Option<Vec<String>>,
    /// `true` files the conversation as spam, `false` restores it to the queue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spam: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkUpdateRequest {
    pub conversation_ids: Vec<i64>,
    pub update: UpdateConversationRequest,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BulkUpdateResult {
    pub updated: Vec<i64>,
    /// Ids that do not exist or that the caller may not change.
    pub skipped: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Tag {
    pub id: i64,
    pub name: String,
    pub color: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub conversation_id: Option<i64>,
    pub message_id: Option<i64>,
    pub actor_name: String,
    pub text: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// `POST /api/v1/conversations/{id}/presence`: what the caller is doing there.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresenceRequest {
    /// `viewing`, `replying` or `left`.
    pub state: String,
}

/// One server-sent event on `/api/v1/events` (the SSE `data:` is this JSON; the SSE `event:`
/// name is `type`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A new message (customer, reply or note) in a conversation the user may see.
    Message {
        conversation_id: i64,
        /// Boxed: a message with its analysis is much larger than the other events.
        message: Box<Message>,
    },
    /// A conversation's status, priority, assignee, team or tags changed (or it is new).
    Conversation { conversation: ConversationSummary },
    /// Someone is looking at or typing in a conversation.
    Presence {
        conversation_id: i64,
        user_id: i64,
        user_name: String,
        state: String,
    },
    /// A notification for this user (e.g. an @mention in a note).
    Notification { notification: Notification },
    /// Many conversations changed at once (past messages analysed again): views reload
    /// rather than receive an event for each. Sent to everyone; it carries no conversation.
    Resync { reason: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_change_does_not_unassign() {
        let resolve = UpdateConversationRequest {
            status: Some(Status::Resolved),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&resolve).unwrap(),
            r#"{"status":"resolved"}"#
        );
        let unassign = UpdateConversationRequest {
            assignee_id: Some(None),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&unassign).unwrap(),
            r#"{"assignee_id":null}"#
        );
        let parsed: UpdateConversationRequest =
            serde_json::from_str(r#"{"assignee_id":null}"#).unwrap();
        assert_eq!(parsed.assignee_id, Some(None));
    }
}
