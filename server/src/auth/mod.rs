//! Authentication: passwords, login throttling, server-side sessions, first-run setup.
//! Who may do what is the permission table in `earshot_api::permissions`; this module only
//! establishes *who* is calling (`Caller`).

pub mod entity;
pub mod handlers;
pub mod password;
pub mod secret;
pub mod service;
pub mod session;
pub mod throttle;

use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload};
use earshot_api::{Me, Role};

use crate::error::AppError;

/// The logged-in user making this request, put in place by the authorization middleware.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub team_ids: Vec<i64>,
    pub must_change_password: bool,
    /// Hash of the session token, to tell "this session" from the others.
    pub session_hash: String,
}

impl Caller {
    pub fn me(&self) -> Me {
        Me {
            id: self.user_id,
            email: self.email.clone(),
            name: self.name.clone(),
            role: self.role,
            permissions: self.role.permissions(),
            team_ids: self.team_ids.clone(),
            must_change_password: self.must_change_password,
        }
    }

    /// Whether the caller sees every team's objects (owner, admin, analyst) or only their own.
    pub fn sees_all_teams(&self) -> bool {
        !self.role.is_team_scoped()
    }
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Caller>()
                .cloned()
                .ok_or(AppError::Unauthenticated {
                    code: "not_logged_in",
                    message: "Log in to continue.".into(),
                }),
        )
    }
}

/// The client's address and browser, recorded on sessions and in the audit log.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: String,
}

impl ClientInfo {
    pub fn from_request(req: &HttpRequest, trust_proxy: bool) -> Self {
        let peer = req.peer_addr().map(|a| a.ip());
        // A forwarded address is believed only from a proxy on this machine, and only its
        // own (rightmost) entry: anything left of it was written by the client.
        let forwarded = trust_proxy
            .then_some(peer)
            .flatten()
            .filter(|p| p.is_loopback())
            .and_then(|_| req.headers().get("x-forwarded-for"))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<std::net::IpAddr>().ok());
        let ip = forwarded
            .or(peer)
            .map(|ip| ip.to_string())
            .unwrap_or_default();
        let user_agent = req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .chars()
            .take(300)
            .collect();
        ClientInfo { ip, user_agent }
    }
}
