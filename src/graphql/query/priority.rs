//! `priorities`.

use async_graphql::{Context, Object, Result};
use sea_orm::DatabaseConnection;

use crate::graphql::input::PriorityFilter;
use crate::graphql::object::Priority;
use crate::service;

#[derive(Default)]
pub struct PriorityQuery;

#[Object]
impl PriorityQuery {
    /// Priorities targeted by the loaded plans, ordered by region number then priority number.
    #[graphql(complexity = "40 * child_complexity")]
    async fn priorities(
        &self,
        ctx: &Context<'_>,
        filter: Option<PriorityFilter>,
    ) -> Result<Vec<Priority>> {
        let search = filter.unwrap_or_default().into();
        let priorities =
            service::priority::search(ctx.data_unchecked::<DatabaseConnection>(), &search).await?;
        Ok(priorities.into_iter().map(Priority::from).collect())
    }
}
