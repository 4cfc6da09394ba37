//! The one error type of the service layer.
//!
//! Its `Display` is what a client may read: a database error displays as a fixed phrase, so
//! that no SQL, file path or driver message can reach a client even by accident. The cause is
//! kept for the logs.

use sea_orm::DbErr;

/// What a service call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input names something that does not exist; the message says what.
    #[error("{0}")]
    NotFound(String),
    /// The input is malformed or out of range; the message says what is allowed.
    #[error("{0}")]
    BadInput(String),
    /// The database failed. Logged in full, shown to clients as an internal error.
    #[error("internal error")]
    Database(#[from] DbErr),
}

/// Result of a service call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
