//! User accounts: lookup, creation (invitation or temporary password), role and state changes.
//! Admins manage everyone except owners; only owners create, change or deactivate owners.

use earshot_api::{
    CreateUserRequest, CreatedUser, InviteInfo, NewUserMode, Role, UpdateUserRequest, User,
    UserState,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;

use super::entity::{invite, team_member, user};
use crate::audit::{self, Actor};
use crate::auth::{Caller, password, secret, session};
use crate::db::{Db, now, write_tx};
use crate::error::{AppError, AppResult};

/// How long an invitation link stays valid.
pub const INVITE_TTL_SECS: i64 = 7 * 24 * 3600;

/// A user with their parsed role and team memberships.
#[derive(Debug, Clone)]
pub struct Account {
    pub user: user::Model,
    pub role: Role,
    pub team_ids: Vec<i64>,
}

pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn check_email(email: &str) -> AppResult<()> {
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(())
    } else {
        Err(AppError::invalid(
            "invalid_email",
            "Enter a valid email address, like name@example.com.",
        ))
    }
}

pub fn check_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "invalid_name",
            "Enter a name of 1 to 100 characters.",
        ));
    }
    Ok(name.to_string())
}

fn parse_role(s: &str) -> Role {
    // The column has a CHECK constraint; the fallback is the least privileged role.
    Role::parse(s).unwrap_or(Role::Analyst)
}

pub async fn team_ids_of(db: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<i64>> {
    Ok(team_member::Entity::find()
        .filter(team_member::Column::UserId.eq(user_id))
        .order_by_asc(team_member::Column::TeamId)
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.team_id)
        .collect())
}

/// The account behind a session, if it still exists and is active.
pub async fn load_active_account(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> AppResult<Option<Account>> {
    let Some(user) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    if !user.active || user.password_hash.is_none() {
        return Ok(None);
    }
    let team_ids = team_ids_of(db, user_id).await?;
    Ok(Some(Account {
        role: parse_role(&user.role),
        user,
        team_ids,
    }))
}

pub async fn find_by_email(db: &Db, email: &str) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(normalize_email(email)))
        .one(db)
        .await?)
}

pub async fn count_users(db: &impl ConnectionTrait) -> AppResult<u64> {
    Ok(user::Entity::find().count(db).await?)
}

fn state_of(u: &user::Model) -> UserState {
    if !u.active {
        UserState::Deactivated
    } else if u.password_hash.is_none() {
        UserState::Invited
    } else {
        UserState::Active
    }
}

pub fn to_wire(u: &user::Model, team_ids: Vec<i64>) -> User {
    User {
        id: u.id,
        email: u.email.clone(),
        name: u.name.clone(),
        role: parse_role(&u.role),
        state: state_of(u),
        team_ids,
        created_at: u.created_at,
        last_login_at: u.last_login_at,
    }
}

pub async fn list(db: &Db) -> AppResult<Vec<User>> {
    let users = user::Entity::find()
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?;
    let memberships = team_member::Entity::find().all(db).await?;
    Ok(users
        .iter()
        .map(|u| {
            let teams = memberships
                .iter()
                .filter(|m| m.user_id == u.id)
                .map(|m| m.team_id)
                .collect();
            to_wire(u, teams)
        })
        .collect())
}

