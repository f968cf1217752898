//! The app's only HTTP client: JSON over same-origin `fetch`, authenticated by the session
//! cookie the browser sends on its own. Every request and response body is an `earshot_api`
//! type, so the app and the server cannot drift apart silently.
//!
//! Mutations always send `Content-Type: application/json` with a JSON body (`{}` when there
//! is nothing to say): the server requires it, and it is part of its CSRF defence.

mod channels;
mod inbox;
mod reports;
mod topics;

pub use channels::*;
pub use inbox::*;
pub use reports::*;
pub use topics::*;

use std::cell::RefCell;
use std::rc::Rc;

use earshot_api::{
    AcceptInviteRequest, AuditEntry, ChangePasswordRequest, CreateUserRequest, CreatedUser,
    ErrorBody, InviteInfo, LoginRequest, Me, Page, RevokedSessions, SessionInfo, SetupRequest,
    SetupStatus, Team, TeamRequest, UpdateProfileRequest, UpdateUserRequest, User,
};
use gloo_net::http::{Method, Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

const BASE: &str = "/api/v1";

/// A failed call, ready to show to a person: `message` is always a readable sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status, or 0 when the server could not be reached at all.
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl ApiError {
    fn local(code: &str, message: &str) -> Self {
        ApiError {
            status: 0,
            code: code.into(),
            message: message.into(),
        }
    }

    fn unreadable(status: u16) -> Self {
        let message = match status {
            502..=504 => {
                "The server is not answering right now. Try again in a moment.".to_string()
            }
            _ => format!("The server answered with an unexpected error (HTTP {status})."),
        };
        ApiError {
            status,
            code: format!("http_{status}"),
            message,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

thread_local! {
    static ON_SESSION_ENDED: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Registers what to do when a call that needs a session gets a 401 (the session expired,
/// was revoked elsewhere, or the account was deactivated): the app forgets the user and shows
/// the login page.
pub fn on_session_ended(handler: impl Fn() + 'static) {
    ON_SESSION_ENDED.with(|h| *h.borrow_mut() = Some(Rc::new(handler)));
}

fn session_ended() {
    // Clone the handler out first so it may itself register a new one without a borrow clash.
    if let Some(handler) = ON_SESSION_ENDED.with(|h| h.borrow().clone()) {
        handler();
    }
}

/// Whether a 401 from this call means "your session is gone". Public endpoints (login, setup,
/// invitations) use 401 for wrong credentials or tokens, which must not log anyone out.
#[derive(Clone, Copy, PartialEq)]
enum Auth {
    Session,
    Public,
}

#[derive(Serialize)]
struct Empty {}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

/// Percent-encodes one path segment or query value.
pub fn encode(part: &str) -> String {
    String::from(js_sys::encode_uri_component(part))
}

async fn send(request: Result<Request, gloo_net::Error>, auth: Auth) -> ApiResult<Response> {
    let request = request
        .map_err(|_| ApiError::local("client_error", "The app could not prepare this request."))?;
    let response = request.send().await.map_err(|_| {
        ApiError::local(
            "network",
            "Could not reach the server. Check your connection and try again.",
        )
    })?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    let error = match serde_json::from_str::<ErrorBody>(&body) {
        Ok(parsed) => ApiError {
            status,
            code: parsed.error.code,
            message: parsed.error.message,
        },
        Err(_) => ApiError::unreadable(status),
    };
    if status == 401 && auth == Auth::Session {
        session_ended();
    }
    Err(error)
}

async fn read_json<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    let status = response.status();
    response.json::<T>().await.map_err(|_| ApiError {
        status,
        code: "unreadable_response".into(),
        message: "The server sent an answer this version of the app cannot read. Reload the page."
            .into(),
    })
}

async fn get<T: DeserializeOwned>(path: &str, auth: Auth) -> ApiResult<T> {
    let request = Request::get(&url(path))
        .header("Accept", "application/json")
        .build();
    read_json(send(request, auth).await?).await
}

fn with_body<B: Serialize>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<Request, gloo_net::Error> {
    RequestBuilder::new(&url(path))
        .method(method)
        .header("Accept", "application/json")
        .json(body)
}

/// A mutation whose answer has a JSON body.
async fn call<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
    auth: Auth,
) -> ApiResult<T> {
    read_json(send(with_body(method, path, body), auth).await?).await
}

/// A mutation answered with `204 No Content`.
async fn call_empty<B: Serialize>(method: Method, path: &str, body: &B) -> ApiResult<()> {
    send(with_body(method, path, body), Auth::Session)
        .await
        .map(|_| ())
}

// ---- first-run setup, login, invitations (public) ----

pub async fn setup_status() -> ApiResult<SetupStatus> {
    get("/setup", Auth::Public).await
}

pub async fn complete_setup(req: SetupRequest) -> ApiResult<Me> {
    call(Method::POST, "/setup", &req, Auth::Public).await
}

pub async fn login(req: LoginRequest) -> ApiResult<Me> {
    call(Method::POST, "/auth/login", &req, Auth::Public).await
}

pub async fn invite_info(token: String) -> ApiResult<InviteInfo> {
    get(&format!("/invites/{}", encode(&token)), Auth::Public).await
}

pub async fn accept_invite(token: String, req: AcceptInviteRequest) -> ApiResult<Me> {
    let path = format!("/invites/{}/accept", encode(&token));
    call(Method::POST, &path, &req, Auth::Public).await
}

// ---- the logged-in user ----

/// The current user; a 401 here is the ordinary "not logged in" answer.
pub async fn me() -> ApiResult<Me> {
    get("/auth/me", Auth::Public).await
}

/// Asks whether the session is still good, for code that cannot see HTTP statuses itself
/// (the live event stream): a 401 here logs the app out like any other call would.
pub async fn check_session() {
    let _ = get::<Me>("/auth/me", Auth::Session).await;
}

pub async fn logout() -> ApiResult<()> {
    call_empty(Method::POST, "/auth/logout", &Empty {}).await
}

pub async fn update_profile(req: UpdateProfileRequest) -> ApiResult<Me> {
    call(Method::PATCH, "/auth/me", &req, Auth::Session).await
}

pub async fn change_password(req: ChangePasswordRequest) -> ApiResult<()> {
    call_empty(Method::POST, "/auth/password", &req).await
}

pub async fn sessions() -> ApiResult<Vec<SessionInfo>> {
    get("/auth/sessions", Auth::Session).await
}

pub async fn revoke_session(id: String) -> ApiResult<()> {
    call_empty(
        Method::DELETE,
        &format!("/auth/sessions/{}", encode(&id)),
        &Empty {},
    )
    .await
}

pub async fn revoke_other_sessions() -> ApiResult<RevokedSessions> {
    call(
        Method::POST,
        "/auth/sessions/revoke-others",
        &Empty {},
        Auth::Session,
    )
    .await
}

// ---- users ----

pub async fn users() -> ApiResult<Vec<User>> {
    get("/users", Auth::Session).await
}

pub async fn create_user(req: CreateUserRequest) -> ApiResult<CreatedUser> {
    call(Method::POST, "/users", &req, Auth::Session).await
}

pub async fn update_user(id: i64, req: UpdateUserRequest) -> ApiResult<User> {
    call(Method::PATCH, &format!("/users/{id}"), &req, Auth::Session).await
}

// ---- teams ----

pub async fn teams() -> ApiResult<Vec<Team>> {
    get("/teams", Auth::Session).await
}

pub async fn create_team(req: TeamRequest) -> ApiResult<Team> {
    call(Method::POST, "/teams", &req, Auth::Session).await
}

pub async fn update_team(id: i64, req: TeamRequest) -> ApiResult<Team> {
    call(Method::PATCH, &format!("/teams/{id}"), &req, Auth::Session).await
}

pub async fn delete_team(id: i64) -> ApiResult<()> {
    call_empty(Method::DELETE, &format!("/teams/{id}"), &Empty {}).await
}

pub async fn add_team_member(team_id: i64, user_id: i64) -> ApiResult<Team> {
    let path = format!("/teams/{team_id}/members/{user_id}");
    call(Method::PUT, &path, &Empty {}, Auth::Session).await
}

pub async fn remove_team_member(team_id: i64, user_id: i64) -> ApiResult<Team> {
    let path = format!("/teams/{team_id}/members/{user_id}");
    call(Method::DELETE, &path, &Empty {}, Auth::Session).await
}

// ---- audit log ----

/// One page of the audit log, newest first; `before` is the previous page's `next_cursor`.
pub async fn audit(before: Option<String>) -> ApiResult<Page<AuditEntry>> {
    let mut path = String::from("/audit?limit=50");
    if let Some(cursor) = before {
        path.push_str("&before=");
        path.push_str(&encode(&cursor));
    }
    get(&path, Auth::Session).await
}
