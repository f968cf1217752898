//! What reports count: each customer message's topics as rows (the gratitude index counts the
//! "thanks" ones), and messages by time. Existing messages' topics are copied from their
//! stored analysis.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000006_reports"
    }
}

const UP: &str = r#"
CREATE TABLE message_topics (
    message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (message_id, topic)
);
CREATE INDEX message_topics_by_topic ON message_topics(topic, created_at);
CREATE INDEX messages_by_time ON messages(created_at);
INSERT OR IGNORE INTO message_topics (message_id, conversation_id, topic, created_at)
SELECT m.id, m.conversation_id, json_extract(t.value, '$.topic'), m.created_at
FROM messages m,
     json_each(CASE WHEN json_valid(m.analysis) THEN m.analysis ELSE '{}' END, '$.topics') t
WHERE m.direction = 'in' AND json_extract(t.value, '$.topic') IS NOT NULL;
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
            .execute_unprepared("DROP INDEX messages_by_time; DROP TABLE message_topics;")
            .await?;
        Ok(())
    }
}
