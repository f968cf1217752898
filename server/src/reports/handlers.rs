//! HTTP handlers for reports.

use actix_web::web;
use earshot_api::{OverviewReport, Permission, ReportQuery};

use super::{dates, service};
use crate::AppState;
use crate::auth::Caller;
use crate::db::now;
use crate::error::AppResult;
use crate::http::routes::{Access, ApiRoute};

pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::get(
        "/api/v1/reports/overview",
        Access::Permission(Permission::ViewReports),
        "Customer messages per day, sentiment, gratitude index and topics over a period (from/to: YYYY-MM-DD, UTC)",
        overview,
    )]
}

async fn overview(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ReportQuery>,
) -> AppResult<web::Json<OverviewReport>> {
    let today = dates::day_of(now());
    Ok(web::Json(
        service::overview(&state.db, &caller, &query, today).await?,
    ))
}
