//! The re-analysis on stored messages as older engines left them.

use earshot_migrations::{Migrator, MigratorTrait};
use sea_orm::Database;

use super::*;

/// A public thread judged by an older engine (a sarcastic thank-you read as positive
/// gratitude; a card number never looked for), a reply, and a Spanish DM whose language the
/// channel gave and that was filed as spam.
const STORED: &str = r#"
    INSERT INTO channels (id, kind, name, secret, created_at) VALUES (1, 'api', 'API', 's', 0);
    INSERT INTO contacts (id, name, created_at) VALUES (1, 'Ann', 0);
    INSERT INTO conversations (id, channel_id, contact_id, kind, thread_key, priority,
        sentiment_label, sentiment_score, last_message_id, preview, last_activity_at, created_at)
    VALUES (1, 1, 1, 'public', 't:1', 1, 'positive', 0.6, 2,
            'my card is 4111 1111 1111 1111, refund me', 0, 0),
           (2, 1, 1, 'private', 'dm:1', 0, NULL, NULL, 4, 'El vuelo', 0, 0);
    INSERT INTO messages (id, conversation_id, channel_id, direction, text, language,
        sentiment_label, sentiment_score, analysis, spam, created_at)
    VALUES (1, 1, 1, 'in', 'Thanks for nothing, worst service ever', 'eng', 'positive', 0.6,
            '{"language":{"code":"eng","reason":"English function words"},
              "sentiment":{"score":0.6,"label":"positive","lexicon":"en","reasons":[]},
              "topics":[{"topic":"thanks","matched":"Thanks","urgent":false}],"pii":[],
              "spam":{"is_spam":false,"reasons":[]},
              "priority":{"score":0.5,"band":"low","terms":[
                  {"name":"reach","points":0.5,"detail":"999 followers"}]}}', 0, 100),
           (2, 1, 1, 'in', 'my card is 4111 1111 1111 1111, refund me', NULL, NULL, NULL,
            '{}', 0, 200),
           (3, 1, 1, 'out', 'Thanks for nothing', NULL, NULL, NULL, '{}', 0, 300),
           (4, 2, 1, 'in', 'El vuelo llegó tarde otra vez', 'spa', NULL, NULL,
            '{"language":{"code":"spa","reason":"given by the channel"},
              "spam":{"is_spam":true,"reasons":["scam"]},
              "priority":{"score":0,"band":"low","terms":[
                  {"name":"spam","points":-2.0,"detail":"looks like spam"}]}}', 1, 400);
    INSERT INTO message_topics (message_id, conversation_id, topic, created_at)
    VALUES (1, 1, 'thanks', 100);
"#;

async fn stored() -> Db {
    let db = Database::connect("sqlite::memory:").await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    db.execute_unprepared(STORED).await.unwrap();
    db
}

async fn strings(db: &Db, sql: &str) -> Vec<String> {
    let rows = db.query_all_raw(stmt(sql, vec![])).await.unwrap();
    let cell = |r: &sea_orm::QueryResult| -> String {
        r.try_get_by_index::<Option<String>>(0)
            .unwrap()
            .unwrap_or_else(|| "NULL".into())
    };
    rows.iter().map(cell).collect()
}

fn analysis_of(json: &str) -> Value {
    serde_json::from_str(json).unwrap()
}

