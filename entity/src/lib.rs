//! SeaORM entities of `territoires`: one module per table, plus the exact decimal column type.
//!
//! Architecture invariant: this crate knows nothing of GraphQL or HTTP; the server maps these
//! models to its own types.

pub mod action;
pub mod action_region;
pub mod action_theme;
pub mod exact_decimal;
pub mod indicator;
pub mod plan;
pub mod priority;
pub mod priority_theme;
pub mod region;
pub mod theme;

pub use exact_decimal::ExactDecimal;
