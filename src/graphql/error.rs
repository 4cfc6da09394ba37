//! How service errors reach clients: a message and an `extensions.code` from the contract.

use async_graphql::ErrorExtensions;

use crate::error::Error;

/// The codes of `extensions.code`, as the contract lists them.
pub mod code {
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    pub const FORBIDDEN: &str = "FORBIDDEN";
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const QUERY_TOO_DEEP: &str = "QUERY_TOO_DEEP";
    pub const QUERY_TOO_COMPLEX: &str = "QUERY_TOO_COMPLEX";
    pub const RATE_LIMITED: &str = "RATE_LIMITED";
    pub const INTERNAL: &str = "INTERNAL";
}

/// A GraphQL error with `extensions.code` set to `code`.
pub fn coded(message: impl Into<String>, code: &'static str) -> async_graphql::Error {
    async_graphql::Error::new(message).extend_with(|_, extensions| extensions.set("code", code))
}

/// A `BAD_USER_INPUT` error whose message says what was wrong and what is allowed.
pub fn bad_input(message: impl Into<String>) -> async_graphql::Error {
    coded(message, code::BAD_USER_INPUT)
}

impl ErrorExtensions for Error {
    fn extend(&self) -> async_graphql::Error {
        match self {
            Error::NotFound(message) => coded(message, code::NOT_FOUND),
            Error::BadInput(message) => coded(message, code::BAD_USER_INPUT),
            Error::Database(cause) => {
                // The cause may hold SQL or file paths: it goes to the log, never to the client.
                tracing::error!(error = %cause, "database error while answering a GraphQL request");
                coded(
                    "Internal error: the request could not be completed",
                    code::INTERNAL,
                )
            }
        }
    }
}
