//! Spam by message: a spam reply in a real customer's thread (a scam comment under a post)
//! is kept and shown in that thread, but reports leave it out. The analysis judged it spam
//! and no person overruled it (restoring its conversation does).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000008_message_spam"
    }
}

const UP: &str = r#"
ALTER TABLE messages ADD COLUMN spam BOOLEAN NOT NULL DEFAULT 0;
UPDATE messages SET spam = 1
WHERE direction = 'in' AND json_valid(analysis) AND json_extract(analysis, '$.spam.is_spam') = 1;
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
            .execute_unprepared("ALTER TABLE messages DROP COLUMN spam;")
            .await?;
        Ok(())
    }
}
