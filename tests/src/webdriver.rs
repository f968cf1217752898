//! Just enough of the W3C WebDriver protocol to drive Debian's headless Chromium through
//! ChromeDriver: open pages, find elements, type, click, wait, take screenshots.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// WebDriver key codes.
pub const CONTROL: &str = "\u{E009}";
pub const ENTER: &str = "\u{E007}";

pub struct Browser {
    driver: Child,
    agent: ureq::Agent,
    url: String,
    profile: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.call("DELETE", "", None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium with a fresh profile and a phone-or-desktop
    /// window size.
    pub fn start(width: u32, height: u32) -> Browser {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            assert!(
                Path::new(tool).exists(),
                "{tool} is missing: run scripts/install-test-deps.sh"
            );
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while agent.get(format!("{base}/status")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = std::env::temp_dir().join(format!("earshot-chromium-{port}"));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage",
                    format!("--user-data-dir={}", profile.display()),
                    format!("--window-size={width},{height}"),
                ]
            }
        }}});
        let mut response = agent
            .post(format!("{base}/session"))
            .header("content-type", "application/json")
            .send(caps.to_string())
            .expect("new session");
        let v: Value =
            serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Browser {
            driver,
            agent,
            url: format!("{base}/session/{session}"),
            profile,
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let uri = format!("{}{}", self.url, path);
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", "application/json")
            .body(body.map(|b| b.to_string()).unwrap_or_default())
            .unwrap();
        let mut response = self.agent.run(request).map_err(|e| e.to_string())?;
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| e.to_string())?;
        let v: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        if response.status().as_u16() >= 400 {
            return Err(v["value"]["message"].as_str().unwrap_or(&text).to_string());
        }
        Ok(v["value"].clone())
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({"url": url})))
            .expect("navigate");
    }

    /// Logs in through the login page of the server at `base` and waits for the inbox.
    pub fn log_in(&self, base: &str, email: &str, password: &str) {
        self.goto(&format!("{base}/login"));
        self.type_into("#login-email", email);
        self.type_into("#login-password", password);
        self.click("#login-submit");
        self.wait_for("#inbox-page");
    }

    pub fn current_url(&self) -> String {
        self.call("GET", "/url", None)
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits up to 15 s for an element matching the CSS selector.
    pub fn wait_for(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            if let Ok(v) = self.call(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            ) && let Some(id) = v[ELEMENT_KEY].as_str()
            {
                return id.to_string();
            }
            if started.elapsed() > Duration::from_secs(15) {
                let shot = self.screenshot(&format!(
                    "timeout-{}",
                    css.replace(|c: char| !c.is_alphanumeric(), "_")
                ));
                panic!(
                    "{css} did not appear within 15 s (page {}; screenshot {})\n{}",
                    self.current_url(),
                    shot.display(),
                    self.page_text()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.wait_for(css);
        self.call("POST", &format!("/element/{id}/clear"), Some(json!({})))
            .expect("clear");
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({"text": text})),
        )
        .expect("type");
    }

    /// Chooses an option of a `<select>` by typing its visible text, as a keyboard user does
    /// (clicking an `<option>` opens the native list without choosing in headless Chromium).
    pub fn choose(&self, css: &str, option_text: &str) {
        let id = self.wait_for(css);
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({"text": option_text})),
        )
        .expect("choose");
    }

    pub fn click(&self, css: &str) {
        let id = self.wait_for(css);
        self.call("POST", &format!("/element/{id}/click"), Some(json!({})))
            .expect("click");
    }

    /// Presses keys on whatever has focus, like a person at the keyboard. `keys` may use
    /// WebDriver's special characters, e.g. `CONTROL` + `ENTER` held together as a chord.
    pub fn press(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for k in keys {
            actions.push(json!({"type": "keyDown", "value": k}));
        }
        for k in keys.iter().rev() {
            actions.push(json!({"type": "keyUp", "value": k}));
        }
        self.call(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )
        .expect("key actions");
        self.call("DELETE", "/actions", None).ok();
    }

    /// Types text into the focused element, one key at a time.
    pub fn type_text(&self, text: &str) {
        let mut actions = Vec::new();
        for c in text.chars() {
            actions.push(json!({"type": "keyDown", "value": c.to_string()}));
            actions.push(json!({"type": "keyUp", "value": c.to_string()}));
        }
        self.call(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )
        .expect("typing");
    }

    /// The id attribute of the focused element.
    pub fn focused_id(&self) -> String {
        self.call("POST", "/execute/sync", Some(json!({"script": "return document.activeElement ? document.activeElement.id : ''", "args": []})))
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    }

    /// How many elements match the selector right now.
    pub fn count(&self, css: &str) -> usize {
        self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .map(|v| v.as_array().map(Vec::len).unwrap_or(0))
        .unwrap_or(0)
    }

    pub fn text_of(&self, css: &str) -> String {
        let id = self.wait_for(css);
        self.call("GET", &format!("/element/{id}/text"), None)
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// An attribute of the first element matching `css` (e.g. a `title`, shown on hover).
    pub fn attribute(&self, css: &str, name: &str) -> String {
        let id = self.wait_for(css);
        self.call("GET", &format!("/element/{id}/attribute/{name}"), None)
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The current value of a form field (what the user sees in it).
    pub fn value_of(&self, css: &str) -> String {
        let id = self.wait_for(css);
        self.call("GET", &format!("/element/{id}/property/value"), None)
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn page_text(&self) -> String {
        self.call("POST", "/execute/sync", Some(json!({"script": "return document.body ? document.body.innerText : ''", "args": []})))
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    }

    /// Waits until the body text contains `needle`.
    pub fn wait_for_text(&self, needle: &str) {
        let started = Instant::now();
        while !self.page_text().contains(needle) {
            if started.elapsed() > Duration::from_secs(15) {
                panic!(
                    "text {needle:?} did not appear; page says:\n{}",
                    self.page_text()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Saves a PNG under `target/screenshots/<name>.png` and returns its path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        if let Ok(v) = self.call("GET", "/screenshot", None) {
            std::fs::write(&path, base64_decode(v.as_str().unwrap_or_default())).unwrap();
        }
        path
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some((c - b'A') as u32),
            b'a'..=b'z' => Some((c - b'a' + 26) as u32),
            b'0'..=b'9' => Some((c - b'0' + 52) as u32),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
