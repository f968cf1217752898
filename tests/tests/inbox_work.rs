//! Working the inbox against the binary: scoping by team (including guessed ids and live
//! events), filters and search, notes with @mentions, assignment rules, bulk actions.

use earshot_tests::{ApiChannel, EventStream, Server, dm, ids};
use serde_json::{Value, json};

struct World {
    server: Server,
    owner: earshot_tests::Client,
    team_a: i64,
    team_b: i64,
    chan_a: ApiChannel,
    chan_b: ApiChannel,
}

fn world() -> World {
    let server = Server::start();
    let owner = server.setup_owner();
    let team_a = owner.create_team("A");
    let team_b = owner.create_team("B");
    let chan_a = ApiChannel::create(&owner, "Channel A", Some(team_a), None);
    let chan_b = ApiChannel::create(&owner, "Channel B", Some(team_b), None);
    World {
        server,
        owner,
        team_a,
        team_b,
        chan_a,
        chan_b,
    }
}

fn conv_id(r: &earshot_tests::Resp) -> i64 {
    r.json()["items"][0]["conversation_id"].as_i64().unwrap()
}

#[test]
fn an_agent_of_team_a_cannot_see_or_touch_team_b_even_by_guessing_ids() {
    let w = world();
    let (agent, agent_id) = w
        .server
        .user(&w.owner, "ann@example.com", "agent", &[w.team_a]);
    let a = conv_id(&w.chan_a.post(&w.server, dm("a1", "x", "Team A question")));
    let b = conv_id(
        &w.chan_b
            .post(&w.server, dm("b1", "y", "Team B secret question")),
    );

    assert_eq!(ids(&agent.get("/api/v1/conversations").json()), vec![a]);
    assert_eq!(
        ids(&agent
            .get(&format!("/api/v1/conversations?team_id={}", w.team_b))
            .json()),
        Vec::<i64>::new()
    );
    assert_eq!(
        ids(&agent.get("/api/v1/conversations?q=secret").json()),
        Vec::<i64>::new()
    );
    for (method, path, body) in [
        ("GET", format!("/api/v1/conversations/{b}"), json!({})),
        (
            "POST",
            format!("/api/v1/conversations/{b}/reply"),
            json!({"text": "hi"}),
        ),
        (
            "POST",
            format!("/api/v1/conversations/{b}/notes"),
            json!({"text": "hi"}),
        ),
        (
            "PATCH",
            format!("/api/v1/conversations/{b}"),
            json!({"status": "resolved"}),
        ),
        (
            "POST",
            format!("/api/v1/conversations/{b}/presence"),
            json!({"state": "viewing"}),
        ),
        ("GET", "/api/v1/conversations/999999".to_string(), json!({})),
    ] {
        let body = body.to_string();
        let r = agent.send(
            method,
            &path,
            if method == "GET" {
                None
            } else {
                Some(body.as_bytes())
            },
            &[("content-type", "application/json")],
        );
        assert_eq!(r.status, 404, "{method} {path} → {} {}", r.status, r.body);
    }
    let bulk = agent
        .post(
            "/api/v1/conversations/bulk",
            json!({"conversation_ids": [a, b], "update": {"priority": "high"}}),
        )
        .json();
    assert_eq!(bulk["updated"], json!([a]));
    assert_eq!(bulk["skipped"], json!([b]));
    assert_eq!(
        w.owner.get(&format!("/api/v1/conversations/{b}")).json()["conversation"]["priority"],
        "normal"
    );

    // Assigned to the agent, a team-B conversation becomes visible to them.
    w.owner.patch(
        &format!("/api/v1/conversations/{b}"),
        json!({"assignee_id": agent_id}),
    );
    assert_eq!(agent.get(&format!("/api/v1/conversations/{b}")).status, 200);
}

