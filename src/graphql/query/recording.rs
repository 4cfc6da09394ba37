//! `recordings`: the history of who recorded what, for admin tokens.

use async_graphql::{Context, ID, Object, Result};
use sea_orm::DatabaseConnection;

use crate::graphql::auth::require_admin;
use crate::graphql::error::bad_input;
use crate::graphql::global_id::{NodeKind, parse_global_id_of, small_key};
use crate::graphql::object::RecordingConnection;
use crate::graphql::object::connection::{DEFAULT_PAGE, MAX_PAGE, ValuePage, page_size};
use crate::graphql::object::recording::{decode_recording_cursor, encode_recording_cursor};
use crate::service::value::recordings::{self, RecordingFilter};

#[derive(Default)]
pub struct RecordingQuery;

#[Object]
impl RecordingQuery {
    /// Every value recorded, first revisions and corrections alike, newest first, each with
    /// who recorded it (`recordedBy`) and when (`recordedAt`): a Relay connection with
    /// `totalCount`. `first` is 20 by default and at most 100. `indicatorId` keeps one
    /// indicator's values; `recorderName` those a token recorded (revoked tokens too).
    ///
    /// Needs an admin token (`Authorization: Bearer <token>`): a reader's or an editor's gets
    /// FORBIDDEN, no token or an unknown or revoked one UNAUTHENTICATED, checked on every
    /// request; the rest of a query still answers.
    #[graphql(
        complexity = "i64::from(first.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE)) as usize * child_complexity"
    )]
    async fn recordings(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        indicator_id: Option<ID>,
        recorder_name: Option<String>,
    ) -> Result<Option<RecordingConnection>> {
        // Nullable, though it answers null only when refused: by the GraphQL specification
        // a refused non-null root field nulls the whole answer, the other fields' included.

        // Before anything else, so that no one else learns even which token names exist.
        require_admin(ctx).await?;
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_recording_cursor).transpose()?;
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let mut filter = RecordingFilter {
            indicator_id: indicator_id.as_ref().map(indicator_key).transpose()?,
            recorded_by: None,
        };
        if let Some(name) = recorder_name {
            filter = filter.recorded_by_name(db, &name).await?;
        }
        let read = recordings::page(db, &filter, after, first + 1).await?;
        Ok(Some(RecordingConnection {
            filter,
            page: ValuePage::new(read, first, after.is_some(), encode_recording_cursor),
        }))
    }
}

/// The indicator a global id names, or a `BAD_USER_INPUT` error.
fn indicator_key(id: &ID) -> Result<i32> {
    small_key(parse_global_id_of(id, NodeKind::Indicator)?)
        .ok_or_else(|| bad_input(format!("indicatorId: {:?} names no indicator", id.as_str())))
}
