//! The schema's type, made of its three roots, and its SDL as `territoires schema` prints it.

use async_graphql::{Schema, SchemaBuilder};

use super::mutation::Mutation;
use super::query::Query;
use super::subscription::Subscription;

/// The schema served at `/graphql`.
pub type AppSchema = Schema<Query, Mutation, Subscription>;

/// The schema without its runtime data, as `territoires schema` prints it.
pub fn builder() -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(Query::default(), Mutation::default(), Subscription)
}

/// The schema in SDL, exactly as checked in at `schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}
