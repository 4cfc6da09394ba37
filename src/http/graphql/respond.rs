//! The responses of `/graphql`: JSON bodies in the negotiated media type, refusals before
//! execution, cached answers with their entity tag, and the note of what ran for the log.

use poem::http::StatusCode;
use poem::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use poem::{Request, Response};

use super::cache::CachedAnswer;
use super::media::ResponseMedia;
use crate::graphql::error::{self, code};
use crate::http::request_log::OperationOutcome;

/// `response`, noting what the request ran, for its log line and metrics.
pub fn with_outcome(mut response: Response, outcome: OperationOutcome) -> Response {
    response.extensions_mut().insert(outcome);
    response
}

/// A cacheable answer with its entity tag: 304 when the client holds it already.
pub fn tagged(media: ResponseMedia, request: &Request, answer: &CachedAnswer) -> Response {
    let fresh = request
        .headers()
        .get(IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == answer.etag));
    let builder = Response::builder()
        .header(ETAG, answer.etag.as_str())
        // Clients and proxies may keep it, but must ask again: the next write changes it.
        .header(CACHE_CONTROL, "no-cache");
    if fresh {
        return builder.status(StatusCode::NOT_MODIFIED).finish();
    }
    builder
        .status(StatusCode::OK)
        .content_type(media.content_type())
        .body(answer.body.clone())
}

/// A refusal before execution, with a GraphQL error body saying why.
pub fn refuse(media: ResponseMedia, status: StatusCode, message: &str) -> Response {
    let body = error::refusal_body(message, code::BAD_USER_INPUT);
    json_response(media, status, body)
}

pub fn not_acceptable() -> Response {
    let message = "the server answers application/graphql-response+json or application/json; the Accept header allows neither";
    refuse(ResponseMedia::Json, StatusCode::NOT_ACCEPTABLE, message)
}

pub fn json_response(media: ResponseMedia, status: StatusCode, body: String) -> Response {
    Response::builder()
        .status(status)
        .content_type(media.content_type())
        .body(body)
}
