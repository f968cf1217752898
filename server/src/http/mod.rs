//! The HTTP layer: the actix app (API, health probes, the embedded web app), its middleware
//! and the server lifecycle. Handlers live with their domains; this module wires them.

pub mod authorize;
pub mod error;
pub mod meta;
pub mod routes;
pub mod spa;

use std::net::TcpListener;

use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};

use crate::AppState;

/// Serves until SIGTERM/SIGINT, then drains in-flight requests (graceful shutdown).
pub async fn serve(state: web::Data<AppState>, listener: TcpListener) -> anyhow::Result<()> {
    let max_body = state.config.max_body_kb * 1024;
    let server = HttpServer::new(move || {
        let (_, configure_api) = routes::build();
        App::new()
            .app_data(state.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(max_body)
                    .error_handler(error::json_error),
            )
            .app_data(web::PayloadConfig::default().limit(max_body))
            .app_data(web::PathConfig::default().error_handler(error::path_error))
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .wrap(from_fn(authorize::authorize))
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Referrer-Policy", "same-origin"))
                    .add(("X-Frame-Options", "DENY")),
            )
            .route("/healthz", web::get().to(meta::healthz))
            .route("/readyz", web::get().to(meta::readyz))
            .configure(configure_api)
            .default_service(web::to(spa::serve))
    })
    .workers(2)
    .shutdown_timeout(10)
    .listen(listener)?
    .run();
    server.await?;
    Ok(())
}
