//! Opaque global ids and the `Node` interface that `node`/`nodes` resolve.
//!
//! An id is the URL-safe base64 of "Kind:number". Clients must treat it as opaque; it is stable
//! because the shipped data is always loaded in the same order.

use async_graphql::{Context, ID, Interface};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::error::bad_input;
use super::loader::{
    self, ActionById, IndicatorById, PlanById, PriorityById, RegionById, ThemeById,
};
use super::object::{Action, Indicator, Plan, Priority, Region, Theme};

/// The kinds of entity a global id can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Plan,
    Region,
    Priority,
    Theme,
    Action,
    Indicator,
}

impl NodeKind {
    const ALL: [NodeKind; 6] = [
        Self::Plan,
        Self::Region,
        Self::Priority,
        Self::Theme,
        Self::Action,
        Self::Indicator,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::Plan => "Plan",
            Self::Region => "Region",
            Self::Priority => "Priority",
            Self::Theme => "Theme",
            Self::Action => "Action",
            Self::Indicator => "Indicator",
        }
    }
}

/// The global id of entity `id` of `kind`.
pub fn global_id(kind: NodeKind, id: i32) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{id}", kind.name())))
}

/// The kind and database id a global id names, or a `BAD_USER_INPUT` error if it is not one.
pub fn parse_global_id(id: &ID) -> async_graphql::Result<(NodeKind, i32)> {
    let malformed = || {
        bad_input(format!(
            "{:?} is not a territoires id: pass an `id` exactly as the API returned it",
            id.as_str()
        ))
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(id.as_bytes())
        .map_err(|_| malformed())?;
    let text = String::from_utf8(bytes).map_err(|_| malformed())?;
    let (kind, number) = text.split_once(':').ok_or_else(malformed)?;
    let kind = NodeKind::ALL
        .into_iter()
        .find(|candidate| candidate.name() == kind)
        .ok_or_else(malformed)?;
    let number = number.parse().map_err(|_| malformed())?;
    Ok((kind, number))
}

/// The id of `kind` that a global id names, or a `BAD_USER_INPUT` error naming the kind wanted.
pub fn parse_global_id_of(id: &ID, kind: NodeKind) -> async_graphql::Result<i32> {
    match parse_global_id(id)? {
        (found, number) if found == kind => Ok(number),
        (found, _) => Err(bad_input(format!(
            "{:?} is the id of a {}, where the id of a {} is expected",
            id.as_str(),
            found.name(),
            kind.name()
        ))),
    }
}

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
}

/// The entity a global id names, or `None` if it names nothing stored.
pub async fn resolve(ctx: &Context<'_>, id: &ID) -> async_graphql::Result<Option<Node>> {
    let (kind, key) = parse_global_id(id)?;
    Ok(match kind {
        NodeKind::Plan => loader::load_one::<PlanById>(ctx, key)
            .await?
            .map(|m| Node::Plan(m.into())),
        NodeKind::Region => loader::load_one::<RegionById>(ctx, key)
            .await?
            .map(|m| Node::Region(m.into())),
        NodeKind::Priority => loader::load_one::<PriorityById>(ctx, key)
            .await?
            .map(|m| Node::Priority(m.into())),
        NodeKind::Theme => loader::load_one::<ThemeById>(ctx, key)
            .await?
            .map(|m| Node::Theme(m.into())),
        NodeKind::Action => loader::load_one::<ActionById>(ctx, key)
            .await?
            .map(|m| Node::Action(m.into())),
        NodeKind::Indicator => loader::load_one::<IndicatorById>(ctx, key)
            .await?
            .map(|m| Node::Indicator(m.into())),
    })
}
