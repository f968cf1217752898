//! Bad input gets a clear 4xx with `{"error":{"code","message"}}` — never a 500, never a panic.

use earshot_tests::Server;
use serde_json::json;

#[test]
fn malformed_wrong_typed_unknown_and_oversized_bodies_are_4xx_with_json_errors() {
    let server = Server::start_with(&[("EARSHOT_MAX_BODY_KB", "16")]);
    let owner = server.setup_owner();
    let json_ct = [("content-type", "application/json")];
    let cases: Vec<(&[u8], u16, &str)> = vec![
        (b"{not json", 400, "malformed_json"),
        (b"", 400, "malformed_json"),
        (br#"{"name": 42}"#, 422, "invalid_field"),
        (br#"{"name": "Ok", "colour": "red"}"#, 422, "invalid_field"),
        (br#""just a string""#, 422, "invalid_field"),
        (b"\xff\xfe\x00garbage", 400, "malformed_json"),
        (br#"{"name": "\ud800"}"#, 400, "malformed_json"),
    ];
    for (body, status, code) in cases {
        let r = owner.send("POST", "/api/v1/teams", Some(body), &json_ct);
        assert_eq!(
            r.status,
            status,
            "{:?} → {}",
            String::from_utf8_lossy(body),
            r.body
        );
        assert_eq!(r.error_code(), code);
        assert!(!r.json()["error"]["message"].as_str().unwrap().is_empty());
    }
    let big = format!(r#"{{"name": "{}"}}"#, "x".repeat(40 * 1024));
    let r = owner.send("POST", "/api/v1/teams", Some(big.as_bytes()), &json_ct);
    assert_eq!(r.status, 413);
    assert_eq!(r.error_code(), "payload_too_large");
    assert_eq!(
        owner.get("/api/v1/teams").json(),
        json!([]),
        "nothing half-stored"
    );
}

#[test]
fn bad_paths_queries_and_methods_are_4xx() {
    let server = Server::start();
    let owner = server.setup_owner();
    for (method, path, status) in [
        ("GET", "/api/v1/teams/not-a-number", 404),
        ("GET", "/api/v1/teams/99999999999999999999999", 404),
        ("GET", "/api/v1/audit?limit=lots", 400),
        ("GET", "/api/v1/audit?unknown=1", 400),
        ("GET", "/api/v1/does-not-exist", 404),
        ("PUT", "/api/v1/audit", 405),
    ] {
        let r = owner.send(
            method,
            path,
            if method == "GET" { None } else { Some(b"{}") },
            &[("content-type", "application/json")],
        );
        assert_eq!(r.status, status, "{method} {path}: {}", r.body);
        assert!(
            !r.error_code().is_empty(),
            "{method} {path} has no JSON error: {}",
            r.body
        );
    }
}

#[test]
fn odd_strings_in_every_field_never_cause_a_server_error() {
    let server = Server::start();
    let owner = server.setup_owner();
    let odd = [
        "",
        " ",
        "\u{0}",
        "'; DROP TABLE users; --",
        "\u{202e}rtl",
        "👩‍👩‍👧‍👦",
        &"é".repeat(5000),
        "\"quoted\"",
        "%s%n",
        "<script>alert(1)</script>",
    ];
    for s in odd {
        for (path, body) in [
            ("/api/v1/teams", json!({"name": s, "description": s})),
            (
                "/api/v1/users",
                json!({"email": s, "name": s, "role": "agent", "mode": "invite"}),
            ),
            ("/api/v1/auth/login", json!({"email": s, "password": s})),
            (
                "/api/v1/setup",
                json!({"token": s, "email": s, "name": s, "password": s}),
            ),
        ] {
            let r = owner.post(path, body);
            assert!(
                r.status < 500,
                "{path} with {s:?} → {} {}",
                r.status,
                r.body
            );
        }
        let encoded: String = s
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        let r = owner.get(&format!("/api/v1/invites/{encoded}"));
        assert!(r.status < 500);
    }
    // A stored team name with markup comes back verbatim as data.
    let r = owner.post("/api/v1/teams", json!({"name": "<b>Bold</b> & co"}));
    assert_eq!(r.json()["name"], "<b>Bold</b> & co");
}
