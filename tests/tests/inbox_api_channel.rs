//! The API channel and the ingest pipeline, against the binary: signed items appear in the
//! inbox once, bad input is refused whole, replies reach the webhook signed, and the outbox
//! survives outages and restarts.

use earshot_tests::{ApiChannel, Receiver, Server, dm, sign};
use serde_json::json;

/// Polls the conversation until the reply `message_id` is marked sent; returns the detail.
fn wait_until_sent(owner: &earshot_tests::Client, conv: i64, message_id: i64) -> serde_json::Value {
    let started = std::time::Instant::now();
    loop {
        let detail = owner.get(&format!("/api/v1/conversations/{conv}")).json();
        let out = detail["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == message_id)
            .unwrap()
            .clone();
        if out["delivery_status"] == "sent" {
            return detail;
        }
        assert!(started.elapsed().as_secs() < 10, "not marked sent: {out}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_posted_item_appears_in_the_inbox_once_even_when_retried() {
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "Website chat", None, None);

    let item = dm(
        "m-1",
        "cust-1",
        "My order #123 never arrived, I want a refund",
    );
    let first = channel.post(&server, item.clone());
    assert_eq!(first.status, 202, "{}", first.body);
    let stored = first.json()["items"][0].clone();
    assert_eq!(stored["duplicate"], false);
    let again = channel.post(&server, item);
    assert_eq!(again.status, 202);
    assert_eq!(again.json()["items"][0]["duplicate"], true);
    assert_eq!(again.json()["items"][0]["message_id"], stored["message_id"]);

    let list = owner.get("/api/v1/conversations").json();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let conv = &items[0];
    assert_eq!(conv["kind"], "private");
    assert_eq!(conv["status"], "open");
    assert_eq!(conv["contact_name"], "Customer cust-1");
    assert_eq!(conv["message_count"], 1);
    assert_eq!(conv["unread"], true);
    assert!(conv["waiting_since"].is_i64());
    assert!(conv["preview"].as_str().unwrap().contains("never arrived"));

    let detail = owner
        .get(&format!("/api/v1/conversations/{}", conv["id"]))
        .json();
    assert_eq!(detail["messages"].as_array().unwrap().len(), 1);
    assert_eq!(detail["messages"][0]["direction"], "in");
    assert_eq!(detail["messages"][0]["language"], "eng");
    assert_eq!(detail["contact"]["identities"][0]["external_id"], "cust-1");
    // Opening it marked it read.
    assert_eq!(
        owner.get("/api/v1/conversations").json()["items"][0]["unread"],
        false
    );
}

#[test]
fn items_thread_into_conversations_and_a_resolved_one_reopens() {
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, None);
    let batch = json!({"items": [
        dm("a1", "alice", "Hello, my card was charged twice"),
        dm("a2", "alice", "Any news?"),
        {"external_id": "post-1", "kind": "public", "author": {"id": "bob", "handle": "@bob", "followers": 1200}, "text": "Is @brand down again?"},
        {"external_id": "c-1", "kind": "public", "reply_to_id": "post-1", "author": {"id": "carol"}, "text": "Same here, nothing loads"},
        {"external_id": "men-1", "kind": "mention", "author": {"id": "dan"}, "text": "Shout out to @brand for the quick fix"},
    ]});
    let r = channel.post(&server, batch);
    assert_eq!(r.status, 202, "{}", r.body);
    let results = r.json()["items"].as_array().unwrap().clone();
    assert_eq!(results.len(), 5);
    assert_eq!(
        results[0]["conversation_id"], results[1]["conversation_id"],
        "a DM peer's messages share a conversation"
    );
    assert_eq!(
        results[2]["conversation_id"], results[3]["conversation_id"],
        "a comment joins its post's thread"
    );
    assert_ne!(results[0]["conversation_id"], results[2]["conversation_id"]);
    assert_ne!(results[4]["conversation_id"], results[2]["conversation_id"]);
    let all = owner.get("/api/v1/conversations?status=all").json();
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
    let mentions = owner.get("/api/v1/conversations?kind=mention").json();
    assert_eq!(mentions["items"].as_array().unwrap().len(), 1);

    let dm_id = results[0]["conversation_id"].as_i64().unwrap();
    let resolved = owner.patch(
        &format!("/api/v1/conversations/{dm_id}"),
        json!({"status": "resolved"}),
    );
    assert_eq!(resolved.json()["status"], "resolved");
    assert_eq!(
        owner.get("/api/v1/conversations").json()["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    channel.post(&server, dm("a3", "alice", "Still charged twice!"));
    let detail = owner.get(&format!("/api/v1/conversations/{dm_id}")).json();
    assert_eq!(
        detail["conversation"]["status"], "open",
        "a new customer message reopens it"
    );
    assert_eq!(detail["messages"].as_array().unwrap().len(), 3);
}

#[test]
fn bad_signatures_and_malformed_items_are_refused_and_nothing_is_half_stored() {
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, None);
    let url = format!("/api/v1/channels/{}/inbound", channel.id);
    let body = dm("x1", "eve", "hello there").to_string();
    let anon = server.client();
    let json_ct = ("content-type", "application/json");

    let unsigned = anon.send("POST", &url, Some(body.as_bytes()), &[json_ct]);
    assert_eq!(unsigned.status, 401);
    assert_eq!(unsigned.error_code(), "invalid_signature");
    let wrong = sign("not the secret", body.as_bytes());
    assert_eq!(
        anon.send(
            "POST",
            &url,
            Some(body.as_bytes()),
            &[json_ct, ("x-earshot-signature", &wrong)]
        )
        .status,
        401
    );
    let tampered = sign(&channel.secret, body.as_bytes());
    let other_body = dm("x1", "eve", "hello there!").to_string();
    assert_eq!(
        anon.send(
            "POST",
            &url,
            Some(other_body.as_bytes()),
            &[json_ct, ("x-earshot-signature", &tampered)]
        )
        .status,
        401
    );
    assert_eq!(
        anon.send(
            "POST",
            &url,
            Some(body.as_bytes()),
            &[json_ct, ("x-earshot-signature", "sha256=zz")]
        )
        .status,
        401
    );
    // An unknown channel answers like a wrong signature, so channel ids cannot be probed.
    let unknown = format!("/api/v1/channels/{}/inbound", channel.id + 100);
    assert_eq!(
        anon.send(
            "POST",
            &unknown,
            Some(body.as_bytes()),
            &[json_ct, ("x-earshot-signature", &tampered)]
        )
        .status,
        401
    );

    // One bad item in a batch: 422 naming it, and none of the batch is stored.
    let batch = json!({"items": [dm("ok-1", "eve", "first"), dm("ok-2", "eve", "second"), {"external_id": "bad", "author": {"id": "eve"}}]});
    let r = channel.post(&server, batch);
    assert_eq!(r.status, 422);
    let message = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("items[2]") && message.contains("text"),
        "{message}"
    );
    for (body, needle) in [
        (
            json!({"external_id": "", "author": {"id": "e"}, "text": "x"}),
            "external_id",
        ),
        (
            json!({"external_id": "k", "kind": "tweet", "author": {"id": "e"}, "text": "x"}),
            "kind",
        ),
        (
            json!({"external_id": "k", "author": {"id": "e"}, "text": "x", "extra": 1}),
            "extra",
        ),
        (
            json!({"external_id": "k", "author": "e", "text": "x"}),
            "Author",
        ),
        (json!({"items": []}), "empty"),
        (json!(["not an object"]), "object"),
    ] {
        let r = channel.post(&server, body);
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(r.body.contains(needle), "{needle}: {}", r.body);
    }
    assert_eq!(channel.post_raw(&server, b"{not json").status, 422);
    assert_eq!(
        channel
            .post_raw(
                &server,
                br#"{"external_id":"u","author":{"id":"e"},"text":"\ud800"}"#
            )
            .status,
        422
    );
    assert_eq!(
        owner.get("/api/v1/conversations?status=all").json()["items"],
        json!([])
    );

    // A deactivated channel refuses items with a clear message.
    owner.patch(
        &format!("/api/v1/channels/{}", channel.id),
        json!({"active": false}),
    );
    let r = channel.post(&server, dm("late", "eve", "anyone?"));
    assert_eq!(r.status, 409);
    assert_eq!(r.error_code(), "channel_inactive");
}

#[test]
fn a_reply_is_delivered_to_the_webhook_signed_and_marked_sent() {
    let receiver = Receiver::start();
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, Some(&receiver.url));
    let r = channel.post(&server, dm("q1", "frank", "Where is my parcel?"));
    let conv = r.json()["items"][0]["conversation_id"].as_i64().unwrap();

    let reply = owner.post(
        &format!("/api/v1/conversations/{conv}/reply"),
        json!({"text": "It ships today, sorry for the wait!"}),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.json()["delivery_status"], "queued");
    let message_id = reply.json()["id"].as_i64().unwrap();

    let calls = receiver.wait_for(1, 10);
    let (request_line, headers, body) = &calls[0];
    assert!(request_line.starts_with("POST /hook"), "{request_line}");
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        header("x-earshot-signature"),
        sign(&channel.secret, body.as_bytes()),
        "valid HMAC over the exact body"
    );
    assert!(!header("x-earshot-delivery").is_empty());
    let payload: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["recipient_id"], "frank");
    assert_eq!(payload["in_reply_to"], "q1");
    assert_eq!(payload["text"], "It ships today, sorry for the wait!");
    assert_eq!(payload["message_id"], message_id);

    let detail = wait_until_sent(&owner, conv, message_id);
    assert!(detail["conversation"]["first_response_at"].is_i64());
    assert!(
        detail["conversation"]["waiting_since"].is_null(),
        "answered: nobody is waiting"
    );
    let health = owner.get("/api/v1/channels").json();
    assert!(health[0]["last_success_at"].is_i64());
    assert_eq!(receiver.count(), 1, "delivered exactly once");
}

