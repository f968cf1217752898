//! Login, first-run setup and password changes.

use earshot_api::{ChangePasswordRequest, LoginRequest, Role, SetupRequest};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;

use super::entity::setup_token;
use super::{Caller, ClientInfo, password, secret, session};
use crate::AppState;
use crate::audit::{self, Actor};
use crate::db::{Db, now, write_tx};
use crate::error::{AppError, AppResult};
use crate::users::service as users;

/// A setup link is valid this long.
pub const SETUP_TOKEN_TTL_SECS: i64 = 30 * 60;

fn invalid_credentials() -> AppError {
    AppError::Unauthenticated {
        code: "invalid_credentials",
        message: "The email or password is not correct.".into(),
    }
}

/// Checks the credentials and opens a session; returns the user id and the cookie token.
/// Unknown emails, wrong passwords, invited and deactivated accounts all get the same answer
/// after the same argon2 work.
pub async fn login(
    state: &AppState,
    req: &LoginRequest,
    client: &ClientInfo,
) -> AppResult<(i64, String)> {
    let email = users::normalize_email(&req.email);
    let account_key = format!("account:{email}");
    let ip_key = format!("ip:{}", client.ip);
    for key in [&account_key, &ip_key] {
        if let Err(retry_after_secs) = state.throttle.check(key) {
            return Err(AppError::TooManyAttempts { retry_after_secs });
        }
    }
    if req.password.len() > password::MAX_PASSWORD_LEN {
        return Err(invalid_credentials());
    }
    let user = users::find_by_email(&state.db, &email).await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let password_ok = password::verify(req.password.clone(), stored).await;
    let user = match user {
        Some(u) if password_ok && u.active => u,
        _ => {
            let locked = [
                state
                    .throttle
                    .record_failure(&account_key, state.config.login_max_failures),
                state
                    .throttle
                    .record_failure(&ip_key, state.config.login_max_failures_per_ip),
            ];
            audit::record(
                &state.db,
                Actor::Anonymous { email: &email },
                "login.failure",
                &email,
                &client.ip,
                json!({}),
            )
            .await?;
            if let Some(Err(retry_after_secs)) = locked.into_iter().find(Result::is_err) {
                return Err(AppError::TooManyAttempts { retry_after_secs });
            }
            return Err(invalid_credentials());
        }
    };
    state.throttle.clear(&account_key);
    let token = session::create(state, user.id, client).await?;
    users::touch_last_login(&state.db, user.id).await?;
    audit::record(
        &state.db,
        Actor::Anonymous { email: &email },
        "login.success",
        &email,
        &client.ip,
        json!({"user_id": user.id}),
    )
    .await?;
    Ok((user.id, token))
}

/// Creates a one-time setup token while no user exists; `None` once the instance has an owner.
pub async fn issue_setup_token(db: &Db) -> AppResult<Option<String>> {
    if users::count_users(db).await? > 0 {
        return Ok(None);
    }
    let token = secret::new_token();
    setup_token::ActiveModel {
        token_hash: Set(secret::hash_token(&token)),
        created_at: Set(now()),
        expires_at: Set(now() + SETUP_TOKEN_TTL_SECS),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(Some(token))
}

pub async fn needs_setup(db: &Db) -> AppResult<bool> {
    Ok(users::count_users(db).await? == 0)
}

/// Creates the owner with a valid setup token; returns the new user's id.
pub async fn complete_setup(
    state: &AppState,
    req: &SetupRequest,
    client: &ClientInfo,
) -> AppResult<i64> {
    let ip_key = format!("setup-ip:{}", client.ip);
    if let Err(retry_after_secs) = state.throttle.check(&ip_key) {
        return Err(AppError::TooManyAttempts { retry_after_secs });
    }
    let invalid = || {
        AppError::Unauthenticated {
        code: "invalid_setup_token",
        message: "This setup link is invalid, used or expired. Restart `earshot serve` or run `earshot admin create` for a new one.".into(),
    }
    };
    let token_hash = secret::hash_token(&req.token);
    // Cheap checks first, so nobody can make the server hash passwords for nothing.
    if !needs_setup(&state.db).await? {
        return Err(AppError::conflict(
            "already_set_up",
            "This instance already has an owner. Log in instead.",
        ));
    }
    let usable = |t: &setup_token::Model| t.used_at.is_none() && t.expires_at > now();
    if !setup_token::Entity::find_by_id(token_hash.clone())
        .one(&state.db)
        .await?
        .is_some_and(|t| usable(&t))
    {
        if let Err(retry_after_secs) = state
            .throttle
            .record_failure(&ip_key, state.config.login_max_failures_per_ip)
        {
            return Err(AppError::TooManyAttempts { retry_after_secs });
        }
        return Err(invalid());
    }
    password::check_policy(&req.password, &req.email)?;
    let hash = password::hash(req.password.clone()).await?;
    let txn = write_tx(&state.db).await?;
    if users::count_users(&txn).await? > 0 {
        return Err(AppError::conflict(
            "already_set_up",
            "This instance already has an owner. Log in instead.",
        ));
    }
    // Re-checked inside the write transaction: the token is single use even under a race.
    let token = setup_token::Entity::find_by_id(token_hash)
        .one(&txn)
        .await?
        .filter(usable)
        .ok_or_else(invalid)?;
    let owner =
        users::insert_user(&txn, &req.email, &req.name, Role::Owner, Some(hash), false).await?;
    let mut token: setup_token::ActiveModel = token.into();
    token.used_at = Set(Some(now()));
    token.update(&txn).await?;
    audit::record(
        &txn,
        Actor::System,
        "setup.owner_created",
        &owner.email,
        &client.ip,
        json!({"user_id": owner.id}),
    )
    .await?;
    txn.commit().await?;
    Ok(owner.id)
}

/// Changes the caller's password and ends their other sessions.
pub async fn change_password(
    state: &AppState,
    caller: &Caller,
    req: &ChangePasswordRequest,
    ip: &str,
) -> AppResult<u64> {
    let key = format!("account:{}", caller.email);
    if let Err(retry_after_secs) = state.throttle.check(&key) {
        return Err(AppError::TooManyAttempts { retry_after_secs });
    }
    let account = users::find_by_email(&state.db, &caller.email)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    if !password::verify(req.current_password.clone(), account.password_hash.clone()).await {
        if let Err(retry_after_secs) = state
            .throttle
            .record_failure(&key, state.config.login_max_failures)
        {
            return Err(AppError::TooManyAttempts { retry_after_secs });
        }
        return Err(AppError::invalid(
            "wrong_password",
            "The current password is not correct.",
        ));
    }
    password::check_policy(&req.new_password, &caller.email)?;
    if req.new_password == req.current_password {
        return Err(AppError::invalid(
            "same_password",
            "Choose a password different from the current one.",
        ));
    }
    let hash = password::hash(req.new_password.clone()).await?;
    let txn = write_tx(&state.db).await?;
    users::set_password(&txn, caller.user_id, hash).await?;
    audit::record(
        &txn,
        Actor::User(caller),
        "user.password_change",
        &caller.email,
        ip,
        json!({}),
    )
    .await?;
    txn.commit().await?;
    session::revoke_all_for_user(&state.db, caller.user_id, Some(&caller.session_hash)).await
}
