//! A response as a client reads it: every error explained and coded ([`finish`]), and, for the
//! WebSocket, written out as JSON once ([`Payload`]), so that the subscribers who share an
//! answer share its text too.

use std::sync::Arc;

use async_graphql::Response;

use super::context::RequestId;
use super::error;
use super::limits::QueryLimits;

/// `response`, each error of which is as a client may read it (see [`error::for_client`]),
/// the limits' own errors with their codes and messages.
pub fn finish(
    limits: &QueryLimits,
    mut response: Response,
    request: Option<&RequestId>,
) -> Response {
    response.errors = std::mem::take(&mut response.errors)
        .into_iter()
        .map(|error| error::for_client(limits.explain(error), request))
        .collect();
    response
}

/// What a client reads if a response could not be written as JSON.
const UNWRITABLE: &str = r#"{"errors":[{"message":"Internal error: the response could not be written","extensions":{"code":"INTERNAL"}}]}"#;

/// A finished response as JSON text (`{"data": …, "errors": […]}`), shared by every
/// subscriber it goes to: a transport frames it without parsing or copying it first.
#[derive(Clone, Debug)]
pub struct Payload(Arc<str>);

impl Payload {
    /// `response`, already finished, as JSON.
    pub fn of(response: &Response) -> Self {
        // A response holds only JSON-shaped values: serializing one does not fail, but if it
        // did, the client would read an internal error rather than nothing.
        let text = serde_json::to_string(response).unwrap_or_else(|_| UNWRITABLE.to_owned());
        Self(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
