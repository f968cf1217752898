//! Inbox calls: conversations, messages, presence, teammates, tags and notifications.

use earshot_api::{
    BulkUpdateRequest, BulkUpdateResult, ConversationDetail, ConversationQuery,
    ConversationSummary, Message, NoteRequest, Notification, Page, PresenceRequest, ReplyRequest,
    Tag, UpdateConversationRequest, UserSummary,
};
use gloo_net::http::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{ApiResult, Auth, BASE, Empty, call, call_empty, encode, get};

/// The name a value has on the wire, e.g. `Priority::Urgent` → `"urgent"`.
pub fn wire_name<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The value a wire name stands for, e.g. `"urgent"` → `Priority::Urgent`.
pub fn parse_wire<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(Value::String(name.to_string())).ok()
}

/// `/conversations?…` with only the filters that are set.
pub fn conversations_path(query: &ConversationQuery) -> String {
    let mut params: Vec<(&str, String)> = Vec::new();
    let mut add = |key: &'static str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            params.push((key, v));
        }
    };
    add("status", query.status.clone());
    add("assigned", query.assigned.clone());
    add("team_id", query.team_id.map(|v| v.to_string()));
    add("channel_id", query.channel_id.map(|v| v.to_string()));
    add("kind", query.kind.map(wire_name));
    add("tag", query.tag.clone());
    add("priority", query.priority.map(wire_name));
    add("sentiment", query.sentiment.clone());
    add("vip", query.vip.map(|v| v.to_string()));
    add(
        "waiting_longer_than",
        query.waiting_longer_than.map(|v| v.to_string()),
    );
    add("q", query.q.clone());
    add("spam", query.spam.map(|v| v.to_string()));
    add("sort", query.sort.clone());
    add("cursor", query.cursor.clone());
    add("limit", query.limit.map(|v| v.to_string()));
    let joined = params
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    if joined.is_empty() {
        "/conversations".into()
    } else {
        format!("/conversations?{joined}")
    }
}

pub async fn conversations(query: ConversationQuery) -> ApiResult<Page<ConversationSummary>> {
    get(&conversations_path(&query), Auth::Session).await
}

/// One conversation with its messages; opening it marks it read for the caller.
pub async fn conversation(id: i64) -> ApiResult<ConversationDetail> {
    get(&format!("/conversations/{id}"), Auth::Session).await
}

pub async fn reply(id: i64, text: String) -> ApiResult<Message> {
    let path = format!("/conversations/{id}/reply");
    call(Method::POST, &path, &ReplyRequest { text }, Auth::Session).await
}

pub async fn add_note(id: i64, text: String) -> ApiResult<Message> {
    let path = format!("/conversations/{id}/notes");
    call(Method::POST, &path, &NoteRequest { text }, Auth::Session).await
}

/// The JSON body of a conversation update: only the fields that are set (the wire type
/// skips unset ones; `"assignee_id": null` means "unassign").
pub fn update_body(req: &UpdateConversationRequest) -> Value {
    serde_json::to_value(req).unwrap_or_default()
}

pub async fn update_conversation(
    id: i64,
    req: UpdateConversationRequest,
) -> ApiResult<ConversationSummary> {
    let path = format!("/conversations/{id}");
    call(Method::PATCH, &path, &req, Auth::Session).await
}

pub async fn bulk_update(req: BulkUpdateRequest) -> ApiResult<BulkUpdateResult> {
    call(Method::POST, "/conversations/bulk", &req, Auth::Session).await
}

/// Tells teammates what the user is doing in a conversation: `viewing`, `replying`, `left`.
pub async fn presence(id: i64, state: &str) -> ApiResult<()> {
    let path = format!("/conversations/{id}/presence");
    let body = PresenceRequest {
        state: state.into(),
    };
    call_empty(Method::POST, &path, &body).await
}

/// `left`, sent so that it survives the page being closed (a `keepalive` fetch).
pub fn presence_left_on_unload(id: i64) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let body = PresenceRequest {
        state: "left".into(),
    };
    let Ok(json) = serde_json::to_string(&body) else {
        return;
    };
    let Ok(headers) = web_sys::Headers::new() else {
        return;
    };
    let _ = headers.set("Content-Type", "application/json");
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    // web-sys has no setter for `keepalive`.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
    init.set_headers(&headers);
    init.set_body(&json.into());
    let url = format!("{BASE}/conversations/{id}/presence");
    let _ = window.fetch_with_str_and_init(&url, &init);
}

/// Teammates, for the assignee picker and @mention hints.
pub async fn people() -> ApiResult<Vec<UserSummary>> {
    get("/people", Auth::Session).await
}

pub async fn tags() -> ApiResult<Vec<Tag>> {
    get("/tags", Auth::Session).await
}

pub async fn notifications() -> ApiResult<Vec<Notification>> {
    get("/notifications", Auth::Session).await
}

pub async fn mark_notifications_read() -> ApiResult<()> {
    call_empty(Method::POST, "/notifications/read", &Empty {}).await
}

#[cfg(test)]
mod tests {
    use earshot_api::{Priority, Status, UpdateConversationRequest};
    use serde_json::json;

    use super::{parse_wire, update_body, wire_name};

    #[test]
    fn updates_send_only_what_changes_and_null_only_to_unassign() {
        let resolve = UpdateConversationRequest {
            status: Some(Status::Resolved),
            ..Default::default()
        };
        assert_eq!(update_body(&resolve), json!({"status": "resolved"}));
        let unassign = UpdateConversationRequest {
            assignee_id: Some(None),
            ..Default::default()
        };
        assert_eq!(update_body(&unassign), json!({"assignee_id": null}));
        let tag = UpdateConversationRequest {
            assignee_id: Some(Some(7)),
            add_tags: Some(vec!["billing".into()]),
            ..Default::default()
        };
        assert_eq!(
            update_body(&tag),
            json!({"assignee_id": 7, "add_tags": ["billing"]})
        );
    }

    #[test]
    fn wire_names_round_trip() {
        assert_eq!(wire_name(Priority::Urgent), "urgent");
        assert_eq!(parse_wire::<Priority>("urgent"), Some(Priority::Urgent));
        assert_eq!(parse_wire::<Priority>(""), None);
    }
}
