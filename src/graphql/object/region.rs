//! `Region`.

use async_graphql::{Context, ID, Object, Result};
use entity::region;

use super::{Action, Priority, Theme};
use crate::graphql::global_id::{NodeKind, global_id};
use crate::graphql::loader::{ActionsOfRegion, PrioritiesOfRegion, ThemesOfRegion, load_list};

/// One of the 18 regions of the government strategy for the occupation and vitality of
/// territories.
pub struct Region(pub region::Model);

impl From<region::Model> for Region {
    fn from(model: region::Model) -> Self {
        Self(model)
    }
}

/// One of the 18 regions of the government strategy for the occupation and vitality of
/// territories.
#[Object]
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
    async fn priorities(&self, ctx: &Context<'_>) -> Result<Vec<Priority>> {
        load_list::<PrioritiesOfRegion, _, _>(ctx, self.0.id).await
    }

    /// Distinct themes of its priorities, in theme order.
    #[graphql(complexity = "4 * child_complexity")]
    async fn themes(&self, ctx: &Context<'_>) -> Result<Vec<Theme>> {
        load_list::<ThemesOfRegion, _, _>(ctx, self.0.id).await
    }

    /// Actions whose published region list includes this region, by plan then number.
    #[graphql(complexity = "6 * child_complexity")]
    async fn actions(&self, ctx: &Context<'_>) -> Result<Vec<Action>> {
        load_list::<ActionsOfRegion, _, _>(ctx, self.0.id).await
    }
}
