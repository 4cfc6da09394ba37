//! `Priority`.

use async_graphql::{Context, ID, Object, Result};
use entity::priority;

use super::{Region, Theme};
use crate::graphql::global_id::{NodeKind, global_id};
use crate::graphql::loader::{RegionById, ThemesOfPriority, load_list, load_required};

/// A priority a region defined in the strategy, as the plan quotes it.
pub struct Priority(pub priority::Model);

impl From<priority::Model> for Priority {
    fn from(model: priority::Model) -> Self {
        Self(model)
    }
}

/// A priority a region defined in the strategy, as the plan quotes it.
#[Object]
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
        load_required::<RegionById, _, _>(ctx, self.0.region_id).await
    }

    /// The themes it belongs to, in theme order. The plan does not publish this link: each
    /// priority was classified from its own words (see the README).
    #[graphql(complexity = "4 * child_complexity")]
    async fn themes(&self, ctx: &Context<'_>) -> Result<Vec<Theme>> {
        load_list::<ThemesOfPriority, _, _>(ctx, self.0.id).await
    }
}
