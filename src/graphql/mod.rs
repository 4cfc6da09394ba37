//! The GraphQL schema: queries, object types, inputs and the loaders that batch their reads.
//!
//! Resolvers stay short: they take the loaders or the database from the context, call a
//! service, and wrap the result in an object type.

pub mod auth;
pub mod context;
pub mod error;
pub mod extension;
pub mod input;
pub mod loader;
pub mod mutation;
pub mod node;
pub mod object;
pub mod query;
pub mod scalar;
pub mod subscription;

use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse, Request, Schema, SchemaBuilder};
use sea_orm::DatabaseConnection;

use crate::config::Limits;
use crate::state::AppState;
use mutation::Mutation;
use query::Query;
use subscription::Subscription;

/// The schema served at `/graphql`.
pub type AppSchema = Schema<Query, Mutation, Subscription>;

/// The schema without its runtime data, as `territoires schema` prints it.
pub fn builder() -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(Query::default(), Mutation::default(), Subscription)
        .extension(extension::ErrorCodes)
}

/// The schema wired to the database, the broker and the write gate of `state`, within
/// `limits`.
pub fn build(state: &AppState, limits: &Limits) -> AppSchema {
    let builder = builder()
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity)
        .extension(extension::QueryLimits {
            max_depth: limits.max_depth,
            max_complexity: limits.max_complexity,
            max_aliases: limits.max_aliases,
        })
        .data(state.db.clone())
        .data(state.broker.clone())
        .data(state.metrics.clone())
        .data(state.writes.clone());
    loader::register(builder, &state.db).finish()
}

/// The schema in SDL, exactly as checked in at `schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}

/// What the HTTP layer passes with a request.
#[derive(Clone, Debug)]
pub struct RequestContext {
    pub id: context::RequestId,
    pub credentials: auth::Credentials,
}

/// Executes a (batch of) HTTP request(s), each with loaders of its own that batch one nesting
/// level at a time. Returns the response and the type of the operation(s) run.
pub async fn execute(
    schema: &AppSchema,
    db: &DatabaseConnection,
    context: &RequestContext,
    request: BatchRequest,
) -> (BatchResponse, Vec<Option<OperationType>>) {
    let queue = loader::batching::LoadQueue::default();
    let mut records = Vec::new();
    let mut prepare = |request: Request| {
        let record = context::OperationRecord::default();
        records.push((record.clone(), request.operation_name.clone()));
        loader::attach(request, db, &queue)
            .data(context.credentials.clone())
            .data(context.id.clone())
            .data(record)
    };
    let request = match request {
        BatchRequest::Single(request) => BatchRequest::Single(prepare(request)),
        BatchRequest::Batch(requests) => {
            BatchRequest::Batch(requests.into_iter().map(&mut prepare).collect())
        }
    };
    let response = queue.run(schema.execute_batch(request)).await;
    let kinds = records
        .iter()
        .map(|(record, name)| record.kind_of(name.as_deref()))
        .collect();
    (response, kinds)
}
