//! The command line beyond `serve`: migrate, backup and restore, reanalyze, and `*_FILE`
//! settings.

use earshot_tests::{ApiChannel, OWNER_EMAIL, OWNER_PASSWORD, Server, binary, dm};
use serde_json::json;
use std::process::Command;

#[test]
fn backup_while_running_then_restore_brings_the_data_back() {
    let server = Server::start();
    let owner = server.setup_owner();
    owner.post("/api/v1/teams", json!({"name": "Before backup"}));
    let backup = server.data_dir.with_extension("backup.db");
    let out = Command::new(binary())
        .args(["backup"])
        .arg(&backup)
        .arg("--data-dir")
        .arg(&server.data_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = Command::new(binary())
        .args(["backup"])
        .arg(&backup)
        .arg("--data-dir")
        .arg(&server.data_dir)
        .output()
        .unwrap();
    assert!(
        !again.status.success(),
        "an existing file is never overwritten"
    );

    owner.post("/api/v1/teams", json!({"name": "After backup"}));
    assert_eq!(
        owner.get("/api/v1/teams").json().as_array().unwrap().len(),
        2
    );
    let data_dir = server.data_dir.clone();
    let copy = data_dir.with_extension("copy");
    drop(owner);
    // Restore into a fresh data dir of a stopped server, then start a server on it.
    let out = Command::new(binary())
        .args(["restore"])
        .arg(&backup)
        .arg("--data-dir")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = Server::start_with(&[("EARSHOT_DATA_DIR", copy.to_str().unwrap())]);
    let c = restored.client();
    assert_eq!(c.login(OWNER_EMAIL, OWNER_PASSWORD).status, 200);
    let teams = c.get("/api/v1/teams").json();
    assert_eq!(teams.as_array().unwrap().len(), 1);
    assert_eq!(teams[0]["name"], "Before backup");
    drop(restored);
    let damaged = data_dir.with_extension("damaged.db");
    std::fs::write(&damaged, b"this is not a database").unwrap();
    let out = Command::new(binary())
        .args(["restore"])
        .arg(&damaged)
        .arg("--data-dir")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let _ = std::fs::remove_file(&backup);
    let _ = std::fs::remove_file(&damaged);
    let _ = std::fs::remove_dir_all(&copy);
}

#[test]
fn migrate_command_prepares_an_empty_data_dir() {
    let dir = std::env::temp_dir().join(format!("earshot-migrate-{}", std::process::id()));
    let out = Command::new(binary())
        .args(["migrate", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("earshot.db").exists());
    let again = Command::new(binary())
        .args(["migrate", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(again.status.success(), "migrating twice is a no-op");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn settings_can_come_from_files() {
    let file = std::env::temp_dir().join(format!("earshot-public-url-{}", std::process::id()));
    std::fs::write(&file, "https://help.example.org\n").unwrap();
    let server = Server::start_with(&[("EARSHOT_PUBLIC_URL_FILE", file.to_str().unwrap())]);
    server.setup_token();
    assert!(
        server
            .stdout()
            .contains("https://help.example.org/setup?token="),
        "{}",
        server.stdout()
    );
    let owner = server.client();
    let r = owner.post("/api/v1/setup", json!({"token": server.setup_token(), "email": OWNER_EMAIL, "name": "O", "password": OWNER_PASSWORD}));
    assert!(r.header("set-cookie").unwrap().contains("Secure"));
    let _ = std::fs::remove_file(&file);
}

/// A topic rule added in Settings tags the next message; `earshot reanalyze` (run while the
/// server runs) applies it to the messages that came before, for the inbox and the reports.
#[test]
fn reanalyze_applies_a_new_topic_rule_to_past_messages() {
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, None);
    let posted = channel
        .post(
            &server,
            json!({"items": [dm("r-1", "ida", "My lounge pass was refused at the gate"),
                             dm("r-2", "jon", "Where do I park at the terminal?")]}),
        )
        .json();
    let conversation = posted["items"][0]["conversation_id"].as_i64().unwrap();
    let created = owner.post(
        "/api/v1/topic-rules",
        json!({"topic": "lounge", "kind": "keywords", "pattern": "lounge pass, lounge access"}),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let topics_of = |id: i64| {
        let detail = owner.get(&format!("/api/v1/conversations/{id}")).json();
        (
            detail["messages"][0]["analysis"]["topics"].clone(),
            detail["conversation"]["tags"].clone(),
        )
    };
    // Saved rules apply to messages that arrive after them.
    assert_eq!(topics_of(conversation), (json!([]), json!([])));

    let reanalyze = |args: &[&str]| {
        let out = Command::new(binary())
            .arg("reanalyze")
            .args(args)
            .arg("--data-dir")
            .arg(&server.data_dir)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        (
            out.status.success(),
            stdout,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, dry, stderr) = reanalyze(&["--dry-run"]);
    assert!(ok, "{stderr}");
    assert!(
        dry.contains("2 messages in 2 conversations (1 changed)"),
        "{dry}"
    );
    assert!(dry.contains("topics for 1"), "{dry}");
    assert_eq!(
        topics_of(conversation).1,
        json!([]),
        "a dry run writes nothing"
    );

    let (ok, done, stderr) = reanalyze(&[]);
    assert!(ok, "{stderr}");
    assert!(done.starts_with("re-analysed 2 messages"), "{done}");
    // Run again, it finds nothing left to change.
    let (_, again, _) = reanalyze(&["--dry-run"]);
    assert!(again.contains("(0 changed)"), "{again}");
    let (topics, tags) = topics_of(conversation);
    assert_eq!(topics[0]["topic"], "lounge", "{topics}");
    assert_eq!(topics[0]["matched"], "lounge pass");
    assert_eq!(tags, json!(["lounge"]));
    let report = owner.get("/api/v1/reports/overview").json();
    let reported = report["topics"].as_array().unwrap();
    assert!(
        reported
            .iter()
            .any(|t| t["topic"] == "lounge" && t["messages"] == 1),
        "{report}"
    );
    // Recorded in the audit log, by the system.
    let audit = owner.get("/api/v1/audit").json().to_string();
    assert!(audit.contains("analysis.reanalysis"), "{audit}");

    // A date that is not one is refused with what to type instead.
    let (ok, _, stderr) = reanalyze(&["--since", "2026-02-30"]);
    assert!(!ok);
    assert!(stderr.contains("not a date like"), "{stderr}");
    let (ok, later, stderr) = reanalyze(&["--since", "2999-01-01"]);
    assert!(ok, "{stderr}");
    assert!(later.contains("0 messages in 0 conversations"), "{later}");
}
