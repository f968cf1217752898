//! Reports against the binary: the overview's daily figures, the gratitude index and the
//! topics, each role seeing its own reach, and bad periods refused with a reason.

use earshot_tests::webdriver::Browser;
use earshot_tests::{ApiChannel, Server};
use serde_json::{Value, json};

/// 2026-11-01 00:00 UTC.
const NOV_1: i64 = 1_793_491_200;
const DAY: i64 = 86_400;

fn dm_at(external_id: &str, author: &str, text: &str, at: i64) -> Value {
    json!({"external_id": external_id, "kind": "private", "created_at": at,
           "author": {"id": author, "name": format!("Customer {author}")}, "text": text})
}

const PERIOD: &str = "/api/v1/reports/overview?from=2026-11-02&to=2026-11-03";

#[test]
fn the_overview_counts_thanks_sentiment_and_topics_within_each_roles_reach() {
    let server = Server::start();
    let owner = server.setup_owner();
    let (a, b) = (owner.create_team("A"), owner.create_team("B"));
    let (supervisor, _) = server.user(&owner, "sup@example.com", "supervisor", &[a]);
    let (agent, agent_id) = server.user(&owner, "agent@example.com", "agent", &[a]);
    let (analyst, _) = server.user(&owner, "analyst@example.com", "analyst", &[]);
    let channel_a = ApiChannel::create(&owner, "A", Some(a), None);
    let channel_b = ApiChannel::create(&owner, "B", Some(b), None);

    let day1 = NOV_1 + DAY + 10 * 3600;
    let day2 = NOV_1 + 2 * DAY + 9 * 3600;
    let posted = channel_a
        .post(
            &server,
            json!({"items": [
                // The period before (2026-10-31 and 11-01): one message, a thank-you.
                dm_at("before", "a0", "Thank you, all sorted now", NOV_1 + 3600),
                dm_at("a1", "a1", "Thank you so much, the agent fixed my router!", day1),
                dm_at("a2", "a2", "My refund still has not arrived, this is terrible", day1 + 60),
                // Sarcastic thanks is not gratitude.
                dm_at("a3", "a3", "Thanks for nothing, still waiting", day2),
                // Spam is not counted: a conversation filed as spam, and a spam reply in a
                // real customer's thread (kept there).
                dm_at("s1", "s1", "Crypto recovery experts: WhatsApp +1 555 0100 to recover your funds", day2),
                dm_at("s2", "a1", "Thanks! Crypto recovery experts: WhatsApp +1 555 0100 to recover your funds", day1 + 120),
                // Outside the period.
                dm_at("late", "a5", "Thanks again!", NOV_1 + 5 * DAY),
            ]}),
        )
        .json();
    channel_b.post(
        &server,
        json!({"items": [dm_at("b1", "b1", "Thanks a lot for the quick help", day1)]}),
    );
    let spam = posted["items"][4]["conversation_id"].as_i64().unwrap();
    assert_eq!(
        owner.get(&format!("/api/v1/conversations/{spam}")).json()["conversation"]["spam"],
        true
    );
    // The spam reply sits in the thanked conversation, which is not spam.
    let thanked = owner
        .get(&format!(
            "/api/v1/conversations/{}",
            posted["items"][1]["conversation_id"]
        ))
        .json();
    assert_eq!(thanked["conversation"]["spam"], false);
    assert_eq!(
        thanked["messages"].as_array().unwrap().len(),
        2,
        "{thanked}"
    );
    assert_eq!(thanked["messages"][1]["analysis"]["spam"]["is_spam"], true);
    // The refund conversation is the agent's: their own figures.
    let refund = posted["items"][2]["conversation_id"].as_i64().unwrap();
    let assigned = owner.patch(
        &format!("/api/v1/conversations/{refund}"),
        json!({"assignee_id": agent_id}),
    );
    assert_eq!(assigned.status, 200, "{}", assigned.body);

    let everything = owner.get(PERIOD);
    assert_eq!(everything.status, 200, "{}", everything.body);
    let report = everything.json();
    assert_eq!(report["from"], "2026-11-02");
    assert_eq!(report["to"], "2026-11-03");
    assert_eq!(report["customer_messages"], 4, "{report}");
    assert_eq!(report["thanks_messages"], 2, "{report}");
    assert_eq!(report["thanked_conversations"], 2);
    assert_eq!(report["gratitude_index"], 50.0);
    assert_eq!(report["previous_gratitude_index"], 100.0);
    let days = report["days"].as_array().unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!(
        (
            &days[0]["date"],
            &days[0]["customer_messages"],
            &days[0]["thanks_messages"]
        ),
        (&json!("2026-11-02"), &json!(3), &json!(2))
    );
    assert_eq!(days[0]["positive"], 2, "{}", days[0]);
    assert_eq!(days[0]["negative"], 1, "{}", days[0]);
    // "Thanks for nothing" reads negative, as sarcasm.
    assert_eq!(days[1]["negative"], 1, "{}", days[1]);
    let topics: Vec<(String, i64)> = report["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["topic"].as_str().unwrap().to_string(),
                t["messages"].as_i64().unwrap(),
            )
        })
        .collect();
    // The two warm thank-yous are praise too (the starting sentiment rule), tied first.
    assert_eq!(
        topics[..2],
        [("praise".to_string(), 2), ("thanks".to_string(), 2)],
        "{topics:?}"
    );
    assert!(topics.contains(&("refund".to_string(), 1)), "{topics:?}");
    assert_eq!(analyst.get(PERIOD).json(), report);

    // One team, asked for by name.
    let team_b = owner.get(&format!("{PERIOD}&team_id={b}")).json();
    assert_eq!(
        (&team_b["customer_messages"], &team_b["gratitude_index"]),
        (&json!(1), &json!(100.0))
    );
    // A supervisor: their team only, even when asking for another.
    let theirs = supervisor.get(PERIOD).json();
    assert_eq!(
        (&theirs["customer_messages"], &theirs["gratitude_index"]),
        (&json!(3), &json!(33.3))
    );
    assert_eq!(
        supervisor.get(&format!("{PERIOD}&team_id={b}")).json()["customer_messages"],
        0
    );
    // An agent: the conversations assigned to them.
    let own = agent.get(PERIOD).json();
    assert_eq!(
        (&own["customer_messages"], &own["gratitude_index"]),
        (&json!(1), &json!(0.0))
    );
    let own_topics = own["topics"].to_string();
    assert!(
        own_topics.contains("refund") && !own_topics.contains("thanks"),
        "{own_topics}"
    );

    // Without dates: the last 30 days, today included, one entry a day.
    let recent = owner.get("/api/v1/reports/overview").json();
    assert_eq!(recent["days"].as_array().unwrap().len(), 30);

    // Bad periods: a 422 that says what to fix.
    for (query, code, words) in [
        ("from=2026-11-31", "invalid_date", "YYYY-MM-DD"),
        ("from=yesterday", "invalid_date", "YYYY-MM-DD"),
        (
            "from=2026-11-03&to=2026-11-02",
            "invalid_period",
            "before the start",
        ),
        (
            "from=2024-01-01&to=2026-01-01",
            "period_too_long",
            "at most 366 days",
        ),
    ] {
        let answer = owner.get(&format!("/api/v1/reports/overview?{query}"));
        assert_eq!(answer.status, 422, "{query}: {}", answer.body);
        let error = &answer.json()["error"];
        assert_eq!(error["code"], code, "{query}");
        assert!(
            error["message"].as_str().unwrap().contains(words),
            "{query}: {error}"
        );
    }
    let unknown = owner.get("/api/v1/reports/overview?since=2026-11-01");
    assert_eq!(unknown.status, 400, "{}", unknown.body);

    // "Not spam" overrules the analysis: the restored conversation's message counts.
    let restored = owner.patch(
        &format!("/api/v1/conversations/{spam}"),
        json!({"spam": false}),
    );
    assert_eq!(restored.status, 200, "{}", restored.body);
    assert_eq!(owner.get(PERIOD).json()["customer_messages"], 5);
}

