//! One configuration struct, from command-line flags and `EARSHOT_*` environment variables.
//! Secrets may come from files (`*_FILE`) so they stay out of process listings.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "EARSHOT_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Directory holding the SQLite database (created if missing).
    #[arg(long, env = "EARSHOT_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// The address people use to reach Earshot (e.g. https://support.example.com); used in
    /// links (setup, invitations) and to mark cookies `Secure` when it is https.
    #[arg(long, env = "EARSHOT_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Log format.
    #[arg(long, env = "EARSHOT_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,

    /// Log filter (tracing `EnvFilter` syntax).
    #[arg(long, env = "EARSHOT_LOG", default_value = "info")]
    pub log: String,

    /// A session ends after this many seconds without a request (default 8 hours).
    #[arg(long, env = "EARSHOT_SESSION_IDLE_SECS", default_value_t = 8 * 3600, value_parser = clap::value_parser!(i64).range(1..))]
    pub session_idle_secs: i64,

    /// A session ends this many seconds after login, whatever happens (default 7 days).
    #[arg(long, env = "EARSHOT_SESSION_MAX_SECS", default_value_t = 7 * 24 * 3600, value_parser = clap::value_parser!(i64).range(1..))]
    pub session_max_secs: i64,

    /// Failed logins allowed per account before it is throttled.
    #[arg(long, env = "EARSHOT_LOGIN_MAX_FAILURES", default_value_t = 5)]
    pub login_max_failures: u32,

    /// Failed logins allowed per client address before it is throttled.
    #[arg(long, env = "EARSHOT_LOGIN_MAX_FAILURES_PER_IP", default_value_t = 20)]
    pub login_max_failures_per_ip: u32,

    /// How long (seconds) a throttled account or address must wait; doubles on repeat.
    #[arg(long, env = "EARSHOT_LOGIN_LOCKOUT_SECONDS", default_value_t = 60)]
    pub login_lockout_seconds: u64,

    /// Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy on loopback.
    #[arg(long, env = "EARSHOT_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,

    /// Largest JSON request body accepted, in KiB.
    #[arg(long, env = "EARSHOT_MAX_BODY_KB", default_value_t = 1024)]
    pub max_body_kb: usize,
}

impl Config {
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("earshot.db")
    }

    /// The base address for links printed or shown to people.
    pub fn base_url(&self) -> String {
        match &self.public_url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.bind),
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}
