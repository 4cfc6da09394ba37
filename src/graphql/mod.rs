//! The GraphQL schema: queries, object types, inputs and the loaders that batch their reads.
//!
//! Resolvers stay short: they take the loaders or the database from the context, call a
//! service, and wrap the result in an object type. `api` is the schema as clients reach it;
//! `schema` its type and SDL.

pub mod answer;
pub mod api;
pub mod auth;
pub mod catalogue;
pub mod context;
pub mod document;
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
pub mod schema;
pub mod subscription;
