//! The command line beyond `serve`: migrate, backup and restore, and `*_FILE` settings.

use earshot_tests::{OWNER_EMAIL, OWNER_PASSWORD, Server, binary};
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
