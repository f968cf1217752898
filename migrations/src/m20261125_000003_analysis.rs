//! What the analysis decides about a conversation: filed as spam (restorable, never deleted)
//! and what personal data a public post exposed.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000003_analysis"
    }
}

const UP: &str = r#"
ALTER TABLE conversations ADD COLUMN spam BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN pii_exposed TEXT;
"#;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(UP).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE conversations DROP COLUMN pii_exposed; \
                 ALTER TABLE conversations DROP COLUMN spam;",
            )
            .await?;
        Ok(())
    }
}
