//! `actions`, `action` and `indicators`.

use async_graphql::{Context, Object, Result};
use sea_orm::DatabaseConnection;

use super::default_plan;
use crate::graphql::loader::{ActionsOfPlan, load_list};
use crate::graphql::object::{Action, Indicator};
use crate::service;

#[derive(Default)]
pub struct ActionQuery;

#[Object]
impl ActionQuery {
    /// Actions of the default plan (the shipped one, "iq-ovt-2018-2020"), by number; another
    /// plan's are under `plan(slug:) { actions }`.
    #[graphql(complexity = "6 * child_complexity")]
    async fn actions(&self, ctx: &Context<'_>) -> Result<Vec<Action>> {
        let plan = default_plan(ctx.data_unchecked::<DatabaseConnection>()).await?;
        load_list::<ActionsOfPlan, _, _>(ctx, plan.id).await
    }

    /// The default plan's action with this number (1 to 6); null if none has it. Another
    /// plan's actions are under `plan(slug:)`.
    async fn action(&self, ctx: &Context<'_>, number: i32) -> Result<Option<Action>> {
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let plan = default_plan(db).await?;
        let action = service::action::by_number(db, plan.id, number).await?;
        Ok(action.map(Action))
    }

    /// Indicators of the default plan (the shipped one), in action order; another plan's are
    /// under `plan(slug:) { indicators }`.
    #[graphql(complexity = "6 * child_complexity")]
    async fn indicators(&self, ctx: &Context<'_>) -> Result<Vec<Indicator>> {
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let plan = default_plan(db).await?;
        let indicators = service::indicator::of_plan(db, plan.id).await?;
        Ok(indicators.into_iter().map(Indicator).collect())
    }
}
