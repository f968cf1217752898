//! HTTP handlers: channel management (Settings → Channels) and the API channel's inbound route.

use actix_web::{HttpRequest, HttpResponse, web};
use earshot_api::{Channel, CreateChannelRequest, Permission, UpdateChannelRequest};

use super::{inbound, service};
use crate::AppState;
use crate::auth::Caller;
use crate::auth::handlers::client;
use crate::error::AppResult;
use crate::http::routes::{Access, ApiRoute};

pub fn routes() -> Vec<ApiRoute> {
    let manage = Access::Permission(Permission::ManageChannels);
    vec![
        ApiRoute::get(
            "/api/v1/channels",
            manage,
            "List channels with their health",
            list,
        ),
        ApiRoute::post(
            "/api/v1/channels",
            manage,
            "Create an API channel (the secret is shown once)",
            create,
        ),
        ApiRoute::patch(
            "/api/v1/channels/{id}",
            manage,
            "Rename, move to a team, set the webhook URL, (de)activate",
            update,
        ),
        ApiRoute::post(
            "/api/v1/channels/{id}/rotate-secret",
            manage,
            "Replace the channel secret (shown once)",
            rotate_secret,
        ),
        ApiRoute::delete(
            "/api/v1/channels/{id}",
            manage,
            "Delete a channel that has no conversations",
            delete,
        ),
        ApiRoute::post(
            "/api/v1/channels/{id}/inbound",
            Access::Signed,
            "Post an item or {items:[...]} signed with X-Earshot-Signature: sha256=<hex HMAC-SHA256>",
            receive,
        ),
    ]
}

async fn list(state: web::Data<AppState>, _caller: Caller) -> AppResult<web::Json<Vec<Channel>>> {
    Ok(web::Json(service::list(&state.db).await?))
}

async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    body: web::Json<CreateChannelRequest>,
) -> AppResult<HttpResponse> {
    let ip = client(&state, &req).ip;
    Ok(HttpResponse::Created()
        .json(service::create(&state.db, &caller, &ip, body.into_inner()).await?))
}

async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<UpdateChannelRequest>,
) -> AppResult<web::Json<Channel>> {
    let ip = client(&state, &req).ip;
    Ok(web::Json(
        service::update(&state.db, &caller, &ip, *id, body.into_inner()).await?,
    ))
}

async fn rotate_secret(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let ip = client(&state, &req).ip;
    Ok(HttpResponse::Ok().json(service::rotate_secret(&state.db, &caller, &ip, *id).await?))
}

async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let ip = client(&state, &req).ip;
    service::delete(&state.db, &caller, &ip, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Verified by signature, not by session: the signature covers the exact raw body.
async fn receive(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i64>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let header = req
        .headers()
        .get(inbound::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok());
    let channel = service::find(&state.db, *id)
        .await?
        .filter(|c| c.kind == "api");
    // An unknown channel answers like a wrong signature: unsigned callers learn nothing.
    let secret = channel
        .as_ref()
        .map(|c| c.secret.clone())
        .unwrap_or_else(crate::auth::secret::new_token);
    inbound::verify(&secret, &body, header)?;
    let channel = inbound::check_channel(channel)?;
    let items = inbound::parse_items(&body)?;
    let results = crate::pipeline::ingest(&state, &channel, &items).await?;
    Ok(HttpResponse::Accepted().json(earshot_api::InboundAccepted { items: results }))
}
