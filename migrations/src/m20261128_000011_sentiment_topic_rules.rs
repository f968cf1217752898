//! Topic rules of a third kind, `sentiment`: a rule that tags a message by its sentiment
//! score ("praise" for every message scoring 0.4 or more), where keywords cannot list every
//! way customers praise a service. SQLite cannot change a CHECK constraint, so the table is
//! rebuilt with the rules (and their ids) kept; then the starting sentiment rules are added
//! ([`crate::STARTING_SENTIMENT_RULES`]).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000011_sentiment_topic_rules"
    }
}

/// The SQL that rebuilds the table as 000004 and 000005 left it, allowing `kinds` (quoted,
/// comma-separated), with every row kept.
fn rebuild(kinds: &str) -> String {
    format!(
        "CREATE TABLE topic_rules_rebuilt (
            id INTEGER PRIMARY KEY,
            topic TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ({kinds})),
            pattern TEXT NOT NULL,
            language TEXT,
            urgent BOOLEAN NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            team_id BIGINT REFERENCES teams(id) ON DELETE SET NULL
        );
        INSERT INTO topic_rules_rebuilt
            (id, topic, kind, pattern, language, urgent, created_at, updated_at, team_id)
            SELECT id, topic, kind, pattern, language, urgent, created_at, updated_at, team_id
            FROM topic_rules;
        DROP TABLE topic_rules;
        ALTER TABLE topic_rules_rebuilt RENAME TO topic_rules;"
    )
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(&rebuild("'keywords','regex','sentiment'"))
            .await?;
        let now = crate::unix_now();
        for (topic, urgent, threshold) in crate::STARTING_SENTIMENT_RULES {
            db.execute_raw(Statement::from_sql_and_values(
                db.get_database_backend(),
                "INSERT INTO topic_rules (topic, kind, pattern, urgent, created_at, updated_at) \
                 VALUES (?, 'sentiment', ?, ?, ?, ?)",
                [
                    (*topic).into(),
                    (*threshold).into(),
                    (*urgent).into(),
                    now.into(),
                    now.into(),
                ],
            ))
            .await?;
        }
        Ok(())
    }

    /// The sentiment rules go with their kind.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DELETE FROM topic_rules WHERE kind = 'sentiment';")
            .await?;
        db.execute_unprepared(&rebuild("'keywords','regex'"))
            .await?;
        Ok(())
    }
}
