//! A re-analysis started from Settings survives a crash of the server: the restarted server
//! goes on with it from the last batch it wrote, and its status says so.

use std::time::{Duration, Instant};

use earshot_tests::{ApiChannel, Server, dm};
use serde_json::{Value, json};

/// Messages enough for several batches of the re-analysis (500 a batch).
const MESSAGES: usize = 3000;

#[test]
fn a_reanalysis_interrupted_by_a_crash_is_finished_after_the_restart() {
    let server = Server::start();
    let data_dir = server.data_dir.clone();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, None);
    for batch in 0..MESSAGES / 1000 {
        let items: Vec<Value> = (0..1000)
            .map(|i| {
                let n = batch * 1000 + i;
                dm(
                    &format!("m-{n}"),
                    &format!("c-{n}"),
                    &format!("My lounge pass number {n} was refused at the gate"),
                )
            })
            .collect();
        let posted = channel.post(&server, json!({ "items": items }));
        assert_eq!(posted.status, 202, "{}", posted.body);
    }
    let rule = json!({"topic": "lounge", "kind": "keywords", "pattern": "lounge pass"});
    assert_eq!(owner.post("/api/v1/topic-rules", rule).status, 201);

    // Started, then the server is killed at once: no batch of the run has been written yet,
    // or only the first few.
    let started = owner.post("/api/v1/reanalysis", json!({}));
    assert_eq!(started.status, 202, "{}", started.body);
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(300));
    let keep = data_dir.with_extension("kept");
    std::fs::create_dir_all(&keep).unwrap();
    for f in ["earshot.db", "earshot.db-wal", "earshot.db-shm"] {
        let _ = std::fs::copy(data_dir.join(f), keep.join(f));
    }
    drop(server);

    let restarted = Server::start_with(&[("EARSHOT_DATA_DIR", keep.to_str().unwrap())]);
    let owner = restarted.client();
    let login = owner.login(earshot_tests::OWNER_EMAIL, earshot_tests::OWNER_PASSWORD);
    assert_eq!(login.status, 200, "{}", login.body);
    let waited = Instant::now();
    let status = loop {
        let status = owner.get("/api/v1/reanalysis").json();
        if status["running"] == false {
            break status;
        }
        assert!(waited.elapsed() < Duration::from_secs(60), "{status}");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status["resumed"], true, "{status}");
    assert!(status["error"].is_null(), "{status}");
    // Every message counted once: those written before the crash and those after.
    assert_eq!(status["summary"]["messages"], MESSAGES, "{status}");
    assert_eq!(status["summary"]["topics_changed"], MESSAGES, "{status}");
    assert_eq!(status["summary"]["conversations"], MESSAGES, "{status}");
    let report = owner.get("/api/v1/reports/overview").json();
    let lounge = (report["topics"].as_array().unwrap().iter())
        .find(|t| t["topic"] == "lounge")
        .cloned();
    assert_eq!(lounge.unwrap()["messages"], MESSAGES, "{report}");
    let audit = owner.get("/api/v1/audit").json().to_string();
    assert!(audit.contains("resumed_after_message"), "{audit}");
    let _ = std::fs::remove_dir_all(&keep);
}
