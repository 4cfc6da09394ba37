//! `Theme`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result};
use entity::theme;

use super::{Action, Priority, Region, ThemeKey};
use crate::graphql::catalogue::{catalogue, objects};
use crate::graphql::global_id::{NodeKind, global_id};

/// A theme (enjeu) under which the plan groups the regions' priorities, with its response.
pub struct Theme(pub Arc<theme::Model>);

impl From<Arc<theme::Model>> for Theme {
    fn from(model: Arc<theme::Model>) -> Self {
        Self(model)
    }
}

impl From<theme::Model> for Theme {
    fn from(model: theme::Model) -> Self {
        Self(Arc::new(model))
    }
}

/// A theme (enjeu) under which the plan groups the regions' priorities, with its response.
#[Object(serial)]
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
    async fn priorities(&self, ctx: &Context<'_>) -> Vec<Priority> {
        objects(catalogue(ctx).priorities_of_theme(self.0.id))
    }

    /// Regions with at least one priority in this theme, by number.
    #[graphql(complexity = "18 * child_complexity")]
    async fn regions(&self, ctx: &Context<'_>) -> Vec<Region> {
        objects(catalogue(ctx).regions_of_theme(self.0.id))
    }

    /// Actions that answer this theme, by number.
    #[graphql(complexity = "6 * child_complexity")]
    async fn actions(&self, ctx: &Context<'_>) -> Vec<Action> {
        objects(catalogue(ctx).actions_of_theme(self.0.id))
    }
}
