//! The server's re-analysis, started from Settings → Topics (`POST /api/v1/reanalysis`): one
//! at a time, in the background, as a row of `reanalysis_runs` that keeps its progress with
//! every batch it writes (in the batch's transaction). A restart resumes an unfinished run
//! where it stopped ([`resume_interrupted`], at start-up), and the status answers from the
//! latest row, so what a run changed, or why it stopped, outlives the process.

use actix_web::web;
use earshot_api::{ReanalysisRequest, ReanalysisStatus, ReanalysisSummary as Summary};
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::reanalyze::{Mode, Progress, continue_from, describe, start_of_day};
use crate::AppState;
use crate::audit::{self, Actor};
use crate::auth::Caller;
use crate::db::{Db, now, stmt};
use crate::error::{AppError, AppResult};
use crate::events::Published;

/// Whether this process is running a re-analysis (its row says which, and how far it is).
#[derive(Default)]
pub struct Job(std::sync::Mutex<bool>);

impl Job {
    /// Takes the job: false when a re-analysis is running already.
    fn claim(&self) -> bool {
        !std::mem::replace(&mut *self.lock(), true)
    }

    fn release(&self) {
        *self.lock() = false;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, bool> {
        // A panic while holding the lock leaves a flag that is still a flag.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

const WHAT_FAILED: &str = "The re-analysis stopped on an error (see the server log); the \
                           messages done so far keep their new analysis. Try again.";

#[derive(FromQueryResult)]
struct Run {
    id: i64,
    since_day: Option<String>,
    since_at: Option<i64>,
    started_at: i64,
    finished_at: Option<i64>,
    after_message_id: i64,
    summary: String,
    error: Option<String>,
    resumed: bool,
}

const COLUMNS: &str = "id, since_day, since_at, started_at, finished_at, after_message_id, \
                       summary, error, resumed";

impl Run {
    fn status(&self) -> ReanalysisStatus {
        ReanalysisStatus {
            running: self.finished_at.is_none(),
            since: self.since_day.clone(),
            started_at: Some(self.started_at),
            finished_at: self.finished_at,
            resumed: self.resumed,
            // Before its first batch, a run has no counts ('{}').
            summary: serde_json::from_str(&self.summary).ok(),
            error: self.error.clone(),
        }
    }
}

async fn latest(db: &Db, only_unfinished: bool) -> anyhow::Result<Option<Run>> {
    let filter = if only_unfinished {
        "WHERE finished_at IS NULL"
    } else {
        ""
    };
    let sql = format!("SELECT {COLUMNS} FROM reanalysis_runs {filter} ORDER BY id DESC LIMIT 1");
    Ok(Run::find_by_statement(stmt(&sql, vec![])).one(db).await?)
}

/// The latest re-analysis started from Settings (default: none yet).
pub async fn status(db: &Db) -> AppResult<ReanalysisStatus> {
    Ok(latest(db, false)
        .await?
        .map(|run| run.status())
        .unwrap_or_default())
}

/// Starts a re-analysis in the background, unless one is running; answers its status.
pub async fn start(
    state: &web::Data<AppState>,
    caller: &Caller,
    ip: &str,
    request: ReanalysisRequest,
) -> AppResult<ReanalysisStatus> {
    let since = request
        .since
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let since_at = match since {
        None => None,
        Some(day) => Some(start_of_day(day).ok_or_else(|| {
            AppError::invalid(
                "invalid_date",
                format!("“{day}” is not a date: use the form 2026-11-01."),
            )
        })?),
    };
    if !state.reanalysis.claim() {
        return Err(AppError::conflict(
            "reanalysis_running",
            "A re-analysis is already running; wait for it to finish.",
        ));
    }
    let run = match insert_run(&state.db, since, since_at, caller.user_id).await {
        Ok(run) => run,
        Err(e) => {
            state.reanalysis.release();
            return Err(e.into());
        }
    };
    // Recorded before it starts: a run the audit log does not show never runs.
    let recorded = audit::record(
        &state.db,
        Actor::User(caller),
        "analysis.reanalysis",
        "messages",
        ip,
        serde_json::json!({ "since": since, "run": run }),
    )
    .await;
    if let Err(e) = recorded {
        let closed = finish(&state.db, run, Err("Not started: the audit log failed.")).await;
        state.reanalysis.release();
        closed?;
        return Err(e);
    }
    spawn_run(state.clone(), run);
    status(&state.db).await
}

/// How many runs the table keeps: the latest, with their summaries, for the status and
/// for whoever looks; older finished runs are deleted when a new one starts (the audit log
/// keeps who started each).
const KEPT_RUNS: i64 = 50;

async fn insert_run(
    db: &Db,
    since: Option<&str>,
    since_at: Option<i64>,
    user: i64,
) -> anyhow::Result<i64> {
    db.execute_raw(stmt(
        "DELETE FROM reanalysis_runs WHERE finished_at IS NOT NULL \
         AND id <= (SELECT MAX(id) FROM reanalysis_runs) - ?",
        vec![(KEPT_RUNS - 1).into()],
    ))
    .await?;
    let row = db
        .query_one_raw(stmt(
            "INSERT INTO reanalysis_runs (since_day, since_at, started_by, started_at) \
             VALUES (?, ?, ?, ?) RETURNING id",
            vec![
                since.map(str::to_string).into(),
                since_at.into(),
                user.into(),
                now().into(),
            ],
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("insert returned no id"))?;
    Ok(row.try_get_by_index(0)?)
}

/// Goes on with the re-analysis a restart interrupted, if there is one (at start-up).
pub async fn resume_interrupted(state: &web::Data<AppState>) -> anyhow::Result<()> {
    let Some(run) = latest(&state.db, true).await? else {
        return Ok(());
    };
    // One runs at a time, so there is no older unfinished run; were there one, it would
    // only be closed.
    state
        .db
        .execute_raw(stmt(
            "UPDATE reanalysis_runs SET finished_at = ?, error = 'Interrupted by a restart.' \
             WHERE finished_at IS NULL AND id < ?",
            vec![now().into(), run.id.into()],
        ))
        .await?;
    state
        .db
        .execute_raw(stmt(
            "UPDATE reanalysis_runs SET resumed = 1 WHERE id = ?",
            vec![run.id.into()],
        ))
        .await?;
    tracing::info!(
        run = run.id,
        after_message = run.after_message_id,
        "resuming the re-analysis a restart interrupted"
    );
    audit::record(
        &state.db,
        Actor::System,
        "analysis.reanalysis",
        "messages",
        "",
        serde_json::json!({ "run": run.id, "resumed_after_message": run.after_message_id }),
    )
    .await?;
    state.reanalysis.claim();
    spawn_run(state.clone(), run.id);
    Ok(())
}

/// Runs `run` to its end in the background, from where its row says it is.
fn spawn_run(state: web::Data<AppState>, run: i64) {
    let db = state.db.clone();
    let work = tokio::spawn(async move { run_to_end(&db, run).await });
    tokio::spawn(async move {
        // Awaited apart from the work, so that even a panic in it ends the run (which would
        // otherwise refuse every later start until a restart).
        let result = work
            .await
            .unwrap_or_else(|e| Err(anyhow::anyhow!("the re-analysis task ended: {e}")));
        let summary = match result {
            Ok(summary) => {
                tracing::info!(summary = %describe(&summary), "re-analysis finished");
                if summary.conversations_changed > 0 {
                    // Open inboxes show the old sentiment, priority and tags: they reload.
                    state.bus.publish(Published::resync("re-analysis"));
                }
                Ok(summary)
            }
            Err(e) => {
                tracing::warn!(error = %e, "re-analysis failed");
                Err(WHAT_FAILED)
            }
        };
        if let Err(e) = finish(&state.db, run, summary).await {
            tracing::warn!(error = %e, run, "the re-analysis's end was not recorded");
        }
        state.reanalysis.release();
    });
}

async fn run_to_end(db: &Db, run: i64) -> anyhow::Result<Summary> {
    let sql = format!("SELECT {COLUMNS} FROM reanalysis_runs WHERE id = ?");
    let row = Run::find_by_statement(stmt(&sql, vec![run.into()]))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("re-analysis run {run} is gone"))?;
    let progress = Progress {
        after: row.after_message_id,
        summary: serde_json::from_str(&row.summary).unwrap_or_default(),
    };
    continue_from(db, row.since_at, progress, Mode::Run(run)).await
}

/// Records the end of `run`: its summary, or why it stopped (its counts so far stay).
async fn finish(db: &Db, run: i64, outcome: Result<Summary, &str>) -> anyhow::Result<()> {
    let (summary, error) = match outcome {
        Ok(summary) => (Some(serde_json::to_string(&summary)?), None),
        Err(error) => (None, Some(error.to_string())),
    };
    db.execute_raw(stmt(
        "UPDATE reanalysis_runs SET finished_at = ?, summary = COALESCE(?, summary), error = ? \
         WHERE id = ?",
        vec![now().into(), summary.into(), error.into(), run.into()],
    ))
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use earshot_migrations::{Migrator, MigratorTrait};
    use sea_orm::Database;

    use super::*;

    #[tokio::test]
    async fn a_new_run_prunes_all_but_the_latest_finished_runs() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        db.execute_unprepared(
            "INSERT INTO users (id, email, name, role, created_at) \
             VALUES (1, 'o@example.com', 'Owner', 'owner', 0)",
        )
        .await
        .unwrap();
        for id in 1..=KEPT_RUNS + 10 {
            db.execute_raw(stmt(
                "INSERT INTO reanalysis_runs (id, started_by, started_at, finished_at) \
                 VALUES (?, 1, ?, ?)",
                vec![id.into(), id.into(), (id + 1).into()],
            ))
            .await
            .unwrap();
        }
        let run = insert_run(&db, Some("2026-11-01"), Some(0), 1)
            .await
            .unwrap();
        assert_eq!(run, KEPT_RUNS + 11);
        let ids = |sql: &'static str| {
            let db = &db;
            async move {
                let row = db.query_one_raw(stmt(sql, vec![])).await.unwrap().unwrap();
                row.try_get_by_index::<i64>(0).unwrap()
            }
        };
        // The new run and the KEPT_RUNS - 1 finished ones before it.
        assert_eq!(ids("SELECT COUNT(*) FROM reanalysis_runs").await, KEPT_RUNS);
        assert_eq!(ids("SELECT MIN(id) FROM reanalysis_runs").await, 12);
        let latest = latest(&db, false).await.unwrap().unwrap();
        assert_eq!((latest.id, latest.finished_at), (run, None));
    }
}
