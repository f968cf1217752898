//! The database: one SQLite file under the data directory, configured once here.
//!
//! WAL journal, `synchronous=NORMAL`, foreign keys on, a busy timeout, and every transaction
//! that may write starts `BEGIN IMMEDIATE` (see `write_tx`): upgrading a read transaction to a
//! write one skips SQLite's busy handler and fails under concurrency (reference/stack.md §5).

pub mod backup;

use std::time::Duration;

use earshot_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::config::Config;

pub type Db = DatabaseConnection;

/// Opens (creating if needed) the database file and applies the connection settings.
pub async fn connect(config: &Config) -> anyhow::Result<Db> {
    std::fs::create_dir_all(&config.data_dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot create the data directory {}: {e}",
            config.data_dir.display()
        )
    })?;
    // The database holds password hashes and channel secrets: keep the directory private.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&config.data_dir, std::fs::Permissions::from_mode(0o700));
    }
    let url = format!("sqlite://{}?mode=rwc", config.database_path().display());
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(4)
        .min_connections(1)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                .pragma("temp_store", "memory")
        });
    let db = Database::connect(options).await?;
    Ok(db)
}

/// Runs every pending migration.
pub async fn migrate(db: &Db) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Starts a write transaction with `BEGIN IMMEDIATE`.
pub async fn write_tx(db: &Db) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// `/readyz`: the database answers a query.
pub async fn ping(db: &Db) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}