#[test]
fn replies_wait_out_a_webhook_outage_and_a_restart() {
    let receiver = Receiver::start();
    receiver.set_status(503);
    let server = Server::start();
    let data_dir = server.data_dir.clone();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, Some(&receiver.url));
    let conv =
        channel.post(&server, dm("o1", "gina", "Hello?")).json()["items"][0]["conversation_id"]
            .as_i64()
            .unwrap();
    let reply = owner.post(
        &format!("/api/v1/conversations/{conv}/reply"),
        json!({"text": "We are here"}),
    );
    let message_id = reply.json()["id"].as_i64().unwrap();
    receiver.wait_for(1, 10);
    let detail = owner.get(&format!("/api/v1/conversations/{conv}")).json();
    let out = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == message_id)
        .unwrap()
        .clone();
    assert_eq!(
        out["delivery_status"], "queued",
        "still queued while retries remain"
    );
    assert!(out["delivery_error"].as_str().unwrap().contains("503"));
    assert!(
        owner.get("/api/v1/channels").json()[0]["last_error"]
            .as_str()
            .unwrap()
            .contains("503")
    );

    // Stop the server during the outage; the queued reply survives in the database.
    drop(owner);
    let keep = data_dir.with_extension("kept");
    std::fs::create_dir_all(&keep).unwrap();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    std::thread::sleep(std::time::Duration::from_millis(1500));
    for f in ["earshot.db", "earshot.db-wal", "earshot.db-shm"] {
        let _ = std::fs::copy(data_dir.join(f), keep.join(f));
    }
    drop(server);
    receiver.set_status(200);
    let restarted = Server::start_with(&[("EARSHOT_DATA_DIR", keep.to_str().unwrap())]);
    let calls = receiver.wait_for(2, 20);
    assert_eq!(calls.len(), 2);
    let owner = restarted.client();
    assert_eq!(
        owner
            .login(earshot_tests::OWNER_EMAIL, earshot_tests::OWNER_PASSWORD)
            .status,
        200
    );
    wait_until_sent(&owner, conv, message_id);
}

