//! Settings → Topics: the topic rules.

use earshot_api::{ReanalysisRequest, ReanalysisStatus, TopicRule, TopicRuleRequest};
use gloo_net::http::Method;

use super::{ApiResult, Auth, Empty, call, call_empty, get};

pub async fn topic_rules() -> ApiResult<Vec<TopicRule>> {
    get("/topic-rules", Auth::Session).await
}

pub async fn create_topic_rule(req: TopicRuleRequest) -> ApiResult<TopicRule> {
    call(Method::POST, "/topic-rules", &req, Auth::Session).await
}

pub async fn update_topic_rule(id: i64, req: TopicRuleRequest) -> ApiResult<TopicRule> {
    call(
        Method::PUT,
        &format!("/topic-rules/{id}"),
        &req,
        Auth::Session,
    )
    .await
}

pub async fn delete_topic_rule(id: i64) -> ApiResult<()> {
    call_empty(Method::DELETE, &format!("/topic-rules/{id}"), &Empty {}).await
}

/// The latest re-analysis of stored messages since the server started.
pub async fn reanalysis() -> ApiResult<ReanalysisStatus> {
    get("/reanalysis", Auth::Session).await
}

/// Starts analysing the stored customer messages again with the rules saved now.
pub async fn start_reanalysis(req: ReanalysisRequest) -> ApiResult<ReanalysisStatus> {
    call(Method::POST, "/reanalysis", &req, Auth::Session).await
}
