//! Relay cursor pagination of values: the size of a page, opaque cursors (events' too), a
//! page with its edges and `PageInfo` (an indicator's history and the history of
//! recordings), and `IndicatorValueConnection`, the pages of an indicator's history.

use async_graphql::{Context, Object, Result, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use entity::indicator_value;
use sea_orm::DatabaseConnection;

use super::IndicatorValue;
use crate::graphql::error::bad_input;
use crate::service::value::history::{self, HistoryFilter, Position};

/// Items per page when `first` is not given.
pub const DEFAULT_PAGE: i32 = 20;
/// The most items a page may hold.
pub const MAX_PAGE: i32 = 100;

/// How many items a page holds when a client asks for `first`, or a `BAD_USER_INPUT` error.
pub fn page_size(first: Option<i32>) -> Result<u64> {
    match first.unwrap_or(DEFAULT_PAGE) {
        first @ 0..=MAX_PAGE => Ok(u64::from(first.unsigned_abs())),
        other => Err(bad_input(format!(
            "first is {other}; it may be from 0 to {MAX_PAGE}"
        ))),
    }
}

/// A cursor: the URL-safe base64 of `text`, so that clients take it as it is.
pub fn opaque_cursor(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(text)
}

/// The text after `prefix` in `cursor`, if it is a cursor [`opaque_cursor`] made of a text
/// that starts with `prefix`.
pub fn cursor_text(cursor: &str, prefix: &str) -> Option<String> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
    text.strip_prefix(prefix).map(str::to_owned)
}

/// The cursor of a value in history: where the next page starts.
pub fn encode_cursor(value: &indicator_value::Model) -> String {
    opaque_cursor(&format!("value:{}:{}", value.as_of, value.id))
}

/// The position an `after` cursor names, or a `BAD_USER_INPUT` error.
pub fn decode_cursor(cursor: &str) -> Result<Position> {
    let malformed = || {
        bad_input(format!(
            "{cursor:?} is not a cursor of this list: pass an edge's `cursor` or `pageInfo.endCursor`"
        ))
    };
    let text = cursor_text(cursor, "value:").ok_or_else(malformed)?;
    let (as_of, id) = text.split_once(':').ok_or_else(malformed)?;
    Ok(Position {
        as_of: NaiveDate::parse_from_str(as_of, "%Y-%m-%d").map_err(|_| malformed())?,
        id: id.parse().map_err(|_| malformed())?,
    })
}

/// A page of values, and where it stands in its list.
pub struct ValuePage {
    values: Vec<indicator_value::Model>,
    has_next_page: bool,
    has_previous_page: bool,
    /// The cursor of a value in this page's list.
    cursor: fn(&indicator_value::Model) -> String,
}

impl ValuePage {
    /// The page of `size` values out of `read`, which was read with one more (`size + 1`) to
    /// learn whether more follow; `after` tells whether it starts after a cursor.
    pub fn new(
        mut read: Vec<indicator_value::Model>,
        size: u64,
        after: bool,
        cursor: fn(&indicator_value::Model) -> String,
    ) -> Self {
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        let has_next_page = read.len() > size;
        read.truncate(size);
        Self {
            values: read,
            has_next_page,
            has_previous_page: after,
            cursor,
        }
    }

    /// The values of this page, each with its cursor.
    pub fn edges(&self) -> Vec<IndicatorValueEdge> {
        self.values
            .iter()
            .map(|value| IndicatorValueEdge {
                value: value.clone(),
                cursor: self.cursor,
            })
            .collect()
    }

    /// Where this page stands in its list.
    pub fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
            start_cursor: self.values.first().map(self.cursor),
            end_cursor: self.values.last().map(self.cursor),
        }
    }
}

/// A page of an indicator's history, newest first.
pub struct IndicatorValueConnection {
    pub filter: HistoryFilter,
    pub page: ValuePage,
}

/// A page of an indicator's history, newest first.
#[Object]
impl IndicatorValueConnection {
    /// The values of this page, each with its cursor.
    async fn edges(&self) -> Vec<IndicatorValueEdge> {
        self.page.edges()
    }

    /// Where this page stands in the whole list.
    async fn page_info(&self) -> PageInfo {
        self.page.page_info()
    }

    /// How many values the whole list holds, over all pages.
    async fn total_count(&self, ctx: &Context<'_>) -> Result<i64> {
        let count =
            history::count(ctx.data_unchecked::<DatabaseConnection>(), &self.filter).await?;
        Ok(i64::try_from(count).unwrap_or(i64::MAX))
    }
}

/// A value and its cursor.
pub struct IndicatorValueEdge {
    value: indicator_value::Model,
    /// How this edge's list makes a cursor.
    cursor: fn(&indicator_value::Model) -> String,
}

/// A value and its cursor.
#[Object(serial)]
impl IndicatorValueEdge {
    /// Pass as `after` to get the values that follow this one in the list.
    async fn cursor(&self) -> String {
        // Made only when asked for: a page read for its values alone, as charts and tables
        // read them, spent 2% of its instructions on a hundred cursors (callgrind).
        (self.cursor)(&self.value)
    }

    /// The value.
    async fn node(&self) -> IndicatorValue {
        IndicatorValue(self.value.clone())
    }
}

/// Where a page stands in its list.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct PageInfo {
    /// Whether more items follow this page.
    pub has_next_page: bool,
    /// Whether items precede this page (true when `after` was given).
    pub has_previous_page: bool,
    /// Cursor of the first item of the page.
    pub start_cursor: Option<String>,
    /// Cursor of the last item of the page: pass it as `after` for the next page.
    pub end_cursor: Option<String>,
}
