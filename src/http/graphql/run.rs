//! Running a GraphQL-over-HTTP request: the limits, the response cache, execution within the
//! deadline, and the answer's status and body.

use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse};
use bytes::Bytes;
use poem::http::header::{AUTHORIZATION, CACHE_CONTROL};
use poem::http::{HeaderValue, StatusCode};
use poem::{Request, Response};
use serde_json::json;

use super::cache::{Answer, ResponseCache};
use super::media::ResponseMedia;
use super::respond::{json_response, refuse, tagged, with_outcome};
use crate::config::Limits;
use crate::graphql::api::Api;
use crate::graphql::auth::Credentials;
use crate::graphql::context::{RequestContext, RequestId};
use crate::graphql::error::{self, code};
use crate::graphql::limits::QueryLimits;
use crate::http::request_log::OperationOutcome;
use crate::service::value::version::DataVersion;
use crate::state::AppState;

/// Checks the request against the limits, answers it from the cache or executes it, and
/// answers in `media`.
pub async fn run(
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
    // A request with a token is not cached: what it may read depends on the token's role,
    // checked anew at each request (`graphql::auth`), which a kept answer would skip.
    let cache = cache.filter(|_| !request.headers().contains_key(AUTHORIZATION));
    // The version is read before execution: an answer is never newer than its label, and the
    // catalogue it reads is at least as new as the version.
    let version = state.versions.current().await;
    let cached = match (cache, version, &mut batch) {
        (Some(cache), Some(version), BatchRequest::Single(single)) => cache
            .key(media, single, version)
            .await
            .map(|key| (cache, key)),
        _ => None,
    };
    let Some((cache, key)) = cached else {
        return execute(api, limits, request, media, batch, version)
            .await
            .respond(media);
    };
    // The batch stays here until the cache runs `compute`: when another caller computes the
    // answer instead, and it is not to be kept, this caller still has its request to run.
    let mut pending = Some(batch);
    let compute = async {
        // A future runs its body once, when first polled: the batch is still there.
        let batch = pending.take().expect("the batch is taken once");
        let executed = execute(api, limits, request, media, batch, version).await;
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
            return execute(api, limits, request, media, batch, version)
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

/// Executes `batch` within the request deadline, with the caller's credentials and id, at the
/// data `version` read for it, and answers in `media`.
async fn execute(
    api: &Api,
    limits: &Limits,
    request: &Request,
    media: ResponseMedia,
    batch: BatchRequest,
    version: Option<DataVersion>,
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
        version,
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

/// The status and body answering an executed request. The body is serialized straight from
/// the response, not through `serde_json::Value`, which would sort its fields by name.
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
