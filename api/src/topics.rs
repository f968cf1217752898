//! Topic rules (Settings → Topics): what tags a message with an intent such as "refund".

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TopicRule {
    pub id: i64,
    pub topic: String,
    /// `keywords` (comma-separated words and phrases, any language), `regex`, or `sentiment`
    /// (the pattern is a score: 0.4 tags messages scoring 0.4 or more, -0.6 those at -0.6 or
    /// less).
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

/// Start analysing the stored customer messages again (Settings → Topics: apply the rules to
/// past messages; also after an upgrade).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct ReanalysisRequest {
    /// Only messages written on or after this day (`YYYY-MM-DD`, UTC); all when absent.
    #[serde(default)]
    pub since: Option<String>,
}

/// The latest re-analysis started from Settings, if any (kept across restarts).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct ReanalysisStatus {
    pub running: bool,
    pub since: Option<String>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    /// A restart of the server interrupted it, and the server went on with it from where it
    /// stopped.
    #[serde(default)]
    pub resumed: bool,
    /// What it changed and read: so far while it runs, all once finished.
    pub summary: Option<ReanalysisSummary>,
    /// Why it stopped, if it failed (the batches done before stay done).
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct ReanalysisSummary {
    pub messages: u64,
    pub conversations: u64,
    /// Conversations rewritten: some message's stored analysis changed.
    pub conversations_changed: u64,
    /// Messages whose sentiment label changed.
    pub sentiment_changed: u64,
    /// Messages whose topics changed.
    pub topics_changed: u64,
    pub language_changed: u64,
    /// Messages with personal data the stored analysis had not found.
    pub pii_found: u64,
}
