//! HTTP handlers for Settings → Topics: the topic rules, and applying them to past messages.

use actix_web::{HttpRequest, HttpResponse, web};
use earshot_api::{Permission, ReanalysisRequest, ReanalysisStatus, TopicRule, TopicRuleRequest};

use super::settings;
use crate::AppState;
use crate::auth::Caller;
use crate::auth::handlers::client;
use crate::error::AppResult;
use crate::http::routes::{Access, ApiRoute};
use crate::pipeline::reanalysis_job;

pub fn routes() -> Vec<ApiRoute> {
    // Rules sit with channels and listeners in the permission table ("rules").
    let manage = Access::Permission(Permission::ManageChannels);
    vec![
        ApiRoute::get("/api/v1/topic-rules", manage, "List the topic rules", list),
        ApiRoute::post(
            "/api/v1/topic-rules",
            manage,
            "Add a topic rule (keywords or a regex); applies to the next message",
            create,
        ),
        ApiRoute::put(
            "/api/v1/topic-rules/{id}",
            manage,
            "Replace a topic rule",
            update,
        ),
        ApiRoute::delete(
            "/api/v1/topic-rules/{id}",
            manage,
            "Delete a topic rule",
            delete,
        ),
        ApiRoute::get(
            "/api/v1/reanalysis",
            manage,
            "The latest re-analysis of stored messages: running, or what it changed",
            reanalysis_status,
        ),
        ApiRoute::post(
            "/api/v1/reanalysis",
            manage,
            "Analyse the stored customer messages again with the rules saved now (in the background; 409 while one runs)",
            start_reanalysis,
        ),
    ]
}

async fn reanalysis_status(
    state: web::Data<AppState>,
    _caller: Caller,
) -> AppResult<web::Json<ReanalysisStatus>> {
    Ok(web::Json(reanalysis_job::status(&state.db).await?))
}

async fn start_reanalysis(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    body: web::Json<ReanalysisRequest>,
) -> AppResult<HttpResponse> {
    let ip = client(&state, &req).ip;
    let status = reanalysis_job::start(&state, &caller, &ip, body.into_inner()).await?;
    Ok(HttpResponse::Accepted().json(status))
}

async fn list(state: web::Data<AppState>, _caller: Caller) -> AppResult<web::Json<Vec<TopicRule>>> {
    Ok(web::Json(settings::list(&state.db).await?))
}

async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    body: web::Json<TopicRuleRequest>,
) -> AppResult<HttpResponse> {
    let ip = client(&state, &req).ip;
    Ok(HttpResponse::Created()
        .json(settings::create(&state, &caller, &ip, body.into_inner()).await?))
}

async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<TopicRuleRequest>,
) -> AppResult<web::Json<TopicRule>> {
    let ip = client(&state, &req).ip;
    Ok(web::Json(
        settings::update(&state, &caller, &ip, *id, body.into_inner()).await?,
    ))
}

async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let ip = client(&state, &req).ip;
    settings::delete(&state, &caller, &ip, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
