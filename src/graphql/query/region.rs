//! `regions` and `region`.

use async_graphql::{Context, Object, Result};
use sea_orm::DatabaseConnection;

use crate::graphql::error::bad_input;
use crate::graphql::object::Region;
use crate::service;

#[derive(Default)]
pub struct RegionQuery;

#[Object]
impl RegionQuery {
    /// The 18 regions of the government strategy, in the strategy's order (number 1 to 18).
    #[graphql(complexity = "18 * child_complexity")]
    async fn regions(&self, ctx: &Context<'_>) -> Result<Vec<Region>> {
        let regions = service::region::all(ctx.data_unchecked::<DatabaseConnection>()).await?;
        Ok(regions.into_iter().map(Region).collect())
    }

    /// By number or by slug; exactly one of the two. Null when no region has it.
    async fn region(
        &self,
        ctx: &Context<'_>,
        number: Option<i32>,
        slug: Option<String>,
    ) -> Result<Option<Region>> {
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let region = match (number, slug) {
            (Some(number), None) => service::region::by_number(db, number).await,
            (None, Some(slug)) => service::region::by_slug(db, &slug).await,
            _ => {
                return Err(bad_input(
                    "region takes exactly one of `number` (1 to 18) or `slug` (like \"bas-saint-laurent\")",
                ));
            }
        };
        Ok(region?.map(Region))
    }
}
