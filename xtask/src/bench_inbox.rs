//! `cargo xtask bench inbox`: the inbox under load, on this machine.
//!
//! 1. Ingest: batches of 100 items posted, signed, to an API channel by concurrent clients
//!    over loopback HTTP, through the whole pipeline — items/s and per-batch p50/p99.
//! 2. Raw: the same number of rows inserted straight into SQLite in batched transactions
//!    (Python's sqlite3, the C library) — the ratio pipeline / raw.
//! 3. The database is topped up to 1,000,000 messages (server stopped), the server restarts,
//!    and the inbox list and full-text search are timed — p50/p99 over varied queries.
//!
//! Options: `--items N` (ingest, default 100000), `--total N` (stored, default 1000000),
//! `--clients N` (default 4).

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};

use crate::bench::{Server, percentile, start_server, start_server_on};
use crate::http::request;
use crate::root;

const WORDS: &[&str] = &[
    "refund",
    "order",
    "delivery",
    "late",
    "flight",
    "cancelled",
    "baggage",
    "lost",
    "card",
    "charged",
    "twice",
    "account",
    "password",
    "app",
    "crash",
    "login",
    "error",
    "billing",
    "invoice",
    "upgrade",
    "support",
    "thanks",
    "terrible",
    "slow",
    "broken",
    "help",
    "please",
    "urgent",
    "today",
    "store",
    "phone",
    "payment",
    "tracking",
];

fn option(args: &[String], name: &str, default: usize) -> Result<usize> {
    match args.iter().position(|a| a == name) {
        Some(i) => args
            .get(i + 1)
            .context("missing value")?
            .parse()
            .with_context(|| format!("{name} takes a number")),
        None => Ok(default),
    }
}

fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// A deterministic pseudo-random text (xorshift), so runs are comparable.
fn text(seed: &mut u64) -> String {
    let mut words = Vec::new();
    let n = 6 + (*seed % 16) as usize;
    for _ in 0..n {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        words.push(WORDS[(*seed % WORDS.len() as u64) as usize]);
    }
    words.join(" ")
}

fn signed_post(
    server: &Server,
    path: &str,
    secret: &str,
    body: &str,
) -> Result<crate::http::Response> {
    let mut stream = std::net::TcpStream::connect(server.addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    use std::io::{Read, Write};
    let signature = sign(secret, body.as_bytes());
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nX-Earshot-Signature: {signature}\r\nContent-Length: {}\r\n\r\n{body}",
        server.addr,
        body.len()
    )?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw)?;
    let status = raw
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok(crate::http::Response {
        status,
        headers: String::new(),
        body: raw,
    })
}

