//! `/metrics` in the Prometheus text format (version 0.0.4), which every Prometheus scrapes.

use poem::web::Data;
use poem::{IntoResponse, Response, handler};

use crate::metrics::CONTENT_TYPE;
use crate::state::AppState;

#[handler]
pub async fn metrics(state: Data<&AppState>) -> Response {
    state
        .metrics
        .render()
        .with_content_type(CONTENT_TYPE)
        .into_response()
}
