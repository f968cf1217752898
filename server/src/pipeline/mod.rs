//! The ingest pipeline: the one path every inbound item takes.
//!
//! dedupe on (channel, external id) → resolve the author's contact identity → thread into a
//! conversation (reply-to id, thread root, DM peer; a resolved conversation reopens) →
//! analysis hook → rules hook → persist — the whole batch in ONE short IMMEDIATE
//! transaction → publish live events.

pub mod analysis;
pub mod reanalysis_job;
pub mod reanalyze;

use std::collections::{HashMap, HashSet};

use earshot_api::{InboundItem, InboundResult};
use sea_orm::ConnectionTrait;

use crate::AppState;
use crate::channels::service::ChannelRow;
use crate::contacts::{Author, resolve_identity};
use crate::db::stmt;
use crate::db::{now, write_tx};
use crate::error::AppResult;
use crate::inbox::search::index_text;
use crate::inbox::service::{preview, publish_messages};
use crate::inbox::tags;

/// The team a message routes its conversation to: that of its first topic whose rule routes
/// to a team (urgent topics first). A new conversation goes there, else to its channel's
/// team; a later message moves it there if [`route_later`] allows. The SQL checks the team
/// still exists, so a rule compiled before its team was deleted routes nowhere.
fn routed_team(topics: &[crate::analysis::TopicHit]) -> Option<i64> {
    let routed = |urgent: bool| {
        topics
            .iter()
            .filter(move |t| t.urgent == urgent)
            .find_map(|t| t.team_id)
    };
    routed(true).or_else(|| routed(false))
}

/// Where an author's id is unique: a platform's ids are global to the platform, but each API
/// channel is its own system, so "42" on two API channels are two different people.
pub fn identity_namespace(channel: &ChannelRow) -> String {
    if channel.kind == "api" {
        format!("api:{}", channel.id)
    } else {
        channel.kind.clone()
    }
}

/// The key that finds an item's conversation when it does not reply to a known message.
fn thread_key(item: &InboundItem) -> String {
    match item.kind.as_str() {
        "public" => format!(
            "post:{}",
            item.thread_root_id.as_deref().unwrap_or(&item.external_id)
        ),
        "mention" => format!(
            "mention:{}",
            item.thread_root_id.as_deref().unwrap_or(&item.external_id)
        ),
        _ => format!("dm:{}", item.author.id),
    }
}

/// What a batch learns as it goes, so repeated authors, threads and ids cost no extra queries.
#[derive(Default)]
struct BatchMemo {
    /// external id → (message id, conversation id), for in-batch duplicates and replies.
    messages: HashMap<String, (i64, i64)>,
    identities: HashMap<String, (i64, i64)>,
    threads: HashMap<String, i64>,
    /// Conversation changes, applied once per conversation at the end of the batch.
    touched: Vec<Touch>,
    /// Full-text index rows, written in a few multi-row statements at the end of the batch.
    search_rows: Vec<(i64, String)>,
    /// (message, conversation, topic, written at) for reports, written the same way.
    topic_rows: Vec<(i64, i64, String, i64)>,
}

struct Touch {
    conversation_id: i64,
    earliest: i64,
    latest: i64,
    last_message_id: i64,
    preview: String,
    count: i64,
    /// The conversation's sentiment follows its latest customer message that has one.
    sentiment: Option<(String, f64)>,
    /// Topics found in the batch's messages, added to the conversation as tags.
    topics: Vec<String>,
    /// The highest priority rank the batch's messages scored; never lowers the conversation's.
    priority: i64,
    /// What a public message exposed ("a card number"), if any; kept once set.
    pii_exposed: Option<&'static str>,
    /// The teams the batch's messages to this conversation route it to, in order (spam
    /// routes nothing).
    routed_teams: Vec<i64>,
}

