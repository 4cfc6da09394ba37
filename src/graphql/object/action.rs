//! `Action`.

use async_graphql::{Context, ID, Object, Result};
use entity::action;

use super::{Indicator, Plan, Region, Theme, ThemeLink};
use crate::graphql::global_id::{NodeKind, global_id};
use crate::graphql::loader::{
    IndicatorOfAction, PlanById, RegionsOfAction, ThemeLinksOfAction, ThemesOfAction, load_list,
    load_required,
};

/// One of the plan's actions, as numbered in its summary table.
pub struct Action(pub action::Model);

impl From<action::Model> for Action {
    fn from(model: action::Model) -> Self {
        Self(model)
    }
}

/// One of the plan's actions, as numbered in its summary table.
#[Object]
impl Action {
    /// Opaque, globally unique and stable id.
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Action, self.0.id)
    }

    /// Its number in the plan's summary table.
    async fn number(&self) -> i32 {
        self.0.number
    }

    /// The action, as published.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The plan it belongs to.
    async fn plan(&self, ctx: &Context<'_>) -> Result<Plan> {
        load_required::<PlanById, _, _>(ctx, self.0.plan_id).await
    }

    /// The indicator that measures it.
    async fn indicator(&self, ctx: &Context<'_>) -> Result<Indicator> {
        load_required::<IndicatorOfAction, _, _>(ctx, self.0.id).await
    }

    /// The published list of regions that defined a priority linked to the action, by number.
    #[graphql(complexity = "18 * child_complexity")]
    async fn regions(&self, ctx: &Context<'_>) -> Result<Vec<Region>> {
        load_list::<RegionsOfAction, _, _>(ctx, self.0.id).await
    }

    /// The region list exactly as published: "1, 2, 4, 6, 7, 10 à 15, 17 et 18".
    async fn region_list(&self) -> &str {
        &self.0.region_list
    }

    /// The themes it answers, in theme order: the plan's words tie actions 1 (relève,
    /// croissance), 4 and 6 (innovation) and 5 (économie sociale); actions 2 and 3 are under
    /// croissance by this project's reading. `themeLinks` says which is which.
    #[graphql(complexity = "4 * child_complexity")]
    async fn themes(&self, ctx: &Context<'_>) -> Result<Vec<Theme>> {
        load_list::<ThemesOfAction, _, _>(ctx, self.0.id).await
    }

    /// Its links to `themes`, in theme order, each with its basis (PLAN_RESPONSE or
    /// PROJECT_READING) and the words of the plan quoted for it.
    #[graphql(complexity = "4 * child_complexity")]
    async fn theme_links(&self, ctx: &Context<'_>) -> Result<Vec<ThemeLink>> {
        load_list::<ThemeLinksOfAction, _, _>(ctx, self.0.id).await
    }
}
