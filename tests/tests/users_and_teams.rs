//! User management (invitations, temporary passwords, roles, deactivation), teams and the
//! audit log — against the binary.

use earshot_tests::{OWNER_EMAIL, OWNER_PASSWORD, Server};
use serde_json::json;

#[test]
fn invitation_link_lets_a_person_choose_a_password_once() {
    let server = Server::start();
    let owner = server.setup_owner();
    let r = owner.post(
        "/api/v1/users",
        json!({"email": "Ann@Example.com", "name": "Ann", "role": "agent", "mode": "invite"}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let created = r.json();
    assert_eq!(created["user"]["state"], "invited");
    assert!(created["temporary_password"].is_null());
    let path = created["invite_path"].as_str().unwrap().to_string();
    let token = path.trim_start_matches("/invite/").to_string();
    assert_eq!(token.len(), 64);

    // Until accepted, the account cannot log in.
    assert_eq!(
        server
            .client()
            .login("ann@example.com", "anything at all")
            .status,
        401
    );

    let anon = server.client();
    let info = anon.get(&format!("/api/v1/invites/{token}"));
    assert_eq!(info.status, 200);
    assert_eq!(info.json()["email"], "ann@example.com");
    assert_eq!(info.json()["role"], "agent");
    let weak = anon.post(
        &format!("/api/v1/invites/{token}/accept"),
        json!({"name": "Ann", "password": "short"}),
    );
    assert_eq!(weak.status, 422);
    let accepted = anon.post(
        &format!("/api/v1/invites/{token}/accept"),
        json!({"name": "Ann Agent", "password": "ann's own password"}),
    );
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert_eq!(accepted.json()["role"], "agent");
    assert_eq!(anon.get("/api/v1/auth/me").json()["name"], "Ann Agent");

    // Single use.
    assert_eq!(
        server
            .client()
            .get(&format!("/api/v1/invites/{token}"))
            .status,
        404
    );
    let reuse = server.client().post(
        &format!("/api/v1/invites/{token}/accept"),
        json!({"name": "X", "password": "another password"}),
    );
    assert_eq!(reuse.status, 404);
    assert_eq!(
        server
            .client()
            .login("ann@example.com", "ann's own password")
            .status,
        200
    );
    let users = owner.get("/api/v1/users").json();
    let ann = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "ann@example.com")
        .unwrap();
    assert_eq!(ann["state"], "active");
}

#[test]
fn temporary_password_accounts_must_change_it() {
    let server = Server::start();
    let owner = server.setup_owner();
    let created = owner.post("/api/v1/users", json!({"email": "tom@example.com", "name": "Tom", "role": "agent", "mode": "temporary_password"}));
    let temp = created.json()["temporary_password"]
        .as_str()
        .unwrap()
        .to_string();
    let agent = server.client();
    assert_eq!(agent.login("tom@example.com", &temp).status, 200);
    let me = agent.get("/api/v1/auth/me").json();
    assert_eq!(me["must_change_password"], true);
    // Until then the server refuses everything else, not only the web app.
    let refused = agent.get("/api/v1/teams");
    assert_eq!(refused.status, 403);
    assert_eq!(refused.error_code(), "password_change_required");
    assert_eq!(agent.get("/api/v1/conversations").status, 403);
    let changed = agent.post(
        "/api/v1/auth/password",
        json!({"current_password": temp, "new_password": "tom's own password"}),
    );
    assert_eq!(changed.status, 204);
    assert_eq!(
        agent.get("/api/v1/auth/me").json()["must_change_password"],
        false
    );
    assert_eq!(agent.get("/api/v1/teams").status, 200);
    assert_eq!(owner.post("/api/v1/users", json!({"email": "tom@example.com", "name": "Tom", "role": "agent", "mode": "invite"})).status, 409);
    assert_eq!(
        owner
            .post(
                "/api/v1/users",
                json!({"email": "not-an-email", "name": "X", "role": "agent", "mode": "invite"})
            )
            .status,
        422
    );
    assert_eq!(
        owner
            .post(
                "/api/v1/users",
                json!({"email": "x@example.com", "name": "X", "role": "janitor", "mode": "invite"})
            )
            .status,
        422
    );
}

#[test]
fn admins_manage_users_but_not_owners() {
    let server = Server::start();
    let owner = server.setup_owner();
    let (admin, admin_id) = server.user(&owner, "adam@example.com", "admin", &[]);
    let owner_id = owner.get("/api/v1/auth/me").json()["id"].as_i64().unwrap();

    let r = admin.post(
        "/api/v1/users",
        json!({"email": "o2@example.com", "name": "O2", "role": "owner", "mode": "invite"}),
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        admin
            .patch(
                &format!("/api/v1/users/{owner_id}"),
                json!({"active": false})
            )
            .status,
        403
    );
    assert_eq!(
        admin
            .patch(
                &format!("/api/v1/users/{owner_id}"),
                json!({"role": "agent"})
            )
            .status,
        403
    );
    let (_, sup_id) = server.user(&admin, "sue@example.com", "supervisor", &[]);
    assert_eq!(
        admin
            .patch(&format!("/api/v1/users/{sup_id}"), json!({"role": "owner"}))
            .status,
        403
    );
    let promoted = admin.patch(&format!("/api/v1/users/{sup_id}"), json!({"role": "agent"}));
    assert_eq!(promoted.status, 200);
    assert_eq!(promoted.json()["role"], "agent");

    // Nobody changes their own role or deactivates themselves; the last owner stays.
    assert_eq!(
        admin
            .patch(
                &format!("/api/v1/users/{admin_id}"),
                json!({"role": "agent"})
            )
            .status,
        422
    );
    assert_eq!(
        owner
            .patch(
                &format!("/api/v1/users/{owner_id}"),
                json!({"active": false})
            )
            .status,
        422
    );
    assert_eq!(
        owner
            .patch("/api/v1/users/999999", json!({"name": "Ghost"}))
            .status,
        404
    );
}

#[test]
fn deactivating_a_user_ends_their_sessions_and_blocks_login() {
    let server = Server::start();
    let owner = server.setup_owner();
    let (agent, agent_id) = server.user(&owner, "ada@example.com", "agent", &[]);
    assert_eq!(agent.get("/api/v1/auth/me").status, 200);
    let r = owner.patch(
        &format!("/api/v1/users/{agent_id}"),
        json!({"active": false}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["state"], "deactivated");
    assert_eq!(agent.get("/api/v1/auth/me").status, 401);
    let users = owner.get("/api/v1/users").json();
    let _ = users;
    // The account's password still exists but login answers like any wrong credential.
    let relogin = server.client().post(
        "/api/v1/auth/login",
        json!({"email": "ada@example.com", "password": "whatever it was"}),
    );
    assert_eq!(relogin.status, 401);
    assert_eq!(
        owner
            .patch(
                &format!("/api/v1/users/{agent_id}"),
                json!({"active": true})
            )
            .json()["state"],
        "active"
    );
}

#[test]
fn role_changes_apply_to_existing_sessions_immediately() {
    let server = Server::start();
    let owner = server.setup_owner();
    let (user, id) = server.user(&owner, "ray@example.com", "admin", &[]);
    assert_eq!(user.get("/api/v1/users").status, 200);
    owner.patch(&format!("/api/v1/users/{id}"), json!({"role": "analyst"}));
    assert_eq!(user.get("/api/v1/users").status, 403);
    assert_eq!(user.get("/api/v1/auth/me").json()["role"], "analyst");
}

#[test]
fn teams_with_members_and_scoped_visibility() {
    let server = Server::start();
    let owner = server.setup_owner();
    let support = owner.post(
        "/api/v1/teams",
        json!({"name": "Support", "description": "Front line"}),
    );
    assert_eq!(support.status, 201);
    let support_id = support.json()["id"].as_i64().unwrap();
    let billing_id = owner.create_team("Billing");
    assert_eq!(
        owner
            .post("/api/v1/teams", json!({"name": "Support"}))
            .status,
        409
    );
    assert_eq!(
        owner.post("/api/v1/teams", json!({"name": "   "})).status,
        422
    );

    let (agent, agent_id) = server.user(&owner, "amy@example.com", "agent", &[support_id]);
    let team = owner.get(&format!("/api/v1/teams/{support_id}")).json();
    assert_eq!(team["member_ids"], json!([agent_id]));

    // The agent sees only their team; the other team does not exist for them.
    let visible = agent.get("/api/v1/teams").json();
    assert_eq!(visible.as_array().unwrap().len(), 1);
    assert_eq!(visible[0]["name"], "Support");
    assert_eq!(
        agent.get(&format!("/api/v1/teams/{billing_id}")).status,
        404
    );
    assert_eq!(
        agent.get(&format!("/api/v1/teams/{support_id}")).status,
        200
    );

    let added = owner.put(
        &format!("/api/v1/teams/{billing_id}/members/{agent_id}"),
        json!({}),
    );
    assert_eq!(added.status, 200);
    assert_eq!(
        agent.get("/api/v1/auth/me").json()["team_ids"],
        json!([support_id, billing_id])
    );
    assert_eq!(
        owner
            .put(
                &format!("/api/v1/teams/{billing_id}/members/999999"),
                json!({})
            )
            .status,
        404
    );
    let removed = owner.delete(&format!("/api/v1/teams/{support_id}/members/{agent_id}"));
    assert_eq!(removed.status, 200);
    assert_eq!(removed.json()["member_ids"], json!([]));
    assert_eq!(
        owner
            .delete(&format!("/api/v1/teams/{support_id}/members/{agent_id}"))
            .status,
        404
    );

    let renamed = owner.patch(
        &format!("/api/v1/teams/{billing_id}"),
        json!({"name": "Billing & Refunds", "description": "Money"}),
    );
    assert_eq!(renamed.json()["name"], "Billing & Refunds");
    assert_eq!(
        owner.delete(&format!("/api/v1/teams/{support_id}")).status,
        204
    );
    assert_eq!(
        owner.get(&format!("/api/v1/teams/{support_id}")).status,
        404
    );
    assert_eq!(
        owner.get("/api/v1/teams").json().as_array().unwrap().len(),
        1
    );
}

#[test]
fn audit_log_records_changes_without_secrets_and_is_paginated() {
    let server = Server::start();
    let owner = server.setup_owner();
    let _ = server.client().login(OWNER_EMAIL, "a wrong password");
    let created = owner.post("/api/v1/users", json!({"email": "tina@example.com", "name": "Tina", "role": "agent", "mode": "temporary_password"})).json();
    let temp = created["temporary_password"].as_str().unwrap().to_string();
    let invite = owner
        .post(
            "/api/v1/users",
            json!({"email": "ivan@example.com", "name": "Ivan", "role": "agent", "mode": "invite"}),
        )
        .json();
    let invite_token = invite["invite_path"]
        .as_str()
        .unwrap()
        .trim_start_matches("/invite/")
        .to_string();
    let team_id = owner.create_team("Social");
    let tina_id = created["user"]["id"].as_i64().unwrap();
    owner.put(
        &format!("/api/v1/teams/{team_id}/members/{tina_id}"),
        json!({}),
    );
    owner.patch(
        &format!("/api/v1/users/{tina_id}"),
        json!({"role": "supervisor"}),
    );
    owner.post(
        "/api/v1/auth/password",
        json!({"current_password": OWNER_PASSWORD, "new_password": "another long password"}),
    );

    let page = owner.get("/api/v1/audit?limit=200");
    assert_eq!(page.status, 200);
    let actions: Vec<String> = page.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    for expected in [
        "setup.owner_created",
        "login.failure",
        "user.create",
        "team.create",
        "team.member_add",
        "user.role",
        "user.password_change",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "missing {expected} in {actions:?}"
        );
    }
    for secret in [
        OWNER_PASSWORD,
        "a wrong password",
        "another long password",
        &temp,
        &invite_token,
    ] {
        assert!(!page.body.contains(secret), "the audit log leaked a secret");
    }
    let cookie = owner.cookie().unwrap();
    assert!(
        !page
            .body
            .contains(cookie.trim_start_matches("earshot_session="))
    );

    // Cursor pagination: two pages of 3 cover the newest six entries without overlap.
    let first = owner.get("/api/v1/audit?limit=3").json();
    let cursor = first["next_cursor"].as_str().unwrap().to_string();
    let second = owner
        .get(&format!("/api/v1/audit?limit=3&before={cursor}"))
        .json();
    let ids: Vec<i64> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 6);
    assert!(ids.windows(2).all(|w| w[0] > w[1]));
    assert_eq!(owner.get("/api/v1/audit?before=abc").status, 422);
}

#[test]
fn the_audit_log_is_append_only_in_the_database() {
    let server = Server::start();
    server.setup_owner();
    let db = server.data_dir.join("earshot.db");
    let out = std::process::Command::new("python3")
        .args(["-c", "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\ntry:\n  c.execute('DELETE FROM audit_log'); c.commit(); print('deleted')\nexcept Exception as e: print('refused', e)", db.to_str().unwrap()])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("refused") && said.contains("append-only"),
        "{said}"
    );
}
