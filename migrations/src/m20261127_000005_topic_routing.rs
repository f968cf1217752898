//! Routing by topic: a topic rule can name the team a new conversation about its topic goes
//! to (instead of the channel's team).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000005_topic_routing"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds a REFERENCES column only with a NULL default, which this has.
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE topic_rules ADD COLUMN team_id BIGINT REFERENCES teams(id) ON DELETE SET NULL;",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE topic_rules DROP COLUMN team_id;")
            .await?;
        Ok(())
    }
}