impl BatchMemo {
    fn touch(
        &mut self,
        conversation_id: i64,
        message_id: i64,
        created_at: i64,
        text: &str,
        analysed: &analysis::Analysed,
    ) {
        let sentiment = analysed.sentiment();
        let topics = analysed.analysis.topics.iter().map(|t| t.topic.to_string());
        let priority = analysed.priority_rank();
        let pii_exposed = analysed.pii_exposed;
        let routed = Some(&analysed.analysis)
            .filter(|a| !a.spam.is_spam)
            .and_then(|a| routed_team(&a.topics));
        // Every role sees lists: the preview has all personal data masked.
        let text = &crate::analysis::pii::mask(text, &analysed.analysis.pii, |_| true);
        match self
            .touched
            .iter_mut()
            .find(|t| t.conversation_id == conversation_id)
        {
            Some(t) => {
                t.earliest = t.earliest.min(created_at);
                t.latest = t.latest.max(created_at);
                t.last_message_id = message_id;
                t.preview = preview(text);
                t.count += 1;
                if sentiment.is_some() {
                    t.sentiment = sentiment;
                }
                for topic in topics {
                    if !t.topics.contains(&topic) {
                        t.topics.push(topic);
                    }
                }
                t.priority = t.priority.max(priority);
                t.pii_exposed = t.pii_exposed.or(pii_exposed);
                if let Some(team) = routed
                    && !t.routed_teams.contains(&team)
                {
                    t.routed_teams.push(team);
                }
            }
            None => self.touched.push(Touch {
                conversation_id,
                earliest: created_at,
                latest: created_at,
                last_message_id: message_id,
                preview: preview(text),
                count: 1,
                sentiment,
                topics: topics.collect(),
                priority,
                pii_exposed,
                routed_teams: routed.into_iter().collect(),
            }),
        }
    }
}

