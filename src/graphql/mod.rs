//! The GraphQL schema: queries, object types, inputs and the loaders that batch their reads.
//!
//! Resolvers stay short: they take the loaders or the database from the context, call a
//! service, and wrap the result in an object type.

pub mod error;
pub mod extension;
pub mod input;
pub mod loader;
pub mod node;
pub mod object;
pub mod query;
pub mod scalar;

use async_graphql::{
    BatchRequest, BatchResponse, EmptyMutation, EmptySubscription, Schema, SchemaBuilder,
};
use sea_orm::DatabaseConnection;

use crate::state::AppState;
use query::Query;

/// The schema served at `/graphql`.
pub type AppSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The schema without its runtime data, as `territoires schema` prints it.
pub fn builder() -> SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .extension(extension::ErrorCodes)
}

/// The schema wired to the database of `state`.
pub fn build(state: &AppState) -> AppSchema {
    let builder = builder().data(state.db.clone());
    loader::register(builder, &state.db).finish()
}

/// The schema in SDL, exactly as checked in at `schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}

/// Executes a (batch of) HTTP request(s), each with loaders of its own that batch one nesting
/// level at a time.
pub async fn execute(
    schema: &AppSchema,
    db: &DatabaseConnection,
    request: BatchRequest,
) -> BatchResponse {
    let queue = loader::batching::LoadQueue::default();
    let request = match request {
        BatchRequest::Single(request) => BatchRequest::Single(loader::attach(request, db, &queue)),
        BatchRequest::Batch(requests) => BatchRequest::Batch(
            requests
                .into_iter()
                .map(|request| loader::attach(request, db, &queue))
                .collect(),
        ),
    };
    queue.run(schema.execute_batch(request)).await
}
