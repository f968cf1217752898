//! The build pipeline: `cargo xtask dist | run | test | bench <name> | web`.
//!
//! Everything comes from crates.io: the wasm is turned into JS + wasm by
//! `wasm-bindgen-cli-support` used as a library (pinned to the exact `wasm-bindgen` version),
//! so no tool is downloaded at build time.

mod bench;
mod bench_analysis;
mod bench_inbox;
mod http;
mod web;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("web") => web::build(),
        Some("dist") => dist(),
        Some("run") => dist().and_then(|()| run(&args[1..])),
        Some("test") => dist().and_then(|()| test(&args[1..])),
        Some("bench") => bench::run(args.get(1).map(String::as_str), &args[2.min(args.len())..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  \
                 web            build the web app into frontend/dist\n  \
                 dist           web + the release binary target/release/earshot\n  \
                 run [ARGS]     dist, then `earshot serve ARGS`\n  \
                 test [ARGS]    dist, then every test (unit, black-box, browser)\n  \
                 bench <name>   run a benchmark (foundation, inbox, analysis); writes target/bench/<name>.json"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

pub fn run_checked(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

pub fn binary() -> PathBuf {
    target_dir().join("release").join("earshot")
}

fn dist() -> Result<()> {
    let started = std::time::Instant::now();
    web::build()?;
    // The same package set as `test` builds, so dependencies are compiled with one feature
    // set and once, not once for the binary and again for the tests.
    run_checked(cargo().args([
        "build",
        "--release",
        "--workspace",
        "--exclude",
        "earshot-frontend",
    ]))?;
    let size = std::fs::metadata(binary())?.len();
    eprintln!(
        "xtask: built {} ({:.1} MB) in {:.0} s",
        binary().display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn run(args: &[String]) -> Result<()> {
    let mut cmd = Command::new(binary());
    cmd.arg("serve").args(args);
    run_checked(&mut cmd)
}

/// Unit tests of every native crate, then the black-box and browser tests against the
/// release binary just built, then the web app's unit tests. Browser tests need Chromium and
/// ChromeDriver: installed by `scripts/install-test-deps.sh` when missing.
fn test(args: &[String]) -> Result<()> {
    if !Path::new("/usr/bin/chromium").exists() || !Path::new("/usr/bin/chromedriver").exists() {
        eprintln!("xtask: installing Chromium and ChromeDriver for the browser tests");
        run_checked(Command::new("sh").arg(root().join("scripts/install-test-deps.sh")))?;
    }
    run_checked(
        cargo()
            .args([
                "test",
                "--release",
                "--workspace",
                "--exclude",
                "earshot-frontend",
            ])
            .env("EARSHOT_BIN", binary())
            .args(args),
    )?;
    // The web app's own unit tests (pure logic: wire bodies, filters, formatting) run natively
    // in a separate invocation, so its dependencies' features do not change the server's
    // build above. Arguments select server tests, so a filtered run leaves them out.
    if args.is_empty() {
        run_checked(cargo().args(["test", "--release", "-p", "earshot-frontend", "--lib"]))?;
    }
    Ok(())
}