#[test]
fn channel_management_shows_the_secret_once_and_rotates_it() {
    let server = Server::start();
    let owner = server.setup_owner();
    let team = owner.create_team("Support");
    let created = owner.post(
        "/api/v1/channels",
        json!({"name": "Shop", "team_id": team, "webhook_url": "https://shop.example/hook"}),
    );
    assert_eq!(created.status, 201);
    let v = created.json();
    let secret = v["secret"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 64);
    assert_eq!(
        v["inbound_path"],
        format!("/api/v1/channels/{}/inbound", v["channel"]["id"])
    );
    assert_eq!(v["channel"]["secret_hint"].as_str().unwrap(), &secret[60..]);
    let listed = owner.get("/api/v1/channels");
    assert!(!listed.body.contains(&secret), "the secret is never listed");
    let id = v["channel"]["id"].as_i64().unwrap();
    let rotated = owner
        .post(&format!("/api/v1/channels/{id}/rotate-secret"), json!({}))
        .json();
    let new_secret = rotated["secret"].as_str().unwrap().to_string();
    assert_ne!(new_secret, secret);
    let old = ApiChannel { id, secret };
    assert_eq!(
        old.post(&server, dm("r1", "h", "hi")).status,
        401,
        "the old secret stops working"
    );
    let new = ApiChannel {
        id,
        secret: new_secret.clone(),
    };
    assert_eq!(new.post(&server, dm("r1", "h", "hi")).status, 202);
    assert!(
        !owner
            .get("/api/v1/audit?limit=200")
            .body
            .contains(&new_secret),
        "audit has no secrets"
    );

    assert_eq!(
        owner
            .post(
                "/api/v1/channels",
                json!({"name": "Bad", "webhook_url": "ftp://x"})
            )
            .status,
        422
    );
    assert_eq!(
        owner
            .post("/api/v1/channels", json!({"name": "Bad", "team_id": 999}))
            .status,
        422
    );
    assert_eq!(
        owner.delete(&format!("/api/v1/channels/{id}")).status,
        409,
        "has conversations"
    );
    let empty = ApiChannel::create(&owner, "Empty", None, None);
    assert_eq!(
        owner
            .delete(&format!("/api/v1/channels/{}", empty.id))
            .status,
        204
    );
}