pub fn run(args: &[String]) -> Result<Value> {
    let items = option(args, "--items", 100_000)?;
    let total = option(args, "--total", 1_000_000)?;
    let clients = option(args, "--clients", 4)?.max(1);

    let (server, _) = start_server()?;
    let setup = json!({"token": server.setup_token, "email": "bench@example.com", "name": "Bench", "password": "bench password 123"});
    let r = request(
        server.addr,
        "POST",
        "/api/v1/setup",
        None,
        Some(&setup.to_string()),
    )?;
    if r.status != 200 {
        bail!("setup: {} {}", r.status, r.body);
    }
    let cookie = r.cookie().context("session cookie")?;
    let team = request(
        server.addr,
        "POST",
        "/api/v1/teams",
        Some(&cookie),
        Some(r#"{"name":"Support"}"#),
    )?;
    let team_id = serde_json::from_str::<Value>(&team.body)?["id"]
        .as_i64()
        .context("team id")?;
    let created = request(
        server.addr,
        "POST",
        "/api/v1/channels",
        Some(&cookie),
        Some(&json!({"name": "Bench", "team_id": team_id}).to_string()),
    )?;
    let channel: Value = serde_json::from_str(&created.body)?;
    let channel_id = channel["channel"]["id"].as_i64().context("channel id")?;
    let secret = channel["secret"].as_str().context("secret")?.to_string();
    let path = format!("/api/v1/channels/{channel_id}/inbound");

    // 1. Ingest through the pipeline.
    let batches = items.div_ceil(100);
    eprintln!("bench inbox: ingesting {items} items in {batches} batches from {clients} clients");
    let started = Instant::now();
    let latencies: Vec<f64> = std::thread::scope(|scope| -> Result<Vec<f64>> {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let (server, secret, path) = (&server, &secret, &path);
                scope.spawn(move || -> Result<Vec<f64>> {
                    let mut seed = 0x9E37_79B9_7F4A_7C15u64 ^ (c as u64 + 1);
                    let mut lat = Vec::new();
                    for b in (c..batches).step_by(clients) {
                        let batch: Vec<Value> = (0..100)
                            .map(|i| {
                                let n = b * 100 + i;
                                json!({"external_id": format!("bench-{n}"), "kind": "private",
                                       "author": {"id": format!("author-{}", n / 5), "name": format!("Customer {}", n / 5)},
                                       "text": text(&mut seed)})
                            })
                            .collect();
                        let body = json!({"items": batch}).to_string();
                        let t = Instant::now();
                        let r = signed_post(server, path, secret, &body)?;
                        lat.push(t.elapsed().as_secs_f64() * 1000.0);
                        if r.status != 202 {
                            bail!("ingest answered {}: {}", r.status, r.body.chars().take(300).collect::<String>());
                        }
                    }
                    Ok(lat)
                })
            })
            .collect();
        let mut all = Vec::new();
        for h in handles {
            all.extend(
                h.join()
                    .map_err(|_| anyhow::anyhow!("client thread panicked"))??,
            );
        }
        Ok(all)
    })?;
    let ingest_secs = started.elapsed().as_secs_f64();
    let mut latencies = latencies;
    latencies.sort_by(f64::total_cmp);
    let ingest_items_per_s = (batches * 100) as f64 / ingest_secs;
    let mut peak_rss = server.peak_rss_mb();
    eprintln!(
        "bench inbox: {ingest_items_per_s:.0} items/s; stopping to top up to {total} messages"
    );
    let data = server.stop()?;

    // 2. Raw SQLite baseline with the same number of rows.
    let raw_db = std::env::temp_dir().join(format!("earshot-raw-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&raw_db);
    let raw_out = python(&[
        "raw",
        raw_db.to_str().context("path")?,
        &(batches * 100).to_string(),
    ])?;
    let raw_insert_rows_per_s: f64 = raw_out.trim().parse().context("raw rows/s")?;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", raw_db.display()));
    }

    // 3. Top up to `total` messages, restart, time list and search.
    let db = data.0.join("earshot.db");
    let fill_started = Instant::now();
    let stored: u64 = python(&[
        "fill",
        db.to_str().context("path")?,
        &total.to_string(),
        &channel_id.to_string(),
    ])?
    .trim()
    .parse()?;
    eprintln!(
        "bench inbox: {stored} messages stored (fill took {:.0} s); timing list and search",
        fill_started.elapsed().as_secs_f64()
    );
    let (server, _) = start_server_on(data)?;
    let login = json!({"email": "bench@example.com", "password": "bench password 123"}).to_string();
    let cookie = request(
        server.addr,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(&login),
    )?
    .cookie()
    .context("cookie")?;
    let list_queries = [
        "/api/v1/conversations",
        "/api/v1/conversations?sort=newest",
        "/api/v1/conversations?sort=waiting",
        "/api/v1/conversations?assigned=unassigned",
        "/api/v1/conversations?kind=mention",
        "/api/v1/conversations?priority=urgent",
        "/api/v1/conversations?status=resolved&sort=newest",
        "/api/v1/conversations?status=all",
        "/api/v1/conversations?waiting_longer_than=86400&sort=waiting",
        "/api/v1/conversations?team_id=1&status=pending",
    ];
    let mut list_ms = time_gets(
        &server,
        &cookie,
        &list_queries
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
        400,
    )?;
    // Second pages, through the cursor.
    let first: Value = serde_json::from_str(
        &request(
            server.addr,
            "GET",
            "/api/v1/conversations",
            Some(&cookie),
            None,
        )?
        .body,
    )?;
    if let Some(cursor) = first["next_cursor"].as_str() {
        list_ms.extend(time_gets(
            &server,
            &cookie,
            &[format!("/api/v1/conversations?cursor={cursor}")],
            100,
        )?);
    }
    let searches: Vec<String> = [
        "refund",
        "baggage%20lost",
        "password",
        "crash",
        "invoice%20twice",
        "tracking",
        "%E9%80%80%E6%AC%BE",
        "upgrade%20payment",
        "terrible",
        "refu",
        "login%20error%20today",
        "%22quoted%22%20thanks",
    ]
    .iter()
    .flat_map(|q| {
        [
            format!("/api/v1/conversations?q={q}"),
            format!("/api/v1/conversations?q={q}&status=all&sort=newest"),
        ]
    })
    .collect();
    let mut search_ms = time_gets(&server, &cookie, &searches, 400)?;
    peak_rss = peak_rss.max(server.peak_rss_mb());
    list_ms.sort_by(f64::total_cmp);
    search_ms.sort_by(f64::total_cmp);
    drop(server);

    Ok(json!({
        "ingest_items": batches * 100,
        "ingest_clients": clients,
        "ingest_items_per_s": ingest_items_per_s.round(),
        "ingest_p50_ms": percentile(&latencies, 0.5),
        "ingest_p99_ms": percentile(&latencies, 0.99),
        "raw_insert_rows_per_s": raw_insert_rows_per_s,
        "pipeline_to_raw_ratio": ingest_items_per_s / raw_insert_rows_per_s,
        "messages_stored": stored,
        "list_p50_ms": percentile(&list_ms, 0.5),
        "list_p99_ms": percentile(&list_ms, 0.99),
        "search_p50_ms": percentile(&search_ms, 0.5),
        "search_p99_ms": percentile(&search_ms, 0.99),
        "peak_rss_mb": peak_rss,
    }))
}

