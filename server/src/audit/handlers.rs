use actix_web::web;
use earshot_api::{AuditEntry, Page, Permission};
use serde::Deserialize;

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::http::routes::{Access, ApiRoute};

pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::get(
        "/api/v1/audit",
        Access::Permission(Permission::ViewAudit),
        "List audit log entries, newest first (cursor: ?before=<id>&limit=<n>)",
        list,
    )]
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditQuery {
    before: Option<String>,
    limit: Option<u64>,
}

async fn list(
    state: web::Data<AppState>,
    _caller: crate::auth::Caller,
    q: web::Query<AuditQuery>,
) -> AppResult<web::Json<Page<AuditEntry>>> {
    let before = match q.before.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(s.parse::<i64>().map_err(|_| {
            AppError::invalid(
                "invalid_cursor",
                "The `before` cursor is not valid; use the next_cursor of a previous page.",
            )
        })?),
        None => None,
    };
    Ok(web::Json(
        super::list(&state.db, before, q.limit.unwrap_or(50)).await?,
    ))
}
