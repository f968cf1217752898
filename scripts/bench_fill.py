#!/usr/bin/env python3
"""Helpers for `cargo xtask bench inbox`, using Python's sqlite3 (the real SQLite C library).

  bench_fill.py raw  DB ROWS        insert ROWS message rows straight into SQLite in batched
                                     transactions (100 per transaction, like the pipeline's
                                     batches) and print rows/s: the baseline for the pipeline
  bench_fill.py fill DB TOTAL CHAN  top the Earshot database DB up to TOTAL messages in
                                     channel CHAN (server stopped), with conversations, contacts
                                     and the full-text index, as the pipeline would store them
"""
import random
import sys
import time

try:  # a recent SQLite (3.43+ for contentless_delete), installed by `cargo xtask bench`
    import pysqlite3 as sqlite3
except ImportError:
    import sqlite3

WORDS = ("refund order delivery late flight cancelled baggage lost card charged twice account "
         "password app crash login error billing invoice plan upgrade support agent thanks great "
         "terrible slow broken help please urgent today yesterday week store manager phone email "
         "seat upgrade hotel booking payment declined subscription discount coupon tracking parcel").split()
CJK = ["我要退款", "航班取消了", "行李丢失", "服务很好", "网络断了", "帐单错误"]


def text(rng):
    words = rng.choices(WORDS, k=rng.randint(6, 22))
    if rng.random() < 0.05:
        words.append(rng.choice(CJK))
    return " ".join(words)


def index_text(t):
    return "".join(f" {c} " if "\u4e00" <= c <= "\u9fff" else c for c in t)


def raw(db, rows):
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, conversation_id INTEGER, "
                "channel_id INTEGER, direction TEXT, external_id TEXT, text TEXT, created_at INTEGER, "
                "UNIQUE (channel_id, external_id))")
    con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(body, content='', "
                "contentless_delete=1, tokenize='unicode61 remove_diacritics 2')")
    rng = random.Random(7)
    data = [(i, i // 5, 1, "in", f"raw-{i}", text(rng), 1_800_000_000 + i) for i in range(rows)]
    started = time.perf_counter()
    for start in range(0, rows, 100):
        batch = data[start:start + 100]
        con.execute("BEGIN IMMEDIATE")
        con.executemany("INSERT INTO messages VALUES (?,?,?,?,?,?,?)", batch)
        con.executemany("INSERT INTO messages_fts (rowid, body) VALUES (?, ?)", [(r[0], index_text(r[5])) for r in batch])
        con.execute("COMMIT")
    elapsed = time.perf_counter() - started
    print(f"{rows / elapsed:.0f}")


def fill(db, total, channel):
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    have = con.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
    next_msg = con.execute("SELECT COALESCE(MAX(id), 0) FROM messages").fetchone()[0] + 1
    next_conv = con.execute("SELECT COALESCE(MAX(id), 0) FROM conversations").fetchone()[0] + 1
    next_contact = con.execute("SELECT COALESCE(MAX(id), 0) FROM contacts").fetchone()[0] + 1
    team = con.execute("SELECT team_id FROM channels WHERE id = ?", (channel,)).fetchone()[0]
    rng = random.Random(11)
    now = int(time.time())
    remaining = total - have
    per_conv = 5
    con.execute("BEGIN IMMEDIATE")
    done = 0
    while done < remaining:
        cid, kid = next_conv, next_contact
        n = min(per_conv, remaining - done)
        last = now - rng.randint(0, 90 * 86400)
        con.execute("INSERT INTO contacts (id, name, created_at) VALUES (?, ?, ?)", (kid, f"Filler {kid}", last))
        con.execute("INSERT INTO contact_identities (contact_id, channel_kind, external_id, display_name) "
                    "VALUES (?, 'api', ?, ?)", (kid, f"filler-{kid}", f"Filler {kid}"))
        msgs = []
        for j in range(n):
            t = text(rng)
            msgs.append((next_msg + j, cid, channel, "in", f"fill-{next_msg + j}", t, last - (n - j) * 60))
        status = rng.choices(["open", "pending", "resolved", "snoozed"], [30, 10, 55, 5])[0]
        con.execute(
            "INSERT INTO conversations (id, channel_id, contact_id, kind, thread_key, status, snoozed_until, "
            "priority, team_id, waiting_since, last_activity_at, last_message_id, preview, message_count, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (cid, channel, kid, rng.choice(["private", "public", "mention"]), f"dm:filler-{kid}", status,
             now + 86400 if status == "snoozed" else None, rng.choices([0, 1, 2, 3], [10, 70, 15, 5])[0], team,
             last if status == "open" else None, last, msgs[-1][0], msgs[-1][5][:140], n, last))
        con.executemany("INSERT INTO messages (id, conversation_id, channel_id, direction, external_id, text, created_at) "
                        "VALUES (?,?,?,?,?,?,?)", msgs)
        con.executemany("INSERT INTO messages_fts (rowid, body) VALUES (?, ?)", [(m[0], index_text(m[5])) for m in msgs])
        next_msg += n
        next_conv += 1
        next_contact += 1
        done += n
        if done % 50_000 < per_conv:
            con.execute("COMMIT")
            con.execute("BEGIN IMMEDIATE")
    con.execute("COMMIT")
    con.execute("PRAGMA optimize")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(con.execute("SELECT COUNT(*) FROM messages").fetchone()[0])


if __name__ == "__main__":
    if sys.argv[1] == "raw":
        raw(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "fill":
        fill(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
