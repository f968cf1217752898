//! Backups with `VACUUM INTO` — a consistent copy even while the server writes (copying the
//! file would miss the WAL) — and restore, which checks the copy before swapping it in.

use std::path::Path;

use anyhow::{Context, bail};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::config::Config;

pub async fn backup(config: &Config, output: &Path) -> anyhow::Result<()> {
    if output.exists() {
        bail!(
            "{} already exists; choose a new file name",
            output.display()
        );
    }
    let db = super::connect(config).await?;
    let target = output
        .to_str()
        .context("the backup path must be valid UTF-8")?;
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [target.into()],
    ))
    .await?;
    let size = std::fs::metadata(output)?.len();
    println!("backup written to {} ({size} bytes)", output.display());
    Ok(())
}

pub async fn restore(config: &Config, input: &Path) -> anyhow::Result<()> {
    if !input.is_file() {
        bail!("{} is not a file", input.display());
    }
    // Check the backup before touching the live database.
    let mut check = config.clone();
    let staging = config.data_dir.join("restore-check");
    std::fs::create_dir_all(&staging)?;
    std::fs::copy(input, staging.join("earshot.db"))?;
    check.data_dir = staging.clone();
    let db = super::connect(&check).await?;
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await?
        .context("integrity check gave no answer")?;
    let verdict: String = row.try_get_by_index(0)?;
    db.close().await?;
    if verdict != "ok" {
        let _ = std::fs::remove_dir_all(&staging);
        bail!(
            "{} is damaged ({verdict}); nothing was changed",
            input.display()
        );
    }
    let live = config.database_path();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", live.display()));
    }
    std::fs::rename(staging.join("earshot.db"), &live)?;
    let _ = std::fs::remove_dir_all(&staging);
    println!("restored {} from {}", live.display(), input.display());
    Ok(())
}