#[test]
fn a_batch_repeating_a_stored_id_is_still_accepted_on_retry() {
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, None);
    let batch = json!({"items": [dm("r-1", "ivy", "first"), dm("r-1", "ivy", "first again"), dm("r-2", "ivy", "second")]});
    let first = channel.post(&server, batch.clone());
    assert_eq!(first.status, 202, "{}", first.body);
    let duplicates: Vec<bool> = first.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["duplicate"].as_bool().unwrap())
        .collect();
    assert_eq!(duplicates, [false, true, false]);
    // The response was lost; the sender retries the very same batch.
    let retry = channel.post(&server, batch);
    assert_eq!(retry.status, 202, "{}", retry.body);
    assert!(
        retry.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["duplicate"] == true)
    );
    assert_eq!(
        first.json()["items"][0]["message_id"],
        retry.json()["items"][1]["message_id"]
    );
}

#[test]
fn the_same_sender_id_on_two_api_channels_is_two_people() {
    let receiver = Receiver::start();
    let server = Server::start();
    let owner = server.setup_owner();
    let shop_a = ApiChannel::create(&owner, "Shop A", None, Some(&receiver.url));
    let shop_b = ApiChannel::create(&owner, "Shop B", None, Some(&receiver.url));
    let a = shop_a.post(&server, json!({"external_id": "1", "author": {"id": "42", "name": "Alice of A"}, "text": "Hello from A"}));
    let b = shop_b.post(&server, json!({"external_id": "1", "author": {"id": "42", "name": "Bob of B"}, "text": "Hello from B"}));
    let conv_a = a.json()["items"][0]["conversation_id"].as_i64().unwrap();
    let conv_b = b.json()["items"][0]["conversation_id"].as_i64().unwrap();
    assert_ne!(conv_a, conv_b);
    let detail_a = owner.get(&format!("/api/v1/conversations/{conv_a}")).json();
    let detail_b = owner.get(&format!("/api/v1/conversations/{conv_b}")).json();
    assert_ne!(detail_a["contact"]["id"], detail_b["contact"]["id"]);
    assert_eq!(detail_a["contact"]["name"], "Alice of A");
    assert_eq!(detail_b["contact"]["name"], "Bob of B");
    assert_eq!(detail_a["contact"]["identities"][0]["channel_kind"], "api");
    // The reply goes to the sender on the conversation's own channel, signed with its secret.
    owner.post(
        &format!("/api/v1/conversations/{conv_b}/reply"),
        json!({"text": "Hi Bob"}),
    );
    let calls = receiver.wait_for(1, 10);
    let signature = calls[0]
        .1
        .iter()
        .find(|(k, _)| k == "x-earshot-signature")
        .unwrap()
        .1
        .clone();
    assert_eq!(signature, sign(&shop_b.secret, calls[0].2.as_bytes()));
    assert!(calls[0].2.contains("\"recipient_id\":\"42\""));
}

