//! Settings → Channels calls.

use earshot_api::{Channel, ChannelWithSecret, CreateChannelRequest, UpdateChannelRequest};
use gloo_net::http::Method;
use serde_json::Value;

use super::{ApiResult, Auth, Empty, call, call_empty, get};

pub async fn channels() -> ApiResult<Vec<Channel>> {
    get("/channels", Auth::Session).await
}

/// Creates an API channel; the answer carries its secret, shown this once.
pub async fn create_channel(req: CreateChannelRequest) -> ApiResult<ChannelWithSecret> {
    call(Method::POST, "/channels", &req, Auth::Session).await
}

/// The JSON body of a channel update: only the fields that are set (the wire type skips
/// unset ones; `"team_id": null` clears the team).
pub fn channel_update_body(req: &UpdateChannelRequest) -> Value {
    serde_json::to_value(req).unwrap_or_default()
}

pub async fn update_channel(id: i64, req: UpdateChannelRequest) -> ApiResult<Channel> {
    let path = format!("/channels/{id}");
    call(Method::PATCH, &path, &req, Auth::Session).await
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
