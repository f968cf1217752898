//! HTTP handlers for users, invitations and teams.

use actix_web::{HttpRequest, HttpResponse, web};
use earshot_api::{
    AcceptInviteRequest, CreateUserRequest, CreatedUser, InviteInfo, Team, TeamRequest,
    UpdateUserRequest, User,
};

use super::{service, teams};
use crate::AppState;
use crate::auth::handlers::{client, logged_in_response};
use crate::auth::{Caller, session};
use crate::error::AppResult;
use crate::http::routes::{Access, ApiRoute};

pub fn routes() -> Vec<ApiRoute> {
    use Access::*;
    let manage = Permission(earshot_api::Permission::ManageUsers);
    let view_teams = Permission(earshot_api::Permission::ViewTeams);
    vec![
        ApiRoute::get(
            "/api/v1/invites/{token}",
            Public,
            "What an invitation is for",
            invite_info,
        ),
        ApiRoute::post(
            "/api/v1/invites/{token}/accept",
            Public,
            "Accept an invitation: choose name and password, and log in",
            accept_invite,
        ),
        ApiRoute::get("/api/v1/users", manage, "List users", list_users),
        ApiRoute::get(
            "/api/v1/people",
            Permission(earshot_api::Permission::ViewConversations),
            "Teammates who work conversations (for assignment and @mentions)",
            list_people,
        ),
        ApiRoute::post(
            "/api/v1/users",
            manage,
            "Create a user by invitation or with a temporary password",
            create_user,
        ),
        ApiRoute::patch(
            "/api/v1/users/{id}",
            manage,
            "Change a user's name, role or active state",
            update_user,
        ),
        ApiRoute::get(
            "/api/v1/teams",
            view_teams,
            "List the teams the caller may see",
            list_teams,
        ),
        ApiRoute::get(
            "/api/v1/teams/{id}",
            view_teams,
            "One team with its members",
            get_team,
        )
        .team_scoped(),
        ApiRoute::post("/api/v1/teams", manage, "Create a team", create_team),
        ApiRoute::patch(
            "/api/v1/teams/{id}",
            manage,
            "Rename or describe a team",
            update_team,
        ),
        ApiRoute::delete("/api/v1/teams/{id}", manage, "Delete a team", delete_team),
        ApiRoute::put(
            "/api/v1/teams/{id}/members/{user_id}",
            manage,
            "Add a member to a team",
            add_member,
        ),
        ApiRoute::delete(
            "/api/v1/teams/{id}/members/{user_id}",
            manage,
            "Remove a member from a team",
            remove_member,
        ),
    ]
}

async fn invite_info(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> AppResult<web::Json<InviteInfo>> {
    Ok(web::Json(service::invite_info(&state.db, &token).await?))
}

async fn accept_invite(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    body: web::Json<AcceptInviteRequest>,
) -> AppResult<HttpResponse> {
    let client = client(&state, &req);
    let user_id =
        service::accept_invite(&state.db, &token, &body.name, &body.password, &client.ip).await?;
    let token = session::create(&state, user_id, &client).await?;
    logged_in_response(&state, user_id, &token).await
}

async fn list_people(
    state: web::Data<AppState>,
    _caller: Caller,
) -> AppResult<web::Json<Vec<earshot_api::UserSummary>>> {
    Ok(web::Json(service::people(&state.db).await?))
}

async fn list_users(
    state: web::Data<AppState>,
    _caller: Caller,
) -> AppResult<web::Json<Vec<User>>> {
    Ok(web::Json(service::list(&state.db).await?))
}

async fn create_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    body: web::Json<CreateUserRequest>,
) -> AppResult<HttpResponse> {
    let ip = client(&state, &req).ip;
    let created: CreatedUser = service::create(&state.db, &caller, &ip, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

async fn update_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<UpdateUserRequest>,
) -> AppResult<web::Json<User>> {
    let ip = client(&state, &req).ip;
    Ok(web::Json(
        service::update(&state.db, &caller, &ip, *id, body.into_inner()).await?,
    ))
}

async fn list_teams(state: web::Data<AppState>, caller: Caller) -> AppResult<web::Json<Vec<Team>>> {
    Ok(web::Json(teams::list(&state.db, &caller).await?))
}

async fn get_team(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> AppResult<web::Json<Team>> {
    Ok(web::Json(teams::get(&state.db, &caller, *id).await?))
}

async fn create_team(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    body: web::Json<TeamRequest>,
) -> AppResult<HttpResponse> {
    let ip = client(&state, &req).ip;
    Ok(HttpResponse::Created()
        .json(teams::create(&state.db, &caller, &ip, body.into_inner()).await?))
}

async fn update_team(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<TeamRequest>,
) -> AppResult<web::Json<Team>> {
    let ip = client(&state, &req).ip;
    Ok(web::Json(
        teams::update(&state.db, &caller, &ip, *id, body.into_inner()).await?,
    ))
}

async fn delete_team(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let ip = client(&state, &req).ip;
    teams::delete(&state.db, &caller, &ip, *id).await?;
    // Topic rules that routed to the team now route nowhere (the column is set to NULL).
    // The team is gone either way: if recompiling fails, routing falls back to the channel's
    // team (see `pipeline::routed_team`), so the answer stays a success.
    if let Err(e) = crate::analysis::settings::reload(&state).await {
        tracing::warn!(error = %e, "topic rules not reloaded after a team was deleted");
    }
    Ok(HttpResponse::NoContent().finish())
}

async fn add_member(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    path: web::Path<(i64, i64)>,
) -> AppResult<web::Json<Team>> {
    let ip = client(&state, &req).ip;
    let (team_id, user_id) = path.into_inner();
    Ok(web::Json(
        teams::add_member(&state.db, &caller, &ip, team_id, user_id).await?,
    ))
}

async fn remove_member(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    path: web::Path<(i64, i64)>,
) -> AppResult<web::Json<Team>> {
    let ip = client(&state, &req).ip;
    let (team_id, user_id) = path.into_inner();
    Ok(web::Json(
        teams::remove_member(&state.db, &caller, &ip, team_id, user_id).await?,
    ))
}
