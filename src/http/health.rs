//! `/health`: 200 when the database answers, 503 when it does not.

use std::time::Duration;

use poem::http::StatusCode;
use poem::web::{Data, Json};
use poem::{IntoResponse, Response, handler};
use serde_json::json;

use crate::state::AppState;

/// How long the database may take to answer before it is reported unavailable: a load
/// balancer's probe must get an answer quickly, even while every connection attempt hangs.
const PING_TIMEOUT: Duration = Duration::from_secs(1);

#[handler]
pub async fn health(state: Data<&AppState>) -> Response {
    match tokio::time::timeout(PING_TIMEOUT, state.db.ping()).await {
        Ok(Ok(())) => Json(json!({ "status": "ok" })).into_response(),
        outcome => {
            let reason = match outcome {
                Ok(Err(error)) => error.to_string(),
                _ => format!("no answer within {PING_TIMEOUT:?}"),
            };
            tracing::warn!(%reason, "health check: the database does not answer");
            let body = Json(json!({ "status": "unavailable" }));
            (StatusCode::SERVICE_UNAVAILABLE, body).into_response()
        }
    }
}