#[test]
fn live_events_reach_only_those_who_may_see_the_conversation() {
    let w = world();
    let (agent_a, _) = w
        .server
        .user(&w.owner, "ann@example.com", "agent", &[w.team_a]);
    let (supervisor_b, _) = w
        .server
        .user(&w.owner, "bob@example.com", "supervisor", &[w.team_b]);
    let events_a = EventStream::open(&agent_a);
    let events_b = EventStream::open(&supervisor_b);
    let events_owner = EventStream::open(&w.owner);

    let b = conv_id(
        &w.chan_b
            .post(&w.server, dm("b1", "y", "Only team B may read this")),
    );
    let a = conv_id(&w.chan_a.post(&w.server, dm("a1", "x", "Team A hello")));
    events_b.wait_for("team B message", |e| {
        e["type"] == "message" && e["conversation_id"] == b
    });
    events_owner.wait_for("owner sees B", |e| {
        e["type"] == "message" && e["conversation_id"] == b
    });
    events_a.wait_for("team A message", |e| {
        e["type"] == "message" && e["conversation_id"] == a
    });
    let leaked: Vec<Value> = events_a
        .snapshot()
        .into_iter()
        .filter(|e| e.to_string().contains("Only team B"))
        .collect();
    assert!(
        leaked.is_empty(),
        "agent A received team B events: {leaked:?}"
    );
    assert!(
        !events_a
            .snapshot()
            .iter()
            .any(|e| e["conversation"]["id"] == b || e["conversation_id"] == b)
    );

    // Collision detection: others see who is viewing or replying; not the person themselves.
    w.owner.post(
        &format!("/api/v1/conversations/{a}/presence"),
        json!({"state": "replying"}),
    );
    let p = events_a.wait_for("presence", |e| e["type"] == "presence");
    assert_eq!(p["user_name"], "Olive Owner");
    assert_eq!(p["state"], "replying");
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        !events_owner
            .snapshot()
            .iter()
            .any(|e| e["type"] == "presence")
    );
    assert!(
        !events_b.snapshot().iter().any(|e| e["type"] == "presence"),
        "presence on A is not shown to B"
    );

    // Status changes arrive as conversation events.
    agent_a.patch(
        &format!("/api/v1/conversations/{a}"),
        json!({"status": "resolved"}),
    );
    events_owner.wait_for("resolved", |e| {
        e["type"] == "conversation"
            && e["conversation"]["id"] == a
            && e["conversation"]["status"] == "resolved"
    });
}

