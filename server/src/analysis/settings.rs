//! Settings → Topics: the topic rules in the database, and the compiled set the pipeline
//! uses (recompiled after every change, so a saved rule applies to the next message).

use earshot_api::{TopicRule, TopicRuleRequest};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde_json::json;

use super::topics::{self, TopicRuleDef, TopicRules};
use crate::AppState;
use crate::audit::{self, Actor};
use crate::auth::Caller;
use crate::db::{Db, now, stmt, write_tx};
use crate::error::{AppError, AppResult};

#[derive(FromQueryResult)]
struct RuleRow {
    id: i64,
    topic: String,
    kind: String,
    pattern: String,
    language: Option<String>,
    urgent: bool,
    team_id: Option<i64>,
    updated_at: i64,
}

impl From<RuleRow> for TopicRule {
    fn from(r: RuleRow) -> TopicRule {
        TopicRule {
            id: r.id,
            topic: r.topic,
            kind: r.kind,
            pattern: r.pattern,
            language: r.language,
            urgent: r.urgent,
            team_id: r.team_id,
            updated_at: r.updated_at,
        }
    }
}

pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<TopicRule>> {
    let rows = RuleRow::find_by_statement(stmt(
        "SELECT id, topic, kind, pattern, language, urgent, team_id, updated_at FROM topic_rules ORDER BY id",
        vec![],
    ))
    .all(db)
    .await?;
    Ok(rows.into_iter().map(TopicRule::from).collect())
}

/// The saved rules, compiled. A rule that no longer compiles is skipped (and logged) rather
/// than stopping the pipeline; rules are validated when saved, so this only guards upgrades.
pub async fn load(db: &impl ConnectionTrait) -> AppResult<TopicRules> {
    let mut defs = Vec::new();
    for rule in list(db).await? {
        let def = def_of(
            &rule.topic,
            &rule.kind,
            &rule.pattern,
            rule.language,
            rule.urgent,
            rule.team_id,
        );
        match topics::validate(&def) {
            Ok(()) => defs.push(def),
            Err(e) => tracing::warn!(rule = rule.id, error = %e, "topic rule skipped"),
        }
    }
    TopicRules::compile(defs).map_err(|e| anyhow::anyhow!("topic rules: {e}").into())
}

fn def_of(
    topic: &str,
    kind: &str,
    pattern: &str,
    language: Option<String>,
    urgent: bool,
    team_id: Option<i64>,
) -> TopicRuleDef {
    TopicRuleDef {
        topic: topic.trim().to_lowercase(),
        kind: kind.to_string(),
        pattern: pattern.trim().to_string(),
        language: language
            .map(|l| l.trim().to_lowercase())
            .filter(|l| !l.is_empty()),
        urgent,
        team_id,
    }
}

/// The request as a rule definition, or a 4xx a person can act on.
fn checked(req: TopicRuleRequest) -> AppResult<TopicRuleDef> {
    let def = def_of(
        &req.topic,
        &req.kind,
        &req.pattern,
        req.language,
        req.urgent,
        req.team_id,
    );
    if def.pattern.chars().count() > 4000 {
        return Err(AppError::invalid(
            "invalid_pattern",
            "Keep a rule's pattern under 4,000 characters.",
        ));
    }
    if def
        .language
        .as_ref()
        .is_some_and(|l| l.chars().count() > 16)
    {
        return Err(AppError::invalid(
            "invalid_language",
            "Use a language code such as eng, spa, cmn, yue or zho.",
        ));
    }
    topics::validate(&def).map_err(|e| AppError::invalid("invalid_topic_rule", e.to_string()))?;
    Ok(def)
}

/// After a change (to the rules, or a team they route to): recompile the rules the pipeline
/// uses.
pub async fn reload(state: &AppState) -> AppResult<()> {
    let rules = load(&state.db).await?;
    *state.topic_rules.write().unwrap_or_else(|e| e.into_inner()) = rules;
    Ok(())
}

async fn one(db: &impl ConnectionTrait, id: i64) -> AppResult<TopicRule> {
    RuleRow::find_by_statement(stmt(
        "SELECT id, topic, kind, pattern, language, urgent, team_id, updated_at FROM topic_rules WHERE id = ?",
        vec![id.into()],
    ))
    .one(db)
    .await?
    .map(TopicRule::from)
    .ok_or(AppError::NotFound("topic rule"))
}

/// After an insert or update: audits it, commits, and recompiles the pipeline's rules.
async fn saved(
    state: &AppState,
    txn: sea_orm::DatabaseTransaction,
    caller: &Caller,
    ip: &str,
    action: &str,
    id: i64,
) -> AppResult<TopicRule> {
    let rule = one(&txn, id).await?;
    audit::record(
        &txn,
        Actor::User(caller),
        action,
        &rule.topic,
        ip,
        json!({"rule_id": id}),
    )
    .await?;
    txn.commit().await?;
    reload(state).await?;
    Ok(rule)
}

pub async fn create(
    state: &AppState,
    caller: &Caller,
    ip: &str,
    req: TopicRuleRequest,
) -> AppResult<TopicRule> {
    let def = checked(req)?;
    let txn = write_tx(&state.db).await?;
    crate::users::teams::check_exists(&txn, def.team_id).await?;
    let at = now();
    let row = txn
        .query_one_raw(stmt(
            "INSERT INTO topic_rules (topic, kind, pattern, language, urgent, team_id, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [rule_values(&def), vec![at.into(), at.into()]].concat(),
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("insert returned no id"))?;
    let id: i64 = row.try_get_by_index(0)?;
    saved(state, txn, caller, ip, "topic_rule.create", id).await
}

/// A rule's columns in table order (topic, kind, pattern, language, urgent, team).
fn rule_values(def: &TopicRuleDef) -> Vec<sea_orm::Value> {
    vec![
        def.topic.clone().into(),
        def.kind.clone().into(),
        def.pattern.clone().into(),
        def.language.clone().into(),
        def.urgent.into(),
        def.team_id.into(),
    ]
}

pub async fn update(
    state: &AppState,
    caller: &Caller,
    ip: &str,
    id: i64,
    req: TopicRuleRequest,
) -> AppResult<TopicRule> {
    let def = checked(req)?;
    let txn = write_tx(&state.db).await?;
    one(&txn, id).await?;
    crate::users::teams::check_exists(&txn, def.team_id).await?;
    txn.execute_raw(stmt(
        "UPDATE topic_rules SET topic = ?, kind = ?, pattern = ?, language = ?, urgent = ?, team_id = ?, updated_at = ? WHERE id = ?",
        [rule_values(&def), vec![now().into(), id.into()]].concat(),
    ))
    .await?;
    saved(state, txn, caller, ip, "topic_rule.update", id).await
}

pub async fn delete(state: &AppState, caller: &Caller, ip: &str, id: i64) -> AppResult<()> {
    let txn = write_tx(&state.db).await?;
    let existing = one(&txn, id).await?;
    txn.execute_raw(stmt(
        "DELETE FROM topic_rules WHERE id = ?",
        vec![id.into()],
    ))
    .await?;
    audit::record(
        &txn,
        Actor::User(caller),
        "topic_rule.delete",
        &existing.topic,
        ip,
        json!({"rule_id": id}),
    )
    .await?;
    txn.commit().await?;
    reload(state).await
}

/// The rules at start-up (the migration seeds Earshot's defaults).
pub async fn load_at_start(db: &Db) -> anyhow::Result<TopicRules> {
    load(db)
        .await
        .map_err(|e| anyhow::anyhow!("loading topic rules: {e}"))
}
