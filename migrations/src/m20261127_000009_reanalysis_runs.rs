//! Re-analyses started from Settings → Topics, kept across restarts: a run's progress is saved
//! with each batch it writes, so a restart resumes it where it stopped, and its status (what
//! it changed, or why it stopped) stays to be seen.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000009_reanalysis_runs"
    }
}

const UP: &str = r#"
CREATE TABLE reanalysis_runs (
    id INTEGER PRIMARY KEY,
    -- The first day as it was asked for (YYYY-MM-DD), and its start in Unix seconds.
    since_day TEXT,
    since_at BIGINT,
    started_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    -- Progress: the customer messages up to this id are done.
    after_message_id BIGINT NOT NULL DEFAULT 0,
    -- What it has changed so far (JSON, earshot_api::ReanalysisSummary).
    summary TEXT NOT NULL DEFAULT '{}',
    error TEXT,
    -- A restart interrupted it and the server went on with it.
    resumed BOOLEAN NOT NULL DEFAULT 0
);
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
            .execute_unprepared("DROP TABLE reanalysis_runs;")
            .await?;
        Ok(())
    }
}
