//! The GraphQL schema: queries, object types, inputs and the loaders that batch their reads.
//!
//! Resolvers stay short: they take the loaders or the database from the context, call a
//! service, and wrap the result in an object type.

pub mod api;
pub mod auth;
pub mod context;
pub mod error;
pub mod global_id;
pub mod input;
pub mod limits;
pub mod loader;
pub mod mutation;
pub mod node;
pub mod object;
pub mod query;
pub mod scalar;
pub mod subscription;

use async_graphql::{Schema, SchemaBuilder};

use crate::config::Limits;
use crate::state::AppState;
use api::Api;
use limits::QueryLimits;
use mutation::Mutation;
use query::Query;
use subscription::Subscription;

/// The schema served at `/graphql`.
pub type AppSchema = Schema<Query, Mutation, Subscription>;

/// The schema without its runtime data, as `territoires schema` prints it.
pub fn builder() -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(Query::default(), Mutation::default(), Subscription)
}

/// The schema wired to the database, the broker and the write side of `state`, within
/// `limits`.
pub fn build(state: &AppState, limits: &Limits) -> Api {
    // Depth is judged by `QueryLimits::admit`, which tells introspection from data.
    let builder = builder()
        .limit_complexity(limits.max_complexity)
        .data(state.db.clone())
        .data(state.broker.clone())
        .data(state.metrics.clone())
        .data(state.writer.clone());
    let schema = loader::register(builder, &state.db).finish();
    Api::new(
        schema,
        QueryLimits::from(limits),
        state.db.clone(),
        state.broker.clone(),
    )
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
