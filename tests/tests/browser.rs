//! In real headless Chromium: first-run setup, logout, login, landing on the inbox shell,
//! the settings pages an owner sees, and the phone-sized layout. Screenshots go to
//! `target/screenshots/`.

use earshot_tests::webdriver::Browser;
use earshot_tests::{OWNER_EMAIL, OWNER_PASSWORD, Server};

#[test]
fn first_run_setup_then_login_lands_on_the_inbox() {
    let server = Server::start();
    let browser = Browser::start(1280, 800);

    browser.goto(&format!(
        "{}/setup?token={}",
        server.base,
        server.setup_token()
    ));
    browser.type_into("#setup-email", OWNER_EMAIL);
    browser.type_into("#setup-name", "Olive Owner");
    browser.type_into("#setup-password", OWNER_PASSWORD);
    browser.type_into("#setup-password2", OWNER_PASSWORD);
    browser.click("#setup-submit");
    browser.wait_for("#inbox-page");
    assert!(
        browser.current_url().ends_with("/inbox"),
        "{}",
        browser.current_url()
    );
    browser.screenshot("first-run-inbox");

    // An owner's navigation has all four areas.
    let text = browser.page_text();
    for area in ["Inbox", "Listening", "Reports", "Settings"] {
        assert!(text.contains(area), "navigation lacks {area}:\n{text}");
    }

    browser.click("#user-menu");
    browser.click("#logout");
    browser.wait_for("#login-email");

    // A wrong password shows the server's message.
    browser.type_into("#login-email", OWNER_EMAIL);
    browser.type_into("#login-password", "not the password");
    browser.click("#login-submit");
    browser.wait_for_text("The email or password is not correct.");

    browser.type_into("#login-password", OWNER_PASSWORD);
    browser.click("#login-submit");
    browser.wait_for("#inbox-page");
    browser.screenshot("login-inbox");

    // Deep link into settings after login.
    browser.goto(&format!("{}/settings/users", server.base));
    browser.wait_for_text(OWNER_EMAIL);
    browser.screenshot("settings-users");
    browser.goto(&format!("{}/settings/audit", server.base));
    browser.wait_for_text("setup.owner_created");
}

#[test]
fn an_agent_sees_only_what_the_role_allows_on_a_phone_sized_screen() {
    let server = Server::start();
    let owner = server.setup_owner();
    let created = owner.post(
        "/api/v1/users",
        serde_json::json!({"email": "agent@example.com", "name": "Agnes Agent", "role": "agent", "mode": "invite"}),
    );
    let invite_path = created.json()["invite_path"].as_str().unwrap().to_string();

    let browser = Browser::start(390, 844);
    browser.goto(&format!("{}{}", server.base, invite_path));
    browser.wait_for_text("agent@example.com");
    browser.type_into("#invite-password", "agnes password 123");
    browser.type_into("#invite-password2", "agnes password 123");
    browser.click("#invite-submit");
    browser.wait_for("#inbox-page");
    browser.screenshot("agent-phone-inbox");
    let text = browser.page_text();
    assert!(
        !text.contains("Settings"),
        "agents do not manage settings:\n{text}"
    );

    // A page the role may not use shows a clear message instead of data.
    browser.goto(&format!("{}/settings/audit", server.base));
    browser.wait_for_text("not allowed");
}