#[test]
fn filters_sorting_search_and_pagination() {
    let w = world();
    let mut items = vec![];
    for i in 0..7 {
        items.push(dm(
            &format!("m{i}"),
            &format!("c{i}"),
            &format!("Order {i}: where is my refund? café número {i}"),
        ));
    }
    items.push(dm("zh", "c-zh", "我要退款，航班取消了"));
    let posted = w.chan_a.post(&w.server, json!({"items": items})).json();
    let chinese = posted["items"][7]["conversation_id"].as_i64().unwrap();
    let all = w.owner.get("/api/v1/conversations?limit=3").json();
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
    let mut seen = ids(&all);
    let mut cursor = all["next_cursor"].as_str().unwrap().to_string();
    loop {
        let page = w
            .owner
            .get(&format!("/api/v1/conversations?limit=3&cursor={cursor}"))
            .json();
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 8, "pages cover everything once: {seen:?}");

    // An English conversation (the analysis already tagged every one "refund").
    let first = *seen.iter().find(|id| **id != chinese).unwrap();
    w.owner.patch(
        &format!("/api/v1/conversations/{first}"),
        json!({"priority": "urgent", "add_tags": ["Refund", "#vip-risk"]}),
    );
    let urgent = w.owner.get("/api/v1/conversations?priority=urgent").json();
    assert_eq!(ids(&urgent), vec![first]);
    assert_eq!(urgent["items"][0]["tags"], json!(["refund", "vip-risk"]));
    assert_eq!(
        ids(&w.owner.get("/api/v1/conversations?tag=vip-risk").json()),
        vec![first]
    );
    assert_eq!(
        ids(&w.owner.get("/api/v1/conversations?tag=refund").json()).len(),
        8,
        "topics are tags"
    );
    // refund and cancellation (topics), vip-risk (by hand).
    assert_eq!(
        w.owner.get("/api/v1/tags").json().as_array().unwrap().len(),
        3
    );
    assert_eq!(
        ids(&w.owner.get("/api/v1/conversations?sort=priority").json())[0],
        first
    );

    assert_eq!(
        ids(&w.owner.get("/api/v1/conversations?q=refund").json()).len(),
        7
    );
    assert_eq!(
        ids(&w.owner.get("/api/v1/conversations?q=refu").json()).len(),
        7,
        "prefix search"
    );
    assert_eq!(
        ids(&w.owner.get("/api/v1/conversations?q=cafe").json()).len(),
        7,
        "diacritics folded"
    );
    assert_eq!(
        ids(&w
            .owner
            .get("/api/v1/conversations?q=%E9%80%80%E6%AC%BE")
            .json())
        .len(),
        1,
        "Chinese word 退款"
    );
    assert_eq!(
        ids(&w.owner.get("/api/v1/conversations?q=Order%203").json()).len(),
        1
    );

    let nasty = [
        "\"",
        "*",
        "-",
        ":",
        "^",
        "(",
        ")",
        "AND",
        "OR NOT",
        "NEAR(a b)",
        "\"unterminated",
        "col:val",
        "a*b",
        "'",
        ";",
        "%00",
        "\u{202e}",
        "👩‍👩‍👧",
        "",
        " ",
    ];
    for q in nasty {
        let encoded: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
        let r = w.owner.get(&format!("/api/v1/conversations?q={encoded}"));
        assert_eq!(r.status, 200, "search {q:?}: {}", r.body);
    }
    let long = "x".repeat(10_000);
    assert_eq!(
        w.owner
            .get(&format!("/api/v1/conversations?q={long}"))
            .status,
        200
    );
    let bad_utf8 = w.owner.get("/api/v1/conversations?q=%FF%FE");
    assert!(
        bad_utf8.status == 200 || bad_utf8.status == 400,
        "{}",
        bad_utf8.status
    );
    assert_eq!(
        w.owner.get("/api/v1/conversations?sort=sideways").status,
        422
    );
    assert_eq!(
        w.owner.get("/api/v1/conversations?status=maybe").status,
        422
    );
    assert_eq!(
        w.owner.get("/api/v1/conversations?cursor=garbage").status,
        422
    );
    assert_eq!(
        w.owner.get("/api/v1/conversations?priority=extreme").status,
        400
    );

    // Waiting longer than N seconds, and the other sorts.
    assert_eq!(
        ids(&w
            .owner
            .get("/api/v1/conversations?waiting_longer_than=3600")
            .json())
        .len(),
        0
    );
    assert_eq!(
        ids(&w
            .owner
            .get("/api/v1/conversations?waiting_longer_than=0&sort=waiting")
            .json())
        .len(),
        8
    );
    assert_eq!(
        ids(&w
            .owner
            .get("/api/v1/conversations?sort=newest&assigned=unassigned")
            .json())
        .len(),
        8
    );
}

