//! Routing by topic on later messages: a conversation that is unassigned and whose team is
//! not settled moves to the team of a routed topic a later message brings up. A team is
//! settled once a topic routed the conversation or a person chose its team; this column
//! remembers that.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000007_team_settled"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "ALTER TABLE conversations ADD COLUMN team_settled BOOLEAN NOT NULL DEFAULT 0;",
        )
        .await?;
        // Conversations away from their channel's team were routed or moved: settled. (Those
        // moved by hand back to their channel's team cannot be told apart; they stay open.)
        db.execute_unprepared(
            "UPDATE conversations SET team_settled = 1 \
             WHERE team_id IS NOT (SELECT team_id FROM channels WHERE channels.id = conversations.channel_id);",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE conversations DROP COLUMN team_settled;")
            .await?;
        Ok(())
    }
}
