//! HTTP mapping of errors: every failure becomes `{"error":{"code","message"}}` with the
//! right status. Extractor failures (bad JSON, wrong content type, oversized bodies, bad path
//! parameters) are mapped here too, so no request ever gets a bare-text or 500 answer for bad input.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, error};
use earshot_api::{ErrorBody, ErrorDetail};

use crate::error::AppError;

pub fn error_response(status: StatusCode, code: &str, message: impl Into<String>) -> HttpResponse {
    HttpResponse::build(status).json(ErrorBody {
        error: ErrorDetail {
            code: code.to_string(),
            message: message.into(),
            details: None,
        },
    })
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        match self {
            AppError::Invalid { code, message }
            | AppError::Unauthenticated { code, message }
            | AppError::Conflict { code, message } => error_response(status, code, message),
            AppError::Forbidden(message) => error_response(status, "forbidden", message),
            AppError::NotFound(what) => {
                error_response(status, "not_found", format!("{what} not found"))
            }
            AppError::TooManyAttempts { retry_after_secs } => {
                let mut response = error_response(
                    status,
                    "too_many_attempts",
                    format!("Too many failed attempts. Try again in {retry_after_secs} s."),
                );
                if let Ok(v) = retry_after_secs.to_string().parse() {
                    response
                        .headers_mut()
                        .insert(actix_web::http::header::RETRY_AFTER, v);
                }
                response
            }
            AppError::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "internal error");
                error_response(
                    status,
                    "internal",
                    "Something went wrong on the server; it has been logged.",
                )
            }
        }
    }
}

/// JSON body errors: malformed JSON, wrong types, unknown fields, wrong content type, too large.
pub fn json_error(err: error::JsonPayloadError, _req: &HttpRequest) -> error::Error {
    let response = match &err {
        error::JsonPayloadError::ContentType => error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the body as JSON with the header Content-Type: application/json.",
        ),
        error::JsonPayloadError::OverflowKnownLength { length, limit } => error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("The body is {length} bytes; the limit is {limit} bytes."),
        ),
        error::JsonPayloadError::Overflow { limit } => error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("The body is larger than the limit of {limit} bytes."),
        ),
        error::JsonPayloadError::Deserialize(e) if e.is_data() => error_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            format!("The JSON does not have the expected shape: {e}"),
        ),
        error::JsonPayloadError::Deserialize(e) => error_response(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("The body is not valid JSON: {e}"),
        ),
        other => error_response(StatusCode::BAD_REQUEST, "bad_request", other.to_string()),
    };
    error::InternalError::from_response(err, response).into()
}

pub fn path_error(err: error::PathError, _req: &HttpRequest) -> error::Error {
    let response = error_response(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("No such resource ({err})."),
    );
    error::InternalError::from_response(err, response).into()
}

pub fn query_error(err: error::QueryPayloadError, _req: &HttpRequest) -> error::Error {
    let response = error_response(
        StatusCode::BAD_REQUEST,
        "invalid_query",
        format!("The query string is not valid: {err}"),
    );
    error::InternalError::from_response(err, response).into()
}