pub async fn ingest(
    state: &AppState,
    channel: &ChannelRow,
    items: &[InboundItem],
) -> AppResult<Vec<InboundResult>> {
    let received_at = now();
    let namespace = identity_namespace(channel);
    let vips = vip_authors(&state.db, &namespace, items).await?;
    // CPU work before the write lock is taken.
    let analyses: Vec<_> = {
        let rules = state.topic_rules.read().unwrap_or_else(|e| e.into_inner());
        let mut recent = state.recent_texts.lock().unwrap_or_else(|e| e.into_inner());
        items
            .iter()
            .map(|i| {
                let vip = vips.contains(&i.author.id);
                analysis::analyze(i, &rules, &mut recent, &namespace, vip, received_at)
            })
            .collect()
    };
    let guard = state.ingest_lock.lock().await;
    let txn = write_tx(&state.db).await?;
    let mut memo = BatchMemo::default();
    let duplicates = known_messages(&txn, channel.id, items).await?;
    let mut results = Vec::with_capacity(items.len());
    for (item, analysis) in items.iter().zip(analyses) {
        // 1. Dedupe: a retried webhook (or an id repeated in the batch) stores nothing new.
        if let Some((message_id, conversation_id)) = duplicates
            .get(&item.external_id)
            .copied()
            .or_else(|| memo.messages.get(&item.external_id).copied())
        {
            results.push(InboundResult {
                external_id: item.external_id.clone(),
                message_id,
                conversation_id,
                duplicate: true,
            });
            continue;
        }
        results.push(ingest_one(&txn, channel, item, analysis, received_at, &mut memo).await?);
    }
    for chunk in memo.search_rows.chunks(400) {
        let sql = format!(
            "INSERT INTO messages_fts (rowid, body) VALUES {}",
            vec!["(?, ?)"; chunk.len()].join(", ")
        );
        let values = chunk
            .iter()
            .flat_map(|(id, body)| [(*id).into(), body.clone().into()])
            .collect();
        txn.execute_raw(stmt(&sql, values)).await?;
    }
    for chunk in memo.topic_rows.chunks(200) {
        let sql = format!(
            "INSERT INTO message_topics (message_id, conversation_id, topic, created_at) VALUES {}",
            vec!["(?, ?, ?, ?)"; chunk.len()].join(", ")
        );
        let values = chunk
            .iter()
            .flat_map(|(message, conversation, topic, at)| {
                [
                    (*message).into(),
                    (*conversation).into(),
                    topic.clone().into(),
                    (*at).into(),
                ]
            })
            .collect();
        txn.execute_raw(stmt(&sql, values)).await?;
    }
    // Conversations a later message routed to another team, with the team they left.
    let mut rerouted = Vec::new();
    // A new customer message reopens a pending, snoozed or resolved conversation.
    for t in &memo.touched {
        txn.execute_raw(stmt(
            "UPDATE conversations SET status = 'open', snoozed_until = NULL, \
             waiting_since = COALESCE(waiting_since, ?), last_activity_at = MAX(last_activity_at, ?), \
             last_message_id = ?, preview = ?, message_count = message_count + ?, \
             sentiment_label = COALESCE(?, sentiment_label), sentiment_score = COALESCE(?, sentiment_score), \
             priority = MAX(priority, ?), pii_exposed = COALESCE(pii_exposed, ?) WHERE id = ?",
            vec![
                t.earliest.into(),
                t.latest.into(),
                t.last_message_id.into(),
                t.preview.clone().into(),
                t.count.into(),
                t.sentiment.as_ref().map(|(label, _)| label.clone()).into(),
                t.sentiment.as_ref().map(|(_, score)| *score).into(),
                t.priority.into(),
                t.pii_exposed.map(str::to_string).into(),
                t.conversation_id.into(),
            ],
        ))
        .await?;
        // Topics are tags, so the inbox filters and routing rules can use them.
        for topic in &t.topics {
            tags::add(&txn, t.conversation_id, &tags::normalize(topic)).await?;
        }
        if let Some(previous_team) = route_later(&txn, t.conversation_id, &t.routed_teams).await? {
            rerouted.push((t.conversation_id, previous_team));
        }
    }
    // Channel health, inside the batch's transaction: a separate write here would wait on
    // the next batch's lock (SQLite's busy handler sleeps in milliseconds).
    txn.execute_raw(stmt(
        "UPDATE channels SET last_success_at = ? WHERE id = ? AND (last_success_at IS NULL OR last_success_at < ?)",
        vec![received_at.into(), channel.id.into(), received_at.into()],
    ))
    .await?;
    txn.commit().await?;
    drop(guard);
    let published: Vec<(i64, i64)> = results
        .iter()
        .filter(|r| !r.duplicate)
        .map(|r| (r.conversation_id, r.message_id))
        .collect();
    // The team that saw a rerouted conversation is told too, so it leaves their lists.
    publish_messages(state, &published, &rerouted).await?;
    Ok(results)
}

/// Routing by topic after a conversation's first message: an unassigned conversation (not
/// spam) whose team is not settled goes to the first of `teams` (routed topics' teams) that
/// still exists, and its team is settled. A team is settled once a topic routed the
/// conversation or a person chose its team, so the first routing stands. Returns the team
/// it left, if it moved.
async fn route_later(
    txn: &impl ConnectionTrait,
    conversation_id: i64,
    teams: &[i64],
) -> AppResult<Option<Option<i64>>> {
    if teams.is_empty() {
        return Ok(None);
    }
    let Some(row) = txn
        .query_one_raw(stmt(
            "SELECT team_id FROM conversations WHERE id = ? AND assignee_id IS NULL \
             AND NOT team_settled AND NOT spam",
            vec![conversation_id.into()],
        ))
        .await?
    else {
        return Ok(None);
    };
    let previous: Option<i64> = row.try_get_by_index(0)?;
    for &team in teams {
        let routed = txn
            .execute_raw(stmt(
                "UPDATE conversations SET team_id = ?, team_settled = 1 \
                 WHERE id = ? AND EXISTS (SELECT 1 FROM teams WHERE id = ?)",
                vec![team.into(), conversation_id.into(), team.into()],
            ))
            .await?;
        if routed.rows_affected() == 1 {
            return Ok((previous != Some(team)).then_some(previous));
        }
    }
    Ok(None)
}

