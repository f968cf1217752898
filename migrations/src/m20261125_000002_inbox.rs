//! The inbox: channels, contacts and their identities, conversations, messages (with a
//! full-text index), tags, read markers, notifications and the outbox.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000002_inbox"
    }
}

const UP: &str = r#"
CREATE TABLE channels (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    team_id BIGINT REFERENCES teams(id) ON DELETE SET NULL,
    webhook_url TEXT,
    secret TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    last_success_at BIGINT,
    last_error TEXT,
    last_error_at BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    vip BOOLEAN NOT NULL DEFAULT FALSE,
    notes TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

-- One person, many channel identities: the single customer view starts here.
CREATE TABLE contact_identities (
    id INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    channel_kind TEXT NOT NULL,
    external_id TEXT NOT NULL,
    handle TEXT NOT NULL DEFAULT '',
    display_name TEXT NOT NULL DEFAULT '',
    followers BIGINT,
    UNIQUE (channel_kind, external_id)
);
CREATE INDEX contact_identities_contact ON contact_identities(contact_id);

CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    channel_id BIGINT NOT NULL REFERENCES channels(id),
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    kind TEXT NOT NULL CHECK (kind IN ('private','public','mention')),
    -- How inbound items find this conversation: DM peer, thread root, or mention id.
    thread_key TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','pending','snoozed','resolved')),
    snoozed_until BIGINT,
    priority INTEGER NOT NULL DEFAULT 1,
    assignee_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    team_id BIGINT REFERENCES teams(id) ON DELETE SET NULL,
    sentiment_label TEXT,
    sentiment_score REAL,
    waiting_since BIGINT,
    first_response_at BIGINT,
    last_activity_at BIGINT NOT NULL,
    last_message_id BIGINT,
    preview TEXT NOT NULL DEFAULT '',
    message_count BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX conversations_thread ON conversations(channel_id, thread_key);
CREATE INDEX conversations_contact ON conversations(contact_id, last_activity_at);
-- One index per sort order, with and without the status filter, so a page is read in
-- order and stops at the limit (see inbox/list.rs; the waiting expression must match).
CREATE INDEX conversations_by_priority ON conversations(status, priority, last_activity_at, id);
CREATE INDEX conversations_by_activity ON conversations(status, last_activity_at, id);
CREATE INDEX conversations_by_waiting ON conversations(status, COALESCE(waiting_since, 9223372036854775807), id);
CREATE INDEX conversations_all_by_priority ON conversations(priority, last_activity_at, id);
CREATE INDEX conversations_all_by_activity ON conversations(last_activity_at, id);
CREATE INDEX conversations_team ON conversations(team_id, status, last_activity_at);
CREATE INDEX conversations_assignee ON conversations(assignee_id, status, last_activity_at);
CREATE INDEX conversations_snoozed ON conversations(snoozed_until) WHERE status = 'snoozed';

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    channel_id BIGINT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in','out','note')),
    -- The platform's id: the dedupe key, unique per channel.
    external_id TEXT,
    reply_to_external_id TEXT,
    author_identity_id BIGINT REFERENCES contact_identities(id) ON DELETE SET NULL,
    author_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    url TEXT,
    language TEXT,
    sentiment_label TEXT,
    sentiment_score REAL,
    analysis TEXT NOT NULL DEFAULT '{}',
    delivery_status TEXT,
    delivery_error TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (channel_id, external_id)
);
CREATE INDEX messages_conversation ON messages(conversation_id, id);

-- Full-text index over message text. Contentless: the pipeline writes the text it indexes,
-- with CJK characters spaced apart so a Chinese word is found as a phrase of characters.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    color TEXT NOT NULL DEFAULT ''
);

CREATE TABLE conversation_tags (
    conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, tag_id)
);
CREATE INDEX conversation_tags_tag ON conversation_tags(tag_id);

CREATE TABLE conversation_reads (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    last_read_message_id BIGINT NOT NULL,
    PRIMARY KEY (user_id, conversation_id)
);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    conversation_id BIGINT REFERENCES conversations(id) ON DELETE CASCADE,
    message_id BIGINT REFERENCES messages(id) ON DELETE CASCADE,
    actor_name TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id, id);

-- Everything that leaves Earshot goes through here: retried with backoff, never lost,
-- and picked up again after a restart.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    dedupe_key TEXT UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sending','done','dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    done_at BIGINT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
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
                "DROP TABLE outbox; DROP TABLE notifications; DROP TABLE conversation_reads; \
                 DROP TABLE conversation_tags; DROP TABLE tags; DROP TABLE messages_fts; \
                 DROP TABLE messages; DROP TABLE conversations; DROP TABLE contact_identities; \
                 DROP TABLE contacts; DROP TABLE channels;",
            )
            .await?;
        Ok(())
    }
}
