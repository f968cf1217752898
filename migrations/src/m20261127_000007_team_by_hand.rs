//! Routing by topic on later messages: a conversation that is still in its channel's team
//! and unassigned moves to the team of a routed topic a later message brings up, unless a
//! person chose its team. This column remembers that choice.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000007_team_by_hand"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE conversations ADD COLUMN team_set_by_hand BOOLEAN NOT NULL DEFAULT 0;",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE conversations DROP COLUMN team_set_by_hand;")
            .await?;
        Ok(())
    }
}
