//! HTTP handlers for Settings → Topics.

use actix_web::{HttpRequest, HttpResponse, web};
use earshot_api::{Permission, TopicRule, TopicRuleRequest};

use super::settings;
use crate::AppState;
use crate::auth::Caller;
use crate::auth::handlers::client;
use crate::error::AppResult;
use crate::http::routes::{Access, ApiRoute};

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
    ]
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
