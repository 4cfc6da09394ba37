//! `plans` and `plan`.

use async_graphql::{Context, Object, Result};
use sea_orm::DatabaseConnection;

use crate::graphql::object::Plan;
use crate::service;

#[derive(Default)]
pub struct PlanQuery;

#[Object]
impl PlanQuery {
    /// Every loaded plan, in loading order: the shipped (default) plan first, then those
    /// `territoires import` loaded.
    #[graphql(complexity = "2 * child_complexity")]
    async fn plans(&self, ctx: &Context<'_>) -> Result<Vec<Plan>> {
        let plans = service::plan::all(ctx.data_unchecked::<DatabaseConnection>()).await?;
        Ok(plans.into_iter().map(Plan).collect())
    }

    /// With no slug: the default plan (the only one shipped: slug "iq-ovt-2018-2020"), whatever
    /// other plans are imported; with a slug, that plan, or null if none is loaded under it.
    async fn plan(&self, ctx: &Context<'_>, slug: Option<String>) -> Result<Option<Plan>> {
        let slug = slug.as_deref().unwrap_or(service::DEFAULT_PLAN_SLUG);
        let plan = service::plan::by_slug(ctx.data_unchecked::<DatabaseConnection>(), slug).await?;
        Ok(plan.map(Plan))
    }
}
