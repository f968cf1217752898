//! The service layer's error: what went wrong, in terms a person can act on.
//! `http::error` maps it to a status and the JSON body `{"error":{"code","message"}}`.

use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is well-formed JSON but a value is not acceptable (422).
    #[error("{message}")]
    Invalid { code: &'static str, message: String },
    /// Not logged in, or the credentials are wrong (401).
    #[error("{message}")]
    Unauthenticated { code: &'static str, message: String },
    /// Logged in but not allowed (403).
    #[error("{0}")]
    Forbidden(String),
    /// Does not exist, or the caller may not know it exists (404).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Clashes with existing data, e.g. an email already in use (409).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// Throttled (429), with how long to wait.
    #[error("too many attempts; try again in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    /// A bug or an outage; details go to the log, not to the client.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            code,
            message: message.into(),
        }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        AppError::Internal(anyhow::Error::new(e).context("database"))
    }
}

pub type AppResult<T> = Result<T, AppError>;