/// The batch's authors whose contact is marked VIP (a priority term), one query per 500.
async fn vip_authors(
    db: &impl ConnectionTrait,
    namespace: &str,
    items: &[InboundItem],
) -> AppResult<HashSet<String>> {
    let authors: Vec<&str> = items
        .iter()
        .map(|i| i.author.id.as_str())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut vips = HashSet::new();
    for chunk in authors.chunks(500) {
        let mut values: Vec<sea_orm::Value> = vec![namespace.into()];
        values.extend(chunk.iter().map(|a| (*a).into()));
        let sql = format!(
            "SELECT i.external_id FROM contact_identities i JOIN contacts c ON c.id = i.contact_id \
             WHERE c.vip AND i.channel_kind = ? AND i.external_id IN ({})",
            vec!["?"; chunk.len()].join(",")
        );
        for row in db.query_all_raw(stmt(&sql, values)).await? {
            vips.insert(row.try_get_by_index::<String>(0)?);
        }
    }
    Ok(vips)
}

/// The batch's external ids already stored for this channel, in one query per 500 ids.
async fn known_messages(
    db: &impl ConnectionTrait,
    channel_id: i64,
    items: &[InboundItem],
) -> AppResult<HashMap<String, (i64, i64)>> {
    let mut known = HashMap::new();
    for chunk in items.chunks(500) {
        let mut values: Vec<sea_orm::Value> = vec![channel_id.into()];
        values.extend(chunk.iter().map(|i| i.external_id.clone().into()));
        let sql = format!(
            "SELECT external_id, id, conversation_id FROM messages WHERE channel_id = ? AND external_id IN ({})",
            vec!["?"; chunk.len()].join(",")
        );
        for row in db.query_all_raw(stmt(&sql, values)).await? {
            known.insert(
                row.try_get_by_index::<String>(0)?,
                (row.try_get_by_index(1)?, row.try_get_by_index(2)?),
            );
        }
    }
    Ok(known)
}

