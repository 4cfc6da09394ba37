//! `/metrics` in the Prometheus text format.

use poem::web::Data;
use poem::{IntoResponse, Response, handler};

use crate::state::AppState;

#[handler]
pub async fn metrics(state: Data<&AppState>) -> Response {
    let body = format!(
        "# HELP territoires_db_statements_total SQL statements sent to the database since start.\n\
         # TYPE territoires_db_statements_total counter\n\
         territoires_db_statements_total {}\n",
        state.statements.total()
    );
    body.with_content_type("text/plain; version=0.0.4; charset=utf-8")
        .into_response()
}
