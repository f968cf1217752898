//! `earshot reanalyze`: the customer messages already stored, analysed again by this version
//! of the engine with the topic rules saved now, so reports and the inbox stop mixing old and
//! new judgements after an upgrade, and a topic rule added in Settings finds past messages.
//!
//! What is judged from the text is replaced: language (a language the channel gave is kept),
//! sentiment with its reasons, topics, personal data, and the priority terms that come from
//! them. What was judged from the author and the stream at arrival is kept: the spam verdict
//! and the priority terms for direct address, VIP, reach, engagement and spam
//! ([`priority::ARRIVAL_TERMS`]); the near-duplicate check needs the stream as it was.
//!
//! Conversations follow as the pipeline moves them, never backwards: the sentiment of the
//! latest customer message that has one, the priority raised (not lowered) to their messages'
//! new bands, personal data newly found in a public post flagged and masked in the preview,
//! and tags added for topics newly found (none taken away: agents edit tags). Nothing is
//! routed again: conversations stay with the teams that have them.
//!
//! Safe while the server runs: the messages are read and written in short transactions of
//! [`BATCH`]; live screens show the new analysis when they next load a conversation.

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{ConnectionTrait, FromQueryResult};
use serde_json::Value;

use earshot_api::ReanalysisSummary as Summary;

use super::analysis::rank_of_band;
use crate::analysis::priority::{self, Term};
use crate::analysis::{self, Analysis, Input, TopicRules, language, pii};
use crate::db::{Db, stmt, write_tx};
use crate::inbox::service::preview;
use crate::inbox::tags;
use crate::reports::dates;

/// Messages read, analysed and written in one transaction.
const BATCH: i64 = 500;

/// What a re-analysis changed, in a sentence.
pub fn describe(summary: &Summary) -> String {
    format!(
        "{} messages in {} conversations ({} changed): sentiment changed for {}, topics for {}, \
         language for {}; personal data newly found in {}",
        summary.messages,
        summary.conversations,
        summary.conversations_changed,
        summary.sentiment_changed,
        summary.topics_changed,
        summary.language_changed,
        summary.pii_found
    )
}

#[derive(FromQueryResult)]
struct StoredMessage {
    id: i64,
    conversation_id: i64,
    text: String,
    created_at: i64,
    language: Option<String>,
    sentiment_label: Option<String>,
    analysis: String,
    /// The conversation's kind: `private`, `public` or `mention`.
    kind: String,
    /// Whether this is the conversation's latest message (its preview's).
    last: bool,
}

/// What a batch's messages changed in one conversation.
#[derive(Default)]
struct ConversationChange {
    /// Whether any of its messages' analysis changed (else it is left alone).
    changed: bool,
    priority: i64,
    pii_exposed: Option<&'static str>,
    /// The masked preview of its latest message, when new personal data was found in it.
    preview: Option<String>,
    new_topics: BTreeSet<String>,
}

/// Analyses the customer messages created at or after `since` (seconds; all of them when
/// `None`) again. With `dry_run`, counts what would change and writes nothing.
pub async fn reanalyze(db: &Db, since: Option<i64>, dry_run: bool) -> anyhow::Result<Summary> {
    let mode = if dry_run { Mode::DryRun } else { Mode::Write };
    continue_from(db, since, Progress::default(), mode).await
}

/// How far a re-analysis has come: the messages up to `after` (an id) are done, with these
/// counts.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Progress {
    pub after: i64,
    pub summary: Summary,
}

/// Whether a re-analysis writes, and where it keeps its progress.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    /// Counts what would change and writes nothing.
    DryRun,
    Write,
    /// Writes, and saves its progress in this row of `reanalysis_runs` with each batch (in
    /// the batch's transaction: a restart resumes exactly after the last batch written).
    Run(i64),
}

