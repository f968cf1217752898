//! Earshot: the self-hosted social customer service appliance.
//!
//! `run` is the seam the binary and the black-box tests share: give it a configuration and a
//! bound listener and it migrates the database, prints the first-run link if needed, and
//! serves until SIGTERM.

pub mod analysis;
pub mod audit;
pub mod auth;
pub mod channels;
pub mod cli;
pub mod config;
pub mod contacts;
pub mod db;
pub mod error;
pub mod events;
pub mod exports;
pub mod http;
pub mod inbox;
pub mod outbox;
pub mod pipeline;
pub mod reports;
pub mod users;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::web;

use crate::auth::throttle::LoginThrottle;
use crate::config::Config;
use crate::db::Db;
use crate::http::routes::RouteTable;

/// Shared by every request handler.
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub throttle: LoginThrottle,
    pub routes: RouteTable,
    pub bus: events::Bus,
    /// Rung when something is queued, so delivery starts at once instead of at the next poll.
    pub outbox_wakeup: tokio::sync::Notify,
    /// The single writer path for inbound batches: concurrent batches queue here instead of
    /// contending for SQLite's write lock (whose busy handler sleeps in milliseconds).
    pub ingest_lock: tokio::sync::Mutex<()>,
    /// The topic rules the analysis applies (Settings → Topics; recompiled on every change).
    pub topic_rules: std::sync::RwLock<analysis::TopicRules>,
    /// The last inbound texts and their authors, for spam copied across authors.
    pub recent_texts: std::sync::Mutex<analysis::spam::Fingerprints>,
    /// Whether a re-analysis of stored messages (Settings → Topics) is running; its progress
    /// and status are in `reanalysis_runs`.
    pub reanalysis: pipeline::reanalysis_job::Job,
}

pub async fn run(config: Config, listener: TcpListener) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let db = db::connect(&config).await?;
    db::migrate(&db).await?;
    if let Some(token) = auth::service::issue_setup_token(&db).await? {
        // Printed, not logged: the link is a secret meant for the person starting the server.
        println!(
            "\n  Earshot has no users yet. Create the owner account within 30 minutes at:\n\n    {}/setup?token={token}\n",
            config.base_url()
        );
    }
    let topic_rules = analysis::settings::load_at_start(&db).await?;
    let (routes, _) = http::routes::build();
    let state = web::Data::new(AppState {
        throttle: LoginThrottle::new(config.login_lockout_seconds),
        config: Arc::new(config),
        db,
        routes,
        bus: events::Bus::default(),
        outbox_wakeup: tokio::sync::Notify::new(),
        ingest_lock: tokio::sync::Mutex::new(()),
        topic_rules: std::sync::RwLock::new(topic_rules),
        recent_texts: std::sync::Mutex::new(analysis::spam::Fingerprints::new(2000)),
        reanalysis: pipeline::reanalysis_job::Job::default(),
    });
    pipeline::reanalysis_job::resume_interrupted(&state).await?;
    spawn_housekeeping(state.clone());
    outbox::spawn_worker(state.clone());
    tracing::info!(
        address = %listener.local_addr()?,
        startup_ms = started.elapsed().as_millis() as u64,
        "earshot is listening"
    );
    http::serve(state, listener).await
}

/// Periodic cleanup: expired sessions, and a WAL checkpoint so the -wal file stays small.
fn spawn_housekeeping(state: web::Data<AppState>) {
    let snoozes = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tick.tick().await;
            if let Err(e) = inbox::service::wake_snoozed(&snoozes).await {
                tracing::warn!(error = %e, "waking snoozed conversations failed");
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(15 * 60));
        loop {
            tick.tick().await;
            if let Err(e) = housekeeping(&state).await {
                tracing::warn!(error = %e, "housekeeping failed");
            }
        }
    });
}

async fn housekeeping(state: &AppState) -> anyhow::Result<()> {
    use sea_orm::ConnectionTrait;
    let now = db::now();
    let idle_cutoff = now - state.config.session_idle_secs;
    state
        .db
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Sqlite,
            "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?",
            [now.into(), idle_cutoff.into()],
        ))
        .await?;
    state
        .db
        .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
        .await?;
    Ok(())
}

/// Logs go to stderr, as text for people or JSON for log collectors.
pub fn init_tracing(format: config::LogFormat, filter: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        config::LogFormat::Json => builder.json().try_init(),
        config::LogFormat::Text => builder.try_init(),
    };
}