/// Inserts a user row; a duplicate email is a 409 the person can act on.
pub async fn insert_user(
    db: &impl ConnectionTrait,
    email: &str,
    name: &str,
    role: Role,
    password_hash: Option<String>,
    must_change_password: bool,
) -> AppResult<user::Model> {
    let email = normalize_email(email);
    check_email(&email)?;
    let name = check_name(name)?;
    if user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::conflict(
            "email_taken",
            format!("A user with the email {email} already exists."),
        ));
    }
    Ok(user::ActiveModel {
        email: Set(email),
        name: Set(name),
        role: Set(role.as_str().to_string()),
        password_hash: Set(password_hash),
        must_change_password: Set(must_change_password),
        active: Set(true),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

fn ensure_may_manage_role(caller: &Caller, role: Role) -> AppResult<()> {
    if role == Role::Owner && caller.role != Role::Owner {
        return Err(AppError::forbidden(
            "Only an owner can create or change owner accounts.",
        ));
    }
    Ok(())
}

pub async fn create(
    db: &Db,
    caller: &Caller,
    ip: &str,
    req: CreateUserRequest,
) -> AppResult<CreatedUser> {
    ensure_may_manage_role(caller, req.role)?;
    let (password_hash, temporary_password) = match req.mode {
        NewUserMode::TemporaryPassword => {
            let temp = secret::new_temporary_password();
            (Some(password::hash(temp.clone()).await?), Some(temp))
        }
        NewUserMode::Invite => (None, None),
    };
    let txn = write_tx(db).await?;
    let created = insert_user(
        &txn,
        &req.email,
        &req.name,
        req.role,
        password_hash,
        temporary_password.is_some(),
    )
    .await?;
    for team_id in &req.team_ids {
        super::teams::add_member_in(&txn, *team_id, created.id).await?;
    }
    let mut invite_path = None;
    let mut invite_expires_at = None;
    if req.mode == NewUserMode::Invite {
        let token = secret::new_token();
        let expires = now() + INVITE_TTL_SECS;
        invite::ActiveModel {
            token_hash: Set(secret::hash_token(&token)),
            user_id: Set(created.id),
            created_by: Set(Some(caller.user_id)),
            created_at: Set(now()),
            expires_at: Set(expires),
            used_at: Set(None),
        }
        .insert(&txn)
        .await?;
        invite_path = Some(format!("/invite/{token}"));
        invite_expires_at = Some(expires);
    }
    audit::record(
        &txn,
        Actor::User(caller),
        "user.create",
        &created.email,
        ip,
        json!({"role": req.role.as_str(), "mode": if req.mode == NewUserMode::Invite {"invite"} else {"temporary_password"}, "team_ids": req.team_ids}),
    )
    .await?;
    txn.commit().await?;
    let team_ids = team_ids_of(db, created.id).await?;
    Ok(CreatedUser {
        user: to_wire(&created, team_ids),
        invite_path,
        invite_expires_at,
        temporary_password,
    })
}

pub async fn update(
    db: &Db,
    caller: &Caller,
    ip: &str,
    id: i64,
    req: UpdateUserRequest,
) -> AppResult<User> {
    let txn = write_tx(db).await?;
    let target = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    let current_role = parse_role(&target.role);
    ensure_may_manage_role(caller, current_role)?;
    let mut model: user::ActiveModel = target.clone().into();
    let mut changes = serde_json::Map::new();
    if let Some(name) = &req.name {
        model.name = Set(check_name(name)?);
        changes.insert("name".into(), json!(true));
    }
    if let Some(role) = req.role.filter(|r| *r != current_role) {
        ensure_may_manage_role(caller, role)?;
        if target.id == caller.user_id {
            return Err(AppError::invalid(
                "own_role",
                "You cannot change your own role; ask another owner or admin.",
            ));
        }
        if current_role == Role::Owner {
            ensure_other_active_owner(&txn, target.id).await?;
        }
        model.role = Set(role.as_str().to_string());
        changes.insert(
            "role".into(),
            json!({"from": current_role.as_str(), "to": role.as_str()}),
        );
    }
    let mut deactivated = false;
    if let Some(active) = req.active.filter(|a| *a != target.active) {
        if target.id == caller.user_id {
            return Err(AppError::invalid(
                "own_account",
                "You cannot deactivate your own account.",
            ));
        }
        if !active && current_role == Role::Owner {
            ensure_other_active_owner(&txn, target.id).await?;
        }
        model.active = Set(active);
        deactivated = !active;
        changes.insert("active".into(), json!(active));
    }
    let updated = model.update(&txn).await?;
    if !changes.is_empty() {
        let action = if changes.contains_key("role") {
            "user.role"
        } else if changes.contains_key("active") {
            "user.state"
        } else {
            "user.update"
        };
        audit::record(
            &txn,
            Actor::User(caller),
            action,
            &updated.email,
            ip,
            serde_json::Value::Object(changes),
        )
        .await?;
    }
    txn.commit().await?;
    if deactivated {
        session::revoke_all_for_user(db, updated.id, None).await?;
    }
    Ok(to_wire(&updated, team_ids_of(db, updated.id).await?))
}

/// The instance must always keep at least one active owner.
async fn ensure_other_active_owner(db: &impl ConnectionTrait, except: i64) -> AppResult<()> {
    let others = user::Entity::find()
        .filter(user::Column::Role.eq("owner"))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Id.ne(except))
        .count(db)
        .await?;
    if others == 0 {
        return Err(AppError::conflict(
            "last_owner",
            "This is the last active owner; make someone else an owner first.",
        ));
    }
    Ok(())
}

async fn find_open_invite(
    db: &impl ConnectionTrait,
    token: &str,
) -> AppResult<(invite::Model, user::Model)> {
    let gone = || AppError::NotFound("invitation (it may have expired or been used)");
    let inv = invite::Entity::find_by_id(secret::hash_token(token))
        .one(db)
        .await?
        .ok_or_else(gone)?;
    if inv.used_at.is_some() || inv.expires_at <= now() {
        return Err(gone());
    }
    let u = user::Entity::find_by_id(inv.user_id)
        .one(db)
        .await?
        .ok_or_else(gone)?;
    if !u.active || u.password_hash.is_some() {
        return Err(gone());
    }
    Ok((inv, u))
}

pub async fn invite_info(db: &Db, token: &str) -> AppResult<InviteInfo> {
    let (inv, u) = find_open_invite(db, token).await?;
    Ok(InviteInfo {
        email: u.email,
        name: u.name,
        role: parse_role(&u.role),
        expires_at: inv.expires_at,
    })
}

/// Sets the invited person's name and password; returns their user id (the caller logs them in).
pub async fn accept_invite(
    db: &Db,
    token: &str,
    name: &str,
    new_password: &str,
    ip: &str,
) -> AppResult<i64> {
    let (_, u) = find_open_invite(db, token).await?;
    password::check_policy(new_password, &u.email)?;
    let name = check_name(name)?;
    let hash = password::hash(new_password.to_string()).await?;
    let txn = write_tx(db).await?;
    // Re-check inside the write transaction: the link is single use even under a double click.
    let (inv, u) = find_open_invite(&txn, token).await?;
    let mut inv: invite::ActiveModel = inv.into();
    inv.used_at = Set(Some(now()));
    inv.update(&txn).await?;
    let mut model: user::ActiveModel = u.clone().into();
    model.name = Set(name);
    model.password_hash = Set(Some(hash));
    model.last_login_at = Set(Some(now()));
    model.update(&txn).await?;
    audit::record(
        &txn,
        Actor::System,
        "user.invite_accepted",
        &u.email,
        ip,
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(u.id)
}

pub async fn set_password(db: &impl ConnectionTrait, user_id: i64, hash: String) -> AppResult<()> {
    let mut model: user::ActiveModel = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("user"))?
        .into();
    model.password_hash = Set(Some(hash));
    model.must_change_password = Set(false);
    model.update(db).await?;
    Ok(())
}

pub async fn set_name(db: &Db, user_id: i64, name: &str) -> AppResult<()> {
    let mut model: user::ActiveModel = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("user"))?
        .into();
    model.name = Set(check_name(name)?);
    model.update(db).await?;
    Ok(())
}

pub async fn touch_last_login(db: &Db, user_id: i64) -> AppResult<()> {
    user::Entity::update_many()
        .col_expr(
            user::Column::LastLoginAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Active teammates who work conversations, for assignee pickers and @mention hints.
pub async fn people(db: &Db) -> AppResult<Vec<earshot_api::UserSummary>> {
    let users = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::PasswordHash.is_not_null())
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?;
    let memberships = team_member::Entity::find().all(db).await?;
    Ok(users
        .into_iter()
        .map(|u| earshot_api::UserSummary {
            team_ids: memberships
                .iter()
                .filter(|m| m.user_id == u.id)
                .map(|m| m.team_id)
                .collect(),
            role: parse_role(&u.role),
            id: u.id,
            name: u.name,
        })
        .filter(|p| p.role.has(earshot_api::Permission::ActOnConversations))
        .collect())
}
