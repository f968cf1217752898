//! First-run setup, login and logout, sessions, throttling, expiry and CSRF — against the binary.

use earshot_tests::{OWNER_EMAIL, OWNER_PASSWORD, Server};
use serde_json::json;

#[test]
fn first_run_setup_creates_the_owner_once_with_a_single_use_token() {
    let server = Server::start();
    let anon = server.client();
    assert_eq!(anon.get("/api/v1/setup").json()["needs_setup"], true);
    // No default account exists.
    assert_eq!(anon.login("admin@example.com", "admin").status, 401);
    assert_eq!(anon.get("/api/v1/auth/me").status, 401);

    let token = server.setup_token();
    assert_eq!(token.len(), 64);
    let bad = anon.post(
        "/api/v1/setup",
        json!({"token": "0".repeat(64), "email": OWNER_EMAIL, "name": "O", "password": OWNER_PASSWORD}),
    );
    assert_eq!(bad.status, 401);
    assert_eq!(bad.error_code(), "invalid_setup_token");
    let weak = anon.post(
        "/api/v1/setup",
        json!({"token": token, "email": OWNER_EMAIL, "name": "O", "password": "short"}),
    );
    assert_eq!(weak.status, 422);
    assert!(
        weak.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at least")
    );

    let owner = server.setup_owner();
    let me = owner.get("/api/v1/auth/me");
    assert_eq!(me.status, 200);
    assert_eq!(me.json()["role"], "owner");
    assert_eq!(me.json()["email"], OWNER_EMAIL);
    assert_eq!(anon.get("/api/v1/setup").json()["needs_setup"], false);

    // The token is single use, and setup cannot run twice.
    let again = server.client().post(
        "/api/v1/setup",
        json!({"token": token, "email": "second@example.com", "name": "S", "password": OWNER_PASSWORD}),
    );
    assert_eq!(again.status, 409);
    assert_eq!(again.error_code(), "already_set_up");
}

#[test]
fn login_logout_and_the_same_answer_for_unknown_emails() {
    let server = Server::start();
    server.setup_owner();
    let c = server.client();
    let wrong = c.login(OWNER_EMAIL, "wrong password!!");
    let unknown = c.login("nobody@example.com", "wrong password!!");
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.status, 401);
    assert_eq!(
        wrong.body, unknown.body,
        "unknown emails must get the same answer"
    );

    let ok = c.login("  OWNER@example.com ", OWNER_PASSWORD);
    assert_eq!(ok.status, 200, "{}", ok.body);
    let cookie = ok.header("set-cookie").unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain-http default must not set Secure: {cookie}"
    );
    assert_eq!(c.get("/api/v1/auth/me").status, 200);

    let stolen = c.cookie();
    assert_eq!(c.post("/api/v1/auth/logout", json!({})).status, 204);
    assert_eq!(c.cookie(), None);
    // The old cookie no longer works: the session ended on the server.
    c.set_cookie(stolen);
    assert_eq!(c.get("/api/v1/auth/me").status, 401);
}

#[test]
fn secure_cookie_behind_https() {
    let server = Server::start_with(&[("EARSHOT_PUBLIC_URL", "https://support.example.com")]);
    assert!(
        server
            .stdout()
            .contains("https://support.example.com/setup?token=")
            || {
                server.setup_token();
                server
                    .stdout()
                    .contains("https://support.example.com/setup?token=")
            }
    );
    let owner = server.client();
    let r = owner.post(
        "/api/v1/setup",
        json!({"token": server.setup_token(), "email": OWNER_EMAIL, "name": "O", "password": OWNER_PASSWORD}),
    );
    assert!(r.header("set-cookie").unwrap().contains("Secure"));
}

#[test]
fn login_is_throttled_per_account_with_a_clear_wait_time() {
    let server = Server::start_with(&[
        ("EARSHOT_LOGIN_MAX_FAILURES", "3"),
        ("EARSHOT_LOGIN_LOCKOUT_SECONDS", "2"),
    ]);
    server.setup_owner();
    let c = server.client();
    assert_eq!(c.login(OWNER_EMAIL, "nope nope nope").status, 401);
    assert_eq!(c.login(OWNER_EMAIL, "nope nope nope").status, 401);
    let locked = c.login(OWNER_EMAIL, "nope nope nope");
    assert_eq!(locked.status, 429);
    assert_eq!(locked.error_code(), "too_many_attempts");
    let message = locked.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("Try again in 2 s"), "{message}");
    assert_eq!(locked.header("retry-after"), Some("2"));
    // Even the right password waits until the lock ends.
    assert_eq!(c.login(OWNER_EMAIL, OWNER_PASSWORD).status, 429);
    std::thread::sleep(std::time::Duration::from_millis(2200));
    assert_eq!(c.login(OWNER_EMAIL, OWNER_PASSWORD).status, 200);
}

