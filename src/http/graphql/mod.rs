//! `/graphql`: GraphQL over HTTP, as the GraphQL-over-HTTP specification has it, and the
//! WebSocket of subscriptions.
//!
//! POST takes `application/json` (anything else: 415); GET takes `query`, `variables`,
//! `operationName` in the URL and never runs a mutation (405). The answer is
//! `application/graphql-response+json` when the client accepts it, where a request that fails
//! before execution (parse, validation, variable coercion) gets 400 and no `data`; otherwise
//! `application/json`, always 200 for a well-formed request. A client that accepts neither
//! gets 406.

pub mod cache;
mod media;
mod respond;
mod run;
mod websocket;

use std::sync::Arc;

use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, Request as GraphqlRequest, Variables};
use poem::http::StatusCode;
use poem::http::header::ALLOW;
use poem::web::Data;
use poem::web::websocket::WebSocket;
use poem::{Body, Request, Response, handler};
use serde::Deserialize;

use self::cache::ResponseCache;
use self::media::{is_json_body, negotiate};
use self::respond::{not_acceptable, refuse};
use self::run::run;
use crate::config::Limits;
use crate::graphql::api::Api;
use crate::graphql::context::operation_type;
use crate::state::AppState;

/// GraphQL over HTTP, POST.
#[handler]
pub async fn post(
    api: Data<&Api>,
    state: Data<&AppState>,
    limits: Data<&Limits>,
    cache: Data<&Option<Arc<ResponseCache>>>,
    request: &Request,
    body: Body,
) -> Response {
    let Some(media) = negotiate(request) else {
        return not_acceptable();
    };
    if !is_json_body(request) {
        return refuse(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a GraphQL POST must have `Content-Type: application/json`",
        );
    }
    let bytes = match body.into_bytes_limit(limits.max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(poem::error::ReadBodyError::PayloadTooLarge) => {
            let message = format!(
                "the request body is larger than {} bytes",
                limits.max_body_bytes
            );
            return refuse(media, StatusCode::PAYLOAD_TOO_LARGE, &message);
        }
        Err(_) => {
            return refuse(
                media,
                StatusCode::BAD_REQUEST,
                "the request body could not be read",
            );
        }
    };
    let batch = match parse_body(&bytes) {
        Ok(batch) => batch,
        Err(message) => return refuse(media, StatusCode::BAD_REQUEST, &message),
    };
    let cache = cache.0.as_deref();
    run(&api, &state, &limits, cache, request, media, batch).await
}

/// GraphQL over HTTP, GET; or the WebSocket of subscriptions when the client asks to upgrade.
#[handler]
pub async fn get(
    api: Data<&Api>,
    state: Data<&AppState>,
    limits: Data<&Limits>,
    cache: Data<&Option<Arc<ResponseCache>>>,
    request: &Request,
    websocket: Option<WebSocket>,
) -> poem::Result<Response> {
    if let Some(websocket) = websocket {
        return websocket::upgrade(&api, &state, &limits.websocket, request, websocket).await;
    }
    let Some(media) = negotiate(request) else {
        return Ok(not_acceptable());
    };
    let params: GetParams = match request.params() {
        Ok(params) => params,
        Err(_) => {
            return Ok(refuse(
                media,
                StatusCode::BAD_REQUEST,
                "the URL's query string is malformed",
            ));
        }
    };
    let Some(query) = params.query else {
        let message = "a GraphQL GET needs a `query` parameter: /graphql?query={regions{name}}";
        return Ok(refuse(media, StatusCode::BAD_REQUEST, message));
    };
    let variables = match params
        .variables
        .as_deref()
        .map(serde_json::from_str::<serde_json::Value>)
        .transpose()
    {
        Ok(variables) => variables.map(Variables::from_json).unwrap_or_default(),
        Err(_) => {
            return Ok(refuse(
                media,
                StatusCode::BAD_REQUEST,
                "`variables` must be a JSON object",
            ));
        }
    };
    let mut single = GraphqlRequest::new(query).variables(variables);
    if let Some(name) = params.operation_name {
        single = single.operation_name(name);
    }
    // The document parsed here is the one executed. One that does not parse gets its error
    // from execution, as in a POST.
    let name = single.operation_name.clone();
    api.parse(&mut single);
    if let Ok(document) = single.parsed_query()
        && operation_type(document, name.as_deref())
            .is_some_and(|kind| kind != OperationType::Query)
    {
        let message =
            "GET runs queries only: send mutations as POST, and subscriptions over the WebSocket";
        let mut response = refuse(media, StatusCode::METHOD_NOT_ALLOWED, message);
        response
            .headers_mut()
            .insert(ALLOW, poem::http::HeaderValue::from_static("POST"));
        return Ok(response);
    }
    let cache = cache.0.as_deref();
    Ok(run(
        &api,
        &state,
        &limits,
        cache,
        request,
        media,
        BatchRequest::Single(single),
    )
    .await)
}

/// The GraphQL request(s) of a POST body: one object, or an array of them for a batch, each
/// with a string `query`.
fn parse_body(bytes: &[u8]) -> Result<BatchRequest, String> {
    let malformed = |detail: String| {
        format!(
            "the body is not a GraphQL request: expected JSON like {{\"query\": \"{{ regions {{ name }} }}\"}} ({detail})"
        )
    };
    let json: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|error| malformed(error.to_string()))?;
    let requests = match &json {
        serde_json::Value::Array(requests) => requests.iter().collect(),
        single => vec![single],
    };
    if let Some(bad) = requests.iter().find(|request| {
        !request
            .get("query")
            .is_some_and(serde_json::Value::is_string)
    }) {
        let detail = if bad.is_object() {
            "`query` must be a string"
        } else {
            "each request must be an object"
        };
        return Err(malformed(detail.to_owned()));
    }
    serde_json::from_value(json).map_err(|error| malformed(error.to_string()))
}

/// The parameters of a GraphQL GET.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParams {
    query: Option<String>,
    variables: Option<String>,
    operation_name: Option<String>,
}
