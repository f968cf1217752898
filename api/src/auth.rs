//! Login, first-run setup, the current user, sessions and passwords.

use serde::{Deserialize, Serialize};

use crate::{Permission, Role};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// `GET /api/v1/setup` — whether the instance still needs its owner.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetupStatus {
    pub needs_setup: bool,
}

/// `POST /api/v1/setup` — create the owner with the one-time token printed by `earshot serve`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    pub token: String,
    pub email: String,
    pub name: String,
    pub password: String,
}

/// The logged-in user and what they may do.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub permissions: Vec<Permission>,
    pub team_ids: Vec<i64>,
    /// Set for accounts created with a temporary password: the app asks for a new one first.
    pub must_change_password: bool,
}

impl Me {
    pub fn can(&self, p: Permission) -> bool {
        self.permissions.contains(&p)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileRequest {
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// One of the caller's own login sessions.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SessionInfo {
    /// A short public handle for the session (never the secret cookie value).
    pub id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub user_agent: String,
    pub ip: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RevokedSessions {
    pub revoked: u64,
}

/// `GET /api/v1/invites/{token}` — what an invitation is for, before it is accepted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InviteInfo {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub expires_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptInviteRequest {
    pub name: String,
    pub password: String,
}

/// Minimum password length, checked by both the app (for a quick hint) and the server.
pub const MIN_PASSWORD_LEN: usize = 10;
