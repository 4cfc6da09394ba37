//! `Priority`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result};
use entity::priority;

use super::{Action, Plan, Region, Theme, ThemeLink};
use crate::graphql::catalogue::{catalogue, objects, required};
use crate::graphql::global_id::{NodeKind, global_id};

/// A priority a region defined in the strategy, as the plans that target it quote it.
pub struct Priority(pub Arc<priority::Model>);

impl From<Arc<priority::Model>> for Priority {
    fn from(model: Arc<priority::Model>) -> Self {
        Self(model)
    }
}

impl From<priority::Model> for Priority {
    fn from(model: priority::Model) -> Self {
        Self(Arc::new(model))
    }
}

/// A priority a region defined in the strategy, as the plans that target it quote it.
#[Object(serial)]
impl Priority {
    /// Opaque, globally unique and stable id.
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Priority, self.0.id)
    }

    /// As published: "PRIORITÉ 5" is 5.
    async fn number(&self) -> i32 {
        self.0.number
    }

    /// The priority's statement, as published.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The quoted passage, without its guillemets.
    async fn excerpt(&self) -> &str {
        &self.0.excerpt
    }

    /// The region that defined it.
    async fn region(&self, ctx: &Context<'_>) -> Result<Region> {
        required(
            catalogue(ctx).region(self.0.region_id),
            "region",
            self.0.region_id,
        )
    }

    /// The themes it belongs to, in theme order, in each plan that targets it (themes are a
    /// plan's: two plans' themes of one key are two themes). Where the plan's summary table speaks
    /// (innovation, économie sociale) it decides; the other themes are this project's reading
    /// of the priority's words. `themeLinks` says which is which (see the README).
    #[graphql(complexity = "4 * child_complexity")]
    async fn themes(&self, ctx: &Context<'_>) -> Vec<Theme> {
        objects(catalogue(ctx).themes_of_priority(self.0.id))
    }

    /// Its links to `themes`, in theme order, each with its basis (SUMMARY_TABLE or
    /// PRIORITY_WORDS) and the words quoted for it.
    #[graphql(complexity = "4 * child_complexity")]
    async fn theme_links(&self, ctx: &Context<'_>) -> Vec<ThemeLink> {
        objects(catalogue(ctx).theme_links_of_priority(self.0.id))
    }

    /// The plans that target it, in loading order: a region's priority is one, whichever
    /// plans answer it.
    #[graphql(complexity = "2 * child_complexity")]
    async fn plans(&self, ctx: &Context<'_>) -> Vec<Plan> {
        objects(catalogue(ctx).plans_of_priority(self.0.id))
    }

    /// The actions that answer it, by plan then number: those of every plan that targets it,
    /// tied to one of its themes in that plan, whose region list includes its region.
    #[graphql(complexity = "6 * child_complexity")]
    async fn actions(&self, ctx: &Context<'_>) -> Vec<Action> {
        objects(catalogue(ctx).actions_of_priority(self.0.id))
    }
}
