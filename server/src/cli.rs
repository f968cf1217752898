//! The command line: `earshot serve | migrate | admin create | backup | restore | analyze |
//! reanalyze | healthcheck`.

use std::io::{BufRead, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use earshot_api::Role;

use crate::config::Config;

#[derive(Parser)]
#[command(
    name = "earshot",
    version,
    about = "Earshot: social customer service in one binary"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default when no command is given).
    Serve(Config),
    /// Apply pending database migrations and exit.
    Migrate(Config),
    /// Manage accounts from the command line.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Write a consistent copy of the database to a file (safe while the server runs).
    Backup {
        /// Where to write the copy; must not exist yet.
        output: PathBuf,
        #[command(flatten)]
        config: Config,
    },
    /// Replace the database with a backup. Stop the server first.
    Restore {
        /// A file written by `earshot backup`.
        input: PathBuf,
        #[command(flatten)]
        config: Config,
    },
    /// Analyse texts (one per line, or a CSV column) and print one JSON object per text:
    /// language, sentiment, topics, PII, spam reasons and priority terms.
    Analyze(crate::analysis::command::AnalyzeArgs),
    /// Analyse the stored customer messages again with this version's engine and the topic
    /// rules saved now: after an upgrade, or to apply a new topic rule to past messages.
    /// Spam verdicts and routing stay as they are. Safe while the server runs.
    Reanalyze {
        /// Only messages written on or after this day (YYYY-MM-DD, UTC).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Count what would change and write nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        config: Config,
    },
    /// Exit 0 if the server answers /readyz (for container health checks).
    Healthcheck {
        #[arg(long, env = "EARSHOT_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an account. Without --email, prints a one-time setup link for the owner instead.
    Create {
        #[arg(long)]
        email: Option<String>,
        #[arg(long, default_value = "Owner")]
        name: String,
        #[arg(long, default_value = "owner")]
        role: String,
        /// Read the password from this file (otherwise from the first line of standard input).
        #[arg(long, env = "EARSHOT_ADMIN_PASSWORD_FILE")]
        password_file: Option<PathBuf>,
        #[command(flatten)]
        config: Config,
    },
}

pub fn main() -> ExitCode {
    if let Err(e) = load_secret_files() {
        eprintln!("error: {e:#}");
        return ExitCode::FAILURE;
    }
    let cli = Cli::parse();
    let command = cli
        .command
        .or_else(|| Cli::parse_from(["earshot", "serve"]).command);
    let result = match command.expect("serve is the default command") {
        Command::Serve(config) => serve(config),
        Command::Migrate(config) => runtime().and_then(|rt| {
            rt.block_on(async {
                crate::init_tracing(config.log_format, &config.log);
                let db = crate::db::connect(&config).await?;
                crate::db::migrate(&db).await?;
                println!("migrations applied to {}", config.database_path().display());
                Ok(())
            })
        }),
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    name,
                    role,
                    password_file,
                    config,
                },
        } => runtime()
            .and_then(|rt| rt.block_on(admin_create(config, email, name, role, password_file))),
        Command::Backup { output, config } => {
            runtime().and_then(|rt| rt.block_on(crate::db::backup::backup(&config, &output)))
        }
        Command::Restore { input, config } => {
            runtime().and_then(|rt| rt.block_on(crate::db::backup::restore(&config, &input)))
        }
        Command::Analyze(args) => crate::analysis::command::run(args),
        Command::Reanalyze {
            since,
            dry_run,
            config,
        } => runtime().and_then(|rt| rt.block_on(reanalyze(config, since, dry_run))),
        Command::Healthcheck { bind } => healthcheck(bind),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `EARSHOT_X_FILE=/run/secrets/x` sets `EARSHOT_X` to the file's content (trailing newline