async fn ingest_one(
    db: &impl ConnectionTrait,
    channel: &ChannelRow,
    item: &InboundItem,
    analysis: analysis::Analysed,
    received_at: i64,
    memo: &mut BatchMemo,
) -> AppResult<InboundResult> {
    // 2. The author's identity and contact.
    let (identity_id, contact_id) = match memo.identities.get(&item.author.id) {
        Some(known) => *known,
        None => {
            let namespace = identity_namespace(channel);
            let author = Author {
                channel_kind: &namespace,
                external_id: &item.author.id,
                handle: item.author.handle.as_deref().unwrap_or(""),
                display_name: item.author.name.as_deref().unwrap_or(""),
                followers: item.author.followers,
            };
            let resolved = resolve_identity(db, &author).await?;
            memo.identities.insert(item.author.id.clone(), resolved);
            resolved
        }
    };
    let created_at = item.created_at.unwrap_or(received_at);

    // 3. Threading: the conversation of the message replied to, else the thread key's.
    let mut conversation_id: Option<i64> = None;
    for parent in [&item.reply_to_id, &item.thread_root_id]
        .into_iter()
        .flatten()
    {
        if let Some((_, conv)) = memo.messages.get(parent) {
            conversation_id = Some(*conv);
            break;
        }
        if let Some(row) = db
            .query_one_raw(stmt(
                "SELECT conversation_id FROM messages WHERE channel_id = ? AND external_id = ?",
                vec![channel.id.into(), parent.clone().into()],
            ))
            .await?
        {
            conversation_id = Some(row.try_get_by_index(0)?);
            break;
        }
    }
    let key = thread_key(item);
    if conversation_id.is_none() {
        conversation_id = memo.threads.get(&key).copied();
    }
    if conversation_id.is_none()
        && let Some(row) = db
            .query_one_raw(stmt(
                "SELECT id FROM conversations WHERE channel_id = ? AND thread_key = ? ORDER BY id DESC LIMIT 1",
                vec![channel.id.into(), key.clone().into()],
            ))
            .await?
    {
        conversation_id = Some(row.try_get_by_index(0)?);
    }
    let conversation_id = match conversation_id {
        Some(id) => id,
        None => {
            // Spam routes nothing (it is filed away); restored, a later message may route it.
            let routed = Some(&analysis.analysis)
                .filter(|a| !a.spam.is_spam)
                .and_then(|a| routed_team(&a.topics));
            let row = db
                .query_one_raw(stmt(
                    "INSERT INTO conversations (channel_id, contact_id, kind, thread_key, team_id, team_settled, last_activity_at, created_at, spam) \
                     VALUES (?, ?, ?, ?, COALESCE((SELECT id FROM teams WHERE id = ?), ?), EXISTS (SELECT 1 FROM teams WHERE id = ?), ?, ?, ?) RETURNING id",
                    vec![
                        channel.id.into(),
                        contact_id.into(),
                        item.kind.clone().into(),
                        key.clone().into(),
                        routed.into(),
                        channel.team_id.into(),
                        // Routed by a topic: settled (later topics leave it).
                        routed.into(),
                        created_at.into(),
                        received_at.into(),
                        // A conversation that starts as spam is filed away (restorable).
                        analysis.analysis.spam.is_spam.into(),
                    ],
                ))
                .await?
                .ok_or_else(|| anyhow::anyhow!("insert returned no id"))?;
            row.try_get_by_index(0)?
        }
    };
    memo.threads.insert(key, conversation_id);

    // 4. The message and its search entry; the conversation is updated once per batch.
    let row = db
        .query_one_raw(stmt(
            "INSERT INTO messages (conversation_id, channel_id, direction, external_id, reply_to_external_id, \
             author_identity_id, text, url, language, sentiment_label, sentiment_score, analysis, spam, created_at) \
             VALUES (?, ?, 'in', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            vec![
                conversation_id.into(),
                channel.id.into(),
                item.external_id.clone().into(),
                item.reply_to_id.clone().into(),
                identity_id.into(),
                item.text.clone().into(),
                item.url.clone().into(),
                analysis.language().into(),
                analysis.sentiment().map(|(label, _)| label).into(),
                analysis.sentiment().map(|(_, score)| score).into(),
                analysis.json.clone().into(),
                analysis.analysis.spam.is_spam.into(),
                created_at.into(),
            ],
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("insert returned no id"))?;
    let message_id: i64 = row.try_get_by_index(0)?;
    memo.search_rows.push((message_id, index_text(&item.text)));
    memo.topic_rows.extend(
        analysis
            .analysis
            .topics
            .iter()
            .map(|t| (message_id, conversation_id, t.topic.to_string(), created_at)),
    );
    memo.messages
        .insert(item.external_id.clone(), (message_id, conversation_id));
    memo.touch(
        conversation_id,
        message_id,
        created_at,
        &item.text,
        &analysis,
    );
    Ok(InboundResult {
        external_id: item.external_id.clone(),
        message_id,
        conversation_id,
        duplicate: false,
    })
}

#[cfg(test)]
mod tests {
    use super::routed_team;
    use crate::analysis::TopicHit;

    fn hit(topic: &str, urgent: bool, team_id: Option<i64>) -> TopicHit {
        TopicHit {
            topic: topic.into(),
            matched: topic.into(),
            urgent,
            team_id,
        }
    }

    #[test]
    fn an_urgent_topic_routes_before_the_first_one() {
        assert_eq!(routed_team(&[]), None);
        assert_eq!(routed_team(&[hit("thanks", false, None)]), None);
        let topics = [
            hit("praise", false, Some(1)),
            hit("refund", true, None),
            hit("outage", true, Some(2)),
        ];
        assert_eq!(routed_team(&topics), Some(2));
        assert_eq!(routed_team(&topics[..2]), Some(1));
    }
}
