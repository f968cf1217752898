//! A Server-Sent Events reader for live-update tests.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::Client;

/// Reads Server-Sent Events from `/api/v1/events` as the given client, on a thread.
pub struct EventStream {
    pub events: Arc<Mutex<Vec<Value>>>,
}

impl EventStream {
    pub fn open(client: &Client) -> EventStream {
        use std::io::{Read, Write};
        let addr = client.base.trim_start_matches("http://").to_string();
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        let cookie = client.cookie().unwrap_or_default();
        write!(stream, "GET /api/v1/events HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = events.clone();
        let connected = Arc::new(Mutex::new(false));
        let flag = connected.clone();
        std::thread::spawn(move || {
            let mut buf = String::new();
            let mut chunk = [0u8; 4096];
            loop {
                let n = stream.read(&mut chunk).unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
                // Each complete line once, so an event sent twice is seen twice.
                while let Some(end) = buf.find('\n') {
                    let line: String = buf.drain(..=end).collect();
                    let line = line.trim_end();
                    if line.starts_with(": connected") {
                        *flag.lock().unwrap() = true;
                    }
                    if let Some(data) = line.strip_prefix("data: ")
                        && let Ok(v) = serde_json::from_str::<Value>(data)
                    {
                        sink.lock().unwrap().push(v);
                    }
                }
            }
        });
        let started = Instant::now();
        while !*connected.lock().unwrap() {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "event stream did not connect"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        EventStream { events }
    }

    pub fn snapshot(&self) -> Vec<Value> {
        self.events.lock().unwrap().clone()
    }

    /// Waits for an event matching `pred`.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let started = Instant::now();
        loop {
            if let Some(v) = self.snapshot().into_iter().find(|v| pred(v)) {
                return v;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "no {what} event; got {:?}",
                self.snapshot()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
