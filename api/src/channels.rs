//! Channels: where conversations come from. Today the generic API channel; the platform
//! channels (Telegram, WhatsApp, Mastodon, …) use the same shapes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Api,
    Telegram,
    Whatsapp,
    Facebook,
    Instagram,
    Wechat,
    Mastodon,
    Bluesky,
    Reddit,
    Rss,
    Hn,
    X,
    Email,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 13] = [
        ChannelKind::Api,
        ChannelKind::Telegram,
        ChannelKind::Whatsapp,
        ChannelKind::Facebook,
        ChannelKind::Instagram,
        ChannelKind::Wechat,
        ChannelKind::Mastodon,
        ChannelKind::Bluesky,
        ChannelKind::Reddit,
        ChannelKind::Rss,
        ChannelKind::Hn,
        ChannelKind::X,
        ChannelKind::Email,
    ];

    pub fn parse(s: &str) -> Option<ChannelKind> {
        ChannelKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Api => "api",
            ChannelKind::Telegram => "telegram",
            ChannelKind::Whatsapp => "whatsapp",
            ChannelKind::Facebook => "facebook",
            ChannelKind::Instagram => "instagram",
            ChannelKind::Wechat => "wechat",
            ChannelKind::Mastodon => "mastodon",
            ChannelKind::Bluesky => "bluesky",
            ChannelKind::Reddit => "reddit",
            ChannelKind::Rss => "rss",
            ChannelKind::Hn => "hn",
            ChannelKind::X => "x",
            ChannelKind::Email => "email",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Channel {
    pub id: i64,
    pub kind: ChannelKind,
    pub name: String,
    /// Conversations from this channel go to this team (and are visible to its members).
    pub team_id: Option<i64>,
    /// API channel: replies are POSTed here, signed with the channel secret.
    pub webhook_url: Option<String>,
    /// Last four characters of the secret, to tell secrets apart; the secret itself is only
    /// shown once, when created or rotated.
    pub secret_hint: String,
    pub active: bool,
    pub last_success_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateChannelRequest {
    pub name: String,
    #[serde(default)]
    pub team_id: Option<i64>,
    #[serde(default)]
    pub webhook_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct UpdateChannelRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Some(None)` clears the team.
    #[serde(
        default,
        deserialize_with = "crate::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub team_id: Option<Option<i64>>,
    #[serde(
        default,
        deserialize_with = "crate::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub webhook_url: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// The answer to creating a channel or rotating its secret: the secret, shown this once.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_update_fields_are_not_sent() {
        let only_active = UpdateChannelRequest {
            active: Some(false),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&only_active).unwrap(),
            r#"{"active":false}"#
        );
        let clear_team = UpdateChannelRequest {
            team_id: Some(None),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&clear_team).unwrap(),
            r#"{"team_id":null}"#
        );
        let parsed: UpdateChannelRequest = serde_json::from_str(r#"{"team_id":null}"#).unwrap();
        assert_eq!(parsed.team_id, Some(None));
        let parsed: UpdateChannelRequest = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!(parsed.team_id, None);
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChannelWithSecret {
    pub channel: Channel,
    pub secret: String,
    /// `POST` inbound items here, signed with `X-Earshot-Signature: sha256=<hex hmac>`.
    pub inbound_path: String,
}

/// One inbound item posted to an API channel (`POST /api/v1/channels/{id}/inbound`, a single
/// object or `{"items": [...]}`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboundItem {
    /// The sender's id for this item; the same id twice is stored once.
    pub external_id: String,
    /// `private` (a DM thread), `public` (a post and its comments) or `mention`.
    #[serde(default = "default_kind")]
    pub kind: String,
    pub author: InboundAuthor,
    pub text: String,
    /// Unix seconds; defaults to the time of receipt.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// The external id this item replies to (threads it into that conversation).
    #[serde(default)]
    pub reply_to_id: Option<String>,
    /// The external id of the thread's first post (public threads).
    #[serde(default)]
    pub thread_root_id: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// A language tag if the sender knows it.
    #[serde(default)]
    pub lang: Option<String>,
    /// The reactions the item has drawn so far, as the platform reports them (author reach
    /// and engagement raise the priority of a public complaint).
    #[serde(default)]
    pub engagement: Option<InboundEngagement>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboundEngagement {
    #[serde(default)]
    pub likes: i64,
    #[serde(default)]
    pub shares: i64,
    #[serde(default)]
    pub replies: i64,
}

impl InboundEngagement {
    /// Likes + 2·shares + 2·replies: sharing and answering spread a post further than a like.
    pub fn score(&self) -> i64 {
        let n = |v: i64| v.clamp(0, 1_000_000_000);
        n(self.likes) + 2 * n(self.shares) + 2 * n(self.replies)
    }
}

fn default_kind() -> String {
    "private".into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboundAuthor {
    pub id: String,
    #[serde(default)]
    pub handle: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub followers: Option<i64>,
    /// How many accounts the author follows (thousands followed, no followers: a spam signal).
    #[serde(default)]
    pub following: Option<i64>,
    /// When the author's account was created, Unix seconds (days-old accounts: a spam signal).
    #[serde(default)]
    pub account_created_at: Option<i64>,
    /// The platform marks the account as automated (Mastodon `bot`, Telegram `is_bot`…).
    #[serde(default)]
    pub bot: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboundBatch {
    pub items: Vec<InboundItem>,
}

/// 202 answer: one entry per item, in order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InboundAccepted {
    pub items: Vec<InboundResult>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct InboundResult {
    pub external_id: String,
    pub message_id: i64,
    pub conversation_id: i64,
    /// True when this external id had been stored before (nothing new was stored).
    pub duplicate: bool,
}

/// What the API channel POSTs to its webhook URL for an agent's reply.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutboundWebhook {
    pub event: String,
    pub message_id: i64,
    pub conversation_id: i64,
    /// The customer's id on the channel (the `author.id` of their items).
    pub recipient_id: String,
    /// The external id of the item being answered, if any.
    pub in_reply_to: Option<String>,
    pub text: String,
    pub author_name: String,
    pub created_at: i64,
}
