//! Reports: what customers said over a period, within the caller's reach (supervisors their
//! teams, agents the conversations assigned to them, other roles everything).

use serde::{Deserialize, Serialize};

/// `GET /api/v1/reports/overview?from=YYYY-MM-DD&to=YYYY-MM-DD` (both days included, UTC), or
/// `?days=N` (the N days up to `to`, or up to today); the last 30 days when none is given.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    /// The period's length in days, ending on `to` (or today); instead of `from`.
    #[serde(default)]
    pub days: Option<i64>,
    /// Only this team's conversations (within the caller's reach).
    #[serde(default)]
    pub team_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OverviewReport {
    pub from: String,
    pub to: String,
    /// Customer messages received (conversations filed as spam excluded).
    pub customer_messages: i64,
    /// Customer messages that thank (the "thanks" topic; sarcastic thanks is not counted).
    pub thanks_messages: i64,
    /// Conversations in which the customer thanked at least once.
    pub thanked_conversations: i64,
    /// The gratitude index: thank-you messages per 100 customer messages; none without
    /// messages.
    pub gratitude_index: Option<f64>,
    /// The same index over the period of the same length just before.
    pub previous_gratitude_index: Option<f64>,
    /// Mean sentiment score of the customer messages that have one, in [-1, 1].
    pub mean_sentiment: Option<f64>,
    /// One entry per day of the period, days without messages included.
    pub days: Vec<ReportDay>,
    /// The most frequent topics of the period, most frequent first.
    pub topics: Vec<TopicCount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReportDay {
    /// `YYYY-MM-DD` (UTC).
    pub date: String,
    pub customer_messages: i64,
    pub thanks_messages: i64,
    pub negative: i64,
    pub neutral: i64,
    pub positive: i64,
    pub mean_sentiment: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TopicCount {
    pub topic: String,
    pub messages: i64,
}
