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
    let team = owner.create_team("Support");
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
    browser.log_in(&server.base, "agnes@example.com", "agnes password 1");
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

#[test]
fn analysis_reasons_spam_and_exposed_data_in_the_browser() {
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "Social", None, None);
    let posted = channel
        .post(
            &server,
            json!({"items": [
                {"external_id": "p-1", "kind": "public", "author": {"id": "eve", "name": "Eve Adams"},
                 "text": "Still no refund after 3 weeks, worst airline ever!! My card 4111 1111 1111 1111 was charged twice"},
                dm("s-1", "bot-1", "Crypto recovery experts: WhatsApp +1 555 0100 to recover your funds"),
            ]}),
        )
        .json();
    let public_id = posted["items"][0]["conversation_id"].as_i64().unwrap();
    let spam_id = posted["items"][1]["conversation_id"].as_i64().unwrap();

    let browser = Browser::start(1280, 800);
    browser.log_in(
        &server.base,
        earshot_tests::OWNER_EMAIL,
        earshot_tests::OWNER_PASSWORD,
    );

    // Spam is not in the queue; the message with exposed data is, masked.
    browser.wait_for(&format!(
        ".conversation-item[data-conversation-id='{public_id}']"
    ));
    assert_eq!(
        browser.count(&format!(
            ".conversation-item[data-conversation-id='{spam_id}']"
        )),
        0
    );
    browser.click(&format!(
        ".conversation-item[data-conversation-id='{public_id}']"
    ));
    browser.wait_for("#thread .message.in");
    let text = browser.text_of("#thread .message.in .message-text");
    assert!(
        text.contains("•••• •••• •••• 1111") && !text.contains("4111 1111"),
        "{text}"
    );

    // The reasons are on hover.
    let why = browser.attribute("#thread .message.in .sentiment-dot", "title");
    assert!(
        why.starts_with("negative") && why.contains("'worst'"),
        "{why}"
    );
    let priority = browser.attribute("#thread .message.in .priority-chip", "title");
    assert!(priority.contains("urgent topic"), "{priority}");
    assert_eq!(browser.text_of("#thread .message.in .chip.topic"), "refund");

    // The exposure banner offers the move-to-private reply.
    browser.wait_for_text("The customer exposed a card number in a public post.");
    browser.click("#move-to-private");
    let draft = browser.value_of("#composer");
    assert!(
        draft.starts_with("Hi Eve,") && draft.contains("private message"),
        "{draft}"
    );
    browser.screenshot("inbox-analysis");

    // The spam folder lists the scam; "Not spam" restores it to the queue.
    browser.choose("#filter-folder", "Spam");
    browser.wait_for(&format!(
        ".conversation-item[data-conversation-id='{spam_id}']"
    ));
    browser.click(&format!(
        ".conversation-item[data-conversation-id='{spam_id}']"
    ));
    browser.wait_for("#thread-spam");
    let reasons = browser.attribute("#thread .message.in .chip.spam", "title");
    assert!(reasons.contains("scam_vocabulary"), "{reasons}");
    browser.click("#spam-toggle");
    let started = std::time::Instant::now();
    while owner
        .get(&format!("/api/v1/conversations/{spam_id}"))
        .json()["conversation"]["spam"]
        != false
    {
        assert!(started.elapsed().as_secs() < 10, "not restored");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn a_topic_rule_added_in_settings_tags_and_routes_the_next_message() {
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, None);
    let lounge = owner
        .post("/api/v1/teams", json!({"name": "Lounge team"}))
        .json()["id"]
        .clone();
    // Written before the rule exists.
    let earlier = channel
        .post(
            &server,
            dm("t-0", "ned", "Is a lounge pass included with my ticket?"),
        )
        .json()["items"][0]["conversation_id"]
        .as_i64()
        .unwrap();
    let browser = Browser::start(1280, 800);
    browser.log_in(
        &server.base,
        earshot_tests::OWNER_EMAIL,
        earshot_tests::OWNER_PASSWORD,
    );
    browser.goto(&format!("{}/settings/topics", server.base));
    browser.wait_for("#topics-page");
    // Earshot's starting rules are listed.
    browser.wait_for_text("reembolso");

    browser.type_into("#new-rule-topic", "loyalty");
    browser.type_into("#new-rule-pattern", "platinum, lounge pass");
    browser.click("#new-rule-urgent");
    browser.choose("#new-rule-team", "Lounge team");
    browser.click("#new-rule-save");
    let started = std::time::Instant::now();
    let saved = loop {
        let rules = owner.get("/api/v1/topic-rules").json();
        if let Some(rule) = rules
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["topic"] == "loyalty")
        {
            break rule.clone();
        }
        assert!(started.elapsed().as_secs() < 10, "the rule was not saved");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(saved["pattern"], "platinum, lounge pass");
    assert_eq!(saved["team_id"], lounge);
    // It is listed with the others, ready to edit.
    browser.wait_for(&format!("#rule-{}-pattern", saved["id"]));
    // A bad regex is refused with the reason.
    browser.choose("#new-rule-kind", "Regular expression");
    browser.type_into("#new-rule-topic", "broken");
    browser.type_into("#new-rule-pattern", "(unclosed");
    browser.click("#new-rule-save");
    browser.wait_for_text("regular expression is not valid");
    browser.screenshot("settings-topics");
    // A sentiment rule takes a score, and says so when given something else.
    browser.choose("#new-rule-kind", "Sentiment score");
    browser.wait_for_text("0.4 tags messages scoring 0.4 or more");
    browser.type_into("#new-rule-topic", "furious");
    browser.type_into("#new-rule-pattern", "very angry");
    browser.click("#new-rule-save");
    browser.wait_for_text("pattern is a score from -1 to 1");
    browser.type_into("#new-rule-pattern", "-0.7");
    browser.click("#new-rule-save");
    let started = std::time::Instant::now();
    while !(owner
        .get("/api/v1/topic-rules")
        .json()
        .as_array()
        .unwrap()
        .iter())
    .any(|r| r["topic"] == "furious" && r["kind"] == "sentiment" && r["pattern"] == "-0.7")
    {
        assert!(
            started.elapsed().as_secs() < 10,
            "the sentiment rule was not saved"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    let posted = channel
        .post(
            &server,
            dm("t-1", "max", "Platinum member, my lounge pass was refused"),
        )
        .json();
    let id = posted["items"][0]["conversation_id"].as_i64().unwrap();
    let detail = owner.get(&format!("/api/v1/conversations/{id}")).json();
    assert!(
        detail["conversation"]["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("loyalty")),
        "{}",
        detail["conversation"]
    );
    assert_eq!(detail["conversation"]["team_id"], lounge);
    assert_eq!(
        detail["messages"][0]["analysis"]["topics"][0]["urgent"],
        true
    );

    // The earlier message gets the topic when it is analysed again from the same page; its
    // conversation stays where it is.
    let conversation = |id: i64| owner.get(&format!("/api/v1/conversations/{id}")).json();
    assert_eq!(conversation(earlier)["conversation"]["tags"], json!([]));
    browser.click("#reanalysis-start");
    browser.wait_for_text("conversations analysed again");
    let status = browser.text_of("#reanalysis-status");
    assert!(status.contains("Topics changed in 1,"), "{status}");
    browser.screenshot("settings-topics-reanalysed");
    let after = conversation(earlier);
    assert_eq!(after["conversation"]["tags"], json!(["loyalty"]));
    assert_eq!(
        after["messages"][0]["analysis"]["topics"][0]["topic"],
        "loyalty"
    );
    assert!(
        after["conversation"]["team_id"].is_null(),
        "{}",
        after["conversation"]
    );

    // An open inbox reloads when a re-analysis changes its conversations: the new tag shows
    // without the agent reloading the page.
    browser.goto(&format!("{}/inbox", server.base));
    browser.wait_for("#conversation-list");
    browser.wait_for_text("lounge pass included");
    assert!(!browser.page_text().contains("ticketing"));
    let rule = json!({"topic": "ticketing", "kind": "keywords", "pattern": "my ticket"});
    assert_eq!(owner.post("/api/v1/topic-rules", rule).status, 201);
    assert_eq!(owner.post("/api/v1/reanalysis", json!({})).status, 202);
    browser.wait_for_text("ticketing");
}
