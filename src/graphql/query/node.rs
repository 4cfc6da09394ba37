//! `node` and `nodes`.

use async_graphql::{Context, ID, Object, Result};

use crate::graphql::node::{self, Node};

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// The entity with this global id; null if none has it.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        node::resolve(ctx, &id).await
    }

    /// The entities with these global ids, in the same order; null for each id none has.
    #[graphql(complexity = "ids.len() * child_complexity")]
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> Result<Vec<Option<Node>>> {
        let lookups = ids.iter().map(|id| node::resolve(ctx, id));
        futures_util::future::try_join_all(lookups).await
    }
}
