//! Topic rules (Settings → Topics): keyword or regex rules that tag messages with intents,
//! seeded with Earshot's starting rules (`default_topics.tsv`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000004_topic_rules"
    }
}

const UP: &str = r#"
CREATE TABLE topic_rules (
    id INTEGER PRIMARY KEY,
    topic TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('keywords','regex')),
    pattern TEXT NOT NULL,
    language TEXT,
    urgent BOOLEAN NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
"#;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(UP).await?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        for (topic, urgent, pattern) in crate::default_topic_rules() {
            db.execute_raw(Statement::from_sql_and_values(
                db.get_database_backend(),
                "INSERT INTO topic_rules (topic, kind, pattern, urgent, created_at, updated_at) \
                 VALUES (?, 'keywords', ?, ?, ?, ?)",
                [
                    topic.into(),
                    pattern.into(),
                    urgent.into(),
                    now.into(),
                    now.into(),
                ],
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP TABLE topic_rules;")
            .await?;
        Ok(())
    }
}
