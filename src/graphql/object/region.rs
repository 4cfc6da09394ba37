//! `Region`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use entity::region;

use super::{Action, Priority, Theme};
use crate::graphql::catalogue::{catalogue, objects};
use crate::graphql::global_id::{NodeKind, global_id};

/// One of the 18 regions of the government strategy for the occupation and vitality of
/// territories.
pub struct Region(pub Arc<region::Model>);

impl From<Arc<region::Model>> for Region {
    fn from(model: Arc<region::Model>) -> Self {
        Self(model)
    }
}

impl From<region::Model> for Region {
    fn from(model: region::Model) -> Self {
        Self(Arc::new(model))
    }
}

/// One of the 18 regions of the government strategy for the occupation and vitality of
/// territories.
#[Object(serial)]
impl Region {
    /// Opaque, globally unique and stable id.
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Region, self.0.id)
    }

    /// 1 to 18: the order of the strategy's list (Abitibi-Témiscamingue = 1, Saguenay–Lac-Saint-Jean = 18).
    async fn number(&self) -> i32 {
        self.0.number
    }

    /// Lower-case ASCII, words joined by '-': "saguenay-lac-saint-jean", "iles-de-la-madeleine".
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// Exactly as published: "Saguenay–Lac-Saint-Jean" (en dash), "Îles-de-la-Madeleine".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Official two-digit code of Québec's administrative region ("08" for Abitibi-Témiscamingue). Gaspésie and Îles-de-la-Madeleine share "11".
    async fn admin_region_code(&self) -> &str {
        &self.0.admin_region_code
    }

    /// Its priorities targeted by the plans, by number: each once, whichever plans target it.
    #[graphql(complexity = "5 * child_complexity")]
    async fn priorities(&self, ctx: &Context<'_>) -> Vec<Priority> {
        objects(catalogue(ctx).priorities_of_region(self.0.id))
    }

    /// Distinct themes of its priorities, in theme order.
    #[graphql(complexity = "4 * child_complexity")]
    async fn themes(&self, ctx: &Context<'_>) -> Vec<Theme> {
        objects(catalogue(ctx).themes_of_region(self.0.id))
    }

    /// Actions whose published region list includes this region, by plan then number.
    #[graphql(complexity = "6 * child_complexity")]
    async fn actions(&self, ctx: &Context<'_>) -> Vec<Action> {
        objects(catalogue(ctx).actions_of_region(self.0.id))
    }
}