/// removed), so secrets need not appear in the environment or on the command line.
fn load_secret_files() -> anyhow::Result<()> {
    let file_vars: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| {
            k.starts_with("EARSHOT_") && k.ends_with("_FILE") && k != "EARSHOT_ADMIN_PASSWORD_FILE"
        })
        .collect();
    for (key, path) in file_vars {
        let target = key.trim_end_matches("_FILE");
        if std::env::var_os(target).is_some() {
            anyhow::bail!("both {target} and {key} are set; use one");
        }
        let value = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("{key}: cannot read {path}: {e}"))?;
        // SAFETY: called at the very start of `main`, before any other thread exists.
        unsafe { std::env::set_var(target, value.trim_end_matches(['\r', '\n'])) };
    }
    Ok(())
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

fn serve(config: Config) -> anyhow::Result<()> {
    crate::init_tracing(config.log_format, &config.log);
    let listener = TcpListener::bind(config.bind)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.bind))?;
    actix_web::rt::System::new().block_on(crate::run(config, listener))
}

async fn reanalyze(config: Config, since: Option<String>, dry_run: bool) -> anyhow::Result<()> {
    let since = match since.as_deref() {
        None => None,
        Some(day) => Some(
            crate::pipeline::reanalyze::start_of_day(day)
                .ok_or_else(|| anyhow::anyhow!("--since {day:?} is not a date like 2026-11-01"))?,
        ),
    };
    crate::init_tracing(config.log_format, &config.log);
    let db = crate::db::connect(&config).await?;
    crate::db::migrate(&db).await?;
    let summary = crate::pipeline::reanalyze::reanalyze(&db, since, dry_run).await?;
    if dry_run {
        let summary = crate::pipeline::reanalyze::describe(&summary);
        println!("would re-analyse {summary} (dry run: nothing written)");
    } else {
        crate::audit::record(
            &db,
            crate::audit::Actor::System,
            "analysis.reanalysis",
            "messages",
            "",
            serde_json::json!({
                "since": since,
                "messages": summary.messages,
                "conversations": summary.conversations,
                "sentiment_changed": summary.sentiment_changed,
                "topics_changed": summary.topics_changed,
            }),
        )
        .await?;
        println!(
            "re-analysed {}",
            crate::pipeline::reanalyze::describe(&summary)
        );
    }
    Ok(())
}

async fn admin_create(
    config: Config,
    email: Option<String>,
    name: String,
    role: String,
    password_file: Option<PathBuf>,
) -> anyhow::Result<()> {
    let db = crate::db::connect(&config).await?;
    crate::db::migrate(&db).await?;
    let Some(email) = email else {
        return match crate::auth::service::issue_setup_token(&db).await? {
            Some(token) => {
                println!(
                    "Create the owner account within 30 minutes at:\n  {}/setup?token={token}",
                    config.base_url()
                );
                Ok(())
            }
            None => anyhow::bail!(
                "this instance already has users; pass --email (and --role) to add another account"
            ),
        };
    };
    let role = Role::parse(&role).ok_or_else(|| {
        anyhow::anyhow!("unknown role {role:?}; use owner, admin, supervisor, agent or analyst")
    })?;
    let password = match password_file {
        Some(path) => std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?,
        None => {
            eprint!("Password for {email}: ");
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line
        }
    };
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    crate::auth::password::check_policy(&password, &email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let hash = crate::auth::password::hash(password)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let user = crate::users::service::insert_user(&db, &email, &name, role, Some(hash), false)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    crate::audit::record(
        &db,
        crate::audit::Actor::System,
        "user.create",
        &user.email,
        "cli",
        serde_json::json!({"role": role.as_str(), "via": "cli"}),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "created {} ({}) with id {}",
        user.email,
        role.as_str(),
        user.id
    );
    Ok(())
}

/// A minimal HTTP/1.0 GET of /readyz, so the binary needs no HTTP client for its own probe.
fn healthcheck(bind: SocketAddr) -> anyhow::Result<()> {
    let addr = if bind.ip().is_unspecified() {
        SocketAddr::from(([127, 0, 0, 1], bind.port()))
    } else {
        bind
    };
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(3))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.write_all(format!("GET /readyz HTTP/1.0\r\nHost: {addr}\r\n\r\n").as_bytes())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let status = answer.lines().next().unwrap_or("");
    if status.contains(" 200 ") {
        println!("ready");
        Ok(())
    } else {
        anyhow::bail!("not ready: {status}")
    }
}
