//! `IndicatorValueConnection`, its edges and `PageInfo`: Relay cursor pagination of history.

use async_graphql::{Context, Object, Result, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use entity::indicator_value;
use sea_orm::DatabaseConnection;

use super::IndicatorValue;
use crate::graphql::error::bad_input;
use crate::service::value::history::{self, HistoryFilter, Position};

/// The cursor of a value in history: where the next page starts.
pub fn encode_cursor(value: &indicator_value::Model) -> String {
    URL_SAFE_NO_PAD.encode(format!("value:{}:{}", value.as_of, value.id))
}

/// The position an `after` cursor names, or a `BAD_USER_INPUT` error.
pub fn decode_cursor(cursor: &str) -> Result<Position> {
    let malformed = || {
        bad_input(format!(
            "{cursor:?} is not a cursor of this list: pass an edge's `cursor` or `pageInfo.endCursor`"
        ))
    };
    let text = URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(malformed)?;
    let mut parts = text.splitn(3, ':');
    let (Some("value"), Some(as_of), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(malformed());
    };
    Ok(Position {
        as_of: NaiveDate::parse_from_str(as_of, "%Y-%m-%d").map_err(|_| malformed())?,
        id: id.parse().map_err(|_| malformed())?,
    })
}

/// A page of an indicator's history, newest first.
pub struct IndicatorValueConnection {
    pub filter: HistoryFilter,
    pub values: Vec<indicator_value::Model>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
}

/// A page of an indicator's history, newest first.
#[Object]
impl IndicatorValueConnection {
    /// The values of this page, each with its cursor.
    async fn edges(&self) -> Vec<IndicatorValueEdge> {
        self.values
            .iter()
            .map(|value| IndicatorValueEdge {
                cursor: encode_cursor(value),
                node: IndicatorValue(value.clone()),
            })
            .collect()
    }

    /// Where this page stands in the whole list.
    async fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
            start_cursor: self.values.first().map(encode_cursor),
            end_cursor: self.values.last().map(encode_cursor),
        }
    }

    /// How many values the whole list holds, over all pages.
    async fn total_count(&self, ctx: &Context<'_>) -> Result<i64> {
        let count =
            history::count(ctx.data_unchecked::<DatabaseConnection>(), &self.filter).await?;
        Ok(i64::try_from(count).unwrap_or(i64::MAX))
    }
}

/// A value and its cursor.
#[derive(SimpleObject)]
pub struct IndicatorValueEdge {
    /// Pass as `after` to get the values after this one.
    pub cursor: String,
    /// The value.
    pub node: IndicatorValue,
}

/// Where a page stands in its list.
#[derive(SimpleObject)]
pub struct PageInfo {
    /// Whether more values follow this page.
    pub has_next_page: bool,
    /// Whether values precede this page (true when `after` was given).
    pub has_previous_page: bool,
    /// Cursor of the first value of the page.
    pub start_cursor: Option<String>,
    /// Cursor of the last value of the page: pass it as `after` for the next page.
    pub end_cursor: Option<String>,
}
