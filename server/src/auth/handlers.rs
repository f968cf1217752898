//! HTTP handlers for setup, login, logout, the current user, password and sessions.

use actix_web::{HttpRequest, HttpResponse, web};
use earshot_api::{
    ChangePasswordRequest, LoginRequest, Me, RevokedSessions, SessionInfo, SetupRequest,
    SetupStatus, UpdateProfileRequest,
};
use serde_json::json;

use super::{Caller, ClientInfo, service, session};
use crate::AppState;
use crate::audit::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::http::routes::{Access, ApiRoute};
use crate::users::service as users;

pub fn routes() -> Vec<ApiRoute> {
    use Access::*;
    vec![
        ApiRoute::get(
            "/api/v1/setup",
            Public,
            "Whether the instance still needs its owner",
            setup_status,
        ),
        ApiRoute::post(
            "/api/v1/setup",
            Public,
            "Create the owner with the one-time setup token",
            setup,
        ),
        ApiRoute::post(
            "/api/v1/auth/login",
            Public,
            "Log in with email and password",
            login,
        ),
        ApiRoute::post(
            "/api/v1/auth/logout",
            Authenticated,
            "End this session",
            logout,
        ),
        ApiRoute::get(
            "/api/v1/auth/me",
            Authenticated,
            "The logged-in user and their permissions",
            me,
        ),
        ApiRoute::patch(
            "/api/v1/auth/me",
            Authenticated,
            "Change my display name",
            update_profile,
        ),
        ApiRoute::post(
            "/api/v1/auth/password",
            Authenticated,
            "Change my password (ends my other sessions)",
            change_password,
        ),
        ApiRoute::get(
            "/api/v1/auth/sessions",
            Authenticated,
            "My sessions",
            list_sessions,
        ),
        ApiRoute::delete(
            "/api/v1/auth/sessions/{id}",
            Authenticated,
            "End one of my sessions",
            revoke_session,
        ),
        ApiRoute::post(
            "/api/v1/auth/sessions/revoke-others",
            Authenticated,
            "Log out my other sessions",
            revoke_other_sessions,
        ),
    ]
}

pub fn client(state: &AppState, req: &HttpRequest) -> ClientInfo {
    ClientInfo::from_request(req, state.config.trust_proxy)
}

/// The answer to a successful login, setup or invitation: `Me` plus the session cookie.
pub async fn logged_in_response(
    state: &AppState,
    user_id: i64,
    token: &str,
) -> AppResult<HttpResponse> {
    let account = users::load_active_account(&state.db, user_id)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    let me = Me {
        id: account.user.id,
        email: account.user.email,
        name: account.user.name,
        role: account.role,
        permissions: account.role.permissions(),
        team_ids: account.team_ids,
        must_change_password: account.user.must_change_password,
    };
    Ok(HttpResponse::Ok()
        .cookie(session::cookie(state, token))
        .json(me))
}

async fn setup_status(state: web::Data<AppState>) -> AppResult<web::Json<SetupStatus>> {
    Ok(web::Json(SetupStatus {
        needs_setup: service::needs_setup(&state.db).await?,
    }))
}

async fn setup(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<SetupRequest>,
) -> AppResult<HttpResponse> {
    let client = client(&state, &req);
    let user_id = service::complete_setup(&state, &body, &client).await?;
    let token = session::create(&state, user_id, &client).await?;
    logged_in_response(&state, user_id, &token).await
}

async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> AppResult<HttpResponse> {
    let client = client(&state, &req);
    let (user_id, token) = service::login(&state, &body, &client).await?;
    logged_in_response(&state, user_id, &token).await
}

async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
) -> AppResult<HttpResponse> {
    session::revoke_by_hash(&state.db, &caller.session_hash).await?;
    let ip = client(&state, &req).ip;
    audit::record(
        &state.db,
        Actor::User(&caller),
        "logout",
        &caller.email,
        &ip,
        json!({}),
    )
    .await?;
    Ok(HttpResponse::NoContent()
        .cookie(session::removal_cookie(&state))
        .finish())
}

async fn me(caller: Caller) -> web::Json<Me> {
    web::Json(caller.me())
}

async fn update_profile(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<UpdateProfileRequest>,
) -> AppResult<web::Json<Me>> {
    users::set_name(&state.db, caller.user_id, &body.name).await?;
    let mut me = caller.me();
    me.name = users::check_name(&body.name)?;
    Ok(web::Json(me))
}

async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    body: web::Json<ChangePasswordRequest>,
) -> AppResult<HttpResponse> {
    let ip = client(&state, &req).ip;
    service::change_password(&state, &caller, &body, &ip).await?;
    Ok(HttpResponse::NoContent().finish())
}

async fn list_sessions(
    state: web::Data<AppState>,
    caller: Caller,
) -> AppResult<web::Json<Vec<SessionInfo>>> {
    Ok(web::Json(session::list_for_user(&state.db, &caller).await?))
}

async fn revoke_session(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    if !session::revoke_own(&state.db, &caller, &id).await? {
        return Err(AppError::NotFound("session"));
    }
    Ok(HttpResponse::NoContent().finish())
}

async fn revoke_other_sessions(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
) -> AppResult<web::Json<RevokedSessions>> {
    let revoked =
        session::revoke_all_for_user(&state.db, caller.user_id, Some(&caller.session_hash)).await?;
    let ip = client(&state, &req).ip;
    audit::record(
        &state.db,
        Actor::User(&caller),
        "sessions.revoke_others",
        &caller.email,
        &ip,
        json!({"revoked": revoked}),
    )
    .await?;
    Ok(web::Json(RevokedSessions { revoked }))
}
