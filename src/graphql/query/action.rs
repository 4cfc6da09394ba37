//! `actions`, `action` and `indicators`.

use async_graphql::{Context, Object, Result};

use super::default_plan;
use crate::graphql::catalogue::{catalogue, objects};
use crate::graphql::object::{Action, Indicator};

#[derive(Default)]
pub struct ActionQuery;

#[Object]
impl ActionQuery {
    /// Actions of the default plan (the shipped one, "iq-ovt-2018-2020"), by number; another
    /// plan's are under `plan(slug:) { actions }`.
    #[graphql(complexity = "6 * child_complexity")]
    async fn actions(&self, ctx: &Context<'_>) -> Result<Vec<Action>> {
        let plan = default_plan(ctx)?;
        Ok(objects(catalogue(ctx).actions_of_plan(plan.id)))
    }

    /// The default plan's action with this number (1 to 6); null if none has it. Another
    /// plan's actions are under `plan(slug:)`.
    async fn action(&self, ctx: &Context<'_>, number: i32) -> Result<Option<Action>> {
        let plan = default_plan(ctx)?;
        let action = catalogue(ctx).action_by_number(plan.id, number);
        Ok(action.cloned().map(Action))
    }

    /// Indicators of the default plan (the shipped one), in action order; another plan's are
    /// under `plan(slug:) { indicators }`.
    #[graphql(complexity = "6 * child_complexity")]
    async fn indicators(&self, ctx: &Context<'_>) -> Result<Vec<Indicator>> {
        let plan = default_plan(ctx)?;
        Ok(objects(catalogue(ctx).indicators_of_plan(plan.id)))
    }
}
