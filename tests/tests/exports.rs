//! The messages export against the binary: CSV a spreadsheet opens safely, personal data
//! masked by role as in the inbox, each role's scope, bad periods refused, every export
//! audited.

use earshot_tests::{ApiChannel, Server, dm};
use serde_json::json;

/// Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && record.is_empty(),
        "unterminated CSV"
    );
    records
}

const EXPORT: &str = "/api/v1/exports/messages.csv?days=7";

#[test]
fn messages_export_as_csv_masked_by_role_within_scope() {
    let server = Server::start();
    let owner = server.setup_owner();
    let a = owner.create_team("Team A");
    let b = owner.create_team("Team B");
    let (supervisor, _) = server.user(&owner, "sup@example.com", "supervisor", &[a]);
    let (analyst, _) = server.user(&owner, "analyst@example.com", "analyst", &[]);
    let (agent, _) = server.user(&owner, "agent@example.com", "agent", &[a]);
    let card = "Charged twice on card 4111 1111 1111 1111, write to me at eve@example.com";
    let formula = "=HYPERLINK(\"http://evil.example\",\"refund\")";
    ApiChannel::create(&owner, "Chat A", Some(a), None).post(
        &server,
        json!({"items": [
            dm("a-1", "eve", card),
            dm("a-2", "fay", formula),
            dm("a-3", "gus", "Thanks, \"great\" help,\nreally"),
        ]}),
    );
    ApiChannel::create(&owner, "Chat B", Some(b), None).post(
        &server,
        json!({"items": [dm("b-1", "hal", "Where is my parcel? Order 55")]}),
    );

    let answer = owner.get(EXPORT);
    assert_eq!(answer.status, 200, "{}", answer.body);
    let header = |name: &str| {
        answer
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert!(header("content-type").starts_with("text/csv"));
    assert!(header("content-disposition").starts_with("attachment; filename=\"earshot-messages-"));
    let records = parse_csv(&answer.body);
    let columns = &records[0];
    assert_eq!(columns[0], "message_id");
    let col = |name: &str| columns.iter().position(|c| c == name).unwrap();
    assert_eq!(records.len(), 5, "{records:?}");
    let row_of = |records: &[Vec<String>], needle: &str| -> Vec<String> {
        records
            .iter()
            .find(|r| r[col("text")].contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in {records:?}"))
            .clone()
    };
    // The card is masked for everyone; the e-mail shown to roles that act on conversations.
    let row = row_of(&records, "Charged twice");
    assert_eq!(
        row[col("text")],
        "Charged twice on card •••• •••• •••• 1111, write to me at eve@example.com"
    );
    assert_eq!(row[col("personal_data")], "card_number;email");
    assert_eq!(row[col("channel")], "Chat A");
    assert_eq!(row[col("team")], "Team A");
    assert_eq!(row[col("direction")], "in");
    assert_eq!(row[col("spam")], "false");
    assert!(row[col("created_at")].ends_with('Z'), "{row:?}");
    // A formula is defused; quotes and line breaks survive.
    assert_eq!(
        row_of(&records, "HYPERLINK")[col("text")],
        format!("'{formula}")
    );
    assert_eq!(
        row_of(&records, "really")[col("text")],
        "Thanks, \"great\" help,\nreally"
    );
    assert!(row_of(&records, "really")[col("topics")].contains("thanks"));

    // Analysts: contact details masked too.
    let for_analyst = parse_csv(&analyst.get(EXPORT).body);
    let text = row_of(&for_analyst, "Charged twice")[col("text")].clone();
    assert!(
        text.contains("•••• 1111") && !text.contains("eve@example.com"),
        "{text}"
    );
    // Supervisors: their teams only; one team when asked.
    let theirs = parse_csv(&supervisor.get(EXPORT).body);
    assert_eq!(theirs.len(), 4, "{theirs:?}");
    assert!(theirs.iter().all(|r| !r[col("text")].contains("parcel")));
    let team_b = parse_csv(&owner.get(&format!("{EXPORT}&team_id={b}")).body);
    assert_eq!(team_b.len(), 2);
    assert_eq!(team_b[1][col("team")], "Team B");
    // Agents may not export; bad periods are refused with a reason.
    assert_eq!(agent.get(EXPORT).status, 403);
    let bad = owner.get("/api/v1/exports/messages.csv?from=2026-02-30");
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("YYYY-MM-DD"), "{}", bad.body);

    // A link on another site cannot start an export as the signed-in user (the cookie is
    // SameSite=Lax, so a cross-site navigation carries it); opening the address directly
    // ("none") can.
    for (header, value) in [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "https://evil.example"),
    ] {
        let linked = owner.send("GET", EXPORT, None, &[(header, value)]);
        assert_eq!(linked.status, 403, "{header}: {value}");
        assert_eq!(linked.error_code(), "cross_site_request");
    }
    let typed = owner.send("GET", EXPORT, None, &[("sec-fetch-site", "none")]);
    assert_eq!(typed.status, 200, "{}", typed.body);
    // Public reads may still be linked from anywhere.
    let public = owner.send(
        "GET",
        "/api/v1/openapi.json",
        None,
        &[("sec-fetch-site", "cross-site")],
    );
    assert_eq!(public.status, 200, "{}", public.body);

    // Every export is in the audit log, with who asked (the refused ones exported nothing).
    let audit = owner.get("/api/v1/audit").json().to_string();
    assert_eq!(audit.matches("export.messages").count(), 5, "{audit}");
    assert!(audit.contains("analyst@example.com"));
}

/// Past one page of the export (1,000 messages), every message comes out once, oldest first
/// (here all written in the same second, so the pages break inside one second).
#[test]
fn a_long_export_has_every_message_once() {
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, None);
    for batch in 0..5 {
        let items: Vec<_> = (0..250)
            .map(|i| {
                let n = batch * 250 + i;
                dm(
                    &format!("m-{n}"),
                    &format!("c-{n}"),
                    &format!("message number {n}"),
                )
            })
            .collect();
        let posted = channel.post(&server, json!({ "items": items }));
        assert_eq!(posted.status, 202);
    }
    let records = parse_csv(&owner.get(EXPORT).body);
    assert_eq!(records.len(), 1 + 1250);
    let ids: Vec<i64> = records[1..].iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "in id order, no repeats"
    );
}
