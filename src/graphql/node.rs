//! The `Node` interface that `node`/`nodes` resolve from a global id.

use async_graphql::{Context, ID, Interface};

use super::global_id::{NodeKind, parse_global_id, small_key};
use super::loader::{
    ActionById, IndicatorById, IndicatorValueById, PlanById, PriorityById, RegionById, ThemeById,
    load_one,
};
use super::object::{Action, Indicator, IndicatorValue, Plan, Priority, Region, Theme};

/// Every entity has an opaque, globally unique, stable id that `Query.node` resolves.
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "Opaque, globally unique and stable id."
))]
pub enum Node {
    Plan(Plan),
    Region(Region),
    Priority(Priority),
    Theme(Theme),
    Action(Action),
    Indicator(Indicator),
    IndicatorValue(IndicatorValue),
}

/// The entity a global id names, or `None` if it names nothing stored.
pub async fn resolve(ctx: &Context<'_>, id: &ID) -> async_graphql::Result<Option<Node>> {
    let (kind, key) = parse_global_id(id)?;
    if kind == NodeKind::IndicatorValue {
        let value = load_one::<IndicatorValueById, _>(ctx, key).await?;
        return Ok(value.map(|model| Node::IndicatorValue(model.into())));
    }
    let Some(key) = small_key(key) else {
        return Ok(None);
    };
    Ok(match kind {
        NodeKind::Plan => load_one::<PlanById, _>(ctx, key)
            .await?
            .map(|m| Node::Plan(m.into())),
        NodeKind::Region => load_one::<RegionById, _>(ctx, key)
            .await?
            .map(|m| Node::Region(m.into())),
        NodeKind::Priority => load_one::<PriorityById, _>(ctx, key)
            .await?
            .map(|m| Node::Priority(m.into())),
        NodeKind::Theme => load_one::<ThemeById, _>(ctx, key)
            .await?
            .map(|m| Node::Theme(m.into())),
        NodeKind::Action => load_one::<ActionById, _>(ctx, key)
            .await?
            .map(|m| Node::Action(m.into())),
        NodeKind::Indicator => load_one::<IndicatorById, _>(ctx, key)
            .await?
            .map(|m| Node::Indicator(m.into())),
        NodeKind::IndicatorValue => None,
    })
}