#[test]
fn messages_carry_sentiment_and_topics_that_the_list_can_filter_on() {
    let server = Server::start();
    let owner = server.setup_owner();
    let channel = ApiChannel::create(&owner, "API", None, None);
    let r = channel.post(
        &server,
        json!({"items": [
            dm("s-1", "angry", "This is the worst service ever, I am furious!!"),
            dm("s-2", "happy", "Thank you so much, the team was wonderful :)"),
            dm("s-3", "zh", "我的航班被取消了，没有人接电话"),
            dm("s-4", "de", "Vielen Dank für die schnelle Antwort, alles ist jetzt gut"),
        ]}),
    );
    let ids: Vec<i64> = r.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["conversation_id"].as_i64().unwrap())
        .collect();
    let negative = owner.get("/api/v1/conversations?sentiment=negative").json();
    let mut listed: Vec<i64> = negative["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    listed.sort();
    assert_eq!(listed, vec![ids[0], ids[2]]);
    let positive = owner.get("/api/v1/conversations?sentiment=positive").json();
    assert_eq!(positive["items"][0]["id"], ids[1]);
    let angry = owner
        .get(&format!("/api/v1/conversations/{}", ids[0]))
        .json();
    assert!(angry["messages"][0]["sentiment_score"].as_f64().unwrap() < -0.5);
    // Chinese has its own lexicon; the cancellation is a topic, added as a tag.
    let chinese = owner
        .get(&format!("/api/v1/conversations/{}", ids[2]))
        .json();
    assert_eq!(chinese["messages"][0]["sentiment"], "negative");
    assert_eq!(chinese["messages"][0]["language"], "cmn");
    assert_eq!(chinese["conversation"]["tags"], json!(["cancellation"]));
    let tagged = owner.get("/api/v1/conversations?tag=cancellation").json();
    assert_eq!(tagged["items"][0]["id"], ids[2]);
    // German has no lexicon: no verdict rather than a false "neutral".
    let german = owner
        .get(&format!("/api/v1/conversations/{}", ids[3]))
        .json();
    assert_eq!(german["messages"][0]["language"], "deu");
    assert!(german["messages"][0]["sentiment"].is_null());
}
