//! `regions` and `region`.

use async_graphql::{Context, Object, Result};

use crate::graphql::catalogue::{catalogue, objects};
use crate::graphql::error::bad_input;
use crate::graphql::object::Region;

#[derive(Default)]
pub struct RegionQuery;

#[Object]
impl RegionQuery {
    /// The 18 regions of the government strategy, in the strategy's order (number 1 to 18).
    #[graphql(complexity = "18 * child_complexity")]
    async fn regions(&self, ctx: &Context<'_>) -> Vec<Region> {
        objects(catalogue(ctx).regions())
    }

    /// By number or by slug; exactly one of the two. Null when no region has it.
    async fn region(
        &self,
        ctx: &Context<'_>,
        number: Option<i32>,
        slug: Option<String>,
    ) -> Result<Option<Region>> {
        let catalogue = catalogue(ctx);
        let region = match (number, slug) {
            (Some(number), None) => catalogue.region_by_number(number),
            (None, Some(slug)) => catalogue.region_by_slug(&slug),
            _ => {
                return Err(bad_input(
                    "region takes exactly one of `number` (1 to 18) or `slug` (like \"bas-saint-laurent\")",
                ));
            }
        };
        Ok(region.cloned().map(Region))
    }
}
