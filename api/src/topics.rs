//! Topic rules (Settings → Topics): what tags a message with an intent such as "refund".

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TopicRule {
    pub id: i64,
    pub topic: String,
    /// `keywords` (comma-separated words and phrases, any language) or `regex`.
    pub kind: String,
    pub pattern: String,
    /// Only for messages in this language (`eng`, `spa`, `cmn`, `yue`, `zho` = any Chinese).
    pub language: Option<String>,
    /// Urgent topics raise a message's priority.
    pub urgent: bool,
    /// A new conversation about this topic goes to this team instead of its channel's.
    pub team_id: Option<i64>,
    pub updated_at: i64,
}

/// Create or replace a rule.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct TopicRuleRequest {
    pub topic: String,
    pub kind: String,
    pub pattern: String,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub urgent: bool,
    /// Route conversations about this topic to this team: new ones, and unassigned ones whose
    /// team neither a topic nor a person has chosen yet. None keeps the channel's team.
    #[serde(default)]
    pub team_id: Option<i64>,
}
