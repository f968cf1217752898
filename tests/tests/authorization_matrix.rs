//! Every route × every role (and anonymous, and "other team") → the expected status.
//!
//! The routes come from the server's own OpenAPI document, which is generated from the route
//! table, so a new route is covered the moment it is added. Expectations come from the
//! permission table in `earshot_api` (DESIGN.md §4), plus a few hard-coded spot checks so the
//! test does not merely agree with itself.

use earshot_api::{Permission, Role};
use earshot_tests::{Client, Server};
use serde_json::{Value, json};

fn permission_named(name: &str) -> Option<Permission> {
    Permission::ALL.into_iter().find(|p| p.as_str() == name)
}

struct Fixture {
    server: Server,
    clients: Vec<(Role, Client)>,
    other_team_id: i64,
    some_user_id: i64,
    /// A conversation of the other team (team B), reached through a team-B API channel.
    other_conversation_id: i64,
}

fn fixture() -> Fixture {
    let server = Server::start();
    let owner = server.setup_owner();
    let own_team = owner.create_team("Team A");
    let other_team_id = owner.create_team("Team B");
    let mut clients = vec![];
    let mut some_user_id = 0;
    for role in [Role::Admin, Role::Supervisor, Role::Agent, Role::Analyst] {
        let (c, id) = server.user(
            &owner,
            &format!("{}@example.com", role.as_str()),
            role.as_str(),
            &[own_team],
        );
        some_user_id = id;
        clients.push((role, c));
    }
    let channel =
        earshot_tests::ApiChannel::create(&owner, "Team B channel", Some(other_team_id), None);
    let posted = channel.post(
        &server,
        earshot_tests::dm("matrix-1", "someone", "A team B conversation"),
    );
    let other_conversation_id = posted.json()["items"][0]["conversation_id"]
        .as_i64()
        .unwrap();
    clients.insert(0, (Role::Owner, owner));
    Fixture {
        server,
        clients,
        other_team_id,
        some_user_id,
        other_conversation_id,
    }
}

/// Fills path parameters. Mutations target ids that do not exist, so the matrix changes
/// nothing; reads of team-scoped objects target the caller's *other* team.
fn concrete_path(template: &str, method: &str, f: &Fixture) -> String {
    let read = method == "get";
    let id = if template.starts_with("/api/v1/conversations/{id}") {
        // The other team's real conversation: team-scoped roles must get 404 for it.
        f.other_conversation_id
    } else if read && template.starts_with("/api/v1/teams/") {
        f.other_team_id
    } else {
        999_999
    };
    template
        .replace("{token}", &"ab".repeat(32))
        .replace(
            "{user_id}",
            &if read { f.some_user_id } else { 999_999 }.to_string(),
        )
        .replace("{id}", &id.to_string())
}

/// A body the route accepts, so the answer reflects authorization and scope, not validation.
fn body_for(path: &str) -> serde_json::Value {
    if path.ends_with("/reply") || path.ends_with("/notes") {
        json!({"text": "from the authorization matrix"})
    } else if path.ends_with("/presence") {
        json!({"state": "viewing"})
    } else {
        json!({})
    }
}

fn call(client: &Client, method: &str, path: &str) -> u16 {
    if path == "/api/v1/events" {
        // A stream that never ends: only its status line matters here.
        return client.status_of_stream(path);
    }
    match method {
        "get" => client.get(path).status,
        "post" => client.post(path, body_for(path)).status,
        "put" => client.put(path, body_for(path)).status,
        "patch" => client.patch(path, body_for(path)).status,
        "delete" => client.delete(path).status,
        other => panic!("unexpected method {other}"),
    }
}

#[test]
fn every_route_answers_every_role_as_the_permission_table_says() {
    let f = fixture();
    let doc = f.server.client().get("/api/v1/openapi.json").json();
    let mut operations: Vec<(String, String, Value)> = vec![];
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for (method, op) in methods.as_object().unwrap() {
            operations.push((method.clone(), path.clone(), op.clone()));
        }
    }
    // Logging out ends the caller's session: do it last.
    operations.sort_by_key(|(_, path, _)| path.ends_with("/logout"));
    assert!(
        operations.len() >= 20,
        "the OpenAPI document lists {} operations",
        operations.len()
    );

    let mut failures = vec![];
    let anonymous = f.server.client();
    for (method, template, op) in &operations {
        let access = op["x-earshot-access"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {template} declares no access"));
        let team_scoped = op["x-earshot-team-scoped"].as_bool().unwrap_or(false);
        let path = concrete_path(template, method, &f);

        if access == "signed" {
            // Webhooks ignore sessions: without a valid signature (and with an unknown
            // channel) everyone gets the same refusal.
            let everyone = f
                .clients
                .iter()
                .map(|(r, c)| (format!("{r:?}"), c))
                .chain([("anonymous".to_string(), &anonymous)]);
            for (who, client) in everyone {
                let status = call(client, method, &path);
                if status != 401 && status != 404 {
                    failures.push(format!("{who} {method} {path} (signed) → {status}"));
                }
            }
            continue;
        }
        let status = call(&anonymous, method, &path);
        let ok = if access == "public" {
            status != 401 && status != 403
        } else {
            status == 401
        };
        if !ok {
            failures.push(format!("anonymous {method} {path} ({access}) → {status}"));
        }

        for (role, client) in &f.clients {
            let status = call(client, method, &path);
            let allowed = match access {
                "public" | "authenticated" => true,
                name => role.has(
                    permission_named(name).unwrap_or_else(|| panic!("unknown permission {name}")),
                ),
            };
            let ok = if !allowed {
                status == 403
            } else if team_scoped && role.is_team_scoped() {
                status == 404
            } else {
                status != 401 && status != 403 && status != 405 && status < 500
            };
            if !ok {
                failures.push(format!(
                    "{role:?} {method} {path} ({access}, team-scoped {team_scoped}) → {status}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "authorization matrix mismatches:\n{}",
        failures.join("\n")
    );
}

#[test]
fn spot_checks_of_the_permission_table() {
    let f = fixture();
    let by_role = |r: Role| &f.clients.iter().find(|(role, _)| *role == r).unwrap().1;
    assert_eq!(by_role(Role::Owner).get("/api/v1/audit").status, 200);
    assert_eq!(by_role(Role::Admin).get("/api/v1/audit").status, 200);
    assert_eq!(by_role(Role::Supervisor).get("/api/v1/audit").status, 403);
    assert_eq!(by_role(Role::Agent).get("/api/v1/users").status, 403);
    assert_eq!(by_role(Role::Analyst).get("/api/v1/users").status, 403);
    assert_eq!(
        by_role(Role::Analyst)
            .post("/api/v1/teams", json!({"name": "X"}))
            .status,
        403
    );
    assert_eq!(
        by_role(Role::Supervisor)
            .get(&format!("/api/v1/teams/{}", f.other_team_id))
            .status,
        404
    );
    assert_eq!(
        by_role(Role::Analyst)
            .get(&format!("/api/v1/teams/{}", f.other_team_id))
            .status,
        200
    );
    // Everyone may manage their own profile and sessions.
    for (_, c) in &f.clients {
        assert_eq!(c.get("/api/v1/auth/sessions").status, 200);
    }
}
