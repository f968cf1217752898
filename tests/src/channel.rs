//! API channels from the outside: signing, posting items.

use serde_json::{Value, json};

use crate::{Client, Resp, Server};

/// HMAC-SHA256 signature header value for an API channel body.
pub fn sign(secret: &str, body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// An API channel created by `admin`: its id and secret.
pub struct ApiChannel {
    pub id: i64,
    pub secret: String,
}

impl ApiChannel {
    pub fn create(
        admin: &Client,
        name: &str,
        team_id: Option<i64>,
        webhook_url: Option<&str>,
    ) -> ApiChannel {
        let r = admin.post(
            "/api/v1/channels",
            json!({"name": name, "team_id": team_id, "webhook_url": webhook_url}),
        );
        assert_eq!(r.status, 201, "create channel: {}", r.body);
        let v = r.json();
        ApiChannel {
            id: v["channel"]["id"].as_i64().unwrap(),
            secret: v["secret"].as_str().unwrap().to_string(),
        }
    }

    /// Posts a raw body with a valid signature (no session needed).
    pub fn post_raw(&self, server: &Server, body: &[u8]) -> Resp {
        let signature = sign(&self.secret, body);
        Client::new(&server.base).send(
            "POST",
            &format!("/api/v1/channels/{}/inbound", self.id),
            Some(body),
            &[
                ("content-type", "application/json"),
                ("x-earshot-signature", &signature),
            ],
        )
    }

    pub fn post(&self, server: &Server, body: Value) -> Resp {
        self.post_raw(server, body.to_string().as_bytes())
    }
}

/// A private message item from `author` with `external_id`.
pub fn dm(external_id: &str, author: &str, text: &str) -> Value {
    json!({"external_id": external_id, "kind": "private", "author": {"id": author, "name": format!("Customer {author}")}, "text": text})
}

/// The ids of a page of conversations (`GET /api/v1/conversations`), in order.
pub fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}
