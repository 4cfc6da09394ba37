//! Opaque global ids: what every object type's `id` is, and what `node`/`nodes` and the
//! inputs that name entities read.
//!
//! An id is the URL-safe base64 of "Kind:number". Clients must treat it as opaque; it is stable
//! because the shipped data is always loaded in the same order.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::error::bad_input;

/// The kinds of entity a global id can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Plan,
    Region,
    Priority,
    Theme,
    Action,
    Indicator,
    IndicatorValue,
}

impl NodeKind {
    const ALL: [NodeKind; 7] = [
        Self::Plan,
        Self::Region,
        Self::Priority,
        Self::Theme,
        Self::Action,
        Self::Indicator,
        Self::IndicatorValue,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::Plan => "Plan",
            Self::Region => "Region",
            Self::Priority => "Priority",
            Self::Theme => "Theme",
            Self::Action => "Action",
            Self::Indicator => "Indicator",
            Self::IndicatorValue => "IndicatorValue",
        }
    }
}

/// The global id of entity `id` of `kind`.
pub fn global_id(kind: NodeKind, id: impl Into<i64>) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{}", kind.name(), id.into())))
}

/// The kind and database id a global id names, or a `BAD_USER_INPUT` error if it is not one.
pub fn parse_global_id(id: &ID) -> async_graphql::Result<(NodeKind, i64)> {
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
pub fn parse_global_id_of(id: &ID, kind: NodeKind) -> async_graphql::Result<i64> {
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

/// The indicator a global id, as text, names, if it names one (files and command lines carry
/// ids as text).
pub fn indicator_key(text: &str) -> Option<i32> {
    parse_global_id_of(&ID(text.to_owned()), NodeKind::Indicator)
        .ok()
        .and_then(small_key)
}

/// The id of an entity with 32-bit keys: an id beyond them names nothing.
pub fn small_key(key: i64) -> Option<i32> {
    i32::try_from(key).ok()
}
