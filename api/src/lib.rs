//! Wire types shared by the Earshot server and its web app.
//!
//! One definition of every request and response body. No I/O here: this crate compiles to
//! wasm for the frontend. Times are Unix seconds (UTC); the browser formats them locally.

use serde::{Deserialize, Serialize};

pub mod auth;
pub mod channels;
pub mod inbox;
pub mod permissions;
pub mod reports;
pub mod topics;
pub mod users;

pub use auth::*;
pub use channels::*;
pub use inbox::*;
pub use permissions::{Permission, Role};
pub use reports::*;
pub use topics::*;
pub use users::*;

/// The body of every error answer: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `invalid_credentials`, `too_many_attempts`.
    pub code: String,
    /// A sentence a person can act on.
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

/// For `Option<Option<T>>` fields of update requests: a field that is present counts as
/// given, so `null` (`Some(None)`: clear it) differs from absent (`None`: leave it).
pub(crate) fn present<'de, T: Deserialize<'de>, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A page of results with an opaque cursor for the next page (`None` at the end).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}
