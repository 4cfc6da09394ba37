//! Schema migrations of `territoires`, one per file, applied in order by [`Migrator`].
//!
//! Architecture invariant: a migration that has landed is never edited; changes come as new
//! migrations.

pub use sea_orm_migration::prelude::*;

mod append_only;
mod exact_decimal;
mod m20260101_000001_create_plan;
mod m20260101_000002_create_region;
mod m20260101_000003_create_theme;
mod m20260101_000004_create_priority;
mod m20260101_000005_create_priority_theme;
mod m20260101_000006_create_action;
mod m20260101_000007_create_action_region;
mod m20260101_000008_create_action_theme;
mod m20260101_000009_create_indicator;
mod m20260101_000010_create_api_token;
mod m20260101_000011_create_indicator_value;
mod m20260101_000012_create_indicator_event;
mod m20260101_000013_create_idempotency_key;
mod m20261202_000001_theme_link_basis;
mod m20261202_000002_create_plan_section;
mod m20261215_000001_index_indicator_value_recorder;
mod m20261220_000001_plan_catalogue;

/// Every migration of the schema, oldest first.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20260101_000001_create_plan::Migration),
            Box::new(m20260101_000002_create_region::Migration),
            Box::new(m20260101_000003_create_theme::Migration),
            Box::new(m20260101_000004_create_priority::Migration),
            Box::new(m20260101_000005_create_priority_theme::Migration),
            Box::new(m20260101_000006_create_action::Migration),
            Box::new(m20260101_000007_create_action_region::Migration),
            Box::new(m20260101_000008_create_action_theme::Migration),
            Box::new(m20260101_000009_create_indicator::Migration),
            Box::new(m20260101_000010_create_api_token::Migration),
            Box::new(m20260101_000011_create_indicator_value::Migration),
            Box::new(m20260101_000012_create_indicator_event::Migration),
            Box::new(m20260101_000013_create_idempotency_key::Migration),
            Box::new(m20261202_000001_theme_link_basis::Migration),
            Box::new(m20261202_000002_create_plan_section::Migration),
            Box::new(m20261215_000001_index_indicator_value_recorder::Migration),
            Box::new(m20261220_000001_plan_catalogue::Migration),
        ]
    }
}
