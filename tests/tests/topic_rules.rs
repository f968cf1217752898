//! Topic rules from Settings, against the binary: a saved rule tags the next message, and a
//! rule with a team routes conversations about its topic there, when they begin or later.

use earshot_tests::{ApiChannel, EventStream, Server, dm, ids};
use serde_json::{Value, json};

#[test]
fn topic_rules_are_edited_in_settings_and_apply_to_the_next_message() {
    let server = Server::start();
    let owner = server.setup_owner();
    let (agent, _) = server.user(&owner, "agent@example.com", "agent", &[]);
    let channel = ApiChannel::create(&owner, "API", None, None);

    // Earshot's starting rules are there to edit.
    let rules = owner.get("/api/v1/topic-rules").json();
    let topics: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["topic"].as_str().unwrap())
        .collect();
    assert!(
        topics.contains(&"refund") && topics.contains(&"thanks"),
        "{topics:?}"
    );

    // A regex rule, urgent, for English only.
    let created = owner.post(
        "/api/v1/topic-rules",
        json!({"topic": "Loyalty", "kind": "regex", "pattern": r"\bgold (card|member)\b", "language": "eng", "urgent": true}),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let rule = created.json();
    assert_eq!(rule["topic"], "loyalty");
    let posted = channel
        .post(
            &server,
            json!({"items": [dm("l-1", "gus", "I am a Gold Member and my upgrade was ignored")]}),
        )
        .json();
    let id = posted["items"][0]["conversation_id"].as_i64().unwrap();
    let detail = owner.get(&format!("/api/v1/conversations/{id}")).json();
    assert_eq!(detail["conversation"]["tags"], json!(["loyalty"]));
    assert_eq!(
        detail["messages"][0]["analysis"]["topics"][0]["urgent"],
        true
    );

    // Bad rules get a 4xx a person can act on; other roles may not edit.
    let bad = owner.post(
        "/api/v1/topic-rules",
        json!({"topic": "x", "kind": "regex", "pattern": "(unclosed"}),
    );
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("regular expression"), "{}", bad.body);
    let empty = owner.post(
        "/api/v1/topic-rules",
        json!({"topic": "x", "kind": "keywords", "pattern": " , "}),
    );
    assert_eq!(empty.status, 422, "{}", empty.body);
    assert_eq!(agent.get("/api/v1/topic-rules").status, 403);

    // A sentiment rule tags a message by its score. The starting "praise" rule is one: praise
    // in words no keyword lists.
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["topic"] == "praise" && r["kind"] == "sentiment" && r["pattern"] == "0.4"),
        "{rules}"
    );
    let furious = owner.post(
        "/api/v1/topic-rules",
        json!({"topic": "furious", "kind": "sentiment", "pattern": "-0.7", "urgent": true}),
    );
    assert_eq!(furious.status, 201, "{}", furious.body);
    for pattern in ["0", "1.5", "very negative"] {
        let bad = owner.post(
            "/api/v1/topic-rules",
            json!({"topic": "x", "kind": "sentiment", "pattern": pattern}),
        );
        assert_eq!(bad.status, 422, "{pattern}: {}", bad.body);
        assert!(bad.body.contains("score from -1 to 1"), "{}", bad.body);
    }
    let tags_of = |item: Value| {
        let posted = channel.post(&server, json!({"items": [item]})).json();
        let id = posted["items"][0]["conversation_id"].as_i64().unwrap();
        let detail = owner.get(&format!("/api/v1/conversations/{id}")).json();
        (detail["conversation"]["tags"].clone(), detail)
    };
    let (tags, detail) = tags_of(dm(
        "s-1",
        "kim",
        "Worst airline ever. Rude staff, filthy seats, absolutely disgusting.",
    ));
    assert_eq!(tags, json!(["furious"]), "{detail}");
    let hit = &detail["messages"][0]["analysis"]["topics"][0];
    assert_eq!(
        (hit["matched"].as_str(), &hit["urgent"]),
        (Some("Worst"), &json!(true))
    );
    let (tags, _) = tags_of(dm(
        "s-2",
        "lou",
        "The cabin crew were brilliant with my nervous toddler",
    ));
    assert_eq!(tags, json!(["praise"]));
    // A calm complaint gets neither.
    let (tags, _) = tags_of(dm(
        "s-3",
        "max",
        "My parcel was delivered to the wrong address",
    ));
    assert!(
        !tags
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "praise" || t == "furious"),
        "{tags}"
    );
    let furious_path = format!("/api/v1/topic-rules/{}", furious.json()["id"]);
    assert_eq!(owner.delete(&furious_path).status, 204);

    // Edited, then deleted: the next message follows.
    let rule_path = format!("/api/v1/topic-rules/{}", rule["id"]);
    let edited = owner.put(
        &rule_path,
        json!({"topic": "loyalty", "kind": "keywords", "pattern": "platinum", "urgent": false}),
    );
    assert_eq!(edited.status, 200, "{}", edited.body);
    let next = channel
        .post(
            &server,
            json!({"items": [dm("l-2", "hal", "Platinum member here, where is my lounge pass")]}),
        )
        .json();
    let next_id = next["items"][0]["conversation_id"].as_i64().unwrap();
    let tags = owner
        .get(&format!("/api/v1/conversations/{next_id}"))
        .json()["conversation"]["tags"]
        .clone();
    assert!(
        tags.as_array().unwrap().contains(&json!("loyalty")),
        "{tags}"
    );
    assert_eq!(owner.delete(&rule_path).status, 204);
    let after = channel
        .post(
            &server,
            json!({"items": [dm("l-3", "ivy", "platinum card question")]}),
        )
        .json();
    let after_id = after["items"][0]["conversation_id"].as_i64().unwrap();
    let tags = owner
        .get(&format!("/api/v1/conversations/{after_id}"))
        .json()["conversation"]["tags"]
        .clone();
    assert!(
        !tags.as_array().unwrap().contains(&json!("loyalty")),
        "{tags}"
    );
    // Each change is in the audit log.
    let audit = owner.get("/api/v1/audit").json().to_string();
    assert!(audit.contains("topic_rule.create") && audit.contains("topic_rule.delete"));
}

