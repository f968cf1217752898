//! Keywords the starting topic rules missed: waiting on hold is a delay ("on hold", "been
//! waiting", "en espera", 排队 …), "no me han devuelto el dinero" asks for a refund, 未收到
//! is a delivery problem, "no sirve" an outage. A new install is seeded with them
//! (`default_topics.tsv`); an existing one gets the ones its keyword rules of those topics
//! lack, appended, so an admin's own edits stay. A deleted rule is not brought back.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000010_starting_rule_keywords"
    }
}

/// The keywords added to the starting rules, by topic (as shipped with this migration).
const ADDED: &[(&str, &[&str])] = &[
    (
        "delay",
        &[
            "on hold",
            "been waiting",
            "waited",
            "wait time",
            "hold time",
            "on the tarmac",
            "en espera",
            "esperé",
            "排队",
            "排隊",
        ],
    ),
    (
        "refund",
        &[
            "devuelto el dinero",
            "devolver el dinero",
            "devuelvan el dinero",
            "devolverme el dinero",
            "reintegro",
        ],
    ),
    ("delivery", &["未收到", "收唔到"]),
    ("outage", &["no sirve", "no sirven"]),
];

/// `pattern` (comma-separated keywords) with those of `added` it lacks appended (compared
/// without case or surrounding spaces); `None` when it has them all.
fn with_keywords(pattern: &str, added: &[&str]) -> Option<String> {
    let has: Vec<String> = pattern
        .split(',')
        .map(|k| k.trim().to_lowercase())
        .collect();
    let missing: Vec<&str> = (added.iter().copied())
        .filter(|k| !has.iter().any(|h| h == k))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let kept = pattern.trim_end().trim_end_matches(',');
    Some(format!("{kept}, {}", missing.join(", ")))
}

/// Appends to each stored keyword rule of a topic in `added` the keywords it lacks
/// ([`with_keywords`]); regex rules and other topics are left as they are. (Also migration
/// 000012's, for its own keywords.)
pub(crate) async fn append_keywords(
    db: &impl ConnectionTrait,
    added: &[(&str, &[&str])],
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let rules = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, topic, pattern FROM topic_rules WHERE kind = 'keywords'",
        ))
        .await?;
    let now = crate::unix_now();
    for rule in rules {
        let id: i64 = rule.try_get("", "id")?;
        let topic: String = rule.try_get("", "topic")?;
        let pattern: String = rule.try_get("", "pattern")?;
        let Some((_, keywords)) = added.iter().find(|(t, _)| *t == topic) else {
            continue;
        };
        let Some(pattern) = with_keywords(&pattern, keywords) else {
            continue;
        };
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE topic_rules SET pattern = ?, updated_at = ? WHERE id = ?",
            [pattern.into(), now.into(), id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Asserts that the starting rules (`default_topics.tsv`) hold every keyword of `added`.
#[cfg(test)]
pub(crate) fn assert_seeded(added: &[(&str, &[&str])]) {
    for (topic, keywords) in added {
        let (_, _, pattern) = crate::default_topic_rules()
            .find(|(t, _, _)| t == topic)
            .expect("a starting rule");
        assert_eq!(with_keywords(pattern, keywords), None, "{topic}");
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        append_keywords(manager.get_connection(), ADDED).await
    }

    /// The keywords stay: they cannot be told apart from an admin's own.
    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_only_the_missing_keywords() {
        assert_eq!(
            with_keywords("delay, late, On Hold", &["on hold", "waited"]).as_deref(),
            Some("delay, late, On Hold, waited")
        );
        assert_eq!(
            with_keywords("delay, waited,", &["waited", "排队"]).as_deref(),
            Some("delay, waited, 排队")
        );
        assert_eq!(with_keywords("waited, 排队", &["waited", "排队"]), None);
    }

    /// A new install is seeded with every added keyword: this migration leaves it as it is.
    #[test]
    fn the_starting_rules_have_them_already() {
        assert_seeded(ADDED);
    }
}
