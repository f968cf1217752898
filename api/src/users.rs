//! Users, teams and the audit log.

use serde::{Deserialize, Serialize};

use crate::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserState {
    /// Invited, has not chosen a password yet.
    Invited,
    Active,
    Deactivated,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub state: UserState,
    pub team_ids: Vec<i64>,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NewUserMode {
    /// Send (show) an expiring invitation link; the person chooses their own password.
    Invite,
    /// Create the account with a generated temporary password to be changed at first login.
    TemporaryPassword,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub mode: NewUserMode,
    #[serde(default)]
    pub team_ids: Vec<i64>,
}

/// The answer to creating a user: the secret (link or password) is shown once, here only.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedUser {
    pub user: User,
    /// Path of the invitation page, e.g. `/invite/abc…` (prefix it with the instance's address).
    pub invite_path: Option<String>,
    pub invite_expires_at: Option<i64>,
    pub temporary_password: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub member_ids: Vec<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamRequest {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_email: Option<String>,
    /// e.g. `login.success`, `login.failure`, `user.create`, `user.role`, `team.member_add`.
    pub action: String,
    pub target: String,
    pub ip: String,
    pub details: serde_json::Value,
}

/// A teammate as everyone who works conversations may see them (assignee pickers, @mentions).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UserSummary {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub team_ids: Vec<i64>,
}