/// Waits until `css`'s text contains `needle` (the page reloads its figures after a change).
fn wait_for_text_in(browser: &Browser, css: &str, needle: &str) {
    let started = std::time::Instant::now();
    loop {
        let text = browser.text_of(css);
        if text.contains(needle) {
            return;
        }
        assert!(
            started.elapsed().as_secs() < 10,
            "{css}: {text:?} never had {needle:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn the_reports_page_shows_the_gratitude_index_by_period_and_team() {
    let server = Server::start();
    let owner = server.setup_owner();
    let support = owner.create_team("Support");
    let sales = owner.create_team("Sales");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    ApiChannel::create(&owner, "Support", Some(support), None).post(
        &server,
        json!({"items": [
            dm_at("s1", "s1", "Thank you so much, the agent fixed my router!", now - 3600),
            dm_at("s2", "s2", "My refund still has not arrived, this is terrible", now - 3600),
            dm_at("s3", "s3", "Where is my order?", now - 3600),
            // Twenty days ago: in the last 30 days, not in the last 7.
            dm_at("s4", "s4", "Many thanks, great help", now - 20 * DAY),
        ]}),
    );
    ApiChannel::create(&owner, "Sales", Some(sales), None).post(
        &server,
        json!({"items": [dm_at("b1", "b1", "Thanks a lot for the quick help", now - 3600)]}),
    );

    let browser = Browser::start(1280, 1500);
    browser.log_in(
        &server.base,
        earshot_tests::OWNER_EMAIL,
        earshot_tests::OWNER_PASSWORD,
    );
    browser.goto(&format!("{}/reports", server.base));
    browser.wait_for("#gratitude-index");
    // 3 thank-you messages of 5 in the last 30 days.
    wait_for_text_in(&browser, "#gratitude-index .stat-value", "60.0");
    assert_eq!(browser.text_of("#customer-messages .stat-value"), "5");
    assert_eq!(browser.count("#daily-chart .chart-day"), 30);
    assert!(browser.text_of("#report-topics").contains("refund"));
    browser.screenshot("reports-overview");

    // The last 7 days: 2 of 4.
    browser.choose("#report-days", "Last 7 days");
    wait_for_text_in(&browser, "#gratitude-index .stat-value", "50.0");
    assert_eq!(browser.count("#daily-chart .chart-day"), 7);
    // One team: Sales, 1 of 1.
    browser.choose("#report-team", "Sales");
    wait_for_text_in(&browser, "#gratitude-index .stat-value", "100.0");
    assert_eq!(browser.text_of("#customer-messages .stat-value"), "1");
    // The export link follows the choice (the export itself: tests/exports.rs).
    let href = browser.attribute("#export-csv", "href");
    assert!(
        href.ends_with(&format!(
            "/api/v1/exports/messages.csv?days=7&team_id={sales}"
        )),
        "{href}"
    );
}
