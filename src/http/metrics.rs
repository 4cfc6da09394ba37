//! `/metrics` in the Prometheus text format.

use poem::web::Data;
use poem::{IntoResponse, Response, handler};

use crate::db::pool_use;
use crate::state::AppState;

#[handler]
pub async fn metrics(state: Data<&AppState>) -> Response {
    let pool = pool_use(&state.db, state.max_connections);
    state
        .metrics
        .render(&state.statements, pool)
        .with_content_type("text/plain; version=0.0.4; charset=utf-8")
        .into_response()
}
