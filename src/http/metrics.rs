//! `/metrics` in the Prometheus text format (version 0.0.4), which every Prometheus scrapes.

use std::sync::Arc;

use poem::web::Data;
use poem::{IntoResponse, Response, handler};

use super::graphql::cache::ResponseCache;
use crate::metrics::CONTENT_TYPE;
use crate::state::AppState;

#[handler]
pub async fn metrics(state: Data<&AppState>, cache: Data<&Option<Arc<ResponseCache>>>) -> Response {
    if let Some(cache) = cache.0 {
        state
            .metrics
            .response_cache_bytes(cache.weighted_bytes().await);
    }
    state
        .metrics
        .render()
        .with_content_type(CONTENT_TYPE)
        .into_response()
}
