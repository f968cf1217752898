//! HTTP handlers of the inbox.

use actix_web::{HttpResponse, web};
use earshot_api::{
    BulkUpdateRequest, BulkUpdateResult, ConversationDetail, ConversationQuery,
    ConversationSummary, Message, NoteRequest, Notification, Page, Permission, PresenceRequest,
    ReplyRequest, Tag, UpdateConversationRequest,
};

use super::scope::Scope;
use super::{list, notifications, service, tags};
use crate::AppState;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::http::routes::{Access, ApiRoute};

pub fn routes() -> Vec<ApiRoute> {
    let view = Access::Permission(Permission::ViewConversations);
    let act = Access::Permission(Permission::ActOnConversations);
    vec![
        ApiRoute::get(
            "/api/v1/conversations",
            view,
            "List conversations with filters, search, sort and cursor",
            list_conversations,
        ),
        ApiRoute::get(
            "/api/v1/conversations/{id}",
            view,
            "A conversation with its messages and contact panel",
            detail,
        )
        .team_scoped(),
        ApiRoute::post(
            "/api/v1/conversations/{id}/reply",
            act,
            "Reply to the customer (queued for delivery)",
            reply,
        )
        .team_scoped(),
        ApiRoute::post(
            "/api/v1/conversations/{id}/notes",
            act,
            "Add a private note; @mentions notify teammates",
            note,
        )
        .team_scoped(),
        ApiRoute::patch(
            "/api/v1/conversations/{id}",
            act,
            "Change status, priority, snooze, assignee, team or tags",
            update,
        )
        .team_scoped(),
        ApiRoute::post(
            "/api/v1/conversations/bulk",
            act,
            "Apply one change to many conversations",
            bulk,
        ),
        ApiRoute::post(
            "/api/v1/conversations/{id}/presence",
            view,
            "Tell teammates I am viewing or replying",
            presence,
        )
        .team_scoped(),
        ApiRoute::get("/api/v1/tags", view, "All tags", list_tags),
        ApiRoute::get(
            "/api/v1/notifications",
            Access::Authenticated,
            "My notifications, newest first",
            list_notifications,
        ),
        ApiRoute::post(
            "/api/v1/notifications/read",
            Access::Authenticated,
            "Mark all my notifications read",
            read_notifications,
        ),
        ApiRoute::get(
            "/api/v1/events",
            view,
            "Live events (Server-Sent Events) for what I may see",
            crate::events::sse::events,
        ),
    ]
}

async fn list_conversations(
    state: web::Data<AppState>,
    caller: Caller,
    q: web::Query<ConversationQuery>,
) -> AppResult<web::Json<Page<ConversationSummary>>> {
    Ok(web::Json(
        list::list(&state.db, &Scope::of(&caller), &q).await?,
    ))
}

async fn detail(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> AppResult<web::Json<ConversationDetail>> {
    Ok(web::Json(service::detail(&state, &caller, *id).await?))
}

async fn reply(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<ReplyRequest>,
) -> AppResult<HttpResponse> {
    let message: Message = service::reply(&state, &caller, *id, &body.text).await?;
    Ok(HttpResponse::Created().json(message))
}

async fn note(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<NoteRequest>,
) -> AppResult<HttpResponse> {
    let message: Message = service::note(&state, &caller, *id, &body.text).await?;
    Ok(HttpResponse::Created().json(message))
}

async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<UpdateConversationRequest>,
) -> AppResult<web::Json<ConversationSummary>> {
    Ok(web::Json(
        service::update(&state, &caller, *id, &body).await?,
    ))
}

async fn bulk(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<BulkUpdateRequest>,
) -> AppResult<web::Json<BulkUpdateResult>> {
    let (updated, skipped) =
        service::bulk_update(&state, &caller, &body.conversation_ids, &body.update).await?;
    Ok(web::Json(BulkUpdateResult { updated, skipped }))
}

async fn presence(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<PresenceRequest>,
) -> AppResult<HttpResponse> {
    service::presence(&state, &caller, *id, &body.state).await?;
    Ok(HttpResponse::NoContent().finish())
}

async fn list_tags(state: web::Data<AppState>, _caller: Caller) -> AppResult<web::Json<Vec<Tag>>> {
    Ok(web::Json(tags::list(&state.db).await?))
}

async fn list_notifications(
    state: web::Data<AppState>,
    caller: Caller,
) -> AppResult<web::Json<Vec<Notification>>> {
    Ok(web::Json(
        notifications::list(&state.db, caller.user_id).await?,
    ))
}

async fn read_notifications(state: web::Data<AppState>, caller: Caller) -> AppResult<HttpResponse> {
    notifications::mark_all_read(&state.db, caller.user_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