/// [`reanalyze`] from `progress` on (the messages after `progress.after`, its counts added
/// to).
pub async fn continue_from(
    db: &Db,
    since: Option<i64>,
    progress: Progress,
    mode: Mode,
) -> anyhow::Result<Summary> {
    let rules = analysis::settings::load(db).await?;
    let Progress {
        mut after,
        mut summary,
    } = progress;
    // Conversations are counted batch by batch, so a running run shows how many it has
    // read. Continued from a saved point, they are counted once up to it: a run saved
    // before they were counted with each batch has none.
    if after > 0 {
        summary.conversations = conversations_between(db, since, i64::MIN, after).await?;
    }
    loop {
        // Read in the transaction that writes: a message arriving meanwhile cannot make the
        // preview written here stale.
        let txn = write_tx(db).await?;
        let batch = StoredMessage::find_by_statement(stmt(
            "SELECT m.id, m.conversation_id, m.text, m.created_at, m.language, m.sentiment_label, \
             m.analysis, c.kind, c.last_message_id IS m.id AS last \
             FROM messages m JOIN conversations c ON c.id = m.conversation_id \
             WHERE m.direction = 'in' AND m.id > ? AND m.created_at >= ? ORDER BY m.id LIMIT ?",
            vec![after.into(), since.unwrap_or(i64::MIN).into(), BATCH.into()],
        ))
        .all(&txn)
        .await?;
        let Some(last) = batch.last() else { break };
        summary.conversations += conversations_between(&txn, since, after, last.id).await?;
        after = last.id;
        let mut changes: BTreeMap<i64, ConversationChange> = BTreeMap::new();
        for message in &batch {
            let again = analyse_again(message, &rules);
            count(&mut summary, message, &again);
            let change = changes.entry(message.conversation_id).or_default();
            change.priority = change
                .priority
                .max(rank_of_band(again.analysis.priority.band));
            if again.pii_newly_found && message.kind != "private" {
                let exposed = again.analysis.pii.first().map(|f| f.kind.label());
                change.pii_exposed = change.pii_exposed.or(exposed);
            }
            if again.pii_newly_found && message.last {
                let masked = pii::mask(&message.text, &again.analysis.pii, |_| true);
                change.preview = Some(preview(&masked));
            }
            change.new_topics.extend(again.new_topics.iter().cloned());
            change.changed |= store(&txn, message, &again).await?;
        }
        for (&id, change) in changes.iter().filter(|(_, c)| c.changed) {
            update_conversation(&txn, id, change).await?;
            summary.conversations_changed += 1;
        }
        match mode {
            // A dry run takes the same steps and rolls them back.
            Mode::DryRun => txn.rollback().await?,
            Mode::Write => txn.commit().await?,
            Mode::Run(run) => {
                save_progress(&txn, run, after, &summary).await?;
                txn.commit().await?;
            }
        }
    }
    Ok(summary)
}

/// How many conversations have their first customer message from `since` after the message
/// `from` and up to the message `to`: the conversations a re-analysis reads for the first
/// time in those messages. (Each batch asks of its own messages only, the earlier ones
/// through the `messages_conversation` index: no batch reads all the messages done.)
async fn conversations_between(
    db: &impl ConnectionTrait,
    since: Option<i64>,
    from: i64,
    to: i64,
) -> anyhow::Result<u64> {
    let since = since.unwrap_or(i64::MIN);
    let row = db
        .query_one_raw(stmt(
            "SELECT COUNT(DISTINCT m.conversation_id) FROM messages m \
             WHERE m.direction = 'in' AND m.id > ? AND m.id <= ? AND m.created_at >= ? \
             AND NOT EXISTS (SELECT 1 FROM messages e WHERE e.conversation_id = m.conversation_id \
             AND e.direction = 'in' AND e.id <= ? AND e.created_at >= ?)",
            vec![
                from.into(),
                to.into(),
                since.into(),
                from.into(),
                since.into(),
            ],
        ))
        .await?;
    let count: i64 = match row {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    };
    Ok(count.max(0) as u64)
}

