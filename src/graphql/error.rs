//! The one room where the errors a client reads are made: every GraphQL error leaves with an
//! `extensions.code` from the contract, given here ([`for_client`]), and every refusal the
//! HTTP layer answers before GraphQL runs has its body written here ([`refusal_body`]).
//!
//! Resolvers return service errors with `?`: async-graphql keeps the original error as the
//! GraphQL error's source, and [`for_client`] reads the code from it. A database error's cause
//! is logged with the request's id and never sent.

use std::sync::Arc;

use async_graphql::{ErrorExtensionValues, ErrorExtensions, ServerError, Value};

use super::context::RequestId;
use crate::error::Error;
use crate::service::value::spreadsheet::RowError;

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

/// What a client reads of an internal error, besides the request id.
const INTERNAL_MESSAGE: &str = "Internal error: the request could not be completed";

/// A GraphQL error with `extensions.code` set to `code`, for a resolver to return.
pub fn coded(message: impl Into<String>, code: &'static str) -> async_graphql::Error {
    async_graphql::Error::new(message).extend_with(|_, extensions| extensions.set("code", code))
}

/// A `BAD_USER_INPUT` error whose message says what was wrong and what is allowed.
pub fn bad_input(message: impl Into<String>) -> async_graphql::Error {
    coded(message, code::BAD_USER_INPUT)
}

/// A request refused before execution (a limit, a malformed request), with its code.
pub fn refusal(message: impl Into<String>, code: &'static str) -> ServerError {
    let error = coded(message, code);
    ServerError {
        message: error.message,
        source: None,
        locations: Vec::new(),
        path: Vec::new(),
        extensions: error.extensions,
    }
}

/// The JSON body of a refusal answered before any GraphQL runs: `{"errors": [...]}`.
pub fn refusal_body(message: impl Into<String>, code: &'static str) -> String {
    let body = serde_json::json!({ "errors": [refusal(message, code)] });
    body.to_string()
}

/// `error` as a client may read it. A service error gets its code; an internal one is logged
/// and replaced by a phrase that quotes the request's id, whose log lines hold its cause. The
/// errors the engine raises itself (parse errors, unknown fields, wrong argument types) are
/// all the client's input refused: `BAD_USER_INPUT`.
pub fn for_client(mut error: ServerError, request: Option<&RequestId>) -> ServerError {
    let service = error
        .source::<Error>()
        .or_else(|| error.source::<Arc<Error>>().map(AsRef::as_ref));
    let code = match service {
        Some(Error::NotFound(_)) => Some(code::NOT_FOUND),
        Some(Error::BadInput(_)) => Some(code::BAD_USER_INPUT),
        Some(Error::Database(cause)) => {
            // The cause may hold SQL or file paths: it goes to the log, never to the client.
            let id = request.map_or("", |RequestId(id)| id.as_str());
            tracing::error!(request_id = id, error = %cause, "database error while answering a GraphQL request");
            error.message = INTERNAL_MESSAGE.to_owned();
            Some(code::INTERNAL)
        }
        None => None,
    };
    let extensions = error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default);
    if let Some(code) = code {
        extensions.set("code", code);
    }
    match extensions.get("code") {
        None => extensions.set("code", Value::from(code::BAD_USER_INPUT)),
        Some(Value::String(code)) if code == code::INTERNAL => {
            if let Some(RequestId(id)) = request {
                extensions.set("requestId", Value::from(id.as_str()));
                error.message = format!("{} (request id {id})", error.message);
            }
        }
        Some(_) => {}
    }
    error
}

/// The body refusing a spreadsheet: one error per problem, each with its `line` and `column`
/// (empty for the whole line), then one saying how many more were left out.
pub fn row_errors_body(errors: &[RowError], more: usize) -> String {
    let mut listed: Vec<serde_json::Value> = errors
        .iter()
        .map(|error| {
            serde_json::json!({
                "message": format!("line {}: {}", error.line, error.message),
                "extensions": {
                    "code": code::BAD_USER_INPUT,
                    "line": error.line,
                    "column": error.column,
                },
            })
        })
        .collect();
    if more > 0 {
        listed.push(serde_json::json!({
            "message": format!("{more} more errors are not listed; fix these and send the file again"),
            "extensions": { "code": code::BAD_USER_INPUT, "more": more },
        }));
    }
    serde_json::json!({ "errors": listed }).to_string()
}
