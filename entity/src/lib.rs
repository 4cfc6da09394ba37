//! SeaORM entities of `territoires`: one module per table, plus the exact decimal column type.
//!
//! Architecture invariant: this crate knows nothing of GraphQL or HTTP; the server maps these
//! models to its own types.

pub mod action;
pub mod action_region;
pub mod action_theme;
pub mod api_token;
pub mod exact_decimal;
pub mod idempotency_key;
pub mod indicator;
pub mod indicator_event;
pub mod indicator_value;
pub mod plan;
pub mod plan_paragraph;
pub mod plan_priority;
pub mod plan_section;
pub mod priority;
pub mod priority_theme;
pub mod region;
pub mod theme;

pub use exact_decimal::ExactDecimal;
