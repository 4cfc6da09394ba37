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
mod websocket;

use std::sync::Arc;

use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse, Request as GraphqlRequest, Variables};
use bytes::Bytes;
use poem::http::HeaderValue;
use poem::http::StatusCode;
use poem::http::header::{ALLOW, AUTHORIZATION, CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use poem::web::Data;
use poem::web::websocket::WebSocket;
use poem::{Body, Request, Response, handler};
use serde::Deserialize;
use serde_json::json;

use self::cache::{Answer, AnswerKey, CachedAnswer, ResponseCache};
use self::media::{ResponseMedia, is_json_body, negotiate};
use crate::config::Limits;
use crate::graphql::api::Api;
use crate::graphql::auth::Credentials;
use crate::graphql::context::operation_type;
use crate::graphql::context::{RequestContext, RequestId};
use crate::graphql::error::{self, code};
use crate::graphql::limits::QueryLimits;
use crate::http::request_log::OperationOutcome;
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

/// Checks the request against the limits, answers it from the cache or executes it, and
/// answers in `media`.
async fn run(
    api: &Api,
    state: &AppState,
    limits: &Limits,
    cache: Option<&ResponseCache>,
    request: &Request,
    media: ResponseMedia,
    mut batch: BatchRequest,
) -> Response {
    if let Err(message) = QueryLimits::from(limits).check_batch(&batch) {
        return refuse(media, StatusCode::BAD_REQUEST, &message);
    }
    let name = match &batch {
        BatchRequest::Single(single) => single.operation_name.clone(),
        BatchRequest::Batch(_) => None,
    };
    // The version is read before execution: an answer is never newer than its label.
    let cached = match (cache, &mut batch) {
        (Some(cache), BatchRequest::Single(single)) => match cache::current_version(state).await {
            Some(version) => AnswerKey::of(media, single, version).map(|key| (cache, key)),
            None => None,
        },
        _ => None,
    };
    let Some((cache, key)) = cached else {
        return execute(api, limits, request, media, batch)
            .await
            .respond(media);
    };
    // The batch stays here until the cache runs `compute`: when another caller computes the
    // answer instead, and it is not to be kept, this caller still has its request to run.
    let mut pending = Some(batch);
    let compute = async {
        // A future runs its body once, when first polled: the batch is still there.
        let batch = pending.take().expect("the batch is taken once");
        let executed = execute(api, limits, request, media, batch).await;
        if executed.is_successful_read() {
            Ok(Bytes::from(executed.body))
        } else {
            Err(executed)
        }
    };
    let answer = match cache.answer(key, compute).await {
        Answer::Tagged { answer, hit } => {
            state.metrics.response_cache(hit);
            answer
        }
        Answer::Computed(executed) => return executed.respond(media),
        Answer::ComputeAgain => {
            let batch = pending.expect("a computation that did not run left the batch");
            return execute(api, limits, request, media, batch)
                .await
                .respond(media);
        }
    };
    let outcome = OperationOutcome {
        kind: "query".to_owned(),
        name,
        outcome: "ok".to_owned(),
    };
    with_outcome(tagged(media, request, &answer), outcome)
}

/// An executed request's answer, before it becomes a response.
struct Executed {
    status: StatusCode,
    body: String,
    /// What ran, for the log line; `None` when the request ran out of time.
    outcome: Option<OperationOutcome>,
    /// One query, answered without error: an answer that may be kept and reused.
    read: bool,
}

impl Executed {
    fn is_successful_read(&self) -> bool {
        self.read && self.status == StatusCode::OK
    }

    /// The response of an answer that is not kept.
    fn respond(self, media: ResponseMedia) -> Response {
        let mut response = json_response(media, self.status, self.body);
        // Answers to writes and failed reads are not to be reused by anyone.
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        match self.outcome {
            Some(outcome) => with_outcome(response, outcome),
            None => response,
        }
    }
}

/// Executes `batch` within the request deadline, with the caller's credentials and id, and
/// answers in `media`.
async fn execute(
    api: &Api,
    limits: &Limits,
    request: &Request,
    media: ResponseMedia,
    batch: BatchRequest,
) -> Executed {
    let name = match &batch {
        BatchRequest::Single(single) => single.operation_name.clone(),
        BatchRequest::Batch(_) => None,
    };
    let header = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    let context = RequestContext {
        id: request
            .extensions()
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId(String::new())),
        credentials: Credentials(header.map(str::to_owned)),
    };
    let execution = api.execute_http(&context, batch);
    let Ok((response, kinds)) = tokio::time::timeout(limits.request_timeout(), execution).await
    else {
        let message = format!(
            "the request did not finish within {} s; ask for less at once",
            limits.request_timeout
        );
        return Executed {
            status: StatusCode::SERVICE_UNAVAILABLE,
            body: error::refusal_body(message, code::QUERY_TOO_COMPLEX),
            outcome: None,
            read: false,
        };
    };
    let (status, body) = answer(media, &response);
    let outcome = OperationOutcome {
        kind: match kinds.as_slice() {
            [Some(kind)] => kind.to_string(),
            [_] => "unknown".to_owned(),
            _ => "batch".to_owned(),
        },
        name,
        outcome: outcome_of(&response),
    };
    Executed {
        status,
        body,
        outcome: Some(outcome),
        read: matches!(kinds.as_slice(), [Some(OperationType::Query)]) && response.is_ok(),
    }
}

