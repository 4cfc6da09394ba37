//! `themes` and `theme`.

use async_graphql::{Context, Object, Result};

use super::default_plan;
use crate::graphql::catalogue::{catalogue, objects};
use crate::graphql::object::{Theme, ThemeKey};

#[derive(Default)]
pub struct ThemeQuery;

#[Object]
impl ThemeQuery {
    /// Themes of the default plan (the four enjeux of the shipped plan), in the plan's order;
    /// another plan's are under `plan(slug:) { themes }`.
    #[graphql(complexity = "4 * child_complexity")]
    async fn themes(&self, ctx: &Context<'_>) -> Result<Vec<Theme>> {
        let plan = default_plan(ctx)?;
        Ok(objects(catalogue(ctx).themes_of_plan(plan.id)))
    }

    /// The default plan's theme with this key (another plan's: `plan(slug:) { themes }`).
    async fn theme(&self, ctx: &Context<'_>, key: ThemeKey) -> Result<Option<Theme>> {
        let plan = default_plan(ctx)?;
        let theme = catalogue(ctx).theme_by_key(plan.id, key.into());
        Ok(theme.cloned().map(Theme))
    }
}
