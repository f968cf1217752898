//! Health probes, the OpenAPI document, and the JSON answers for unknown methods.

use actix_web::{HttpResponse, http::StatusCode, web};
use serde_json::{Map, Value, json};

use super::error::error_response;
use super::routes::{Access, ApiRoute, RouteTable};
use crate::AppState;

pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::get(
        "/api/v1/openapi.json",
        Access::Public,
        "This OpenAPI document",
        openapi,
    )]
}

/// Alive: the process answers.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// Ready: the database answers.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    match crate::db::ping(&state.db).await {
        Ok(()) => HttpResponse::Ok().json(json!({"status": "ready"})),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            error_response(
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                "The database does not answer.",
            )
        }
    }
}

pub async fn method_not_allowed() -> HttpResponse {
    error_response(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This endpoint does not accept that HTTP method.",
    )
}

async fn openapi(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(openapi_document(&state.routes))
}

/// OpenAPI 3.1, generated from the route table: paths, methods, path parameters, and who may
/// call each operation (`x-earshot-access`, also reflected in `security`).
pub fn openapi_document(table: &RouteTable) -> Value {
    let mut paths = Map::new();
    for r in &table.routes {
        let params: Vec<Value> = r
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        let security = match r.access {
            Access::Public => json!([]),
            Access::Signed => json!([{"signature": []}]),
            _ => json!([{"session": []}]),
        };
        let mut responses = json!({
            "200": {"description": "Success"},
            "4XX": {"description": "Client error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        });
        if r.access == Access::Signed {
            responses["202"] = json!({"description": "Accepted"});
            responses["401"] = json!({"description": "Missing or wrong signature"});
        } else if r.access != Access::Public {
            responses["401"] = json!({"description": "Not logged in"});
        }
        if matches!(r.access, Access::Permission(_)) {
            responses["403"] = json!({"description": "The caller's role lacks the permission"});
        }
        let mut op = json!({
            "summary": r.summary,
            "operationId": format!("{}{}", r.method.as_str().to_lowercase(), r.path.replace(['/', '{', '}', '-', '.'], "_")),
            "parameters": params,
            "security": security,
            "x-earshot-access": r.access.describe(),
            "x-earshot-team-scoped": r.team_scoped,
            "responses": responses,
        });
        if !matches!(r.method.as_str(), "GET" | "HEAD") {
            op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}});
        }
        let entry = paths.entry(r.path.to_string()).or_insert_with(|| json!({}));
        entry[r.method.as_str().to_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Earshot API", "version": env!("CARGO_PKG_VERSION")},
        "paths": paths,
        "components": {
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": crate::auth::session::COOKIE_NAME},
                "signature": {"type": "apiKey", "in": "header", "name": "X-Earshot-Signature",
                              "description": "sha256=<hex HMAC-SHA256 of the raw body with the channel secret>"}
            },
            "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "details": {}}
            }}}}
        }
    })
}
