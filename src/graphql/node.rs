//! The `Node` interface that `node`/`nodes` resolve from a global id.

use async_graphql::{Context, ID, Interface};

use super::catalogue::catalogue;
use super::global_id::{NodeKind, parse_global_id, small_key};
use super::loader::{IndicatorValueById, load_one};
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
    let catalogue = catalogue(ctx);
    Ok(match kind {
        NodeKind::Plan => catalogue.plan(key).cloned().map(|m| Node::Plan(m.into())),
        NodeKind::Region => catalogue
            .region(key)
            .cloned()
            .map(|m| Node::Region(m.into())),
        NodeKind::Priority => catalogue
            .priority(key)
            .cloned()
            .map(|m| Node::Priority(m.into())),
        NodeKind::Theme => catalogue.theme(key).cloned().map(|m| Node::Theme(m.into())),
        NodeKind::Action => catalogue
            .action(key)
            .cloned()
            .map(|m| Node::Action(m.into())),
        NodeKind::Indicator => catalogue
            .indicator(key)
            .cloned()
            .map(|m| Node::Indicator(m.into())),
        NodeKind::IndicatorValue => None,
    })
}
