//! `Theme`.

use async_graphql::{Context, ID, Object, Result};
use entity::theme;

use super::{Action, Priority, Region, ThemeKey};
use crate::graphql::global_id::{NodeKind, global_id};
use crate::graphql::loader::{ActionsOfTheme, PrioritiesOfTheme, RegionsOfTheme, load_list};

/// A theme (enjeu) under which the plan groups the regions' priorities, with its response.
pub struct Theme(pub theme::Model);

impl From<theme::Model> for Theme {
    fn from(model: theme::Model) -> Self {
        Self(model)
    }
}

/// A theme (enjeu) under which the plan groups the regions' priorities, with its response.
#[Object]
impl Theme {
    /// Opaque, globally unique and stable id.
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Theme, self.0.id)
    }

    /// Stable key of the theme.
    async fn key(&self) -> Result<ThemeKey> {
        Ok(ThemeKey::from_stored(&self.0.key)?)
    }

    /// Name as published: "La relève".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The plan's response to this theme, as published.
    async fn response(&self) -> &str {
        &self.0.response
    }

    /// Priorities in this theme, by region number then priority number.
    #[graphql(complexity = "40 * child_complexity")]
    async fn priorities(&self, ctx: &Context<'_>) -> Result<Vec<Priority>> {
        load_list::<PrioritiesOfTheme, _, _>(ctx, self.0.id).await
    }

    /// Regions with at least one priority in this theme, by number.
    #[graphql(complexity = "18 * child_complexity")]
    async fn regions(&self, ctx: &Context<'_>) -> Result<Vec<Region>> {
        load_list::<RegionsOfTheme, _, _>(ctx, self.0.id).await
    }

    /// Actions that answer this theme, by number.
    #[graphql(complexity = "6 * child_complexity")]
    async fn actions(&self, ctx: &Context<'_>) -> Result<Vec<Action>> {
        load_list::<ActionsOfTheme, _, _>(ctx, self.0.id).await
    }
}
