//! The `Query` root, merged from one part per domain.

mod action;
mod node;
mod plan;
mod priority;
mod recording;
mod region;
mod theme;

use async_graphql::MergedObject;
use entity::plan as plan_entity;

use crate::error::Error;
use crate::service;

/// Every read of the graph.
#[derive(MergedObject, Default)]
pub struct Query(
    node::NodeQuery,
    plan::PlanQuery,
    region::RegionQuery,
    priority::PriorityQuery,
    theme::ThemeQuery,
    action::ActionQuery,
    recording::RecordingQuery,
);

/// The plan answered when a query names none.
async fn default_plan(
    db: &sea_orm::DatabaseConnection,
) -> async_graphql::Result<plan_entity::Model> {
    service::plan::default(db).await?.ok_or_else(|| {
        Error::NotFound(format!(
            "the default plan {:?} is not loaded",
            service::DEFAULT_PLAN_SLUG
        ))
        .into()
    })
}
