//! JSON answers outside `/graphql` (the open-data files, `POST /values.csv`): one content type,
//! and refusals in the shape GraphQL's have (`errors[].extensions.code`), whose internal causes
//! go to the log, never to the client.

use poem::http::StatusCode;
use poem::{Body, Response};

use crate::graphql::error::{code, refusal_body};

/// `body`, a JSON text, with `status`.
pub fn json(status: StatusCode, body: impl Into<Body>) -> Response {
    Response::builder()
        .status(status)
        .content_type("application/json; charset=utf-8")
        .body(body)
}

/// A refusal with `status`, whose body says `message` with `code`.
pub fn refused(status: StatusCode, message: impl Into<String>, code: &'static str) -> Response {
    json(status, refusal_body(message, code))
}

/// The answer to a database failure while `doing` something: the cause (which may hold SQL or
/// file paths) goes to the log; the client learns only that it failed.
pub fn internal(error: &crate::error::Error, doing: &str) -> Response {
    tracing::error!(%error, "database error while {doing}");
    refused(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("Internal error while {doing}"),
        code::INTERNAL,
    )
}