/// Seconds since the Unix epoch, the one time format stored in the database.
/// A raw SQL statement for SQLite with its bound values (the project's raw-SQL queries).
pub fn stmt(sql: &str, values: Vec<sea_orm::Value>) -> sea_orm::Statement {
    sea_orm::Statement::from_sql_and_values(sea_orm::DbBackend::Sqlite, sql, values)
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A channel, a contact and a conversation (id 1 each), for messages to belong to.
    const ONE_CONVERSATION: &str = "INSERT INTO channels (id, kind, name, secret, created_at) VALUES (1, 'api', 'API', 's', 0);
         INSERT INTO contacts (id, name, created_at) VALUES (1, 'Ann', 0);
         INSERT INTO conversations (id, channel_id, contact_id, kind, thread_key, last_activity_at, created_at)
             VALUES (1, 1, 1, 'private', 'dm:1', 0, 0);";

    /// The first column of `sql`'s rows.
    async fn ids(db: &Db, sql: &str) -> Vec<i64> {
        let rows = db.query_all_raw(stmt(sql, vec![])).await.unwrap();
        rows.iter()
            .map(|r| r.try_get_by_index(0).unwrap())
            .collect()
    }

    /// The reports migration copies the topics of messages stored before it from their
    /// analysis; outbound messages and broken analysis JSON are skipped, not fatal.
    #[tokio::test]
    async fn the_reports_migration_copies_stored_topics() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        Migrator::up(&db, Some(5)).await.unwrap();
        db.execute_unprepared(ONE_CONVERSATION).await.unwrap();
        db.execute_unprepared(
            "INSERT INTO messages (id, conversation_id, channel_id, direction, text, analysis, created_at) VALUES
                 (1, 1, 1, 'in', 'refund late, thanks', '{\"topics\":[{\"topic\":\"refund\",\"matched\":\"refund\",\"urgent\":true},{\"topic\":\"thanks\",\"matched\":\"thanks\",\"urgent\":false}]}', 100),
                 (2, 1, 1, 'in', 'hello', '{}', 200),
                 (3, 1, 1, 'in', 'broken', 'not json', 300),
                 (4, 1, 1, 'out', 'thanks', '{\"topics\":[{\"topic\":\"thanks\"}]}', 400);",
        )
        .await
        .unwrap();
        Migrator::up(&db, None).await.unwrap();
        let rows = db
            .query_all_raw(stmt(
                "SELECT message_id, conversation_id, topic, created_at FROM message_topics ORDER BY topic",
                vec![],
            ))
            .await
            .unwrap();
        let rows: Vec<(i64, i64, String, i64)> = rows
            .iter()
            .map(|r| {
                (
                    r.try_get_by_index(0).unwrap(),
                    r.try_get_by_index(1).unwrap(),
                    r.try_get_by_index(2).unwrap(),
                    r.try_get_by_index(3).unwrap(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![(1, 1, "refund".into(), 100), (1, 1, "thanks".into(), 100)]
        );
    }

    /// Conversations stored before routing on later messages: those away from their
    /// channel's team (routed or moved) are settled; the rest may still be routed.
    #[tokio::test]
    async fn the_team_settled_migration_settles_conversations_away_from_their_channels_team() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        Migrator::up(&db, Some(6)).await.unwrap();
        db.execute_unprepared(
            "INSERT INTO teams (id, name, created_at) VALUES (1, 'Front', 0), (2, 'Billing', 0);
             INSERT INTO channels (id, kind, name, team_id, secret, created_at) VALUES
                 (1, 'api', 'Front API', 1, 's', 0), (2, 'api', 'Teamless API', NULL, 's', 0);
             INSERT INTO contacts (id, name, created_at) VALUES (1, 'Ann', 0);
             INSERT INTO conversations (id, channel_id, contact_id, kind, thread_key, team_id, last_activity_at, created_at) VALUES
                 (1, 1, 1, 'private', 'a', 1, 0, 0),
                 (2, 1, 1, 'private', 'b', 2, 0, 0),
                 (3, 1, 1, 'private', 'c', NULL, 0, 0),
                 (4, 2, 1, 'private', 'd', NULL, 0, 0),
                 (5, 2, 1, 'private', 'e', 2, 0, 0);",
        )
        .await
        .unwrap();
        Migrator::up(&db, None).await.unwrap();
        let settled = ids(
            &db,
            "SELECT id FROM conversations WHERE team_settled ORDER BY id",
        )
        .await;
        assert_eq!(settled, [2, 3, 5]);
    }

    /// Customer messages stored before spam was kept per message take their analysis's
    /// verdict (broken JSON and outgoing messages are not spam).
    #[tokio::test]
    async fn the_message_spam_migration_reads_the_stored_verdicts() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        Migrator::up(&db, Some(7)).await.unwrap();
        db.execute_unprepared(ONE_CONVERSATION).await.unwrap();
        db.execute_unprepared(
            "INSERT INTO messages (id, conversation_id, channel_id, direction, text, analysis, created_at) VALUES
                 (1, 1, 1, 'in', 'scam', '{\"spam\":{\"is_spam\":true,\"reasons\":[]}}', 0),
                 (2, 1, 1, 'in', 'real', '{\"spam\":{\"is_spam\":false,\"reasons\":[]}}', 0),
                 (3, 1, 1, 'in', 'broken', 'not json', 0),
                 (4, 1, 1, 'out', 'reply', '{\"spam\":{\"is_spam\":true}}', 0);",
        )
        .await
        .unwrap();
        Migrator::up(&db, None).await.unwrap();
        let spam = ids(&db, "SELECT id FROM messages WHERE spam ORDER BY id").await;
        assert_eq!(spam, [1]);
    }

    /// An install seeded before the keywords were added to the starting rules gets them
    /// appended to its keyword rules of those topics, an admin's edits kept; regex rules and
    /// other topics are left as they are.
    #[tokio::test]
    async fn the_starting_rule_keywords_migration_extends_the_stored_rules() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        Migrator::up(&db, Some(9)).await.unwrap();
        db.execute_unprepared(
            "UPDATE topic_rules SET pattern = 'delay, late, my own, ON HOLD' WHERE topic = 'delay';
             UPDATE topic_rules SET pattern = 'refund, reintegro' WHERE topic = 'refund';
             INSERT INTO topic_rules (topic, kind, pattern, urgent, created_at, updated_at)
                 VALUES ('delay', 'regex', 'tarde+', 0, 0, 0);",
        )
        .await
        .unwrap();
        let untouched_before = ids(
            &db,
            "SELECT length(pattern) FROM topic_rules WHERE topic = 'legal'",
        )
        .await;
        Migrator::up(&db, Some(1)).await.unwrap();
        let rows = db
            .query_all_raw(stmt(
                "SELECT pattern FROM topic_rules WHERE topic IN ('delay', 'refund') ORDER BY id",
                vec![],
            ))
            .await
            .unwrap();
        let patterns: Vec<String> = rows
            .iter()
            .map(|r| r.try_get_by_index(0).unwrap())
            .collect();
        assert_eq!(
            patterns,
            [
                "refund, reintegro, devuelto el dinero, devolver el dinero, devuelvan el dinero, \
                 devolverme el dinero",
                "delay, late, my own, ON HOLD, been waiting, waited, wait time, hold time, \
                 on the tarmac, en espera, esperé, 排队, 排隊",
                "tarde+",
            ]
        );
        let untouched_after = ids(
            &db,
            "SELECT length(pattern) FROM topic_rules WHERE topic = 'legal'",
        )
        .await;
        assert_eq!(untouched_before, untouched_after);
    }

    /// The sentiment-rules migration rebuilds the rules table for the new kind, keeping every
    /// rule with its id and team, and adds the starting sentiment rules; other kinds are
    /// still refused.
    #[tokio::test]
    async fn the_sentiment_rules_migration_keeps_the_rules_and_adds_praise() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        Migrator::up(&db, Some(10)).await.unwrap();
        db.execute_unprepared(
            "INSERT INTO teams (id, name, created_at) VALUES (1, 'Billing', 0);
             INSERT INTO topic_rules (id, topic, kind, pattern, language, urgent, created_at, updated_at, team_id)
                 VALUES (500, 'invoice', 'regex', 'inv-[0-9]+', 'eng', 1, 7, 8, 1);",
        )
        .await
        .unwrap();
        let before = ids(&db, "SELECT id FROM topic_rules ORDER BY id").await;
        Migrator::up(&db, None).await.unwrap();
        let after = ids(
            &db,
            "SELECT id FROM topic_rules WHERE kind <> 'sentiment' ORDER BY id",
        )
        .await;
        assert_eq!(before, after);
        let kept = db
            .query_one_raw(stmt(
                "SELECT topic || kind || pattern || language || urgent || created_at || updated_at || team_id \
                 FROM topic_rules WHERE id = 500",
                vec![],
            ))
            .await
            .unwrap()
            .unwrap();
        let kept: String = kept.try_get_by_index(0).unwrap();
        assert_eq!(kept, "invoiceregexinv-[0-9]+eng1781");
        let sentiment = db
            .query_all_raw(stmt(
                "SELECT topic, pattern, urgent FROM topic_rules WHERE kind = 'sentiment'",
                vec![],
            ))
            .await
            .unwrap();
        let sentiment: Vec<(String, String, bool)> = (sentiment.iter())
            .map(|r| {
                (
                    r.try_get_by_index(0).unwrap(),
                    r.try_get_by_index(1).unwrap(),
                    r.try_get_by_index(2).unwrap(),
                )
            })
            .collect();
        assert_eq!(
            sentiment,
            [("praise".to_string(), "0.4".to_string(), false)]
        );
        // The team's deletion still clears the rule's team; an unknown kind is refused.
        db.execute_unprepared("DELETE FROM teams WHERE id = 1")
            .await
            .unwrap();
        assert_eq!(
            ids(&db, "SELECT id FROM topic_rules WHERE team_id IS NOT NULL").await,
            Vec::<i64>::new()
        );
        let glob = db
            .execute_unprepared(
                "INSERT INTO topic_rules (topic, kind, pattern, urgent, created_at, updated_at) \
                 VALUES ('x', 'glob', 'x', 0, 0, 0)",
            )
            .await;
        assert!(glob.is_err());
        // Undone (with the keyword migration after it), the sentiment rules go and the kind
        // is refused again; the others stay.
        Migrator::down(&db, Some(2)).await.unwrap();
        assert_eq!(
            ids(&db, "SELECT id FROM topic_rules ORDER BY id").await,
            before
        );
        let sentiment = db
            .execute_unprepared(
                "INSERT INTO topic_rules (topic, kind, pattern, urgent, created_at, updated_at) \
                 VALUES ('x', 'sentiment', '0.5', 0, 0, 0)",
            )
            .await;
        assert!(sentiment.is_err());
    }

    /// The second keyword migration appends its own keywords the same way, to rules of its
    /// topics only, after an admin's edits.
    #[tokio::test]
    async fn the_more_rule_keywords_migration_extends_the_stored_rules() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        Migrator::up(&db, Some(11)).await.unwrap();
        db.execute_unprepared(
            "UPDATE topic_rules SET pattern = 'fraud, my own, Suspicious' WHERE topic = 'fraud';",
        )
        .await
        .unwrap();
        let refund_before = ids(
            &db,
            "SELECT length(pattern) FROM topic_rules WHERE topic = 'refund'",
        )
        .await;
        Migrator::up(&db, None).await.unwrap();
        let fraud = db
            .query_one_raw(stmt(
                "SELECT pattern FROM topic_rules WHERE topic = 'fraud'",
                vec![],
            ))
            .await
            .unwrap()
            .unwrap();
        let fraud: String = fraud.try_get_by_index(0).unwrap();
        assert_eq!(
            fraud,
            "fraud, my own, Suspicious, without my permission, without permission, sin permiso, \
             sin mi permiso, didn't authorise, didn't authorize, not authorised, not authorized, \
             claiming to be, pretending to be, haciéndose pasar, sospechoso, sospechosa, 可疑, \
             don't recognise, don't recognize, cargos raros, cargo raro, no reconozco, suplantación"
        );
        let refund_after = ids(
            &db,
            "SELECT length(pattern) FROM topic_rules WHERE topic = 'refund'",
        )
        .await;
        assert_eq!(refund_before, refund_after);
    }
}
