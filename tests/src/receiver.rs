//! A webhook receiver for delivery tests.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// (request line, lower-cased headers, body)
pub type RecordedRequest = (String, Vec<(String, String)>, String);

/// A local HTTP server that records every request (method, path, headers, body) and answers
/// with the status set in `status` (for webhook deliveries).
pub struct Receiver {
    pub url: String,
    pub requests: Arc<Mutex<Vec<RecordedRequest>>>,
    pub status: Arc<Mutex<u16>>,
}

impl Receiver {
    pub fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(Mutex::new(200u16));
        let (reqs, st) = (requests.clone(), status.clone());
        std::thread::spawn(move || {
            use std::io::{Read, Write};
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut buf = Vec::new();
                let mut chunk = [0u8; 8192];
                let (head, body) = loop {
                    let n = stream.read(&mut chunk).unwrap_or(0);
                    if n == 0 {
                        break (String::new(), Vec::new());
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..pos]).to_string();
                        let len: usize = head
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        let mut body = buf[pos + 4..].to_vec();
                        while body.len() < len {
                            let n = stream.read(&mut chunk).unwrap_or(0);
                            if n == 0 {
                                break;
                            }
                            body.extend_from_slice(&chunk[..n]);
                        }
                        break (head, body);
                    }
                };
                let mut lines = head.lines();
                let request_line = lines.next().unwrap_or("").to_string();
                let headers = lines
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                    .collect();
                let code = *st.lock().unwrap();
                reqs.lock().unwrap().push((
                    request_line,
                    headers,
                    String::from_utf8_lossy(&body).to_string(),
                ));
                let _ = stream.write_all(
                    format!("HTTP/1.1 {code} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                        .as_bytes(),
                );
            }
        });
        Receiver {
            url,
            requests,
            status,
        }
    }

    pub fn set_status(&self, code: u16) {
        *self.status.lock().unwrap() = code;
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    /// Waits until at least `n` requests arrived.
    pub fn wait_for(&self, n: usize, secs: u64) -> Vec<RecordedRequest> {
        let started = Instant::now();
        while self.count() < n {
            assert!(
                started.elapsed() < Duration::from_secs(secs),
                "expected {n} webhook calls, got {}",
                self.count()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        self.requests.lock().unwrap().clone()
    }
}
