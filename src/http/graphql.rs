//! `/graphql` over HTTP: POST with a JSON body, or GET with the query in the URL.

use async_graphql_poem::{GraphQLBatchRequest, GraphQLBatchResponse};
use poem::handler;
use poem::web::Data;

use crate::graphql::AppSchema;

#[handler]
pub async fn graphql(
    schema: Data<&AppSchema>,
    request: GraphQLBatchRequest,
) -> GraphQLBatchResponse {
    schema.execute_batch(request.0).await.into()
}