async fn save_progress(
    txn: &impl ConnectionTrait,
    run: i64,
    after: i64,
    summary: &Summary,
) -> anyhow::Result<()> {
    txn.execute_raw(stmt(
        "UPDATE reanalysis_runs SET after_message_id = ?, summary = ? WHERE id = ?",
        vec![
            after.into(),
            serde_json::to_string(summary)?.into(),
            run.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// A message's new analysis and how it differs from the stored one.
struct Again {
    analysis: Analysis,
    /// The analysis as stored: the new one with the stored spam verdict and arrival terms.
    json: Value,
    /// `json` is not what is stored (compared as JSON values: the ingest pipeline writes the
    /// fields in another order, so the texts of equal analyses differ).
    changed: bool,
    topics_changed: bool,
    new_topics: Vec<String>,
    pii_newly_found: bool,
}

fn analyse_again(message: &StoredMessage, rules: &TopicRules) -> Again {
    // A message stored before the analysis existed, or with JSON that does not parse, is
    // analysed as new.
    let stored: Value = serde_json::from_str(&message.analysis)
        .ok()
        .filter(Value::is_object)
        .unwrap_or_else(|| Value::Object(Default::default()));
    let given = stored.pointer("/language/reason").and_then(Value::as_str)
        == Some(language::GIVEN_BY_CHANNEL);
    let input = Input {
        text: &message.text,
        language_hint: stored
            .pointer("/language/code")
            .and_then(Value::as_str)
            .filter(|_| given),
        public: message.kind != "private",
        direct: message.kind != "public",
        ..Input::default()
    };
    let mut analysis = analysis::analyze(&input, rules);
    if let Some(terms) = stored.pointer("/priority/terms").and_then(Value::as_array) {
        let kept = terms.iter().filter_map(arrival_term);
        let from_text = std::mem::take(&mut analysis.priority.terms)
            .into_iter()
            .filter(|t| !priority::ARRIVAL_TERMS.contains(&t.name));
        analysis.priority = priority::of_terms(kept.chain(from_text).collect());
    }
    let mut json = serde_json::to_value(&analysis).unwrap_or_else(|_| stored.clone());
    if let Some(spam) = stored.get("spam") {
        json["spam"] = spam.clone();
    }
    let stored_topics: BTreeSet<&str> = (stored.get("topics").and_then(Value::as_array))
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("topic").and_then(Value::as_str))
        .collect();
    let topics: BTreeSet<&str> = analysis.topics.iter().map(|t| t.topic.as_str()).collect();
    let new_topics = topics
        .difference(&stored_topics)
        .map(|t| t.to_string())
        .collect();
    let stored_pii = stored
        .get("pii")
        .and_then(Value::as_array)
        .is_some_and(|p| !p.is_empty());
    Again {
        changed: json != stored,
        topics_changed: topics != stored_topics,
        new_topics,
        pii_newly_found: !stored_pii && !analysis.pii.is_empty(),
        analysis,
        json,
    }
}

/// A stored priority term that came from the author or the stream, as a term again.
fn arrival_term(term: &Value) -> Option<Term> {
    let name = term.get("name").and_then(Value::as_str)?;
    let name = *priority::ARRIVAL_TERMS.iter().find(|&&n| n == name)?;
    Some(Term {
        name,
        points: term.get("points").and_then(Value::as_f64)?,
        detail: term
            .get("detail")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
            .into(),
    })
}

/// Counts `message` and what its new analysis changed into `summary`.
fn count(summary: &mut Summary, message: &StoredMessage, again: &Again) {
    let analysis = &again.analysis;
    summary.messages += 1;
    let label = analysis.sentiment.as_ref().map(|s| s.label);
    summary.sentiment_changed += u64::from(label != message.sentiment_label.as_deref());
    summary.topics_changed += u64::from(again.topics_changed);
    let code = analysis.language.as_ref().map(|l| &*l.code);
    summary.language_changed += u64::from(code != message.language.as_deref());
    summary.pii_found += u64::from(again.pii_newly_found);
}

/// Writes a message's new analysis; false when it is the stored one.
async fn store(
    txn: &impl ConnectionTrait,
    message: &StoredMessage,
    again: &Again,
) -> anyhow::Result<bool> {
    let analysis = &again.analysis;
    let sentiment = analysis.sentiment.as_ref();
    // The columns are written with the JSON, from the same analysis: the same JSON, the same
    // row (a second run writes nothing).
    if !again.changed {
        return Ok(false);
    }
    let json = again.json.to_string();
    txn.execute_raw(stmt(
        "UPDATE messages SET language = ?, sentiment_label = ?, sentiment_score = ?, analysis = ? \
         WHERE id = ?",
        vec![
            analysis
                .language
                .as_ref()
                .map(|l| l.code.to_string())
                .into(),
            sentiment.map(|s| s.label.to_string()).into(),
            sentiment.map(|s| s.score).into(),
            json.into(),
            message.id.into(),
        ],
    ))
    .await?;
    if again.topics_changed {
        txn.execute_raw(stmt(
            "DELETE FROM message_topics WHERE message_id = ?",
            vec![message.id.into()],
        ))
        .await?;
        for topic in &analysis.topics {
            txn.execute_raw(stmt(
                "INSERT OR IGNORE INTO message_topics (message_id, conversation_id, topic, created_at) \
                 VALUES (?, ?, ?, ?)",
                vec![
                    message.id.into(),
                    message.conversation_id.into(),
                    topic.topic.to_string().into(),
                    message.created_at.into(),
                ],
            ))
            .await?;
        }
    }
    Ok(true)
}

async fn update_conversation(
    txn: &impl ConnectionTrait,
    id: i64,
    change: &ConversationChange,
) -> anyhow::Result<()> {
    // The latest customer message with a sentiment, as the pipeline leaves it.
    const LATEST: &str = "FROM messages WHERE conversation_id = ?1 AND direction = 'in' \
                          AND sentiment_label IS NOT NULL ORDER BY id DESC LIMIT 1";
    txn.execute_raw(stmt(
        &format!(
            "UPDATE conversations SET \
             sentiment_label = COALESCE((SELECT sentiment_label {LATEST}), sentiment_label), \
             sentiment_score = COALESCE((SELECT sentiment_score {LATEST}), sentiment_score), \
             priority = MAX(priority, ?2), pii_exposed = COALESCE(pii_exposed, ?3), \
             preview = COALESCE(?4, preview) WHERE id = ?1"
        ),
        vec![
            id.into(),
            change.priority.into(),
            change.pii_exposed.map(str::to_string).into(),
            change.preview.clone().into(),
        ],
    ))
    .await?;
    for topic in &change.new_topics {
        tags::add(txn, id, &tags::normalize(topic)).await?;
    }
    Ok(())
}

/// `YYYY-MM-DD` (UTC) as the Unix time it starts; `None` for anything that is not a date.
pub fn start_of_day(day: &str) -> Option<i64> {
    dates::parse(day).map(dates::start_of)
}

#[cfg(test)]
mod tests;
