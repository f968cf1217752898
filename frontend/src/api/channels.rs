//! Settings → Channels calls.

use earshot_api::{Channel, ChannelWithSecret, CreateChannelRequest, UpdateChannelRequest};
use gloo_net::http::Method;
use serde_json::{Map, Value};

use super::{ApiResult, Auth, Empty, call, call_empty, get};

pub async fn channels() -> ApiResult<Vec<Channel>> {
    get("/channels", Auth::Session).await
}

/// Creates an API channel; the answer carries its secret, shown this once.
pub async fn create_channel(req: CreateChannelRequest) -> ApiResult<ChannelWithSecret> {
    call(Method::POST, "/channels", &req, Auth::Session).await
}

/// The JSON body of a channel update with only the fields that are meant: the wire type
/// serialises unset fields as `null`, which the server reads as "clear the team / URL".
pub fn channel_update_body(req: &UpdateChannelRequest) -> Value {
    let mut body = Map::new();
    if let Some(name) = &req.name {
        body.insert("name".into(), name.clone().into());
    }
    if let Some(team) = req.team_id {
        body.insert("team_id".into(), team.map_or(Value::Null, Value::from));
    }
    if let Some(url) = &req.webhook_url {
        body.insert(
            "webhook_url".into(),
            url.clone().map_or(Value::Null, Value::from),
        );
    }
    if let Some(active) = req.active {
        body.insert("active".into(), active.into());
    }
    Value::Object(body)
}

pub async fn update_channel(id: i64, req: UpdateChannelRequest) -> ApiResult<Channel> {
    let path = format!("/channels/{id}");
    call(
        Method::PATCH,
        &path,
        &channel_update_body(&req),
        Auth::Session,
    )
    .await
}

pub async fn rotate_channel_secret(id: i64) -> ApiResult<ChannelWithSecret> {
    let path = format!("/channels/{id}/rotate-secret");
    call(Method::POST, &path, &Empty {}, Auth::Session).await
}

/// Deletes a channel; a 409 means it has conversations (deactivate it instead).
pub async fn delete_channel(id: i64) -> ApiResult<()> {
    call_empty(Method::DELETE, &format!("/channels/{id}"), &Empty {}).await
}

#[cfg(test)]
mod tests {
    use earshot_api::UpdateChannelRequest;
    use serde_json::json;

    use super::channel_update_body;

    #[test]
    fn channel_updates_leave_team_and_webhook_alone_unless_asked() {
        let deactivate = UpdateChannelRequest {
            active: Some(false),
            ..Default::default()
        };
        assert_eq!(channel_update_body(&deactivate), json!({"active": false}));
        let clear_team = UpdateChannelRequest {
            team_id: Some(None),
            ..Default::default()
        };
        assert_eq!(channel_update_body(&clear_team), json!({"team_id": null}));
    }
}
