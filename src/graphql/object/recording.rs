//! `RecordingConnection`: every value recorded, corrections included, newest first, with who
//! recorded it and when. Only an admin token reaches it (`Query.recordings`).

use async_graphql::{Context, Object, Result};
use entity::indicator_value;
use sea_orm::DatabaseConnection;

use super::connection::{ValuePage, cursor_text, opaque_cursor};
use super::{IndicatorValueEdge, PageInfo};
use crate::graphql::error::bad_input;
use crate::service::value::recordings::{self, RecordingFilter};

/// The cursor of a recording: the value's id, which follows the order of recording.
pub fn encode_recording_cursor(value: &indicator_value::Model) -> String {
    opaque_cursor(&format!("recording:{}", value.id))
}

/// The value id an `after` cursor of recordings names, or a `BAD_USER_INPUT` error.
pub fn decode_recording_cursor(cursor: &str) -> Result<i64> {
    cursor_text(cursor, "recording:")
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| {
            bad_input(format!(
                "{cursor:?} is not a cursor of recordings: pass an edge's `cursor` or `pageInfo.endCursor` of `recordings`"
            ))
        })
}

/// A page of every value recorded, newest first.
pub struct RecordingConnection {
    pub filter: RecordingFilter,
    pub page: ValuePage,
}

/// A page of every value recorded, first revisions and corrections alike, newest first. Each
/// value's `recordedBy` says who recorded it, `recordedAt` when, `supersedes` what it corrects.
#[Object]
impl RecordingConnection {
    /// The values of this page, each with its cursor.
    async fn edges(&self) -> Vec<IndicatorValueEdge> {
        self.page.edges()
    }

    /// Where this page stands in the whole list.
    async fn page_info(&self) -> PageInfo {
        self.page.page_info()
    }

    /// How many recordings the whole list holds, over all pages.
    async fn total_count(&self, ctx: &Context<'_>) -> Result<i64> {
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let count = recordings::count(db, &self.filter).await?;
        Ok(i64::try_from(count).unwrap_or(i64::MAX))
    }
}
