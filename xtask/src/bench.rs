//! Benchmarks: each starts the release binary on a fresh data directory, measures, prints
//! the figures and writes them as JSON to `target/bench/<name>.json`.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::json;

use crate::http::request;
use crate::{binary, root, target_dir};

pub fn run(name: Option<&str>, _args: &[String]) -> Result<()> {
    let figures = match name {
        Some("foundation") => foundation()?,
        Some("inbox") => crate::bench_inbox::run(_args)?,
        Some("analysis") => crate::bench_analysis::run()?,
        Some(other) => bail!("unknown benchmark {other:?}; available: foundation, inbox, analysis"),
        None => bail!("name a benchmark: cargo xtask bench foundation"),
    };
    let dir = target_dir().join("bench");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{}.json", name.unwrap_or_default()));
    std::fs::write(&path, serde_json::to_string_pretty(&figures)?)?;
    println!("{}", serde_json::to_string_pretty(&figures)?);
    eprintln!("xtask: wrote {}", path.display());
    Ok(())
}

/// The Python of a venv under target/bench with `package` installed from PyPI (made once).
pub fn python_venv(name: &str, package: &str) -> Result<std::path::PathBuf> {
    let venv = target_dir().join("bench").join(name);
    let python = venv.join("bin/python");
    if !python.exists() {
        crate::run_checked(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        crate::run_checked(Command::new(&python).args(["-m", "pip", "install", "-q", package]))?;
    }
    Ok(python)
}

pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
    pub setup_token: String,
    pub data: TempDir,
}

impl Server {
    /// Peak resident memory so far (VmHWM), in MB.
    pub fn peak_rss_mb(&self) -> f64 {
        proc_status_mb(self.child.id(), "VmHWM:").unwrap_or(0.0)
    }

    /// SIGTERM, then wait for the process to finish.
    pub fn stop(mut self) -> Result<TempDir> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        Ok(std::mem::replace(
            &mut self.data,
            TempDir(std::path::PathBuf::new()),
        ))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct TempDir(pub std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        if !self.0.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Starts the binary on a fresh data directory and returns once `/readyz` answers, with the
/// time that took.
pub fn start_server() -> Result<(Server, Duration)> {
    let data = TempDir(std::env::temp_dir().join(format!("earshot-bench-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&data.0);
    start_server_on(data)
}

/// Starts the binary on an existing (or new) data directory.
pub fn start_server_on(data: TempDir) -> Result<(Server, Duration)> {
    if !binary().exists() {
        bail!(
            "{} is missing; run `cargo xtask dist` first",
            binary().display()
        );
    }
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()?).parse()?;
    let started = Instant::now();
    let mut child = Command::new(binary())
        .args(["serve", "--bind", &addr.to_string(), "--data-dir"])
        .arg(&data.0)
        .env("EARSHOT_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let ready_after = loop {
        if let Ok(r) = request(addr, "GET", "/readyz", None, None)
            && r.status == 200
        {
            break started.elapsed();
        }
        if started.elapsed() > Duration::from_secs(30) {
            bail!("the server did not become ready in 30 s");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    // The setup link is printed only while no user exists.
    let stdout = child.stdout.take().context("stdout")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some((_, token)) = line.split_once("token=") {
                let _ = tx.send(token.trim().to_string());
            }
        }
    });
    let setup_token = rx
        .recv_timeout(Duration::from_millis(500))
        .unwrap_or_default();
    Ok((
        Server {
            child,
            addr,
            setup_token,
            data,
        },
        ready_after,
    ))
}

fn rss_mb(pid: u32) -> Result<f64> {
    proc_status_mb(pid, "VmRSS:")
}

fn proc_status_mb(pid: u32, field: &str) -> Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .context("VmRSS")?;
    Ok(kb / 1024.0)
}

pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn file_size(dir: &std::path::Path, ext: &str) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(ext))
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .unwrap_or(0)
}

/// Binary and wasm sizes, time to ready, idle memory, and login latency.
fn foundation() -> Result<serde_json::Value> {
    let (server, ready_after) = start_server()?;
    let body = json!({"token": server.setup_token, "email": "bench@example.com", "name": "Bench", "password": "bench password 123"});
    let setup = request(
        server.addr,
        "POST",
        "/api/v1/setup",
        None,
        Some(&body.to_string()),
    )?;
    if setup.status != 200 {
        bail!("setup failed: {} {}", setup.status, setup.body);
    }
    std::thread::sleep(Duration::from_secs(2));
    let idle_rss = rss_mb(server.child.id())?;

    let login = json!({"email": "bench@example.com", "password": "bench password 123"}).to_string();
    let mut latencies = Vec::new();
    for _ in 0..60 {
        let t = Instant::now();
        let r = request(
            server.addr,
            "POST",
            "/api/v1/auth/login",
            None,
            Some(&login),
        )?;
        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
        if r.status != 200 {
            bail!("login failed: {} {}", r.status, r.body);
        }
    }
    let me_cookie = request(
        server.addr,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(&login),
    )?
    .cookie()
    .context("cookie")?;
    let mut me_latencies = Vec::new();
    for _ in 0..500 {
        let t = Instant::now();
        let r = request(
            server.addr,
            "GET",
            "/api/v1/auth/me",
            Some(&me_cookie),
            None,
        )?;
        me_latencies.push(t.elapsed().as_secs_f64() * 1000.0);
        if r.status != 200 {
            bail!("me failed: {}", r.status);
        }
    }
    let peak_rss = rss_mb(server.child.id())?;
    latencies.sort_by(f64::total_cmp);
    me_latencies.sort_by(f64::total_cmp);
    let dist = root().join("frontend/dist");
    Ok(json!({
        "binary_bytes": std::fs::metadata(binary())?.len(),
        "wasm_bytes": file_size(&dist, ".wasm"),
        "wasm_brotli_bytes": file_size(&dist, ".wasm.br"),
        "wasm_gzip_bytes": file_size(&dist, ".wasm.gz"),
        "start_to_ready_ms": ready_after.as_secs_f64() * 1000.0,
        "idle_rss_mb": idle_rss,
        "rss_after_logins_mb": peak_rss,
        "login_p50_ms": percentile(&latencies, 0.5),
        "login_p99_ms": percentile(&latencies, 0.99),
        "authenticated_get_p50_ms": percentile(&me_latencies, 0.5),
        "authenticated_get_p99_ms": percentile(&me_latencies, 0.99),
    }))
}
