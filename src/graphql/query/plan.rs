//! `plans` and `plan`.

use async_graphql::{Context, Object};

use crate::graphql::catalogue::{catalogue, objects};
use crate::graphql::object::Plan;
use crate::service;

#[derive(Default)]
pub struct PlanQuery;

#[Object]
impl PlanQuery {
    /// Every loaded plan, in loading order: the shipped (default) plan first, then those
    /// `territoires import` loaded.
    #[graphql(complexity = "2 * child_complexity")]
    async fn plans(&self, ctx: &Context<'_>) -> Vec<Plan> {
        objects(catalogue(ctx).plans())
    }

    /// With no slug: the default plan (the only one shipped: slug "iq-ovt-2018-2020"), whatever
    /// other plans are imported; with a slug, that plan, or null if none is loaded under it.
    async fn plan(&self, ctx: &Context<'_>, slug: Option<String>) -> Option<Plan> {
        let slug = slug.as_deref().unwrap_or(service::DEFAULT_PLAN_SLUG);
        catalogue(ctx).plan_by_slug(slug).cloned().map(Plan)
    }
}
