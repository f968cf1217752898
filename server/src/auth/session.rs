//! Server-side sessions. The cookie holds a random 256-bit token; the database holds its hash.
//! A session ends after the idle timeout, at its absolute expiry, on logout, on "log out my
//! other sessions", on a password change (the others), or when the user is deactivated.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use earshot_api::SessionInfo;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::entity::session;
use super::{Caller, ClientInfo, secret};
use crate::AppState;
use crate::db::{Db, now};
use crate::error::AppResult;

pub const COOKIE_NAME: &str = "earshot_session";

/// Only refresh `last_seen_at` once a minute, so reads do not turn into writes.
const TOUCH_INTERVAL_SECS: i64 = 60;

/// Opens a session and returns the secret token for the cookie.
pub async fn create(state: &AppState, user_id: i64, client: &ClientInfo) -> AppResult<String> {
    let token = secret::new_token();
    let at = now();
    session::ActiveModel {
        token_hash: Set(secret::hash_token(&token)),
        public_id: Set(secret::new_public_id()),
        user_id: Set(user_id),
        created_at: Set(at),
        last_seen_at: Set(at),
        expires_at: Set(at + state.config.session_max_secs),
        user_agent: Set(client.user_agent.clone()),
        ip: Set(client.ip.clone()),
    }
    .insert(&state.db)
    .await?;
    Ok(token)
}

pub fn cookie(state: &AppState, token: &str) -> Cookie<'static> {
    Cookie::build(COOKIE_NAME, token.to_string())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies())
        .max_age(CookieDuration::seconds(state.config.session_max_secs))
        .finish()
}

pub fn removal_cookie(state: &AppState) -> Cookie<'static> {
    let mut c = cookie(state, "");
    c.make_removal();
    c
}

fn token_from_request(req: &HttpRequest) -> Option<String> {
    req.cookie(COOKIE_NAME)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 64)
}

/// Resolves the session cookie to the calling user, or `None` if there is no valid session.
pub async fn caller_from_request(
    state: &AppState,
    req: &HttpRequest,
) -> anyhow::Result<Option<Caller>> {
    let Some(token) = token_from_request(req) else {
        return Ok(None);
    };
    let hash = secret::hash_token(&token);
    let Some(found) = session::Entity::find_by_id(hash.clone())
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    let at = now();
    let idle_limit = state.config.session_idle_secs;
    if !is_live(&found, at, idle_limit) {
        session::Entity::delete_by_id(hash).exec(&state.db).await?;
        return Ok(None);
    }
    let Some(account) =
        crate::users::service::load_active_account(&state.db, found.user_id).await?
    else {
        return Ok(None);
    };
    if at - found.last_seen_at >= TOUCH_INTERVAL_SECS.min(idle_limit / 4) {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(at),
            )
            .filter(session::Column::TokenHash.eq(hash.clone()))
            .exec(&state.db)
            .await?;
    }
    Ok(Some(Caller {
        user_id: account.user.id,
        email: account.user.email,
        name: account.user.name,
        role: account.role,
        team_ids: account.team_ids,
        must_change_password: account.user.must_change_password,
        session_hash: hash,
    }))
}

pub async fn list_for_user(db: &Db, caller: &Caller) -> AppResult<Vec<SessionInfo>> {
    let rows = session::Entity::find()
        .filter(session::Column::UserId.eq(caller.user_id))
        .filter(session::Column::ExpiresAt.gt(now()))
        .order_by_desc(session::Column::LastSeenAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|s| SessionInfo {
            current: s.token_hash == caller.session_hash,
            id: s.public_id,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            expires_at: s.expires_at,
            user_agent: s.user_agent,
            ip: s.ip,
        })
        .collect())
}

/// Ends one of the caller's sessions by its public id; `false` if there is no such session.
pub async fn revoke_own(db: &Db, caller: &Caller, public_id: &str) -> AppResult<bool> {
    let result = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(caller.user_id))
        .filter(session::Column::PublicId.eq(public_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// The one expiry rule: before the absolute end, and used within the idle limit.
fn is_live(session: &session::Model, at: i64, idle_secs: i64) -> bool {
    at < session.expires_at && at - session.last_seen_at < idle_secs
}

/// Whether a session is still open (not logged out, revoked, idle or past its absolute end).
pub async fn is_open(db: &Db, token_hash: &str, idle_secs: i64) -> AppResult<bool> {
    Ok(session::Entity::find_by_id(token_hash.to_string())
        .one(db)
        .await?
        .is_some_and(|s| is_live(&s, now(), idle_secs)))
}

pub async fn revoke_by_hash(db: &Db, token_hash: &str) -> AppResult<()> {
    session::Entity::delete_by_id(token_hash.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a user except `keep` (the one making the request, if any).
pub async fn revoke_all_for_user(db: &Db, user_id: i64, keep: Option<&str>) -> AppResult<u64> {
    let mut query = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        query = query.filter(session::Column::TokenHash.ne(keep));
    }
    Ok(query.exec(db).await?.rows_affected)
}
