//! What the analysis does to the inbox, against the binary: spam is filed away and can be
//! restored, personal data in public posts flags the conversation and is masked by role, and
//! every customer message carries its analysis with the reasons.

use earshot_tests::{ApiChannel, EventStream, Server, dm, ids};
use serde_json::{Value, json};

fn public(external_id: &str, author: &str, text: &str) -> Value {
    json!({"external_id": external_id, "kind": "public", "author": {"id": author, "name": format!("Poster {author}")}, "text": text})
}

#[test]
fn spam_is_filed_away_and_restorable_and_the_same_text_from_many_authors_is_spam() {
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, None);
    // Copies from several authors, with hashtag stuffing: two weak signals together.
    let copy = "Win a free cruise for two, follow our page and share this post now #win #free #cruise #travel #deal #sun";
    let posted = channel
        .post(
            &server,
            json!({"items": [
                dm("real", "ana", "My parcel never arrived, can you check?"),
                dm("scam", "bot-1", "Crypto recovery experts: WhatsApp +1 555 0100 to recover your funds"),
                dm("copy-1", "a", copy),
                dm("copy-2", "b", copy),
                dm("copy-3", "c", copy),
            ]}),
        )
        .json();
    let conv = |i: usize| posted["items"][i]["conversation_id"].as_i64().unwrap();

    // The queue shows the real message and the first two copies (not yet coordinated).
    let queue = owner.get("/api/v1/conversations").json();
    let mut listed = ids(&queue);
    listed.sort();
    assert_eq!(listed, vec![conv(0), conv(2), conv(3)]);
    let spam = owner.get("/api/v1/conversations?spam=true").json();
    let mut filed = ids(&spam);
    filed.sort();
    assert_eq!(filed, vec![conv(1), conv(4)]);
    assert_eq!(spam["items"][0]["spam"], true);

    // The reasons are on the message.
    let scam = owner
        .get(&format!("/api/v1/conversations/{}", conv(1)))
        .json();
    let reasons = &scam["messages"][0]["analysis"]["spam"]["reasons"];
    assert_eq!(reasons[0]["code"], "scam_vocabulary", "{reasons}");
    assert_eq!(
        analysis_list(&owner, conv(4), 0, SPAM_CODES),
        ["hashtag_stuffing", "duplicate_across_authors"]
    );

    // Restoring brings it back to the queue; nothing was deleted.
    let restored = owner.patch(
        &format!("/api/v1/conversations/{}", conv(1)),
        json!({"spam": false}),
    );
    assert_eq!(restored.status, 200, "{}", restored.body);
    assert!(ids(&owner.get("/api/v1/conversations").json()).contains(&conv(1)));
    let filed_by_hand = owner.patch(
        &format!("/api/v1/conversations/{}", conv(0)),
        json!({"spam": true}),
    );
    assert_eq!(filed_by_hand.json()["spam"], true);
    assert!(!ids(&owner.get("/api/v1/conversations").json()).contains(&conv(0)));
}

#[test]
fn personal_data_in_public_posts_flags_the_conversation_and_is_masked_by_role() {
    let server = Server::start();
    let owner = server.setup_owner();
    let (analyst, _) = server.user(&owner, "ann@example.com", "analyst", &[]);
    let channel = ApiChannel::create(&owner, "API", None, None);
    let text = "Charged twice on card 4111 1111 1111 1111, call me on +1 415 555 0132";
    let posted = channel
        .post(&server, json!({"items": [public("p-1", "eve", text)]}))
        .json();
    let id = posted["items"][0]["conversation_id"].as_i64().unwrap();

    let detail = owner.get(&format!("/api/v1/conversations/{id}")).json();
    assert_eq!(detail["conversation"]["pii_exposed"], "a card number");
    // The card is masked for every role, the phone shown to roles that act on conversations.
    let shown = detail["messages"][0]["text"].as_str().unwrap();
    assert_eq!(
        shown,
        "Charged twice on card •••• •••• •••• 1111, call me on +1 415 555 0132"
    );
    let kinds: Vec<&str> = detail["messages"][0]["analysis"]["pii"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["card_number", "phone"]);
    // Previews (seen by everyone in lists) have everything masked.
    let preview = detail["conversation"]["preview"].as_str().unwrap();
    assert!(
        !preview.contains("4111 1111") && !preview.contains("555 0132"),
        "{preview}"
    );
    // Analysts see contact details masked too.
    let for_analyst = analyst.get(&format!("/api/v1/conversations/{id}")).json();
    let text = for_analyst["messages"][0]["text"].as_str().unwrap();
    assert!(text.contains("•••• •••• •••• 1111"), "{text}");
    assert!(!text.contains("555 0132"), "{text}");
    // The stored message is unchanged: search still finds the number.
    assert_eq!(
        ids(&owner.get("/api/v1/conversations?q=0132").json()),
        vec![id]
    );

    // A private message with the same data is not an exposure.
    let dm_posted = channel
        .post(&server, json!({"items": [dm("d-1", "dan", text)]}))
        .json();
    let dm_id = dm_posted["items"][0]["conversation_id"].as_i64().unwrap();
    let dm_detail = owner.get(&format!("/api/v1/conversations/{dm_id}")).json();
    assert!(dm_detail["conversation"]["pii_exposed"].is_null());
}