/// Python with a recent SQLite: a venv under target/bench with `pysqlite3-binary` from PyPI
/// (the system's sqlite3 module may predate the FTS5 options Earshot's schema uses).
fn bench_python() -> Result<std::path::PathBuf> {
    crate::bench::python_venv("venv", "pysqlite3-binary")
}

fn python(args: &[&str]) -> Result<String> {
    let out = Command::new(bench_python()?)
        .arg(root().join("scripts/bench_fill.py"))
        .args(args)
        .output()
        .context("python3")?;
    if !out.status.success() {
        bail!(
            "bench_fill.py {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).to_string())
}

/// Times `n` GETs cycling through `paths`, one at a time; fails on any non-200. Prints the
/// slowest path, to show where to look.
fn time_gets(server: &Server, cookie: &str, paths: &[String], n: usize) -> Result<Vec<f64>> {
    let mut out = Vec::with_capacity(n);
    let mut worst: (f64, String) = (0.0, String::new());
    for i in 0..n {
        let path = &paths[i % paths.len()];
        let t = Instant::now();
        let r = request(server.addr, "GET", path, Some(cookie), None)?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        out.push(ms);
        if ms > worst.0 {
            worst = (ms, path.clone());
        }
        if r.status != 200 {
            bail!(
                "{path} answered {}: {}",
                r.status,
                r.body.chars().take(200).collect::<String>()
            );
        }
    }
    eprintln!("bench inbox: slowest {:.1} ms: {}", worst.0, worst.1);
    Ok(out)
}
