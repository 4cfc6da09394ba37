//! `Action`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result};
use entity::action;

use super::{Indicator, Plan, Region, Theme, ThemeLink};
use crate::graphql::catalogue::{catalogue, objects, required};
use crate::graphql::global_id::{NodeKind, global_id};

/// One of the plan's actions, as numbered in its summary table.
pub struct Action(pub Arc<action::Model>);

impl From<Arc<action::Model>> for Action {
    fn from(model: Arc<action::Model>) -> Self {
        Self(model)
    }
}

impl From<action::Model> for Action {
    fn from(model: action::Model) -> Self {
        Self(Arc::new(model))
    }
}

/// One of the plan's actions, as numbered in its summary table.
#[Object(serial)]
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
        required(catalogue(ctx).plan(self.0.plan_id), "plan", self.0.plan_id)
    }

    /// The indicator that measures it.
    async fn indicator(&self, ctx: &Context<'_>) -> Result<Indicator> {
        let indicator = catalogue(ctx).indicator_of_action(self.0.id);
        required(indicator, "indicator of the action", self.0.id)
    }

    /// The published list of regions that defined a priority linked to the action, by number.
    #[graphql(complexity = "18 * child_complexity")]
    async fn regions(&self, ctx: &Context<'_>) -> Vec<Region> {
        objects(catalogue(ctx).regions_of_action(self.0.id))
    }

    /// The region list exactly as published: "1, 2, 4, 6, 7, 10 à 15, 17 et 18".
    async fn region_list(&self) -> &str {
        &self.0.region_list
    }

    /// The themes it answers, in theme order: the plan's words tie actions 1 (relève,
    /// croissance), 4 and 6 (innovation) and 5 (économie sociale); actions 2 and 3 are under
    /// croissance by this project's reading. `themeLinks` says which is which.
    #[graphql(complexity = "4 * child_complexity")]
    async fn themes(&self, ctx: &Context<'_>) -> Vec<Theme> {
        objects(catalogue(ctx).themes_of_action(self.0.id))
    }

    /// Its links to `themes`, in theme order, each with its basis (PLAN_RESPONSE or
    /// PROJECT_READING) and the words of the plan quoted for it.
    #[graphql(complexity = "4 * child_complexity")]
    async fn theme_links(&self, ctx: &Context<'_>) -> Vec<ThemeLink> {
        objects(catalogue(ctx).theme_links_of_action(self.0.id))
    }
}