#[test]
fn customer_messages_carry_their_analysis_with_reasons() {
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, None);
    let posted = channel
        .post(
            &server,
            json!({"items": [dm("a-1", "zoe", "Still no refund after 3 weeks, worst airline ever!!")]}),
        )
        .json();
    let id = posted["items"][0]["conversation_id"].as_i64().unwrap();
    let detail = owner.get(&format!("/api/v1/conversations/{id}")).json();
    let analysis = &detail["messages"][0]["analysis"];
    assert_eq!(analysis["language"]["code"], "eng");
    assert_eq!(analysis["sentiment"]["label"], "negative");
    let tokens: Vec<&str> = analysis["sentiment"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["token"].as_str().unwrap())
        .collect();
    assert!(tokens.contains(&"worst"), "{tokens:?}");
    assert_eq!(analysis["topics"][0]["topic"], "refund");
    assert_eq!(analysis["priority"]["terms"][0]["name"], "negativity");
    // An urgent topic and strong negativity make the conversation high priority or more.
    let priority = detail["conversation"]["priority"].as_str().unwrap();
    assert!(matches!(priority, "high" | "urgent"), "{priority}");
    // A team reply has no analysis.
    let reply = owner.post(
        &format!("/api/v1/conversations/{id}/notes"),
        json!({"text": "Checking with the refunds team"}),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert!(reply.json()["analysis"].is_null());
}

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

/// `field` of each entry of `analysis.<part>.<list>` on a conversation's `message`-th
/// message, e.g. the spam reason codes or the priority term names.
fn analysis_list(
    owner: &earshot_tests::Client,
    conversation: i64,
    message: usize,
    [part, list, field]: [&str; 3],
) -> Vec<String> {
    let detail = owner
        .get(&format!("/api/v1/conversations/{conversation}"))
        .json();
    detail["messages"][message]["analysis"][part][list]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t[field].as_str().unwrap().to_string())
        .collect()
}

const SPAM_CODES: [&str; 3] = ["spam", "reasons", "code"];
const PRIORITY_TERMS: [&str; 3] = ["priority", "terms", "name"];

#[test]
fn author_signals_engagement_and_vip_contacts_feed_spam_and_priority() {
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, None);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let posted = channel
        .post(
            &server,
            json!({"items": [
                {"external_id": "bot", "kind": "private", "text": "Hello, please see my offer",
                 "author": {"id": "b-1", "bot": true}},
                {"external_id": "new", "kind": "private", "text": "Hi there, quick question on the promo",
                 "author": {"id": "n-1", "followers": 1, "following": 2400,
                            "account_created_at": now - 2 * 86_400}},
                {"external_id": "loud", "kind": "public", "text": "My flight was cancelled and nobody answers the phone",
                 "author": {"id": "influencer", "followers": 250_000, "following": 300,
                            "account_created_at": now - 3_000 * 86_400},
                 "engagement": {"likes": 300, "shares": 40, "replies": 25}},
                dm("first", "vip-1", "Hello, a question about my booking"),
                {"external_id": "clock", "kind": "private", "text": "Is the lounge open tonight?",
                 "author": {"id": "c-1", "followers": 1, "following": 2400,
                            "account_created_at": now + 86_400}},
            ]}),
        )
        .json();
    let conv = |i: usize| posted["items"][i]["conversation_id"].as_i64().unwrap();

    // A bot account is spam on its own; a days-old account following thousands with no
    // followers is two weak signals together.
    let spam = ids(&owner.get("/api/v1/conversations?spam=true").json());
    assert!(
        spam.contains(&conv(0)) && spam.contains(&conv(1)),
        "{spam:?}"
    );
    assert_eq!(
        analysis_list(&owner, conv(1), 0, SPAM_CODES),
        ["new_account", "follow_ratio"]
    );

    // An account "created" after its message (a platform's clock error) is not a new
    // account: one weak signal left, not spam.
    assert!(!spam.contains(&conv(4)));
    assert_eq!(
        analysis_list(&owner, conv(4), 0, SPAM_CODES),
        ["follow_ratio"]
    );

    // Reach and engagement raise a public complaint's priority, each term shown.
    let loud = analysis_list(&owner, conv(2), 0, PRIORITY_TERMS);
    assert!(
        loud.contains(&"reach".to_string()) && loud.contains(&"engagement".to_string()),
        "{loud:?}"
    );
    assert!(!spam.contains(&conv(2)));

    // A VIP contact's next message carries the VIP term. (Contacts are not editable in the
    // app yet, so the flag is set in the database, as the contacts screen will.)
    assert!(!analysis_list(&owner, conv(3), 0, PRIORITY_TERMS).contains(&"vip".to_string()));
    let db = server.data_dir.join("earshot.db");
    let marked = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3, sys; db = sqlite3.connect(sys.argv[1], timeout=10); \
             db.execute(\"UPDATE contacts SET vip = 1 WHERE id = (SELECT contact_id FROM contact_identities WHERE external_id = 'vip-1')\"); \
             db.commit()",
        )
        .arg(&db)
        .status()
        .expect("python3 marks the contact VIP");
    assert!(marked.success());
    channel.post(
        &server,
        json!({"items": [dm("second", "vip-1", "Any news about my booking?")]}),
    );
    assert!(analysis_list(&owner, conv(3), 1, PRIORITY_TERMS).contains(&"vip".to_string()));

    // Counts are never negative: a clear 422 naming the field.
    let bad = channel.post(
        &server,
        json!({"external_id": "neg", "author": {"id": "x", "following": -1}, "text": "hi"}),
    );
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("author.following"), "{}", bad.body);
}
