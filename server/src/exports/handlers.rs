//! HTTP handlers for exports.

use actix_web::{HttpRequest, HttpResponse, web};
use earshot_api::{Permission, ReportQuery};
use futures_util::StreamExt;
use serde_json::json;

use super::service::Export;
use crate::AppState;
use crate::audit::{self, Actor};
use crate::auth::Caller;
use crate::auth::handlers::client;
use crate::db::{now, write_tx};
use crate::error::AppResult;
use crate::http::routes::{Access, ApiRoute};
use crate::reports::{dates, service::period};

pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::get(
        "/api/v1/exports/messages.csv",
        Access::Permission(Permission::Export),
        "Every message of a period (from/to or days, team_id) as CSV, personal data masked as in the inbox",
        messages_csv,
    )]
}

async fn messages_csv(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    query: web::Query<ReportQuery>,
) -> AppResult<HttpResponse> {
    let period = period(&query, dates::day_of(now()))?;
    let (from, to) = (dates::format(period.first), dates::format(period.last));
    // Customer data leaving the appliance: recorded before the first byte goes.
    let txn = write_tx(&state.db).await?;
    audit::record(
        &txn,
        Actor::User(&caller),
        "export.messages",
        &format!("{from} to {to}"),
        &client(&state, &req).ip,
        json!({"from": from, "to": to, "team_id": query.team_id}),
    )
    .await?;
    txn.commit().await?;

    let export = Export::new(state.db.clone(), &caller, &query, period);
    let header = web::Bytes::from(Export::header());
    let pages = futures_util::stream::unfold(export, |mut export| async move {
        match export.next_page().await {
            Ok(Some(page)) => Some((Ok(web::Bytes::from(page)), export)),
            Ok(None) => None,
            // The status line is sent: breaking the body off tells the client the file is
            // incomplete, rather than ending it as if it were whole.
            Err(e) => {
                tracing::warn!(error = %e, "messages export stopped");
                export.done = true;
                Some((
                    Err(actix_web::error::ErrorInternalServerError("export failed")),
                    export,
                ))
            }
        }
    });
    let body =
        futures_util::stream::once(async move { Ok::<_, actix_web::Error>(header) }).chain(pages);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"earshot-messages-{from}-to-{to}.csv\""),
        ))
        .streaming(Box::pin(body)))
}
