//! The inbox in headless Chromium: an item posted to the API channel appears live; the agent
//! opens it, replies and resolves with the keyboard; the reply reaches the webhook.

use earshot_tests::webdriver::{Browser, CONTROL, ENTER};
use earshot_tests::{ApiChannel, Receiver, Server, dm};
use serde_json::json;

#[test]
fn an_item_appears_live_and_is_answered_and_resolved_from_the_keyboard() {
    let receiver = Receiver::start();
    let server = Server::start();
    let owner = server.setup_owner();
    let team = owner
        .post("/api/v1/teams", json!({"name": "Support"}))
        .json()["id"]
        .as_i64()
        .unwrap();
    let channel = ApiChannel::create(&owner, "Website", Some(team), Some(&receiver.url));
    // An agent of the team, invited and onboarded (so no forced password change).
    let invite = owner.post(
        "/api/v1/users",
        json!({"email": "agnes@example.com", "name": "Agnes", "role": "agent", "mode": "invite", "team_ids": [team]}),
    );
    let path = invite.json()["invite_path"]
        .as_str()
        .unwrap()
        .replace("/invite/", "/api/v1/invites/");
    let accepted = server.client().post(
        &format!("{path}/accept"),
        json!({"name": "Agnes Agent", "password": "agnes password 1"}),
    );
    assert_eq!(accepted.status, 200, "{}", accepted.body);

    let browser = Browser::start(1280, 800);
    browser.goto(&format!("{}/login", server.base));
    browser.type_into("#login-email", "agnes@example.com");
    browser.type_into("#login-password", "agnes password 1");
    browser.click("#login-submit");
    browser.wait_for("#inbox-page");
    browser.wait_for_text("Live");

    // Live: the item shows up without a reload.
    let posted = channel.post(
        &server,
        dm(
            "live-1",
            "cust-7",
            "My parcel is three days late, where is it?",
        ),
    );
    assert_eq!(posted.status, 202);
    let conversation_id = posted.json()["items"][0]["conversation_id"]
        .as_i64()
        .unwrap();
    browser.wait_for(&format!(
        ".conversation-item[data-conversation-id='{conversation_id}']"
    ));
    browser.wait_for_text("three days late");
    browser.screenshot("inbox-live-item");

    // j opens it, r focuses the reply box, Ctrl+Enter sends, e resolves.
    browser.click("#inbox-page h1, #inbox-page h2, #inbox-page");
    browser.press(&["j"]);
    browser.wait_for("#thread .message.in");
    browser.press(&["r"]);
    let started = std::time::Instant::now();
    while browser.focused_id() != "composer" {
        assert!(
            started.elapsed().as_secs() < 5,
            "r did not focus the composer (focus on {:?})",
            browser.focused_id()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    browser.type_text("Sorry about that! It is out for delivery today.");
    browser.press(&[CONTROL, ENTER]);
    browser.wait_for("#thread .message.out");
    let calls = receiver.wait_for(1, 15);
    assert!(
        calls[0].2.contains("out for delivery today"),
        "{}",
        calls[0].2
    );

    browser.click("#thread");
    browser.press(&["e"]);
    let started = std::time::Instant::now();
    loop {
        let status = owner
            .get(&format!("/api/v1/conversations/{conversation_id}"))
            .json()["conversation"]["status"]
            .clone();
        if status == "resolved" {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 10,
            "e did not resolve: {status}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    browser.screenshot("inbox-replied-resolved");
}
