//! `themes` and `theme`.

use async_graphql::{Context, Object, Result};
use sea_orm::DatabaseConnection;

use super::default_plan;
use crate::graphql::loader::{ThemesOfPlan, load_list};
use crate::graphql::object::{Theme, ThemeKey};
use crate::service;

#[derive(Default)]
pub struct ThemeQuery;

#[Object]
impl ThemeQuery {
    /// Themes of the default plan (the four enjeux of the shipped plan), in the plan's order;
    /// another plan's are under `plan(slug:) { themes }`.
    #[graphql(complexity = "4 * child_complexity")]
    async fn themes(&self, ctx: &Context<'_>) -> Result<Vec<Theme>> {
        let plan = default_plan(ctx.data_unchecked::<DatabaseConnection>()).await?;
        load_list::<ThemesOfPlan, _, _>(ctx, plan.id).await
    }

    /// The default plan's theme with this key (another plan's: `plan(slug:) { themes }`).
    async fn theme(&self, ctx: &Context<'_>, key: ThemeKey) -> Result<Option<Theme>> {
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let plan = default_plan(db).await?;
        let theme = service::theme::by_key(db, plan.id, key.into()).await?;
        Ok(theme.map(Theme))
    }
}
