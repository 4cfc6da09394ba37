//! Domain logic over the entities: reads of the plan's graph, batched by owner for the
//! GraphQL loaders.
//!
//! Architecture invariant: nothing here imports async-graphql or poem. Every function takes
//! `&impl ConnectionTrait`, so it runs alike on a pool or inside a transaction.

pub mod action;
pub mod catalogue;
pub mod event;
pub mod indicator;
pub mod open_data;
pub mod owned;
pub mod plan;
pub mod priority;
pub mod progress;
pub mod region;
pub mod section;
pub mod text;
pub mod theme;
pub mod theme_link;
pub mod token;
pub mod value;
pub mod vocabulary;

/// Slug of the plan shipped with the server, answered when a query names no plan.
pub const DEFAULT_PLAN_SLUG: &str = "iq-ovt-2018-2020";
