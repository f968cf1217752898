//! The black-box test harness: starts the real release binary (`EARSHOT_BIN`, or
//! `target/release/earshot` as built by `cargo xtask dist`) on a free port with a temporary
//! data directory, and talks to it over HTTP like any client would.

mod channel;
mod events;
mod receiver;
pub mod webdriver;

pub use channel::{ApiChannel, dm, ids, sign};
pub use events::EventStream;
pub use receiver::{Receiver, RecordedRequest};

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const OWNER_EMAIL: &str = "owner@example.com";
pub const OWNER_PASSWORD: &str = "owner password 1234";
/// The password `Server::user` gives the accounts it creates.
pub const USER_PASSWORD: &str = "teammate password 1234";

pub fn binary() -> PathBuf {
    std::env::var_os("EARSHOT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/earshot")
        })
}

pub struct Server {
    child: Child,
    pub base: String,
    pub data_dir: PathBuf,
    stdout: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// Starts the binary with extra `EARSHOT_*` environment variables.
    pub fn start_with(env: &[(&str, &str)]) -> Server {
        let bin = binary();
        assert!(
            bin.exists(),
            "{} is missing: run `cargo xtask dist` (or `cargo xtask test`)",
            bin.display()
        );
        let port = free_port();
        let data_dir = env
            .iter()
            .find(|(k, _)| *k == "EARSHOT_DATA_DIR")
            .map(|(_, v)| PathBuf::from(v))
            .unwrap_or_else(|| {
                std::env::temp_dir().join(format!(
                    "earshot-test-{}-{}-{}",
                    std::process::id(),
                    port,
                    rand::random::<u32>()
                ))
            });
        let mut cmd = Command::new(&bin);
        cmd.args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(&data_dir)
        .env("EARSHOT_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start earshot");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let lines = stdout.clone();
        let pipe = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            data_dir,
            stdout,
        };
        let started = Instant::now();
        loop {
            let listening = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
            if listening && server.client().get("/readyz").status == 200 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "server not ready after 30 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().join("\n")
    }

    /// The one-time setup token printed at start (waits briefly for the line to arrive).
    pub fn setup_token(&self) -> String {
        let started = Instant::now();
        loop {
            if let Some(token) = self.stdout().split("token=").nth(1) {
                return token.split_whitespace().next().unwrap().to_string();
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "no setup link printed:\n{}",
                self.stdout()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Completes first-run setup and returns the owner's logged-in client.
    pub fn setup_owner(&self) -> Client {
        let owner = self.client();
        let r = owner.post(
            "/api/v1/setup",
            json!({"token": self.setup_token(), "email": OWNER_EMAIL, "name": "Olive Owner", "password": OWNER_PASSWORD}),
        );
        assert_eq!(r.status, 200, "setup: {}", r.body);
        owner
    }

    /// Creates a user with a temporary password (as `by`), logs them in and replaces the
    /// temporary password with `USER_PASSWORD` (as the app makes them), and returns their
    /// logged-in client.
    pub fn user(&self, by: &Client, email: &str, role: &str, team_ids: &[i64]) -> (Client, i64) {
        let r = by.post(
            "/api/v1/users",
            json!({"email": email, "name": email.split('@').next().unwrap(), "role": role, "mode": "temporary_password", "team_ids": team_ids}),
        );
        assert_eq!(r.status, 201, "create {role}: {}", r.body);
        let created = r.json();
        let password = created["temporary_password"].as_str().unwrap().to_string();
        let client = self.client();
        let login = client.login(email, &password);
        assert_eq!(login.status, 200, "login {email}: {}", login.body);
        let changed = client.post(
            "/api/v1/auth/password",
            json!({"current_password": password, "new_password": USER_PASSWORD}),
        );
        assert_eq!(
            changed.status, 204,
            "password change {email}: {}",
            changed.body
        );
        (client, created["user"]["id"].as_i64().unwrap())
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The error code of a `{"error":{"code",...}}` body.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

/// A browser-like client: keeps the session cookie, sends JSON with same-origin metadata.
pub struct Client {
    agent: ureq::Agent,
    pub base: String,
    cookie: Mutex<Option<String>>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Client {
            agent,
            base: base.to_string(),
            cookie: Mutex::new(None),
        }
    }

    pub fn cookie(&self) -> Option<String> {
        self.cookie.lock().unwrap().clone()
    }

    pub fn set_cookie(&self, cookie: Option<String>) {
        *self.cookie.lock().unwrap() = cookie;
    }

    pub fn get(&self, path: &str) -> Resp {
        self.send("GET", path, None, &[])
    }

    pub fn post(&self, path: &str, body: Value) -> Resp {
        self.send(
            "POST",
            path,
            Some(body.to_string().as_bytes()),
            &[("content-type", "application/json")],
        )
    }

    /// Creates a team named `name` as this client; its id.
    pub fn create_team(&self, name: &str) -> i64 {
        let created = self.post("/api/v1/teams", json!({ "name": name }));
        created.json()["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("create team {name}: {}", created.body))
    }

    pub fn patch(&self, path: &str, body: Value) -> Resp {
        self.send(
            "PATCH",
            path,
            Some(body.to_string().as_bytes()),
            &[("content-type", "application/json")],
        )
    }

    pub fn put(&self, path: &str, body: Value) -> Resp {
        self.send(
            "PUT",
            path,
            Some(body.to_string().as_bytes()),
            &[("content-type", "application/json")],
        )
    }

    pub fn delete(&self, path: &str) -> Resp {
        self.send(
            "DELETE",
            path,
            Some(b"{}"),
            &[("content-type", "application/json")],
        )
    }

    /// The status of a GET whose body never ends (an event stream).
    pub fn status_of_stream(&self, path: &str) -> u16 {
        use std::io::{Read, Write};
        let addr = self.base.trim_start_matches("http://").to_string();
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let cookie = self
            .cookie()
            .map(|c| format!("Cookie: {c}\r\n"))
            .unwrap_or_default();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{cookie}\r\n"
        )
        .unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        String::from_utf8_lossy(&head)
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }

    pub fn login(&self, email: &str, password: &str) -> Resp {
        self.post(
            "/api/v1/auth/login",
            json!({"email": email, "password": password}),
        )
    }

    /// Any method, raw body bytes and headers (for CSRF and bad-input tests).
    pub fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut builder = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{}", self.base, path));
        if let Some(c) = self.cookie() {
            builder = builder.header("cookie", c);
        }
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let request = builder
            .body(body.unwrap_or_default().to_vec())
            .expect("request");
        let mut response = self
            .agent
            .run(request)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        for (k, v) in &headers {
            if k.eq_ignore_ascii_case("set-cookie") && v.starts_with("earshot_session=") {
                let pair = v.split(';').next().unwrap_or("").to_string();
                let value = pair.trim_start_matches("earshot_session=");
                self.set_cookie(if value.is_empty() { None } else { Some(pair) });
            }
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(50 * 1024 * 1024)
            .read_to_string()
            .unwrap_or_default();
        Resp {
            status,
            body,
            headers,
        }
    }
}
