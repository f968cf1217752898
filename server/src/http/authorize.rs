//! The authorization middleware, in front of every `/api/v1` route:
//! 1. find the route's declared access in the route table (undeclared → 404, fail closed);
//! 2. reject cross-site requests (Fetch Metadata, then Origin): every mutation, and every
//!    read behind a session (a link on another site must not start an export, which is
//!    audited, or make the API do work as the user); and non-JSON mutation bodies. The CSRF
//!    defence for the cookie API;
//! 3. resolve the session cookie to a `Caller` and check the role's permission (401 / 403).
//!
//! Handlers receive the `Caller` as an extractor; object scope (teams) is applied in queries.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpResponse, web};

use super::error::error_response;
use super::routes::Access;
use crate::AppState;
use crate::auth::{self, Caller};

pub async fn authorize(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    // The router matches the percent-decoded path (`/%61pi/…` is `/api/…`), so both forms
    // decide whether this is an API request; an encoded path then matches no declared
    // pattern below and is refused (fail closed).
    let is_api = req.path().starts_with("/api/")
        || req.match_info().as_str().starts_with("/api/")
        || percent_decoded_starts_with_api(req.path());
    if !is_api {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return reject(
            req,
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "application state missing",
        );
    };
    let pattern = req.match_pattern().unwrap_or_default();
    let Some(route) = state.routes.lookup(req.method(), &pattern) else {
        if state.routes.has_path(&pattern) {
            return reject(
                req,
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "This endpoint does not accept that HTTP method.",
            );
        }
        return reject(
            req,
            StatusCode::NOT_FOUND,
            "not_found",
            "There is no such API endpoint.",
        );
    };
    let access = route.access;

    let mutation = is_mutation(req.method());
    // Signed routes carry no session; public reads (the OpenAPI document, invitation pages)
    // may be linked from anywhere.
    let same_origin_only = match access {
        Access::Signed => false,
        Access::Public => mutation,
        Access::Authenticated | Access::Permission(_) => true,
    };
    if same_origin_only && let Err(message) = check_same_origin(&req) {
        return reject(req, StatusCode::FORBIDDEN, "cross_site_request", message);
    }
    if mutation && access != Access::Signed && !has_json_content_type(&req) {
        return reject(
            req,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the body as JSON with the header Content-Type: application/json.",
        );
    }

    if !matches!(access, Access::Public | Access::Signed) {
        let caller = match auth::session::caller_from_request(&state, req.request()).await {
            Ok(Some(caller)) => caller,
            Ok(None) => {
                return reject(
                    req,
                    StatusCode::UNAUTHORIZED,
                    "not_logged_in",
                    "Log in to continue.",
                );
            }
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "session lookup failed");
                return reject(
                    req,
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "The server cannot check your session right now; try again shortly.",
                );
            }
        };
        if caller.must_change_password
            && !ALLOWED_BEFORE_PASSWORD_CHANGE.contains(&(req.method().as_str(), route.path))
        {
            return reject(
                req,
                StatusCode::FORBIDDEN,
                "password_change_required",
                "Choose a new password first (your account was created with a temporary one).",
            );
        }
        if let Access::Permission(p) = access
            && !caller.role.has(p)
        {
            return reject(
                req,
                StatusCode::FORBIDDEN,
                "forbidden",
                format!("Your role ({}) does not allow this.", caller.role.label()),
            );
        }
        req.extensions_mut().insert::<Caller>(caller);
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Whether a percent-encoded path decodes to something under `/api/`.
fn percent_decoded_starts_with_api(path: &str) -> bool {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(5);
    let mut i = 0;
    while i < bytes.len() && decoded.len() < 5 {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(b) => {
                decoded.push(b);
                i += 3;
            }
            None => {
                decoded.push(bytes[i]);
                i += 1;
            }
        }
    }
    decoded.eq_ignore_ascii_case(b"/api/")
}

fn reject<B>(
    req: ServiceRequest,
    status: StatusCode,
    code: &str,
    message: impl Into<String>,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    let response: HttpResponse = error_response(status, code, message);
    Ok(req.into_response(response).map_into_right_body())
}

/// What an account with a temporary password may do before choosing its own.
const ALLOWED_BEFORE_PASSWORD_CHANGE: [(&str, &str); 4] = [
    ("GET", "/api/v1/auth/me"),
    ("POST", "/api/v1/auth/password"),
    ("POST", "/api/v1/auth/logout"),
    ("GET", "/api/v1/openapi.json"),
];

fn is_mutation(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn has_json_content_type(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/json")
        })
        .unwrap_or(false)
}

/// Browsers send `Sec-Fetch-Site`; older ones at least `Origin` on cross-site mutations.
/// Non-browser clients (curl, scripts) send neither and are allowed: CSRF needs a browser.
fn check_same_origin(req: &ServiceRequest) -> Result<(), &'static str> {
    if let Some(site) = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
    {
        return match site {
            "same-origin" | "none" => Ok(()),
            _ => Err("Cross-site requests are refused. Use Earshot from its own address."),
        };
    }
    if let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        let host = req.connection_info().host().to_string();
        let origin_host = origin.split("://").nth(1).unwrap_or("");
        if origin == "null" || !origin_host.eq_ignore_ascii_case(&host) {
            return Err(
                "The request's Origin does not match this server. Use Earshot from its own address.",
            );
        }
    }
    Ok(())
}
