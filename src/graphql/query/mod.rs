//! The `Query` root, merged from one part per domain.

mod action;
mod node;
mod plan;
mod priority;
mod recording;
mod region;
mod theme;

use async_graphql::{Context, MergedObject};
use entity::plan as plan_entity;

use crate::error::Error;
use crate::graphql::catalogue::catalogue;
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
fn default_plan<'c>(ctx: &Context<'c>) -> async_graphql::Result<&'c plan_entity::Model> {
    catalogue(ctx)
        .default_plan()
        .map(AsRef::as_ref)
        .ok_or_else(|| {
            Error::NotFound(format!(
                "the default plan {:?} is not loaded",
                service::DEFAULT_PLAN_SLUG
            ))
            .into()
        })
}
