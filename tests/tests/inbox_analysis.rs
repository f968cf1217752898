//! What the analysis does to the inbox, against the binary: spam is filed away and can be
//! restored, personal data in public posts flags the conversation and is masked by role, and
//! every customer message carries its analysis with the reasons.

use earshot_tests::{ApiChannel, Server, dm, ids};
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
