//! Teams (business units) and their members. Supervisors and agents see only their own teams;
//! for them another team does not exist (404), so ids cannot be probed.

use earshot_api::{Team, TeamRequest};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::entity::{team, team_member, user};
use crate::audit::{self, Actor};
use crate::auth::Caller;
use crate::db::{Db, now, write_tx};
use crate::error::{AppError, AppResult};

/// A team id given in a request (a channel's or a conversation's team) must exist.
pub async fn check_exists(db: &impl ConnectionTrait, team_id: Option<i64>) -> AppResult<()> {
    if let Some(id) = team_id
        && team::Entity::find_by_id(id).one(db).await?.is_none()
    {
        return Err(AppError::invalid("invalid_team", "There is no such team."));
    }
    Ok(())
}

fn check_team_request(req: &TeamRequest) -> AppResult<(String, String)> {
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "invalid_name",
            "Enter a team name of 1 to 80 characters.",
        ));
    }
    if req.description.chars().count() > 500 {
        return Err(AppError::invalid(
            "invalid_description",
            "Keep the description under 500 characters.",
        ));
    }
    Ok((name.to_string(), req.description.trim().to_string()))
}

async fn to_wire(db: &impl ConnectionTrait, t: team::Model) -> AppResult<Team> {
    let member_ids = team_member::Entity::find()
        .filter(team_member::Column::TeamId.eq(t.id))
        .order_by_asc(team_member::Column::UserId)
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    Ok(Team {
        id: t.id,
        name: t.name,
        description: t.description,
        member_ids,
        created_at: t.created_at,
    })
}

/// The teams the caller may see.
pub async fn list(db: &Db, caller: &Caller) -> AppResult<Vec<Team>> {
    let mut query = team::Entity::find().order_by_asc(team::Column::Name);
    if !caller.sees_all_teams() {
        query = query.filter(team::Column::Id.is_in(caller.team_ids.clone()));
    }
    let mut teams = Vec::new();
    for t in query.all(db).await? {
        teams.push(to_wire(db, t).await?);
    }
    Ok(teams)
}

/// One team, if the caller may see it (scope applied in the query).
pub async fn get(db: &Db, caller: &Caller, id: i64) -> AppResult<Team> {
    let mut query = team::Entity::find_by_id(id);
    if !caller.sees_all_teams() {
        query = query.filter(team::Column::Id.is_in(caller.team_ids.clone()));
    }
    let t = query.one(db).await?.ok_or(AppError::NotFound("team"))?;
    to_wire(db, t).await
}

async fn ensure_name_free(
    db: &impl ConnectionTrait,
    name: &str,
    except: Option<i64>,
) -> AppResult<()> {
    let mut query = team::Entity::find().filter(team::Column::Name.eq(name));
    if let Some(id) = except {
        query = query.filter(team::Column::Id.ne(id));
    }
    if query.one(db).await?.is_some() {
        return Err(AppError::conflict(
            "team_name_taken",
            format!("A team named “{name}” already exists."),
        ));
    }
    Ok(())
}

pub async fn create(db: &Db, caller: &Caller, ip: &str, req: TeamRequest) -> AppResult<Team> {
    let (name, description) = check_team_request(&req)?;
    let txn = write_tx(db).await?;
    ensure_name_free(&txn, &name, None).await?;
    let created = team::ActiveModel {
        name: Set(name.clone()),
        description: Set(description),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Actor::User(caller),
        "team.create",
        &name,
        ip,
        json!({"team_id": created.id}),
    )
    .await?;
    txn.commit().await?;
    to_wire(db, created).await
}

pub async fn update(
    db: &Db,
    caller: &Caller,
    ip: &str,
    id: i64,
    req: TeamRequest,
) -> AppResult<Team> {
    let (name, description) = check_team_request(&req)?;
    let txn = write_tx(db).await?;
    let existing = team::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("team"))?;
    ensure_name_free(&txn, &name, Some(id)).await?;
    let mut model: team::ActiveModel = existing.clone().into();
    model.name = Set(name.clone());
    model.description = Set(description);
    let updated = model.update(&txn).await?;
    audit::record(
        &txn,
        Actor::User(caller),
        "team.update",
        &name,
        ip,
        json!({"team_id": id, "old_name": existing.name}),
    )
    .await?;
    txn.commit().await?;
    to_wire(db, updated).await
}

pub async fn delete(db: &Db, caller: &Caller, ip: &str, id: i64) -> AppResult<()> {
    let txn = write_tx(db).await?;
    let existing = team::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("team"))?;
    team::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        Actor::User(caller),
        "team.delete",
        &existing.name,
        ip,
        json!({"team_id": id}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a membership inside a caller's transaction; both team and user must exist.
pub async fn add_member_in(db: &impl ConnectionTrait, team_id: i64, user_id: i64) -> AppResult<()> {
    team::Entity::find_by_id(team_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("team"))?;
    user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    let exists = team_member::Entity::find_by_id((team_id, user_id))
        .one(db)
        .await?
        .is_some();
    if !exists {
        team_member::ActiveModel {
            team_id: Set(team_id),
            user_id: Set(user_id),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

pub async fn add_member(
    db: &Db,
    caller: &Caller,
    ip: &str,
    team_id: i64,
    user_id: i64,
) -> AppResult<Team> {
    let txn = write_tx(db).await?;
    add_member_in(&txn, team_id, user_id).await?;
    audit::record(
        &txn,
        Actor::User(caller),
        "team.member_add",
        &format!("team:{team_id}"),
        ip,
        json!({"team_id": team_id, "user_id": user_id}),
    )
    .await?;
    txn.commit().await?;
    let t = team::Entity::find_by_id(team_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("team"))?;
    to_wire(db, t).await
}

pub async fn remove_member(
    db: &Db,
    caller: &Caller,
    ip: &str,
    team_id: i64,
    user_id: i64,
) -> AppResult<Team> {
    let txn = write_tx(db).await?;
    let t = team::Entity::find_by_id(team_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("team"))?;
    let removed = team_member::Entity::delete_by_id((team_id, user_id))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(AppError::NotFound("team member"));
    }
    audit::record(
        &txn,
        Actor::User(caller),
        "team.member_remove",
        &format!("team:{team_id}"),
        ip,
        json!({"team_id": team_id, "user_id": user_id}),
    )
    .await?;
    txn.commit().await?;
    to_wire(db, t).await
}