#[test]
fn login_is_throttled_per_address_across_accounts() {
    let server = Server::start_with(&[
        ("EARSHOT_LOGIN_MAX_FAILURES_PER_IP", "4"),
        ("EARSHOT_LOGIN_LOCKOUT_SECONDS", "30"),
    ]);
    server.setup_owner();
    let c = server.client();
    for i in 0..3 {
        assert_eq!(
            c.login(&format!("user{i}@example.com"), "guessing123")
                .status,
            401
        );
    }
    assert_eq!(c.login("user9@example.com", "guessing123").status, 429);
    assert_eq!(
        c.login(OWNER_EMAIL, OWNER_PASSWORD).status,
        429,
        "the address is locked for every account"
    );
}

#[test]
fn sessions_end_when_idle() {
    // Times are stored in whole seconds, so the steps leave a second of slack.
    let server = Server::start_with(&[("EARSHOT_SESSION_IDLE_SECS", "3")]);
    let owner = server.setup_owner();
    for _ in 0..3 {
        assert_eq!(
            owner.get("/api/v1/auth/me").status,
            200,
            "activity keeps the session alive"
        );
        std::thread::sleep(std::time::Duration::from_millis(1000));
    }
    std::thread::sleep(std::time::Duration::from_millis(4200));
    let r = owner.get("/api/v1/auth/me");
    assert_eq!(r.status, 401);
    assert_eq!(r.error_code(), "not_logged_in");
}

#[test]
fn sessions_end_at_their_absolute_limit_despite_activity() {
    let server = Server::start_with(&[("EARSHOT_SESSION_MAX_SECS", "3")]);
    let owner = server.setup_owner();
    for _ in 0..3 {
        assert_eq!(owner.get("/api/v1/auth/me").status, 200);
        std::thread::sleep(std::time::Duration::from_millis(700));
    }
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(owner.get("/api/v1/auth/me").status, 401);
}

#[test]
fn password_change_and_log_out_other_sessions() {
    let server = Server::start();
    let laptop = server.setup_owner();
    let phone = server.client();
    assert_eq!(phone.login(OWNER_EMAIL, OWNER_PASSWORD).status, 200);
    let tablet = server.client();
    assert_eq!(tablet.login(OWNER_EMAIL, OWNER_PASSWORD).status, 200);

    let sessions = laptop.get("/api/v1/auth/sessions").json();
    let sessions = sessions.as_array().unwrap();
    assert_eq!(sessions.len(), 3);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    // Session handles are not the cookie secret.
    let cookie = laptop.cookie().unwrap();
    assert!(
        sessions
            .iter()
            .all(|s| !cookie.contains(s["id"].as_str().unwrap()))
    );

    // End the tablet's session by its id.
    let tablet_id = tablet
        .get("/api/v1/auth/sessions")
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == true)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        laptop
            .delete(&format!("/api/v1/auth/sessions/{tablet_id}"))
            .status,
        204
    );
    assert_eq!(tablet.get("/api/v1/auth/me").status, 401);
    assert_eq!(
        laptop.delete("/api/v1/auth/sessions/doesnotexist").status,
        404
    );

    // Wrong current password.
    let wrong = laptop.post(
        "/api/v1/auth/password",
        json!({"current_password": "not it at all", "new_password": "a brand new password"}),
    );
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.error_code(), "wrong_password");
    let ok = laptop.post(
        "/api/v1/auth/password",
        json!({"current_password": OWNER_PASSWORD, "new_password": "a brand new password"}),
    );
    assert_eq!(ok.status, 204, "{}", ok.body);
    assert_eq!(
        laptop.get("/api/v1/auth/me").status,
        200,
        "this session stays"
    );
    assert_eq!(
        phone.get("/api/v1/auth/me").status,
        401,
        "other sessions end"
    );
    assert_eq!(
        server.client().login(OWNER_EMAIL, OWNER_PASSWORD).status,
        401
    );
    let again = server.client();
    assert_eq!(again.login(OWNER_EMAIL, "a brand new password").status, 200);

    let revoked = laptop.post("/api/v1/auth/sessions/revoke-others", json!({}));
    assert_eq!(revoked.json()["revoked"], 1);
    assert_eq!(again.get("/api/v1/auth/me").status, 401);
    assert_eq!(laptop.get("/api/v1/auth/me").status, 200);
}

