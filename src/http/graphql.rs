//! `/graphql` over HTTP: POST with a JSON body, or GET with the query in the URL.

use async_graphql_poem::{GraphQLBatchRequest, GraphQLBatchResponse};
use poem::handler;
use poem::web::Data;

use crate::graphql::{AppSchema, execute};
use crate::state::AppState;

#[handler]
pub async fn graphql(
    schema: Data<&AppSchema>,
    state: Data<&AppState>,
    request: GraphQLBatchRequest,
) -> GraphQLBatchResponse {
    execute(&schema, &state.db, request.0).await.into()
}