#[test]
fn a_topic_rule_routes_new_conversations_about_its_topic_to_a_team() {
    let server = Server::start();
    let owner = server.setup_owner();
    let front = owner.create_team("Front desk");
    let billing = owner.create_team("Billing");
    // An agent of the billing team only: they see what the rule routes there, not the rest.
    let (agent, _) = server.user(&owner, "billing@example.com", "agent", &[billing]);
    let channel = ApiChannel::create(&owner, "API", Some(front), None);

    let created = owner.post(
        "/api/v1/topic-rules",
        json!({"topic": "invoice", "kind": "keywords", "pattern": "invoice, factura", "team_id": billing}),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let rule = created.json();
    assert_eq!(rule["team_id"], billing);
    // A team that does not exist is refused.
    let missing = owner.post(
        "/api/v1/topic-rules",
        json!({"topic": "x", "kind": "keywords", "pattern": "x", "team_id": 9999}),
    );
    assert_eq!(missing.status, 422, "{}", missing.body);
    assert!(missing.body.contains("no such team"), "{}", missing.body);

    let posted = channel
        .post(
            &server,
            json!({"items": [
                dm("r-1", "una", "My invoice is charged twice"),
                dm("r-2", "val", "Where is my parcel?"),
                dm("r-3", "wes", "Necesito la factura de marzo"),
            ]}),
        )
        .json();
    let team_of = |i: usize| {
        let id = posted["items"][i]["conversation_id"].as_i64().unwrap();
        owner.get(&format!("/api/v1/conversations/{id}")).json()["conversation"]["team_id"].as_i64()
    };
    assert_eq!(team_of(0), Some(billing));
    assert_eq!(team_of(1), Some(front));
    assert_eq!(team_of(2), Some(billing));
    let seen = agent.get("/api/v1/conversations").json().to_string();
    assert!(
        seen.contains("charged twice") && seen.contains("factura") && !seen.contains("parcel"),
        "{seen}"
    );

    // Deleting the team leaves the rule tagging, routing nowhere: the channel's team again.
    assert_eq!(
        owner.delete(&format!("/api/v1/teams/{billing}")).status,
        204
    );
    let rules = owner.get("/api/v1/topic-rules").json();
    let kept = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == rule["id"])
        .unwrap();
    assert!(kept["team_id"].is_null(), "{kept}");
    let later = channel
        .post(
            &server,
            json!({"items": [dm("r-4", "xia", "invoice copy please")]}),
        )
        .json();
    let id = later["items"][0]["conversation_id"].as_i64().unwrap();
    let conversation =
        owner.get(&format!("/api/v1/conversations/{id}")).json()["conversation"].clone();
    assert_eq!(conversation["team_id"], front);
    // (The starting rules' "billing" topic matches "invoice" too.)
    assert!(
        conversation["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("invoice")),
        "{conversation}"
    );
}

/// A conversation that began without a routed topic moves when a later message (or a later
/// message of the same batch) brings one up, unless someone has taken it, a person chose its
/// team or the message is spam; the first routing stands, also after the channel changes
/// team; the team it left is told live, so it leaves their lists.
#[test]
fn a_later_message_routes_a_conversation_nobody_has_taken_or_moved() {
    let server = Server::start();
    let owner = server.setup_owner();
    let (front, billing, shipping) = (
        owner.create_team("Front desk"),
        owner.create_team("Billing"),
        owner.create_team("Shipping"),
    );
    let (front_agent, front_agent_id) = server.user(&owner, "front@example.com", "agent", &[front]);
    let (billing_agent, _) = server.user(&owner, "billing@example.com", "agent", &[billing]);
    let channel = ApiChannel::create(&owner, "API", Some(front), None);
    for (topic, words, team) in [
        ("invoice", "invoice", billing),
        ("parcel", "parcel", shipping),
    ] {
        let rule = json!({"topic": topic, "kind": "keywords", "pattern": words, "team_id": team});
        assert_eq!(owner.post("/api/v1/topic-rules", rule).status, 201);
    }

    let first = channel
        .post(
            &server,
            json!({"items": [
                dm("l-1", "ana", "hi there"),
                dm("l-2", "bo", "hello"),
                dm("l-3", "cy", "hey"),
                dm("l-4", "di", "my invoice is wrong"),
                dm("l-5", "eve", "good morning"),
            ]}),
        )
        .json();
    let conversation = |i: usize| first["items"][i]["conversation_id"].as_i64().unwrap();
    let team_of = |i: usize| {
        owner
            .get(&format!("/api/v1/conversations/{}", conversation(i)))
            .json()["conversation"]["team_id"]
            .as_i64()
    };
    assert_eq!(
        [team_of(0), team_of(1), team_of(2), team_of(3)],
        [Some(front), Some(front), Some(front), Some(billing)]
    );
    // Bo's is taken by an agent; Cy's team is chosen by the owner (the same team).
    let taken = owner.patch(
        &format!("/api/v1/conversations/{}", conversation(1)),
        json!({"assignee_id": front_agent_id}),
    );
    assert_eq!(taken.status, 200, "{}", taken.body);
    let kept = owner.patch(
        &format!("/api/v1/conversations/{}", conversation(2)),
        json!({"team_id": front}),
    );
    assert_eq!(kept.status, 200, "{}", kept.body);
    // The channel moves to Billing: Di's, routed there by a topic, is no less settled.
    let moved = owner.patch(
        &format!("/api/v1/channels/{}", channel.id),
        json!({"team_id": billing}),
    );
    assert_eq!(moved.status, 200, "{}", moved.body);

    let front_events = EventStream::open(&front_agent);
    let billing_events = EventStream::open(&billing_agent);
    channel.post(
        &server,
        json!({"items": [
            dm("l-6", "ana", "it is about my invoice"),
            dm("l-7", "bo", "invoice please"),
            dm("l-8", "cy", "invoice again"),
            dm("l-9", "di", "and where is my parcel"),
            dm("l-10", "eve", "Crypto recovery experts: WhatsApp +1 555 0100 to recover your funds and your parcel"),
            dm("l-11", "gus", "hello"),
            dm("l-12", "gus", "my parcel is late"),
            dm("l-13", "fay", "Crypto recovery experts: WhatsApp +1 555 0100 to recover your funds and your parcel"),
        ]}),
    );
    assert_eq!(
        [team_of(0), team_of(1), team_of(2), team_of(3), team_of(4)],
        [
            Some(billing),
            Some(front),
            Some(front),
            Some(billing),
            Some(front)
        ]
    );
    let eve = owner
        .get(&format!("/api/v1/conversations/{}", conversation(4)))
        .json();
    assert_eq!(
        eve["messages"][1]["analysis"]["spam"]["is_spam"], true,
        "{eve}"
    );
    let gus = owner.get("/api/v1/conversations?q=late").json();
    let gus = owner
        .get(&format!("/api/v1/conversations/{}", ids(&gus)[0]))
        .json();
    assert_eq!(gus["conversation"]["team_id"], shipping, "{gus}");
    // A conversation that starts as spam is routed by none of its topics: it stays with
    // the channel's team (now Billing), unsettled, so once restored a later message routes it.
    let fay = ids(&owner.get("/api/v1/conversations?q=crypto&spam=true").json());
    let fay = *fay.last().expect("Fay's conversation is filed as spam");
    let fay_team = || {
        owner.get(&format!("/api/v1/conversations/{fay}")).json()["conversation"]["team_id"]
            .as_i64()
    };
    assert_eq!(fay_team(), Some(billing));
    let restored = owner.patch(
        &format!("/api/v1/conversations/{fay}"),
        json!({"spam": false}),
    );
    assert_eq!(restored.status, 200, "{}", restored.body);
    channel.post(
        &server,
        json!({"items": [dm("l-14", "fay", "sorry, wrong chat: where is my parcel?")]}),
    );
    assert_eq!(fay_team(), Some(shipping));
    let seen = billing_agent
        .get("/api/v1/conversations")
        .json()
        .to_string();
    assert!(seen.contains("about my invoice"), "{seen}");
    assert!(
        !seen.contains("invoice please") && !seen.contains("invoice again"),
        "{seen}"
    );
    // The front desk hears that Ana's conversation went to Billing.
    front_events.wait_for("the move to billing", |e| {
        e["type"] == "conversation"
            && e["conversation"]["id"] == conversation(0)
            && e["conversation"]["team_id"] == billing
    });
    // Billing hears of Fay's move to Shipping (its last event), and heard of Ana's message and
    // conversation once each.
    billing_events.wait_for("Fay's move to shipping", |e| {
        e["type"] == "conversation"
            && e["conversation"]["id"] == fay
            && e["conversation"]["team_id"] == shipping
    });
    let of_ana = |kind: &str| {
        let events = billing_events.snapshot();
        let of = |e: &&Value| {
            e["type"] == kind
                && (e["conversation"]["id"] == conversation(0)
                    || e["conversation_id"] == conversation(0))
        };
        events.iter().filter(of).count()
    };
    assert_eq!((of_ana("message"), of_ana("conversation")), (1, 1));
}

/// Settings → Topics can apply the rules to past messages: the server analyses them again in
/// the background and reports what changed.
#[test]
fn past_messages_are_analysed_again_from_settings() {
    let server = Server::start();
    let owner = server.setup_owner();
    let (supervisor, _) = server.user(&owner, "sup@example.com", "supervisor", &[]);
    let channel = ApiChannel::create(&owner, "API", None, None);
    channel.post(
        &server,
        json!({"items": [dm("p-1", "uma", "The seat upgrade I paid for never showed up")]}),
    );
    let created = owner.post(
        "/api/v1/topic-rules",
        json!({"topic": "upgrades", "kind": "keywords", "pattern": "seat upgrade"}),
    );
    assert_eq!(created.status, 201, "{}", created.body);

    // Nothing has run yet; a day that is not one is refused with the form to use.
    assert_eq!(owner.get("/api/v1/reanalysis").json()["running"], false);
    let bad = owner.post("/api/v1/reanalysis", json!({"since": "yesterday"}));
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("2026-11-01"), "{}", bad.body);
    assert_eq!(supervisor.post("/api/v1/reanalysis", json!({})).status, 403);

    // Open inboxes are told to reload: the supervisor's, though the conversation is not
    // theirs to see (the event names none).
    let events = EventStream::open(&supervisor);
    let started = owner.post("/api/v1/reanalysis", json!({"since": "2000-01-01"}));
    assert_eq!(started.status, 202, "{}", started.body);
    let status = wait_for_reanalysis(&owner);
    assert_eq!(status["since"], "2000-01-01");
    assert_eq!(status["summary"]["messages"], 1, "{status}");
    assert_eq!(status["summary"]["topics_changed"], 1, "{status}");
    assert_eq!(status["summary"]["conversations_changed"], 1, "{status}");
    let resync = events.wait_for("resync", |e| e["type"] == "resync");
    assert_eq!(resync, json!({"type": "resync", "reason": "re-analysis"}));
    let report = owner.get("/api/v1/reports/overview").json();
    assert!(
        (report["topics"].as_array().unwrap())
            .iter()
            .any(|t| t["topic"] == "upgrades" && t["messages"] == 1),
        "{report}"
    );
    let audit = owner.get("/api/v1/audit").json().to_string();
    assert!(audit.contains("analysis.reanalysis"), "{audit}");

    // Only messages from a later day: none, and nothing to reload.
    owner.post("/api/v1/reanalysis", json!({"since": "2999-01-01"}));
    assert_eq!(wait_for_reanalysis(&owner)["summary"]["messages"], 0);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let resyncs = (events.snapshot().iter())
        .filter(|e| e["type"] == "resync")
        .count();
    assert_eq!(resyncs, 1, "{:?}", events.snapshot());
}

/// The re-analysis status once it has finished.
fn wait_for_reanalysis(owner: &earshot_tests::Client) -> Value {
    let started = std::time::Instant::now();
    loop {
        let status = owner.get("/api/v1/reanalysis").json();
        if status["running"] == false {
            return status;
        }
        assert!(started.elapsed().as_secs() < 20, "still running: {status}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