#[test]
fn cross_site_and_non_json_mutations_are_refused() {
    let server = Server::start();
    let owner = server.setup_owner();
    let body = br#"{"name":"Support"}"#;
    let cross = owner.send(
        "POST",
        "/api/v1/teams",
        Some(body),
        &[
            ("content-type", "application/json"),
            ("sec-fetch-site", "cross-site"),
        ],
    );
    assert_eq!(cross.status, 403);
    assert_eq!(cross.error_code(), "cross_site_request");
    let evil_origin = owner.send(
        "POST",
        "/api/v1/teams",
        Some(body),
        &[
            ("content-type", "application/json"),
            ("origin", "https://evil.example"),
        ],
    );
    assert_eq!(evil_origin.status, 403);
    let form = owner.send(
        "POST",
        "/api/v1/teams",
        Some(b"name=Support"),
        &[("content-type", "application/x-www-form-urlencoded")],
    );
    assert_eq!(form.status, 415);
    let text = owner.send(
        "POST",
        "/api/v1/auth/logout",
        Some(b"{}"),
        &[("content-type", "text/plain")],
    );
    assert_eq!(text.status, 415);
    assert_eq!(
        owner.get("/api/v1/auth/me").status,
        200,
        "refused logout did nothing"
    );
    // Same-origin browsers and non-browser clients pass.
    let origin = owner.base.clone();
    let same = owner.send(
        "POST",
        "/api/v1/teams",
        Some(body),
        &[
            ("content-type", "application/json"),
            ("sec-fetch-site", "same-origin"),
            ("origin", &origin),
        ],
    );
    assert_eq!(same.status, 201, "{}", same.body);
    assert_eq!(
        owner.get("/api/v1/teams").json().as_array().unwrap().len(),
        1
    );
}

#[test]
fn admin_create_cli_makes_accounts_and_setup_links() {
    let server = Server::start();
    server.setup_owner();
    let out = std::process::Command::new(earshot_tests::binary())
        .args([
            "admin",
            "create",
            "--email",
            "cli@example.com",
            "--name",
            "Cli",
            "--role",
            "admin",
            "--data-dir",
        ])
        .arg(&server.data_dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"cli password 12345\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let admin = server.client();
    assert_eq!(
        admin.login("cli@example.com", "cli password 12345").status,
        200
    );
    assert_eq!(admin.get("/api/v1/auth/me").json()["role"], "admin");

    // Without --email on an instance that has users: a clear refusal.
    let refused = std::process::Command::new(earshot_tests::binary())
        .args(["admin", "create", "--data-dir"])
        .arg(&server.data_dir)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already has users"));
}

#[test]
fn healthcheck_command_reports_readiness() {
    let server = Server::start();
    let bind = server.base.trim_start_matches("http://").to_string();
    let ok = std::process::Command::new(earshot_tests::binary())
        .args(["healthcheck", "--bind", &bind])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let down = std::process::Command::new(earshot_tests::binary())
        .args(["healthcheck", "--bind", "127.0.0.1:1"])
        .output()
        .unwrap();
    assert!(!down.status.success());
}

#[test]
fn percent_encoded_paths_do_not_bypass_authorization() {
    let server = Server::start();
    let owner = server.setup_owner();
    let anon = server.client();
    for path in [
        "/%61pi/v1/users",
        "/%61%70%69/v1/audit",
        "/api%2Fv1/users",
        "/%2561pi/v1/users",
        "/api/v1/%75sers",
        "/API/v1/users",
    ] {
        let r = anon.get(path);
        // Either refused, or (for paths that are not the API at all) the web app's page.
        let json = r.body.trim_start().starts_with('[') || r.body.trim_start().starts_with('{');
        assert!(
            r.status != 200 || !json,
            "{path} answered JSON without a session: {}",
            r.body
        );
        assert!(!r.body.contains(OWNER_EMAIL), "{path} leaked data");
        let r = owner.get(path);
        assert!(
            !r.body.contains("\"role\""),
            "{path} reached a handler outside the route table: {}",
            r.body
        );
    }
}
