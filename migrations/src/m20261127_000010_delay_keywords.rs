//! Waiting on hold is a delay: the starting "delay" rule gains the keywords customers use for
//! it ("on hold", "been waiting", "en espera", 排队 …). A new install is seeded with them
//! (`default_topics.tsv`); an existing one gets the ones its "delay" keyword rules lack,
//! appended, so an admin's own edits stay. A deleted rule is not brought back.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000010_delay_keywords"
    }
}

/// The keywords added to the starting "delay" rule (as shipped with this migration).
const ADDED: &[&str] = &[
    "on hold",
    "been waiting",
    "waited",
    "wait time",
    "hold time",
    "en espera",
    "esperé",
    "排队",
    "排隊",
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

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        let rules = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, pattern FROM topic_rules WHERE topic = 'delay' AND kind = 'keywords'",
            ))
            .await?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        for rule in rules {
            let id: i64 = rule.try_get("", "id")?;
            let pattern: String = rule.try_get("", "pattern")?;
            let Some(pattern) = with_keywords(&pattern, ADDED) else {
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
    fn the_starting_rule_has_them_already() {
        let (_, _, delay) = crate::default_topic_rules()
            .find(|(topic, _, _)| *topic == "delay")
            .expect("a starting delay rule");
        assert_eq!(with_keywords(delay, ADDED), None);
    }
}
