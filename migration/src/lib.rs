//! Schema migrations of `territoires`, one per file, applied in order by [`Migrator`].
//!
//! Architecture invariant: a migration that has landed is never edited; changes come as new
//! migrations.

pub use sea_orm_migration::prelude::*;

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
        ]
    }
}