#[test]
fn notes_mention_teammates_and_agents_assign_only_themselves() {
    let w = world();
    let (agent, agent_id) = w
        .server
        .user(&w.owner, "ann@example.com", "agent", &[w.team_a]);
    let (other_agent, other_id) = w
        .server
        .user(&w.owner, "ben@example.com", "agent", &[w.team_a]);
    let (outsider, _) = w
        .server
        .user(&w.owner, "zed@example.com", "agent", &[w.team_b]);
    let (analyst, _) = w.server.user(&w.owner, "ana@example.com", "analyst", &[]);
    let c = conv_id(&w.chan_a.post(&w.server, dm("n1", "cust", "Help please")));

    let note = agent.post(
        &format!("/api/v1/conversations/{c}/notes"),
        json!({"text": "@ben can you check the refund? cc @zed"}),
    );
    assert_eq!(note.status, 201, "{}", note.body);
    assert_eq!(note.json()["direction"], "note");
    let ben = other_agent.get("/api/v1/notifications").json();
    assert_eq!(ben.as_array().unwrap().len(), 1);
    assert_eq!(ben[0]["conversation_id"], c);
    assert_eq!(ben[0]["actor_name"], "ann");
    assert_eq!(
        outsider.get("/api/v1/notifications").json(),
        json!([]),
        "no notification about what they cannot see"
    );
    assert_eq!(
        other_agent
            .post("/api/v1/notifications/read", json!({}))
            .status,
        204
    );
    assert!(other_agent.get("/api/v1/notifications").json()[0]["read_at"].is_i64());
    // Notes are not delivered and do not count as a first response.
    assert!(w.owner.get(&format!("/api/v1/conversations/{c}")).json()["conversation"]["first_response_at"].is_null());

    assert_eq!(
        agent
            .patch(
                &format!("/api/v1/conversations/{c}"),
                json!({"assignee_id": other_id})
            )
            .status,
        403
    );
    assert_eq!(
        agent
            .patch(
                &format!("/api/v1/conversations/{c}"),
                json!({"team_id": w.team_b})
            )
            .status,
        403
    );
    let mine = agent.patch(
        &format!("/api/v1/conversations/{c}"),
        json!({"assignee_id": agent_id}),
    );
    assert_eq!(mine.json()["assignee_id"], agent_id);
    assert_eq!(
        other_agent
            .patch(
                &format!("/api/v1/conversations/{c}"),
                json!({"assignee_id": other_id})
            )
            .status,
        403,
        "taken by someone else"
    );
    assert_eq!(
        ids(&agent.get("/api/v1/conversations?assigned=mine").json()),
        vec![c]
    );
    assert_eq!(
        w.owner
            .patch(
                &format!("/api/v1/conversations/{c}"),
                json!({"assignee_id": other_id})
            )
            .json()["assignee_id"],
        other_id
    );
    assert_eq!(
        w.owner
            .patch(
                &format!("/api/v1/conversations/{c}"),
                json!({"assignee_id": null})
            )
            .json()["assignee_id"],
        Value::Null
    );

    // Analysts read but do not act.
    assert_eq!(
        analyst.get(&format!("/api/v1/conversations/{c}")).status,
        200
    );
    assert_eq!(
        analyst
            .post(
                &format!("/api/v1/conversations/{c}/reply"),
                json!({"text": "hi"})
            )
            .status,
        403
    );
    assert_eq!(
        analyst
            .patch(
                &format!("/api/v1/conversations/{c}"),
                json!({"status": "resolved"})
            )
            .status,
        403
    );

    // Snooze needs a future time; pending and resolved work; empty replies are refused.
    assert_eq!(
        agent
            .patch(
                &format!("/api/v1/conversations/{c}"),
                json!({"status": "snoozed"})
            )
            .status,
        422
    );
    let until = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600;
    let snoozed = agent.patch(
        &format!("/api/v1/conversations/{c}"),
        json!({"status": "snoozed", "snoozed_until": until}),
    );
    assert_eq!(snoozed.json()["status"], "snoozed");
    assert_eq!(snoozed.json()["snoozed_until"], until);
    assert_eq!(
        ids(&agent.get("/api/v1/conversations?status=snoozed").json()),
        vec![c]
    );
    assert_eq!(
        agent
            .post(
                &format!("/api/v1/conversations/{c}/reply"),
                json!({"text": "   "})
            )
            .status,
        422
    );

    let people = agent.get("/api/v1/people").json();
    assert!(
        people
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["role"] != "analyst")
    );
}
