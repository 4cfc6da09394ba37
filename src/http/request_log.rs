//! Every request gets an id (the client's `X-Request-Id` when it sends a sane one), runs in a
//! tracing span that carries it, is counted in the metrics, and is logged in one line with
//! its operation, duration and outcome.

use std::sync::Arc;
use std::time::Instant;

use poem::http::HeaderValue;
use poem::{Endpoint, IntoResponse, Request, Response, Result};
use tracing::Instrument;

use crate::db::StatementCounter;
use crate::graphql::context::RequestId;
use crate::state::AppState;

/// The header that carries the request id, both ways.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// What the GraphQL endpoint ran, for the request's log line and metrics.
#[derive(Clone, Debug)]
pub struct OperationOutcome {
    /// `query`, `mutation` or `subscription` (`unknown` when the document did not parse).
    pub kind: String,
    pub name: Option<String>,
    /// `ok`, or the code of the first error.
    pub outcome: String,
}

/// Wraps `endpoint`'s handling of `request` with its id, span, log line and metrics.
pub async fn around<E: Endpoint>(
    endpoint: Arc<E>,
    mut request: Request,
    state: AppState,
) -> Result<Response> {
    let id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|value| is_sane_id(value))
        .map_or_else(new_id, str::to_owned);
    request.extensions_mut().insert(RequestId(id.clone()));
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let span = tracing::info_span!("request", request_id = %id);
    let started = Instant::now();
    let serving = StatementCounter::serving(endpoint.call(request));
    let mut response = match serving.instrument(span.clone()).await {
        Ok(response) => response.into_response(),
        Err(error) => error.into_response(),
    };
    let duration = started.elapsed();
    let status = response.status().as_u16();
    let graphql = response.extensions().get::<OperationOutcome>().cloned();
    let (kind, outcome) = match &graphql {
        Some(operation) => (operation.kind.clone(), operation.outcome.clone()),
        None => (
            path_kind(&path).to_owned(),
            if status < 400 {
                "ok".to_owned()
            } else {
                format!("http_{status}")
            },
        ),
    };
    state.metrics.request(&kind, &outcome, duration);
    let operation_name = graphql
        .as_ref()
        .and_then(|operation| operation.name.as_deref())
        .unwrap_or("");
    tracing::info!(
        parent: &span,
        %method,
        path,
        status,
        operation = kind,
        operation_name,
        outcome,
        duration_ms = duration.as_secs_f64() * 1000.0,
        "request"
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    Ok(response)
}

/// A request id a client may choose: short, and only characters safe in logs and headers.
fn is_sane_id(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

/// A random 64-bit request id in hex.
fn new_id() -> String {
    let mut bytes = [0_u8; 8];
    // Without randomness the id is still unique enough for logs: fall back to the clock.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        bytes = (nanos as u64).to_be_bytes();
    }
    hex::encode(bytes)
}

/// How a non-GraphQL request is counted.
fn path_kind(path: &str) -> &'static str {
    match path {
        "/health" => "health",
        "/metrics" => "metrics",
        "/graphql" => "graphql",
        path if path.starts_with("/graphiql") => "graphiql",
        _ => "other",
    }
}