/// `ok`, or the code of the first error of the response.
fn outcome_of(response: &BatchResponse) -> String {
    let responses: &[async_graphql::Response] = match response {
        BatchResponse::Single(single) => std::slice::from_ref(single),
        BatchResponse::Batch(responses) => responses,
    };
    responses
        .iter()
        .flat_map(|response| &response.errors)
        .find_map(|error| match error.extensions.as_ref()?.get("code")? {
            async_graphql::Value::String(code) => Some(code.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "ok".to_owned())
}

/// `response`, noting what the request ran, for its log line and metrics.
fn with_outcome(mut response: Response, outcome: OperationOutcome) -> Response {
    response.extensions_mut().insert(outcome);
    response
}

/// A cacheable answer with its entity tag: 304 when the client holds it already.
fn tagged(media: ResponseMedia, request: &Request, answer: &CachedAnswer) -> Response {
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

/// The status and body answering an executed request. The body is serialized straight from
/// the response, which keeps the fields in the order the query asked for them.
fn answer(media: ResponseMedia, response: &BatchResponse) -> (StatusCode, String) {
    let request_error = match response {
        BatchResponse::Single(single) => is_request_error(single),
        BatchResponse::Batch(_) => false,
    };
    let serialized = match (media, response) {
        (ResponseMedia::GraphqlResponse, BatchResponse::Single(single)) if request_error => {
            return (
                StatusCode::BAD_REQUEST,
                json!({ "errors": single.errors }).to_string(),
            );
        }
        _ => serde_json::to_string(response),
    };
    // A response holds strings, numbers and maps with string keys only: it always serializes.
    (StatusCode::OK, serialized.unwrap_or_default())
}

/// Whether a response is a request error: nothing was executed (no data, no error path).
fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty())
}

/// A refusal before execution, with a GraphQL error body saying why.
fn refuse(media: ResponseMedia, status: StatusCode, message: &str) -> Response {
    let body = error::refusal_body(message, code::BAD_USER_INPUT);
    json_response(media, status, body)
}

fn not_acceptable() -> Response {
    let message = "the server answers application/graphql-response+json or application/json; the Accept header allows neither";
    refuse(ResponseMedia::Json, StatusCode::NOT_ACCEPTABLE, message)
}

fn json_response(media: ResponseMedia, status: StatusCode, body: String) -> Response {
    Response::builder()
        .status(status)
        .content_type(media.content_type())
        .body(body)
}