#[tokio::test]
async fn stored_messages_take_the_new_analysis_and_keep_what_arrival_judged() {
    let db = stored().await;
    let before = strings(&db, "SELECT analysis FROM messages ORDER BY id").await;

    // A dry run counts and writes nothing.
    let counted = reanalyze(&db, None, true).await.unwrap();
    assert_eq!((counted.messages, counted.conversations), (3, 2));
    assert_eq!(
        strings(&db, "SELECT analysis FROM messages ORDER BY id").await,
        before
    );
    assert_eq!(counted.pii_found, 1, "{counted:?}");
    assert!(counted.sentiment_changed >= 2, "{counted:?}");

    let summary = reanalyze(&db, None, false).await.unwrap();
    assert_eq!(summary, counted);

    // The sarcastic thank-you: negative, no longer gratitude; its reach term kept.
    let first = analysis_of(&strings(&db, "SELECT analysis FROM messages WHERE id = 1").await[0]);
    assert_eq!(first["sentiment"]["label"], "negative");
    assert_eq!(first["topics"].as_array().unwrap().len(), 0);
    let terms: Vec<&str> = (first["priority"]["terms"].as_array().unwrap().iter())
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(terms, ["negativity", "reach"]);
    assert_eq!(
        strings(&db, "SELECT sentiment_label FROM messages WHERE id = 1").await,
        ["negative"]
    );
    // The card number: found, the public conversation flagged, its preview masked.
    let second = analysis_of(&strings(&db, "SELECT analysis FROM messages WHERE id = 2").await[0]);
    assert_eq!(second["pii"][0]["kind"], "card_number");
    assert_eq!(
        strings(&db, "SELECT pii_exposed FROM conversations WHERE id = 1").await,
        ["a card number"]
    );
    let preview = &strings(&db, "SELECT preview FROM conversations WHERE id = 1").await[0];
    assert!(!preview.contains("4111 1111"), "{preview}");
    // Topics: the message's rows follow its analysis; a new topic is a tag.
    assert_eq!(
        strings(
            &db,
            "SELECT topic FROM message_topics ORDER BY message_id, topic"
        )
        .await,
        ["refund", "delay"]
    );
    assert_eq!(
        strings(
            &db,
            "SELECT t.name FROM conversation_tags c JOIN tags t ON t.id = c.tag_id \
             ORDER BY c.conversation_id"
        )
        .await,
        ["refund", "delay"]
    );
    // The conversation follows its latest customer message; an urgent topic raised it.
    assert_eq!(
        strings(
            &db,
            "SELECT sentiment_label FROM conversations WHERE id = 1"
        )
        .await,
        strings(&db, "SELECT sentiment_label FROM messages WHERE id = 2").await
    );
    let priority = strings(
        &db,
        "SELECT CAST(priority AS TEXT) FROM conversations WHERE id = 1",
    );
    assert!(priority.await[0].parse::<i64>().unwrap() >= 1);
    // The reply is not analysed.
    assert_eq!(
        strings(&db, "SELECT analysis FROM messages WHERE id = 3").await,
        ["{}"]
    );
    // The DM keeps the channel's language and its spam verdict, and is scored in Spanish.
    let dm = analysis_of(&strings(&db, "SELECT analysis FROM messages WHERE id = 4").await[0]);
    assert_eq!(dm["language"]["code"], "spa");
    assert_eq!(dm["spam"]["is_spam"], true);
    assert_eq!(dm["sentiment"]["lexicon"], "es");
    let terms = dm["priority"]["terms"].as_array().unwrap();
    assert_eq!(terms.last().unwrap()["name"], "spam");
    assert!(terms.iter().all(|t| t["name"] != "direct"), "{terms:?}");
    assert_eq!(
        strings(&db, "SELECT CAST(spam AS TEXT) FROM messages WHERE id = 4").await,
        ["1"]
    );

    // Again: nothing left to change.
    let again = reanalyze(&db, None, false).await.unwrap();
    assert_eq!(
        (
            again.sentiment_changed,
            again.topics_changed,
            again.pii_found,
            again.conversations_changed
        ),
        (0, 0, 0, 0)
    );
    // Only messages from a day on.
    assert_eq!(reanalyze(&db, Some(300), true).await.unwrap().messages, 1);
}

/// A run keeps its progress with each batch; continued from it, it does the rest only and
/// adds to its counts.
#[tokio::test]
async fn a_run_saves_its_progress_and_goes_on_from_it() {
    let db = stored().await;
    db.execute_unprepared(
        "INSERT INTO reanalysis_runs (id, started_at, after_message_id, summary) \
         VALUES (7, 0, 2, '{\"messages\":2,\"conversations\":0,\"conversations_changed\":1,\
         \"sentiment_changed\":2,\"topics_changed\":1,\"language_changed\":0,\"pii_found\":1}')",
    )
    .await
    .unwrap();
    let saved: Summary =
        serde_json::from_str(&strings(&db, "SELECT summary FROM reanalysis_runs").await[0])
            .unwrap();
    let progress = Progress {
        after: 2,
        summary: saved.clone(),
    };
    let summary = continue_from(&db, None, progress, Mode::Run(7))
        .await
        .unwrap();
    // Messages 1 and 2 were done: they keep the analysis stored; only the DM (4) is read.
    assert_eq!(summary.messages, 3, "{summary:?}");
    assert_eq!(
        strings(&db, "SELECT analysis FROM messages WHERE id = 2").await,
        ["{}"]
    );
    let dm = analysis_of(&strings(&db, "SELECT analysis FROM messages WHERE id = 4").await[0]);
    assert_eq!(dm["sentiment"]["lexicon"], "es");
    // Both conversations, counted in the database; the DM's changed.
    assert_eq!(summary.conversations, 2);
    assert_eq!(summary.conversations_changed, 2);
    // Its row has the progress of the last batch.
    assert_eq!(
        strings(
            &db,
            "SELECT CAST(after_message_id AS TEXT) FROM reanalysis_runs"
        )
        .await,
        ["4"]
    );
    let row: Summary =
        serde_json::from_str(&strings(&db, "SELECT summary FROM reanalysis_runs").await[0])
            .unwrap();
    // The counts saved before the restart are kept (the DM has no personal data), and the
    // conversations read are counted with the batch, not only at the end.
    assert_eq!((row.messages, row.pii_found), (3, 1));
    assert_eq!(row.conversations, 2, "{row:?}");
}
